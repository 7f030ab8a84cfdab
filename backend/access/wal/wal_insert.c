/*
 * wal_insert.c
 *     WAL insertion and flushing (wal.h): one insertion lock reserves space and copies the
 *     record into a ring of wal_buffers bytes in shared memory; wal_flush writes the ring out
 *     to 16 MiB segment files and fdatasyncs them, one flusher at a time so that concurrent
 *     committers share one fsync (group commit).
 *
 * Invariants kept here (numbered as in this folder's README.md):
 *   1. Records start 8-byte aligned and are contiguous: the end of one is the start of the
 *      next, so the redo point (an insert position) is always the start of a record.
 *   2. The ring holds positions [written_pos, insert_pos); an inserter needing room writes
 *      the oldest bytes out first (insert_lock -> write_lock), never overwriting unwritten WAL.
 *   3. flushed_pos <= written_pos <= insert_pub <= insert_pos; everything below flushed_pos
 *      is durable (when fsync is on).
 *   4. The full-page-image decision of a record is made against the redo point that is
 *      current when the record is inserted (wal_insert_checked re-checks under the lock).
 *
 * Not here: the page-delta records (wal_page.c), reading (wal_reader.c), recovery.
 */
#include "oak/oak.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "oak/access/page.h"
#include "oak/storage/shmem.h"
#include "oak/storage/smgr.h"
#include "oak/utils/guc.h"
#include "wal_int.h"

WalShared *wal_shared;

static Xid wal_my_last_xid;         /* this process's last logged xid */
static uint64_t wal_my_xid_records; /* records this process logged with a valid xid */

enum { WAL_MIN_RING = 1024 * 1024 };

static size_t
wal_ring_size(void)
{
    size_t n = oak_settings.wal_buffers < WAL_MIN_RING ? WAL_MIN_RING : oak_settings.wal_buffers;
    return (n + 8191) & ~(size_t)8191;
}

size_t
wal_shmem_size(void)
{
    return OAK_MAXALIGN(sizeof(WalShared)) + wal_ring_size();
}

void
wal_shmem_init(uint8_t *mem)
{
    wal_shared = (WalShared *)mem;
    memset(wal_shared, 0, sizeof *wal_shared);
    lw_init(&wal_shared->insert_lock);
    lw_init(&wal_shared->write_lock);
    lw_init(&wal_shared->ckpt_lock);
    spin_init(&wal_shared->dbcreate_lock);
    wal_shared->ring_size = wal_ring_size();
    wal_shared->ring = mem + OAK_MAXALIGN(sizeof(WalShared));
    atomic_store(&wal_shared->in_recovery, false);
    wal_my_last_xid = INVALID_XID;
}

void
wal_segment_path(uint64_t segno, char *out, size_t outlen)
{
    const uint64_t per_id = 0x100000000ull / WAL_SEG_SIZE;
    snprintf(out,
             outlen,
             "wal/%08X%08X%08X",
             (unsigned)WAL_TIMELINE,
             (unsigned)(segno / per_id),
             (unsigned)(segno % per_id));
}

/* Set the insert position after recovery or cluster creation (nothing in the ring). */
void
wal_set_position(Lsn end, Lsn prev_start)
{
    wal_shared->insert_pos = end;
    wal_shared->prev_start = prev_start;
    atomic_store(&wal_shared->insert_pub, end);
    atomic_store(&wal_shared->written_pos, end);
    atomic_store(&wal_shared->flushed_pos, end);
}

/* ---- segment files (this process's write fd) ---- */

static int wal_fd = -1;
static uint64_t wal_fd_segno;

static void
wal_close_fd(void)
{
    if (wal_fd >= 0)
        (void)close(wal_fd); /* everything written is flushed separately before it matters */
    wal_fd = -1;
}

static int
wal_open_segment(uint64_t segno)
{
    char path[64];

    if (wal_fd >= 0 && wal_fd_segno == segno)
        return wal_fd;
    wal_close_fd();
    wal_segment_path(segno, path, sizeof path);
    char *abs = smgr_abs_path(path);
    int fd = open(abs, O_RDWR | O_CLOEXEC);
    if (fd < 0 && errno == ENOENT) {
        fd = open(abs, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (fd >= 0 && ftruncate(fd, WAL_SEG_SIZE) != 0) {
            int save = errno;
            (void)close(fd); /* PANIC below */
            errno = save;
            fd = -1;
        }
        if (fd >= 0)
            smgr_fsync_dir("wal"); /* the new name must survive a crash */
    }
    if (fd < 0)
        ereport(PANIC,
                err_code(SQLSTATE_IO_ERROR),
                err_msg("could not open file \"%s\": %s", abs, strerror(errno)));
    mcx_free(abs);
    wal_fd = fd;
    wal_fd_segno = segno;
    return fd;
}

/* Write the ring out up to target. Caller holds write_lock. Failure is PANIC. */
static void
wal_write_upto(Lsn target)
{
    Lsn pos = atomic_load(&wal_shared->written_pos);
    const size_t ring = wal_shared->ring_size;

    while (pos < target) {
        uint64_t segno = pos / WAL_SEG_SIZE;
        size_t seg_off = pos % WAL_SEG_SIZE;
        size_t ring_off = pos % ring;
        size_t n = target - pos;
        if (n > WAL_SEG_SIZE - seg_off)
            n = WAL_SEG_SIZE - seg_off;
        if (n > ring - ring_off)
            n = ring - ring_off;
        int fd = wal_open_segment(segno);
        atomic_fetch_add_explicit(&wal_shared->write_count, 1, memory_order_relaxed);
        ssize_t w = pwrite(fd, wal_shared->ring + ring_off, n, (off_t)seg_off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            ereport(PANIC,
                    err_code(SQLSTATE_IO_ERROR),
                    err_msg("could not write to WAL segment %llX at offset %zu: %s",
                            (unsigned long long)segno,
                            seg_off,
                            w == 0 ? "No space left on device" : strerror(errno)));
        pos += (Lsn)w;
    }
    atomic_store(&wal_shared->written_pos, pos);
}

/* fdatasync every segment holding bytes in [from, to). Caller holds write_lock. */
static void
wal_sync_range(Lsn from, Lsn to)
{
    if (!oak_settings.fsync || to <= from)
        return;
    for (uint64_t segno = from / WAL_SEG_SIZE; segno <= (to - 1) / WAL_SEG_SIZE; segno++) {
        int fd = wal_open_segment(segno);
        if (fdatasync(fd) != 0)
            ereport(PANIC,
                    err_code(SQLSTATE_IO_ERROR),
                    err_msg("could not fdatasync WAL segment %llX: %s",
                            (unsigned long long)segno,
                            strerror(errno)));
    }
    atomic_fetch_add(&wal_shared->fsync_count, 1);
}

/*
 * Flush WAL to at least lsn. The first caller to get write_lock writes and syncs everything
 * inserted so far; callers queued behind it find their LSN flushed and return (group commit).
 */
void
wal_flush(Lsn lsn)
{
    if (atomic_load(&wal_shared->in_recovery))
        return; /* replayed WAL is on disk already */
    if (lsn <= atomic_load(&wal_shared->flushed_pos))
        return;
    lw_acquire(&wal_shared->write_lock, LW_EXCLUSIVE);
    Lsn flushed = atomic_load(&wal_shared->flushed_pos);
    if (lsn > flushed) {
        Lsn target = atomic_load_explicit(&wal_shared->insert_pub, memory_order_acquire);
        wal_write_upto(target);
        wal_sync_range(flushed, target);
        atomic_store(&wal_shared->flushed_pos, target);
    }
    lw_release(&wal_shared->write_lock);
}

Lsn
wal_insert_lsn(void)
{
    return atomic_load(&wal_shared->insert_pub);
}

Lsn
wal_flushed_lsn(void)
{
    return atomic_load(&wal_shared->flushed_pos);
}

Lsn
wal_redo_lsn(void)
{
    return atomic_load(&wal_shared->redo_lsn);
}

void
wal_stats(WalStats *out)
{
    out->records = atomic_load_explicit(&wal_shared->record_count, memory_order_relaxed);
    out->fpi = atomic_load_explicit(&wal_shared->fpi_count, memory_order_relaxed);
    out->bytes = atomic_load_explicit(&wal_shared->byte_count, memory_order_relaxed);
    out->buffers_full = atomic_load_explicit(&wal_shared->buffers_full_count, memory_order_relaxed);
    out->writes = atomic_load_explicit(&wal_shared->write_count, memory_order_relaxed);
    out->syncs = atomic_load_explicit(&wal_shared->fsync_count, memory_order_relaxed);
}

void
wal_count_fpi(void)
{
    atomic_fetch_add_explicit(&wal_shared->fpi_count, 1, memory_order_relaxed);
}

uint64_t
wal_fsync_count(void)
{
    return atomic_load(&wal_shared->fsync_count);
}

bool
wal_in_recovery(void)
{
    return atomic_load(&wal_shared->in_recovery);
}

Xid
wal_last_xid_logged(void)
{
    return wal_my_last_xid;
}

uint64_t
wal_xid_records_logged(void)
{
    return wal_my_xid_records;
}

static void
wal_ring_copy(Lsn pos, const void *data, size_t len)
{
    const size_t ring = wal_shared->ring_size;
    size_t off = pos % ring;
    size_t first = len < ring - off ? len : ring - off;

    memcpy(wal_shared->ring + off, data, first);
    if (first < len)
        memcpy(wal_shared->ring, (const uint8_t *)data + first, len - first);
}

/*
 * Insert a record unless the redo point moved away from redo_seen (invariant 4; pass
 * INVALID_LSN to skip the check). Returns the record's end LSN, or INVALID_LSN to rebuild.
 */
Lsn
wal_insert_checked(
    uint8_t rmgr, uint8_t info, Xid xid, const void *body, uint32_t len, Lsn redo_seen)
{
    static const uint8_t zeros[8];
    WalRecordHeader hdr = {.xid = xid, .rmgr = rmgr, .info = info};
    const uint32_t total = (uint32_t)sizeof hdr + len;
    const size_t padded = OAK_MAXALIGN(total);

    if (len > WAL_MAX_RECORD || padded > wal_shared->ring_size / 2)
        ereport(ERROR,
                err_code(SQLSTATE_PROGRAM_LIMIT_EXCEEDED),
                err_msg("WAL record of %u bytes is too large", total));
    if (wal_in_recovery())
        elog_internal("cannot write WAL during recovery");
    if (atomic_load(&wal_shared->insert_pub) == INVALID_LSN)
        elog_internal("WAL is not started: call storage_startup_recovery() after shm_create()");
    hdr.total_len = total;

    lw_acquire(&wal_shared->insert_lock, LW_EXCLUSIVE);
    if (redo_seen != INVALID_LSN && atomic_load(&wal_shared->redo_lsn) != redo_seen) {
        lw_release(&wal_shared->insert_lock);
        return INVALID_LSN;
    }
    Lsn start = wal_shared->insert_pos;
    Lsn end = start + padded;
    atomic_fetch_add_explicit(&wal_shared->record_count, 1, memory_order_relaxed);
    atomic_fetch_add_explicit(&wal_shared->byte_count, padded, memory_order_relaxed);
    if (end - atomic_load(&wal_shared->written_pos) > wal_shared->ring_size) {
        atomic_fetch_add_explicit(&wal_shared->buffers_full_count, 1, memory_order_relaxed);
        lw_acquire(&wal_shared->write_lock, LW_EXCLUSIVE); /* invariant 2 */
        wal_write_upto(start);
        lw_release(&wal_shared->write_lock);
    }
    hdr.prev = wal_shared->prev_start;
    uint32_t crc = crc32c_update(0, &hdr, sizeof hdr);
    hdr.crc = crc32c_update(crc, body, len);
    wal_ring_copy(start, &hdr, sizeof hdr);
    wal_ring_copy(start + sizeof hdr, body, len);
    wal_ring_copy(start + total, zeros, padded - total);
    wal_shared->prev_start = start;
    wal_shared->insert_pos = end;
    atomic_store_explicit(&wal_shared->insert_pub, end, memory_order_release);
    lw_release(&wal_shared->insert_lock);
    if (xid != INVALID_XID) {
        wal_my_last_xid = xid;
        wal_my_xid_records++;
    }
    return end;
}

Lsn
wal_insert_record(uint8_t rmgr, uint8_t info, Xid xid, const void *body, uint32_t len)
{
    return wal_insert_checked(rmgr, info, xid, body, len, INVALID_LSN);
}

Lsn
wal_begin_checkpoint(void)
{
    lw_acquire(&wal_shared->insert_lock, LW_EXCLUSIVE);
    Lsn redo = wal_shared->insert_pos;
    atomic_store(&wal_shared->redo_lsn, redo);
    lw_release(&wal_shared->insert_lock);
    wal_relog_database_creates(); /* invariant 14: replay from redo must see them */
    return redo;
}

/*
 * After recovery: whatever follows the end of valid WAL is stale (a torn tail, or records
 * of a segment created before the crash); zero the rest of its segment and remove later
 * ones, so the records written next can never run into old ones that look valid.
 */
void
wal_truncate_tail(Lsn end)
{
    char path[64];
    uint64_t segno = end / WAL_SEG_SIZE;

    wal_close_fd();
    wal_segment_path(segno, path, sizeof path);
    char *abs = smgr_abs_path(path);
    int fd = open(abs, O_RDWR | O_CLOEXEC);
    if (fd >= 0) {
        if (ftruncate(fd, (off_t)(end % WAL_SEG_SIZE)) != 0 || ftruncate(fd, WAL_SEG_SIZE) != 0 ||
            (oak_settings.fsync && fsync(fd) != 0))
            ereport(FATAL,
                    err_code(SQLSTATE_IO_ERROR),
                    err_msg("could not truncate WAL segment \"%s\": %s", abs, strerror(errno)));
        (void)close(fd); /* synced above */
    }
    mcx_free(abs);
    for (uint64_t s = segno + 1;; s++) {
        wal_segment_path(s, path, sizeof path);
        abs = smgr_abs_path(path);
        int rc = unlink(abs);
        mcx_free(abs);
        if (rc != 0)
            break;
    }
    smgr_fsync_dir("wal");
}

/* Remove segments wholly before the redo point; they are never read again. */
void
wal_remove_old_segments(Lsn redo)
{
    char *dir = smgr_abs_path("wal");
    DIR *d = opendir(dir);
    struct dirent *de;
    uint64_t redo_seg = redo / WAL_SEG_SIZE;
    const uint64_t per_id = 0x100000000ull / WAL_SEG_SIZE;

    if (d == NULL) {
        ereport(WARNING,
                err_code(SQLSTATE_IO_ERROR),
                err_msg("could not open directory \"%s\": %s", dir, strerror(errno)));
        return;
    }
    while ((de = readdir(d)) != NULL) {
        unsigned tli;
        unsigned hi;
        unsigned lo;
        if (strlen(de->d_name) != 24 || sscanf(de->d_name, "%8X%8X%8X", &tli, &hi, &lo) != 3)
            continue;
        uint64_t segno = (uint64_t)hi * per_id + lo;
        if (segno >= redo_seg)
            continue;
        char *abs = mcx_printf("%s/%s", dir, de->d_name);
        if (unlink(abs) != 0 && errno != ENOENT)
            ereport(WARNING,
                    err_code(SQLSTATE_IO_ERROR),
                    err_msg("could not remove file \"%s\": %s", abs, strerror(errno)));
        mcx_free(abs);
    }
    (void)closedir(d); /* read-only */
    mcx_free(dir);
    if (wal_fd >= 0 && wal_fd_segno < redo_seg)
        wal_close_fd();
}
