/*
 * exec_expr.c
 *     Evaluating typed expressions over a row, with SQL's NULL rules: strict functions
 *     yield NULL for a NULL argument without being called; AND/OR use three-valued logic.
 *
 * Evaluation walks the tree; compiling expressions to a flat step array (DESIGN.md §6) is
 * left for the performance work, behind this same interface.
 */
#include "oak/oak.h"

#include "exec_internal.h"

#include "oak/executor/executor.h"
#include "oak/utils/adt.h"
#include "oak/utils/record.h"

static Datum
exec_eval_func(Expr *e, const ExecRow *row, bool *isnull)
{
    const ProcDesc *proc = e->u.func.proc;
    FuncCallInfo fc;
    fc.nargs = e->u.func.nargs;
    fc.isnull = false;
    fc.typmod = -1;
    fc.result_type = e->type;
    fc.srf = NULL;
    if (proc->retset) /* ProjectSet or Function Scan runs these (exec_srf.c) */
        ereport(ERROR,
                err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                err_msg("set-valued function called in context that cannot accept a set"));
    for (int i = 0; i < fc.nargs; i++) {
        Expr *a = e->u.func.args[i];
        fc.arg[i] = exec_eval(a, row, &fc.argnull[i]);
        fc.argtype[i] = a->type;
        if (fc.argnull[i] && proc->strict) {
            *isnull = true;
            return 0;
        }
    }
    Datum r = proc->fn(&fc);
    *isnull = fc.isnull;
    return r;
}

/* GREATEST / LEAST: the extreme non-NULL argument by the type's ordering. */
static Datum
exec_eval_minmax(Expr *e, const ExecRow *row, bool *isnull)
{
    const TypeDesc *t = adt_type(e->type);
    int sign = e->u.coalesce.minmax == EXPR_MINMAX_GREATEST ? 1 : -1;
    Datum best = 0;
    bool found = false;
    for (int i = 0; i < e->u.coalesce.nargs; i++) {
        bool n;
        Datum v = exec_eval(e->u.coalesce.args[i], row, &n);
        if (n)
            continue;
        if (!found || sign * t->compare(v, best) > 0)
            best = v;
        found = true;
    }
    *isnull = !found;
    return best;
}

static Datum
exec_eval_bool(Expr *e, const ExecRow *row, bool *isnull)
{
    bool any_null = false;
    switch (e->u.boolean.op) {
    case BOOL_NOT: {
        Datum v = exec_eval(e->u.boolean.args[0], row, isnull);
        return *isnull ? 0 : bool_datum(!datum_bool(v));
    }
    case BOOL_AND:
        for (int i = 0; i < e->u.boolean.nargs; i++) {
            bool n;
            Datum v = exec_eval(e->u.boolean.args[i], row, &n);
            if (n)
                any_null = true;
            else if (!datum_bool(v)) {
                *isnull = false;
                return bool_datum(false);
            }
        }
        *isnull = any_null;
        return bool_datum(!any_null);
    case BOOL_OR:
        for (int i = 0; i < e->u.boolean.nargs; i++) {
            bool n;
            Datum v = exec_eval(e->u.boolean.args[i], row, &n);
            if (n)
                any_null = true;
            else if (datum_bool(v)) {
                *isnull = false;
                return bool_datum(true);
            }
        }
        *isnull = any_null;
        return bool_datum(false);
    }
    *isnull = true;
    return 0;
}

static Datum
exec_eval_booltest(Expr *e, const ExecRow *row, bool *isnull)
{
    bool n;
    Datum v = exec_eval(e->u.booltest.arg, row, &n);
    bool b = !n && datum_bool(v);
    bool r = false;
    *isnull = false;
    switch (e->u.booltest.test) {
    case BT_IS_TRUE:
        r = !n && b;
        break;
    case BT_IS_NOT_TRUE:
        r = n || !b;
        break;
    case BT_IS_FALSE:
        r = !n && !b;
        break;
    case BT_IS_NOT_FALSE:
        r = n || b;
        break;
    case BT_IS_UNKNOWN:
        r = n;
        break;
    case BT_IS_NOT_UNKNOWN:
        r = !n;
        break;
    }
    return bool_datum(r);
}

Datum
exec_eval(Expr *e, const ExecRow *row, bool *isnull)
{
    switch (e->kind) {
    case EXPR_CONST:
        *isnull = e->u.c.isnull;
        return e->u.c.value;
    case EXPR_VAR:
        Assert(row != NULL && e->u.var.attno < row->ncols);
        *isnull = row->nulls[e->u.var.attno];
        return row->values[e->u.var.attno];
    case EXPR_FUNC:
        return exec_eval_func(e, row, isnull);
    case EXPR_CAST: {
        Datum v = exec_eval(e->u.coerce.arg, row, isnull);
        if (*isnull)
            return 0;
        return adt_cast(v, e->u.coerce.source, e->type, e->typmod, e->u.coerce.explicit_cast);
    }
    case EXPR_RELABEL:
        return exec_eval(e->u.coerce.arg, row, isnull);
    case EXPR_BOOL:
        return exec_eval_bool(e, row, isnull);
    case EXPR_NULLTEST: {
        bool n;
        Datum v = exec_eval(e->u.nulltest.arg, row, &n);
        *isnull = false;
        if (!n && e->u.nulltest.arg->type == RECORDOID) /* a row: by its fields (SQL) */
            return bool_datum(adt_record_nulltest(v, e->u.nulltest.is_null));
        return bool_datum(e->u.nulltest.is_null ? n : !n);
    }
    case EXPR_BOOLTEST:
        return exec_eval_booltest(e, row, isnull);
    case EXPR_COALESCE:
        if (e->u.coalesce.minmax != EXPR_MINMAX_NONE)
            return exec_eval_minmax(e, row, isnull);
        for (int i = 0; i < e->u.coalesce.nargs; i++) {
            Datum v = exec_eval(e->u.coalesce.args[i], row, isnull);
            if (!*isnull)
                return v;
        }
        *isnull = true;
        return 0;
    case EXPR_CASE:
        for (int i = 0; i < e->u.casex.nwhen; i++) {
            bool n;
            Datum c = exec_eval(e->u.casex.conds[i], row, &n);
            if (!n && datum_bool(c))
                return exec_eval(e->u.casex.results[i], row, isnull);
        }
        return exec_eval(e->u.casex.defresult, row, isnull);
    case EXPR_NULLIF: {
        Datum l = exec_eval(e->u.nullif.left, row, isnull);
        if (*isnull)
            return 0;
        bool rn;
        Datum r = exec_eval(e->u.nullif.right, row, &rn);
        if (!rn) {
            FuncCallInfo fc = {.nargs = 2, .typmod = -1};
            fc.arg[0] = l;
            fc.arg[1] = r;
            fc.argtype[0] = e->u.nullif.left->type;
            fc.argtype[1] = e->u.nullif.right->type;
            Datum eq = e->u.nullif.eq_proc->fn(&fc);
            if (!fc.isnull && datum_bool(eq)) {
                *isnull = true;
                return 0;
            }
        }
        *isnull = false;
        return l;
    }
    case EXPR_AGGREF:
        elog_internal("aggregate evaluated outside an aggregation");
    case EXPR_SUBLINK:
        return exec_eval_sublink(e, row, isnull);
    case EXPR_OUTERPARAM:
        return exec_eval_outer_param(e, isnull);
    case EXPR_ARRAY:
        return exec_eval_array(e, row, isnull);
    case EXPR_SUBSCRIPT:
        return exec_eval_subscript(e, row, isnull);
    case EXPR_ARRAYOP:
        return exec_eval_arrayop(e, row, isnull);
    case EXPR_PARAM: {
        const ParamValues *pv = exec_param_values;
        int k = e->u.param.paramid;
        if (pv == NULL || k < 1 || k > pv->n)
            elog_internal("no value bound for parameter $%d", k);
        *isnull = pv->nulls[k - 1];
        return pv->values[k - 1];
    }
    }
    elog_internal("unknown expression kind %d", (int)e->kind);
}

ParamValues *exec_param_values;

bool
exec_eval_qual(Expr *qual, const ExecRow *row)
{
    if (qual == NULL)
        return true;
    bool isnull;
    Datum v = exec_eval(qual, row, &isnull);
    return !isnull && datum_bool(v);
}
