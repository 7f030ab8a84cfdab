/*
 * exec_deparse.c
 *     Typed expressions back to SQL text the way PostgreSQL's EXPLAIN prints them: every
 *     operator in parentheses, constants of most types quoted with a cast label, casts as
 *     (arg)::type. Used by EXPLAIN and by unique-violation details of expression indexes.
 */
#include "oak/oak.h"

#include <ctype.h>

#include "oak/executor/executor.h"
#include "oak/utils/adt.h"
#include "oak/utils/record.h"

static void exec_deparse(StrBuf *sb, const Expr *e, const RelDesc *rel);

/*
 * Pretty mode (pg_get_expr(..., true) and the other deparsers' pretty flag): parentheses
 * only where precedence needs them, as PostgreSQL's PRETTYFLAG_PAREN prints; otherwise
 * every operator, boolean and test prints its own, as EXPLAIN does.
 */
static bool exec_pretty;
static bool exec_is_cast_call(const Expr *e);

static void
exec_deparse_quoted(StrBuf *sb, const char *s)
{
    sb_append(sb, "'");
    for (const char *p = s; *p; p++) {
        if (*p == '\'')
            sb_append(sb, "'");
        sb_append_bytes(sb, p, 1);
    }
    sb_append(sb, "'");
}

static void
exec_deparse_const(StrBuf *sb, const Expr *e)
{
    if (e->u.c.isnull) {
        sb_append(sb, "NULL::");
        sb_append(sb, adt_format_type(e->type, e->typmod));
        return;
    }
    const TypeDesc *t = adt_type(e->type);
    char *s = t->out(e->u.c.value);
    switch (e->type) {
    case INT4OID:
        if (s[0] != '-') {
            sb_append(sb, s);
            return;
        }
        break;
    case NUMERICOID:
        /* Unquoted when it reads back as numeric by itself: digits with a point. */
        if (isdigit((unsigned char)s[0]) && strchr(s, '.') != NULL) {
            sb_append(sb, s);
            return;
        }
        break;
    case BOOLOID:
        sb_append(sb, s[0] == 't' ? "true" : "false");
        return;
    case UNKNOWNOID:
        exec_deparse_quoted(sb, s);
        return;
    default:
        break;
    }
    exec_deparse_quoted(sb, s);
    sb_append(sb, "::");
    sb_append(sb, adt_format_type(e->type, e->typmod));
}

/* A call of a cast function (named after its result type, one argument). */
static bool
exec_is_cast_call(const Expr *e)
{
    if (e->u.func.opno != 0 || e->u.func.nargs < 1 || e->u.func.nargs > 3 || e->u.func.proc == NULL)
        return false;
    const TypeDesc *t = adt_type(e->type);
    return t != NULL && strcmp(e->u.func.proc->name, t->name) == 0;
}

static bool
exec_is_operator(const Expr *e)
{
    return e->kind == EXPR_FUNC && e->u.func.opno != 0;
}

static bool
exec_is_cast(const Expr *e)
{
    return e->kind == EXPR_CAST || e->kind == EXPR_RELABEL ||
           (e->kind == EXPR_FUNC && exec_is_cast_call(e));
}

/* An operator's precedence class for pretty mode: 2 for * / %, 1 for + -, 0 otherwise. */
static int
exec_op_class(const Expr *e)
{
    const OperDesc *op = adt_oper(e->u.func.opno);
    if (op == NULL || e->u.func.nargs != 2 || op->name[1] != '\0')
        return 0;
    return strchr("*/%", op->name[0]) ? 2 : strchr("+-", op->name[0]) ? 1 : 0;
}

/*
 * Whether child prints without parentheses under parent in pretty mode (PostgreSQL's
 * isSimpleNode): single words and function-like forms always; operators, tests and
 * boolean expressions depending on what contains them.
 */
static bool
exec_is_simple(const Expr *child, const Expr *parent)
{
    bool op = exec_is_operator(child);
    if (!op && child->kind != EXPR_NULLTEST && child->kind != EXPR_BOOLTEST &&
        child->kind != EXPR_BOOL)
        return true;
    if (op && exec_is_operator(parent)) {
        int c = exec_op_class(child);
        int p = exec_op_class(parent);
        if (c == 0 || p == 0)
            return false;
        if (c > p)
            return true;
        if (c < p)
            return false;
        return child == parent->u.func.args[0]; /* (a - b) - c, not a - (b - c) */
    }
    if (child->kind == EXPR_BOOL && parent->kind == EXPR_BOOL)
        return child->u.boolean.op == BOOL_OR ? parent->u.boolean.op == BOOL_OR
                                              : parent->u.boolean.op != BOOL_NOT;
    switch (parent->kind) {
    case EXPR_FUNC:
        return !exec_is_cast(parent) && !exec_is_operator(parent);
    case EXPR_BOOL:
        return child->kind != EXPR_BOOL;
    case EXPR_COALESCE:
    case EXPR_NULLIF:
    case EXPR_CASE:
    case EXPR_AGGREF:
        return true;
    default:
        return false;
    }
}

static void
exec_deparse_child(StrBuf *sb, const Expr *child, const Expr *parent, const RelDesc *rel)
{
    bool parens = exec_pretty && !exec_is_simple(child, parent);
    if (parens)
        sb_append(sb, "(");
    exec_deparse(sb, child, rel);
    if (parens)
        sb_append(sb, ")");
}

static void
exec_deparse_cast(StrBuf *sb, const Expr *arg, const Expr *cast, const RelDesc *rel)
{
    if (exec_pretty) {
        exec_deparse_child(sb, arg, cast, rel);
    } else {
        sb_append(sb, "(");
        exec_deparse(sb, arg, rel);
        sb_append(sb, ")");
    }
    sb_append(sb, "::");
    sb_append(sb, adt_format_type(cast->type, cast->typmod));
}

static void
exec_deparse_list(StrBuf *sb, Expr **args, int n, const char *sep, const RelDesc *rel)
{
    for (int i = 0; i < n; i++) {
        if (i > 0)
            sb_append(sb, sep);
        exec_deparse(sb, args[i], rel);
    }
}

/* Column names for Vars while exec_deparse_expr_names runs (instead of a relation's). */
static char *const *exec_deparse_names;

/* (arg).field: parenthesised unless arg is a subscript or another field selection. */
static void
exec_deparse_field_select(StrBuf *sb, const Expr *e, const RelDesc *rel)
{
    const Expr *arg = e->u.func.args[0];
    const RecordShape *shape = adt_record_shape(arg->typmod);
    int i = datum_int32(e->u.func.args[1]->u.c.value);
    bool parens = arg->kind != EXPR_SUBSCRIPT &&
                  !(arg->kind == EXPR_FUNC && arg->u.func.proc == &adt_record_field_proc);
    sb_append(sb, parens ? "(" : "");
    exec_deparse(sb, arg, rel);
    sb_append(sb, parens ? ")." : ".");
    sb_append(sb, shape != NULL && i < shape->nfields ? shape->names[i] : "?");
}

static void
exec_deparse(StrBuf *sb, const Expr *e, const RelDesc *rel)
{
    switch (e->kind) {
    case EXPR_CONST:
        exec_deparse_const(sb, e);
        return;
    case EXPR_PARAM:
        sb_append(sb, mcx_printf("$%d", e->u.param.paramid));
        return;
    case EXPR_OUTERPARAM:
        sb_append(sb, mcx_printf("$%d", e->u.outerparam.paramno));
        return;
    case EXPR_SUBLINK:
        sb_append(sb, "(SubPlan)");
        return;
    case EXPR_VAR:
        if (exec_deparse_names != NULL && exec_deparse_names[e->u.var.attno] != NULL)
            sb_append(sb, exec_deparse_names[e->u.var.attno]);
        else if (rel != NULL && e->u.var.attno < rel->natts)
            sb_append(sb, rel->atts[e->u.var.attno].name);
        else
            sb_append(sb, mcx_printf("$%d", e->u.var.attno + 1));
        return;
    case EXPR_FUNC: {
        const OperDesc *op = e->u.func.opno ? adt_oper(e->u.func.opno) : NULL;
        if (op != NULL && e->u.func.nargs == 2) {
            sb_append(sb, exec_pretty ? "" : "(");
            exec_deparse_child(sb, e->u.func.args[0], e, rel);
            sb_append(sb, mcx_printf(" %s ", op->name));
            exec_deparse_child(sb, e->u.func.args[1], e, rel);
            sb_append(sb, exec_pretty ? "" : ")");
            return;
        }
        if (op != NULL && e->u.func.nargs == 1) {
            sb_append(sb, mcx_printf(exec_pretty ? "%s " : "(%s ", op->name));
            exec_deparse_child(sb, e->u.func.args[0], e, rel);
            sb_append(sb, exec_pretty ? "" : ")");
            return;
        }
        if (exec_is_cast_call(e)) {
            exec_deparse_cast(sb, e->u.func.args[0], e, rel);
            return;
        }
        if (e->u.func.proc == &adt_record_field_proc) {
            exec_deparse_field_select(sb, e, rel);
            return;
        }
        if (e->u.func.proc != NULL &&
            adt_infoschema_proc_next_by_name(e->u.func.proc->name, NULL) == e->u.func.proc)
            sb_append(sb, "information_schema.");
        sb_append(sb, e->u.func.proc ? e->u.func.proc->name : "?");
        sb_append(sb, "(");
        exec_deparse_list(sb, e->u.func.args, e->u.func.nargs, ", ", rel);
        sb_append(sb, ")");
        return;
    }
    case EXPR_CAST:
    case EXPR_RELABEL:
        exec_deparse_cast(sb, e->u.coerce.arg, e, rel);
        return;
    case EXPR_BOOL:
        sb_append(sb, exec_pretty ? "" : "(");
        if (e->u.boolean.op == BOOL_NOT) {
            sb_append(sb, "NOT ");
            exec_deparse_child(sb, e->u.boolean.args[0], e, rel);
        } else {
            for (int i = 0; i < e->u.boolean.nargs; i++) {
                if (i > 0)
                    sb_append(sb, e->u.boolean.op == BOOL_AND ? " AND " : " OR ");
                exec_deparse_child(sb, e->u.boolean.args[i], e, rel);
            }
        }
        sb_append(sb, exec_pretty ? "" : ")");
        return;
    case EXPR_NULLTEST:
        sb_append(sb, exec_pretty ? "" : "(");
        exec_deparse_child(sb, e->u.nulltest.arg, e, rel);
        sb_append(sb, e->u.nulltest.is_null ? " IS NULL" : " IS NOT NULL");
        sb_append(sb, exec_pretty ? "" : ")");
        return;
    case EXPR_BOOLTEST: {
        static const char *const names[] = {" IS TRUE",
                                            " IS NOT TRUE",
                                            " IS FALSE",
                                            " IS NOT FALSE",
                                            " IS UNKNOWN",
                                            " IS NOT UNKNOWN"};
        sb_append(sb, exec_pretty ? "" : "(");
        exec_deparse_child(sb, e->u.booltest.arg, e, rel);
        sb_append(sb, names[e->u.booltest.test]);
        sb_append(sb, exec_pretty ? "" : ")");
        return;
    }
    case EXPR_COALESCE:
        sb_append(sb,
                  e->u.coalesce.minmax == EXPR_MINMAX_GREATEST ? "GREATEST("
                  : e->u.coalesce.minmax == EXPR_MINMAX_LEAST  ? "LEAST("
                                                               : "COALESCE(");
        exec_deparse_list(sb, e->u.coalesce.args, e->u.coalesce.nargs, ", ", rel);
        sb_append(sb, ")");
        return;
    case EXPR_NULLIF:
        sb_append(sb, "NULLIF(");
        exec_deparse(sb, e->u.nullif.left, rel);
        sb_append(sb, ", ");
        exec_deparse(sb, e->u.nullif.right, rel);
        sb_append(sb, ")");
        return;
    case EXPR_CASE:
        sb_append(sb, "CASE");
        for (int i = 0; i < e->u.casex.nwhen; i++) {
            sb_append(sb, " WHEN ");
            exec_deparse(sb, e->u.casex.conds[i], rel);
            sb_append(sb, " THEN ");
            exec_deparse(sb, e->u.casex.results[i], rel);
        }
        sb_append(sb, " ELSE ");
        exec_deparse(sb, e->u.casex.defresult, rel);
        sb_append(sb, " END");
        return;
    case EXPR_ARRAY:
        sb_append(sb, "ARRAY[");
        exec_deparse_list(sb, e->u.array.args, e->u.array.nargs, ", ", rel);
        sb_append(sb, "]");
        return;
    case EXPR_SUBSCRIPT: {
        const Expr *base = e->u.array.args[0];
        bool parens = base->kind != EXPR_VAR;
        sb_append(sb, parens ? "(" : "");
        exec_deparse(sb, base, rel);
        sb_append(sb, parens ? ")" : "");
        for (int k = 1; k < e->u.array.nargs; k++) {
            bool lower = e->u.array.slice && k % 2 == 1;
            if (!e->u.array.slice || lower)
                sb_append(sb, "[");
            if (!(e->u.array.omitted & (1u << (k - 1))))
                exec_deparse(sb, e->u.array.args[k], rel);
            sb_append(sb, lower ? ":" : "]");
        }
        return;
    }
    case EXPR_ARRAYOP: {
        const OperDesc *op = adt_oper(e->u.array.opno);
        sb_append(sb, "(");
        exec_deparse(sb, e->u.array.args[0], rel);
        sb_appendf(sb, " %s %s (", op ? op->name : "?", e->u.array.use_or ? "ANY" : "ALL");
        exec_deparse(sb, e->u.array.args[1], rel);
        sb_append(sb, "))");
        return;
    }
    case EXPR_AGGREF:
        if (e->u.aggref.arg == NULL) {
            sb_append(sb, "count(*)");
            return;
        }
        sb_append(sb, e->u.aggref.agg->name);
        sb_append(sb, e->u.aggref.distinct ? "(DISTINCT " : "(");
        exec_deparse(sb, e->u.aggref.arg, rel);
        for (int i = 0; i < e->u.aggref.norder; i++) {
            sb_append(sb, i == 0 ? " ORDER BY " : ", ");
            exec_deparse(sb, e->u.aggref.order[i], rel);
            if (e->u.aggref.order_desc[i])
                sb_append(sb, " DESC");
            if (e->u.aggref.order_nulls_first[i] != e->u.aggref.order_desc[i])
                sb_append(sb, e->u.aggref.order_nulls_first[i] ? " NULLS FIRST" : " NULLS LAST");
        }
        sb_append(sb, ")");
        return;
    }
}

char *
exec_deparse_expr(const Expr *e, const RelDesc *rel, bool top_parens)
{
    StrBuf sb;
    sb_init(&sb);
    exec_deparse(&sb, e, rel);
    if (!top_parens && sb.len > 1 && sb.data[0] == '(' && sb.data[sb.len - 1] == ')' &&
        e->kind == EXPR_FUNC && e->u.func.opno != 0) {
        sb.data[sb.len - 1] = '\0';
        return mcx_strdup(sb.data + 1);
    }
    return sb.data;
}

char *
exec_deparse_expr_names(const Expr *e, char *const *names, bool top_parens)
{
    char *const *saved = exec_deparse_names;
    exec_deparse_names = names;
    char *s = exec_deparse_expr(e, NULL, top_parens);
    exec_deparse_names = saved;
    return s;
}

char *
exec_deparse_expr_pretty(const Expr *e, const RelDesc *rel)
{
    bool saved = exec_pretty;
    exec_pretty = true;
    StrBuf sb;
    sb_init(&sb);
    exec_deparse(&sb, e, rel);
    exec_pretty = saved;
    return sb.data;
}

char *
exec_deparse_expr_names_pretty(const Expr *e, char *const *names)
{
    char *const *saved = exec_deparse_names;
    exec_deparse_names = names;
    char *s = exec_deparse_expr_pretty(e, NULL);
    exec_deparse_names = saved;
    return s;
}
