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

/* 'I' idle, 'T' in a transaction block, 'E' in a failed transaction block. */
char engine_xact_status(void);

/*
 * Bootstrap mode (oakd --boot, run by oakctl init): create the cluster's storage and its
 * catalog (template1 and postgres, role superuser, and database extra_db unless NULL),
 * checkpoint, return 0 on success.
 */
int engine_bootstrap(const char *superuser, const char *extra_db);

#endif /* OAK_TCOP_ENGINE_H */
