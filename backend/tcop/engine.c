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
#include "engine_internal.h"
#include "xact_internal.h"
#include "oak/commands/settings.h"
#include "oak/utils/acl.h"
#include "oak/utils/bestatus.h"
#include "oak/access/xact.h"
#include "oak/catalog/catalog.h"
#include "oak/commands/commands.h"
#include "oak/executor/executor.h"
#include "oak/parser/analyze.h"
#include "oak/storage/ipc.h"
#include "oak/storage/lock.h"
#include "oak/utils/adt.h"

typedef PgQuery__Node Node;

MemCtx *stmt_cx;                    /* one statement: analysis, plan, execution */
static MemCtx *tree_cx;             /* the unpacked parse tree of the current message */
static bool engine_multi_statement; /* the current message holds several statements */

/*
 * protobuf-c allocates the unpacked tree through this: nodes land in tree_cx, which is
 * emptied per message, so no per-node free is needed (it was a tenth of a bulk load).
 */
static void *
engine_pb_alloc(void *data, size_t size)
{
    (void)data;
    return mcx_alloc_in(tree_cx, size);
}

static void
engine_pb_free(void *data, void *ptr)
{
    (void)data;
    (void)ptr;
}

static ProtobufCAllocator engine_pb_allocator = {engine_pb_alloc, engine_pb_free, NULL};

static void
engine_interrupt_hook(void)
{
    tcop_check_interrupts();
}

/* pg_current_xact_id(): the top-level xid, assigned on demand as PostgreSQL does. */
static Xid
engine_current_xid(bool assign)
{
    if (xact_current_xid() == INVALID_XID && assign && xb.state != XB_IDLE)
        (void)xact_begin();
    return xact_current_xid();
}

/* regrole input: a role's OID by name, 0 if none. */
static Oid
engine_role_oid(const char *name)
{
    Oid role;
    return cat_role_oid(name, &role, NULL) ? role : INVALID_OID;
}

static Oid
engine_object_oid(char kind, const char *name)
{
    if (kind == ACL_OBJ_TABLE)
        return cat_regclass_lookup(name);
    if (kind == ACL_OBJ_SCHEMA)
        return cat_namespace_oid(name);
    CatDatabase d;
    return cat_database_by_name(name, &d) ? d.oid : INVALID_OID;
}

static uint32_t
engine_object_privileges(char kind, Oid oid, Oid role, uint32_t mask, bool *exists)
{
    return cat_object_privileges(kind, oid, role, mask, exists);
}

static uint32_t
engine_object_grant_options(char kind, Oid oid, Oid role, uint32_t mask)
{
    return cat_object_grant_options(kind, oid, role, mask);
}

static Oid
engine_current_role(void)
{
    return cat_my_role;
}

/* nextval / setval write a sequence page: as any write, not in a read-only transaction. */
static void
engine_seq_write(const char *what)
{
    xb_check_writable(what);
    (void)xb_write_xid();
}

/* What the SQL machinery calls back into, for sessions and for bootstrap's SQL step. */
static void
engine_set_hooks(void)
{
    adt_interrupt_hook = engine_interrupt_hook;
    adt_regclass_lookup_hook = cat_regclass_lookup;
    adt_regclass_name_hook = cat_relation_name;
    adt_role_name_hook = cat_role_name_copy;
    adt_role_oid_hook = engine_role_oid;
    adt_object_oid_hook = engine_object_oid;
    adt_object_privileges_hook = engine_object_privileges;
    adt_object_grant_options_hook = engine_object_grant_options;
    adt_current_role_hook = engine_current_role;
    adt_rel_visible_hook = cat_relation_visible;
    adt_namespace_lookup_hook = cat_namespace_oid;
    adt_namespace_name_hook = cat_namespace_name;
    adt_role_lookup_hook = engine_role_oid;
    cat_settings_rows_hook = settings_pg_settings_rows;
    adt_type_lookup_hook = cat_type_lookup;
    adt_type_name_hook = cat_type_name;
    adt_current_xid_hook = engine_current_xid;
    cmd_sequence_init();
    cmd_seq_write_hook = engine_seq_write;
}

void
engine_backend_init(const char *dbname, const char *username, bool *is_superuser)
{
    Oid db;
    Oid role;
    bool super = false;

    engine_set_hooks();
    stmt_cx = mcx_create(mcx_top, "StatementContext");
    tree_cx = mcx_create(mcx_top, "ParseTreeContext");
    xb_init();
    settings_init_session();
    const char *app = tcop_startup_option("application_name");
    if (app != NULL)
        snprintf(session_settings.application_name,
                 sizeof session_settings.application_name,
                 "%s",
                 app);
    settings_apply_startup(tcop_startup_option);
    settings_report_changes(NULL); /* the session start announces these values */
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
    if (!cat_role_can_login(role))
        ereport(FATAL,
                err_code(SQLSTATE_INVALID_AUTHORIZATION_SPECIFICATION),
                err_msg("role \"%s\" is not permitted to log in", username));
    cat_my_db = db;
    cmd_session_role_init(role, super);
    cmd_session_role_report(NULL); /* the session start announces these values */
    mcx_switch(old);
    mcx_reset(stmt_cx);
    xact_set_xmin(INVALID_XID); /* the lookups above must not hold back vacuum */
    *is_superuser = super;
}

char
engine_xact_status(void)
{
    switch (xb.state) {
    case XB_EXPLICIT:
        return 'T';
    case XB_FAILED:
        return 'E';
    default:
        return 'I';
    }
}

void
engine_lock_rel(const RelDesc *rel, LockMode mode)
{
    LockTag tag = {.kind = LOCKTAG_RELATION, .db = rel->shared ? 0 : cat_my_db, .rel = rel->oid};
    (void)lock_acquire(&tag, mode, LOCK_WAIT_BLOCK);
}

/* DDL changes the catalogs one statement at a time: EXCLUSIVE on each, in OID order. */
static void
engine_lock_ddl(void)
{
    Oid cats[16];
    int n = cat_ddl_catalogs(cats, 16);
    for (int i = 0; i < n; i++) {
        LockTag tag = {.kind = LOCKTAG_RELATION, .db = cat_my_db, .rel = cats[i]};
        (void)lock_acquire(&tag, EXCLUSIVE_LOCK, LOCK_WAIT_BLOCK);
    }
}

/*
 * LOCK TABLE's privilege, as PostgreSQL 15: ACCESS SHARE needs SELECT; ROW EXCLUSIVE one of
 * INSERT, UPDATE, DELETE, TRUNCATE; stronger modes one of UPDATE, DELETE, TRUNCATE.
 */
static void
engine_check_lock_privilege(RelDesc *rel, int mode)
{
    uint32_t any = mode == ACCESS_SHARE_LOCK ? ACL_SELECT
                   : mode == ROW_EXCLUSIVE_LOCK
                       ? ACL_INSERT | ACL_UPDATE | ACL_DELETE | ACL_TRUNCATE
                       : ACL_UPDATE | ACL_DELETE | ACL_TRUNCATE;
    bool exists;
    if (cat_object_privileges(ACL_OBJ_TABLE, rel->oid, cat_my_role, any, &exists) != 0 || !exists)
        return;
    ereport(ERROR,
            err_code(SQLSTATE_INSUFFICIENT_PRIVILEGE),
            err_msg("permission denied for table %s", rel->name));
}

/* LOCK [TABLE] name [, ...] [IN mode MODE] [NOWAIT] */
static const char *
engine_lock_table(PgQuery__LockStmt *ls)
{
    if (xb.state != XB_EXPLICIT)
        ereport(ERROR,
                err_code("25P01"),
                err_msg("LOCK TABLE can only be used in transaction blocks"));
    for (size_t i = 0; i < ls->n_relations; i++) {
        PgQuery__RangeVar *rv = ls->relations[i]->range_var;
        const char *schema = rv->schemaname && rv->schemaname[0] ? rv->schemaname : NULL;
        RelDesc *rel = cat_lookup_relation(schema, rv->relname);
        if (rel == NULL)
            ereport(ERROR,
                    err_code(SQLSTATE_UNDEFINED_TABLE),
                    err_msg("relation \"%s\" does not exist", rv->relname));
        if (rel->kind != 'r')
            ereport(ERROR,
                    err_code(SQLSTATE_WRONG_OBJECT_TYPE),
                    err_msg("\"%s\" is not a table", rv->relname));
        engine_check_lock_privilege(rel, ls->mode);
        LockTag tag = {.kind = LOCKTAG_RELATION,
                       .db = rel->shared ? 0 : cat_my_db,
                       .rel = rel->oid};
        if (!lock_acquire(&tag, ls->mode, ls->nowait ? LOCK_WAIT_SKIP : LOCK_WAIT_BLOCK))
            ereport(ERROR,
                    err_code(SQLSTATE_LOCK_NOT_AVAILABLE),
                    err_msg("could not obtain lock on relation \"%s\"", rv->relname));
    }
    return "LOCK TABLE";
}

/* BEGIN / START TRANSACTION options: isolation level, READ ONLY / READ WRITE. */
static void
engine_begin_options(PgQuery__TransactionStmt *ts)
{
    for (size_t i = 0; i < ts->n_options; i++) {
        PgQuery__DefElem *d = ts->options[i]->def_elem;
        PgQuery__AConst *c = d->arg->a_const;
        if (strcmp(d->defname, "transaction_isolation") == 0)
            xblock_set_isolation(settings_parse_isolation(c->sval->sval));
        else if (strcmp(d->defname, "transaction_read_only") == 0)
            xblock_set_read_only(c->ival->ival != 0);
    }
}

static const char *
engine_transaction_stmt(PgQuery__TransactionStmt *ts)
{
    switch (ts->kind) {
    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_BEGIN:
    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_START:
        if (xb.state == XB_EXPLICIT || xb.state == XB_FAILED) {
            ereport(WARNING,
                    err_code("25001"),
                    err_msg("there is already a transaction in progress"));
        } else {
            xb.state = XB_EXPLICIT;
            engine_begin_options(ts);
        }
        return "BEGIN";
    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_COMMIT:
        if (xb.state == XB_FAILED) {
            xb_abort();
            return "ROLLBACK";
        }
        if (xb.state != XB_EXPLICIT)
            ereport(WARNING, err_code("25P01"), err_msg("there is no transaction in progress"));
        /*
         * A COMMIT that fails (40001 from SSI) ends the block all the same, as PostgreSQL's
         * does: the error path then rolls back the whole transaction and leaves no block.
         */
        xb.state = XB_IMPLICIT;
        xb_commit();
        return "COMMIT";
    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_ROLLBACK:
        if (xb.state != XB_EXPLICIT && xb.state != XB_FAILED)
            ereport(WARNING, err_code("25P01"), err_msg("there is no transaction in progress"));
        xb_abort();
        return "ROLLBACK";
    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_SAVEPOINT:
        xb_savepoint(ts->savepoint_name);
        return "SAVEPOINT";
    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_RELEASE:
        xb_release(ts->savepoint_name);
        return "RELEASE";
    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_ROLLBACK_TO:
        xb_rollback_to(ts->savepoint_name);
        return "ROLLBACK";
    default:
        ereport(ERROR,
                err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                err_msg("prepared transactions are not supported"));
    }
}

/* Statements a failed transaction block still accepts (invariant 1). */
bool
engine_allowed_when_failed(Node *stmt)
{
    if (stmt->node_case != PG_QUERY__NODE__NODE_TRANSACTION_STMT)
        return false;
    PgQuery__TransactionStmtKind k = stmt->transaction_stmt->kind;
    return k == PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_COMMIT ||
           k == PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_ROLLBACK ||
           k == PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_ROLLBACK_TO;
}

static const char *
engine_object_name(PgQuery__Node *object)
{
    if (object != NULL && object->node_case == PG_QUERY__NODE__NODE_STRING)
        return object->string->sval;
    return "";
}

/* ALTER ... RENAME TO: databases for now. */
static const char *
engine_rename(PgQuery__RenameStmt *rs)
{
    if (rs->rename_type == PG_QUERY__OBJECT_TYPE__OBJECT_DATABASE)
        return cmd_rename_database(rs->subname, rs->newname);
    ereport(ERROR,
            err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
            err_msg("this RENAME statement is not supported yet"));
}

/* ALTER ... OWNER TO: databases for now. */
static const char *
engine_alter_owner(PgQuery__AlterOwnerStmt *as)
{
    PgQuery__RoleSpec *rs = as->newowner;
    const char *owner = rs->roletype == PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_CSTRING
                            ? rs->rolename
                            : cat_role_name(cat_my_role);
    if (as->object_type == PG_QUERY__OBJECT_TYPE__OBJECT_DATABASE)
        return cmd_alter_database_owner(engine_object_name(as->object), owner);
    if (as->object_type == PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA)
        return cmd_alter_schema_owner(engine_object_name(as->object), rs);
    ereport(ERROR,
            err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
            err_msg("this OWNER TO statement is not supported yet"));
}

/* CREATE / DROP DATABASE: alone, outside any transaction block (as VACUUM). */
static void
engine_prevent_in_block(Node *stmt)
{
    const char *what = stmt->node_case == PG_QUERY__NODE__NODE_CREATEDB_STMT ? "CREATE DATABASE"
                       : stmt->node_case == PG_QUERY__NODE__NODE_DROPDB_STMT ? "DROP DATABASE"
                                                                             : NULL;
    if (what != NULL && (xb.state != XB_IMPLICIT || engine_multi_statement))
        ereport(ERROR,
                err_code("25001"),
                err_msg("%s cannot run inside a transaction block", what));
}

static const char *
engine_utility(Node *n, const char *sql)
{
    switch (n->node_case) {
    case PG_QUERY__NODE__NODE_CREATE_STMT:
        return cmd_create_table(n->create_stmt, sql);
    case PG_QUERY__NODE__NODE_VIEW_STMT:
        return cmd_create_view(n->view_stmt, sql);
    case PG_QUERY__NODE__NODE_CREATE_SEQ_STMT:
        return cmd_create_sequence(n->create_seq_stmt);
    case PG_QUERY__NODE__NODE_ALTER_SEQ_STMT:
        return cmd_alter_sequence(n->alter_seq_stmt);
    case PG_QUERY__NODE__NODE_DROP_STMT:
        return cmd_drop(n->drop_stmt, sql);
    case PG_QUERY__NODE__NODE_INDEX_STMT:
        return cmd_create_index(n->index_stmt, sql);
    case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT:
        return cmd_alter_table(n->alter_table_stmt);
    case PG_QUERY__NODE__NODE_DECLARE_CURSOR_STMT:
        return engine_declare_cursor(n->declare_cursor_stmt);
    case PG_QUERY__NODE__NODE_CLOSE_PORTAL_STMT:
        return engine_close_cursor(n->close_portal_stmt);
    case PG_QUERY__NODE__NODE_DEALLOCATE_STMT: {
        const char *name = n->deallocate_stmt->name;
        return engine_deallocate(name && name[0] ? name : NULL);
    }
    case PG_QUERY__NODE__NODE_TRUNCATE_STMT:
        return cmd_truncate(n->truncate_stmt);
    case PG_QUERY__NODE__NODE_CREATE_SCHEMA_STMT:
        return cmd_create_schema(n->create_schema_stmt);
    case PG_QUERY__NODE__NODE_CREATE_ROLE_STMT:
        return cmd_create_role(n->create_role_stmt);
    case PG_QUERY__NODE__NODE_ALTER_ROLE_STMT:
        return cmd_alter_role(n->alter_role_stmt);
    case PG_QUERY__NODE__NODE_DROP_ROLE_STMT:
        return cmd_drop_role(n->drop_role_stmt);
    case PG_QUERY__NODE__NODE_GRANT_STMT:
        return cmd_grant(n->grant_stmt);
    case PG_QUERY__NODE__NODE_CREATEDB_STMT:
        return cmd_create_database(n->createdb_stmt);
    case PG_QUERY__NODE__NODE_DROPDB_STMT:
        return cmd_drop_database(n->dropdb_stmt);
    case PG_QUERY__NODE__NODE_ALTER_DATABASE_STMT:
        return cmd_alter_database(n->alter_database_stmt);
    case PG_QUERY__NODE__NODE_RENAME_STMT:
        return engine_rename(n->rename_stmt);
    case PG_QUERY__NODE__NODE_ALTER_OWNER_STMT:
        return engine_alter_owner(n->alter_owner_stmt);
    case PG_QUERY__NODE__NODE_COMMENT_STMT:
        return cmd_comment(n->comment_stmt);
    case PG_QUERY__NODE__NODE_VARIABLE_SHOW_STMT:
        return settings_show(n->variable_show_stmt);
    case PG_QUERY__NODE__NODE_VARIABLE_SET_STMT:
        return settings_set(n->variable_set_stmt);
    case PG_QUERY__NODE__NODE_TRANSACTION_STMT:
        return engine_transaction_stmt(n->transaction_stmt);
    case PG_QUERY__NODE__NODE_LOCK_STMT:
        return engine_lock_table(n->lock_stmt);
    case PG_QUERY__NODE__NODE_CHECK_POINT_STMT:
        /* Every OakDB role is a superuser for now (roles are issue #6). */
        checkpoint_now(false);
        return "CHECKPOINT";
    case PG_QUERY__NODE__NODE_VACUUM_STMT:
        /* Not in a block, nor in the implicit block of a multi-statement message. */
        if (xb.state != XB_IMPLICIT || engine_multi_statement)
            ereport(ERROR,
                    err_code("25001"),
                    err_msg("%s cannot run inside a transaction block",
                            n->vacuum_stmt->is_vacuumcmd ? "VACUUM" : "ANALYZE"));
        return cmd_vacuum(n->vacuum_stmt);
    default:
        ereport(ERROR,
                err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                err_msg("statement type %d is not supported yet", (int)n->node_case));
    }
}

static const char *
engine_cmd_name(CmdType cmd)
{
    switch (cmd) {
    case CMD_INSERT:
        return "INSERT";
    case CMD_UPDATE:
        return "UPDATE";
    case CMD_DELETE:
        return "DELETE";
    default:
        return "SELECT";
    }
}

/* Quote an identifier for SQL text the engine builds itself. */
static void
engine_quote_ident(StrBuf *sb, const char *name)
{
    sb_append_char(sb, '"');
    for (const char *p = name; *p; p++) {
        if (*p == '"')
            sb_append_char(sb, '"');
        sb_append_char(sb, *p);
    }
    sb_append_char(sb, '"');
}

/* Parse one statement the engine wrote itself (nodes in tree_cx, like the message's). */
static Node *
engine_parse_internal(const char *sql)
{
    PgQueryProtobufParseResult pr = pg_query_parse_protobuf(sql);
    if (pr.error) {
        pg_query_free_protobuf_parse_result(pr);
        elog_internal("internal statement does not parse: %s", sql);
    }
    PgQuery__ParseResult *tree =
        pg_query__parse_result__unpack(&engine_pb_allocator,
                                       pr.parse_tree.len,
                                       (const uint8_t *)pr.parse_tree.data);
    pg_query_free_protobuf_parse_result(pr);
    if (tree == NULL || tree->n_stmts != 1)
        elog_internal("internal statement does not unpack: %s", sql);
    return tree->stmts[0]->stmt;
}

static const char *
engine_copy_relname(const PgQuery__RangeVar *rv)
{
    return rv->relname;
}

/* COPY ... FROM STDIN / TO STDOUT: relation, locks and snapshot here, data in cmd_copy.c. */
static void
engine_copy(PgQuery__CopyStmt *cs, const char *sql, char *tag, size_t taglen)
{
    if ((cs->filename && cs->filename[0]) || cs->is_program)
        ereport(ERROR,
                err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                err_msg("COPY to or from a file or program is not supported yet"),
                err_hint("Use COPY ... FROM STDIN or TO STDOUT (psql's \\copy)."));
    if (cs->where_clause)
        ereport(ERROR,
                err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                err_msg("COPY FROM ... WHERE is not supported yet"));
    CopyOptions o;
    cmd_copy_options(cs->options, cs->n_options, cs->is_from, &o);
    Query *q;
    if (cs->query != NULL) {
        q = analyze_statement(cs->query, sql);
        if (q->cmd != CMD_SELECT)
            ereport(ERROR,
                    err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                    err_msg("COPY query must be a SELECT"));
    } else {
        PgQuery__RangeVar *rv = cs->relation;
        const char *schema = rv->schemaname && rv->schemaname[0] ? rv->schemaname : NULL;
        RelDesc *rel = cat_lookup_relation(schema, rv->relname);
        if (rel == NULL)
            ereport(ERROR,
                    err_code(SQLSTATE_UNDEFINED_TABLE),
                    err_msg("relation \"%s\" does not exist", engine_copy_relname(rv)));
        if (rel->kind == 'v')
            ereport(ERROR,
                    err_code(SQLSTATE_WRONG_OBJECT_TYPE),
                    err_msg(cs->is_from ? "cannot copy to view \"%s\""
                                        : "cannot copy from view \"%s\"",
                            rel->name),
                    cs->is_from ? 0 : err_hint("Try the COPY (SELECT ...) TO variant."));
        if (rel->kind != 'r')
            ereport(ERROR,
                    err_code(SQLSTATE_WRONG_OBJECT_TYPE),
                    err_msg(cs->is_from ? "cannot copy to non-table relation \"%s\""
                                        : "cannot copy from non-table relation \"%s\"",
                            rel->name));
        int ncols = cs->n_attlist > 0 ? (int)cs->n_attlist : rel->natts;
        int *cols = mcx_alloc(sizeof(int) * (size_t)(ncols + 1));
        bool *seen = mcx_alloc0(sizeof(bool) * (size_t)(rel->natts + 1));
        for (int i = 0; i < ncols; i++) {
            if (cs->n_attlist == 0) {
                cols[i] = i;
                continue;
            }
            const char *name = cs->attlist[i]->string->sval;
            int c = -1;
            for (int a = 0; a < rel->natts && c < 0; a++)
                if (strcmp(rel->atts[a].name, name) == 0)
                    c = a;
            if (c < 0)
                ereport(ERROR,
                        err_code(SQLSTATE_UNDEFINED_COLUMN),
                        err_msg("column \"%s\" of relation \"%s\" does not exist",
                                name,
                                rel->name));
            if (seen[c])
                ereport(ERROR,
                        err_code(SQLSTATE_DUPLICATE_COLUMN),
                        err_msg("column \"%s\" specified more than once", name));
            seen[c] = true;
            cols[i] = c;
        }
        if (cs->is_from) {
            cat_check_relation_privilege(rel, ACL_INSERT);
            xb_check_writable("COPY FROM");
            (void)xb_write_xid();
            engine_lock_rel(rel, ROW_EXCLUSIVE_LOCK);
            Snapshot *snap = xb_statement_snapshot(true);
            uint64_t n = cmd_copy_from(rel, cols, ncols, &o, snap);
            snprintf(tag, taglen, "COPY %llu", (unsigned long long)n);
            return;
        }
        StrBuf sel;
        sb_init(&sel);
        sb_append(&sel, "SELECT ");
        for (int i = 0; i < ncols; i++) {
            if (i > 0)
                sb_append(&sel, ", ");
            engine_quote_ident(&sel, rel->atts[cols[i]].name);
        }
        sb_append(&sel, " FROM ");
        engine_quote_ident(&sel, cat_namespace_name(rel->namespace));
        sb_append(&sel, ".");
        engine_quote_ident(&sel, rel->name);
        q = analyze_statement(engine_parse_internal(sel.data), sel.data);
    }
    if (q->from_kind == FROM_TABLE)
        engine_lock_rel(q->rel, ACCESS_SHARE_LOCK);
    uint64_t n = cmd_copy_to(q, &o, xb_statement_snapshot(false));
    snprintf(tag, taglen, "COPY %llu", (unsigned long long)n);
}

/* Run one statement inside the current transaction; writes its tag. */
void
engine_run_statement(Node *stmt, const char *sql, char *tag, size_t taglen)
{
    engine_prevent_in_block(stmt);
    if (cmd_writes_catalog(stmt)) {
        xb_check_writable(cmd_ddl_tag(stmt));
        (void)xb_write_xid();
        engine_lock_ddl();
        xb_statement_snapshot(true);
        xb.did_ddl = true;
        snprintf(tag, taglen, "%s", engine_utility(stmt, sql));
        cat_cache_reset_local(); /* our own change: later statements must see it */
        return;
    }

    xb_set_catalog_snapshot();
    if (stmt->node_case == PG_QUERY__NODE__NODE_COPY_STMT) {
        engine_copy(stmt->copy_stmt, sql, tag, taglen);
        return;
    }
    if (stmt->node_case == PG_QUERY__NODE__NODE_FETCH_STMT) {
        uint64_t n = 0;
        const char *verb = engine_fetch(stmt->fetch_stmt, &n);
        snprintf(tag, taglen, "%s %llu", verb, (unsigned long long)n);
        return;
    }
    if (stmt->node_case == PG_QUERY__NODE__NODE_EXPLAIN_STMT) {
        snprintf(tag, taglen, "%s", cmd_explain(stmt->explain_stmt, sql));
        return;
    }
    if (stmt->node_case == PG_QUERY__NODE__NODE_EXECUTE_STMT) {
        engine_execute_sql(stmt->execute_stmt, sql, tag, taglen);
        return;
    }
    if (stmt->node_case == PG_QUERY__NODE__NODE_PREPARE_STMT) {
        snprintf(tag, taglen, "%s", engine_prepare_sql(stmt->prepare_stmt, sql));
        return;
    }
    Query *q = analyze_statement(stmt, sql);
    uint64_t n;
    switch (q->cmd) {
    case CMD_SELECT:
        if (q->from_kind == FROM_TABLE)
            engine_lock_rel(q->rel, q->row_lock ? ROW_SHARE_LOCK : ACCESS_SHARE_LOCK);
        n = exec_select(q, xb_statement_snapshot(q->row_lock != 0));
        snprintf(tag, taglen, "SELECT %llu", (unsigned long long)n);
        return;
    case CMD_INSERT:
    case CMD_UPDATE:
    case CMD_DELETE: {
        xb_check_writable(engine_cmd_name(q->cmd));
        (void)xb_write_xid();
        engine_lock_rel(q->target_rel, ROW_EXCLUSIVE_LOCK);
        if (q->source && q->source->from_kind == FROM_TABLE)
            engine_lock_rel(q->source->rel, ACCESS_SHARE_LOCK);
        Snapshot *snap = xb_statement_snapshot(true);
        if (q->cmd == CMD_INSERT) {
            n = exec_insert(q, snap);
            snprintf(tag, taglen, "INSERT 0 %llu", (unsigned long long)n);
        } else if (q->cmd == CMD_UPDATE) {
            n = exec_update(q, snap);
            snprintf(tag, taglen, "UPDATE %llu", (unsigned long long)n);
        } else {
            n = exec_delete(q, snap);
            snprintf(tag, taglen, "DELETE %llu", (unsigned long long)n);
        }
        return;
    }
    case CMD_UTILITY:
        snprintf(tag, taglen, "%s", engine_utility(q->utility, sql));
        return;
    }
}

/*
 * One statement of a message, in the transaction block's state machine: start an
 * implicit transaction if none runs, refuse work in a failed block, run it, advance the
 * command counter, commit a lone statement's implicit transaction.
 */
void
engine_statement_begin(Node *stmt)
{
    cat_cache_sync();
    if (xb.state == XB_FAILED && !engine_allowed_when_failed(stmt))
        ereport(ERROR,
                err_code(SQLSTATE_IN_FAILED_SQL_TRANSACTION),
                err_msg("current transaction is aborted, commands ignored until end of "
                        "transaction block"));
    if (xb.state == XB_IDLE)
        xb_start();
}

void
engine_statement(Node *stmt, const char *sql, bool last)
{
    char tag[64];

    engine_statement_begin(stmt);
    engine_run_statement(stmt, sql, tag, sizeof tag);
    xb.cid++;
    cat_current_snapshot = NULL;
    /* An implicit transaction ends with the message's last statement. */
    if (last && xb.state == XB_IMPLICIT)
        xb_commit();
    dest_command_complete(tag);
}

/* Report a libpg_query syntax error as PostgreSQL does (42601 with the cursor position). */
void __attribute__((noreturn)) engine_syntax_error(PgQueryError *e)
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
    bestatus_report(BE_STATE_ACTIVE,
                    query,
                    xb.state == XB_IDLE ? adt_timestamp_now() : adt_xact_start_timestamp,
                    xact_current_xid());
    err_try();
    {
        pr = pg_query_parse_protobuf(query);
        if (pr.error)
            engine_syntax_error(pr.error);
        tree = pg_query__parse_result__unpack(&engine_pb_allocator,
                                              pr.parse_tree.len,
                                              (const uint8_t *)pr.parse_tree.data);
        if (tree == NULL)
            elog_internal("could not unpack the parse tree");
        if (tree->n_stmts == 0)
            dest_empty_query();
        engine_multi_statement = tree->n_stmts > 1;
        for (size_t i = 0; i < tree->n_stmts; i++) {
            tcop_check_interrupts();
            tcop_arm_statement_timeout(session_settings.statement_timeout_ms);
            engine_statement(tree->stmts[i]->stmt, query, i + 1 == tree->n_stmts);
            tcop_arm_statement_timeout(0);
            mcx_reset(stmt_cx);
        }
    }
    err_catch();
    {
        tcop_arm_statement_timeout(0);
        mcx_switch(stmt_cx);
        xb_after_error();
        err_emit_current();
        err_clear();
    }
    err_end_try();
    mcx_reset(tree_cx);
    pg_query_free_protobuf_parse_result(pr);
    mcx_switch(old);
    mcx_reset(stmt_cx);
    bestatus_report(xb.state == XB_EXPLICIT ? BE_STATE_IDLE_IN_XACT
                    : xb.state == XB_FAILED ? BE_STATE_IDLE_IN_XACT_ABORTED
                                            : BE_STATE_IDLE,
                    NULL,
                    xb.state == XB_IDLE ? 0 : adt_xact_start_timestamp,
                    xact_current_xid());
}

/* Where the OIDs of objects oakctl init defines in SQL start (PostgreSQL's initdb: 12000+). */
enum { ENGINE_BOOT_FIRST_OID = 13000 };

/* One bootstrap SQL text, statement by statement; an ERROR ends oakctl init (no handler). */
static void
engine_boot_run(const char *sql)
{
    PgQueryProtobufParseResult pr = pg_query_parse_protobuf(sql);
    if (pr.error)
        elog_internal("bootstrap SQL does not parse: %s", pr.error->message);
    PgQuery__ParseResult *tree =
        pg_query__parse_result__unpack(&engine_pb_allocator,
                                       pr.parse_tree.len,
                                       (const uint8_t *)pr.parse_tree.data);
    pg_query_free_protobuf_parse_result(pr);
    if (tree == NULL)
        elog_internal("bootstrap SQL does not unpack");
    for (size_t i = 0; i < tree->n_stmts; i++) {
        engine_statement(tree->stmts[i]->stmt, sql, i + 1 == tree->n_stmts);
        mcx_reset(stmt_cx);
    }
    mcx_reset(tree_cx);
}

/*
 * After the catalogs: the objects defined in SQL (information_schema) in every database,
 * run as statements of a superuser session. Their OIDs come from below FirstNormalObjectId
 * and are the same in every database, as initdb's are.
 */
static void
engine_boot_sql(const char *extra_db)
{
    tree_cx = mcx_create(mcx_top, "ParseTreeContext");
    engine_set_hooks();
    xb_init();
    settings_init_session();
    Oid dbs[4] = {TEMPLATE1_DB_OID, TEMPLATE0_DB_OID, POSTGRES_DB_OID, INVALID_OID};
    int ndbs = 3;
    cat_my_db = 0;
    Oid extra;
    if (extra_db != NULL && cat_database_oid(extra_db, &extra) && extra != TEMPLATE1_DB_OID &&
        extra != TEMPLATE0_DB_OID && extra != POSTGRES_DB_OID)
        dbs[ndbs++] = extra;
    Oid saved = oid_peek_next();
    for (int d = 0; d < ndbs; d++) {
        cat_my_db = dbs[d];
        cat_my_role = BOOTSTRAP_SUPERUSER_ID;
        cat_cache_reset_local();
        oid_bootstrap_set_next(ENGINE_BOOT_FIRST_OID);
        for (int i = 0; cat_information_schema_sql[i] != NULL; i++)
            engine_boot_run(cat_information_schema_sql[i]);
    }
    oid_advance_next(saved);
    cat_my_db = 0;
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
    engine_boot_sql(extra_db);
    checkpoint_now(true);
    proc_detach();
    mcx_switch(old);
    return 0;
}
