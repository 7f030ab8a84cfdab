/*
 * fmgr.h
 *     How built-in SQL functions are called: one calling convention for every function,
 *     operator implementation, cast and aggregate step.
 *
 * A function reads fc->arg[i] (never NULL for strict functions: the caller skips the call
 * and yields NULL), sets fc->isnull for a NULL result, and returns the Datum. It allocates
 * its result in the current memory context. By-value types (bool, int2, int4, int8, float4,
 * float8, oid, char, date, timestamp[tz]) are stored in the Datum; all others are pointers
 * to a varlena.
 */
#ifndef OAK_UTILS_FMGR_H
#define OAK_UTILS_FMGR_H

#include "oak/oak.h"

enum { FUNC_MAX_ARGS = 100 }; /* PostgreSQL's limit, reached by VARIADIC "any" calls */

/*
 * Set-returning functions (ProcDesc.retset) follow a value-per-call protocol: the caller
 * (executor/exec_srf.c) keeps one SrfCall per evaluation of the call and calls the
 * function, with the same arguments, until it sets done instead of returning a value. On
 * the first call state is NULL: the function evaluates its arguments once and keeps what
 * it needs in state, allocated in cx, which lives until the set ends. Each value is
 * allocated in the current (per-row) context. A strict function given a NULL argument is
 * not called: the set is empty.
 */
typedef struct SrfCall {
    struct MemCtx *cx;
    void *state;
    bool done;
} SrfCall;

typedef struct FuncCallInfo {
    int nargs;
    bool isnull;     /* result is NULL; set by the function */
    int32_t typmod;  /* target typmod for casts and input functions, else -1 */
    Oid result_type; /* resolved result type (for polymorphic functions) */
    Datum arg[FUNC_MAX_ARGS];
    bool argnull[FUNC_MAX_ARGS];
    Oid argtype[FUNC_MAX_ARGS];
    SrfCall *srf; /* set-returning calls only, else NULL */
} FuncCallInfo;

typedef Datum (*PGFunction)(FuncCallInfo *fc);

/* Varlena: 4-byte total length (header included) then the bytes. Not NUL-terminated. */
typedef struct Varlena {
    uint32_t len;
    char data[];
} Varlena;

static inline uint32_t
varlena_size(const Varlena *v)
{
    return v->len - (uint32_t)sizeof(Varlena);
}

static inline Datum
ptr_datum(const void *p)
{
    return (Datum)p;
}

static inline void *
datum_ptr(Datum d)
{
    return (void *)d;
}

static inline Datum
int64_datum(int64_t v)
{
    return (Datum)(uint64_t)v;
}

static inline int64_t
datum_int64(Datum d)
{
    return (int64_t)(uint64_t)d;
}

static inline Datum
int32_datum(int32_t v)
{
    return (Datum)(uint64_t)(int64_t)v;
}

static inline int32_t
datum_int32(Datum d)
{
    return (int32_t)(int64_t)d;
}

static inline Datum
bool_datum(bool b)
{
    return (Datum)(b ? 1 : 0);
}

static inline bool
datum_bool(Datum d)
{
    return d != 0;
}

static inline Datum
float8_datum(double f)
{
    Datum d;
    memcpy(&d, &f, sizeof f);
    return d;
}

static inline double
datum_float8(Datum d)
{
    double f;
    memcpy(&f, &d, sizeof f);
    return f;
}

/* Make a text varlena from bytes (in the current memory context). */
Varlena *text_from_bytes(const char *s, size_t len);
Varlena *text_from_cstr(const char *s);
/* Copy a text varlena into a NUL-terminated string. */
char *text_to_cstr(const Varlena *t);

#endif /* OAK_UTILS_FMGR_H */
