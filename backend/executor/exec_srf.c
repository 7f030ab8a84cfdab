/*
 * exec_srf.c
 *     Running function calls that return sets: Function Scan (a function in FROM, with
 *     ORDINALITY) and ProjectSet (set-returning calls of the select list, in lockstep).
 *
 * A set-returning function is a ProcDesc with retset, called by the value-per-call
 * protocol of fmgr.h: ExecSrf evaluates the call's arguments once, into a context that
 * lives until the set ends (also the function's SrfCall.cx), then calls the function
 * for each value until it sets done. A call of an ordinary function is a set of one value.
 *
 * Invariants kept here (numbered as in this folder's README.md):
 *  15. A strict set-returning function with a NULL argument returns no rows; an ordinary
 *      function in FROM returns one row (NULL for a strict one with a NULL argument).
 *  16. ProjectSet runs all its calls for an input row in lockstep: output row k holds
 *      value k of each call, NULL for a call whose set has ended; the input row ends when
 *      every set has, and yields no output row if all its sets are empty (PostgreSQL 10+).
 *
 * Not here: the functions themselves (utils/adt/adt_srf.c and beside it).
 */
#include "oak/oak.h"

#include "oak/tcop/tcop.h"
#include "oak/utils/adt.h"
#include "oak/utils/record.h"
#include "exec_internal.h"

/* One evaluation of a function call as a set. */
typedef struct ExecSrf {
    Expr *call;
    MemCtx *cx; /* arguments and the function's state; deleted when the set ends */
    FuncCallInfo fc;
    SrfCall srf;
    bool active;
    bool null_set; /* strict with a NULL argument */
    bool returned; /* an ordinary function: its one value is out */
} ExecSrf;

/* Evaluate the call's arguments over row (NULL in FROM) and get ready for its first value. */
static void
exec_srf_begin(ExecSrf *s, Expr *call, const ExecRow *row, MemCtx *parent)
{
    const ProcDesc *proc = call->u.func.proc;
    memset(s, 0, sizeof *s);
    s->call = call;
    s->cx = mcx_create(parent, "SetFunction");
    s->active = true;
    MemCtx *old = mcx_switch(s->cx);
    s->fc.nargs = call->u.func.nargs;
    s->fc.typmod = -1;
    s->fc.result_type = call->type;
    for (int i = 0; i < s->fc.nargs; i++) {
        Expr *a = call->u.func.args[i];
        s->fc.arg[i] = exec_eval(a, row, &s->fc.argnull[i]);
        s->fc.argtype[i] = a->type;
        if (s->fc.argnull[i] && proc->strict)
            s->null_set = true;
    }
    mcx_switch(old);
    s->srf.cx = s->cx;
    if (call->u.func.retset)
        s->fc.srf = &s->srf;
}

static void
exec_srf_end(ExecSrf *s)
{
    if (s->cx != NULL)
        mcx_delete(s->cx);
    s->cx = NULL;
    s->active = false;
}

/*
 * The set's next value (allocated in the current context); false once it has ended (the
 * set's memory is then freed).
 */
static bool
exec_srf_next(ExecSrf *s, Datum *value, bool *isnull)
{
    if (!s->active)
        return false;
    const ProcDesc *proc = s->call->u.func.proc;
    if (!s->call->u.func.retset) {
        if (s->returned) {
            exec_srf_end(s);
            return false;
        }
        s->returned = true;
        s->fc.isnull = false;
        *value = s->null_set ? 0 : proc->fn(&s->fc);
        *isnull = s->null_set || s->fc.isnull;
        return true;
    }
    if (s->null_set) {
        exec_srf_end(s);
        return false;
    }
    s->fc.isnull = false;
    Datum v = proc->fn(&s->fc);
    if (s->srf.done) {
        exec_srf_end(s);
        return false;
    }
    *value = v;
    *isnull = s->fc.isnull;
    return true;
}

/*
 * Store a function's value as its FROM columns: one column, or, for a record of known
 * shape, one per field (a NULL record gives NULL fields). Returns the column count.
 */
static int
exec_srf_store(const Expr *call, Datum v, bool isnull, Datum *values, bool *nulls)
{
    const RecordShape *shape = call->type == RECORDOID ? adt_record_shape(call->typmod) : NULL;
    if (shape == NULL) {
        values[0] = v;
        nulls[0] = isnull;
        return 1;
    }
    for (int i = 0; i < shape->nfields; i++) {
        Oid type;
        values[i] = 0;
        nulls[i] = true;
        if (!isnull)
            values[i] = adt_record_field(v, i, &type, &nulls[i]);
    }
    return shape->nfields;
}

typedef struct FuncScanState {
    ExecSrf srf;
    int64_t ordinal;
} FuncScanState;

ExecRow *
exec_funcscan_next(ExecNode *n)
{
    const Plan *p = n->plan;
    FuncScanState *st = n->ext;
    if (st == NULL) {
        st = n->ext = mcx_alloc0_in(n->node_cx, sizeof *st);
        exec_srf_begin(&st->srf, p->func, NULL, n->node_cx);
    }
    for (;;) {
        tcop_check_interrupts();
        mcx_reset(n->row_cx);
        MemCtx *old = mcx_switch(n->row_cx);
        Datum v;
        bool isnull;
        bool got = exec_srf_next(&st->srf, &v, &isnull);
        bool pass = false;
        if (got) {
            int w = exec_srf_store(p->func, v, isnull, n->row.values, n->row.nulls);
            if (p->ordinality) {
                n->row.values[w] = int64_datum(++st->ordinal);
                n->row.nulls[w] = false;
            }
            pass = exec_eval_qual(p->qual, &n->row);
        }
        mcx_switch(old);
        if (!got)
            return NULL;
        if (pass)
            return &n->row;
    }
}

typedef struct ProjectSetState {
    ExecSrf *srfs;
    ExecRow *in; /* the input row being expanded, NULL between rows */
} ProjectSetState;

ExecRow *
exec_project_set_next(ExecNode *n)
{
    const Plan *p = n->plan;
    ProjectSetState *st = n->ext;
    if (st == NULL) {
        st = n->ext = mcx_alloc0_in(n->node_cx, sizeof *st);
        st->srfs = mcx_alloc0_in(n->node_cx, sizeof(ExecSrf) * (size_t)(p->nexprs + 1));
    }
    int base = p->ncols - p->nexprs;
    for (;;) {
        if (st->in == NULL) {
            st->in = exec_next(n->child);
            if (st->in == NULL)
                return NULL;
            for (int k = 0; k < p->nexprs; k++)
                exec_srf_begin(&st->srfs[k], p->exprs[k], st->in, n->node_cx);
        }
        tcop_check_interrupts();
        mcx_reset(n->row_cx);
        MemCtx *old = mcx_switch(n->row_cx);
        bool any = false;
        for (int k = 0; k < p->nexprs; k++) {
            bool *isnull = &n->row.nulls[base + k];
            if (exec_srf_next(&st->srfs[k], &n->row.values[base + k], isnull)) {
                any = true;
            } else {
                n->row.values[base + k] = 0;
                *isnull = true;
            }
        }
        mcx_switch(old);
        if (!any) {
            st->in = NULL; /* every set has ended (and freed its memory) */
            continue;
        }
        memcpy(n->row.values, st->in->values, sizeof(Datum) * (size_t)base);
        memcpy(n->row.nulls, st->in->nulls, sizeof(bool) * (size_t)base);
        return &n->row;
    }
}

typedef struct LateralState {
    ExecSrf srf;
    ExecRow *in; /* the left row being joined, NULL between rows */
    bool matched;
    int64_t ordinal;
} LateralState;

/*
 * A join of each child row with the rows of a function over it (README invariant 15
 * for the function's rows): the joined row is the child's columns then the function's;
 * filter (over the function's row) and qual decide matches, a LEFT join null-extends a
 * child row that has none, post_qual filters what comes out.
 */
ExecRow *
exec_lateral_next(ExecNode *n)
{
    const Plan *p = n->plan;
    LateralState *st = n->ext;
    if (st == NULL)
        st = n->ext = mcx_alloc0_in(n->node_cx, sizeof *st);
    int base = p->child->ncols;
    for (;;) {
        if (st->in == NULL) {
            st->in = exec_next(n->child);
            if (st->in == NULL)
                return NULL;
            exec_srf_begin(&st->srf, p->func, st->in, n->node_cx);
            st->matched = false;
            st->ordinal = 0;
        }
        tcop_check_interrupts();
        mcx_reset(n->row_cx);
        MemCtx *old = mcx_switch(n->row_cx);
        memcpy(n->row.values, st->in->values, sizeof(Datum) * (size_t)base);
        memcpy(n->row.nulls, st->in->nulls, sizeof(bool) * (size_t)base);
        Datum v;
        bool isnull;
        bool got = exec_srf_next(&st->srf, &v, &isnull);
        bool emit = false;
        if (got) {
            int w = exec_srf_store(p->func, v, isnull, n->row.values + base, n->row.nulls + base);
            if (p->ordinality) {
                n->row.values[base + w] = int64_datum(++st->ordinal);
                n->row.nulls[base + w] = false;
            }
            ExecRow frow = {p->ncols - base, n->row.values + base, n->row.nulls + base};
            bool pass = true;
            for (int i = 0; i < p->nfilter && pass; i++)
                pass = exec_eval_qual(p->filter[i], &frow);
            if (pass && exec_eval_qual(p->qual, &n->row)) {
                st->matched = true;
                emit = true;
            }
        } else {
            /* The set has ended (its memory freed): a LEFT join keeps an unmatched row. */
            if (p->jointype == JOIN_LEFT && !st->matched) {
                for (int i = base; i < p->ncols; i++) {
                    n->row.values[i] = 0;
                    n->row.nulls[i] = true;
                }
                emit = true;
            }
            st->in = NULL;
        }
        if (emit)
            emit = exec_eval_qual(p->post_qual, &n->row);
        mcx_switch(old);
        if (emit)
            return &n->row;
    }
}
