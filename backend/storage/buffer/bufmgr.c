/*
 * bufmgr.c
 *     The shared buffer pool (bufmgr.h): a chained hash from (RelFile, block) to buffer with
 *     partitioned locks, pins, usage counts with clock-sweep eviction, one reader per page,
 *     checksums verified on read and set on write, the WAL rule on write.
 *
 * Invariants kept here (numbered as in this folder's README.md):
 *   1. A buffer's tag changes only while its retagger is its only pinner and holds the
 *      mapping partition locks of the old and the new tag; so a pinned buffer keeps its tag.
 *   2. BUF_VALID is set only after the page was read and verified (or zeroed); a failed read
 *      leaves the buffer mapped but not valid, and the next reader tries again.
 *   3. A buffer is written under its content lock held shared: nobody changes the page
 *      during the write, and BUF_DIRTY is cleared only after the write (and the fsync
 *      registration, smgr.c invariant 1) succeeded.
 *   4. WAL rule: a page is written only after wal_flush(page LSN).
 *   6. BUF_CKPT is set only on a dirty buffer and cleared with BUF_DIRTY, so a checkpoint
 *      that finds no BUF_CKPT left has every page dirty at its start on disk.
 *
 * Not here: file I/O (storage/file/smgr.c), page layout and checksums (access/common/page.c).
 */
#include "oak/oak.h"

#include <stdatomic.h>

#include "oak/access/page.h"
#include "oak/access/wal.h"
#include "oak/storage/bufmgr.h"
#include "oak/storage/lwlock.h"
#include "oak/storage/shmem.h"
#include "oak/storage/smgr.h"
#include "oak/utils/fault.h"
#include "oak/utils/guc.h"

enum {
    BUF_TAG_VALID = 1, /* tag names a page; the buffer is in the hash */
    BUF_VALID = 2,     /* page bytes are the page's */
    BUF_DIRTY = 4,     /* changed since last written */
    BUF_IO_BUSY = 8,   /* a process is reading the page in (holds io_lock exclusive) */
    BUF_CKPT = 16,     /* dirty at the running checkpoint's start: it must write the page */
};

enum { BUF_PARTITIONS = 16, BUF_MAX_USAGE = 5, BUF_MIN_BUFFERS = 16 };

typedef struct BufTag {
    RelFile rf;
    BlockNo block;
} BufTag;

/*
 * One slot of the pool. Lock order: mapping partition lock -> hdr_lock. hdr_lock is a
 * spinlock, never held across anything that can sleep or fail. content_lock guards the
 * page bytes and is taken only under a pin.
 */
typedef struct BufDesc {
    BufTag tag;     /* invariant 1; read under the partition lock or a pin */
    uint32_t flags; /* BUF_*; hdr_lock */
    uint32_t pins;  /* processes' pins, summed; hdr_lock */
    uint32_t usage; /* clock-sweep count, at most BUF_MAX_USAGE; hdr_lock */
    int hash_next;  /* next buffer in the hash chain; partition lock of its bucket */
    SpinLock hdr_lock;
    LwLock content_lock;
    LwLock io_lock; /* held exclusive by the reader while BUF_IO_BUSY */
} BufDesc;

typedef struct BufShared {
    int nbuffers;      /* written once at shm_create */
    uint32_t nbuckets; /* power of two; written once */
    atomic_uint clock_hand;
    LwLock partition_lock[BUF_PARTITIONS]; /* bucket b is guarded by b % BUF_PARTITIONS */
} BufShared;

static BufShared *buf_shared;
static BufDesc *buf_descs;
static int *buf_buckets; /* head buffer of each chain, -1 if empty */
static uint8_t *buf_pages;

/* This process's pins and latches, for buf_release_all. Written by this process only. */
static uint32_t *buf_my_pins;
static uint8_t *buf_my_lock;
static int buf_my_n;
static BufId buf_my_io = INVALID_BUF; /* buffer this process is reading in */

static int
buf_count(void)
{
    size_t n = oak_settings.shared_buffers / OAK_PAGE_SIZE;
    return n < BUF_MIN_BUFFERS ? BUF_MIN_BUFFERS : (int)n;
}

static uint32_t
buf_bucket_count(int nbuffers)
{
    uint32_t n = 1;
    while (n < (uint32_t)nbuffers * 2)
        n <<= 1;
    return n;
}

size_t
buf_shmem_size(void)
{
    int n = buf_count();
    size_t head = OAK_MAXALIGN(sizeof(BufShared)) + OAK_MAXALIGN((size_t)n * sizeof(BufDesc)) +
                  OAK_MAXALIGN(buf_bucket_count(n) * sizeof(int));
    return ((head + 8191) & ~(size_t)8191) + (size_t)n * OAK_PAGE_SIZE;
}

void
buf_shmem_init(uint8_t *mem)
{
    int n = buf_count();
    size_t off = OAK_MAXALIGN(sizeof(BufShared));

    buf_shared = (BufShared *)mem;
    buf_shared->nbuffers = n;
    buf_shared->nbuckets = buf_bucket_count(n);
    atomic_store(&buf_shared->clock_hand, 0);
    for (int i = 0; i < BUF_PARTITIONS; i++)
        lw_init(&buf_shared->partition_lock[i]);
    buf_descs = (BufDesc *)(mem + off);
    off += OAK_MAXALIGN((size_t)n * sizeof(BufDesc));
    buf_buckets = (int *)(mem + off);
    off += OAK_MAXALIGN(buf_shared->nbuckets * sizeof(int));
    buf_pages = mem + ((off + 8191) & ~(size_t)8191);

    for (int i = 0; i < n; i++) {
        BufDesc *d = &buf_descs[i];
        memset(d, 0, sizeof *d);
        d->hash_next = -1;
        spin_init(&d->hdr_lock);
        lw_init(&d->content_lock);
        lw_init(&d->io_lock);
    }
    for (uint32_t b = 0; b < buf_shared->nbuckets; b++)
        buf_buckets[b] = -1;
    memset(buf_pages, 0, (size_t)n * OAK_PAGE_SIZE);

    if (buf_my_n < n) {
        buf_my_pins = mcx_alloc_in(mcx_top, (size_t)n * sizeof(uint32_t));
        buf_my_lock = mcx_alloc_in(mcx_top, (size_t)n);
        buf_my_n = n;
    }
    memset(buf_my_pins, 0, (size_t)buf_my_n * sizeof(uint32_t));
    memset(buf_my_lock, 0, (size_t)buf_my_n);
    buf_my_io = INVALID_BUF;
}

static uint32_t
buf_tag_hash(const BufTag *tag)
{
    uint64_t h = ((uint64_t)tag->rf.db << 32 | tag->rf.rel) * 0x9E3779B97F4A7C15ull;
    h ^= (uint64_t)tag->block * 0xC2B2AE3D27D4EB4Full;
    h ^= h >> 29;
    return (uint32_t)h;
}

static bool
buf_tag_equal(const BufTag *a, const BufTag *b)
{
    return a->block == b->block && relfile_equal(a->rf, b->rf);
}

static LwLock *
buf_partition(uint32_t bucket)
{
    return &buf_shared->partition_lock[bucket % BUF_PARTITIONS];
}

/* Caller holds the bucket's partition lock. */
static BufId
buf_lookup(const BufTag *tag, uint32_t bucket)
{
    for (int id = buf_buckets[bucket]; id >= 0; id = buf_descs[id].hash_next)
        if (buf_tag_equal(&buf_descs[id].tag, tag))
            return id;
    return INVALID_BUF;
}

/* Caller holds the bucket's partition lock exclusive. */
static void
buf_unlink(BufId id, uint32_t bucket)
{
    int *link = &buf_buckets[bucket];

    while (*link != id) {
        if (*link < 0)
            elog_internal("buffer %d missing from its hash chain", id);
        link = &buf_descs[*link].hash_next;
    }
    *link = buf_descs[id].hash_next;
    buf_descs[id].hash_next = -1;
}

/* Pin: caller holds the partition lock (or already a pin), so the tag cannot change. */
static void
buf_pin(BufId id)
{
    BufDesc *d = &buf_descs[id];

    spin_lock(&d->hdr_lock);
    d->pins++;
    if (d->usage < BUF_MAX_USAGE)
        d->usage++;
    spin_unlock(&d->hdr_lock);
    buf_my_pins[id]++;
}

static void
buf_unpin(BufId id)
{
    BufDesc *d = &buf_descs[id];

    Assert(buf_my_pins[id] > 0);
    spin_lock(&d->hdr_lock);
    d->pins--;
    spin_unlock(&d->hdr_lock);
    buf_my_pins[id]--;
}

static uint32_t
buf_flags(BufId id)
{
    BufDesc *d = &buf_descs[id];

    spin_lock(&d->hdr_lock);
    uint32_t flags = d->flags;
    spin_unlock(&d->hdr_lock);
    return flags;
}

/* End this process's read of a buffer: success sets BUF_VALID (invariant 2). */
static void
buf_end_io(BufId id, bool ok)
{
    BufDesc *d = &buf_descs[id];

    spin_lock(&d->hdr_lock);
    d->flags &= ~(uint32_t)BUF_IO_BUSY;
    if (ok)
        d->flags |= BUF_VALID;
    spin_unlock(&d->hdr_lock);
    buf_my_io = INVALID_BUF;
    lw_release(&d->io_lock);
}

static void
buf_load_page(BufId id, bool zero)
{
    BufDesc *d = &buf_descs[id];
    uint8_t *page = buf_pages + (size_t)id * OAK_PAGE_SIZE;

    if (zero) {
        memset(page, 0, OAK_PAGE_SIZE);
        return;
    }
    smgr_read(d->tag.rf, d->tag.block, page);
    if (!page_verify(page, d->tag.block)) {
        uint32_t stored = page_stored_checksum(page);
        uint32_t actual = page_compute_checksum(page, d->tag.block);
        char *path = smgr_path(d->tag.rf, d->tag.block / SMGR_BLOCKS_PER_SEG);
        BlockNo block = d->tag.block;
        memset(page, 0, OAK_PAGE_SIZE); /* never leave bad bytes where a bug could use them */
        buf_end_io(id, false);
        ereport(ERROR,
                err_code(SQLSTATE_DATA_CORRUPTED),
                err_msg("invalid page in block %u of relation %s", block, path),
                err_detail("Computed checksum %08X, stored %08X.", actual, stored));
    }
}

/*
 * Make a pinned buffer valid: return if it is, wait if another process is reading it,
 * else read it (or zero it) ourselves. Raises XX001 on a checksum mismatch.
 */
static void
buf_make_valid(BufId id, bool zero)
{
    BufDesc *d = &buf_descs[id];

    for (;;) {
        spin_lock(&d->hdr_lock);
        uint32_t flags = d->flags;
        if (flags & BUF_VALID) {
            spin_unlock(&d->hdr_lock);
            return;
        }
        if (flags & BUF_IO_BUSY) {
            spin_unlock(&d->hdr_lock);
            lw_lock_raw(&d->io_lock, LW_SHARED); /* sleeps until the reader is done */
            lw_unlock_raw(&d->io_lock, LW_SHARED);
            continue;
        }
        d->flags |= BUF_IO_BUSY;
        spin_unlock(&d->hdr_lock);
        break;
    }
    lw_acquire(&d->io_lock, LW_EXCLUSIVE);
    buf_my_io = id;
    buf_load_page(id, zero);
    buf_end_io(id, true);
}

/*
 * Write a dirty buffer (invariants 3, 4). Caller holds a pin and the content lock, shared;
 * both stay held.
 */
static void
buf_write_locked(BufId id)
{
    static _Alignas(8) uint8_t copy[OAK_PAGE_SIZE]; /* the checksum goes on a private copy */
    BufDesc *d = &buf_descs[id];

    if ((buf_flags(id) & (BUF_DIRTY | BUF_VALID)) != (BUF_DIRTY | BUF_VALID))
        return;
    memcpy(copy, buf_pages + (size_t)id * OAK_PAGE_SIZE, OAK_PAGE_SIZE);
    wal_flush(page_get_lsn(copy));
    FAULT_POINT("wal-flushed-before-buffer-write");
    page_set_checksum(copy, d->tag.block);
    if (fault_armed("torn-page-write"))
        smgr_write_torn(d->tag.rf, d->tag.block, copy); /* half the page, then SIGKILL */
    smgr_write(d->tag.rf, d->tag.block, copy);
    spin_lock(&d->hdr_lock);
    d->flags &= ~(uint32_t)(BUF_DIRTY | BUF_CKPT); /* invariant 6 */
    spin_unlock(&d->hdr_lock);
}

/* Write a dirty buffer. Caller holds a pin and no content lock on it, nor any other. */
static void
buf_write(BufId id)
{
    lw_acquire(&buf_descs[id].content_lock, LW_SHARED);
    buf_write_locked(id);
    lw_release(&buf_descs[id].content_lock);
}

/*
 * Write a dirty victim, unless its content lock is taken: false then. The victim was
 * unpinned when chosen, but another process may have pinned and latched it since; our
 * caller may hold content locks of its own (a B+ tree split holds the page and reads its
 * parent), and the other process may wait for one of them: waiting here could deadlock.
 */
static bool
buf_try_write(BufId id)
{
    if (!lw_try_acquire(&buf_descs[id].content_lock, LW_SHARED))
        return false;
    buf_write_locked(id);
    lw_release(&buf_descs[id].content_lock);
    return true;
}

/* Clock sweep: an unpinned buffer with usage 0, returned pinned. */
static BufId
buf_get_victim(void)
{
    const int n = buf_shared->nbuffers;

    for (long tries = 0; tries < (long)n * (BUF_MAX_USAGE + 2); tries++) {
        BufId id = (BufId)(atomic_fetch_add(&buf_shared->clock_hand, 1) % (unsigned)n);
        BufDesc *d = &buf_descs[id];
        spin_lock(&d->hdr_lock);
        if (d->pins == 0) {
            if (d->usage > 0) {
                d->usage--;
            } else {
                d->pins++;
                spin_unlock(&d->hdr_lock);
                buf_my_pins[id]++;
                return id;
            }
        }
        spin_unlock(&d->hdr_lock);
    }
    ereport(ERROR, err_code(SQLSTATE_INTERNAL_ERROR), err_msg("no unpinned buffers available"));
}

static void
buf_lock_pair(LwLock *a, LwLock *b)
{
    if (a == b) {
        lw_acquire(a, LW_EXCLUSIVE);
    } else if (a < b) {
        lw_acquire(a, LW_EXCLUSIVE);
        lw_acquire(b, LW_EXCLUSIVE);
    } else {
        lw_acquire(b, LW_EXCLUSIVE);
        lw_acquire(a, LW_EXCLUSIVE);
    }
}

static void
buf_unlock_pair(LwLock *a, LwLock *b)
{
    lw_release(a);
    if (a != b)
        lw_release(b);
}

/*
 * Retag victim (pinned by us) for tag, or find that another process mapped tag meanwhile.
 * Returns the buffer now holding tag (pinned), or INVALID_BUF to retry with a new victim.
 */
static BufId
buf_retag(BufId victim, const BufTag *tag, uint32_t bucket)
{
    BufDesc *d = &buf_descs[victim];
    bool had_tag = (buf_flags(victim) & BUF_TAG_VALID) != 0;
    uint32_t old_bucket = had_tag ? buf_tag_hash(&d->tag) & (buf_shared->nbuckets - 1) : bucket;
    LwLock *old_part = buf_partition(old_bucket);
    LwLock *new_part = buf_partition(bucket);

    buf_lock_pair(old_part, new_part);
    BufId other = buf_lookup(tag, bucket);
    if (other >= 0) {
        buf_pin(other);
        buf_unlock_pair(old_part, new_part);
        buf_unpin(victim);
        return other;
    }
    spin_lock(&d->hdr_lock);
    if (d->pins != 1 || (d->flags & BUF_DIRTY)) {
        spin_unlock(&d->hdr_lock);
        buf_unlock_pair(old_part, new_part);
        buf_unpin(victim);
        return INVALID_BUF;
    }
    d->tag = *tag;
    d->flags = BUF_TAG_VALID;
    d->usage = 1;
    spin_unlock(&d->hdr_lock);
    if (had_tag)
        buf_unlink(victim, old_bucket);
    d->hash_next = buf_buckets[bucket];
    buf_buckets[bucket] = victim;
    buf_unlock_pair(old_part, new_part);
    return victim;
}

/* Find or load the page, pinned. zero: a page not in the pool is zeroed instead of read. */
static BufId
buf_get(RelFile rf, BlockNo block, bool zero)
{
    const BufTag tag = {rf, block};
    const uint32_t bucket = buf_tag_hash(&tag) & (buf_shared->nbuckets - 1);
    LwLock *part = buf_partition(bucket);

    lw_acquire(part, LW_SHARED);
    BufId id = buf_lookup(&tag, bucket);
    if (id >= 0)
        buf_pin(id);
    lw_release(part);

    while (id < 0) {
        BufId victim = buf_get_victim();
        if ((buf_flags(victim) & BUF_DIRTY) && !buf_try_write(victim)) {
            buf_unpin(victim); /* in use again: take another */
            continue;
        }
        id = buf_retag(victim, &tag, bucket);
    }
    buf_make_valid(id, zero);
    return id;
}

BufId
buf_read(RelFile rf, BlockNo block)
{
    return buf_get(rf, block, false);
}

BufId
buf_extend(RelFile rf, BlockNo *block_out)
{
    static const uint8_t zeros[OAK_PAGE_SIZE];
    BlockNo block = smgr_nblocks(rf);

    /* on disk at once, so the file size alone gives the relation's length */
    smgr_write(rf, block, zeros);
    *block_out = block;
    return buf_get(rf, block, true);
}

BufId
buf_read_for_redo(RelFile rf, BlockNo block, bool will_overwrite)
{
    static const uint8_t zeros[OAK_PAGE_SIZE];

    if (!smgr_exists(rf))
        smgr_create(rf);
    for (BlockNo n = smgr_nblocks(rf); n < block; n++)
        smgr_write(rf, n, zeros);
    if (smgr_nblocks(rf) <= block) {
        smgr_write(rf, block, zeros);
        will_overwrite = true; /* nothing on disk worth reading */
    }
    return buf_get(rf, block, will_overwrite);
}

void
buf_lock(BufId buf, BufLockMode mode)
{
    Assert(buf_my_pins[buf] > 0 && buf_my_lock[buf] == 0);
    lw_acquire(&buf_descs[buf].content_lock, mode == BUF_EXCLUSIVE ? LW_EXCLUSIVE : LW_SHARED);
    buf_my_lock[buf] = (uint8_t)mode;
}

void
buf_unlock(BufId buf)
{
    Assert(buf_my_lock[buf] != 0);
    lw_release(&buf_descs[buf].content_lock);
    buf_my_lock[buf] = 0;
}

void
buf_release(BufId buf)
{
    Assert(buf_my_pins[buf] > 1 || buf_my_lock[buf] == 0);
    buf_unpin(buf);
}

uint8_t *
buf_page(BufId buf)
{
    Assert(buf >= 0 && buf < buf_shared->nbuffers && buf_my_pins[buf] > 0);
    return buf_pages + (size_t)buf * OAK_PAGE_SIZE;
}

BlockNo
buf_block(BufId buf)
{
    return buf_descs[buf].tag.block;
}

RelFile
buf_relfile(BufId buf)
{
    return buf_descs[buf].tag.rf;
}

void
buf_mark_dirty(BufId buf)
{
    BufDesc *d = &buf_descs[buf];

    Assert(buf_my_lock[buf] == BUF_EXCLUSIVE);
    spin_lock(&d->hdr_lock);
    d->flags |= BUF_DIRTY;
    spin_unlock(&d->hdr_lock);
}

bool
buf_holds_exclusive(BufId buf)
{
    return buf >= 0 && buf < buf_my_n && buf_my_lock[buf] == BUF_EXCLUSIVE;
}

BlockNo
buf_nblocks(RelFile rf)
{
    return smgr_nblocks(rf); /* buf_extend writes the new block at once */
}

void
buf_release_all(void)
{
    if (buf_shared == NULL)
        return;
    if (buf_my_io != INVALID_BUF)
        buf_end_io(buf_my_io, false);
    for (int id = 0; id < buf_shared->nbuffers; id++) {
        if (buf_my_lock[id] != 0 && lw_held_by_me(&buf_descs[id].content_lock))
            lw_release(&buf_descs[id].content_lock);
        buf_my_lock[id] = 0;
        while (buf_my_pins[id] > 0)
            buf_unpin(id);
    }
}

void
buf_drop_relation(RelFile rf)
{
    for (int id = 0; id < buf_shared->nbuffers; id++) {
        BufDesc *d = &buf_descs[id];
        if (!relfile_equal(d->tag.rf, rf)) /* unlocked peek; rechecked below */
            continue;
        uint32_t bucket = buf_tag_hash(&d->tag) & (buf_shared->nbuckets - 1);
        LwLock *part = buf_partition(bucket);
        lw_acquire(part, LW_EXCLUSIVE);
        spin_lock(&d->hdr_lock);
        bool mine = (d->flags & BUF_TAG_VALID) && relfile_equal(d->tag.rf, rf) &&
                    buf_tag_hash(&d->tag) % buf_shared->nbuckets == bucket;
        if (mine && d->pins > 0) {
            spin_unlock(&d->hdr_lock);
            lw_release(part);
            elog_internal("cannot drop a pinned buffer of relation %u", rf.rel);
        }
        if (mine) {
            d->flags = 0;
            d->usage = 0;
        }
        spin_unlock(&d->hdr_lock);
        if (mine)
            buf_unlink(id, bucket);
        lw_release(part);
    }
}

/* Pin buffer id if its flags hold all of want; returns whether it did. */
static bool
buf_pin_if(BufId id, uint32_t want)
{
    BufDesc *d = &buf_descs[id];

    spin_lock(&d->hdr_lock);
    if ((d->flags & want) != want) {
        spin_unlock(&d->hdr_lock);
        return false;
    }
    d->pins++;
    spin_unlock(&d->hdr_lock);
    buf_my_pins[id]++;
    return true;
}

void
buf_flush_all(void)
{
    for (int id = 0; id < buf_shared->nbuffers; id++) {
        if (!buf_pin_if(id, BUF_DIRTY | BUF_TAG_VALID))
            continue;
        buf_write(id);
        buf_unpin(id);
    }
}

int
buf_checkpoint_mark(void)
{
    int n = 0;

    for (int id = 0; id < buf_shared->nbuffers; id++) {
        BufDesc *d = &buf_descs[id];
        spin_lock(&d->hdr_lock);
        if ((d->flags & (BUF_DIRTY | BUF_TAG_VALID)) == (BUF_DIRTY | BUF_TAG_VALID)) {
            d->flags |= BUF_CKPT;
            n++;
        } else {
            d->flags &= ~(uint32_t)BUF_CKPT; /* left over from a checkpoint that failed */
        }
        spin_unlock(&d->hdr_lock);
    }
    return n;
}

void
buf_checkpoint_write(int total, BufPaceFn pace, void *arg)
{
    int done = 0;

    for (int id = 0; id < buf_shared->nbuffers && done < total; id++) {
        if (!buf_pin_if(id, BUF_CKPT | BUF_TAG_VALID))
            continue; /* not marked, or written by an evicting backend meanwhile */
        buf_write(id);
        buf_unpin(id);
        pace(++done, total, arg);
    }
}
