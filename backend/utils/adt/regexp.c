/*
 * regexp.c
 *     The POSIX regular-expression match operators ~, !~, ~*, !~* on text, name and bpchar.
 *
 * Patterns are compiled with the C library's extended regular expressions (REG_EXTENDED;
 * REG_ICASE for the starred operators) and kept in a small per-process cache, since the
 * same pattern is matched against every row. PostgreSQL's "advanced" expressions are a
 * superset (back-references, \d, lookahead, ...): those are left out (doc/differences.md).
 */
#include "oak/oak.h"

#include <regex.h>
#include <stdlib.h>

#include "adt_fns.h"
#include "oak/utils/adt.h"

enum { RE_CACHE = 16 };

typedef struct ReEntry {
    char *pattern; /* malloc'd: lives as long as the process */
    int flags;
    regex_t re;
} ReEntry;

static ReEntry re_cache[RE_CACHE];
static int re_count;
static int re_next; /* the slot replaced next when the cache is full */

static const regex_t *
re_compile_cached(const char *pattern, int flags)
{
    for (int i = 0; i < re_count; i++)
        if (re_cache[i].flags == flags && strcmp(re_cache[i].pattern, pattern) == 0)
            return &re_cache[i].re;
    regex_t re;
    int rc = regcomp(&re, pattern, flags | REG_EXTENDED | REG_NOSUB);
    if (rc != 0) {
        char msg[256];
        regerror(rc, &re, msg, sizeof msg);
        ereport(ERROR,
                err_code(SQLSTATE_INVALID_REGULAR_EXPRESSION),
                err_msg("invalid regular expression: %s", msg));
    }
    char *copy = strdup(pattern);
    if (copy == NULL) {
        regfree(&re);
        ereport(ERROR, err_code(SQLSTATE_OUT_OF_MEMORY), err_msg("out of memory"));
    }
    int slot = re_count < RE_CACHE ? re_count++ : re_next;
    if (slot == re_next && re_count == RE_CACHE && re_cache[slot].pattern != NULL) {
        regfree(&re_cache[slot].re);
        free(re_cache[slot].pattern);
    }
    re_next = (slot + 1) % RE_CACHE;
    re_cache[slot] = (ReEntry){copy, flags, re};
    return &re_cache[slot].re;
}

static bool
re_match_datum(Datum subject, Datum pattern, int flags)
{
    char *s = text_to_cstr(datum_ptr(subject));
    char *p = text_to_cstr(datum_ptr(pattern));
    return regexec(re_compile_cached(p, flags), s, 0, NULL, 0) == 0;
}

Datum
adt_fn_textregexeq(FuncCallInfo *fc)
{
    return bool_datum(re_match_datum(fc->arg[0], fc->arg[1], 0));
}

Datum
adt_fn_textregexne(FuncCallInfo *fc)
{
    return bool_datum(!re_match_datum(fc->arg[0], fc->arg[1], 0));
}

Datum
adt_fn_texticregexeq(FuncCallInfo *fc)
{
    return bool_datum(re_match_datum(fc->arg[0], fc->arg[1], REG_ICASE));
}

Datum
adt_fn_texticregexne(FuncCallInfo *fc)
{
    return bool_datum(!re_match_datum(fc->arg[0], fc->arg[1], REG_ICASE));
}

/* name is stored as text here, so the name variants are the text ones. */
Datum
adt_fn_nameregexeq(FuncCallInfo *fc)
{
    return adt_fn_textregexeq(fc);
}

Datum
adt_fn_nameregexne(FuncCallInfo *fc)
{
    return adt_fn_textregexne(fc);
}

Datum
adt_fn_nameicregexeq(FuncCallInfo *fc)
{
    return adt_fn_texticregexeq(fc);
}

Datum
adt_fn_nameicregexne(FuncCallInfo *fc)
{
    return adt_fn_texticregexne(fc);
}
