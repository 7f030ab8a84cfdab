/*
 * cmd_table.c
 *     CREATE TABLE and DROP TABLE: checking the definition the way PostgreSQL does (same
 *     errors and SQLSTATEs), then the catalog rows and the table's B+ tree.
 *
 * DEFAULT expressions are stored as SQL text (deparsed by libpg_query) in pg_attrdef.adbin
 * and analyzed again when the table is used; PostgreSQL stores a node tree there.
 */
#include "oak/oak.h"

#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>
#include <stdio.h>

#include "cmd_internal.h"
#include "oak/commands/commands.h"
#include "oak/parser/analyze.h"
#include "oak/access/table.h"
#include "oak/storage/lock.h"
#include "oak/utils/adt.h"
#include "oak/utils/acl.h"

typedef PgQuery__Node Node;

/* Relations dropped by the current transaction, removed from disk once it commits. */
static RelFile *pending_drops;
static int n_pending_drops;
static int cap_pending_drops;
/* Files created by the current transaction, removed from disk if it aborts. */
static RelFile *pending_creates;
static int n_pending_creates;
static int cap_pending_creates;

void
cmd_drop_file_at_abort(RelFile file)
{
    if (n_pending_creates == cap_pending_creates) {
        cap_pending_creates = cap_pending_creates ? cap_pending_creates * 2 : 8;
        RelFile *grown = mcx_alloc_in(mcx_top, sizeof(RelFile) * (size_t)cap_pending_creates);
        if (n_pending_creates)
            memcpy(grown, pending_creates, sizeof(RelFile) * (size_t)n_pending_creates);
        mcx_free(pending_creates);
        pending_creates = grown;
    }
    pending_creates[n_pending_creates++] = file;
}

void
cmd_drop_file_at_commit(RelFile file)
{
    if (n_pending_drops == cap_pending_drops) {
        cap_pending_drops = cap_pending_drops ? cap_pending_drops * 2 : 8;
        RelFile *grown = mcx_alloc_in(mcx_top, sizeof(RelFile) * (size_t)cap_pending_drops);
        if (n_pending_drops)
            memcpy(grown, pending_drops, sizeof(RelFile) * (size_t)n_pending_drops);
        mcx_free(pending_drops);
        pending_drops = grown;
    }
    pending_drops[n_pending_drops++] = file;
}

int
cmd_pos(int location)
{
    return err_position(location >= 0 ? location + 1 : 0);
}

char *
cmd_deparse_expr(Node *expr)
{
    char *text = analyze_deparse_expr(expr);
    if (text == NULL)
        ereport(ERROR,
                err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                err_msg("this expression cannot be stored yet"));
    return text;
}

Oid
cmd_creation_namespace(PgQuery__RangeVar *rv)
{
    volatile Oid nsp = INVALID_OID;
    if (rv->schemaname == NULL || rv->schemaname[0] == '\0') {
        err_try();
        {
            nsp = cat_creation_namespace();
        }
        err_catch();
        {
            err_set_position(rv->location + 1); /* PostgreSQL points at the name */
            err_rethrow();
        }
        err_end_try();
    } else {
        nsp = cat_namespace_oid(rv->schemaname);
        if (nsp == INVALID_OID)
            ereport(ERROR,
                    err_code(SQLSTATE_INVALID_SCHEMA_NAME),
                    err_msg("schema \"%s\" does not exist", rv->schemaname),
                    cmd_pos(rv->location));
    }
    if (nsp == PG_CATALOG_NAMESPACE)
        ereport(ERROR,
                err_code(SQLSTATE_INSUFFICIENT_PRIVILEGE),
                err_msg("permission denied to create \"pg_catalog.%s\"", rv->relname),
                err_detail("System catalog modifications are currently disallowed."));
    if (!cat_namespace_privilege(nsp, ACL_CREATE))
        ereport(ERROR,
                err_code(SQLSTATE_INSUFFICIENT_PRIVILEGE),
                err_msg("permission denied for schema %s", cat_namespace_name(nsp)),
                cmd_pos(rv->location));
    return nsp;
}

/*
 * A column's COLLATE clause: the collations OakDB has (default, C, POSIX, ucs_basic, which
 * all compare by bytes here), on a type that collates; PostgreSQL's errors otherwise.
 */
static Oid
cmd_column_collation(PgQuery__CollateClause *cc, Oid type)
{
    const char *name = "";
    if (cc->n_collname > 0 &&
        cc->collname[cc->n_collname - 1]->node_case == PG_QUERY__NODE__NODE_STRING)
        name = cc->collname[cc->n_collname - 1]->string->sval;
    static const struct {
        const char *name;
        Oid oid;
    } colls[] = {{"default", DEFAULT_COLLATION_OID},
                 {"C", C_COLLATION_OID},
                 {"POSIX", POSIX_COLLATION_OID},
                 {"ucs_basic", UCS_BASIC_COLLATION_OID}};
    Oid oid = INVALID_OID;
    for (size_t i = 0; i < OAK_LENGTHOF(colls); i++)
        if (strcmp(colls[i].name, name) == 0)
            oid = colls[i].oid;
    if (oid == INVALID_OID)
        ereport(ERROR,
                err_code(SQLSTATE_UNDEFINED_OBJECT),
                err_msg("collation \"%s\" for encoding \"UTF8\" does not exist", name),
                cmd_pos(cc->location));
    if (cat_type_collation(type) == INVALID_OID)
        ereport(ERROR,
                err_code(SQLSTATE_DATATYPE_MISMATCH),
                err_msg("collations are not supported by type %s", adt_format_type(type, -1)),
                cmd_pos(cc->location));
    return oid;
}

static int
cmd_find_column(const ColumnSpec *cols, int n, const char *name)
{
    for (int i = 0; i < n; i++)
        if (strcmp(cols[i].name, name) == 0)
            return i;
    return -1;
}

static void
cmd_set_pk(int16_t *pk,
           int *pk_n,
           int *pk_loc,
           const int16_t *cols,
           int n,
           int location,
           const char *table)
{
    if (*pk_n > 0)
        ereport(ERROR,
                err_code(SQLSTATE_INVALID_TABLE_DEFINITION),
                err_msg("multiple primary keys for table \"%s\" are not allowed", table),
                cmd_pos(location));
    memcpy(pk, cols, sizeof(int16_t) * (size_t)n);
    *pk_n = n;
    *pk_loc = location;
}

/* A UNIQUE constraint of CREATE TABLE: its columns (as IndexElem nodes) and name. */
typedef struct UniqueSpec {
    Node **params;
    size_t nparams;
    const char *name; /* NULL: PostgreSQL's default, table_cols_key */
    int location;
} UniqueSpec;

static void
cmd_add_unique(UniqueSpec **list, int *n, PgQuery__Constraint *con, const char *column)
{
    if (con->nulls_not_distinct || con->n_including > 0)
        ereport(ERROR,
                err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                err_msg("NULLS NOT DISTINCT and INCLUDE are not supported yet"),
                cmd_pos(con->location));
    *list = mcx_realloc(*list, sizeof(UniqueSpec) * (size_t)(*n + 1));
    UniqueSpec *u = &(*list)[(*n)++];
    size_t nk = column ? 1 : con->n_keys;
    u->params = mcx_alloc(sizeof(Node *) * (nk + 1));
    u->nparams = nk;
    for (size_t k = 0; k < nk; k++) {
        PgQuery__IndexElem *ie = mcx_alloc(sizeof *ie);
        pg_query__index_elem__init(ie);
        ie->name = (char *)(column ? column : con->keys[k]->string->sval);
        Node *node = mcx_alloc(sizeof *node);
        pg_query__node__init(node);
        node->node_case = PG_QUERY__NODE__NODE_INDEX_ELEM;
        node->index_elem = ie;
        u->params[k] = node;
    }
    u->name = con->conname && con->conname[0] ? con->conname : NULL;
    u->location = con->location;
}

/* The indexes of a new table's UNIQUE constraints (the table is empty: nothing to check). */
static void
cmd_create_uniques(Oid relid,
                   Oid nsp,
                   const char *relname,
                   const ColumnSpec *cols,
                   int ncols,
                   const UniqueSpec *uniques,
                   int nuniques)
{
    RelDesc rel;
    memset(&rel, 0, sizeof rel);
    rel.oid = relid;
    snprintf(rel.name, sizeof rel.name, "%s", relname);
    rel.namespace = nsp;
    rel.kind = 'r';
    rel.file.db = cat_my_db;
    rel.file.rel = relid;
    rel.natts = ncols;
    rel.atts = mcx_alloc0(sizeof(AttDesc) * (size_t)(ncols + 1));
    for (int i = 0; i < ncols; i++) {
        const TypeDesc *t = adt_type(cols[i].type);
        snprintf(rel.atts[i].name, sizeof rel.atts[i].name, "%s", cols[i].name);
        rel.atts[i].type = cols[i].type;
        rel.atts[i].typmod = cols[i].typmod;
        rel.atts[i].len = t->len;
        rel.atts[i].byval = t->byval;
        rel.atts[i].notnull = cols[i].notnull;
    }
    for (int u = 0; u < nuniques; u++) {
        for (size_t k = 0; k < uniques[u].nparams; k++) {
            const char *col = uniques[u].params[k]->index_elem->name;
            if (cmd_find_column(cols, ncols, col) < 0)
                ereport(ERROR,
                        err_code(SQLSTATE_UNDEFINED_COLUMN),
                        err_msg("column \"%s\" named in key does not exist", col),
                        cmd_pos(uniques[u].location));
        }
        const char *name = uniques[u].name;
        if (name == NULL)
            name =
                cmd_choose_index_name(nsp, relname, uniques[u].params, uniques[u].nparams, "key");
        else if (cat_lookup_relation(cat_namespace_name(nsp), name) != NULL)
            ereport(ERROR,
                    err_code(SQLSTATE_DUPLICATE_TABLE),
                    err_msg("relation \"%s\" already exists", name));
        Oid ix = cmd_define_index(
            &rel, name, uniques[u].params, uniques[u].nparams, NULL, true, name, 'u');
        /* Later constraints see the earlier ones (their default names must differ). */
        rel.indexes = mcx_realloc(rel.indexes, sizeof(IndexDesc) * (size_t)(rel.nindexes + 1));
        IndexDesc *d = &rel.indexes[rel.nindexes++];
        memset(d, 0, sizeof *d);
        d->oid = ix;
        snprintf(d->name, sizeof d->name, "%s", name);
    }
}

const char *
cmd_ddl_tag(void *raw_node)
{
    Node *n = raw_node;
    switch (n->node_case) {
    case PG_QUERY__NODE__NODE_CREATE_STMT:
        return "CREATE TABLE";
    case PG_QUERY__NODE__NODE_INDEX_STMT:
        return "CREATE INDEX";
    case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT:
        return "ALTER TABLE";
    case PG_QUERY__NODE__NODE_CREATE_SCHEMA_STMT:
        return "CREATE SCHEMA";
    case PG_QUERY__NODE__NODE_CREATE_ROLE_STMT:
        return "CREATE ROLE";
    case PG_QUERY__NODE__NODE_ALTER_ROLE_STMT:
        return "ALTER ROLE";
    case PG_QUERY__NODE__NODE_DROP_ROLE_STMT:
        return "DROP ROLE";
    case PG_QUERY__NODE__NODE_TRUNCATE_STMT:
        return "TRUNCATE TABLE";
    case PG_QUERY__NODE__NODE_CREATEDB_STMT:
        return "CREATE DATABASE";
    case PG_QUERY__NODE__NODE_DROPDB_STMT:
        return "DROP DATABASE";
    case PG_QUERY__NODE__NODE_ALTER_DATABASE_STMT:
        return "ALTER DATABASE";
    case PG_QUERY__NODE__NODE_GRANT_STMT:
        return n->grant_stmt->is_grant ? "GRANT" : "REVOKE";
    case PG_QUERY__NODE__NODE_COMMENT_STMT:
        return "COMMENT";
    case PG_QUERY__NODE__NODE_VIEW_STMT:
        return "CREATE VIEW";
    case PG_QUERY__NODE__NODE_CREATE_SEQ_STMT:
        return "CREATE SEQUENCE";
    case PG_QUERY__NODE__NODE_ALTER_SEQ_STMT:
        return "ALTER SEQUENCE";
    case PG_QUERY__NODE__NODE_DROP_STMT:
        if (n->drop_stmt->remove_type == PG_QUERY__OBJECT_TYPE__OBJECT_INDEX)
            return "DROP INDEX";
        if (n->drop_stmt->remove_type == PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA)
            return "DROP SCHEMA";
        if (n->drop_stmt->remove_type == PG_QUERY__OBJECT_TYPE__OBJECT_VIEW)
            return "DROP VIEW";
        if (n->drop_stmt->remove_type == PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE)
            return "DROP SEQUENCE";
        return "DROP TABLE";
    default:
        return "DDL";
    }
}

const char *
cmd_create_table(void *raw, const char *sql)
{
    PgQuery__CreateStmt *cs = raw;
    PgQuery__RangeVar *rv = cs->relation;
    Oid nsp = cmd_creation_namespace(rv);
    (void)sql;

    if (cs->n_inh_relations > 0 || cs->partspec || cs->partbound || cs->of_typename)
        ereport(ERROR,
                err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                err_msg("inheritance, partitioning and typed tables are not supported yet"));
    if (rv->relpersistence && (rv->relpersistence[0] == 't' || rv->relpersistence[0] == 'u'))
        ereport(ERROR,
                err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                err_msg("temporary and unlogged tables are not supported yet"),
                cmd_pos(rv->location));

    RelDesc *existing = cat_lookup_relation(cat_namespace_name(nsp), rv->relname);
    if (existing != NULL) {
        if (cs->if_not_exists) {
            ereport(NOTICE,
                    err_code(SQLSTATE_DUPLICATE_TABLE),
                    err_msg("relation \"%s\" already exists, skipping", rv->relname));
            return "CREATE TABLE";
        }
        ereport(ERROR,
                err_code(SQLSTATE_DUPLICATE_TABLE),
                err_msg("relation \"%s\" already exists", rv->relname));
    }

    int n = 0;
    ColumnSpec *cols = mcx_alloc0(sizeof(ColumnSpec) * (cs->n_table_elts + 1));
    char **serial_seqs = mcx_alloc0(sizeof(char *) * (cs->n_table_elts + 1));
    PgQuery__Constraint **identity = mcx_alloc0(sizeof(void *) * (cs->n_table_elts + 1));
    int16_t pk[MAX_TABLE_COLUMNS > 32 ? 32 : MAX_TABLE_COLUMNS];
    int pk_n = 0;
    int pk_loc = -1;
    char *pk_name = NULL;
    UniqueSpec *uniques = NULL;
    int nuniques = 0;

    for (size_t i = 0; i < cs->n_table_elts; i++) {
        Node *elt = cs->table_elts[i];
        if (elt->node_case != PG_QUERY__NODE__NODE_COLUMN_DEF)
            continue;
        PgQuery__ColumnDef *cd = elt->column_def;
        if (cmd_find_column(cols, n, cd->colname) >= 0)
            ereport(ERROR,
                    err_code(SQLSTATE_DUPLICATE_COLUMN),
                    err_msg("column \"%s\" specified more than once", cd->colname));
        if (n >= MAX_TABLE_COLUMNS)
            ereport(ERROR,
                    err_code(SQLSTATE_TOO_MANY_COLUMNS),
                    err_msg("tables can have at most %d columns", MAX_TABLE_COLUMNS));
        ColumnSpec *c = &cols[n];
        snprintf(c->name, sizeof c->name, "%s", cd->colname);
        Oid serial = cmd_serial_type(cd->type_name);
        if (serial != INVALID_OID) {
            /* serial: the integer type, NOT NULL, and a DEFAULT from its own sequence */
            c->type = serial;
            c->typmod = -1;
            serial_seqs[n] = cmd_choose_name(nsp, rv->relname, cd->colname, "seq");
            for (int k = 0; k < n; k++)
                if (serial_seqs[k] != NULL && strcmp(serial_seqs[k], serial_seqs[n]) == 0)
                    serial_seqs[n] = NULL; /* two serials whose names collide: pick again */
            for (int pass = 1; serial_seqs[n] == NULL; pass++) {
                char *cand =
                    cmd_choose_name(nsp, rv->relname, cd->colname, mcx_printf("seq%d", pass));
                bool used = false;
                for (int k = 0; k < n; k++)
                    used |= serial_seqs[k] != NULL && strcmp(serial_seqs[k], cand) == 0;
                if (!used)
                    serial_seqs[n] = cand;
            }
        } else {
            analyze_type_name(cd->type_name, &c->type, &c->typmod);
        }
        const TypeDesc *t = adt_type(c->type);
        if (t == NULL || t->category == 'P' || t->in == NULL)
            ereport(ERROR,
                    err_code(SQLSTATE_INVALID_TABLE_DEFINITION),
                    err_msg("column \"%s\" has pseudo-type %s", cd->colname, t ? t->name : "?"));
        if (cd->coll_clause != NULL)
            c->collation = cmd_column_collation(cd->coll_clause, c->type);
        c->notnull = cd->is_not_null || serial != INVALID_OID;
        if (serial != INVALID_OID)
            c->default_sql = cmd_serial_default(nsp, serial_seqs[n]);
        for (size_t k = 0; k < cd->n_constraints; k++) {
            PgQuery__Constraint *con = cd->constraints[k]->constraint;
            switch (con->contype) {
            case PG_QUERY__CONSTR_TYPE__CONSTR_NOTNULL:
                c->notnull = true;
                break;
            case PG_QUERY__CONSTR_TYPE__CONSTR_NULL:
                break;
            case PG_QUERY__CONSTR_TYPE__CONSTR_DEFAULT:
                if (serial != INVALID_OID)
                    ereport(ERROR,
                            err_code(SQLSTATE_SYNTAX_ERROR),
                            err_msg("multiple default values specified for column \"%s\" of "
                                    "table \"%s\"",
                                    cd->colname,
                                    rv->relname),
                            cmd_pos(con->location));
                if (c->default_sql)
                    ereport(ERROR,
                            err_code(SQLSTATE_SYNTAX_ERROR),
                            err_msg("multiple default values specified for column \"%s\" of "
                                    "table \"%s\"",
                                    cd->colname,
                                    rv->relname),
                            cmd_pos(con->location));
                c->default_sql = cmd_deparse_expr(con->raw_expr);
                /* Check now that it analyzes and fits the column, as PostgreSQL does. */
                (void)analyze_default_expr(c->default_sql, c->type, c->typmod, c->name);
                break;
            case PG_QUERY__CONSTR_TYPE__CONSTR_IDENTITY:
                if (identity[n] != NULL || serial != INVALID_OID)
                    ereport(ERROR,
                            err_code(SQLSTATE_SYNTAX_ERROR),
                            err_msg("multiple identity specifications for column \"%s\" of "
                                    "table \"%s\"",
                                    cd->colname,
                                    rv->relname),
                            cmd_pos(con->location));
                if (c->type != INT2OID && c->type != INT4OID && c->type != INT8OID)
                    ereport(ERROR,
                            err_code(SQLSTATE_INVALID_PARAMETER_VALUE),
                            err_msg("identity column type must be smallint, integer, or bigint"));
                identity[n] = con;
                c->identity = con->generated_when && con->generated_when[0] == 'a' ? 'a' : 'd';
                c->notnull = true;
                break;
            case PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE:
                cmd_add_unique(&uniques, &nuniques, con, cd->colname);
                break;
            case PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY: {
                int16_t one = (int16_t)n;
                cmd_set_pk(pk, &pk_n, &pk_loc, &one, 1, con->location, rv->relname);
                if (con->conname && con->conname[0])
                    pk_name = con->conname;
                break;
            }
            default:
                ereport(ERROR,
                        err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                        err_msg("this column constraint is not supported yet"),
                        cmd_pos(con->location));
            }
        }
        if (identity[n] != NULL && c->default_sql != NULL)
            ereport(ERROR,
                    err_code(SQLSTATE_SYNTAX_ERROR),
                    err_msg("both default and identity specified for column \"%s\" of table "
                            "\"%s\"",
                            cd->colname,
                            rv->relname),
                    cmd_pos(identity[n]->location));
        n++;
    }
    for (size_t i = 0; i < cs->n_table_elts; i++) {
        Node *elt = cs->table_elts[i];
        if (elt->node_case == PG_QUERY__NODE__NODE_COLUMN_DEF)
            continue;
        if (elt->node_case == PG_QUERY__NODE__NODE_CONSTRAINT &&
            elt->constraint->contype == PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE) {
            cmd_add_unique(&uniques, &nuniques, elt->constraint, NULL);
            continue;
        }
        if (elt->node_case != PG_QUERY__NODE__NODE_CONSTRAINT ||
            elt->constraint->contype != PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY)
            ereport(ERROR,
                    err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                    err_msg("this table constraint is not supported yet"));
        PgQuery__Constraint *con = elt->constraint;
        int16_t keys[32];
        int nk = 0;
        if (con->n_keys > 32)
            ereport(ERROR,
                    err_code(SQLSTATE_TOO_MANY_COLUMNS),
                    err_msg("cannot use more than 32 columns in an index"));
        for (size_t k = 0; k < con->n_keys; k++) {
            const char *name = con->keys[k]->string->sval;
            int c = cmd_find_column(cols, n, name);
            if (c < 0)
                ereport(ERROR,
                        err_code(SQLSTATE_UNDEFINED_COLUMN),
                        err_msg("column \"%s\" named in key does not exist", name),
                        cmd_pos(con->location));
            keys[nk++] = (int16_t)c;
        }
        cmd_set_pk(pk, &pk_n, &pk_loc, keys, nk, con->location, rv->relname);
        if (con->conname && con->conname[0])
            pk_name = con->conname;
    }
    for (int i = 0; i < pk_n; i++) {
        cols[pk[i]].notnull = true;
        const TypeDesc *t = adt_type(cols[pk[i]].type);
        if (t->key_encode == NULL)
            ereport(ERROR,
                    err_code(SQLSTATE_UNDEFINED_OBJECT),
                    err_msg("data type %s has no default operator class for access method "
                            "\"btree\"",
                            adt_format_type(t->oid, -1)),
                    err_hint("You must specify an operator class for the index or define a "
                             "default operator class for the data type."));
    }
    if (pk_name == NULL)
        pk_name = mcx_printf("%s_pkey", rv->relname);
    Oid relid =
        cat_create_table_indexed(nsp, rv->relname, n, cols, pk_n, pk, pk_name, nuniques > 0);
    cmd_drop_file_at_abort((RelFile){.db = cat_my_db, .rel = relid});
    for (int i = 0; i < n; i++) {
        if (serial_seqs[i] != NULL)
            cmd_create_serial_sequence(nsp, serial_seqs[i], cols[i].type, relid, i + 1);
        if (identity[i] != NULL) {
            const char *name =
                cmd_identity_sequence_name(identity[i]->options, identity[i]->n_options);
            cmd_create_identity_sequence(
                nsp,
                name ? name : cmd_choose_name(nsp, rv->relname, cols[i].name, "seq"),
                cols[i].type,
                relid,
                i + 1,
                identity[i]->options,
                identity[i]->n_options);
        }
    }
    if (nuniques > 0)
        cmd_create_uniques(relid, nsp, rv->relname, cols, n, uniques, nuniques);
    return "CREATE TABLE";
}

void
cmd_drop_relation(RelDesc *rel)
{
    /* Nobody may read or write the table while its drop is uncommitted. */
    LockTag tag = {.kind = LOCKTAG_RELATION, .db = cat_my_db, .rel = rel->oid};
    (void)lock_acquire(&tag, ACCESS_EXCLUSIVE_LOCK, LOCK_WAIT_BLOCK);
    cat_drop_table(rel);
    cmd_drop_file_at_commit(rel->file);
    Oid *owned;
    int nowned = cat_owned_sequences(rel->oid, &owned);
    for (int i = 0; i < nowned; i++) {
        RelDesc *seq = cat_relation_by_oid(owned[i]);
        if (seq != NULL && seq->kind == 'S')
            cmd_drop_sequence_rel(seq);
    }
    for (int x = 0; x < rel->nindexes; x++)
        cmd_drop_file_at_commit(rel->indexes[x].file);
}

/* "DROP ... to remove ...": how PostgreSQL's hints name the command for a kind. */
static const char *
cmd_drop_hint(char kind)
{
    switch (kind) {
    case 'v':
        return "Use DROP VIEW to remove a view.";
    case 'S':
        return "Use DROP SEQUENCE to remove a sequence.";
    case 'i':
        return "Use DROP INDEX to remove an index.";
    default:
        return "Use DROP TABLE to remove a table.";
    }
}

RelDesc *
cmd_drop_target(PgQuery__DropStmt *ds, size_t i, char kind, const char *what)
{
    PgQuery__List *names = ds->objects[i]->list;
    const char *schema = names->n_items > 1 ? names->items[0]->string->sval : NULL;
    const char *name = names->items[names->n_items - 1]->string->sval;
    RelDesc *rel = cat_lookup_relation(schema, name);
    if (rel == NULL) {
        if (ds->missing_ok) {
            ereport(NOTICE,
                    err_code(SQLSTATE_SUCCESSFUL_COMPLETION),
                    err_msg("%s \"%s\" does not exist, skipping", what, name));
            return NULL;
        }
        ereport(ERROR,
                err_code(SQLSTATE_UNDEFINED_TABLE),
                err_msg("%s \"%s\" does not exist", what, name));
    }
    if (rel->kind != kind)
        ereport(ERROR,
                err_code(SQLSTATE_WRONG_OBJECT_TYPE),
                err_msg("\"%s\" is not a %s", name, what),
                err_hint("%s", cmd_drop_hint(rel->kind)));
    if (rel->oid < FIRST_NORMAL_OID || (kind == 'v' && rel->view_sql == NULL))
        ereport(ERROR,
                err_code(SQLSTATE_INSUFFICIENT_PRIVILEGE),
                err_msg("permission denied: \"%s\" is a system catalog", rel->name));
    cat_check_relation_owner(rel); /* 42501 "must be owner of table t" */
    return rel;
}

RelDesc *
cmd_relation_of_kind(PgQuery__RangeVar *rv, bool missing_ok, char kind, const char *what)
{
    const char *schema = rv->schemaname && rv->schemaname[0] ? rv->schemaname : NULL;
    RelDesc *rel = cat_lookup_relation(schema, rv->relname);
    if (rel == NULL) {
        if (missing_ok)
            return NULL;
        ereport(ERROR,
                err_code(SQLSTATE_UNDEFINED_TABLE),
                err_msg("relation \"%s\" does not exist", rv->relname));
    }
    if (rel->kind != kind)
        ereport(ERROR,
                err_code(SQLSTATE_WRONG_OBJECT_TYPE),
                err_msg("\"%s\" is not a %s", rel->name, what));
    if (rel->oid < FIRST_NORMAL_OID)
        ereport(ERROR,
                err_code(SQLSTATE_INSUFFICIENT_PRIVILEGE),
                err_msg("permission denied: \"%s\" is a system catalog", rel->name));
    return rel;
}

const char *
cmd_drop(void *raw, const char *sql)
{
    PgQuery__DropStmt *ds = raw;
    (void)sql;
    if (ds->remove_type == PG_QUERY__OBJECT_TYPE__OBJECT_INDEX)
        return cmd_drop_index(ds);
    if (ds->remove_type == PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA)
        return cmd_drop_schema(ds);
    if (ds->remove_type == PG_QUERY__OBJECT_TYPE__OBJECT_VIEW)
        return cmd_drop_view(ds);
    if (ds->remove_type == PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE)
        return cmd_drop_sequence(ds);
    if (ds->remove_type != PG_QUERY__OBJECT_TYPE__OBJECT_TABLE)
        ereport(ERROR,
                err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                err_msg("this kind of DROP is not supported yet"));
    for (size_t i = 0; i < ds->n_objects; i++) {
        RelDesc *rel = cmd_drop_target(ds, i, 'r', "table");
        if (rel != NULL)
            cmd_drop_relation(rel);
    }
    return "DROP TABLE";
}

void
cmd_at_commit(void)
{
    for (int i = 0; i < n_pending_drops; i++) {
        RelDesc rel;
        memset(&rel, 0, sizeof rel);
        rel.file = pending_drops[i];
        tbl_drop_storage(&rel);
    }
    n_pending_drops = 0;
    n_pending_creates = 0;
    cmd_database_at_commit();
}

void
cmd_at_abort(void)
{
    n_pending_drops = 0;
    int n = n_pending_creates;
    n_pending_creates = 0; /* before dropping: an error while dropping must not loop */
    for (int i = 0; i < n; i++) {
        RelDesc rel;
        memset(&rel, 0, sizeof rel);
        rel.file = pending_creates[i];
        tbl_drop_storage(&rel);
    }
    cmd_database_at_abort();
}

bool
cmd_writes_catalog(void *raw_node)
{
    Node *n = raw_node;
    return n->node_case == PG_QUERY__NODE__NODE_CREATE_STMT ||
           n->node_case == PG_QUERY__NODE__NODE_DROP_STMT ||
           n->node_case == PG_QUERY__NODE__NODE_INDEX_STMT ||
           n->node_case == PG_QUERY__NODE__NODE_ALTER_TABLE_STMT ||
           n->node_case == PG_QUERY__NODE__NODE_CREATE_SCHEMA_STMT ||
           n->node_case == PG_QUERY__NODE__NODE_CREATE_ROLE_STMT ||
           n->node_case == PG_QUERY__NODE__NODE_ALTER_ROLE_STMT ||
           n->node_case == PG_QUERY__NODE__NODE_DROP_ROLE_STMT ||
           n->node_case == PG_QUERY__NODE__NODE_TRUNCATE_STMT ||
           n->node_case == PG_QUERY__NODE__NODE_CREATEDB_STMT ||
           n->node_case == PG_QUERY__NODE__NODE_DROPDB_STMT ||
           n->node_case == PG_QUERY__NODE__NODE_ALTER_DATABASE_STMT ||
           n->node_case == PG_QUERY__NODE__NODE_RENAME_STMT ||
           n->node_case == PG_QUERY__NODE__NODE_ALTER_OWNER_STMT ||
           n->node_case == PG_QUERY__NODE__NODE_GRANT_STMT ||
           n->node_case == PG_QUERY__NODE__NODE_COMMENT_STMT ||
           n->node_case == PG_QUERY__NODE__NODE_VIEW_STMT ||
           n->node_case == PG_QUERY__NODE__NODE_CREATE_SEQ_STMT ||
           n->node_case == PG_QUERY__NODE__NODE_ALTER_SEQ_STMT;
}
