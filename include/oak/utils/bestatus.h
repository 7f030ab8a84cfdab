/*
 * bestatus.h
 *     What each backend is doing, for pg_stat_activity: one shared slot per proc-array slot,
 *     written only by its owner, read by anyone.
 *
 * Readers copy a slot without locks and retry while its change counter is odd or changed
 * during the copy (a writer increments it before and after each update), so a reader never
 * sees a half-written query text and a writer never waits.
 */
#ifndef OAK_UTILS_BESTATUS_H
#define OAK_UTILS_BESTATUS_H

#include "oak/oak.h"

enum { BESTATUS_QUERY_LEN = 1024, BESTATUS_NAME_LEN = 64 };

typedef enum BeState {
    BE_STATE_NONE = 0, /* slot unused or not a client backend */
    BE_STATE_IDLE,
    BE_STATE_ACTIVE,
    BE_STATE_IDLE_IN_XACT,
    BE_STATE_IDLE_IN_XACT_ABORTED,
} BeState;

typedef struct BeStatus {
    int pid;
    Oid db;
    Oid role;
    char db_name[BESTATUS_NAME_LEN];
    char role_name[BESTATUS_NAME_LEN];
    char application_name[BESTATUS_NAME_LEN];
    char backend_type[BESTATUS_NAME_LEN];
    int client_port; /* -1 for a Unix socket */
    int64_t backend_start_us; /* PostgreSQL timestamps: microseconds since 2000-01-01 */
    int64_t xact_start_us;    /* 0: none */
    int64_t query_start_us;
    int64_t state_change_us;
    BeState state;
    Xid xid;
    char query[BESTATUS_QUERY_LEN];
} BeStatus;

size_t bestatus_shmem_size(void);
void bestatus_shmem_init(uint8_t *mem);

/* The owner's updates (no-ops when the process has no proc slot). */
void bestatus_start(const char *backend_type, Oid db, const char *db_name, Oid role,
                    const char *role_name, int client_port);
void bestatus_set_application_name(const char *name);
void bestatus_report(BeState state, const char *query, int64_t xact_start_us, Xid xid);
void bestatus_clear(void);

/* A consistent copy of every used slot, in the current context; returns the count. */
int bestatus_snapshot(BeStatus **out);

/*
 * Client backends other than this one connected to database db (whose process still holds
 * a proc-array slot): the count, and up to max of their pids in pids (may be NULL).
 */
int bestatus_other_backends_in_db(Oid db, int *pids, int max);

#endif /* OAK_UTILS_BESTATUS_H */
