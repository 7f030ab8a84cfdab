/*
 * adt_test_util.h
 *     Helpers for the adt unit tests: run an operator, a function or a cast on text inputs
 *     and get the text output, or the SQLSTATE it raised.
 */
#ifndef OAK_TEST_ADT_TEST_UTIL_H
#define OAK_TEST_ADT_TEST_UTIL_H

#include <check.h>

#include "oak/oak.h"
#include "oak/utils/adt.h"

static inline const TypeDesc *
adt_test_type(const char *name)
{
    const TypeDesc *t = adt_type_by_name(name);
    ck_assert_msg(t != NULL, "no type %s", name);
    return t;
}

static inline Datum
adt_test_in(const char *type, const char *text)
{
    return adt_test_type(type)->in(text, ADT_NO_TYPMOD);
}

/* "a op b" on text inputs; the result's text, or "ERROR <sqlstate>: <message>". */
static inline char *
adt_test_oper(const char *op, const char *ltype, const char *l, const char *rtype, const char *r)
{
    char *volatile result = NULL;
    err_try();
    {
        const TypeDesc *lt = adt_test_type(ltype);
        const TypeDesc *rt = adt_test_type(rtype);
        const OperDesc *o = adt_oper_find(op, lt->oid, rt->oid);
        ck_assert_msg(o != NULL, "no operator %s %s %s", ltype, op, rtype);
        FuncCallInfo fc = {.nargs = 2, .typmod = -1, .arg = {lt->in(l, -1), rt->in(r, -1)}};
        Datum d = adt_proc(o->proc)->fn(&fc);
        result = adt_type(o->result)->out(d);
    }
    err_catch();
    {
        result = mcx_printf("ERROR %s: %s", err_current()->sqlstate, err_current()->message);
        err_clear();
    }
    err_end_try();
    return result;
}

/* Input then output of one value; or "ERROR <sqlstate>: <message>". */
static inline char *
adt_test_io(const char *type, const char *text)
{
    char *volatile result = NULL;
    err_try();
    {
        const TypeDesc *t = adt_test_type(type);
        result = t->out(t->in(text, -1));
    }
    err_catch();
    {
        result = mcx_printf("ERROR %s: %s", err_current()->sqlstate, err_current()->message);
        err_clear();
    }
    err_end_try();
    return result;
}

/* CAST(text::src AS dst) with a typmod (-1 none); explicit or assignment. */
static inline char *
adt_test_cast(
    const char *src, const char *text, const char *dst, int32_t typmod, bool explicit_cast)
{
    char *volatile result = NULL;
    err_try();
    {
        const TypeDesc *s = adt_test_type(src);
        const TypeDesc *t = adt_test_type(dst);
        Datum d = adt_cast(s->in(text, -1), s->oid, t->oid, typmod, explicit_cast);
        result = t->out(d);
    }
    err_catch();
    {
        result = mcx_printf("ERROR %s: %s", err_current()->sqlstate, err_current()->message);
        err_clear();
    }
    err_end_try();
    return result;
}

/* Key bytes of one value. */
static inline StrBuf
adt_test_key(const TypeDesc *t, Datum v)
{
    StrBuf sb;
    sb_init(&sb);
    t->key_encode(&sb, v);
    return sb;
}

static inline int
adt_test_key_cmp(const TypeDesc *t, Datum a, Datum b)
{
    StrBuf ka = adt_test_key(t, a);
    StrBuf kb = adt_test_key(t, b);
    int c = memcmp(ka.data, kb.data, ka.len < kb.len ? ka.len : kb.len);
    if (c == 0)
        c = (ka.len > kb.len) - (ka.len < kb.len);
    return (c > 0) - (c < 0);
}

#endif /* OAK_TEST_ADT_TEST_UTIL_H */
