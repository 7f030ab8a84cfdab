/*
 * cmd_alter.c
 *     ALTER TABLE ... ADD [CONSTRAINT name] PRIMARY KEY | UNIQUE (columns), and TRUNCATE.
 *
 * Invariants:
 *   1. A primary key added to an existing table is a unique index of its own with a
 *      pg_constraint row of contype 'p' (the rows stay keyed by their hidden row id: the
 *      clustering key is fixed at CREATE TABLE). Its columns become NOT NULL first, after a
 *      scan that finds none NULL (23502 otherwise), as in PostgreSQL.
 *   2. TRUNCATE gives the table (and the clustered primary key's pg_class row, which names
 *      the same tree) and each index a new empty file under a new relfilenode; the old
 *      files go when the transaction commits, the new ones when it aborts. Like
 *      PostgreSQL's, it is not MVCC-safe: a snapshot older than the TRUNCATE sees the table
 *      empty afterwards. ACCESS EXCLUSIVE keeps everyone out meanwhile.
 */
#include "oak/oak.h"

#include <stdio.h>

#include "cmd_internal.h"
#include "oak/access/table.h"
#include "oak/commands/commands.h"
#include "oak/storage/lock.h"
#include "oak/utils/adt.h"
#include "oak/utils/acl.h"

typedef PgQuery__Node Node;

static RelDesc *
cmd_alter_target(PgQuery__RangeVar *rv, bool missing_ok)
{
    RelDesc *rel = cmd_relation_of_kind(rv, missing_ok, 'r', "table");
    if (rel == NULL)
        return NULL;
    LockTag tag = {.kind = LOCKTAG_RELATION, .db = cat_my_db, .rel = rel->oid};
    (void)lock_acquire(&tag, ACCESS_EXCLUSIVE_LOCK, LOCK_WAIT_BLOCK);
    return rel;
}

/* The role a RoleSpec names (42704 if none). */
Oid
cmd_role_spec_oid(PgQuery__RoleSpec *rs)
{
    if (rs->roletype == PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_SESSION_USER)
        return cat_session_role;
    if (rs->roletype != PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_CSTRING)
        return cat_my_role;
    Oid role;
    if (!cat_role_oid(rs->rolename, &role, NULL))
        ereport(ERROR,
                err_code(SQLSTATE_UNDEFINED_OBJECT),
                err_msg("role \"%s\" does not exist", rs->rolename));
    return role;
}

/*
 * ALTER TABLE ... OWNER TO: as PostgreSQL, a non-superuser must be able to become the new
 * owner (here: be it) and the new owner must have CREATE on the table's schema. The
 * table's indexes follow it.
 */
static void
cmd_change_table_owner(RelDesc *rel, PgQuery__RoleSpec *rs)
{
    Oid role = cmd_role_spec_oid(rs);
    if (!cat_role_is_superuser(cat_my_role)) {
        if (role != cat_my_role)
            ereport(ERROR,
                    err_code(SQLSTATE_INSUFFICIENT_PRIVILEGE),
                    err_msg("must be member of role \"%s\"", cat_role_name(role)));
        if (!cat_namespace_privilege(rel->namespace, ACL_CREATE))
            ereport(ERROR,
                    err_code(SQLSTATE_INSUFFICIENT_PRIVILEGE),
                    err_msg("permission denied for schema %s", cat_namespace_name(rel->namespace)));
    }
    cat_set_object_owner(ACL_OBJ_TABLE, rel->oid, role);
    if (rel->pk_index_oid != INVALID_OID)
        cat_set_object_owner(ACL_OBJ_TABLE, rel->pk_index_oid, role);
    for (int i = 0; i < rel->nindexes; i++)
        cat_set_object_owner(ACL_OBJ_TABLE, rel->indexes[i].oid, role);
}

static Node *
cmd_index_elem(const char *column)
{
    PgQuery__IndexElem *ie = mcx_alloc(sizeof *ie);
    pg_query__index_elem__init(ie);
    ie->name = (char *)column;
    Node *n = mcx_alloc(sizeof *n);
    pg_query__node__init(n);
    n->node_case = PG_QUERY__NODE__NODE_INDEX_ELEM;
    n->index_elem = ie;
    return n;
}

static bool
cmd_has_primary_key(const RelDesc *rel)
{
    if (rel->pk_natts > 0)
        return true;
    for (int i = 0; i < rel->nindexes; i++)
        if (rel->indexes[i].primary)
            return true;
    return false;
}

/* 23502 if some live row has column c NULL (ADD PRIMARY KEY makes it NOT NULL). */
static void
cmd_check_no_nulls(RelDesc *rel, int c)
{
    Datum *values = mcx_alloc(sizeof(Datum) * (size_t)(rel->natts + 1));
    bool *nulls = mcx_alloc(sizeof(bool) * (size_t)(rel->natts + 1));
    TblScan *scan = tbl_scan_begin(rel, cat_current_snapshot, NULL, NULL);
    MemCtx *row_cx = mcx_create(mcx_current, "NotNullScan");
    bool found = false;
    for (;;) {
        mcx_reset(row_cx);
        MemCtx *old = mcx_switch(row_cx);
        bool got = tbl_scan_next(scan, values, nulls, NULL);
        found = got && nulls[c];
        mcx_switch(old);
        if (!got || found)
            break;
    }
    tbl_scan_end(scan);
    mcx_delete(row_cx);
    if (found)
        ereport(ERROR,
                err_code(SQLSTATE_NOT_NULL_VIOLATION),
                err_msg("column \"%s\" of relation \"%s\" contains null values",
                        rel->atts[c].name,
                        rel->name));
}

static void
cmd_add_key_constraint(RelDesc *rel, PgQuery__Constraint *con)
{
    bool primary = con->contype == PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY;
    if (con->n_including > 0 || con->nulls_not_distinct || con->indexname[0] != '\0')
        ereport(ERROR,
                err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                err_msg("INCLUDE, NULLS NOT DISTINCT and USING INDEX are not supported yet"));
    if (primary && cmd_has_primary_key(rel))
        ereport(ERROR,
                err_code(SQLSTATE_INVALID_TABLE_DEFINITION),
                err_msg("multiple primary keys for table \"%s\" are not allowed", rel->name));
    size_t nk = con->n_keys;
    Node **params = mcx_alloc(sizeof(Node *) * (nk + 1));
    for (size_t k = 0; k < nk; k++) {
        const char *col = con->keys[k]->string->sval;
        int c = -1;
        for (int a = 0; a < rel->natts && c < 0; a++)
            if (strcmp(rel->atts[a].name, col) == 0)
                c = a;
        if (c < 0)
            ereport(ERROR,
                    err_code(SQLSTATE_UNDEFINED_COLUMN),
                    err_msg("column \"%s\" of relation \"%s\" does not exist", col, rel->name));
        if (primary && !rel->atts[c].notnull) {
            cmd_check_no_nulls(rel, c);
            cat_set_not_null(rel->oid, c);
        }
        params[k] = cmd_index_elem(col);
    }
    const char *name = con->conname && con->conname[0] ? con->conname : NULL;
    if (name == NULL && primary) {
        char *base = mcx_printf("%.58s_pkey", rel->name);
        name = base;
        for (int n = 1; cat_lookup_relation(cat_namespace_name(rel->namespace), name) != NULL; n++)
            name = mcx_printf("%s%d", base, n);
    } else if (name == NULL) {
        name = cmd_choose_index_name(rel->namespace, rel->name, params, nk, "key");
    } else if (cat_lookup_relation(cat_namespace_name(rel->namespace), name) != NULL) {
        ereport(ERROR,
                err_code(SQLSTATE_DUPLICATE_TABLE),
                err_msg("relation \"%s\" already exists", name));
    }
    (void)cmd_define_index(rel, name, params, nk, NULL, true, name, primary ? 'p' : 'u');
}

const char *
cmd_alter_table(void *raw)
{
    PgQuery__AlterTableStmt *as = raw;
    if (as->objtype != PG_QUERY__OBJECT_TYPE__OBJECT_TABLE)
        ereport(ERROR,
                err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                err_msg("this form of ALTER is not supported yet"));
    RelDesc *rel = cmd_alter_target(as->relation, as->missing_ok);
    if (rel == NULL) {
        ereport(NOTICE,
                err_code(SQLSTATE_SUCCESSFUL_COMPLETION),
                err_msg("relation \"%s\" does not exist, skipping", as->relation->relname));
        return "ALTER TABLE";
    }
    cat_check_relation_owner(rel);
    for (size_t i = 0; i < as->n_cmds; i++) {
        PgQuery__AlterTableCmd *cmd = as->cmds[i]->alter_table_cmd;
        if (cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_ChangeOwner) {
            cmd_change_table_owner(rel, cmd->newowner);
            continue;
        }
        if (cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_AddConstraint && cmd->def != NULL &&
            cmd->def->node_case == PG_QUERY__NODE__NODE_CONSTRAINT &&
            (cmd->def->constraint->contype == PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY ||
             cmd->def->constraint->contype == PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE)) {
            cmd_add_key_constraint(rel, cmd->def->constraint);
            /* A later subcommand sees this one's index and NOT NULL marks. */
            cat_cache_reset_local();
            rel = cat_relation_by_oid(rel->oid);
            continue;
        }
        ereport(ERROR,
                err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                err_msg("this form of ALTER TABLE is not supported yet"));
    }
    return "ALTER TABLE";
}

/* A new empty B+ tree for relation relid (table or index); returns its relfilenode. */
static RelFile
cmd_new_file(Oid relid)
{
    Oid node = oid_next();
    RelDesc tmp;
    memset(&tmp, 0, sizeof tmp);
    tmp.oid = relid;
    tmp.file.db = cat_my_db;
    tmp.file.rel = node;
    tbl_create_storage(&tmp);
    cmd_drop_file_at_abort(tmp.file);
    cat_set_relfilenode(relid, node);
    return tmp.file;
}

const char *
cmd_truncate(void *raw)
{
    PgQuery__TruncateStmt *ts = raw;
    int n = (int)ts->n_relations;
    RelDesc **rels = mcx_alloc(sizeof(RelDesc *) * (size_t)(n + 1));
    /* Lock and check them all before changing any, as PostgreSQL does. */
    for (int i = 0; i < n; i++) {
        rels[i] = cmd_alter_target(ts->relations[i]->range_var, false);
        cat_check_relation_privilege(rels[i], ACL_TRUNCATE);
    }
    for (int i = 0; i < n; i++) {
        RelDesc *rel = rels[i];
        bool dup = false;
        for (int j = 0; j < i; j++)
            dup |= rels[j]->oid == rel->oid;
        if (dup)
            continue;
        RelFile table_file = cmd_new_file(rel->oid);
        if (rel->pk_index_oid != INVALID_OID)
            cat_set_relfilenode(rel->pk_index_oid, table_file.rel);
        cmd_drop_file_at_commit(rel->file);
        for (int x = 0; x < rel->nindexes; x++) {
            (void)cmd_new_file(rel->indexes[x].oid);
            cmd_drop_file_at_commit(rel->indexes[x].file);
        }
    }
    return "TRUNCATE TABLE";
}
