/*
 * cmd_index.c
 *     CREATE [UNIQUE] INDEX and DROP INDEX, and the indexes behind UNIQUE constraints:
 *     checking the definition as PostgreSQL does (same errors and SQLSTATEs), the catalog
 *     rows, and the index's B+ tree filled from the table's row versions.
 *
 * Expressions and predicates are stored as SQL text deparsed by libpg_query (pg_index.
 * indexprs / indpred; PostgreSQL stores node trees there) and analyzed per statement.
 * CREATE INDEX holds SHARE on the table (writers wait, readers go on), as PostgreSQL's
 * non-concurrent build does; CONCURRENTLY is accepted and builds the same way.
 */
#include "oak/oak.h"

#include <stdio.h>

#include "cmd_internal.h"
#include "oak/access/table.h"
#include "oak/commands/commands.h"
#include "oak/executor/executor.h"
#include "oak/parser/analyze.h"
#include "oak/storage/lock.h"
#include "oak/utils/adt.h"

typedef PgQuery__Node Node;

static int
cmd_column_number(const RelDesc *rel, const char *name)
{
    for (int i = 0; i < rel->natts; i++)
        if (strcmp(rel->atts[i].name, name) == 0)
            return i;
    return -1;
}

/* The name PostgreSQL's FigureColname gives an index expression (for default names). */
static const char *
cmd_expr_colname(Node *e)
{
    if (e->node_case == PG_QUERY__NODE__NODE_FUNC_CALL && e->func_call->n_funcname > 0) {
        Node *last = e->func_call->funcname[e->func_call->n_funcname - 1];
        if (last->node_case == PG_QUERY__NODE__NODE_STRING)
            return last->string->sval;
    }
    if (e->node_case == PG_QUERY__NODE__NODE_COLUMN_REF && e->column_ref->n_fields > 0) {
        Node *last = e->column_ref->fields[e->column_ref->n_fields - 1];
        if (last->node_case == PG_QUERY__NODE__NODE_STRING)
            return last->string->sval;
    }
    if (e->node_case == PG_QUERY__NODE__NODE_TYPE_CAST && e->type_cast->arg != NULL) {
        /* a cast of something named is named after it, else after the type */
        const char *inner = cmd_expr_colname(e->type_cast->arg);
        if (strcmp(inner, "expr") != 0)
            return inner;
    }
    if (e->node_case == PG_QUERY__NODE__NODE_TYPE_CAST && e->type_cast->type_name &&
        e->type_cast->type_name->n_names > 0) {
        Node *last = e->type_cast->type_name->names[e->type_cast->type_name->n_names - 1];
        if (last->node_case == PG_QUERY__NODE__NODE_STRING)
            return last->string->sval;
    }
    return "expr";
}

/*
 * The names of an index's columns (PostgreSQL's ChooseIndexColumnNames): a key column's
 * name, or the expression's (cmd_expr_colname); a name an earlier column has gets the
 * smallest number suffix that makes it unique ("expr1"), the base shortened to fit.
 */
static void
cmd_index_colnames(Node **params, size_t n, char (*names)[NAMEDATALEN])
{
    for (size_t k = 0; k < n; k++) {
        PgQuery__IndexElem *ie = params[k]->index_elem;
        const char *base = ie->name && ie->name[0] ? ie->name : cmd_expr_colname(ie->expr);
        snprintf(names[k], NAMEDATALEN, "%s", base);
        for (int suffix = 1;; suffix++) {
            bool taken = false;
            for (size_t j = 0; j < k && !taken; j++)
                taken = strcmp(names[j], names[k]) == 0;
            if (!taken)
                break;
            char num[16];
            snprintf(num, sizeof num, "%d", suffix);
            int room = NAMEDATALEN - 1 - (int)strlen(num);
            snprintf(names[k], NAMEDATALEN, "%.*s%s", room, base, num);
        }
    }
}

static bool
cmd_relation_exists(Oid nsp, const char *name)
{
    return cat_lookup_relation(cat_namespace_name(nsp), name) != NULL;
}

char *
cmd_choose_name(Oid nsp, const char *name1, const char *name2, const char *label)
{
    for (int n = 0;; n++) {
        char suffix[32];
        if (n == 0)
            snprintf(suffix, sizeof suffix, "%s", label);
        else
            snprintf(suffix, sizeof suffix, "%s%d", label, n);
        /* Truncate the two parts to fit NAMEDATALEN - 1, the longer first, as PostgreSQL. */
        size_t room = NAMEDATALEN - 1 - strlen(suffix) - 2;
        size_t tl = strlen(name1);
        size_t cl = strlen(name2);
        while (tl + cl > room) {
            if (tl >= cl)
                tl--;
            else
                cl--;
        }
        char *name = mcx_printf("%.*s_%.*s_%s", (int)tl, name1, (int)cl, name2, suffix);
        if (!cmd_relation_exists(nsp, name))
            return name;
    }
}

char *
cmd_choose_index_name(Oid nsp, const char *table, Node **params, size_t nparams, const char *label)
{
    StrBuf cols;
    sb_init(&cols);
    char(*names)[NAMEDATALEN] = mcx_alloc0(sizeof(*names) * (nparams > 0 ? nparams : 1));
    cmd_index_colnames(params, nparams, names);
    for (size_t i = 0; i < nparams; i++) {
        if (i > 0)
            sb_append(&cols, "_");
        sb_append(&cols, names[i]);
    }
    return cmd_choose_name(nsp, table, cols.data, label);
}

/* Error for a type without a B+ tree key encoding (PostgreSQL: no default opclass). */
static void
cmd_check_key_type(Oid type)
{
    const TypeDesc *t = adt_type(type);
    if (t == NULL || t->key_encode == NULL)
        ereport(ERROR,
                err_code(SQLSTATE_UNDEFINED_OBJECT),
                err_msg("data type %s has no default operator class for access method "
                        "\"btree\"",
                        adt_format_type(type, -1)),
                err_hint("You must specify an operator class for the index or define a default "
                         "operator class for the data type."));
}

typedef struct BuildArg {
    ExecIndexes *ei;
    int x;
} BuildArg;

static char *
cmd_build_describe(void *arg, const Datum *values, const bool *nulls)
{
    BuildArg *b = arg;
    char *d = exec_index_describe(b->ei, b->x, values, nulls);
    char *tail = strstr(d, " already exists.");
    if (tail != NULL)
        strcpy(tail, " is duplicated.");
    return d;
}

/* pg_attribute rows for the index's columns: their names and types (the expression's). */
static void
cmd_index_columns(Oid indexoid, RelDesc *rel, const IndexDesc *ix, Node **params)
{
    char(*names)[NAMEDATALEN] = mcx_alloc0(sizeof(*names) * (size_t)ix->nkeys);
    Oid *types = mcx_alloc(sizeof(Oid) * (size_t)ix->nkeys);
    int32_t *typmods = mcx_alloc(sizeof(int32_t) * (size_t)ix->nkeys);
    Expr **exprs = NULL;
    if (ix->exprs_sql != NULL)
        (void)analyze_rel_exprs(rel, ix->exprs_sql, false, &exprs);
    cmd_index_colnames(params, (size_t)ix->nkeys, names);
    int nexpr = 0;
    for (int k = 0; k < ix->nkeys; k++) {
        if (ix->attnos[k] >= 0) {
            types[k] = rel->atts[ix->attnos[k]].type;
            typmods[k] = rel->atts[ix->attnos[k]].typmod;
        } else {
            types[k] = exprs[nexpr]->type;
            typmods[k] = exprs[nexpr]->typmod;
            nexpr++;
        }
    }
    cat_insert_index_columns(indexoid,
                             ix->nkeys,
                             (const char(*)[NAMEDATALEN])names,
                             types,
                             typmods);
}

Oid
cmd_define_index(RelDesc *rel,
                 const char *name,
                 Node **params,
                 size_t nparams,
                 Node *where,
                 bool unique,
                 const char *conname,
                 char contype)
{
    if (nparams > INDEX_MAX_KEYS)
        ereport(ERROR,
                err_code(SQLSTATE_TOO_MANY_COLUMNS),
                err_msg("cannot use more than %d columns in an index", INDEX_MAX_KEYS));
    IndexDesc ix;
    memset(&ix, 0, sizeof ix);
    snprintf(ix.name, sizeof ix.name, "%s", name);
    ix.unique = unique;
    ix.nkeys = (int)nparams;
    StrBuf exprs;
    sb_init(&exprs);
    for (size_t i = 0; i < nparams; i++) {
        PgQuery__IndexElem *ie = params[i]->index_elem;
        if (ie->n_opclass > 0 || ie->n_collation > 0)
            ereport(ERROR,
                    err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                    err_msg("operator classes and collations in indexes are not supported yet"));
        uint8_t o = 0;
        if (ie->ordering == PG_QUERY__SORT_BY_DIR__SORTBY_DESC)
            o |= INDOPTION_DESC;
        /* NULLS FIRST is DESC's default, as in PostgreSQL. */
        if (ie->nulls_ordering == PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_FIRST ||
            (ie->nulls_ordering != PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_LAST &&
             (o & INDOPTION_DESC)))
            o |= INDOPTION_NULLS_FIRST;
        ix.options[i] = o;
        if (ie->name && ie->name[0]) {
            int c = cmd_column_number(rel, ie->name);
            if (c < 0)
                ereport(ERROR,
                        err_code(SQLSTATE_UNDEFINED_COLUMN),
                        err_msg("column \"%s\" does not exist", ie->name));
            ix.attnos[i] = (int16_t)c;
            cmd_check_key_type(rel->atts[c].type);
            continue;
        }
        ix.attnos[i] = -1;
        if (exprs.len > 0)
            sb_append(&exprs, ", ");
        sb_append(&exprs, cmd_deparse_expr(ie->expr));
    }
    if (exprs.len > 0) {
        ix.exprs_sql = exprs.data;
        Expr **e;
        int n = analyze_rel_exprs(rel, ix.exprs_sql, false, &e);
        for (int i = 0; i < n; i++)
            cmd_check_key_type(e[i]->type);
    }
    if (where != NULL) {
        ix.pred_sql = cmd_deparse_expr(where);
        Expr **e;
        (void)analyze_rel_exprs(rel, ix.pred_sql, true, &e);
    }

    Oid oid = cat_create_index(rel, name, &ix, conname, contype);
    cmd_index_columns(oid, rel, &ix, params);
    cmd_drop_file_at_abort((RelFile){.db = cat_my_db, .rel = oid});
    ix.oid = oid;
    ix.file.db = cat_my_db;
    ix.file.rel = oid;

    /* Build through a descriptor that has the new index as its last one. */
    RelDesc with = *rel;
    with.indexes = mcx_alloc(sizeof(IndexDesc) * (size_t)(rel->nindexes + 1));
    if (rel->nindexes > 0)
        memcpy(with.indexes, rel->indexes, sizeof(IndexDesc) * (size_t)rel->nindexes);
    with.indexes[rel->nindexes] = ix;
    with.nindexes = rel->nindexes + 1;
    ExecIndexes *ei = exec_indexes_open(&with);
    BuildArg b = {ei, rel->nindexes};
    (void)tbl_index_build(&with,
                          rel->nindexes,
                          exec_indexes_indexer(ei),
                          cat_current_snapshot,
                          cmd_build_describe,
                          &b);
    return oid;
}

const char *
cmd_create_index(void *raw, const char *sql)
{
    PgQuery__IndexStmt *is = raw;
    PgQuery__RangeVar *rv = is->relation;
    const char *schema = rv->schemaname && rv->schemaname[0] ? rv->schemaname : NULL;
    (void)sql;

    if (is->access_method && is->access_method[0] && strcmp(is->access_method, "btree") != 0)
        ereport(ERROR,
                err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                err_msg("access method \"%s\" is not supported yet", is->access_method));
    if (is->n_index_including_params > 0)
        ereport(ERROR,
                err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                err_msg("INCLUDE columns are not supported yet"));
    if (is->nulls_not_distinct)
        ereport(ERROR,
                err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                err_msg("NULLS NOT DISTINCT is not supported yet"));
    RelDesc *rel = cat_lookup_relation(schema, rv->relname);
    if (rel == NULL)
        ereport(ERROR,
                err_code(SQLSTATE_UNDEFINED_TABLE),
                err_msg("relation \"%s\" does not exist", rv->relname));
    if (rel->kind != 'r')
        ereport(ERROR,
                err_code(SQLSTATE_WRONG_OBJECT_TYPE),
                err_msg("cannot create index on relation \"%s\"", rel->name),
                err_detail("This operation is not supported for %s.",
                           rel->kind == 'v' ? "views" : "indexes"));
    if (rel->oid < FIRST_NORMAL_OID)
        ereport(ERROR,
                err_code(SQLSTATE_INSUFFICIENT_PRIVILEGE),
                err_msg("permission denied: \"%s\" is a system catalog", rel->name));
    cat_check_relation_owner(rel);
    /* Writers wait until the index exists; readers go on (PostgreSQL's SHARE lock). */
    LockTag tag = {.kind = LOCKTAG_RELATION, .db = cat_my_db, .rel = rel->oid};
    (void)lock_acquire(&tag, SHARE_LOCK, LOCK_WAIT_BLOCK);

    const char *name = is->idxname && is->idxname[0] ? is->idxname
                                                     : cmd_choose_index_name(rel->namespace,
                                                                             rel->name,
                                                                             is->index_params,
                                                                             is->n_index_params,
                                                                             "idx");
    if (cmd_relation_exists(rel->namespace, name)) {
        if (is->if_not_exists) {
            ereport(NOTICE,
                    err_code(SQLSTATE_DUPLICATE_TABLE),
                    err_msg("relation \"%s\" already exists, skipping", name));
            return "CREATE INDEX";
        }
        ereport(ERROR,
                err_code(SQLSTATE_DUPLICATE_TABLE),
                err_msg("relation \"%s\" already exists", name));
    }
    (void)cmd_define_index(
        rel, name, is->index_params, is->n_index_params, is->where_clause, is->unique, NULL, 0);
    return "CREATE INDEX";
}

/* The constraint an index belongs to (primary key or UNIQUE), or NULL. */
static const char *
cmd_index_constraint(const RelDesc *table, Oid index_oid)
{
    if (table->pk_index_oid == index_oid)
        return table->pk_name;
    for (int i = 0; i < table->nindexes; i++)
        if (table->indexes[i].oid == index_oid && table->indexes[i].conname[0])
            return table->indexes[i].conname;
    return NULL;
}

const char *
cmd_drop_index(PgQuery__DropStmt *ds)
{
    for (size_t i = 0; i < ds->n_objects; i++) {
        PgQuery__List *names = ds->objects[i]->list;
        const char *schema = names->n_items > 1 ? names->items[0]->string->sval : NULL;
        const char *name = names->items[names->n_items - 1]->string->sval;
        RelDesc *irel = cat_lookup_relation(schema, name);
        if (irel == NULL) {
            if (ds->missing_ok) {
                ereport(NOTICE,
                        err_code(SQLSTATE_SUCCESSFUL_COMPLETION),
                        err_msg("index \"%s\" does not exist, skipping", name));
                continue;
            }
            ereport(ERROR,
                    err_code(SQLSTATE_UNDEFINED_OBJECT),
                    err_msg("index \"%s\" does not exist", name));
        }
        if (irel->kind != 'i')
            ereport(ERROR,
                    err_code(SQLSTATE_WRONG_OBJECT_TYPE),
                    err_msg("\"%s\" is not an index", name),
                    err_hint("Use DROP %s to remove a %s.",
                             irel->kind == 'v' ? "VIEW" : "TABLE",
                             irel->kind == 'v' ? "view" : "table"));
        Oid table_oid = cat_index_table(irel->oid);
        RelDesc *table = table_oid ? cat_relation_by_oid(table_oid) : NULL;
        if (table == NULL)
            elog_internal("index \"%s\" has no table", name);
        if (table->oid < FIRST_NORMAL_OID)
            ereport(ERROR,
                    err_code(SQLSTATE_INSUFFICIENT_PRIVILEGE),
                    err_msg("permission denied: \"%s\" is a system catalog", name));
        const char *con = cmd_index_constraint(table, irel->oid);
        if (con != NULL)
            ereport(ERROR,
                    err_code(SQLSTATE_DEPENDENT_OBJECTS_STILL_EXIST),
                    err_msg("cannot drop index %s because constraint %s on table %s requires it",
                            name,
                            con,
                            table->name),
                    err_hint("You can drop constraint %s on table %s instead.", con, table->name));
        /* Nobody may use the table while the drop is uncommitted (PostgreSQL does the same). */
        LockTag tag = {.kind = LOCKTAG_RELATION, .db = cat_my_db, .rel = table->oid};
        (void)lock_acquire(&tag, ACCESS_EXCLUSIVE_LOCK, LOCK_WAIT_BLOCK);
        for (int x = 0; x < table->nindexes; x++) {
            if (table->indexes[x].oid != irel->oid)
                continue;
            cat_drop_index(table, &table->indexes[x]);
            cmd_drop_file_at_commit(table->indexes[x].file);
        }
    }
    return "DROP INDEX";
}
