/*
 * parse_window.c
 *     Window function calls (func(args) OVER ...) and the windows they run over: OVER
 *     (PARTITION BY ... ORDER BY ... frame), OVER w naming a WINDOW clause entry, and
 *     OVER (w ...) refining one; PostgreSQL's errors for misplaced or nested calls.
 *
 * Invariants kept here (parser README):
 *   19. Window calls appear only in the SELECT list and ORDER BY of a plain SELECT; each
 *       names a window of its query by index (winref) and has its own index (winno).
 *       The WINDOW clause's entries come first; OVER clauses written alike share one.
 *
 * Not here: running them (executor/exec_window.c), planning (optimizer/opt_window.c).
 */
#include "oak/oak.h"

#include "parse_internal.h"

/* PostgreSQL's FRAMEOPTION bits, as libpg_query hands them in WindowDef.frame_options. */
enum {
    FRAME_NONDEFAULT = 0x1,
    FRAME_RANGE = 0x2,
    FRAME_ROWS = 0x4,
    FRAME_GROUPS = 0x8,
    FRAME_START_UNBOUNDED_PRECEDING = 0x20,
    FRAME_END_UNBOUNDED_PRECEDING = 0x40,
    FRAME_START_UNBOUNDED_FOLLOWING = 0x80,
    FRAME_END_UNBOUNDED_FOLLOWING = 0x100,
    FRAME_START_CURRENT_ROW = 0x200,
    FRAME_END_CURRENT_ROW = 0x400,
    FRAME_START_OFFSET_PRECEDING = 0x800,
    FRAME_END_OFFSET_PRECEDING = 0x1000,
    FRAME_START_OFFSET_FOLLOWING = 0x2000,
    FRAME_END_OFFSET_FOLLOWING = 0x4000,
    FRAME_EXCLUDE_CURRENT_ROW = 0x8000,
    FRAME_EXCLUDE_GROUP = 0x10000,
    FRAME_EXCLUDE_TIES = 0x20000,
    FRAME_DEFAULT = FRAME_RANGE | FRAME_START_UNBOUNDED_PRECEDING | FRAME_END_CURRENT_ROW,
};

/* The built-in window functions (pg_proc prokind 'w'). */
typedef struct WinFnDesc {
    Oid oid;
    const char *name;
    int nargs;
    WinFnKind fn;
} WinFnDesc;

static const WinFnDesc parse_win_fns[] = {
    {3100, "row_number", 0, WINFN_ROW_NUMBER},
    {3101, "rank", 0, WINFN_RANK},
    {3102, "dense_rank", 0, WINFN_DENSE_RANK},
    {3103, "percent_rank", 0, WINFN_PERCENT_RANK},
    {3104, "cume_dist", 0, WINFN_CUME_DIST},
    {3105, "ntile", 1, WINFN_NTILE},
    {3106, "lag", 1, WINFN_LAG},
    {3107, "lag", 2, WINFN_LAG},
    {3108, "lag", 3, WINFN_LAG},
    {3109, "lead", 1, WINFN_LEAD},
    {3110, "lead", 2, WINFN_LEAD},
    {3111, "lead", 3, WINFN_LEAD},
    {3112, "first_value", 1, WINFN_FIRST_VALUE},
    {3113, "last_value", 1, WINFN_LAST_VALUE},
    {3114, "nth_value", 2, WINFN_NTH_VALUE},
};

bool
parse_is_window_name(const char *name)
{
    for (size_t i = 0; i < sizeof parse_win_fns / sizeof parse_win_fns[0]; i++)
        if (strcmp(parse_win_fns[i].name, name) == 0)
            return true;
    return false;
}

/*
 * Raw parse trees compared as PostgreSQL's equal() compares them: every field but
 * locations (protobuf-c's descriptors walk any message). Used to share a window between
 * OVER clauses written alike, as PostgreSQL does (not between ones that only analyze
 * alike: "ORDER BY id" and "ORDER BY t.id" are two windows there too).
 */
static bool parse_raw_equal(const ProtobufCMessage *a, const ProtobufCMessage *b);

static size_t
parse_raw_size(ProtobufCType t)
{
    switch (t) {
    case PROTOBUF_C_TYPE_INT64:
    case PROTOBUF_C_TYPE_SINT64:
    case PROTOBUF_C_TYPE_SFIXED64:
    case PROTOBUF_C_TYPE_UINT64:
    case PROTOBUF_C_TYPE_FIXED64:
    case PROTOBUF_C_TYPE_DOUBLE:
        return 8;
    case PROTOBUF_C_TYPE_STRING:
    case PROTOBUF_C_TYPE_MESSAGE:
        return sizeof(void *);
    case PROTOBUF_C_TYPE_BYTES:
        return sizeof(ProtobufCBinaryData);
    default:
        return 4; /* 32-bit integers, enums, floats, protobuf_c_boolean */
    }
}

static bool
parse_raw_value_equal(ProtobufCType t, const void *pa, const void *pb)
{
    switch (t) {
    case PROTOBUF_C_TYPE_STRING: {
        const char *sa = *(char *const *)pa;
        const char *sb = *(char *const *)pb;
        return strcmp(sa ? sa : "", sb ? sb : "") == 0;
    }
    case PROTOBUF_C_TYPE_BYTES: {
        const ProtobufCBinaryData *ba = pa;
        const ProtobufCBinaryData *bb = pb;
        return ba->len == bb->len && (ba->len == 0 || memcmp(ba->data, bb->data, ba->len) == 0);
    }
    case PROTOBUF_C_TYPE_MESSAGE:
        return parse_raw_equal(*(ProtobufCMessage *const *)pa, *(ProtobufCMessage *const *)pb);
    default:
        return memcmp(pa, pb, parse_raw_size(t)) == 0;
    }
}

static bool
parse_raw_equal(const ProtobufCMessage *a, const ProtobufCMessage *b)
{
    if (a == NULL || b == NULL)
        return a == b;
    if (a->descriptor != b->descriptor)
        return false;
    const ProtobufCMessageDescriptor *d = a->descriptor;
    for (unsigned i = 0; i < d->n_fields; i++) {
        const ProtobufCFieldDescriptor *fd = &d->fields[i];
        if (strcmp(fd->name, "location") == 0)
            continue;
        const char *fa = (const char *)a + fd->offset;
        const char *fb = (const char *)b + fd->offset;
        if (fd->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) { /* a Node's one set member */
            uint32_t ca = *(const uint32_t *)((const char *)a + fd->quantifier_offset);
            uint32_t cb = *(const uint32_t *)((const char *)b + fd->quantifier_offset);
            if (ca != cb)
                return false;
            if (ca != fd->id)
                continue;
        }
        if (fd->label == PROTOBUF_C_LABEL_REPEATED) {
            size_t na = *(const size_t *)((const char *)a + fd->quantifier_offset);
            size_t nb = *(const size_t *)((const char *)b + fd->quantifier_offset);
            if (na != nb)
                return false;
            const char *ea = *(char *const *)fa;
            const char *eb = *(char *const *)fb;
            size_t sz = parse_raw_size(fd->type);
            for (size_t k = 0; k < na; k++)
                if (!parse_raw_value_equal(fd->type, ea + k * sz, eb + k * sz))
                    return false;
            continue;
        }
        if (!parse_raw_value_equal(fd->type, fa, fb))
            return false;
    }
    return true;
}

static bool
parse_raw_list_equal(Node **a, size_t na, Node **b, size_t nb)
{
    if (na != nb)
        return false;
    for (size_t i = 0; i < na; i++)
        if (!parse_raw_equal(&a[i]->base, &b[i]->base))
            return false;
    return true;
}

/* Whether an OVER clause can share the window written as ref (PostgreSQL's test). */
static bool
parse_window_same_text(const PgQuery__WindowDef *ref, const PgQuery__WindowDef *wd)
{
    const char *ra = ref->refname ? ref->refname : "";
    const char *rb = wd->refname ? wd->refname : "";
    return strcmp(ra, rb) == 0 &&
           parse_raw_list_equal(ref->partition_clause,
                                ref->n_partition_clause,
                                wd->partition_clause,
                                wd->n_partition_clause) &&
           parse_raw_list_equal(ref->order_clause,
                                ref->n_order_clause,
                                wd->order_clause,
                                wd->n_order_clause) &&
           ref->frame_options == wd->frame_options &&
           parse_raw_equal((const ProtobufCMessage *)ref->start_offset,
                           (const ProtobufCMessage *)wd->start_offset) &&
           parse_raw_equal((const ProtobufCMessage *)ref->end_offset,
                           (const ProtobufCMessage *)wd->end_offset);
}

/*
 * The WINDOW clause entry named name that definition wd may refer to, or NULL: an entry
 * sees only the entries before it (as PostgreSQL), an OVER clause all of them.
 */
static PgQuery__WindowDef *
parse_window_named(ParseState *ps, const char *name, const PgQuery__WindowDef *wd)
{
    ParseWindows *pw = ps->windows;
    if (pw == NULL)
        return NULL;
    int limit = pw->nnamed;
    for (int i = 0; i < pw->nnamed; i++)
        if (pw->raw[i] == wd)
            limit = i;
    for (int i = 0; i < limit; i++)
        if (strcmp(pw->raw[i]->name, name) == 0)
            return pw->raw[i];
    return NULL;
}

static void __attribute__((noreturn)) parse_window_missing(const char *name, int loc)
{
    ereport(ERROR,
            err_code(SQLSTATE_UNDEFINED_OBJECT),
            err_msg("window \"%s\" does not exist", name),
            parse_errposition(loc));
}

/* A key expression of a window, typed, with an ordering (42883 without one). */
static Expr *
parse_window_key(ParseState *ps, Node *n, int loc)
{
    Expr *e = parse_expr(ps, n);
    if (e->type == UNKNOWNOID)
        e = parse_coerce(ps, e, TEXTOID, -1, ADT_CAST_IMPLICIT, e->location);
    const TypeDesc *td = adt_type(e->type);
    if (td == NULL || td->compare == NULL)
        ereport(ERROR,
                err_code(SQLSTATE_UNDEFINED_FUNCTION),
                err_msg("could not identify an ordering operator for type %s",
                        parse_type_display(e->type)),
                parse_errposition(loc));
    return e;
}

static void
parse_window_order(ParseState *ps, WindowSpec *w, PgQuery__WindowDef *wd)
{
    w->norder = (int)wd->n_order_clause;
    w->order = mcx_alloc0(sizeof(WinKey) * (size_t)(w->norder + 1));
    for (int i = 0; i < w->norder; i++) {
        PgQuery__SortBy *sb = wd->order_clause[i]->sort_by;
        if (sb->sortby_dir == PG_QUERY__SORT_BY_DIR__SORTBY_USING)
            ereport(ERROR,
                    err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                    err_msg("ORDER BY ... USING is not supported yet"),
                    parse_errposition(sb->location));
        w->order[i].expr = parse_window_key(ps, sb->node, sb->location);
        w->order[i].desc = sb->sortby_dir == PG_QUERY__SORT_BY_DIR__SORTBY_DESC;
        if (sb->sortby_nulls == PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_FIRST)
            w->order[i].nulls_first = true;
        else if (sb->sortby_nulls == PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_LAST)
            w->order[i].nulls_first = false;
        else
            w->order[i].nulls_first = w->order[i].desc; /* NULLs are largest */
    }
}

static bool
parse_exprs_have_vars(Expr **args, int n)
{
    for (int i = 0; i < n; i++)
        if (parse_expr_has_vars(args[i]))
            return true;
    return false;
}

/* Whether e reads a column of this query level (aggregates and window calls count too). */
bool
parse_expr_has_vars(const Expr *e)
{
    if (e == NULL)
        return false;
    switch (e->kind) {
    case EXPR_VAR:
    case EXPR_AGGREF:
    case EXPR_WINDOWFUNC:
        return true;
    case EXPR_CONST:
    case EXPR_PARAM:
    case EXPR_OUTERPARAM:
        return false;
    case EXPR_FUNC:
        return parse_exprs_have_vars(e->u.func.args, e->u.func.nargs);
    case EXPR_CAST:
    case EXPR_RELABEL:
        return parse_expr_has_vars(e->u.coerce.arg);
    case EXPR_BOOL:
        return parse_exprs_have_vars(e->u.boolean.args, e->u.boolean.nargs);
    case EXPR_NULLTEST:
        return parse_expr_has_vars(e->u.nulltest.arg);
    case EXPR_BOOLTEST:
        return parse_expr_has_vars(e->u.booltest.arg);
    case EXPR_COALESCE:
        return parse_exprs_have_vars(e->u.coalesce.args, e->u.coalesce.nargs);
    case EXPR_CASE:
        return parse_expr_has_vars(e->u.casex.arg) ||
               parse_exprs_have_vars(e->u.casex.conds, e->u.casex.nwhen) ||
               parse_exprs_have_vars(e->u.casex.results, e->u.casex.nwhen) ||
               parse_expr_has_vars(e->u.casex.defresult);
    case EXPR_NULLIF:
        return parse_expr_has_vars(e->u.nullif.left) || parse_expr_has_vars(e->u.nullif.right);
    case EXPR_SUBLINK:
        return parse_exprs_have_vars(e->u.sublink.args, e->u.sublink.nargs) ||
               parse_expr_has_vars(e->u.sublink.lhs);
    case EXPR_ARRAY:
    case EXPR_SUBSCRIPT:
    case EXPR_ARRAYOP:
        return parse_exprs_have_vars(e->u.array.args, e->u.array.nargs);
    }
    return false;
}

/* A ROWS / GROUPS offset: a bigint without columns (42P10), checked >= 0 at run time. */
static Expr *
parse_window_offset(ParseState *ps, Node *n, const char *mode)
{
    Expr *e = parse_expr(ps, n);
    int loc = e->location;
    if (parse_expr_has_vars(e))
        ereport(ERROR,
                err_code(SQLSTATE_INVALID_COLUMN_REFERENCE),
                err_msg("argument of %s must not contain variables", mode),
                parse_errposition(loc));
    Expr *c = parse_coerce(ps, e, INT8OID, -1, ADT_CAST_ASSIGNMENT, loc);
    if (c == NULL)
        ereport(ERROR,
                err_code(SQLSTATE_DATATYPE_MISMATCH),
                err_msg("argument of %s must be type bigint, not type %s",
                        mode,
                        parse_type_display(e->type)),
                parse_errposition(loc));
    return c;
}

/*
 * A RANGE offset for an ORDER BY column of type key: PostgreSQL's in_range pairs for the
 * numeric types (integers with integer offsets, floats with float8, numeric with numeric),
 * converted to the type the executor adds in (int8, float8, numeric). 0A000 for other
 * column types and for an offset of a type that does not convert implicitly.
 */
static Expr *
parse_window_range_offset(ParseState *ps, Node *n, Oid key)
{
    Expr *e = parse_expr(ps, n);
    int loc = parse_raw_location(n);
    if (parse_expr_has_vars(e))
        ereport(ERROR,
                err_code(SQLSTATE_INVALID_COLUMN_REFERENCE),
                err_msg("argument of RANGE must not contain variables"),
                parse_errposition(loc));
    Oid target;
    switch (key) {
    case INT2OID:
    case INT4OID:
    case INT8OID:
        target = INT8OID;
        break;
    case FLOAT4OID:
    case FLOAT8OID:
        target = FLOAT8OID;
        break;
    case NUMERICOID:
        target = NUMERICOID;
        break;
    case DATEOID:
    case TIMESTAMPOID:
    case TIMESTAMPTZOID:
    case INTERVALOID:
    case TIMEOID:   /* the interval's time part, without wrapping at midnight */
    case TIMETZOID: /* the same, keeping the zone */
        target = INTERVALOID;
        break;
    default:
        ereport(ERROR,
                err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                err_msg("RANGE with offset PRECEDING/FOLLOWING is not supported for column type %s",
                        parse_type_display(key)),
                parse_errposition(loc));
    }
    if (e->type == UNKNOWNOID) /* a literal is read as the column's type, as PostgreSQL */
        e = parse_coerce(ps, e, target == INT8OID ? key : target, -1, ADT_CAST_IMPLICIT, loc);
    bool usable = target != INTERVALOID || e->type == INTERVALOID; /* dates: intervals only */
    bool integral = e->type == INT2OID || e->type == INT4OID || e->type == INT8OID;
    Expr *c = usable && (target != INT8OID || integral)
                  ? parse_coerce(ps, e, target, -1, ADT_CAST_IMPLICIT, loc)
                  : NULL;
    if (c == NULL)
        ereport(ERROR,
                err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                err_msg("RANGE with offset PRECEDING/FOLLOWING is not supported for column type %s "
                        "and offset type %s",
                        parse_type_display(key),
                        parse_type_display(e->type)),
                err_hint("Cast the offset value to an appropriate type."),
                parse_errposition(loc));
    return c;
}

static WinBound
parse_window_bound(int opts, bool start)
{
    if (opts & (start ? FRAME_START_UNBOUNDED_PRECEDING : FRAME_END_UNBOUNDED_PRECEDING))
        return WIN_UNBOUNDED_PRECEDING;
    if (opts & (start ? FRAME_START_UNBOUNDED_FOLLOWING : FRAME_END_UNBOUNDED_FOLLOWING))
        return WIN_UNBOUNDED_FOLLOWING;
    if (opts & (start ? FRAME_START_OFFSET_PRECEDING : FRAME_END_OFFSET_PRECEDING))
        return WIN_OFFSET_PRECEDING;
    if (opts & (start ? FRAME_START_OFFSET_FOLLOWING : FRAME_END_OFFSET_FOLLOWING))
        return WIN_OFFSET_FOLLOWING;
    return WIN_CURRENT_ROW;
}

/* The frame clause of wd (the default one when absent); the grammar checked its shape. */
static void
parse_window_frame(ParseState *ps, WindowSpec *w, PgQuery__WindowDef *wd)
{
    int opts = wd->frame_options;
    if (!(opts & FRAME_NONDEFAULT))
        opts = FRAME_DEFAULT;
    w->frame_options = opts;
    bool offsets = (opts & (FRAME_START_OFFSET_PRECEDING | FRAME_END_OFFSET_PRECEDING |
                            FRAME_START_OFFSET_FOLLOWING | FRAME_END_OFFSET_FOLLOWING)) != 0;
    if ((opts & FRAME_RANGE) && offsets && w->norder != 1)
        ereport(ERROR,
                err_code(SQLSTATE_WINDOWING_ERROR),
                err_msg("RANGE with offset PRECEDING/FOLLOWING requires exactly one ORDER BY "
                        "column"),
                parse_errposition(wd->location));
    if ((opts & FRAME_GROUPS) && w->norder == 0)
        ereport(ERROR,
                err_code(SQLSTATE_WINDOWING_ERROR),
                err_msg("GROUPS mode requires an ORDER BY clause"),
                parse_errposition(wd->location));
    w->rows = (opts & FRAME_ROWS) != 0;
    w->groups = (opts & FRAME_GROUPS) != 0;
    w->exclude = (opts & FRAME_EXCLUDE_CURRENT_ROW) ? WIN_EXCLUDE_CURRENT_ROW
                 : (opts & FRAME_EXCLUDE_GROUP)     ? WIN_EXCLUDE_GROUP
                 : (opts & FRAME_EXCLUDE_TIES)      ? WIN_EXCLUDE_TIES
                                                    : WIN_EXCLUDE_NONE;
    const char *mode = w->groups ? "GROUPS" : "ROWS";
    w->start = parse_window_bound(opts, true);
    w->end = parse_window_bound(opts, false);
    Oid key = w->norder > 0 ? w->order[0].expr->type : 0; /* RANGE offsets: its only key */
    if (w->start == WIN_OFFSET_PRECEDING || w->start == WIN_OFFSET_FOLLOWING)
        w->start_offset = w->rows || w->groups
                              ? parse_window_offset(ps, wd->start_offset, mode)
                              : parse_window_range_offset(ps, wd->start_offset, key);
    if (w->end == WIN_OFFSET_PRECEDING || w->end == WIN_OFFSET_FOLLOWING)
        w->end_offset = w->rows || w->groups ? parse_window_offset(ps, wd->end_offset, mode)
                                             : parse_window_range_offset(ps, wd->end_offset, key);
}

static WindowSpec *parse_window_spec(ParseState *ps, PgQuery__WindowDef *wd, int depth);

/*
 * A window definition analyzed: PARTITION BY, ORDER BY and frame; with a refname the
 * named window's PARTITION BY (and ORDER BY when wd has none) as PostgreSQL copies them,
 * refusing to override or to copy a window that has a frame.
 */
static WindowSpec *
parse_window_spec(ParseState *ps, PgQuery__WindowDef *wd, int depth)
{
    WindowSpec *w = mcx_alloc0(sizeof *w);
    WindowSpec *base = NULL;
    if (wd->refname != NULL && wd->refname[0] != '\0') {
        PgQuery__WindowDef *ref = parse_window_named(ps, wd->refname, wd);
        if (ref == NULL || depth > 64)
            parse_window_missing(wd->refname, wd->location);
        base = parse_window_spec(ps, ref, depth + 1);
        if (wd->n_partition_clause > 0)
            ereport(ERROR,
                    err_code(SQLSTATE_WINDOWING_ERROR),
                    err_msg("cannot override PARTITION BY clause of window \"%s\"", wd->refname),
                    parse_errposition(wd->location));
        if (wd->n_order_clause > 0 && base->norder > 0)
            ereport(ERROR,
                    err_code(SQLSTATE_WINDOWING_ERROR),
                    err_msg("cannot override ORDER BY clause of window \"%s\"", wd->refname),
                    parse_errposition(wd->location));
        if (base->frame_options != FRAME_DEFAULT)
            ereport(ERROR,
                    err_code(SQLSTATE_WINDOWING_ERROR),
                    err_msg("cannot copy window \"%s\" because it has a frame clause", wd->refname),
                    (wd->name == NULL || wd->name[0] == '\0') && wd->n_order_clause == 0 &&
                            !(wd->frame_options & FRAME_NONDEFAULT)
                        ? err_hint("Omit the parentheses in this OVER clause.")
                        : 0,
                    parse_errposition(wd->location));
        w->npartition = base->npartition;
        w->partition = base->partition;
    } else {
        w->npartition = (int)wd->n_partition_clause;
        w->partition = mcx_alloc0(sizeof(WinKey) * (size_t)(w->npartition + 1));
        for (int i = 0; i < w->npartition; i++)
            w->partition[i].expr = parse_window_key(ps,
                                                    wd->partition_clause[i],
                                                    parse_raw_location(wd->partition_clause[i]));
    }
    if (base != NULL && wd->n_order_clause == 0) {
        w->norder = base->norder;
        w->order = base->order;
    } else {
        parse_window_order(ps, w, wd);
    }
    parse_window_frame(ps, w, wd);
    return w;
}

/* Window k of the query analyzed (a WINDOW clause entry is analyzed at its first use). */
static void
parse_window_analyze(ParseState *ps, int k)
{
    ParseWindows *pw = ps->windows;
    if (pw->windows[k] != NULL)
        return;
    bool saved = ps->in_window_def;
    ps->in_window_def = true;
    pw->windows[k] = parse_window_spec(ps, pw->raw[k], 0);
    ps->in_window_def = saved;
}

/*
 * The index of the query's window for an OVER clause. As in PostgreSQL, the WINDOW
 * clause's entries come first (OVER w is entry w); an OVER (...) shares the first window
 * written the same way (same refname, keys and frame), else adds one.
 */
static int
parse_window_ref(ParseState *ps, PgQuery__WindowDef *over)
{
    ParseWindows *pw = ps->windows;
    int found = -1;
    if (over->name != NULL && over->name[0] != '\0') {
        for (int i = 0; i < pw->nnamed && found < 0; i++)
            if (strcmp(pw->raw[i]->name, over->name) == 0)
                found = i;
        if (found < 0)
            parse_window_missing(over->name, over->location);
    }
    for (int i = 0; i < pw->nwindows && found < 0; i++)
        if (parse_window_same_text(pw->raw[i], over))
            found = i;
    if (found < 0) {
        size_t size = sizeof(void *) * (size_t)(pw->nwindows + 1);
        pw->windows = mcx_realloc(pw->windows, size);
        pw->raw = mcx_realloc(pw->raw, size);
        pw->windows[pw->nwindows] = NULL;
        pw->raw[pw->nwindows] = over;
        found = pw->nwindows++;
    }
    parse_window_analyze(ps, found);
    return found;
}

/* Where a window call may not be: PostgreSQL's errors, in its order of checks. */
static void
parse_window_check_place(ParseState *ps, int loc)
{
    if (ps->in_agg)
        ereport(ERROR,
                err_code(SQLSTATE_GROUPING_ERROR),
                err_msg("aggregate function calls cannot contain window function calls"),
                parse_errposition(loc));
    if (ps->in_window_def)
        ereport(ERROR,
                err_code(SQLSTATE_WINDOWING_ERROR),
                err_msg("window functions are not allowed in window definitions"),
                parse_errposition(loc));
    if (ps->in_winfunc)
        ereport(ERROR,
                err_code(SQLSTATE_WINDOWING_ERROR),
                err_msg("window function calls cannot be nested"),
                parse_errposition(loc));
    if (!ps->allow_windows || ps->windows == NULL) {
        const char *kind = ps->expr_kind ? ps->expr_kind : "this context";
        if (strncmp(kind, "index ", 6) == 0) /* PostgreSQL: "index expressions" here */
            kind = mcx_printf("%ss", kind);
        ereport(ERROR,
                err_code(SQLSTATE_WINDOWING_ERROR),
                err_msg("window functions are not allowed in %s", kind),
                parse_errposition(loc));
    }
}

static void __attribute__((noreturn))
parse_window_no_function(const char *name, Expr **args, int n, int loc)
{
    StrBuf sb;
    sb_init(&sb);
    for (int i = 0; i < n; i++)
        sb_append(&sb, mcx_printf("%s%s", i ? ", " : "", parse_type_display(args[i]->type)));
    ereport(ERROR,
            err_code(SQLSTATE_UNDEFINED_FUNCTION),
            err_msg("function %s(%s) does not exist", name, sb.data),
            err_hint("No function matches the given name and argument types. You might need to "
                     "add explicit type casts."),
            parse_errposition(loc));
}

static Expr *
parse_window_int_arg(ParseState *ps, Expr *a, const char *name, Expr **args, int n, int loc)
{
    Expr *c = parse_coerce(ps, a, INT4OID, -1, ADT_CAST_IMPLICIT, a->location);
    if (c == NULL)
        parse_window_no_function(name, args, n, loc);
    return c;
}

/* Type a built-in window function's arguments and result (e->type). */
static void
parse_window_builtin(ParseState *ps, Expr *e, const char *name, int loc)
{
    Expr **args = e->u.winfunc.args;
    int n = e->u.winfunc.nargs;
    const WinFnDesc *d = NULL;
    for (size_t i = 0; i < sizeof parse_win_fns / sizeof parse_win_fns[0]; i++)
        if (strcmp(parse_win_fns[i].name, name) == 0 && parse_win_fns[i].nargs == n)
            d = &parse_win_fns[i];
    if (d == NULL)
        parse_window_no_function(name, args, n, loc);
    e->u.winfunc.fn = d->fn;
    e->u.winfunc.fnoid = d->oid;
    e->u.winfunc.name = d->name;
    switch (d->fn) {
    case WINFN_ROW_NUMBER:
    case WINFN_RANK:
    case WINFN_DENSE_RANK:
        e->type = INT8OID;
        return;
    case WINFN_PERCENT_RANK:
    case WINFN_CUME_DIST:
        e->type = FLOAT8OID;
        return;
    case WINFN_NTILE:
        args[0] = parse_window_int_arg(ps, args[0], name, args, n, loc);
        e->type = INT4OID;
        return;
    default:
        break;
    }
    /* lag / lead / first_value / last_value / nth_value: the value's type */
    if (n >= 2)
        args[1] = parse_window_int_arg(ps, args[1], name, args, n, loc);
    if (n == 3) { /* lag / lead with a default: anycompatible, as the UNION rules */
        Expr *pair[2] = {args[0], args[2]};
        Oid t = parse_common_type(ps, pair, 2, name);
        args[0] = parse_coerce(ps, args[0], t, -1, ADT_CAST_IMPLICIT, args[0]->location);
        args[2] = parse_coerce(ps, args[2], t, -1, ADT_CAST_IMPLICIT, args[2]->location);
    } else if (args[0]->type == UNKNOWNOID) {
        args[0] = parse_coerce(ps, args[0], TEXTOID, -1, ADT_CAST_IMPLICIT, args[0]->location);
    }
    e->type = args[0]->type;
    e->typmod = n == 3 ? -1 : args[0]->typmod;
}

/* FILTER (WHERE cond) of a window aggregate: boolean, without aggregates (42803). */
static Expr *
parse_window_filter(ParseState *ps, Node *n)
{
    bool allow_aggs = ps->allow_aggs;
    const char *kind = ps->expr_kind;
    ps->allow_aggs = false;
    ps->expr_kind = "FILTER";
    Expr *e = parse_coerce_bool(ps, parse_expr(ps, n), "FILTER");
    ps->allow_aggs = allow_aggs;
    ps->expr_kind = kind;
    return e;
}

/*
 * PostgreSQL's checks of a call with OVER before its arguments: a window function or an
 * aggregate (42883 for an unknown function, 42809 for a plain one), allowed here, and
 * without DISTINCT, aggregate ORDER BY or a non-aggregate FILTER (0A000).
 */
static void
parse_window_check_call(ParseState *ps, PgQuery__FuncCall *fc, const char *name, bool is_agg)
{
    int loc = fc->location;
    if (!is_agg && !parse_is_window_name(name)) {
        /* an unknown function is 42883 as without OVER; a known plain one 42809 */
        int n = (int)fc->n_args;
        Expr **args = mcx_alloc(sizeof(Expr *) * (size_t)(n + 1));
        for (int i = 0; i < n; i++)
            args[i] = parse_expr(ps, fc->args[i]);
        (void)parse_make_func(ps, name, args, n, loc);
        ereport(ERROR,
                err_code(SQLSTATE_WRONG_OBJECT_TYPE),
                err_msg("OVER specified, but %s is not a window function nor an aggregate "
                        "function",
                        name),
                parse_errposition(loc));
    }
    parse_window_check_place(ps, loc);
    if (fc->agg_distinct)
        ereport(ERROR,
                err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                err_msg("DISTINCT is not implemented for window functions"),
                parse_errposition(loc));
    if (fc->agg_filter != NULL && !is_agg)
        ereport(ERROR,
                err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                err_msg("FILTER is not implemented for non-aggregate window functions"),
                parse_errposition(loc));
    if (fc->n_agg_order > 0)
        ereport(ERROR,
                err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                err_msg("aggregate ORDER BY is not implemented for window functions"),
                parse_errposition(loc));
}

Expr *
parse_window_call(ParseState *ps, PgQuery__FuncCall *fc, const char *name)
{
    int loc = fc->location;
    bool is_agg = fc->agg_star || parse_is_agg_name(name);
    parse_window_check_call(ps, fc, name, is_agg);
    Expr *e = mcx_alloc0(sizeof *e);
    e->kind = EXPR_WINDOWFUNC;
    e->typmod = -1;
    e->location = loc;
    ps->in_winfunc = true;
    if (is_agg) {
        Expr *a = parse_agg_resolve(ps, fc, name);
        e->type = a->type;
        e->u.winfunc.fn = WINFN_AGG;
        e->u.winfunc.agg = a->u.aggref.agg;
        e->u.winfunc.fnoid = a->u.aggref.agg->aggfnoid;
        e->u.winfunc.name = a->u.aggref.agg->name;
        e->u.winfunc.nargs = a->u.aggref.arg ? 1 : 0;
        e->u.winfunc.args = mcx_alloc(sizeof(Expr *) * 2);
        e->u.winfunc.args[0] = a->u.aggref.arg;
        if (fc->agg_filter != NULL)
            e->u.winfunc.filter = parse_window_filter(ps, fc->agg_filter);
    } else {
        int n = (int)fc->n_args;
        e->u.winfunc.nargs = n;
        e->u.winfunc.args = mcx_alloc(sizeof(Expr *) * (size_t)(n + 1));
        for (int i = 0; i < n; i++)
            e->u.winfunc.args[i] = parse_expr(ps, fc->args[i]);
        parse_window_builtin(ps, e, name, loc);
    }
    ps->in_winfunc = false;
    for (int i = 0; i < e->u.winfunc.nargs; i++)
        if (parse_find_srf(e->u.winfunc.args[i]) != NULL)
            ereport(ERROR,
                    err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                    err_msg("window function calls cannot contain set-returning function calls"),
                    err_hint("You might be able to move the set-returning function into a "
                             "LATERAL FROM item."),
                    parse_errposition(loc));
    e->u.winfunc.winref = parse_window_ref(ps, fc->over);
    ParseWindows *pw = ps->windows;
    pw->winfuncs = mcx_realloc(pw->winfuncs, sizeof(Expr *) * (size_t)(pw->nwinfuncs + 1));
    e->u.winfunc.winno = pw->nwinfuncs;
    pw->winfuncs[pw->nwinfuncs++] = e;
    return e;
}

/*
 * The WINDOW clause checked as PostgreSQL does, used or not: names are unique (42P20),
 * each definition is valid (references, overrides, frames, key types).
 */
void
parse_window_clause(ParseState *ps)
{
    ParseWindows *pw = ps->windows;
    for (int i = 0; i < pw->nnamed; i++) {
        PgQuery__WindowDef *wd = pw->raw[i];
        for (int j = 0; j < i; j++)
            if (strcmp(pw->raw[j]->name, wd->name) == 0)
                ereport(ERROR,
                        err_code(SQLSTATE_WINDOWING_ERROR),
                        err_msg("window \"%s\" is already defined", wd->name),
                        parse_errposition(wd->location));
        parse_window_analyze(ps, i);
    }
}

/* Start a plain SELECT's windows: its WINDOW clause's entries, not yet analyzed. */
void
parse_window_begin(ParseWindows *pw, PgQuery__SelectStmt *s)
{
    int n = (int)s->n_window_clause;
    *pw = (ParseWindows){.stmt = s};
    pw->nnamed = n;
    pw->nwindows = n;
    pw->windows = mcx_alloc0(sizeof(WindowSpec *) * (size_t)(n + 1));
    pw->raw = mcx_alloc0(sizeof(PgQuery__WindowDef *) * (size_t)(n + 1));
    for (int i = 0; i < n; i++)
        pw->raw[i] = s->window_clause[i]->window_def;
}
