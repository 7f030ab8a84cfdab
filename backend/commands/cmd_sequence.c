/*
 * cmd_sequence.c
 *     CREATE SEQUENCE, ALTER SEQUENCE, DROP SEQUENCE, serial columns of CREATE TABLE, and
 *     the sequence functions nextval, currval, setval and lastval (reached from utils/adt
 *     through adt_seq_hook).
 *
 * Invariants:
 *   1. A sequence's parameters satisfy min < max, min <= start <= max, increment != 0,
 *      cache > 0, and min/max lie within its type (checked as PostgreSQL does, with its
 *      messages, SQLSTATE 22023).
 *   2. currval/lastval answer from this session's memory of the last nextval per
 *      sequence (kept in a session context): they never read the page.
 *   3. A serial column is its type, NOT NULL, DEFAULT nextval('<seq>'::regclass), and a
 *      sequence named <table>_<column>_seq owned by the column (pg_depend 'a'), dropped
 *      with the table.
 */
#include "oak/oak.h"

#include <ctype.h>
#include <errno.h>
#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>
#include <stdio.h>
#include <stdlib.h>

#include "cmd_internal.h"
#include "oak/utils/acl.h"
#include "oak/access/sequence.h"
#include "oak/commands/commands.h"
#include "oak/parser/analyze.h"
#include "oak/storage/lock.h"
#include "oak/utils/adt.h"

typedef PgQuery__Node Node;

/* --- parameters ----------------------------------------------------------------------- */

static void
seq_type_range(Oid type, int64_t *lo, int64_t *hi)
{
    if (type == INT2OID) {
        *lo = INT16_MIN;
        *hi = INT16_MAX;
    } else if (type == INT4OID) {
        *lo = INT32_MIN;
        *hi = INT32_MAX;
    } else {
        *lo = INT64_MIN;
        *hi = INT64_MAX;
    }
}

static int64_t
seq_opt_int(PgQuery__DefElem *d)
{
    Node *a = d->arg;
    if (a == NULL)
        ereport(ERROR,
                err_code(SQLSTATE_SYNTAX_ERROR),
                err_msg("%s requires a numeric value", d->defname),
                cmd_pos(d->location));
    if (a->node_case == PG_QUERY__NODE__NODE_INTEGER)
        return a->integer->ival;
    if (a->node_case == PG_QUERY__NODE__NODE_FLOAT) {
        /* integers beyond int4 arrive as Float nodes holding their digits */
        char *end;
        errno = 0;
        long long v = strtoll(a->float_->fval, &end, 10);
        if (errno == 0 && *end == '\0')
            return v;
        ereport(ERROR,
                err_code(SQLSTATE_INVALID_TEXT_REPRESENTATION),
                err_msg("invalid input syntax for type bigint: \"%s\"", a->float_->fval));
    }
    ereport(ERROR,
            err_code(SQLSTATE_SYNTAX_ERROR),
            err_msg("%s requires a numeric value", d->defname),
            cmd_pos(d->location));
}

static void __attribute__((noreturn)) seq_conflict(PgQuery__DefElem *d)
{
    ereport(ERROR,
            err_code(SQLSTATE_SYNTAX_ERROR),
            err_msg("conflicting or redundant options"),
            cmd_pos(d->location));
}

/* What an option list (CREATE or ALTER SEQUENCE) says; NULL elements were not given. */
typedef struct SeqOptions {
    PgQuery__DefElem *as, *increment, *minvalue, *maxvalue, *start, *restart, *cache, *cycle,
        *owned_by, *sequence_name;
} SeqOptions;

static void
seq_collect_options(Node **options, size_t n, SeqOptions *o, bool for_alter)
{
    memset(o, 0, sizeof *o);
    for (size_t i = 0; i < n; i++) {
        PgQuery__DefElem *d = options[i]->def_elem;
        PgQuery__DefElem **slot = NULL;
        if (strcmp(d->defname, "as") == 0)
            slot = &o->as;
        else if (strcmp(d->defname, "increment") == 0)
            slot = &o->increment;
        else if (strcmp(d->defname, "minvalue") == 0)
            slot = &o->minvalue;
        else if (strcmp(d->defname, "maxvalue") == 0)
            slot = &o->maxvalue;
        else if (strcmp(d->defname, "start") == 0)
            slot = &o->start;
        else if (strcmp(d->defname, "restart") == 0 && for_alter)
            slot = &o->restart;
        else if (strcmp(d->defname, "cache") == 0)
            slot = &o->cache;
        else if (strcmp(d->defname, "cycle") == 0)
            slot = &o->cycle;
        else if (strcmp(d->defname, "owned_by") == 0)
            slot = &o->owned_by;
        else if (strcmp(d->defname, "sequence_name") == 0)
            slot = &o->sequence_name; /* an identity column's SEQUENCE NAME */
        else
            ereport(ERROR,
                    err_code(SQLSTATE_SYNTAX_ERROR),
                    err_msg("option \"%s\" not recognized", d->defname),
                    cmd_pos(d->location));
        if (*slot != NULL)
            seq_conflict(d);
        *slot = d;
    }
}

static char *
seq_num(int64_t v)
{
    return mcx_printf("%lld", (long long)v);
}

/*
 * Apply options over p (the defaults for CREATE, the current values for ALTER), then check
 * invariant 1. A type change resets bounds that were the old type's limits, as PostgreSQL.
 */
static void
seq_apply_options(const SeqOptions *o, SeqParams *p, bool is_new)
{
    Oid old_type = p->type;
    if (o->as != NULL) {
        Oid t;
        int32_t typmod;
        analyze_type_name(o->as->arg->type_name, &t, &typmod);
        if (t != INT2OID && t != INT4OID && t != INT8OID)
            ereport(ERROR,
                    err_code(SQLSTATE_INVALID_PARAMETER_VALUE),
                    err_msg("sequence type must be smallint, integer, or bigint"));
        p->type = t;
    }
    int64_t old_lo, old_hi, lo, hi;
    seq_type_range(old_type, &old_lo, &old_hi);
    seq_type_range(p->type, &lo, &hi);
    if (o->increment != NULL) {
        p->increment = seq_opt_int(o->increment);
        if (p->increment == 0)
            ereport(ERROR,
                    err_code(SQLSTATE_INVALID_PARAMETER_VALUE),
                    err_msg("INCREMENT must not be zero"));
    }
    bool asc = p->increment > 0;
    if (o->maxvalue != NULL && o->maxvalue->arg != NULL)
        p->max = seq_opt_int(o->maxvalue);
    else if (is_new || o->maxvalue != NULL || (o->as != NULL && p->max == old_hi) ||
             (o->increment != NULL && (p->max == -1 || p->max == old_hi)))
        p->max = asc ? hi : -1;
    if (o->minvalue != NULL && o->minvalue->arg != NULL)
        p->min = seq_opt_int(o->minvalue);
    else if (is_new || o->minvalue != NULL || (o->as != NULL && p->min == old_lo) ||
             (o->increment != NULL && (p->min == 1 || p->min == old_lo)))
        p->min = asc ? 1 : lo;
    if (p->max < lo || p->max > hi)
        ereport(ERROR,
                err_code(SQLSTATE_INVALID_PARAMETER_VALUE),
                err_msg("MAXVALUE (%s) is out of range for sequence data type %s",
                        seq_num(p->max),
                        adt_format_type(p->type, -1)));
    if (p->min < lo || p->min > hi)
        ereport(ERROR,
                err_code(SQLSTATE_INVALID_PARAMETER_VALUE),
                err_msg("MINVALUE (%s) is out of range for sequence data type %s",
                        seq_num(p->min),
                        adt_format_type(p->type, -1)));
    if (p->min >= p->max)
        ereport(ERROR,
                err_code(SQLSTATE_INVALID_PARAMETER_VALUE),
                err_msg("MINVALUE (%s) must be less than MAXVALUE (%s)",
                        seq_num(p->min),
                        seq_num(p->max)));
    if (o->start != NULL)
        p->start = seq_opt_int(o->start);
    else if (is_new)
        p->start = asc ? p->min : p->max;
    if (p->start < p->min)
        ereport(ERROR,
                err_code(SQLSTATE_INVALID_PARAMETER_VALUE),
                err_msg("START value (%s) cannot be less than MINVALUE (%s)",
                        seq_num(p->start),
                        seq_num(p->min)));
    if (p->start > p->max)
        ereport(ERROR,
                err_code(SQLSTATE_INVALID_PARAMETER_VALUE),
                err_msg("START value (%s) cannot be greater than MAXVALUE (%s)",
                        seq_num(p->start),
                        seq_num(p->max)));
    if (o->cache != NULL) {
        p->cache = seq_opt_int(o->cache);
        if (p->cache <= 0)
            ereport(ERROR,
                    err_code(SQLSTATE_INVALID_PARAMETER_VALUE),
                    err_msg("CACHE (%s) must be greater than zero", seq_num(p->cache)));
    }
    if (o->cycle != NULL)
        p->cycle = o->cycle->arg == NULL || o->cycle->arg->boolean->boolval;
}

/* OWNED BY t.c | NONE: the owning table and column (INVALID_OID for NONE). */
static void
seq_owned_by(PgQuery__DefElem *d, Oid seq_nsp, Oid *relid, int *attnum)
{
    PgQuery__List *names = d->arg->list;
    *relid = INVALID_OID;
    *attnum = 0;
    if (names->n_items == 1 && strcmp(names->items[0]->string->sval, "none") == 0)
        return;
    if (names->n_items < 2)
        ereport(ERROR,
                err_code(SQLSTATE_INVALID_PARAMETER_VALUE),
                err_msg("invalid OWNED BY option"),
                err_hint("Specify OWNED BY table.column or OWNED BY NONE."));
    const char *col = names->items[names->n_items - 1]->string->sval;
    const char *table = names->items[names->n_items - 2]->string->sval;
    const char *schema = names->n_items > 2 ? names->items[names->n_items - 3]->string->sval : NULL;
    RelDesc *rel = cat_lookup_relation(schema, table);
    if (rel == NULL)
        ereport(ERROR,
                err_code(SQLSTATE_UNDEFINED_TABLE),
                err_msg("relation \"%s\" does not exist", table));
    if (rel->kind != 'r')
        ereport(ERROR,
                err_code(SQLSTATE_OBJECT_NOT_IN_PREREQUISITE_STATE),
                err_msg("sequence cannot be owned by relation \"%s\"", table),
                err_detail("This operation is not supported for %s.",
                           rel->kind == 'v' ? "views" : "this kind of relation"));
    if (rel->namespace != seq_nsp)
        ereport(ERROR,
                err_code(SQLSTATE_OBJECT_NOT_IN_PREREQUISITE_STATE),
                err_msg("sequence must be in same schema as table it is linked to"));
    for (int i = 0; i < rel->natts; i++)
        if (strcmp(rel->atts[i].name, col) == 0) {
            *relid = rel->oid;
            *attnum = i + 1;
            return;
        }
    ereport(ERROR,
            err_code(SQLSTATE_UNDEFINED_COLUMN),
            err_msg("column \"%s\" of relation \"%s\" does not exist", col, table));
}

/* --- CREATE / ALTER / DROP ---------------------------------------------------------------- */

const char *
cmd_create_sequence(void *raw)
{
    PgQuery__CreateSeqStmt *cs = raw;
    PgQuery__RangeVar *rv = cs->sequence;
    if (rv->relpersistence && (rv->relpersistence[0] == 't' || rv->relpersistence[0] == 'u'))
        ereport(ERROR,
                err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                err_msg("temporary and unlogged sequences are not supported yet"),
                cmd_pos(rv->location));
    Oid nsp = cmd_creation_namespace(rv);
    RelDesc *existing = cat_lookup_relation(cat_namespace_name(nsp), rv->relname);
    if (existing != NULL && existing->namespace == nsp) {
        if (cs->if_not_exists) {
            ereport(NOTICE,
                    err_code(SQLSTATE_DUPLICATE_TABLE),
                    err_msg("relation \"%s\" already exists, skipping", rv->relname));
            return "CREATE SEQUENCE";
        }
        ereport(ERROR,
                err_code(SQLSTATE_DUPLICATE_TABLE),
                err_msg("relation \"%s\" already exists", rv->relname));
    }
    SeqOptions o;
    seq_collect_options(cs->options, cs->n_options, &o, false);
    SeqParams p = {.type = INT8OID, .increment = 1, .cache = 1};
    seq_apply_options(&o, &p, true);
    Oid owner = INVALID_OID;
    int attnum = 0;
    if (o.owned_by != NULL)
        seq_owned_by(o.owned_by, nsp, &owner, &attnum);
    Oid relid = cat_create_sequence(nsp, rv->relname, &p, owner, attnum, 'a');
    cmd_drop_file_at_abort((RelFile){.db = cat_my_db, .rel = relid});
    return "CREATE SEQUENCE";
}

const char *
cmd_alter_sequence(void *raw)
{
    PgQuery__AlterSeqStmt *as = raw;
    RelDesc *rel = cmd_relation_of_kind(as->sequence, as->missing_ok, 'S', "sequence");
    if (rel == NULL) {
        ereport(NOTICE,
                err_code(SQLSTATE_SUCCESSFUL_COMPLETION),
                err_msg("relation \"%s\" does not exist, skipping", as->sequence->relname));
        return "ALTER SEQUENCE";
    }
    cat_check_relation_owner(rel);
    LockTag tag = {.kind = LOCKTAG_RELATION, .db = cat_my_db, .rel = rel->oid};
    (void)lock_acquire(&tag, SHARE_ROW_EXCLUSIVE_LOCK, LOCK_WAIT_BLOCK);
    SeqOptions o;
    seq_collect_options(as->options, as->n_options, &o, true);
    SeqParams p = rel->seq;
    seq_apply_options(&o, &p, false);
    if (o.restart != NULL) {
        int64_t v = o.restart->arg != NULL ? seq_opt_int(o.restart) : p.start;
        if (v < p.min)
            ereport(ERROR,
                    err_code(SQLSTATE_INVALID_PARAMETER_VALUE),
                    err_msg("RESTART value (%s) cannot be less than MINVALUE (%s)",
                            seq_num(v),
                            seq_num(p.min)));
        if (v > p.max)
            ereport(ERROR,
                    err_code(SQLSTATE_INVALID_PARAMETER_VALUE),
                    err_msg("RESTART value (%s) cannot be greater than MAXVALUE (%s)",
                            seq_num(v),
                            seq_num(p.max)));
        seq_set(rel->file, v, false);
    } else {
        /* The current value must still lie within the new bounds. */
        SeqState s = seq_read(rel->file);
        if (s.last_value < p.min || s.last_value > p.max) {
            if (!s.is_called)
                seq_set(rel->file, s.last_value < p.min ? p.min : p.max, false);
        }
    }
    if (o.owned_by != NULL)
        ereport(ERROR,
                err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                err_msg("ALTER SEQUENCE ... OWNED BY is not supported yet"));
    cat_alter_sequence(rel->oid, &p);
    return "ALTER SEQUENCE";
}

void
cmd_drop_sequence_rel(RelDesc *seq)
{
    LockTag tag = {.kind = LOCKTAG_RELATION, .db = cat_my_db, .rel = seq->oid};
    (void)lock_acquire(&tag, ACCESS_EXCLUSIVE_LOCK, LOCK_WAIT_BLOCK);
    cat_drop_sequence(seq);
    cmd_drop_file_at_commit(seq->file);
}

const char *
cmd_drop_sequence(struct PgQuery__DropStmt *ds)
{
    for (size_t i = 0; i < ds->n_objects; i++) {
        RelDesc *rel = cmd_drop_target(ds, i, 'S', "sequence");
        if (rel != NULL)
            cmd_drop_sequence_rel(rel);
    }
    return "DROP SEQUENCE";
}

/* --- serial columns ------------------------------------------------------------------------ */

Oid
cmd_serial_type(PgQuery__TypeName *tn)
{
    if (tn == NULL || tn->n_array_bounds > 0 || tn->n_typmods > 0 || tn->n_names == 0)
        return INVALID_OID;
    if (tn->n_names == 2 && strcmp(tn->names[0]->string->sval, "pg_catalog") != 0)
        return INVALID_OID;
    const char *name = tn->names[tn->n_names - 1]->string->sval;
    if (strcmp(name, "serial") == 0 || strcmp(name, "serial4") == 0)
        return INT4OID;
    if (strcmp(name, "bigserial") == 0 || strcmp(name, "serial8") == 0)
        return INT8OID;
    if (strcmp(name, "smallserial") == 0 || strcmp(name, "serial2") == 0)
        return INT2OID;
    return INVALID_OID;
}

char *
cmd_serial_default(Oid nsp, const char *seqname)
{
    StrBuf name;
    sb_init(&name);
    if (nsp != PG_PUBLIC_NAMESPACE) {
        sb_append(&name, adt_quote_ident(cat_namespace_name(nsp)));
        sb_append_char(&name, '.');
    }
    sb_append(&name, adt_quote_ident(seqname));
    StrBuf sql;
    sb_init(&sql);
    sb_append(&sql, "nextval('");
    for (const char *p = name.data; *p; p++) {
        if (*p == '\'')
            sb_append_char(&sql, '\'');
        sb_append_char(&sql, *p);
    }
    sb_append(&sql, "'::regclass)");
    return sql.data;
}

const char *
cmd_identity_sequence_name(Node **options, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        PgQuery__DefElem *d = options[i]->def_elem;
        if (strcmp(d->defname, "sequence_name") == 0 && d->arg != NULL &&
            d->arg->node_case == PG_QUERY__NODE__NODE_LIST) {
            PgQuery__List *l = d->arg->list;
            return l->items[l->n_items - 1]->string->sval;
        }
    }
    return NULL;
}

void
cmd_create_identity_sequence(
    Oid nsp, const char *seqname, Oid type, Oid relid, int attnum, Node **options, size_t noptions)
{
    SeqOptions o;
    seq_collect_options(options, noptions, &o, false);
    if (o.as != NULL || o.owned_by != NULL)
        ereport(ERROR,
                err_code(SQLSTATE_SYNTAX_ERROR),
                err_msg("option \"%s\" not recognized",
                        o.as != NULL ? o.as->defname : o.owned_by->defname));
    SeqParams p = {.type = type, .increment = 1, .cache = 1};
    seq_apply_options(&o, &p, true);
    Oid seqid = cat_create_sequence(nsp, seqname, &p, relid, attnum, 'i');
    cmd_drop_file_at_abort((RelFile){.db = cat_my_db, .rel = seqid});
}

void
cmd_create_serial_sequence(Oid nsp, const char *seqname, Oid type, Oid relid, int attnum)
{
    int64_t lo, hi;
    seq_type_range(type, &lo, &hi);
    SeqParams p = {.type = type, .start = 1, .increment = 1, .max = hi, .min = 1, .cache = 1};
    Oid seqid = cat_create_sequence(nsp, seqname, &p, relid, attnum, 'a');
    cmd_drop_file_at_abort((RelFile){.db = cat_my_db, .rel = seqid});
}

/* --- nextval, currval, setval, lastval -------------------------------------------------- */

/* This session's last value per sequence (invariant 2). */
typedef struct SeqSeen {
    Oid relid;
    int64_t value;
    struct SeqSeen *next;
} SeqSeen;

void (*cmd_seq_write_hook)(const char *what);

static SeqSeen *seq_seen;
static SeqSeen *seq_last; /* lastval()'s sequence */
static MemCtx *seq_cx;

static void
seq_remember(Oid relid, int64_t v)
{
    SeqSeen *s = seq_seen;
    while (s != NULL && s->relid != relid)
        s = s->next;
    if (s == NULL) {
        if (seq_cx == NULL)
            seq_cx = mcx_create(mcx_top, "SequenceValues");
        s = mcx_alloc0_in(seq_cx, sizeof *s);
        s->relid = relid;
        s->next = seq_seen;
        seq_seen = s;
    }
    s->value = v;
    seq_last = s;
}

static RelDesc *
seq_by_oid(Oid relid)
{
    RelDesc *rel = cat_relation_by_oid(relid);
    if (rel == NULL)
        ereport(ERROR,
                err_code(SQLSTATE_UNDEFINED_TABLE),
                err_msg("could not open relation with OID %u", relid));
    if (rel->kind != 'S')
        ereport(ERROR,
                err_code(SQLSTATE_WRONG_OBJECT_TYPE),
                err_msg("\"%s\" is not a sequence", rel->name));
    LockTag tag = {.kind = LOCKTAG_RELATION, .db = cat_my_db, .rel = rel->oid};
    (void)lock_acquire(&tag, ROW_EXCLUSIVE_LOCK, LOCK_WAIT_BLOCK);
    return rel;
}

static int64_t
seq_hook(AdtSeqOp op, Oid relid, int64_t value, bool is_called, bool *isnull)
{
    *isnull = false;
    switch (op) {
    case ADT_SEQ_NEXTVAL: {
        RelDesc *rel = seq_by_oid(relid);
        cat_check_sequence_privilege(rel, ACL_USAGE | ACL_UPDATE);
        if (cmd_seq_write_hook != NULL)
            cmd_seq_write_hook("nextval()");
        int64_t v = seq_next(rel->file, &rel->seq, rel->name);
        seq_remember(relid, v);
        return v;
    }
    case ADT_SEQ_CURRVAL: {
        RelDesc *rel = seq_by_oid(relid);
        cat_check_sequence_privilege(rel, ACL_USAGE | ACL_SELECT);
        for (SeqSeen *s = seq_seen; s != NULL; s = s->next)
            if (s->relid == relid)
                return s->value;
        ereport(ERROR,
                err_code(SQLSTATE_OBJECT_NOT_IN_PREREQUISITE_STATE),
                err_msg("currval of sequence \"%s\" is not yet defined in this session",
                        rel->name));
        return 0;
    }
    case ADT_SEQ_LASTVAL:
        if (seq_last == NULL)
            ereport(ERROR,
                    err_code(SQLSTATE_OBJECT_NOT_IN_PREREQUISITE_STATE),
                    err_msg("lastval is not yet defined in this session"));
        if (cat_relation_by_oid(seq_last->relid) == NULL)
            ereport(ERROR,
                    err_code(SQLSTATE_OBJECT_NOT_IN_PREREQUISITE_STATE),
                    err_msg("lastval is not yet defined in this session"));
        return seq_last->value;
    case ADT_SEQ_SETVAL: {
        RelDesc *rel = seq_by_oid(relid);
        cat_check_sequence_privilege(rel, ACL_UPDATE);
        if (cmd_seq_write_hook != NULL)
            cmd_seq_write_hook("setval()");
        if (value < rel->seq.min || value > rel->seq.max)
            ereport(ERROR,
                    err_code(SQLSTATE_NUMERIC_VALUE_OUT_OF_RANGE),
                    err_msg("setval: value %lld is out of bounds for sequence \"%s\" (%lld..%lld)",
                            (long long)value,
                            rel->name,
                            (long long)rel->seq.min,
                            (long long)rel->seq.max));
        seq_set(rel->file, value, is_called);
        if (is_called)
            seq_remember(relid, value);
        return value;
    }
    }
    *isnull = true;
    return 0;
}

/*
 * pg_get_serial_sequence(table, column): the schema-qualified name of the sequence a
 * serial or identity column uses, or NULL. The table name is read as SQL reads names
 * (quotes, case folding); the column name is taken as written, as in PostgreSQL.
 */
Datum
adt_fn_pg_get_serial_sequence(FuncCallInfo *fc)
{
    char *table = text_to_cstr(datum_ptr(fc->arg[0]));
    char *column = text_to_cstr(datum_ptr(fc->arg[1]));
    Oid relid = cat_regclass_lookup(table);
    if (relid == INVALID_OID)
        ereport(ERROR,
                err_code(SQLSTATE_UNDEFINED_TABLE),
                err_msg("relation \"%s\" does not exist", table));
    RelDesc *rel = cat_relation_by_oid(relid);
    int attnum = 0;
    for (int i = 0; rel != NULL && i < rel->natts; i++)
        if (strcmp(rel->atts[i].name, column) == 0)
            attnum = i + 1;
    if (attnum == 0) /* PostgreSQL names the relation without its schema here */
        ereport(ERROR,
                err_code(SQLSTATE_UNDEFINED_COLUMN),
                err_msg("column \"%s\" of relation \"%s\" does not exist",
                        column,
                        rel != NULL ? rel->name : table));
    Oid *seqs;
    int n = cat_owned_sequences(relid, &seqs);
    for (int i = 0; i < n; i++) {
        Oid owner;
        int att;
        RelDesc *seq;
        if (cat_sequence_owner(seqs[i], &owner, &att) && att == attnum &&
            (seq = cat_relation_by_oid(seqs[i])) != NULL)
            return ptr_datum(
                text_from_cstr(mcx_printf("%s.%s",
                                          adt_quote_ident(cat_namespace_name(seq->namespace)),
                                          adt_quote_ident(seq->name))));
    }
    fc->isnull = true;
    return 0;
}

void
cmd_sequence_init(void)
{
    adt_seq_hook = seq_hook;
}
