/*
 * engine.c
 *     The statement driver: parse a simple-Query message with libpg_query, then for each
 *     statement analyze, lock, snapshot, execute, commit, and send the command tag. An
 *     ERROR aborts the statement's transaction, is reported, and skips the rest of the
 *     message, as PostgreSQL does.
 *
 * Transactions (this slice): every statement is its own transaction. Statements that write
 * (INSERT, UPDATE, DELETE, DDL) get an xid and take write locks on what they change before
 * their snapshot; SELECT needs neither, so reads never write WAL.
 */
#include "oak/oak.h"

#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>
#include <stdio.h>

#include "oak/tcop/engine.h"
#include "oak/tcop/dest.h"
#include "oak/tcop/tcop.h"
#include "oak/access/xact.h"
#include "oak/catalog/catalog.h"
#include "oak/commands/commands.h"
#include "oak/executor/executor.h"
#include "oak/parser/analyze.h"
#include "oak/storage/ipc.h"
#include "oak/storage/lmgr.h"
#include "oak/utils/adt.h"

typedef PgQuery__Node Node;

static MemCtx *stmt_cx;     /* one statement: analysis, plan, execution */
static bool xact_open;      /* an xid is assigned and not yet committed or aborted */

static void
engine_interrupt_hook(void)
{
    tcop_check_interrupts();
}

void
engine_backend_init(const char *dbname, const char *username, bool *is_superuser)
{
    Oid db;
    Oid role;
    bool super = false;

    adt_interrupt_hook = engine_interrupt_hook;
    stmt_cx = mcx_create(mcx_top, "StatementContext");
    MemCtx *old = mcx_switch(stmt_cx);
    cat_my_db = 0;
    if (!cat_database_oid(dbname, &db))
        ereport(FATAL,
                err_code(SQLSTATE_INVALID_CATALOG_NAME),
                err_msg("database \"%s\" does not exist", dbname));
    if (!cat_role_oid(username, &role, &super))
        ereport(FATAL,
                err_code(SQLSTATE_INVALID_AUTHORIZATION_SPECIFICATION),
                err_msg("role \"%s\" does not exist", username));
    cat_my_db = db;
    cat_my_role = role;
    mcx_switch(old);
    mcx_reset(stmt_cx);
    *is_superuser = super;
}

char
engine_xact_status(void)
{
    return 'I';
}

static void
engine_begin_write(void)
{
    if (!xact_open) {
        xact_begin();
        xact_open = true;
    }
}

static void
engine_lock(Oid rel)
{
    LockTarget t = {cat_my_db, rel};
    lock_tables_write(&t, 1);
}

static void
engine_lock_ddl(void)
{
    LockTarget t[8];
    int n = cat_ddl_lock_targets(t, 8);
    lock_tables_write(t, n);
}

static Snapshot *
engine_snapshot(void)
{
    Snapshot *s = snap_take();
    s->curcid = 0;
    cat_current_snapshot = s;
    return s;
}

static void
engine_commit(void)
{
    if (xact_open) {
        xact_commit();
        xact_open = false;
        cmd_at_commit();
    }
    lock_release_all();
    cat_current_snapshot = NULL;
}

static void
engine_abort(void)
{
    storage_abort_cleanup();
    if (xact_open) {
        xact_abort();
        xact_open = false;
    }
    cmd_at_abort();
    lock_release_all();
    cat_current_snapshot = NULL;
}

static const char *
engine_utility(Node *n, const char *sql)
{
    switch (n->node_case) {
    case PG_QUERY__NODE__NODE_CREATE_STMT:
        return cmd_create_table(n->create_stmt, sql);
    case PG_QUERY__NODE__NODE_DROP_STMT:
        return cmd_drop(n->drop_stmt, sql);
    case PG_QUERY__NODE__NODE_VARIABLE_SHOW_STMT:
        return cmd_show(n->variable_show_stmt);
    case PG_QUERY__NODE__NODE_TRANSACTION_STMT:
        ereport(ERROR,
                err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                err_msg("transaction blocks are not supported yet"),
                err_hint("Every statement runs as its own transaction."));
    default:
        ereport(ERROR,
                err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                err_msg("statement type %d is not supported yet", (int)n->node_case));
    }
}

static void
engine_run_statement(Node *stmt, const char *sql)
{
    char tag[64];
    adt_xact_start_timestamp = adt_timestamp_now();
    cat_cache_sync();

    if (cmd_writes_catalog(stmt)) {
        engine_begin_write();
        engine_lock_ddl();
        engine_snapshot();
        const char *t = engine_utility(stmt, sql);
        snprintf(tag, sizeof tag, "%s", t);
        engine_commit();
        cat_invalidate_all();
        dest_command_complete(tag);
        return;
    }

    Query *q = analyze_statement(stmt, sql);
    switch (q->cmd) {
    case CMD_SELECT: {
        Snapshot *snap = engine_snapshot();
        uint64_t n = exec_select(q, snap);
        snprintf(tag, sizeof tag, "SELECT %llu", (unsigned long long)n);
        break;
    }
    case CMD_INSERT: {
        engine_begin_write();
        engine_lock(q->target_rel->oid);
        Snapshot *snap = engine_snapshot();
        uint64_t n = exec_insert(q, snap);
        snprintf(tag, sizeof tag, "INSERT 0 %llu", (unsigned long long)n);
        break;
    }
    case CMD_UPDATE: {
        engine_begin_write();
        engine_lock(q->target_rel->oid);
        Snapshot *snap = engine_snapshot();
        uint64_t n = exec_update(q, snap);
        snprintf(tag, sizeof tag, "UPDATE %llu", (unsigned long long)n);
        break;
    }
    case CMD_DELETE: {
        engine_begin_write();
        engine_lock(q->target_rel->oid);
        Snapshot *snap = engine_snapshot();
        uint64_t n = exec_delete(q, snap);
        snprintf(tag, sizeof tag, "DELETE %llu", (unsigned long long)n);
        break;
    }
    case CMD_UTILITY: {
        engine_snapshot();
        const char *t = engine_utility(q->utility, sql);
        snprintf(tag, sizeof tag, "%s", t);
        break;
    }
    }
    engine_commit();
    dest_command_complete(tag);
}

/* Report a libpg_query syntax error as PostgreSQL does (42601 with the cursor position). */
static void __attribute__((noreturn))
engine_syntax_error(PgQueryError *e)
{
    char msg[512];
    snprintf(msg, sizeof msg, "%s", e->message);
    int pos = e->cursorpos;
    const char *state = SQLSTATE_SYNTAX_ERROR;
    if (strncmp(msg, "unterminated", 12) == 0 || strstr(msg, "zero-length delimited") != NULL)
        state = SQLSTATE_SYNTAX_ERROR;
    ereport(ERROR, err_code(state), err_msg("%s", msg), err_position(pos));
}

void
engine_exec_simple_query(const char *query)
{
    volatile PgQueryProtobufParseResult pr = {0};
    PgQuery__ParseResult *volatile tree = NULL;

    mcx_reset(stmt_cx);
    MemCtx *old = mcx_switch(stmt_cx);
    err_try();
    {
        pr = pg_query_parse_protobuf(query);
        if (pr.error)
            engine_syntax_error(pr.error);
        tree = pg_query__parse_result__unpack(NULL, pr.parse_tree.len,
                                              (const uint8_t *)pr.parse_tree.data);
        if (tree == NULL)
            elog_internal("could not unpack the parse tree");
        if (tree->n_stmts == 0)
            dest_empty_query();
        for (size_t i = 0; i < tree->n_stmts; i++) {
            tcop_check_interrupts();
            engine_run_statement(tree->stmts[i]->stmt, query);
            mcx_reset(stmt_cx);
        }
    }
    err_catch();
    {
        mcx_switch(stmt_cx);
        engine_abort();
        err_emit_current();
        err_clear();
    }
    err_end_try();
    if (tree)
        pg_query__parse_result__free_unpacked(tree, NULL);
    pg_query_free_protobuf_parse_result(pr);
    mcx_switch(old);
    mcx_reset(stmt_cx);
}

int
engine_bootstrap(const char *superuser, const char *extra_db)
{
    stmt_cx = mcx_create(mcx_top, "StatementContext");
    MemCtx *old = mcx_switch(stmt_cx);
    storage_init_cluster();
    storage_startup_recovery();
    if (!proc_attach())
        elog_internal("no proc array slot for bootstrap");
    xact_begin();
    cat_current_snapshot = snap_take();
    cat_bootstrap(superuser, extra_db);
    xact_commit();
    cat_current_snapshot = NULL;
    checkpoint_now(true);
    proc_detach();
    mcx_switch(old);
    return 0;
}
