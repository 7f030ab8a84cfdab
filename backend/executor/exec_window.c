/*
 * exec_window.c
 *     WindowAgg: the rows of its input (sorted by PARTITION BY then ORDER BY), each with
 *     the values of its window's calls appended, in input order, as PostgreSQL's.
 *
 * Invariants kept here (numbered as in this folder's README.md):
 *   22. One partition at a time is kept, copied into a partition context; the first row
 *       of the next partition waits in a context of its own, which becomes the next
 *       partition's. A row handed up lives until the next call (its values are the
 *       partition's copies; computed values live in the row context).
 *   23. A frame is a range [start, end) of the partition's rows: ROWS counts rows from
 *       the current one, GROUPS peer groups; RANGE reaches the current row's peers (rows
 *       equal on ORDER BY; the whole partition without ORDER BY) or, with offsets, the
 *       rows whose ORDER BY value lies within them. EXCLUDE takes rows out of the range.
 *       ROWS / GROUPS offsets are checked when the node starts (22004 NULL, 22013
 *       negative), RANGE ones when first used.
 *   24. An aggregate over a frame keeps its state in a context of its own; a frame that
 *       keeps its start and does not shrink is extended row by row, one that slides
 *       drops the rows it left through the aggregate's inverse (when it has one), any
 *       other (and any with EXCLUDE) is aggregated again from its start.
 *   25. Once the run condition fails, the rest of the partition is skipped (all the
 *       input without PARTITION BY).
 */
#include "oak/oak.h"

#include "oak/executor/executor.h"
#include "oak/tcop/tcop.h"
#include "oak/utils/adt.h"
#include "exec_internal.h"

/* A call's state: an aggregate's and the frame it covers, ntile's bucket count. */
typedef struct WinAggState {
    MemCtx *cx;
    Datum state;
    int64_t start;
    int64_t end;
    bool valid;
    int64_t ntile; /* per partition (0: not yet evaluated, -1: NULL) */
} WinAggState;

typedef struct WinState {
    MemCtx *part_cx; /* the current partition's rows */
    MemCtx *next_cx; /* the next partition's first row */
    ExecRow *rows;
    int64_t nrows;
    int64_t cap;
    int64_t pos;      /* next row to emit */
    ExecRow *pending; /* the next partition's first row (in next_cx), or NULL */
    bool input_done;
    bool offsets_ready;
    int64_t start_offset; /* ROWS */
    int64_t end_offset;
    Datum start_value; /* RANGE: int8, float8 or numeric, per the ORDER BY column */
    Datum end_value;
    bool range_checked; /* RANGE offsets were checked for being negative */
    int64_t nonnull_lo; /* RANGE: the partition's rows with a non-NULL ORDER BY value */
    int64_t nonnull_hi;
    int64_t *peer_start; /* per row: its peer group's first row, last row + 1, number */
    int64_t *peer_end;
    int64_t *peer_no;
    int64_t *group_first; /* per peer group number: its first row */
    WinAggState *aggs;    /* per call */
} WinState;

/* Compare rows a and b on the keys [from, to) of p; NULLs equal each other. */
static int
exec_win_compare(const Plan *p, const ExecRow *a, const ExecRow *b, int from, int to)
{
    for (int k = from; k < to; k++) {
        int col = p->keys[k].col;
        bool an = a->nulls[col];
        bool bn = b->nulls[col];
        if (an || bn) {
            if (an && bn)
                continue;
            return 1;
        }
        const TypeDesc *t = adt_type(p->col_types[col]);
        if (t->compare(a->values[col], b->values[col]) != 0)
            return 1;
    }
    return 0;
}

static ExecRow
exec_win_copy_row(const Plan *child, const ExecRow *in, MemCtx *cx)
{
    int n = child->ncols;
    ExecRow r = {.ncols = n};
    r.values = mcx_alloc_in(cx, sizeof(Datum) * (size_t)(n + 1));
    r.nulls = mcx_alloc_in(cx, sizeof(bool) * (size_t)(n + 1));
    MemCtx *old = mcx_switch(cx);
    for (int i = 0; i < n; i++) {
        r.nulls[i] = in->nulls[i];
        r.values[i] =
            in->nulls[i] ? 0 : adt_datum_copy(adt_type(child->col_types[i]), in->values[i]);
    }
    mcx_switch(old);
    return r;
}

static void
exec_win_append(WinState *ws, ExecRow r)
{
    if (ws->nrows == ws->cap) {
        ws->cap = ws->cap ? ws->cap * 2 : 64;
        ExecRow *rows = mcx_alloc_in(ws->part_cx, sizeof(ExecRow) * (size_t)ws->cap);
        if (ws->nrows > 0)
            memcpy(rows, ws->rows, sizeof(ExecRow) * (size_t)ws->nrows);
        ws->rows = rows; /* the old array stays in part_cx until the partition ends */
    }
    ws->rows[ws->nrows++] = r;
}

/* Peer groups: rows equal on ORDER BY (all rows when there is none). */
static void
exec_win_peers(ExecNode *n, WinState *ws)
{
    const Plan *p = n->plan;
    size_t size = sizeof(int64_t) * (size_t)(ws->nrows + 1);
    ws->peer_start = mcx_alloc_in(ws->part_cx, size);
    ws->peer_end = mcx_alloc_in(ws->part_cx, size);
    ws->peer_no = mcx_alloc_in(ws->part_cx, size);
    ws->group_first = mcx_alloc_in(ws->part_cx, size);
    ws->group_first[0] = 0;
    int64_t first = 0;
    int64_t group = 0;
    for (int64_t i = 0; i < ws->nrows; i++) {
        if (i > 0 && exec_win_compare(p, &ws->rows[i - 1], &ws->rows[i], p->npartkeys, p->nkeys)) {
            for (int64_t j = first; j < i; j++)
                ws->peer_end[j] = i;
            first = i;
            group++;
            ws->group_first[group] = i;
        }
        ws->peer_start[i] = first;
        ws->peer_no[i] = group;
    }
    for (int64_t j = first; j < ws->nrows; j++)
        ws->peer_end[j] = ws->nrows;
}

/* Read the next partition; false when the input has no more rows. */
static bool
exec_win_load(ExecNode *n, WinState *ws)
{
    const Plan *p = n->plan;
    if (ws->part_cx != NULL)
        mcx_delete(ws->part_cx);
    ws->part_cx = ws->next_cx;
    ws->next_cx = mcx_create(n->node_cx, "WindowPartition");
    ws->rows = NULL;
    ws->nrows = ws->cap = ws->pos = 0;
    if (ws->pending != NULL) {
        exec_win_append(ws, *ws->pending);
        ws->pending = NULL;
    }
    while (!ws->input_done) {
        tcop_check_interrupts();
        ExecRow *in = exec_next(n->child);
        if (in == NULL) {
            ws->input_done = true;
            break;
        }
        if (ws->nrows > 0 && exec_win_compare(p, &ws->rows[0], in, 0, p->npartkeys)) {
            ws->pending = mcx_alloc_in(ws->next_cx, sizeof(ExecRow));
            *ws->pending = exec_win_copy_row(p->child, in, ws->next_cx);
            break;
        }
        exec_win_append(ws, exec_win_copy_row(p->child, in, ws->part_cx));
    }
    if (ws->nrows == 0)
        return false;
    exec_win_peers(n, ws);
    if (p->nkeys > p->npartkeys) {
        int col = p->keys[p->npartkeys].col;
        ws->nonnull_lo = 0;
        ws->nonnull_hi = ws->nrows;
        while (ws->nonnull_lo < ws->nrows && ws->rows[ws->nonnull_lo].nulls[col])
            ws->nonnull_lo++;
        while (ws->nonnull_hi > ws->nonnull_lo && ws->rows[ws->nonnull_hi - 1].nulls[col])
            ws->nonnull_hi--;
    }
    for (int i = 0; i < p->nexprs; i++) {
        ws->aggs[i].valid = false;
        ws->aggs[i].ntile = 0;
    }
    return true;
}

static Datum
exec_win_offset(Expr *e, const char *which, bool rows)
{
    if (e == NULL)
        return 0;
    bool isnull;
    Datum v = exec_eval(e, NULL, &isnull);
    if (isnull)
        ereport(ERROR,
                err_code(SQLSTATE_NULL_VALUE_NOT_ALLOWED),
                err_msg("frame %s offset must not be null", which));
    if (!rows) /* RANGE: checked when first used, as PostgreSQL's in_range functions */
        return e->type == NUMERICOID ? adt_datum_copy(adt_type(NUMERICOID), v) : v;
    if (datum_int64(v) < 0)
        ereport(ERROR,
                err_code(SQLSTATE_INVALID_PRECEDING_OR_FOLLOWING_SIZE),
                err_msg("frame %s offset must not be negative", which));
    return v;
}

/* left op right by the built-in operator (numeric +/-, date/time +/- interval). */
static Datum
exec_win_op(const char *name, Oid left, Oid right, Datum a, Datum b, Oid *result)
{
    const OperDesc *op = adt_oper_find(name, left, right);
    if (op == NULL)
        elog_internal("no operator %s for window frame bounds", name);
    FuncCallInfo fc = {.nargs = 2, .typmod = -1, .result_type = op->result};
    fc.arg[0] = a;
    fc.arg[1] = b;
    fc.argtype[0] = left;
    fc.argtype[1] = right;
    if (result != NULL)
        *result = op->result;
    return adt_proc(op->proc)->fn(&fc);
}

/* A RANGE offset's sign: 22013 for a negative (or NaN) one. */
static void
exec_win_range_check(Datum off, Oid type, Oid key)
{
    bool bad;
    if (key == TIMEOID || key == TIMETZOID) /* time + interval reads the time part only */
        bad = adt_interval_time(off) < 0;
    else if (type == INTERVALOID) /* below the zero interval (off - off) */
        bad = adt_type(INTERVALOID)
                  ->compare(off, exec_win_op("-", INTERVALOID, INTERVALOID, off, off, NULL)) < 0;
    else
        bad = type == INT8OID     ? datum_int64(off) < 0
              : type == FLOAT8OID ? !(datum_float8(off) >= 0)
                                  : adt_numeric_is_nan(off) || adt_numeric_to_cstr(off)[0] == '-';
    if (bad)
        ereport(ERROR,
                err_code(SQLSTATE_INVALID_PRECEDING_OR_FOLLOWING_SIZE),
                err_msg("invalid preceding or following size in window function"));
}

/*
 * The bound x + off (add) or x - off a row's key is compared with: exact for integers
 * (128 bits), in doubles for floats, else by the type's operator (numeric, and date /
 * timestamp / timestamptz / interval with an interval: date + interval is a timestamp,
 * so date keys are compared as timestamps).
 */
typedef struct WinRangeBound {
    Oid type; /* the key's type */
    __int128 i;
    double f;
    Datum value;    /* other types: the bound */
    Oid value_type; /* its type */
} WinRangeBound;

static int64_t
exec_win_int(Datum d, Oid type)
{
    return type == INT2OID ? datum_int16(d) : type == INT4OID ? datum_int32(d) : datum_int64(d);
}

static int
exec_win_range_cmp(const WinRangeBound *b, Datum key)
{
    switch (b->type) {
    case INT2OID:
    case INT4OID:
    case INT8OID:
    case TIMEOID: {
        __int128 k = exec_win_int(key, b->type);
        return k < b->i ? -1 : k > b->i;
    }
    case FLOAT4OID:
    case FLOAT8OID: {
        double k = b->type == FLOAT4OID ? datum_float4(key) : datum_float8(key);
        return k < b->f ? -1 : k > b->f;
    }
    default:
        if (b->value_type != b->type)
            key = adt_cast(key, b->type, b->value_type, -1, false);
        return adt_type(b->value_type)->compare(key, b->value);
    }
}

/*
 * Row i's RANGE frame start (start) or end under an offset bound: the first row whose
 * ORDER BY value is within the offset (start), or the first one past it (end), found by
 * binary search among the non-NULL values; a NULL value's frame is its NULL peers.
 */
static int64_t
exec_win_range(const ExecNode *n, WinState *ws, int64_t i, bool preceding, bool start)
{
    const Plan *p = n->plan;
    const SortKey *sk = &p->keys[p->npartkeys];
    Oid type = p->col_types[sk->col];
    Expr *off_expr = start ? p->window->start_offset : p->window->end_offset;
    Datum off = start ? ws->start_value : ws->end_value;
    if (!ws->range_checked) {
        if (p->window->start_offset != NULL)
            exec_win_range_check(ws->start_value, p->window->start_offset->type, type);
        if (p->window->end_offset != NULL)
            exec_win_range_check(ws->end_value, p->window->end_offset->type, type);
        ws->range_checked = true;
    }
    if (ws->rows[i].nulls[sk->col])
        return start ? ws->peer_start[i] : ws->peer_end[i];
    Datum x = ws->rows[i].values[sk->col];
    bool add = preceding == sk->desc; /* preceding values are smaller unless DESC */
    WinRangeBound b = {.type = type};
    if (type == TIMETZOID) { /* the time part moved without wrapping, the zone kept */
        int64_t t;
        int32_t zone;
        adt_timetz_parts(x, &t, &zone);
        int64_t d = adt_interval_time(off);
        int64_t sum;
        if (__builtin_add_overflow(t, add ? d : -d, &sum))
            sum = add ? INT64_MAX : INT64_MIN;
        b.value = adt_timetz_from_parts(sum, zone);
        b.value_type = TIMETZOID;
    } else if (type == TIMEOID) /* microseconds, compared exactly: no wrap at midnight */
        b.i = add ? (__int128)datum_int64(x) + adt_interval_time(off)
                  : (__int128)datum_int64(x) - adt_interval_time(off);
    else if (off_expr->type == INT8OID)
        b.i = add ? (__int128)exec_win_int(x, type) + datum_int64(off)
                  : (__int128)exec_win_int(x, type) - datum_int64(off);
    else if (off_expr->type == FLOAT8OID)
        b.f = (type == FLOAT4OID ? datum_float4(x) : datum_float8(x)) +
              (add ? datum_float8(off) : -datum_float8(off));
    else
        b.value = exec_win_op(add ? "+" : "-", type, off_expr->type, x, off, &b.value_type);
    int64_t lo = ws->nonnull_lo;
    int64_t hi = ws->nonnull_hi;
    while (lo < hi) { /* first row where the condition holds (it holds from there on) */
        int64_t mid = lo + (hi - lo) / 2;
        int c = exec_win_range_cmp(&b, ws->rows[mid].values[sk->col]);
        if (sk->desc)
            c = -c;
        if (start ? c >= 0 : c > 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

/*
 * GROUPS: the first row of the peer group delta groups from row i's (start), or the row
 * after that group (end), clamped to the partition.
 */
static int64_t
exec_win_groups(const WinState *ws, int64_t i, int64_t delta, bool start)
{
    int64_t g = ws->peer_no[i] + delta;
    int64_t ngroups = ws->peer_no[ws->nrows - 1] + 1;
    if (g < 0)
        return 0;
    if (g >= ngroups)
        return ws->nrows;
    int64_t first = ws->group_first[g];
    return start ? first : ws->peer_end[first];
}

static int64_t
exec_win_bound(const ExecNode *n, WinState *ws, WinBound b, int64_t offset, int64_t i, bool start)
{
    const WindowSpec *w = n->plan->window;
    bool rows = w->rows;
    bool offset_bound = b == WIN_OFFSET_PRECEDING || b == WIN_OFFSET_FOLLOWING;
    if (w->groups && offset_bound)
        return exec_win_groups(ws, i, b == WIN_OFFSET_PRECEDING ? -offset : offset, start);
    if (!rows && offset_bound)
        return exec_win_range(n, ws, i, b == WIN_OFFSET_PRECEDING, start);
    switch (b) {
    case WIN_UNBOUNDED_PRECEDING:
        return 0;
    case WIN_UNBOUNDED_FOLLOWING:
        return ws->nrows;
    case WIN_CURRENT_ROW:
        if (!rows) /* RANGE: the current row's peers */
            return start ? ws->peer_start[i] : ws->peer_end[i];
        return start ? i : i + 1;
    case WIN_OFFSET_PRECEDING:
        return (start ? i : i + 1) - offset;
    case WIN_OFFSET_FOLLOWING:
        return (start ? i : i + 1) + offset;
    }
    return 0;
}

/* Row i's frame [*fs, *fe), clamped to the partition (empty: *fs == *fe). */
static void
exec_win_frame(const ExecNode *n, WinState *ws, int64_t i, int64_t *fs, int64_t *fe)
{
    const WindowSpec *w = n->plan->window;
    int64_t s = exec_win_bound(n, ws, w->start, ws->start_offset, i, true);
    int64_t e = exec_win_bound(n, ws, w->end, ws->end_offset, i, false);
    s = s < 0 ? 0 : s > ws->nrows ? ws->nrows : s;
    e = e < s ? s : e > ws->nrows ? ws->nrows : e;
    *fs = s;
    *fe = e;
}

/* Whether row j of row i's frame is left out by the window's EXCLUDE clause. */
static bool
exec_win_excluded(const ExecNode *n, const WinState *ws, int64_t i, int64_t j)
{
    switch (n->plan->window->exclude) {
    case WIN_EXCLUDE_NONE:
        return false;
    case WIN_EXCLUDE_CURRENT_ROW:
        return j == i;
    case WIN_EXCLUDE_GROUP:
        return j >= ws->peer_start[i] && j < ws->peer_end[i];
    case WIN_EXCLUDE_TIES:
        return j != i && j >= ws->peer_start[i] && j < ws->peer_end[i];
    }
    return false;
}

/*
 * Row j's input to call f: false when FILTER leaves it out or it is NULL (only trans_any
 * aggregates see NULLs: *v is then set with *isnull).
 */
static bool
exec_win_agg_input(Expr *f, const ExecRow *row, Datum *v, bool *isnull)
{
    *v = 0;
    *isnull = false;
    if (f->u.winfunc.filter != NULL && !exec_eval_qual(f->u.winfunc.filter, row))
        return false;
    if (f->u.winfunc.nargs > 0)
        *v = exec_eval(f->u.winfunc.args[0], row, isnull);
    return !*isnull || f->u.winfunc.agg->trans_any != NULL;
}

/*
 * An aggregate over row i's frame. The kept state covers [start, end): a frame that
 * grows is extended; one that slides forward takes the rows it leaves back out when the
 * aggregate has an inverse (counts, integer sums); any other is aggregated again.
 */
static Datum
exec_win_agg(ExecNode *n, WinState *ws, int k, int64_t i, bool *isnull)
{
    Expr *f = n->plan->exprs[k];
    const AggDesc *agg = f->u.winfunc.agg;
    WinAggState *as = &ws->aggs[k];
    int64_t fs;
    int64_t fe;
    exec_win_frame(n, ws, i, &fs, &fe);
    bool exclude = n->plan->window->exclude != WIN_EXCLUDE_NONE;
    AggTransFn inverse = agg->trans_any == NULL ? adt_agg_inverse(agg) : NULL;
    bool slide = as->valid && inverse != NULL && fs > as->start && fs <= as->end;
    if (!as->valid || (as->start != fs && !slide) || fe < as->end || exclude) {
        if (as->cx == NULL)
            as->cx = mcx_create(n->node_cx, "WindowAggregate");
        mcx_reset(as->cx);
        as->state = agg->init(as->cx);
        as->start = as->end = fs;
        as->valid = true;
    }
    Datum v;
    bool argnull;
    for (; as->start < fs; as->start++) { /* sliding: the rows the frame left */
        tcop_check_interrupts();
        if (exec_win_agg_input(f, &ws->rows[as->start], &v, &argnull))
            as->state = inverse(as->cx, as->state, v);
    }
    for (; as->end < fe; as->end++) {
        tcop_check_interrupts();
        if (exclude && exec_win_excluded(n, ws, i, as->end))
            continue;
        if (!exec_win_agg_input(f, &ws->rows[as->end], &v, &argnull))
            continue;
        if (agg->trans_any != NULL) /* array_agg & co. keep NULL inputs */
            as->state =
                agg->trans_any(as->cx, as->state, v, argnull, f->u.winfunc.args[0]->type, NULL);
        else
            as->state = agg->trans(as->cx, as->state, v);
    }
    *isnull = false;
    return agg->final(as->state, isnull);
}

/* Argument a of call f over row r; *isnull set. */
static Datum
exec_win_arg(Expr *f, int a, const ExecRow *r, bool *isnull)
{
    return exec_eval(f->u.winfunc.args[a], r, isnull);
}

/* lag / lead: the value offset rows before / after row i, or the default. */
static Datum
exec_win_shift(WinState *ws, Expr *f, int64_t i, bool *isnull)
{
    int64_t offset = 1;
    if (f->u.winfunc.nargs >= 2) {
        Datum o = exec_win_arg(f, 1, &ws->rows[i], isnull);
        if (*isnull)
            return 0;
        offset = datum_int32(o);
    }
    int64_t j = f->u.winfunc.fn == WINFN_LAG ? i - offset : i + offset;
    if (j >= 0 && j < ws->nrows)
        return exec_win_arg(f, 0, &ws->rows[j], isnull);
    if (f->u.winfunc.nargs == 3)
        return exec_win_arg(f, 2, &ws->rows[i], isnull);
    *isnull = true;
    return 0;
}

/* ntile(buckets): row i's bucket, the first (rows % buckets) buckets one row larger. */
static Datum
exec_win_ntile(WinState *ws, int k, Expr *f, int64_t i, bool *isnull)
{
    WinAggState *st = &ws->aggs[k];
    if (st->ntile == 0) { /* evaluated once per partition, on its first row */
        Datum b = exec_win_arg(f, 0, &ws->rows[0], isnull);
        if (*isnull) {
            st->ntile = -1;
            return 0;
        }
        if (datum_int32(b) <= 0)
            ereport(ERROR,
                    err_code(SQLSTATE_INVALID_ARGUMENT_FOR_NTILE),
                    err_msg("argument of ntile must be greater than zero"));
        st->ntile = datum_int32(b);
    }
    if (st->ntile < 0) {
        *isnull = true;
        return 0;
    }
    int64_t per = ws->nrows / st->ntile;
    int64_t extra = ws->nrows % st->ntile;
    int64_t big = extra * (per + 1); /* rows in the larger buckets */
    int64_t bucket = i < big ? i / (per + 1) : extra + (i - big) / (per > 0 ? per : 1);
    *isnull = false;
    return int32_datum((int32_t)(bucket + 1));
}

/* first_value / last_value / nth_value over row i's frame. */
static Datum
exec_win_frame_value(ExecNode *n, WinState *ws, Expr *f, int64_t i, bool *isnull)
{
    int64_t fs;
    int64_t fe;
    exec_win_frame(n, ws, i, &fs, &fe);
    int64_t j = f->u.winfunc.fn == WINFN_LAST_VALUE ? fe - 1 : fs;
    if (f->u.winfunc.fn == WINFN_NTH_VALUE) {
        Datum nth = exec_win_arg(f, 1, &ws->rows[i], isnull);
        if (*isnull)
            return 0;
        if (datum_int32(nth) <= 0)
            ereport(ERROR,
                    err_code(SQLSTATE_INVALID_ARGUMENT_FOR_NTH_VALUE),
                    err_msg("argument of nth_value must be greater than zero"));
        j = fs + datum_int32(nth) - 1;
    }
    if (n->plan->window->exclude != WIN_EXCLUDE_NONE) { /* count the rows left in */
        int64_t want = j - fs + 1;
        bool last = f->u.winfunc.fn == WINFN_LAST_VALUE;
        int64_t k = last ? fe - 1 : fs;
        for (; k >= fs && k < fe; k += last ? -1 : 1) {
            tcop_check_interrupts(); /* a large excluded peer group is walked through */
            if (!exec_win_excluded(n, ws, i, k) && (last || --want == 0))
                break;
        }
        j = k;
    }
    if (j < fs || j >= fe) {
        *isnull = true;
        return 0;
    }
    return exec_win_arg(f, 0, &ws->rows[j], isnull);
}

static Datum
exec_win_call(ExecNode *n, WinState *ws, int k, int64_t i, bool *isnull)
{
    Expr *f = n->plan->exprs[k];
    int64_t rows = ws->nrows;
    *isnull = false;
    switch (f->u.winfunc.fn) {
    case WINFN_AGG:
        return exec_win_agg(n, ws, k, i, isnull);
    case WINFN_ROW_NUMBER:
        return int64_datum(i + 1);
    case WINFN_RANK:
        return int64_datum(ws->peer_start[i] + 1);
    case WINFN_DENSE_RANK:
        return int64_datum(ws->peer_no[i] + 1);
    case WINFN_PERCENT_RANK:
        return float8_datum(rows > 1 ? (double)ws->peer_start[i] / (double)(rows - 1) : 0.0);
    case WINFN_CUME_DIST:
        return float8_datum((double)ws->peer_end[i] / (double)rows);
    case WINFN_NTILE:
        return exec_win_ntile(ws, k, f, i, isnull);
    case WINFN_LAG:
    case WINFN_LEAD:
        return exec_win_shift(ws, f, i, isnull);
    case WINFN_FIRST_VALUE:
    case WINFN_LAST_VALUE:
    case WINFN_NTH_VALUE:
        return exec_win_frame_value(n, ws, f, i, isnull);
    }
    elog_internal("unknown window function %d", (int)f->u.winfunc.fn);
}

ExecRow *
exec_window_next(ExecNode *n)
{
    const Plan *p = n->plan;
    WinState *ws = n->ext;
    if (ws == NULL) {
        ws = n->ext = mcx_alloc0_in(n->node_cx, sizeof(WinState));
        ws->next_cx = mcx_create(n->node_cx, "WindowPartition");
        ws->aggs = mcx_alloc0_in(n->node_cx, sizeof(WinAggState) * (size_t)(p->nexprs + 1));
    }
    if (!ws->offsets_ready) { /* once, even for no input, as PostgreSQL */
        bool rows = p->window->rows || p->window->groups; /* bigint offsets, checked now */
        MemCtx *old = mcx_switch(n->node_cx);
        Datum s = exec_win_offset(p->window->start_offset, "starting", rows);
        Datum e = exec_win_offset(p->window->end_offset, "ending", rows);
        mcx_switch(old);
        if (rows) {
            ws->start_offset = datum_int64(s);
            ws->end_offset = datum_int64(e);
        } else {
            ws->start_value = s;
            ws->end_value = e;
        }
        ws->offsets_ready = true;
    }
    for (;;) {
        if (ws->pos >= ws->nrows) {
            if (ws->input_done && ws->pending == NULL)
                return NULL;
            if (!exec_win_load(n, ws))
                return NULL;
        }
        int64_t i = ws->pos++;
        mcx_reset(n->row_cx);
        MemCtx *old = mcx_switch(n->row_cx);
        int base = p->child->ncols;
        memcpy(n->row.values, ws->rows[i].values, sizeof(Datum) * (size_t)base);
        memcpy(n->row.nulls, ws->rows[i].nulls, sizeof(bool) * (size_t)base);
        for (int k = 0; k < p->nexprs; k++)
            n->row.values[base + k] = exec_win_call(n, ws, k, i, &n->row.nulls[base + k]);
        bool pass = exec_eval_qual(p->run_cond, &n->row);
        mcx_switch(old);
        if (pass)
            return &n->row;
        /* The run condition stays false for the rest of the partition (README 25). */
        ws->pos = ws->nrows;
        if (p->npartkeys == 0)
            ws->input_done = true; /* one partition: nothing more to return */
    }
}
