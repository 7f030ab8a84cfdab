/*
 * bufmgr.h
 *     The shared buffer pool: pages of relation files cached in shared memory, found by a
 *     partitioned hash on (RelFile, block), evicted by clock sweep, written back only after
 *     WAL is flushed up to the page LSN (the WAL rule).
 *
 * Usage: buf_read() pins and returns a buffer; buf_lock() latches its content shared or
 * exclusive; buf_page() gives the 8 KiB bytes; buf_unlock() then buf_release() (unpin).
 * Every pin and latch a backend holds is recorded so buf_release_all() on the abort path
 * frees them after an ERROR.
 */
#ifndef OAK_STORAGE_BUFMGR_H
#define OAK_STORAGE_BUFMGR_H

#include "oak/oak.h"

/* A relation file: base/<db>/<rel>, or global/<rel> when db is 0. */
typedef struct RelFile {
    Oid db;
    Oid rel;
} RelFile;

static inline bool
relfile_equal(RelFile a, RelFile b)
{
    return a.db == b.db && a.rel == b.rel;
}

typedef int BufId; /* index into the pool; -1 is none */
#define INVALID_BUF (-1)

typedef enum BufLockMode { BUF_SHARE = 1, BUF_EXCLUSIVE = 2 } BufLockMode;

/* Pin the page (reading it from disk if needed, verifying its checksum: XX001 on mismatch). */
BufId buf_read(RelFile rf, BlockNo block);
/*
 * Extend the file by one zeroed block and pin it; the caller initialises the page and
 * WAL-logs it. Callers serialise extension of one relation (the B+ tree's own lock).
 */
BufId buf_extend(RelFile rf, BlockNo *block_out);
void buf_lock(BufId buf, BufLockMode mode);
void buf_unlock(BufId buf);
void buf_release(BufId buf); /* unpin */
uint8_t *buf_page(BufId buf);
BlockNo buf_block(BufId buf);
RelFile buf_relfile(BufId buf);
/* Caller holds the exclusive latch. Marks the page to be written back. */
void buf_mark_dirty(BufId buf);
bool buf_holds_exclusive(BufId buf);

/* Number of blocks in the relation (from the file size and pages still only in the pool). */
BlockNo buf_nblocks(RelFile rf);

/* Abort path: drop every latch and pin this backend holds. */
void buf_release_all(void);

/* Drop all buffers of a relation without writing them (DROP TABLE after commit). */
void buf_drop_relation(RelFile rf);

/* Write every dirty buffer now (tests and tools). Honors the WAL rule. */
void buf_flush_all(void);

/*
 * Checkpoint, after its redo point is fixed: mark every buffer dirty now as one the
 * checkpoint must write (README invariant 6); returns how many. Caller holds ckpt_lock.
 */
int buf_checkpoint_mark(void);

/* Called after each write of buf_checkpoint_write with the count so far; may sleep. */
typedef void (*BufPaceFn)(int written, int total, void *arg);

/*
 * Write the buffers marked by buf_checkpoint_mark (total of them) that are still marked,
 * calling pace after each write with no lock or pin held. Honors the WAL rule. A buffer an
 * evicting backend wrote meanwhile is skipped; so are pages dirtied after the mark.
 */
void buf_checkpoint_write(int total, BufPaceFn pace, void *arg);

/*
 * Redo only: pin the block, creating the file and zero-extending it up to the block if WAL
 * replay finds them missing. will_overwrite: the caller replaces the whole page (a full
 * image), so a page not in the pool is not read (it may be torn) but zeroed.
 */
BufId buf_read_for_redo(RelFile rf, BlockNo block, bool will_overwrite);

#endif /* OAK_STORAGE_BUFMGR_H */
