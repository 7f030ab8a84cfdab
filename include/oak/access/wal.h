/*
 * wal.h
 *     The write-ahead log. One record = header (total length, xid, resource manager, info,
 *     previous LSN, CRC32C) + body; LSN = byte position of the record's end in the log.
 *
 * Page changes are logged physiologically by a generic page-delta record: the caller latches
 * the page(s) exclusively, calls wal_page_begin() which remembers the page images before the
 * change, changes the pages, then wal_page_finish() logs, per page, either a full image (first
 * change since the checkpoint's redo point, full_page_writes on) or the byte ranges that
 * differ, and stamps each page's LSN. One record may cover several pages (a B+ tree split),
 * so redo applies them together: after any crash the tree is as before or as after the split.
 * Redo applies a page's part only where the page LSN is older than the record.
 *
 * Protocol for a page change (STYLE.md "WAL discipline"):
 *   pin + exclusive latch every page; do all that can fail;
 *   WalPageChange *ch = wal_page_begin(xid);  wal_page_add(ch, buf) for each page;
 *   crit_begin(); change the pages; wal_page_finish(ch); crit_end(); unlatch; unpin.
 * wal_page_finish marks the buffers dirty before inserting the record.
 */
#ifndef OAK_ACCESS_WAL_H
#define OAK_ACCESS_WAL_H

#include "oak/oak.h"
#include "oak/storage/bufmgr.h"

enum { WAL_MAX_PAGES_PER_RECORD = 8 };

typedef struct WalPageChange WalPageChange;

/* xid may be INVALID_XID for changes outside any transaction (bootstrap, vacuum). */
WalPageChange *wal_page_begin(Xid xid);
/* Register a latched (exclusive) page about to change; keeps a copy of its current image. */
void wal_page_add(WalPageChange *ch, BufId buf);
/* Register a page just created by buf_extend: always logged as a full image. */
void wal_page_add_new(WalPageChange *ch, BufId buf);
/* Log the changes, mark the buffers dirty, set each page's LSN. Returns the record's LSN. */
Lsn wal_page_finish(WalPageChange *ch);

/* Flush the log to at least lsn (group commit: concurrent callers share one fsync). */
void wal_flush(Lsn lsn);
Lsn wal_insert_lsn(void);
Lsn wal_flushed_lsn(void);

/* Log creation / removal of a relation file; redo repeats it. */
void wal_log_file_create(RelFile rf);
void wal_log_file_drop(RelFile rf);
/*
 * DROP DATABASE, after its transaction committed: log the removal of base/<db>/, flush the
 * record, drop the database's buffers and remove the directory. Redo repeats the removal.
 */
void wal_log_database_drop(Oid db);
/*
 * DROP DATABASE, inside its transaction (xid assigned): log that base/<db>/ goes if the
 * transaction commits. Recovery removes it at the end of replay when the commit-log says
 * so, which covers a crash between the commit and wal_log_database_drop.
 */
void wal_log_database_drop_at_commit(Oid db);
/*
 * CREATE DATABASE, inside its transaction (xid assigned), before creating any file of
 * base/<db>/: register the creation and log it, so that recovery removes the directory
 * unless the transaction committed (every checkpoint logs the registered ones again).
 * 54000 when 16 run at once (with the DROP DATABASEs not yet finished, which
 * wal_log_database_drop_at_commit registers likewise until wal_log_database_drop).
 * wal_database_change_end unregisters (CREATE's commit or abort, DROP's abort).
 */
void wal_log_database_create_begin(Oid db);
void wal_database_change_end(Oid db);
/* Checkpoint, right after its redo point: log the creations and drops in progress again. */
void wal_relog_database_creates(void);

/*
 * ---- Beyond the first contract: the record layer, used by the storage core itself ----
 *
 * wal_log_file_create(rf) logs, then creates the file (an existing one is kept), so callers
 * need nothing else. wal_log_file_drop(rf) logs, flushes the record, drops the relation's
 * buffers and unlinks its segments; redo repeats both (idempotently).
 */

/* Resource managers: who redoes a record. */
typedef enum WalRmgr {
    RM_XLOG = 0, /* checkpoint, next oid */
    RM_PAGE = 1, /* generic page changes (wal_page_*) */
    RM_FILE = 2, /* relation file create / drop */
    RM_XACT = 3, /* commit / abort: the commit-log page change plus the status */
    RM_COUNT
} WalRmgr;

enum {
    XLOG_CHECKPOINT_SHUTDOWN = 1,
    XLOG_CHECKPOINT_ONLINE = 2,
    XLOG_NEXT_OID = 3,
    FILE_WAL_CREATE = 1,
    FILE_WAL_DROP = 2,
    FILE_WAL_DROP_DB = 3,   /* body: the database's Oid; removes base/<db>/ */
    FILE_WAL_CREATE_DB = 4, /* body: the database's Oid; xid: the creating transaction */
    XACT_WAL_COMMIT = 1,
    XACT_WAL_ABORT = 2,
};

/* On-disk record header; records start 8-byte aligned, the padding is zero. */
typedef struct WalRecordHeader {
    uint32_t total_len; /* header + body, without padding */
    uint32_t crc;       /* CRC32C of the header (this field as 0) and the body */
    Xid xid;            /* INVALID_XID outside a transaction */
    Lsn prev;           /* start of the previous record */
    uint8_t rmgr;       /* WalRmgr */
    uint8_t info;       /* rmgr-specific record kind */
    uint16_t reserved;  /* zero */
    uint32_t reserved2; /* zero */
} WalRecordHeader;

enum {
    WAL_SEG_SIZE = 16 * 1024 * 1024,
    WAL_TIMELINE = 1,
    WAL_MAX_RECORD = 4 * 1024 * 1024, /* larger records are a bug or a corrupt length */
};

/* Insert one record; returns its end LSN (not flushed). */
Lsn wal_insert_record(uint8_t rmgr, uint8_t info, Xid xid, const void *body, uint32_t len);
/*
 * wal_page_finish with a resource manager of its own and main data ahead of the page parts
 * (xact.c logs commit and abort this way: the commit-log page change is the record's page).
 */
Lsn wal_page_finish_record(
    WalPageChange *ch, uint8_t rmgr, uint8_t info, const void *main, uint32_t main_len);
/* Start LSN of the current checkpoint's redo point: pages older than it get full images. */
Lsn wal_redo_lsn(void);
/* Number of WAL fsyncs (fdatasync) since shared memory was created. */
uint64_t wal_fsync_count(void);

/* Server-wide WAL activity since start (pg_stat_wal): records, full page images, bytes,
 * inserts that found the WAL buffers full, write() calls, fsyncs. */
typedef struct WalStats {
    uint64_t records;
    uint64_t fpi;
    uint64_t bytes;
    uint64_t buffers_full;
    uint64_t writes;
    uint64_t syncs;
} WalStats;

void wal_stats(WalStats *out);
void wal_count_fpi(void);
/* True while the startup process replays WAL. */
bool wal_in_recovery(void);
/* Xid of the last record this process inserted (xact.c: did the transaction log anything). */
Xid wal_last_xid_logged(void);
/* How many records this process has logged with a valid xid (a transaction compares the
 * count at its start and end to know whether it wrote anything). */
uint64_t wal_xid_records_logged(void);
/* Abort path: forget a page change begun but not finished. */
void wal_abort_cleanup(void);

/* Segment file name for segment number segno (relative to the data dir: "wal/..."). */
void wal_segment_path(uint64_t segno, char *out, size_t outlen);

/*
 * Sequential WAL reader (recovery; later walsender): records from start, ending cleanly at
 * the first missing segment, zero or impossible length, CRC mismatch or broken prev link.
 */
typedef struct WalReader {
    Lsn pos;          /* start of the next record */
    Lsn prev;         /* start of the last record returned */
    bool check_prev;  /* false for the first record */
    int fd;           /* open segment, -1 if none */
    uint64_t segno;   /* segment fd refers to */
    uint8_t *rec;     /* last record, header then body */
    uint32_t rec_cap; /* bytes allocated at rec */
} WalReader;

void wal_reader_init(WalReader *r, Lsn start);
/* Next valid record (pointers valid until the next call) or false at the end of WAL. */
bool wal_reader_next(WalReader *r, const WalRecordHeader **hdr, const uint8_t **body, Lsn *end_lsn);
void wal_reader_close(WalReader *r);

#endif /* OAK_ACCESS_WAL_H */
