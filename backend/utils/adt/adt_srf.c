/*
 * adt_srf.c
 *     Built-in set-returning functions, in the value-per-call protocol of fmgr.h (SrfCall):
 *     generate_series over int4, int8 and numeric, with and without a step, and over
 *     timestamp and timestamptz with an interval step.
 *
 * Each function keeps its position in srf->state (allocated in srf->cx) and returns one
 * value per call until it sets srf->done. Arguments are the same on every call; they are
 * read and checked on the first call only.
 *
 * Not here: running a set-returning call (executor/exec_srf.c).
 */
#include "oak/oak.h"

#include "adt_fns.h"
#include "adt_priv.h"

/* Integer series: current value, stop, step; done once the next value would overflow. */
typedef struct SeriesInt {
    int64_t cur;
    int64_t stop;
    int64_t step;
    bool last; /* cur is the final value (stepping past it overflows the type) */
} SeriesInt;

static SeriesInt *
adt_series_int_begin(FuncCallInfo *fc, bool wide)
{
    SrfCall *srf = fc->srf;
    if (srf->state != NULL)
        return srf->state;
    SeriesInt *s = mcx_alloc_in(srf->cx, sizeof *s);
    s->cur = wide ? datum_int64(fc->arg[0]) : datum_int32(fc->arg[0]);
    s->stop = wide ? datum_int64(fc->arg[1]) : datum_int32(fc->arg[1]);
    s->step = 1;
    if (fc->nargs > 2)
        s->step = wide ? datum_int64(fc->arg[2]) : datum_int32(fc->arg[2]);
    s->last = false;
    if (s->step == 0)
        ereport(ERROR,
                err_code(SQLSTATE_INVALID_PARAMETER_VALUE),
                err_msg("step size cannot equal zero"));
    srf->state = s;
    return s;
}

static Datum
adt_series_int_next(FuncCallInfo *fc, bool wide)
{
    SeriesInt *s = adt_series_int_begin(fc, wide);
    SrfCall *srf = fc->srf;
    if (s->step > 0 ? s->cur > s->stop : s->cur < s->stop) {
        srf->done = true;
        return 0;
    }
    if (s->last) {
        srf->done = true;
        return 0;
    }
    int64_t v = s->cur;
    int64_t next;
    bool overflow = __builtin_add_overflow(v, s->step, &next);
    if (!wide && !overflow)
        overflow = next > INT32_MAX || next < INT32_MIN;
    if (overflow)
        s->last = true; /* the value after this one does not exist in the type */
    else
        s->cur = next;
    return wide ? int64_datum(v) : int32_datum((int32_t)v);
}

Datum
adt_fn_generate_series_int4(FuncCallInfo *fc)
{
    return adt_series_int_next(fc, false);
}

Datum
adt_fn_generate_series_step_int4(FuncCallInfo *fc)
{
    return adt_series_int_next(fc, false);
}

Datum
adt_fn_generate_series_int8(FuncCallInfo *fc)
{
    return adt_series_int_next(fc, true);
}

Datum
adt_fn_generate_series_step_int8(FuncCallInfo *fc)
{
    return adt_series_int_next(fc, true);
}

/* Numeric series: values kept in srf->cx; the step's sign gives the direction. */
typedef struct SeriesNum {
    Datum cur;
    Datum stop;
    Datum step;
    bool ascending;
    MemCtx *cur_cx[2]; /* cur lives in cur_cx[which]; the next value goes to the other */
    int which;
} SeriesNum;

static void
adt_series_num_check(Datum v, const char *what)
{
    if (adt_numeric_is_nan(v))
        ereport(ERROR,
                err_code(SQLSTATE_INVALID_PARAMETER_VALUE),
                err_msg("%s cannot be NaN", what));
    if (adt_numeric_is_inf(v))
        ereport(ERROR,
                err_code(SQLSTATE_INVALID_PARAMETER_VALUE),
                err_msg("%s cannot be infinity", what));
}

static SeriesNum *
adt_series_num_begin(FuncCallInfo *fc)
{
    SrfCall *srf = fc->srf;
    if (srf->state != NULL)
        return srf->state;
    adt_series_num_check(fc->arg[0], "start value");
    adt_series_num_check(fc->arg[1], "stop value");
    MemCtx *old = mcx_switch(srf->cx);
    SeriesNum *s = mcx_alloc(sizeof *s);
    const TypeDesc *t = adt_type(NUMERICOID);
    s->cur = adt_datum_copy(t, fc->arg[0]);
    s->stop = adt_datum_copy(t, fc->arg[1]);
    s->step = fc->nargs > 2 ? adt_datum_copy(t, fc->arg[2]) : adt_numeric_in("1", -1);
    mcx_switch(old);
    if (fc->nargs > 2)
        adt_series_num_check(s->step, "step size");
    int sign = adt_numeric_cmp(s->step, adt_numeric_in("0", -1));
    if (sign == 0)
        ereport(ERROR,
                err_code(SQLSTATE_INVALID_PARAMETER_VALUE),
                err_msg("step size cannot equal zero"));
    s->ascending = sign > 0;
    s->cur_cx[0] = mcx_create(srf->cx, "SeriesValue");
    s->cur_cx[1] = mcx_create(srf->cx, "SeriesValue");
    s->which = 0;
    srf->state = s;
    return s;
}

static Datum
adt_series_num_next(FuncCallInfo *fc)
{
    SeriesNum *s = adt_series_num_begin(fc);
    int c = adt_numeric_cmp(s->cur, s->stop);
    if (s->ascending ? c > 0 : c < 0) {
        fc->srf->done = true;
        return 0;
    }
    Datum v = adt_datum_copy(adt_type(NUMERICOID), s->cur);
    /* Two contexts in turn keep memory constant however long the series runs. */
    int other = 1 - s->which;
    mcx_reset(s->cur_cx[other]);
    MemCtx *old = mcx_switch(s->cur_cx[other]);
    s->cur = adt_numeric_add_datums(s->cur, s->step);
    mcx_switch(old);
    s->which = other;
    return v;
}

Datum
adt_fn_generate_series_numeric(FuncCallInfo *fc)
{
    return adt_series_num_next(fc);
}

Datum
adt_fn_generate_series_step_numeric(FuncCallInfo *fc)
{
    return adt_series_num_next(fc);
}

/*
 * Timestamp series: the step's sign (by its span, '1 mon' counting 30 days) gives the
 * direction; each value is the previous plus the step (so month steps clamp at month ends
 * from then on, as in PostgreSQL). An infinite start never moves: one value.
 */
typedef struct SeriesTs {
    int64_t cur;
    int64_t stop;
    Datum step;
    int sign;
    bool last;
} SeriesTs;

static Datum
adt_series_ts_next(FuncCallInfo *fc, Oid plus_proc)
{
    SrfCall *srf = fc->srf;
    SeriesTs *s = srf->state;
    if (s == NULL) {
        const TypeDesc *iv = adt_type(INTERVALOID);
        s = mcx_alloc_in(srf->cx, sizeof *s);
        MemCtx *old = mcx_switch(srf->cx);
        s->step = adt_datum_copy(iv, fc->arg[2]);
        Datum zero = iv->in("0", -1);
        mcx_switch(old);
        s->sign = iv->compare(s->step, zero);
        if (s->sign == 0)
            ereport(ERROR,
                    err_code(SQLSTATE_INVALID_PARAMETER_VALUE),
                    err_msg("step size cannot equal zero"));
        s->cur = datum_int64(fc->arg[0]);
        s->stop = datum_int64(fc->arg[1]);
        s->last = false;
        srf->state = s;
    }
    if (s->last || (s->sign > 0 ? s->cur > s->stop : s->cur < s->stop)) {
        srf->done = true;
        return 0;
    }
    int64_t v = s->cur;
    FuncCallInfo add = {.nargs = 2, .arg = {int64_datum(v), s->step}};
    s->cur = datum_int64(adt_proc(plus_proc)->fn(&add));
    if (s->cur == v)
        s->last = true;
    return int64_datum(v);
}

Datum
adt_fn_generate_series_timestamp(FuncCallInfo *fc)
{
    return adt_series_ts_next(fc, 2032); /* timestamp + interval */
}

Datum
adt_fn_generate_series_timestamptz(FuncCallInfo *fc)
{
    return adt_series_ts_next(fc, 1189); /* timestamptz + interval */
}
