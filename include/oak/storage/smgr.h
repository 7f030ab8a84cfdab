/*
 * smgr.h
 *     Relation files on disk: DATADIR/base/<db>/<rel> (or global/<rel> when db is 0), split
 *     into 1 GiB segments <rel>, <rel>.1, ... Block I/O with an fd cache per process, and the
 *     fsync bookkeeping for checkpoints: every write registers its segment in a shared queue
 *     that the checkpointer drains (smgr_sync_pending) after writing the buffer pool.
 *
 * Errors: I/O failures are ERROR 58030, short reads of existing blocks XX001; fsync failure
 * is PANIC (the kernel may have dropped the dirty pages: only WAL replay can restore them).
 */
#ifndef OAK_STORAGE_SMGR_H
#define OAK_STORAGE_SMGR_H

#include "oak/oak.h"
#include "oak/storage/bufmgr.h"

enum { SMGR_BLOCKS_PER_SEG = (1u << 30) / OAK_PAGE_SIZE };

/* Path of segment seg (0 = the first) relative to the data dir, in the current context. */
char *smgr_path(RelFile rf, uint32_t seg);
/* Create the first segment (and base/<db>/ if needed); an existing file is kept as is. */
void smgr_create(RelFile rf);
bool smgr_exists(RelFile rf);
/* Remove every segment; a missing file is not an error. Closes this process's fds. */
void smgr_unlink(RelFile rf);
/* Read one block; a block past the end is XX001. */
void smgr_read(RelFile rf, BlockNo block, uint8_t *buf);
/* Write one block (also past the current end, which extends the file). */
void smgr_write(RelFile rf, BlockNo block, const uint8_t *buf);
/*
 * Fault injection ("torn-page-write", doc/fault-injection.md): write only the first
 * SMGR_TORN_BYTES of the block, as a power cut in the middle of an 8 KiB write may leave it,
 * then SIGKILL this process. Does not return.
 */
enum { SMGR_TORN_BYTES = 4096 };
void smgr_write_torn(RelFile rf, BlockNo block, const uint8_t *buf) __attribute__((noreturn));
BlockNo smgr_nblocks(RelFile rf);
/* fsync every segment written since the last call (checkpoint). */
void smgr_sync_pending(void);
/* fsync a directory (after creating or renaming a file in it); path relative to data dir. */
void smgr_fsync_dir(const char *path);
/*
 * The relation numbers with a file in base/<db>/ (first segments only), in the current
 * context; returns the count (0 if the directory does not exist).
 */
int smgr_list_database(Oid db, Oid **rels);
/*
 * Remove base/<db>/ with every file in it and fsync base/ (DROP DATABASE after its WAL
 * record is durable, and its redo). A missing directory is not an error. The caller drops
 * the database's buffers first.
 */
void smgr_remove_database_dir(Oid db);
/* Close this process's cached fds. */
void smgr_close_all(void);
/* Absolute path of a data-dir relative path, in the current context. */
char *smgr_abs_path(const char *rel_path);

#endif /* OAK_STORAGE_SMGR_H */
