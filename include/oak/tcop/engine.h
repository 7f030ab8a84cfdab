/*
 * engine.h
 *     The SQL engine as tcop sees it: attach a backend to a database, run a simple-Query
 *     message, bootstrap a new cluster's catalog.
 */
#ifndef OAK_TCOP_ENGINE_H
#define OAK_TCOP_ENGINE_H

#include "oak/oak.h"

/*
 * Attach this backend to database dbname as role username; raises FATAL 3D000 if the
 * database does not exist, FATAL 28000 if the role does not. Returns the role's superuser
 * flag through is_superuser.
 */
void engine_backend_init(const char *dbname, const char *username, bool *is_superuser);

/*
 * Run every statement of one simple-Query message, each in its own transaction (implicit
 * transaction). Results and errors go out through dest.h and err_emit_hook; an ERROR is
 * caught here, reported, and the rest of the message is skipped, as PostgreSQL does. On
 * return the caller sends ReadyForQuery with engine_xact_status().
 */
void engine_exec_simple_query(const char *query);

/*
 * The extended query protocol (engine_extended.c). Each returns false after an ERROR,
 * which it has reported (the caller then skips messages until Sync).
 *   engine_parse: Parse; types[i] 0 = infer.
 *   engine_bind: Bind; lens[i] -1 = NULL; formats 0 text / 1 binary, as the message has
 *   them (0, 1 or one per parameter / result column).
 *   engine_describe: kind 'S' (statement: ParameterDescription + RowDescription or
 *   NoData) or 'P' (portal).
 *   engine_execute: Execute with max_rows (0: all); PortalSuspended when more remain.
 *   engine_close: kind 'S' or 'P'; closing something absent is no error.
 *   engine_sync: commit an implicit transaction (reporting an error there); the caller
 *   then sends ReadyForQuery.
 */
bool engine_parse(const char *name, const char *query, int ntypes, const Oid *types);
bool engine_bind(const char *portal,
                 const char *stmt,
                 int nfmt,
                 const int16_t *fmts,
                 int nparams,
                 const int32_t *lens,
                 const uint8_t *const *vals,
                 int nres,
                 const int16_t *res_fmts);
bool engine_describe(char kind, const char *name);
bool engine_execute(const char *portal, int64_t max_rows);
void engine_close(char kind, const char *name);
void engine_sync(void);
/*
 * SQL cursors (engine_extended.c): DECLARE (in a transaction block; a portal named after
 * the cursor, so Describe and Execute of that portal work too), FETCH / MOVE FORWARD
 * (*count: rows fetched or passed), CLOSE name | ALL. Each returns its command tag.
 */
const char *engine_declare_cursor(void *raw);
const char *engine_fetch(void *raw, uint64_t *count);
const char *engine_close_cursor(void *raw);
/* DEALLOCATE name / DEALLOCATE ALL (name NULL): returns the command tag. */
const char *engine_deallocate(const char *name);

/* 'I' idle, 'T' in a transaction block, 'E' in a failed transaction block. */
char engine_xact_status(void);

/*
 * Bootstrap mode (oakd --boot, run by oakctl init): create the cluster's storage and its
 * catalog (template1 and postgres, role superuser, and database extra_db unless NULL),
 * checkpoint, return 0 on success.
 */
int engine_bootstrap(const char *superuser, const char *extra_db);

#endif /* OAK_TCOP_ENGINE_H */
