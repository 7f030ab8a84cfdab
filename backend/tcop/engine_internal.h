/*
 * engine_internal.h
 *     Private to backend/tcop: the statement driver's pieces that the extended query
 *     protocol (engine_extended.c) shares with the simple-Query path (engine.c).
 */
#ifndef OAK_ENGINE_INTERNAL_H
#define OAK_ENGINE_INTERNAL_H

#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>

#include "oak/catalog/catalog.h"
#include "oak/storage/lock.h"

extern MemCtx *stmt_cx;

/* Failed-block check, implicit transaction start, catalog cache sync. */
void engine_statement_begin(PgQuery__Node *stmt);
/*
 * One statement through the transaction-block state machine, its CommandComplete
 * included; last: commit an implicit transaction afterwards.
 */
void engine_statement(PgQuery__Node *stmt, const char *sql, bool last);
bool engine_allowed_when_failed(PgQuery__Node *stmt);
/* Run one statement inside the current transaction; writes its command tag. */
void engine_run_statement(PgQuery__Node *stmt, const char *sql, char *tag, size_t taglen);
/* SQL PREPARE name [(types)] AS stmt; EXECUTE name [(args)] (engine_extended.c). */
const char *engine_prepare_sql(PgQuery__PrepareStmt *p, const char *sql);
void engine_execute_sql(PgQuery__ExecuteStmt *e, const char *sql, char *tag, size_t taglen);
void engine_lock_rel(const RelDesc *rel, LockMode mode);
void __attribute__((noreturn)) engine_syntax_error(PgQueryError *e);
/* Drop every portal (transaction end, error): engine_extended.c. */
void engine_portals_drop_all(void);

#endif /* OAK_ENGINE_INTERNAL_H */
