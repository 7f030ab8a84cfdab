/*
 * wal_page.c
 *     The generic page-change records (wal.h wal_page_*): per page either a full image or the
 *     byte ranges that differ from the image remembered at wal_page_add, and their redo.
 *
 * Record body: uint32 main_len, main data, uint8 npages, then per page a WalPagePart and
 * its data (a full image, or ranges encoded as uint16 offset, uint16 length, bytes).
 *
 * Invariants kept here (numbered as in this folder's README.md):
 *   5. A page gets a full image when it is new, all zero, or its LSN is at or before the
 *      redo point of the checkpoint current at insertion (torn-page protection), with
 *      full_page_writes on. Redo of a full image never reads the page from disk.
 *   6. Redo applies a page's part only if the page LSN is older than the record's end LSN,
 *      and then stamps that LSN; so replaying a record twice changes nothing.
 *   7. The page LSN and checksum bytes (the first 12) are never part of a delta.
 */
#include "oak/oak.h"

#include "oak/access/page.h"
#include "oak/utils/guc.h"
#include "wal_int.h"

enum { WAL_PART_FULL = 1, WAL_PART_DELTA = 2 };
enum { WAL_DELTA_SKIP = 12, WAL_DELTA_MERGE_GAP = 8 };

typedef struct WalPagePart {
    Oid db;
    Oid rel;
    BlockNo block;
    uint8_t kind; /* WAL_PART_* */
    uint8_t pad[3];
    uint32_t data_len;
} WalPagePart;

typedef struct WalPageSlot {
    BufId buf;
    bool is_new;
    _Alignas(8) uint8_t before[OAK_PAGE_SIZE]; /* read through PageHeader */
} WalPageSlot;

struct WalPageChange {
    bool in_use;
    Xid xid;
    int npages;
    WalPageSlot pages[WAL_MAX_PAGES_PER_RECORD];
};

/* One change at a time per process: static, so a change costs no allocation. */
static WalPageChange wal_change;
static _Alignas(
    8) uint8_t wal_body[sizeof(uint32_t) + 1024 + 1 +
                        WAL_MAX_PAGES_PER_RECORD * (sizeof(WalPagePart) + OAK_PAGE_SIZE)];

WalPageChange *
wal_page_begin(Xid xid)
{
    if (wal_change.in_use)
        elog_internal("page change already in progress");
    wal_change.in_use = true;
    wal_change.xid = xid;
    wal_change.npages = 0;
    return &wal_change;
}

static void
wal_page_add_slot(WalPageChange *ch, BufId buf, bool is_new)
{
    Assert(ch->in_use && buf_holds_exclusive(buf));
    if (ch->npages >= WAL_MAX_PAGES_PER_RECORD)
        elog_internal("too many pages in one WAL record");
    WalPageSlot *slot = &ch->pages[ch->npages++];
    slot->buf = buf;
    slot->is_new = is_new;
    memcpy(slot->before, buf_page(buf), OAK_PAGE_SIZE);
}

void
wal_page_add(WalPageChange *ch, BufId buf)
{
    wal_page_add_slot(ch, buf, false);
}

void
wal_page_add_new(WalPageChange *ch, BufId buf)
{
    wal_page_add_slot(ch, buf, true);
}

/* Encode the differing ranges of slot at out; returns bytes used, or 0 if a full image is
 * smaller. */
static uint32_t
wal_page_encode_delta(const WalPageSlot *slot, uint8_t *out)
{
    const uint8_t *before = slot->before;
    const uint8_t *after = buf_page(slot->buf);
    uint32_t used = 0;
    int off = WAL_DELTA_SKIP;

    while (off < OAK_PAGE_SIZE) {
        /* Skip equal stretches a word at a time: most of a page is unchanged. */
        if ((off & 7) == 0) {
            while (off + 8 <= OAK_PAGE_SIZE) {
                uint64_t a;
                uint64_t b;
                memcpy(&a, before + off, 8);
                memcpy(&b, after + off, 8);
                if (a != b)
                    break;
                off += 8;
            }
            if (off >= OAK_PAGE_SIZE)
                break;
        }
        if (before[off] == after[off]) {
            off++;
            continue;
        }
        int start = off;
        int end = off + 1; /* exclusive end of the range */
        int scan = end;
        while (scan < OAK_PAGE_SIZE && scan - end < WAL_DELTA_MERGE_GAP) {
            if (before[scan] != after[scan])
                end = scan + 1;
            scan++;
        }
        uint16_t hdr[2] = {(uint16_t)start, (uint16_t)(end - start)};
        if (used + sizeof hdr + (uint32_t)(end - start) > OAK_PAGE_SIZE / 2)
            return 0;
        memcpy(out + used, hdr, sizeof hdr);
        memcpy(out + used + sizeof hdr, after + start, (size_t)(end - start));
        used += (uint32_t)sizeof hdr + (uint32_t)(end - start);
        off = end;
    }
    return used;
}

static bool
wal_page_needs_image(const WalPageSlot *slot, Lsn redo)
{
    if (slot->is_new || page_is_new(slot->before))
        return true;
    return oak_settings.full_page_writes && page_get_lsn(slot->before) <= redo;
}

static uint32_t
wal_page_build(WalPageChange *ch, const void *main, uint32_t main_len, Lsn redo)
{
    uint32_t used = 0;

    memcpy(wal_body, &main_len, sizeof main_len);
    used += sizeof main_len;
    if (main_len > 0)
        memcpy(wal_body + used, main, main_len);
    used += main_len;
    wal_body[used++] = (uint8_t)ch->npages;
    for (int i = 0; i < ch->npages; i++) {
        WalPageSlot *slot = &ch->pages[i];
        RelFile rf = buf_relfile(slot->buf);
        WalPagePart part = {.db = rf.db, .rel = rf.rel, .block = buf_block(slot->buf)};
        uint8_t *data = wal_body + used + sizeof part;
        uint32_t n = wal_page_needs_image(slot, redo) ? 0 : wal_page_encode_delta(slot, data);
        if (n == 0 && !wal_page_needs_image(slot, redo) &&
            memcmp(slot->before, buf_page(slot->buf), OAK_PAGE_SIZE) == 0) {
            part.kind = WAL_PART_DELTA; /* unchanged page: an empty delta still stamps it */
        } else if (n == 0) {
            part.kind = WAL_PART_FULL;
            wal_count_fpi();
            memcpy(data, buf_page(slot->buf), OAK_PAGE_SIZE);
            n = OAK_PAGE_SIZE;
        } else {
            part.kind = WAL_PART_DELTA;
        }
        part.data_len = n;
        memcpy(wal_body + used, &part, sizeof part);
        used += (uint32_t)sizeof part + n;
    }
    return used;
}

Lsn
wal_page_finish_record(
    WalPageChange *ch, uint8_t rmgr, uint8_t info, const void *main, uint32_t main_len)
{
    Lsn lsn;

    Assert(ch == &wal_change && ch->in_use);
    if (main_len > 1024)
        elog_internal("WAL main data too long");
    for (int i = 0; i < ch->npages; i++)
        buf_mark_dirty(ch->pages[i].buf); /* before the insert: see STYLE.md "WAL discipline" */
    do {
        Lsn redo = wal_redo_lsn();
        uint32_t len = wal_page_build(ch, main, main_len, redo);
        lsn = wal_insert_checked(rmgr, info, ch->xid, wal_body, len, redo);
    } while (lsn == INVALID_LSN); /* a checkpoint moved the redo point: decide again */
    for (int i = 0; i < ch->npages; i++)
        page_set_lsn(buf_page(ch->pages[i].buf), lsn);
    ch->in_use = false;
    return lsn;
}

Lsn
wal_page_finish(WalPageChange *ch)
{
    return wal_page_finish_record(ch, RM_PAGE, 0, NULL, 0);
}

void
wal_abort_cleanup(void)
{
    wal_change.in_use = false;
}

const uint8_t *
wal_page_main_data(const uint8_t *body, uint32_t len, uint32_t *main_len)
{
    uint32_t n;

    if (len < sizeof n)
        ereport(FATAL, err_code(SQLSTATE_DATA_CORRUPTED), err_msg("truncated page WAL record"));
    memcpy(&n, body, sizeof n);
    if (n > len - sizeof n)
        ereport(FATAL, err_code(SQLSTATE_DATA_CORRUPTED), err_msg("truncated page WAL record"));
    *main_len = n;
    return body + sizeof n;
}

static void
wal_redo_apply_delta(uint8_t *page, const uint8_t *data, uint32_t len)
{
    uint32_t pos = 0;

    while (pos + 4 <= len) {
        uint16_t hdr[2];
        memcpy(hdr, data + pos, sizeof hdr);
        pos += sizeof hdr;
        if (hdr[0] < WAL_DELTA_SKIP || (uint32_t)hdr[0] + hdr[1] > OAK_PAGE_SIZE ||
            pos + hdr[1] > len)
            ereport(FATAL, err_code(SQLSTATE_DATA_CORRUPTED), err_msg("bad page delta in WAL"));
        memcpy(page + hdr[0], data + pos, hdr[1]);
        pos += hdr[1];
    }
}

/* Redo the page parts of a record built by wal_page_finish_record (invariants 5, 6). */
void
wal_redo_pages(const uint8_t *body, uint32_t len, Lsn end_lsn)
{
    uint32_t main_len;
    const uint8_t *p = wal_page_main_data(body, len, &main_len) + main_len;
    const uint8_t *stop = body + len;

    if (p >= stop)
        ereport(FATAL, err_code(SQLSTATE_DATA_CORRUPTED), err_msg("truncated page WAL record"));
    int npages = *p++;
    for (int i = 0; i < npages; i++) {
        WalPagePart part;
        if ((size_t)(stop - p) < sizeof part)
            ereport(FATAL, err_code(SQLSTATE_DATA_CORRUPTED), err_msg("truncated page WAL record"));
        memcpy(&part, p, sizeof part);
        p += sizeof part;
        if ((size_t)(stop - p) < part.data_len ||
            (part.kind == WAL_PART_FULL && part.data_len != OAK_PAGE_SIZE))
            ereport(FATAL, err_code(SQLSTATE_DATA_CORRUPTED), err_msg("truncated page WAL record"));
        RelFile rf = {part.db, part.rel};
        BufId buf = buf_read_for_redo(rf, part.block, part.kind == WAL_PART_FULL);
        buf_lock(buf, BUF_EXCLUSIVE);
        uint8_t *page = buf_page(buf);
        if (page_get_lsn(page) < end_lsn) {
            if (part.kind == WAL_PART_FULL)
                memcpy(page, p, OAK_PAGE_SIZE);
            else
                wal_redo_apply_delta(page, p, part.data_len);
            page_set_lsn(page, end_lsn);
            buf_mark_dirty(buf);
        }
        buf_unlock(buf);
        buf_release(buf);
        p += part.data_len;
    }
}
