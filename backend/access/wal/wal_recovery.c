/*
 * wal_recovery.c
 *     Cluster creation (storage_init_cluster), startup recovery (storage_startup_recovery),
 *     the redo dispatch by resource manager, and the file create/drop records.
 *
 * Invariants kept here (numbered as in this folder's README.md):
 *   8. Recovery replays from the control file's redo point to the end of valid WAL, then
 *      sets the next xid past every xid seen in a replayed record and past the checkpoint's,
 *      the next oid past every logged "next oid", and writes a checkpoint before any backend
 *      runs, so the same WAL is never replayed on top of newer changes.
 *   9. A file drop is flushed to WAL before the file is unlinked: redo never meets page
 *      records of a file whose removal it does not know about.
 *  13. DROP DATABASE logs its removal twice: inside its transaction (the record's xid set,
 *      logged again by every checkpoint until the removal), which redo applies at the end
 *      of replay only if the commit-log says that xid committed; and after the commit (no
 *      xid), which redo applies at once. So a crash between the commit and the removal
 *      still removes the directory.
 *  14. CREATE DATABASE's directory is removed at the end of replay unless its transaction
 *      committed: its start is logged, and logged again by every checkpoint while it runs.
 */
#include "oak/oak.h"

#include <errno.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "oak/access/xact.h"
#include "oak/storage/ipc.h"
#include "oak/storage/shmem.h"
#include "oak/storage/smgr.h"
#include "oak/utils/guc.h"
#include "wal_int.h"

void
wal_log_file_create(RelFile rf)
{
    wal_insert_record(RM_FILE, FILE_WAL_CREATE, xact_current_xid(), &rf, sizeof rf);
    smgr_create(rf);
}

void
wal_log_file_drop(RelFile rf)
{
    Lsn lsn = wal_insert_record(RM_FILE, FILE_WAL_DROP, xact_current_xid(), &rf, sizeof rf);
    wal_flush(lsn); /* invariant 9 */
    buf_drop_relation(rf);
    smgr_unlink(rf);
}

/* Forget the buffers of every file of base/<db>/, then remove the directory. */
static void
wal_remove_database(Oid db)
{
    Oid *rels;
    int n = smgr_list_database(db, &rels);

    for (int i = 0; i < n; i++)
        buf_drop_relation((RelFile){.db = db, .rel = rels[i]});
    smgr_remove_database_dir(db);
}

void
wal_log_database_drop(Oid db)
{
    Lsn lsn = wal_insert_record(RM_FILE, FILE_WAL_DROP_DB, INVALID_XID, &db, sizeof db);
    wal_flush(lsn); /* invariant 9 */
    wal_remove_database(db);
    wal_database_change_end(db); /* a DROP DATABASE's registration ends with its removal */
}

static void wal_register_database_change(Oid db, uint8_t info);

void
wal_log_database_drop_at_commit(Oid db)
{
    wal_register_database_change(db, FILE_WAL_DROP_DB);
}

/*
 * Invariant 14: CREATE DATABASE registers itself in shared memory and logs that its
 * directory exists on behalf of its transaction; every checkpoint logs the registered ones
 * again right after its redo point, so replay from any redo point knows every creation
 * still running, and removes the directory at its end unless the transaction committed.
 */
/* Register a database change of the current transaction; 54000 if the table is full. */
static void
wal_register_database_change(Oid db, uint8_t info)
{
    Xid xid = xact_current_xid();
    Assert(xid != INVALID_XID);
    bool registered = false;
    spin_lock(&wal_shared->dbcreate_lock);
    for (int i = 0; i < WAL_MAX_DB_CREATES && !registered; i++)
        if (wal_shared->dbcreate[i].xid == INVALID_XID) {
            wal_shared->dbcreate[i] = (WalDbCreate){xid, db, info};
            registered = true;
        }
    spin_unlock(&wal_shared->dbcreate_lock);
    if (!registered)
        ereport(ERROR,
                err_code(SQLSTATE_PROGRAM_LIMIT_EXCEEDED),
                err_msg("too many concurrent CREATE DATABASE and DROP DATABASE commands"),
                err_detail("At most %d may run at once.", WAL_MAX_DB_CREATES));
    (void)wal_insert_record(RM_FILE, info, xid, &db, sizeof db);
}

void
wal_log_database_create_begin(Oid db)
{
    wal_register_database_change(db, FILE_WAL_CREATE_DB);
}

void
wal_database_change_end(Oid db)
{
    spin_lock(&wal_shared->dbcreate_lock);
    for (int i = 0; i < WAL_MAX_DB_CREATES; i++)
        if (wal_shared->dbcreate[i].xid != INVALID_XID && wal_shared->dbcreate[i].db == db)
            wal_shared->dbcreate[i].xid = INVALID_XID;
    spin_unlock(&wal_shared->dbcreate_lock);
}

void
wal_relog_database_creates(void)
{
    WalDbCreate copy[WAL_MAX_DB_CREATES];
    spin_lock(&wal_shared->dbcreate_lock);
    memcpy(copy, wal_shared->dbcreate, sizeof copy);
    spin_unlock(&wal_shared->dbcreate_lock);
    for (int i = 0; i < WAL_MAX_DB_CREATES; i++)
        if (copy[i].xid != INVALID_XID)
            (void)wal_insert_record(RM_FILE,
                                    copy[i].info,
                                    copy[i].xid,
                                    &copy[i].db,
                                    sizeof copy[i].db);
}

/*
 * Invariant 13: database removals whose transaction's outcome redo has not yet seen.
 * Kept in the startup process only, applied at the end of replay.
 */
typedef struct WalPendingDbDrop {
    Xid xid;
    Oid db;
    bool create; /* a creation: removed unless xid committed (invariant 14) */
} WalPendingDbDrop;

static WalPendingDbDrop *wal_pending_db_drops;
static int wal_n_pending_db_drops;
static int wal_cap_pending_db_drops;

static void
wal_defer_database_drop(Xid xid, Oid db, bool create)
{
    if (wal_n_pending_db_drops == wal_cap_pending_db_drops) {
        int cap = wal_cap_pending_db_drops ? wal_cap_pending_db_drops * 2 : 16;
        WalPendingDbDrop *grown = mcx_alloc_in(mcx_top, sizeof(WalPendingDbDrop) * (size_t)cap);
        if (wal_n_pending_db_drops > 0)
            memcpy(grown,
                   wal_pending_db_drops,
                   sizeof(WalPendingDbDrop) * (size_t)wal_n_pending_db_drops);
        mcx_free(wal_pending_db_drops);
        wal_pending_db_drops = grown;
        wal_cap_pending_db_drops = cap;
    }
    wal_pending_db_drops[wal_n_pending_db_drops++] = (WalPendingDbDrop){xid, db, create};
}

/* End of replay: remove the databases whose DROP DATABASE committed (invariant 13). */
static void
wal_finish_database_drops(void)
{
    for (int i = 0; i < wal_n_pending_db_drops; i++) {
        const WalPendingDbDrop *p = &wal_pending_db_drops[i];
        bool committed = clog_status(p->xid) == XID_COMMITTED;
        if (committed != p->create)
            wal_remove_database(p->db);
    }
    wal_n_pending_db_drops = 0;
}

static void
wal_redo_file(uint8_t info, Xid xid, const uint8_t *body, uint32_t len)
{
    RelFile rf;

    if (info == FILE_WAL_DROP_DB && len == sizeof(Oid)) {
        Oid db;
        memcpy(&db, body, sizeof db);
        if (xid != INVALID_XID)
            wal_defer_database_drop(xid, db, false); /* logged before its commit */
        else
            wal_remove_database(db);
        return;
    }
    if (info == FILE_WAL_CREATE_DB && len == sizeof(Oid) && xid != INVALID_XID) {
        Oid db;
        memcpy(&db, body, sizeof db);
        wal_defer_database_drop(xid, db, true);
        return;
    }
    if (len != sizeof rf)
        ereport(FATAL, err_code(SQLSTATE_DATA_CORRUPTED), err_msg("bad file WAL record"));
    memcpy(&rf, body, sizeof rf);
    if (info == FILE_WAL_CREATE) {
        smgr_create(rf);
    } else {
        buf_drop_relation(rf);
        smgr_unlink(rf);
    }
}

static void
wal_redo_xlog(uint8_t info, const uint8_t *body, uint32_t len)
{
    if (info == XLOG_NEXT_OID && len == sizeof(Oid)) {
        Oid next;
        memcpy(&next, body, sizeof next);
        oid_advance_next(next);
    } else if ((info == XLOG_CHECKPOINT_ONLINE || info == XLOG_CHECKPOINT_SHUTDOWN) &&
               len == sizeof(WalCheckpoint)) {
        WalCheckpoint ck;
        memcpy(&ck, body, sizeof ck);
        xact_advance_next_xid(ck.next_xid);
        oid_advance_next(ck.next_oid);
    } else {
        ereport(FATAL, err_code(SQLSTATE_DATA_CORRUPTED), err_msg("bad xlog WAL record"));
    }
}

static void
wal_redo_record(const WalRecordHeader *hdr, const uint8_t *body, Lsn end_lsn)
{
    uint32_t len = hdr->total_len - (uint32_t)sizeof *hdr;

    switch (hdr->rmgr) {
    case RM_XLOG:
        wal_redo_xlog(hdr->info, body, len);
        break;
    case RM_PAGE:
    case RM_XACT: /* the commit-log page change is the record's page part */
        wal_redo_pages(body, len, end_lsn);
        break;
    case RM_FILE:
        wal_redo_file(hdr->info, hdr->xid, body, len);
        break;
    default:
        ereport(FATAL, err_code(SQLSTATE_DATA_CORRUPTED), err_msg("unknown WAL resource manager"));
    }
}

static void
wal_mkdir(const char *rel)
{
    char *abs = smgr_abs_path(rel);

    if (mkdir(abs, 0700) != 0 && errno != EEXIST)
        ereport(FATAL,
                err_code(SQLSTATE_IO_ERROR),
                err_msg("could not create directory \"%s\": %s", abs, strerror(errno)));
    mcx_free(abs);
}

/*
 * New cluster: directories, the commit log, an initial checkpoint record at the start of
 * segment 1, and the control file. With shared memory created, WAL is left open for
 * inserts; without, a private region is used for the job and dropped, and the caller
 * starts WAL as always: shm_create() then storage_startup_recovery().
 */
void
storage_init_cluster(void)
{
    if (shm_base == NULL) {
        shm_create();
        storage_init_cluster();
        shm_destroy();
        return;
    }
    ControlFile cf;
    const Lsn start = WAL_SEG_SIZE; /* LSN 0 stays invalid */

    if (mkdir(oak_settings.data_dir, 0700) != 0 && errno != EEXIST)
        ereport(FATAL,
                err_code(SQLSTATE_IO_ERROR),
                err_msg("could not create directory \"%s\": %s",
                        oak_settings.data_dir,
                        strerror(errno)));
    wal_mkdir("global");
    wal_mkdir("base");
    wal_mkdir("wal");
    smgr_fsync_dir(".");

    memset(&cf, 0, sizeof cf);
    if (getrandom(&cf.system_id, sizeof cf.system_id, 0) != (ssize_t)sizeof cf.system_id)
        cf.system_id = (uint64_t)time(NULL) << 32 | (uint64_t)getpid();
    wal_set_position(start, INVALID_LSN);
    atomic_store(&wal_shared->redo_lsn, start);
    xact_advance_next_xid(XID_FIRST_NORMAL);
    oid_advance_next(OID_FIRST_NORMAL);
    clog_create();

    cf.ckpt.redo = start;
    cf.ckpt.next_xid = xact_peek_next_xid();
    cf.ckpt.next_oid = oid_peek_next();
    cf.ckpt.shutdown = 1;
    cf.ckpt.time = (int64_t)time(NULL);
    Lsn end =
        wal_insert_record(RM_XLOG, XLOG_CHECKPOINT_SHUTDOWN, INVALID_XID, &cf.ckpt, sizeof cf.ckpt);
    wal_flush(end);
    cf.checkpoint_lsn = start;
    cf.state = DB_STATE_SHUTDOWN;
    cf.timeline = WAL_TIMELINE;
    control_write(&cf);
}

/* Replay from redo to the end of valid WAL; returns its end, the last record's start. */
static Lsn
wal_replay(Lsn redo, Lsn checkpoint_lsn, Lsn *last_start, Xid *max_xid)
{
    WalReader r;
    const WalRecordHeader *hdr;
    const uint8_t *body;
    Lsn end = redo;
    uint64_t nrecords = 0;
    bool saw_checkpoint = false;

    wal_reader_init(&r, redo);
    *last_start = INVALID_LSN;
    while (wal_reader_next(&r, &hdr, &body, &end)) {
        if (r.prev == checkpoint_lsn)
            saw_checkpoint = true;
        if (hdr->xid > *max_xid)
            *max_xid = hdr->xid;
        wal_redo_record(hdr, body, end);
        *last_start = r.prev;
        nrecords++;
    }
    end = r.pos;
    wal_reader_close(&r);
    if (!saw_checkpoint)
        ereport(FATAL,
                err_code(SQLSTATE_DATA_CORRUPTED),
                err_msg("could not locate a valid checkpoint record"),
                err_detail("The control file names a checkpoint at %llX.",
                           (unsigned long long)checkpoint_lsn));
    elog_log(LOG,
             "redo done at %llX: %llu records replayed",
             (unsigned long long)end,
             (unsigned long long)nrecords);
    return end;
}

void
storage_startup_recovery(void)
{
    ControlFile cf;
    Lsn last_start;
    Xid max_xid = INVALID_XID;

    if (!control_read(&cf))
        ereport(FATAL,
                err_code(SQLSTATE_DATA_CORRUPTED),
                err_msg("control file \"%s/control\" is missing or corrupt",
                        oak_settings.data_dir));
    if (cf.state != DB_STATE_SHUTDOWN)
        elog_log(LOG, "database system was not properly shut down; automatic recovery in progress");
    atomic_store(&wal_shared->in_recovery, true);
    xact_advance_next_xid(cf.ckpt.next_xid);
    oid_advance_next(cf.ckpt.next_oid);
    clog_create();

    Lsn end = wal_replay(cf.ckpt.redo, cf.checkpoint_lsn, &last_start, &max_xid);

    xact_advance_next_xid(max_xid + 1);
    wal_finish_database_drops(); /* after the next xid: clog_status needs it */
    wal_truncate_tail(end);
    wal_set_position(end, last_start);
    atomic_store(&wal_shared->redo_lsn, cf.ckpt.redo);
    atomic_store(&wal_shared->in_recovery, false);
    checkpoint_now(false); /* invariant 8 */
}
