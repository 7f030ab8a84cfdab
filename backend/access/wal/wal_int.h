/*
 * wal_int.h
 *     Private to backend/access/wal: the shared WAL state, the control file, and the calls
 *     between the insertion, page, recovery and checkpoint files.
 */
#ifndef OAK_WAL_INT_H
#define OAK_WAL_INT_H

#include "oak/oak.h"

#include <stdatomic.h>

#include "oak/access/wal.h"
#include "oak/storage/lwlock.h"

/*
 * Shared WAL state. Lock order: insert_lock -> write_lock. Bytes below the published insert
 * position are complete in the ring; the ring holds positions [written_pos, insert_pos).
 */
/* A CREATE or DROP DATABASE whose transaction has not ended (README invariants 13, 14). */
enum { WAL_MAX_DB_CREATES = 16 };
typedef struct WalDbCreate {
    Xid xid; /* INVALID_XID: free slot */
    Oid db;
    uint8_t info; /* FILE_WAL_CREATE_DB or FILE_WAL_DROP_DB */
} WalDbCreate;

typedef struct WalShared {
    LwLock insert_lock;        /* reserving space and copying into the ring */
    LwLock write_lock;         /* writing and fsyncing; serialises flushers (group commit) */
    LwLock ckpt_lock;          /* held for a whole checkpoint; taken before the others */
    Lsn insert_pos;            /* next record starts here; insert_lock */
    Lsn prev_start;            /* start of the last inserted record; insert_lock */
    atomic_ullong insert_pub;  /* insert_pos, published (release) after the copy */
    atomic_ullong written_pos; /* written to the segment files; changed under write_lock */
    atomic_ullong flushed_pos; /* durable; changed under write_lock */
    atomic_ullong redo_lsn;    /* current checkpoint's redo point; changed under insert_lock */
    atomic_ullong fsync_count; /* statistics (pg_stat_wal), relaxed: */
    atomic_ullong record_count;
    atomic_ullong fpi_count;
    atomic_ullong byte_count;
    atomic_ullong write_count;
    atomic_ullong buffers_full_count;
    atomic_bool in_recovery; /* set by the startup process */
    atomic_int ckpt_hurry;   /* full-speed checkpoints waiting for ckpt_lock (checkpoint.c) */
    SpinLock dbcreate_lock;  /* protects dbcreate */
    WalDbCreate dbcreate[WAL_MAX_DB_CREATES];
    size_t ring_size; /* written once at shm_create */
    uint8_t *ring;    /* ring_size bytes right after this struct */
} WalShared;

extern WalShared *wal_shared;

enum { CONTROL_MAGIC = 0x4F414B43, CONTROL_VERSION = 1 };
enum { DB_STATE_SHUTDOWN = 1, DB_STATE_IN_PRODUCTION = 2, DB_STATE_IN_RECOVERY = 3 };

/* Body of a checkpoint record and its copy in the control file. */
typedef struct WalCheckpoint {
    Lsn redo;     /* replay starts here */
    Xid next_xid; /* no xid at or past it was handed out before the checkpoint */
    Oid next_oid;
    uint32_t shutdown; /* 1 for a shutdown checkpoint */
    int64_t time;      /* seconds since the epoch */
} WalCheckpoint;

typedef struct ControlFile {
    uint32_t magic;
    uint32_t version;
    uint64_t system_id;
    uint32_t state; /* DB_STATE_* */
    uint32_t timeline;
    Lsn checkpoint_lsn; /* start of the last checkpoint record */
    WalCheckpoint ckpt;
    uint32_t crc; /* CRC32C of everything before it */
} ControlFile;

/* wal_insert.c */
void wal_set_position(Lsn end, Lsn prev_start);
Lsn wal_insert_checked(
    uint8_t rmgr, uint8_t info, Xid xid, const void *body, uint32_t len, Lsn redo_seen);
/* Checkpoint start: fix the redo point at the current insert position (under insert_lock). */
Lsn wal_begin_checkpoint(void);
void wal_truncate_tail(Lsn end);
void wal_remove_old_segments(Lsn redo);

/* wal_page.c */
void wal_redo_pages(const uint8_t *body, uint32_t len, Lsn end_lsn);
/* Main data of a record built by wal_page_finish_record. */
const uint8_t *wal_page_main_data(const uint8_t *body, uint32_t len, uint32_t *main_len);

/* wal_control.c */
bool control_read(ControlFile *cf);
void control_write(ControlFile *cf);

#endif /* OAK_WAL_INT_H */
