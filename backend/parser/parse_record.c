/*
 * parse_record.c
 *     Record-valued expressions: calls of information_schema functions (their result
 *     record's shape goes in the call's typmod) and field selection (expr).field, resolved
 *     through the shape the record expression's typmod names (include/oak/utils/record.h).
 *
 * Field selection becomes an EXPR_FUNC of adt_record_field_proc over (record, field
 * index), so every tree walker (planner, ProjectSet extraction, deparse) handles it as
 * an ordinary function call; (f(x)).n over a set-returning f keeps f a direct argument,
 * which the planner moves into the ProjectSet as it does any set-returning call.
 */
#include "oak/oak.h"

#include "parse_internal.h"

#include "oak/catalog/catalog.h"
#include "oak/utils/record.h"

/*
 * Whether an unqualified call of name means the information_schema function: pg_catalog
 * has no function of that name and information_schema is on the search path.
 */
bool
parse_infoschema_visible(const char *name)
{
    if (adt_infoschema_proc_next_by_name(name, NULL) == NULL ||
        adt_proc_next_by_name(name, NULL) != NULL)
        return false;
    Oid nsp = cat_namespace_oid("information_schema");
    Oid path[64];
    int n = cat_search_namespaces(path, 64);
    for (int i = 0; i < n; i++)
        if (path[i] == nsp && nsp != INVALID_OID)
            return true;
    return false;
}

Expr *
parse_infoschema_call(
    ParseState *ps, const char *name, bool qualified, Expr **args, int nargs, int location)
{
    char *display = qualified ? mcx_printf("information_schema.%s", name) : mcx_strdup(name);
    Expr *e = parse_make_func_among(
        ps, adt_infoschema_proc_next_by_name, name, display, args, nargs, location);
    if (e->kind == EXPR_FUNC && e->type == RECORDOID) {
        Oid argtypes[FUNC_MAX_ARGS];
        for (int i = 0; i < e->u.func.nargs; i++)
            argtypes[i] = e->u.func.args[i]->type;
        e->typmod = adt_infoschema_result_typmod(e->u.func.proc, argtypes);
    }
    return e;
}

Expr *
parse_field_select(ParseState *ps, Expr *rec, const char *field, int location)
{
    (void)ps;
    if (rec->type != RECORDOID)
        ereport(ERROR,
                err_code(SQLSTATE_WRONG_OBJECT_TYPE),
                err_msg("column notation .%s applied to type %s, which is not a composite type",
                        field,
                        parse_type_display(rec->type)),
                parse_errposition(location));
    const RecordShape *shape = adt_record_shape(rec->typmod);
    int i = shape ? adt_record_shape_field(shape, field) : -1;
    if (i < 0)
        ereport(ERROR,
                err_code(SQLSTATE_UNDEFINED_COLUMN),
                err_msg("could not identify column \"%s\" in record data type", field),
                parse_errposition(location));
    Expr *e = mcx_alloc0(sizeof *e);
    e->kind = EXPR_FUNC;
    e->type = shape->types[i];
    e->typmod = shape->typmods[i];
    e->location = location;
    e->u.func.proc = &adt_record_field_proc;
    e->u.func.nargs = 2;
    e->u.func.args = mcx_alloc(sizeof(Expr *) * 2);
    e->u.func.args[0] = rec;
    e->u.func.args[1] = expr_make_const(INT4OID, -1, int32_datum(i), false, -1);
    return e;
}

/* Whether a select-list item is (expr).*: an indirection ending in a star. */
bool
parse_is_record_star(Node *val)
{
    if (val->node_case != PG_QUERY__NODE__NODE_A_INDIRECTION)
        return false;
    PgQuery__AIndirection *ind = val->a_indirection;
    return ind->n_indirection > 0 &&
           ind->indirection[ind->n_indirection - 1]->node_case == PG_QUERY__NODE__NODE_A_STAR;
}

/*
 * (expr).* in a select list: one field selection per field of the record's shape (a
 * set-returning expr is then called once per field, in lockstep, as in PostgreSQL).
 * Returns the count; 42809 for a non-record or a record of unknown shape.
 */
int
parse_record_star(ParseState *ps, PgQuery__AIndirection *ind, Expr ***exprs, char ***names)
{
    PgQuery__AIndirection inner = *ind;
    inner.n_indirection--;
    Expr *rec = inner.n_indirection > 0 ? parse_indirection(ps, &inner) : parse_expr(ps, ind->arg);
    if (rec->type != RECORDOID)
        ereport(ERROR,
                err_code(SQLSTATE_WRONG_OBJECT_TYPE),
                err_msg("type %s is not composite", parse_type_display(rec->type)));
    const RecordShape *shape = adt_record_shape(rec->typmod);
    if (shape == NULL)
        ereport(ERROR,
                err_code(SQLSTATE_WRONG_OBJECT_TYPE),
                err_msg("record type has not been registered"));
    *exprs = mcx_alloc(sizeof(Expr *) * (size_t)(shape->nfields + 1));
    *names = mcx_alloc(sizeof(char *) * (size_t)(shape->nfields + 1));
    for (int i = 0; i < shape->nfields; i++) {
        (*exprs)[i] = parse_field_select(ps, rec, shape->names[i], rec->location);
        (*names)[i] = mcx_strdup(shape->names[i]);
    }
    return shape->nfields;
}
