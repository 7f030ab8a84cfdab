/*
 * cmd_copy.c
 *     COPY table [(columns)] FROM STDIN and COPY table [(columns)] | (query) TO STDOUT, in
 *     PostgreSQL's text and CSV formats with HEADER, DELIMITER, NULL, QUOTE, ESCAPE and
 *     FORCE_QUOTE, and the old WITH DELIMITER AS ... NULL AS ... spelling. The binary
 *     format is cmd_copy_binary.c's.
 *
 * Invariants:
 *   1. Input arrives in CopyData messages of any size; records are cut at newlines (CSV:
 *      newlines outside quotes), so a record may span messages. A text-format line "\."
 *      ends the data; CRLF line ends are accepted.
 *   2. A record that does not parse is 22P04 (missing or extra data) and a value its type
 *      rejects keeps its own SQLSTATE; either way the error carries PostgreSQL's CONTEXT
 *      line, "COPY t, line N[, column c]: ...". The statement's transaction then aborts,
 *      so nothing of a failed COPY stays.
 *   3. A field equal to the NULL string before any de-escaping (text) or unquoted (CSV)
 *      is NULL, as in PostgreSQL.
 */
#include "oak/oak.h"

#include <ctype.h>
#include <stdio.h>
#include <strings.h>

#include "cmd_internal.h"
#include "oak/commands/commands.h"
#include "oak/executor/executor.h"
#include "oak/tcop/dest.h"
#include "oak/tcop/tcop.h"
#include "oak/utils/adt.h"

typedef PgQuery__Node Node;

/* --- options ------------------------------------------------------------------------------ */

static const char *
copy_opt_string(PgQuery__DefElem *d)
{
    if (d->arg == NULL)
        return NULL;
    switch (d->arg->node_case) {
    case PG_QUERY__NODE__NODE_STRING:
        return d->arg->string->sval;
    case PG_QUERY__NODE__NODE_INTEGER:
        return mcx_printf("%d", d->arg->integer->ival);
    case PG_QUERY__NODE__NODE_BOOLEAN:
        return d->arg->boolean->boolval ? "true" : "false";
    default:
        return NULL;
    }
}

static bool
copy_opt_bool(PgQuery__DefElem *d)
{
    const char *v = copy_opt_string(d);
    if (v == NULL || strcasecmp(v, "true") == 0 || strcasecmp(v, "on") == 0 || strcmp(v, "1") == 0)
        return true;
    if (strcasecmp(v, "false") == 0 || strcasecmp(v, "off") == 0 || strcmp(v, "0") == 0)
        return false;
    if (strcasecmp(v, "match") == 0 && strcmp(d->defname, "header") == 0)
        return true;
    ereport(ERROR,
            err_code(SQLSTATE_SYNTAX_ERROR),
            err_msg("%s requires a Boolean value", d->defname),
            cmd_pos(d->location));
}

static void __attribute__((noreturn)) copy_redundant(PgQuery__DefElem *d)
{
    ereport(ERROR,
            err_code(SQLSTATE_SYNTAX_ERROR),
            err_msg("conflicting or redundant options"),
            cmd_pos(d->location));
}

static char
copy_opt_char(PgQuery__DefElem *d, const char *what)
{
    const char *v = copy_opt_string(d);
    if (v == NULL || strlen(v) != 1)
        ereport(ERROR,
                err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                err_msg("COPY %s must be a single one-byte character", what));
    return v[0];
}

void
cmd_copy_options(void *option_nodes, size_t n, bool is_from, CopyOptions *o)
{
    Node **options = option_nodes;
    memset(o, 0, sizeof *o);
    bool seen_format = false, seen_delim = false, seen_null = false, seen_quote = false,
         seen_escape = false, seen_header = false;
    for (size_t i = 0; i < n; i++) {
        PgQuery__DefElem *d = options[i]->def_elem;
        const char *name = d->defname;
        if (strcmp(name, "format") == 0) {
            if (seen_format)
                copy_redundant(d);
            seen_format = true;
            const char *f = copy_opt_string(d);
            if (f != NULL && strcmp(f, "csv") == 0)
                o->csv = true;
            else if (f != NULL && strcmp(f, "binary") == 0)
                o->binary = true;
            else if (f == NULL || strcmp(f, "text") != 0)
                ereport(ERROR,
                        err_code(SQLSTATE_INVALID_PARAMETER_VALUE),
                        err_msg("COPY format \"%s\" not recognized", f ? f : ""),
                        cmd_pos(d->location));
        } else if (strcmp(name, "delimiter") == 0) {
            if (seen_delim)
                copy_redundant(d);
            seen_delim = true;
            o->delim = copy_opt_char(d, "delimiter");
        } else if (strcmp(name, "null") == 0) {
            if (seen_null)
                copy_redundant(d);
            seen_null = true;
            o->null_str = copy_opt_string(d);
        } else if (strcmp(name, "quote") == 0) {
            if (seen_quote)
                copy_redundant(d);
            seen_quote = true;
            o->quote = copy_opt_char(d, "quote");
        } else if (strcmp(name, "escape") == 0) {
            if (seen_escape)
                copy_redundant(d);
            seen_escape = true;
            o->escape = copy_opt_char(d, "escape");
        } else if (strcmp(name, "header") == 0) {
            if (seen_header)
                copy_redundant(d);
            seen_header = true;
            o->header = copy_opt_bool(d);
        } else if (strcmp(name, "force_quote") == 0) {
            if (d->arg != NULL && d->arg->node_case == PG_QUERY__NODE__NODE_A_STAR)
                o->force_quote_all = true;
            else if (d->arg != NULL && d->arg->node_case == PG_QUERY__NODE__NODE_LIST)
                o->force_quote = d->arg->list;
        } else if (strcmp(name, "freeze") == 0 || strcmp(name, "encoding") == 0 ||
                   strcmp(name, "force_not_null") == 0 || strcmp(name, "force_null") == 0) {
            /* accepted: FREEZE changes nothing here (no freezing ever), UTF8 only */
        } else {
            ereport(ERROR,
                    err_code(SQLSTATE_SYNTAX_ERROR),
                    err_msg("option \"%s\" not recognized", name),
                    cmd_pos(d->location));
        }
    }
    if (o->binary && seen_delim)
        ereport(ERROR,
                err_code(SQLSTATE_SYNTAX_ERROR),
                err_msg("cannot specify DELIMITER in BINARY mode"));
    if (o->binary && seen_null)
        ereport(ERROR,
                err_code(SQLSTATE_SYNTAX_ERROR),
                err_msg("cannot specify NULL in BINARY mode"));
    if (o->binary && o->header)
        ereport(ERROR,
                err_code(SQLSTATE_SYNTAX_ERROR),
                err_msg("cannot specify HEADER in BINARY mode"));
    if (!o->csv && seen_quote)
        ereport(ERROR,
                err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                err_msg("COPY quote available only in CSV mode"));
    if (!o->csv && seen_escape)
        ereport(ERROR,
                err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                err_msg("COPY escape available only in CSV mode"));
    if (!o->csv && (o->force_quote_all || o->force_quote))
        ereport(ERROR,
                err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                err_msg("COPY force quote available only in CSV mode"));
    if (is_from && (o->force_quote_all || o->force_quote))
        ereport(ERROR,
                err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                err_msg("COPY force quote only available using COPY TO"));
    if (!seen_delim)
        o->delim = o->csv ? ',' : '\t';
    if (!seen_null)
        o->null_str = o->csv ? "" : "\\N";
    if (!seen_quote)
        o->quote = '"';
    if (!seen_escape)
        o->escape = o->quote;
    if (o->delim == '\r' || o->delim == '\n')
        ereport(ERROR,
                err_code(SQLSTATE_INVALID_PARAMETER_VALUE),
                err_msg("COPY delimiter cannot be newline or carriage return"));
    if (strchr(o->null_str, '\r') || strchr(o->null_str, '\n'))
        ereport(ERROR,
                err_code(SQLSTATE_INVALID_PARAMETER_VALUE),
                err_msg("COPY null representation cannot use newline or carriage return"));
    if (!o->csv && strchr("\\.abcdefghijklmnopqrstuvwxyz0123456789", o->delim) != NULL)
        ereport(ERROR,
                err_code(SQLSTATE_INVALID_PARAMETER_VALUE),
                err_msg("COPY delimiter cannot be \"%c\"", o->delim));
    if (o->csv && o->delim == o->quote)
        ereport(ERROR,
                err_code(SQLSTATE_INVALID_PARAMETER_VALUE),
                err_msg("COPY delimiter and quote must be different"));
    if (strchr(o->null_str, o->delim) != NULL)
        ereport(ERROR,
                err_code(SQLSTATE_INVALID_PARAMETER_VALUE),
                err_msg("COPY delimiter must not appear in the NULL specification"));
}

/* --- COPY FROM ---------------------------------------------------------------------------- */

/* Input buffered across CopyData messages; records are cut from it (invariant 1). */
typedef struct CopyIn {
    StrBuf buf;
    size_t pos;
    StrBuf msg;
    bool eof;
} CopyIn;

/* The next record (without its line end) into rec; false at the end of the data. */
static bool
copy_next_record(CopyIn *in, const CopyOptions *o, StrBuf *rec)
{
    sb_reset(rec);
    bool in_quote = false;
    for (;;) {
        while (in->pos < in->buf.len) {
            char c = in->buf.data[in->pos++];
            if (o->csv && in_quote && c == o->escape && o->escape != o->quote &&
                in->pos < in->buf.len) {
                sb_append_char(rec, c); /* an escaped character never ends the quote */
                c = in->buf.data[in->pos++];
            } else if (o->csv && c == o->quote) {
                in_quote = !in_quote;
            } else if (c == '\n' && !in_quote) {
                if (rec->len > 0 && rec->data[rec->len - 1] == '\r')
                    rec->data[--rec->len] = '\0';
                return true;
            } else if (!o->csv && c == '\\' && in->pos < in->buf.len) {
                /* keep an escaped character with its backslash: "\<newline>" is data */
                sb_append_char(rec, c);
                c = in->buf.data[in->pos++];
            }
            sb_append_char(rec, c);
        }
        if (in->eof)
            return rec->len > 0;
        if (!copy_in_read(&in->msg)) {
            in->eof = true;
            continue;
        }
        /* Keep only the unread tail: memory stays bounded by one message plus a record. */
        sb_reset(&in->buf);
        sb_append_bytes(&in->buf, in->msg.data, in->msg.len);
        in->pos = 0;
    }
}

/* A de-escaped text-format field. */
static char *
copy_text_unescape(const char *s, size_t len)
{
    StrBuf out;
    sb_init(&out);
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c != '\\' || i + 1 >= len) {
            sb_append_char(&out, c);
            continue;
        }
        char e = s[++i];
        switch (e) {
        case 'b':
            sb_append_char(&out, '\b');
            break;
        case 'f':
            sb_append_char(&out, '\f');
            break;
        case 'n':
            sb_append_char(&out, '\n');
            break;
        case 'r':
            sb_append_char(&out, '\r');
            break;
        case 't':
            sb_append_char(&out, '\t');
            break;
        case 'v':
            sb_append_char(&out, '\v');
            break;
        case 'x': {
            int v = 0, n = 0;
            while (n < 2 && i + 1 < len && isxdigit((unsigned char)s[i + 1])) {
                char h = s[++i];
                v = v * 16 + (isdigit((unsigned char)h) ? h - '0' : (tolower(h) - 'a' + 10));
                n++;
            }
            if (n == 0)
                sb_append_char(&out, 'x');
            else
                sb_append_char(&out, (char)v);
            break;
        }
        default:
            if (e >= '0' && e <= '7') {
                int v = e - '0', n = 1;
                while (n < 3 && i + 1 < len && s[i + 1] >= '0' && s[i + 1] <= '7') {
                    v = v * 8 + (s[++i] - '0');
                    n++;
                }
                sb_append_char(&out, (char)v);
            } else {
                sb_append_char(&out, e);
            }
        }
    }
    return out.data;
}

typedef struct Fields {
    int n;
    int cap;
    char **vals; /* NULL: SQL NULL */
} Fields;

static void
fields_add(Fields *f, char *v)
{
    if (f->n == f->cap) {
        f->cap = f->cap ? f->cap * 2 : 16;
        f->vals = mcx_realloc(f->vals, sizeof(char *) * (size_t)f->cap);
    }
    f->vals[f->n++] = v;
}

static void
copy_split_text(const StrBuf *rec, const CopyOptions *o, Fields *f)
{
    size_t start = 0;
    for (size_t i = 0; i <= rec->len; i++) {
        if (i < rec->len && rec->data[i] == '\\') {
            i++;
            continue;
        }
        if (i < rec->len && rec->data[i] != o->delim)
            continue;
        size_t len = i - start;
        const char *raw = rec->data + start;
        if (len == strlen(o->null_str) && memcmp(raw, o->null_str, len) == 0)
            fields_add(f, NULL);
        else
            fields_add(f, copy_text_unescape(raw, len));
        start = i + 1;
    }
}

static void
copy_split_csv(const StrBuf *rec, const CopyOptions *o, Fields *f)
{
    size_t i = 0;
    for (;;) {
        StrBuf v;
        sb_init(&v);
        bool quoted = false;
        bool in_quote = false;
        size_t raw_start = i;
        while (i < rec->len) {
            char c = rec->data[i];
            if (in_quote) {
                /* escape + quote or escape + escape is the second character, literally */
                if (c == o->escape && i + 1 < rec->len &&
                    (rec->data[i + 1] == o->quote || rec->data[i + 1] == o->escape)) {
                    sb_append_char(&v, rec->data[i + 1]);
                    i += 2;
                    continue;
                }
                if (c == o->quote)
                    in_quote = false;
                else
                    sb_append_char(&v, c);
                i++;
                continue;
            }
            if (c == o->delim)
                break;
            if (c == o->quote) {
                in_quote = true;
                quoted = true;
                i++;
                continue;
            }
            sb_append_char(&v, c);
            i++;
        }
        if (in_quote)
            ereport(ERROR,
                    err_code(SQLSTATE_BAD_COPY_FILE_FORMAT),
                    err_msg("unterminated CSV quoted field"));
        size_t raw_len = i - raw_start;
        if (!quoted && raw_len == strlen(o->null_str) &&
            memcmp(rec->data + raw_start, o->null_str, raw_len) == 0)
            fields_add(f, NULL);
        else
            fields_add(f, v.data);
        if (i >= rec->len)
            return;
        i++; /* the delimiter */
    }
}

/* PostgreSQL shows at most this much of a bad line in CONTEXT. */
static char *
copy_context_text(const char *s)
{
    return strlen(s) > 100 ? mcx_printf("%.100s...", s) : mcx_strdup(s);
}

uint64_t
cmd_copy_from(RelDesc *rel, const int *cols, int ncols, const CopyOptions *o, const Snapshot *snap)
{
    if (o->binary)
        return cmd_copy_from_binary(rel, cols, ncols, snap);
    bool *supplied = mcx_alloc0(sizeof(bool) * (size_t)(rel->natts + 1));
    for (int i = 0; i < ncols; i++)
        supplied[cols[i]] = true;
    ExecInserter *ins = exec_inserter_begin(rel, snap, supplied);
    copy_in_begin(ncols, false);

    CopyIn in;
    memset(&in, 0, sizeof in);
    sb_init(&in.buf);
    sb_init(&in.msg);
    StrBuf rec;
    sb_init(&rec);
    MemCtx *row_cx = mcx_create(mcx_current, "CopyRow");
    Datum *values = mcx_alloc(sizeof(Datum) * (size_t)(rel->natts + 1));
    bool *nulls = mcx_alloc(sizeof(bool) * (size_t)(rel->natts + 1));
    uint64_t line = 0;
    uint64_t count = 0;
    volatile int cur_col = -1;
    const char *volatile cur_val = NULL;
    volatile bool storing = false; /* past parsing: CONTEXT names the line only */

    while (copy_next_record(&in, o, &rec)) {
        line++;
        tcop_check_interrupts();
        if (line == 1 && o->header)
            continue;
        if (rec.len == 2 && rec.data[0] == '\\' && rec.data[1] == '.')
            break; /* the end-of-data marker, in both formats */
        mcx_reset(row_cx);
        MemCtx *old = mcx_switch(row_cx);
        cur_col = -1;
        cur_val = NULL;
        storing = false;
        err_try();
        {
            Fields f = {0};
            if (o->csv)
                copy_split_csv(&rec, o, &f);
            else
                copy_split_text(&rec, o, &f);
            if (f.n > ncols)
                ereport(ERROR,
                        err_code(SQLSTATE_BAD_COPY_FILE_FORMAT),
                        err_msg("extra data after last expected column"));
            if (f.n < ncols)
                ereport(ERROR,
                        err_code(SQLSTATE_BAD_COPY_FILE_FORMAT),
                        err_msg("missing data for column \"%s\"", rel->atts[cols[f.n]].name));
            for (int c = 0; c < rel->natts; c++)
                nulls[c] = true;
            for (int i = 0; i < ncols; i++) {
                int c = cols[i];
                if (f.vals[i] == NULL)
                    continue;
                cur_col = c;
                cur_val = f.vals[i];
                const AttDesc *att = &rel->atts[c];
                values[c] = adt_type(att->type)->in(f.vals[i], att->typmod);
                nulls[c] = false;
            }
            cur_col = -1;
            storing = true;
            exec_inserter_row(ins, values, nulls);
        }
        err_catch();
        {
            const char *table = rel->name;
            if (cur_col >= 0)
                err_add_context(mcx_printf("COPY %s, line %llu, column %s: \"%s\"",
                                           table,
                                           (unsigned long long)line,
                                           rel->atts[cur_col].name,
                                           copy_context_text(cur_val)));
            else if (storing)
                err_add_context(mcx_printf("COPY %s, line %llu", table, (unsigned long long)line));
            else
                err_add_context(mcx_printf("COPY %s, line %llu: \"%s\"",
                                           table,
                                           (unsigned long long)line,
                                           copy_context_text(rec.data ? rec.data : "")));
            err_rethrow();
        }
        err_end_try();
        mcx_switch(old);
        count++;
    }
    /* Whatever follows "\." is read and dropped until CopyDone. */
    while (!in.eof && copy_in_read(&in.msg))
        ;
    mcx_delete(row_cx);
    return count;
}

/* --- COPY TO ------------------------------------------------------------------------------ */

static void
copy_text_escape(StrBuf *out, const char *s, char delim)
{
    for (const char *p = s; *p; p++) {
        char c = *p;
        switch (c) {
        case '\\':
            sb_append(out, "\\\\");
            break;
        case '\b':
            sb_append(out, "\\b");
            break;
        case '\f':
            sb_append(out, "\\f");
            break;
        case '\n':
            sb_append(out, "\\n");
            break;
        case '\r':
            sb_append(out, "\\r");
            break;
        case '\t':
            sb_append(out, "\\t");
            break;
        case '\v':
            sb_append(out, "\\v");
            break;
        default:
            if (c == delim)
                sb_append_char(out, '\\');
            sb_append_char(out, c);
        }
    }
}

static void
copy_csv_field(StrBuf *out, const char *s, const CopyOptions *o, bool force)
{
    bool quote = force || strcmp(s, o->null_str) == 0 || (s[0] == '\\' && s[1] == '.' && s[2] == 0);
    for (const char *p = s; *p && !quote; p++)
        if (*p == o->delim || *p == o->quote || *p == '\n' || *p == '\r' ||
            (*p == o->escape && o->escape != o->quote))
            quote = true;
    if (!quote) {
        sb_append(out, s);
        return;
    }
    sb_append_char(out, o->quote);
    for (const char *p = s; *p; p++) {
        if (*p == o->quote || *p == o->escape)
            sb_append_char(out, o->escape);
        sb_append_char(out, *p);
    }
    sb_append_char(out, o->quote);
}

static bool
copy_force_quoted(const CopyOptions *o, const char *name)
{
    if (o->force_quote_all)
        return true;
    const PgQuery__List *list = o->force_quote;
    if (list == NULL)
        return false;
    for (size_t i = 0; i < list->n_items; i++) {
        Node *n = list->items[i];
        if (n->node_case == PG_QUERY__NODE__NODE_STRING && strcmp(n->string->sval, name) == 0)
            return true;
    }
    return false;
}

uint64_t
cmd_copy_to(Query *q, const CopyOptions *o, const Snapshot *snap)
{
    if (o->binary)
        return cmd_copy_to_binary(q, snap);
    Plan *plan = opt_plan_query(q);
    int n = 0;
    int *map = mcx_alloc(sizeof(int) * (size_t)(q->ntargets + 1));
    for (int i = 0; i < q->ntargets; i++)
        if (!q->targets[i].junk)
            map[n++] = i;
    bool *force = mcx_alloc0(sizeof(bool) * (size_t)(n + 1));
    for (int c = 0; c < n; c++) {
        const TypeDesc *t = adt_type(q->targets[map[c]].expr->type);
        if (t == NULL || t->out == NULL)
            ereport(ERROR,
                    err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                    err_msg("output of type %s is not supported yet",
                            adt_format_type(q->targets[map[c]].expr->type, -1)));
        force[c] = o->csv && copy_force_quoted(o, q->targets[map[c]].name);
    }
    copy_out_begin(n, false);
    StrBuf line;
    sb_init(&line);
    if (o->header) {
        for (int c = 0; c < n; c++) {
            if (c > 0)
                sb_append_char(&line, o->delim);
            const char *name = q->targets[map[c]].name;
            if (o->csv)
                copy_csv_field(&line, name, o, false);
            else
                copy_text_escape(&line, name, o->delim);
        }
        sb_append_char(&line, '\n');
        copy_out_data(line.data, line.len);
    }
    exec_statement_begin(snap);
    ExecNode *root = exec_start(plan, snap);
    MemCtx *out_cx = mcx_create(mcx_current, "CopyOut");
    uint64_t count = 0;
    ExecRow *row;
    while ((row = exec_next(root)) != NULL) {
        mcx_reset(out_cx);
        MemCtx *old = mcx_switch(out_cx);
        sb_init(&line);
        for (int c = 0; c < n; c++) {
            int i = map[c];
            if (c > 0)
                sb_append_char(&line, o->delim);
            if (row->nulls[i]) {
                sb_append(&line, o->null_str);
                continue;
            }
            char *s = adt_type(q->targets[i].expr->type)->out(row->values[i]);
            if (o->csv)
                copy_csv_field(&line, s, o, force[c]);
            else
                copy_text_escape(&line, s, o->delim);
        }
        sb_append_char(&line, '\n');
        copy_out_data(line.data, line.len);
        mcx_switch(old);
        count++;
    }
    exec_end(root);
    mcx_delete(out_cx);
    copy_out_end();
    return count;
}
