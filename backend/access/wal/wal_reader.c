/*
 * wal_reader.c
 *     Sequential reading of WAL records (wal.h WalReader) for recovery. The end of valid WAL
 *     is the first record that cannot be read whole and intact: missing segment, short read,
 *     zero or impossible length, CRC mismatch, or a prev link not naming the record before.
 *     Reaching it is not an error; it is where the log ends.
 */
#include "oak/oak.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "oak/access/page.h"
#include "oak/storage/smgr.h"
#include "wal_int.h"

void
wal_reader_init(WalReader *r, Lsn start)
{
    memset(r, 0, sizeof *r);
    r->pos = start;
    r->fd = -1;
    r->check_prev = false;
}

void
wal_reader_close(WalReader *r)
{
    if (r->fd >= 0)
        (void)close(r->fd); /* read-only */
    r->fd = -1;
    if (r->rec != NULL)
        mcx_free(r->rec);
    r->rec = NULL;
    r->rec_cap = 0;
}

/* Read len bytes at pos, across segments; false if any byte is missing. */
static bool
wal_reader_bytes(WalReader *r, Lsn pos, uint8_t *out, size_t len)
{
    while (len > 0) {
        uint64_t segno = pos / WAL_SEG_SIZE;
        size_t off = pos % WAL_SEG_SIZE;
        size_t n = len < WAL_SEG_SIZE - off ? len : WAL_SEG_SIZE - off;
        if (r->fd < 0 || r->segno != segno) {
            char path[64];
            if (r->fd >= 0)
                (void)close(r->fd); /* read-only */
            wal_segment_path(segno, path, sizeof path);
            char *abs = smgr_abs_path(path);
            r->fd = open(abs, O_RDONLY | O_CLOEXEC);
            mcx_free(abs);
            r->segno = segno;
            if (r->fd < 0)
                return false;
        }
        ssize_t got = pread(r->fd, out, n, (off_t)off);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            return false;
        out += got;
        pos += (Lsn)got;
        len -= (size_t)got;
    }
    return true;
}

bool
wal_reader_next(WalReader *r, const WalRecordHeader **hdr_out, const uint8_t **body, Lsn *end_lsn)
{
    WalRecordHeader hdr;

    if (!wal_reader_bytes(r, r->pos, (uint8_t *)&hdr, sizeof hdr))
        return false;
    if (hdr.total_len < sizeof hdr || hdr.total_len - sizeof hdr > WAL_MAX_RECORD ||
        hdr.rmgr >= RM_COUNT)
        return false;
    if (r->check_prev && hdr.prev != r->prev)
        return false;
    if (r->rec_cap < hdr.total_len) {
        if (r->rec != NULL)
            mcx_free(r->rec);
        r->rec = mcx_alloc_in(mcx_top, hdr.total_len);
        r->rec_cap = hdr.total_len;
    }
    memcpy(r->rec, &hdr, sizeof hdr);
    uint32_t body_len = hdr.total_len - (uint32_t)sizeof hdr;
    if (!wal_reader_bytes(r, r->pos + sizeof hdr, r->rec + sizeof hdr, body_len))
        return false;
    WalRecordHeader *h = (WalRecordHeader *)r->rec;
    uint32_t stored = h->crc;
    h->crc = 0;
    uint32_t crc = crc32c_update(0, h, sizeof *h);
    crc = crc32c_update(crc, r->rec + sizeof hdr, body_len);
    h->crc = stored;
    if (crc != stored)
        return false;

    *hdr_out = h;
    *body = r->rec + sizeof hdr;
    r->prev = r->pos;
    r->check_prev = true;
    r->pos += OAK_MAXALIGN(hdr.total_len);
    *end_lsn = r->pos;
    return true;
}
