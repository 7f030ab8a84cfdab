/*
 * cat_views.c
 *     System views computed from shared memory when read: pg_locks (the lock manager's
 *     table) and pg_stat_activity (the backend status slots). They have pg_class rows of
 *     relkind 'v' and pg_attribute rows like any relation, and no storage.
 *
 * Columns follow PostgreSQL 15; where a type is missing the column is left out or typed
 * differently, as this folder's README lists (transactionid and backend_xid/xmin are
 * xid8, since OakDB's transaction ids are 64-bit; client_addr is left out).
 */
#include "oak/oak.h"

#include <stdio.h>

#include "cat_internal.h"
#include "oak/access/wal.h"
#include "oak/storage/lock.h"
#include "oak/utils/adt.h"
#include "oak/utils/bestatus.h"

static Datum
cat_text_datum(const char *s)
{
    return ptr_datum(text_from_cstr(s));
}

void
cat_view_alloc(int nrows, int ncols, Datum **values, bool **nulls)
{
    size_t n = (size_t)(nrows > 0 ? nrows : 1) * (size_t)ncols;
    *values = mcx_alloc0(sizeof(Datum) * n);
    *nulls = mcx_alloc(sizeof(bool) * n);
    memset(*nulls, 1, sizeof(bool) * n);
}

static const char *
cat_locktype_name(uint8_t kind)
{
    switch (kind) {
    case LOCKTAG_RELATION:
        return "relation";
    case LOCKTAG_TRANSACTION:
        return "transactionid";
    case LOCKTAG_TUPLE:
        return "tuple";
    case LOCKTAG_OBJECT:
        return "object";
    default:
        return "advisory";
    }
}

enum {
    LOCKS_LOCKTYPE,
    LOCKS_DATABASE,
    LOCKS_RELATION,
    LOCKS_PAGE,
    LOCKS_TUPLE,
    LOCKS_VIRTUALXID,
    LOCKS_TRANSACTIONID,
    LOCKS_CLASSID,
    LOCKS_OBJID,
    LOCKS_OBJSUBID,
    LOCKS_VIRTUALTRANSACTION,
    LOCKS_PID,
    LOCKS_MODE,
    LOCKS_GRANTED,
    LOCKS_FASTPATH,
    LOCKS_WAITSTART,
    LOCKS_NCOLS
};

int
cat_pg_locks_rows(Datum **values, bool **nulls)
{
    LockStatus *st;
    int n = lock_status_snapshot(&st);
    cat_view_alloc(n, LOCKS_NCOLS, values, nulls);
    for (int r = 0; r < n; r++) {
        Datum *v = *values + (size_t)r * LOCKS_NCOLS;
        bool *nl = *nulls + (size_t)r * LOCKS_NCOLS;
        const LockStatus *s = &st[r];
#define SET(col, val)                                                                              \
    do {                                                                                           \
        v[col] = (val);                                                                            \
        nl[col] = false;                                                                           \
    } while (0)
        SET(LOCKS_LOCKTYPE, cat_text_datum(cat_locktype_name(s->tag.kind)));
        switch (s->tag.kind) {
        case LOCKTAG_RELATION:
        case LOCKTAG_TUPLE:
            SET(LOCKS_DATABASE, oid_datum(s->tag.db));
            SET(LOCKS_RELATION, oid_datum(s->tag.rel));
            break;
        case LOCKTAG_TRANSACTION:
            SET(LOCKS_TRANSACTIONID, (Datum)s->tag.id);
            break;
        case LOCKTAG_OBJECT:
            SET(LOCKS_DATABASE, oid_datum(s->tag.db));
            SET(LOCKS_CLASSID, oid_datum(s->tag.rel));
            SET(LOCKS_OBJID, oid_datum((Oid)s->tag.id));
            SET(LOCKS_OBJSUBID, int16_datum(0));
            break;
        default:
            SET(LOCKS_DATABASE, oid_datum(s->tag.db));
            SET(LOCKS_OBJID, oid_datum((Oid)s->tag.id));
            SET(LOCKS_OBJSUBID, int16_datum(1));
            break;
        }
        SET(LOCKS_PID, int32_datum(s->pid));
        SET(LOCKS_MODE, cat_text_datum(lock_mode_name((LockTagKind)s->tag.kind, s->mode)));
        SET(LOCKS_GRANTED, bool_datum(s->granted));
        SET(LOCKS_FASTPATH, bool_datum(false));
        if (!s->granted && s->waitstart_us != 0)
            SET(LOCKS_WAITSTART,
                int64_datum(s->waitstart_us - (int64_t)ADT_UNIX_EPOCH_TO_PG_SECS * 1000000));
#undef SET
    }
    return n;
}

enum {
    ACT_DATID,
    ACT_DATNAME,
    ACT_PID,
    ACT_LEADER_PID,
    ACT_USESYSID,
    ACT_USENAME,
    ACT_APPLICATION_NAME,
    ACT_CLIENT_HOSTNAME,
    ACT_CLIENT_PORT,
    ACT_BACKEND_START,
    ACT_XACT_START,
    ACT_QUERY_START,
    ACT_STATE_CHANGE,
    ACT_WAIT_EVENT_TYPE,
    ACT_WAIT_EVENT,
    ACT_STATE,
    ACT_BACKEND_XID,
    ACT_BACKEND_XMIN,
    ACT_QUERY_ID,
    ACT_QUERY,
    ACT_BACKEND_TYPE,
    ACT_NCOLS
};

static const char *
cat_state_name(BeState s)
{
    switch (s) {
    case BE_STATE_IDLE:
        return "idle";
    case BE_STATE_ACTIVE:
        return "active";
    case BE_STATE_IDLE_IN_XACT:
        return "idle in transaction";
    case BE_STATE_IDLE_IN_XACT_ABORTED:
        return "idle in transaction (aborted)";
    default:
        return NULL;
    }
}

/* The lock a backend waits for, from the lock table: (type, event) as PostgreSQL names them. */
static bool
cat_wait_event(const LockStatus *locks, int nlocks, int pid, const char **type, const char **event)
{
    for (int i = 0; i < nlocks; i++) {
        if (locks[i].pid != pid || locks[i].granted)
            continue;
        *type = "Lock";
        *event = cat_locktype_name(locks[i].tag.kind);
        return true;
    }
    return false;
}

int
cat_pg_stat_activity_rows(Datum **values, bool **nulls)
{
    BeStatus *st;
    int n = bestatus_snapshot(&st);
    LockStatus *locks;
    int nlocks = lock_status_snapshot(&locks);
    cat_view_alloc(n, ACT_NCOLS, values, nulls);
    for (int r = 0; r < n; r++) {
        Datum *v = *values + (size_t)r * ACT_NCOLS;
        bool *nl = *nulls + (size_t)r * ACT_NCOLS;
        const BeStatus *s = &st[r];
#define SET(col, val)                                                                              \
    do {                                                                                           \
        v[col] = (val);                                                                            \
        nl[col] = false;                                                                           \
    } while (0)
        bool client = strcmp(s->backend_type, "client backend") == 0;
        if (s->db != 0) {
            SET(ACT_DATID, oid_datum(s->db));
            SET(ACT_DATNAME, cat_text_datum(s->db_name));
        }
        SET(ACT_PID, int32_datum(s->pid));
        if (s->role != 0) {
            SET(ACT_USESYSID, oid_datum(s->role));
            SET(ACT_USENAME, cat_text_datum(s->role_name));
        }
        SET(ACT_APPLICATION_NAME, cat_text_datum(s->application_name));
        if (client)
            SET(ACT_CLIENT_PORT, int32_datum(s->client_port));
        SET(ACT_BACKEND_START, int64_datum(s->backend_start_us));
        if (s->xact_start_us != 0)
            SET(ACT_XACT_START, int64_datum(s->xact_start_us));
        if (s->query_start_us != 0)
            SET(ACT_QUERY_START, int64_datum(s->query_start_us));
        SET(ACT_STATE_CHANGE, int64_datum(s->state_change_us));
        const char *wtype;
        const char *wevent;
        if (cat_wait_event(locks, nlocks, s->pid, &wtype, &wevent)) {
            SET(ACT_WAIT_EVENT_TYPE, cat_text_datum(wtype));
            SET(ACT_WAIT_EVENT, cat_text_datum(wevent));
        } else if (client && s->state == BE_STATE_IDLE) {
            SET(ACT_WAIT_EVENT_TYPE, cat_text_datum("Client"));
            SET(ACT_WAIT_EVENT, cat_text_datum("ClientRead"));
        }
        const char *state = cat_state_name(s->state);
        if (state && client)
            SET(ACT_STATE, cat_text_datum(state));
        if (s->xid != INVALID_XID)
            SET(ACT_BACKEND_XID, (Datum)s->xid);
        SET(ACT_QUERY, cat_text_datum(s->query));
        SET(ACT_BACKEND_TYPE, cat_text_datum(s->backend_type));
#undef SET
    }
    return n;
}

/*
 * pg_stat_wal: WAL activity since the server started. Timing columns are 0, as in
 * PostgreSQL with track_wal_io_timing off; stats_reset is NULL (never reset).
 */
int
cat_pg_stat_wal_rows(Datum **values, bool **nulls)
{
    WalStats st;
    wal_stats(&st);
    cat_view_alloc(1, 9, values, nulls);
    Datum *v = *values;
    bool *nl = *nulls;
    const uint64_t counts[] = {st.records, st.fpi, 0, st.buffers_full, st.writes, st.syncs};
    for (int i = 0; i < 6; i++) {
        v[i] = int64_datum((int64_t)counts[i]);
        nl[i] = false;
    }
    v[2] = adt_numeric_from_int64((int64_t)st.bytes);
    v[6] = float8_datum(0.0);
    nl[6] = false;
    v[7] = float8_datum(0.0);
    nl[7] = false;
    return 1;
}
