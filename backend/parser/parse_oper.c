/*
 * parse_oper.c
 *     Operator and function resolution and type coercion, following PostgreSQL's rules
 *     (documentation chapter "Type Conversion"): exact match first; an unknown-typed operand
 *     of a binary operator is assumed to have the other operand's type; otherwise the
 *     candidates reachable by implicit casts, keeping those with the most exact matches,
 *     then the most preferred types, then string category for unknown arguments.
 */
#include "oak/oak.h"

#include "parse_internal.h"

int
parse_errposition(int location)
{
    return err_position(location >= 0 ? location + 1 : 0);
}

char *
parse_type_display(Oid type)
{
    return adt_format_type(type, -1);
}

static bool
parse_is_polymorphic(Oid t)
{
    return t == ANYOID || t == ANYELEMENTOID || t == ANYNONARRAYOID || t == ANYARRAYOID ||
           t == ANYCOMPATIBLEOID || t == ANYCOMPATIBLEARRAYOID;
}

static bool
parse_arg_acceptable(Oid input, Oid cand)
{
    if (input == cand || input == UNKNOWNOID)
        return true;
    if (cand == ANYARRAYOID || cand == ANYCOMPATIBLEARRAYOID)
        return adt_type_is_array(input);
    if (cand == ANYNONARRAYOID)
        return !adt_type_is_array(input);
    if (parse_is_polymorphic(cand))
        return true;
    return adt_can_cast(input, cand, ADT_CAST_IMPLICIT);
}

/* Whether a candidate's polymorphic arguments can be resolved consistently. */
static bool
parse_poly_consistent(const Oid *cand, int nargs, const Oid *in)
{
    Oid actual[FUNC_MAX_ARGS];
    Oid ret;
    return parse_poly_resolve(nargs, cand, in, 0, false, actual, &ret);
}

static char
parse_category(Oid t)
{
    const TypeDesc *d = adt_type(t);
    return d ? d->category : 'U';
}

static bool
parse_preferred(Oid t)
{
    const TypeDesc *d = adt_type(t);
    return d && d->preferred;
}

/*
 * Choose among candidates (arrays of argument types). Returns the index, -1 if none,
 * -2 if ambiguous.
 */
static int
parse_choose(int ncand, const Oid (*cands)[FUNC_MAX_ARGS], int nargs, const Oid *in)
{
    int *alive = mcx_alloc(sizeof(int) * (size_t)(ncand + 1));
    int n = 0;

    for (int c = 0; c < ncand; c++) {
        bool ok = true;
        for (int a = 0; a < nargs && ok; a++)
            ok = parse_arg_acceptable(in[a], cands[c][a]);
        if (ok && parse_poly_consistent(cands[c], nargs, in))
            alive[n++] = c;
    }
    if (n <= 1)
        return n == 1 ? alive[0] : -1;

    /* Most exact matches (unknown counts as exact when it matches nothing else). */
    int best = -1;
    int m = 0;
    for (int i = 0; i < n; i++) {
        int exact = 0;
        for (int a = 0; a < nargs; a++)
            if (in[a] == cands[alive[i]][a])
                exact++;
        if (exact > best) {
            best = exact;
            m = 0;
        }
        if (exact == best)
            alive[m++] = alive[i];
    }
    n = m;
    if (n == 1)
        return alive[0];

    /*
     * Most preferred types where coercion is needed: a candidate type preferred in the
     * input's own category (unknown inputs are left to the step below, as in PostgreSQL).
     */
    best = -1;
    m = 0;
    for (int i = 0; i < n; i++) {
        int pref = 0;
        for (int a = 0; a < nargs; a++)
            if (in[a] != UNKNOWNOID && in[a] != cands[alive[i]][a] &&
                parse_preferred(cands[alive[i]][a]) &&
                parse_category(cands[alive[i]][a]) == parse_category(in[a]))
                pref++;
        if (pref > best) {
            best = pref;
            m = 0;
        }
        if (pref == best)
            alive[m++] = alive[i];
    }
    n = m;
    if (n == 1)
        return alive[0];

    /* Unknown arguments: prefer string category, then preferred types. */
    for (int a = 0; a < nargs; a++) {
        if (in[a] != UNKNOWNOID)
            continue;
        bool any_string = false;
        for (int i = 0; i < n; i++)
            if (parse_category(cands[alive[i]][a]) == 'S')
                any_string = true;
        m = 0;
        for (int i = 0; i < n; i++)
            if (!any_string || parse_category(cands[alive[i]][a]) == 'S')
                alive[m++] = alive[i];
        n = m;
        bool any_pref = false;
        for (int i = 0; i < n; i++)
            if (parse_preferred(cands[alive[i]][a]))
                any_pref = true;
        if (any_pref) {
            m = 0;
            for (int i = 0; i < n; i++)
                if (parse_preferred(cands[alive[i]][a]))
                    alive[m++] = alive[i];
            n = m;
        }
    }
    if (n == 1)
        return alive[0];
    /* Polymorphic candidates lose to concrete ones. */
    m = 0;
    for (int i = 0; i < n; i++) {
        bool poly = false;
        for (int a = 0; a < nargs; a++)
            poly |= parse_is_polymorphic(cands[alive[i]][a]);
        if (!poly)
            alive[m++] = alive[i];
    }
    if (m == 1)
        return alive[0];
    /*
     * Last gasp (PostgreSQL's): when every known input has the same type, take the unknown
     * ones to be of it too and see whether exactly one candidate accepts that.
     */
    Oid known = 0;
    bool same = true;
    for (int a = 0; a < nargs; a++) {
        if (in[a] == UNKNOWNOID)
            continue;
        same &= known == 0 || known == in[a];
        known = in[a];
    }
    if (known != 0 && same) {
        Oid as[FUNC_MAX_ARGS];
        for (int a = 0; a < nargs; a++)
            as[a] = in[a] == UNKNOWNOID ? known : in[a];
        int found = -1;
        int count = 0;
        for (int i = 0; i < n; i++) {
            bool ok = true;
            for (int a = 0; a < nargs && ok; a++)
                ok = parse_arg_acceptable(as[a], cands[alive[i]][a]);
            if (ok && parse_poly_consistent(cands[alive[i]], nargs, as)) {
                found = alive[i];
                count++;
            }
        }
        if (count == 1)
            return found;
    }
    return -2;
}

static Expr *
parse_make_call(
    ParseState *ps, const ProcDesc *proc, Oid opno, const Oid *argtypes, Expr **args, int nargs)
{
    Expr *e = mcx_alloc0(sizeof *e);
    e->kind = EXPR_FUNC;
    e->type = proc->rettype;
    e->typmod = -1;
    e->location = -1;
    e->u.func.proc = proc;
    e->u.func.opno = opno;
    e->u.func.nargs = nargs;
    e->u.func.args = mcx_alloc(sizeof(Expr *) * (size_t)(nargs ? nargs : 1));
    /* Array polymorphism: resolve to concrete types first (invariant 10). */
    Oid in[FUNC_MAX_ARGS];
    Oid actual[FUNC_MAX_ARGS];
    Oid ret = e->type;
    bool poly = false;
    for (int a = 0; a < nargs; a++) {
        in[a] = args[a]->type;
        poly |= argtypes[a] != ANYOID && parse_is_polymorphic(argtypes[a]);
    }
    if (poly) {
        if (!parse_poly_resolve(nargs, argtypes, in, proc->rettype, true, actual, &ret))
            elog_internal("polymorphic arguments of %s do not resolve", proc->name);
        e->type = ret;
    }
    for (int a = 0; a < nargs; a++) {
        Oid want = poly && parse_is_polymorphic(argtypes[a]) && argtypes[a] != ANYOID ? actual[a]
                                                                                      : argtypes[a];
        Expr *arg = args[a];
        if (want == ANYOID) {
            if (arg->type == UNKNOWNOID)
                arg = parse_coerce(ps, arg, TEXTOID, -1, ADT_CAST_IMPLICIT, arg->location);
        } else {
            arg = parse_coerce(ps, arg, want, -1, ADT_CAST_IMPLICIT, arg->location);
        }
        e->u.func.args[a] = arg;
    }
    if (e->type == ANYOID && nargs > 0)
        e->type = e->u.func.args[0]->type;
    return e;
}

static char *
parse_arg_list(const Oid *types, int n)
{
    StrBuf sb;
    sb_init(&sb);
    for (int i = 0; i < n; i++) {
        if (i)
            sb_append(&sb, ", ");
        sb_append(&sb, parse_type_display(types[i]));
    }
    return sb.data;
}

Expr *
parse_make_op(ParseState *ps, const char *name, Expr *left, Expr *right, int location)
{
    Oid in[2];
    int nargs = left ? 2 : 1;
    if (left) {
        in[0] = left->type;
        in[1] = right->type;
    } else {
        in[0] = right->type;
    }

    const OperDesc *op = NULL;
    if (left) {
        op = adt_oper_find(name, in[0], in[1]);
        if (op == NULL && in[0] == UNKNOWNOID && in[1] != UNKNOWNOID)
            op = adt_oper_find(name, in[1], in[1]);
        if (op == NULL && in[1] == UNKNOWNOID && in[0] != UNKNOWNOID)
            op = adt_oper_find(name, in[0], in[0]);
    } else {
        op = adt_oper_find(name, 0, in[0]);
    }
    if (op == NULL) {
        int ncand = 0;
        for (const OperDesc *o = adt_oper_next_by_name(name, NULL); o;
             o = adt_oper_next_by_name(name, o))
            ncand++;
        Oid(*cands)[FUNC_MAX_ARGS] = mcx_alloc0(sizeof(Oid) * FUNC_MAX_ARGS * (size_t)(ncand + 1));
        const OperDesc **ops = mcx_alloc(sizeof(OperDesc *) * (size_t)(ncand + 1));
        int k = 0;
        for (const OperDesc *o = adt_oper_next_by_name(name, NULL); o;
             o = adt_oper_next_by_name(name, o)) {
            if ((o->left == 0) != (left == NULL))
                continue;
            ops[k] = o;
            if (left) {
                cands[k][0] = o->left;
                cands[k][1] = o->right;
            } else {
                cands[k][0] = o->right;
            }
            k++;
        }
        int pick = parse_choose(k, (const Oid(*)[FUNC_MAX_ARGS])cands, nargs, in);
        if (pick == -2)
            ereport(ERROR,
                    err_code(SQLSTATE_AMBIGUOUS_FUNCTION),
                    left
                        ? err_msg("operator is not unique: %s %s %s",
                                  parse_type_display(in[0]),
                                  name,
                                  parse_type_display(in[1]))
                        : err_msg("operator is not unique: %s %s", name, parse_type_display(in[0])),
                    err_hint("Could not choose a best candidate operator. You might need to add "
                             "explicit type casts."),
                    parse_errposition(location));
        if (pick < 0)
            ereport(ERROR,
                    err_code(SQLSTATE_UNDEFINED_FUNCTION),
                    left ? err_msg("operator does not exist: %s %s %s",
                                   parse_type_display(in[0]),
                                   name,
                                   parse_type_display(in[1]))
                         : err_msg("operator does not exist: %s %s",
                                   name,
                                   parse_type_display(in[0])),
                    err_hint("No operator matches the given name and argument types. You might "
                             "need to add explicit type casts."),
                    parse_errposition(location));
        op = ops[pick];
    }
    const ProcDesc *proc = adt_proc(op->proc);
    if (proc == NULL || proc->fn == NULL)
        ereport(ERROR,
                err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                err_msg("operator %s is not implemented yet", name),
                parse_errposition(location));
    Expr *args[2];
    Oid types[2];
    if (left) {
        args[0] = left;
        args[1] = right;
        types[0] = op->left;
        types[1] = op->right;
    } else {
        args[0] = right;
        types[0] = op->right;
    }
    Expr *e = parse_make_call(ps, proc, op->oid, types, args, nargs);
    if (!parse_is_polymorphic(op->result))
        e->type = op->result;
    e->location = location;
    return e;
}

/*
 * The VARIADIC "any" function of this name when called with arguments (json_build_object and
 * friends): PostgreSQL passes each argument with its own type, as here. NULL otherwise.
 */
static const ProcDesc *
parse_variadic_any(const char *name, int nargs)
{
    static const char *const names[] = {"json_build_object",
                                        "json_build_array",
                                        "jsonb_build_object",
                                        "jsonb_build_array"};
    if (nargs == 0)
        return NULL;
    for (size_t i = 0; i < OAK_LENGTHOF(names); i++) {
        if (strcmp(names[i], name) != 0)
            continue;
        for (const ProcDesc *p = adt_proc_next_by_name(name, NULL); p;
             p = adt_proc_next_by_name(name, p))
            if (p->nargs == 1 && p->argtypes[0] == ANYOID)
                return p;
    }
    return NULL;
}

/*
 * Functions called without their last argument, which PostgreSQL declares with a default
 * (pg_proc.proargdefaults; the built-in tables carry none): the call gets the default.
 */
static Expr **
parse_default_args(const char *name, Expr **args, int *nargs)
{
    static const struct {
        const char *name;
        int nargs; /* the count without the defaulted argument */
        bool value;
    } defaults[] = {{"jsonb_set", 3, true}, {"jsonb_insert", 3, false}};
    for (size_t i = 0; i < OAK_LENGTHOF(defaults); i++) {
        if (strcmp(defaults[i].name, name) != 0 || defaults[i].nargs != *nargs)
            continue;
        Expr **grown = mcx_alloc(sizeof(Expr *) * (size_t)(*nargs + 1));
        memcpy(grown, args, sizeof(Expr *) * (size_t)*nargs);
        grown[*nargs] = expr_make_const(BOOLOID, -1, bool_datum(defaults[i].value), false, -1);
        (*nargs)++;
        return grown;
    }
    return args;
}

/*
 * The VARIADIC text[] path functions (json(b)_extract_path(_text)) called with the path as
 * separate arguments: those arguments become one text[] ARRAY, as PostgreSQL passes them.
 * NULL when name is not one of them or there is no path argument.
 */
static Expr *
parse_variadic_path(ParseState *ps, const char *name, Expr **args, int nargs, int location)
{
    static const char *const names[] = {"json_extract_path",
                                        "json_extract_path_text",
                                        "jsonb_extract_path",
                                        "jsonb_extract_path_text"};
    bool known = false;
    for (size_t i = 0; i < OAK_LENGTHOF(names); i++)
        known |= strcmp(names[i], name) == 0;
    if (!known || nargs < 2 || args[1]->type == TEXTARRAYOID)
        return NULL;
    const ProcDesc *proc = NULL;
    Oid want = strncmp(name, "jsonb", 5) == 0 ? JSONBOID : JSONOID;
    for (const ProcDesc *p = adt_proc_next_by_name(name, NULL); p && !proc;
         p = adt_proc_next_by_name(name, p))
        if (p->nargs == 2 && p->argtypes[0] == want && p->argtypes[1] == TEXTARRAYOID)
            proc = p;
    if (proc == NULL)
        return NULL;
    Expr **elems = mcx_alloc(sizeof(Expr *) * (size_t)nargs);
    for (int i = 1; i < nargs; i++) {
        elems[i - 1] = parse_coerce(ps, args[i], TEXTOID, -1, ADT_CAST_IMPLICIT, args[i]->location);
        if (elems[i - 1] == NULL)
            return NULL;
    }
    Expr *arr = mcx_alloc0(sizeof *arr);
    arr->kind = EXPR_ARRAY;
    arr->type = TEXTARRAYOID;
    arr->typmod = -1;
    arr->location = args[1]->location;
    arr->u.array.args = elems;
    arr->u.array.nargs = nargs - 1;
    arr->u.array.elemtype = TEXTOID;
    arr->u.array.multidims = false;
    Expr *two[2] = {args[0], arr};
    Expr *e = parse_make_call(ps, proc, 0, proc->argtypes, two, 2);
    e->location = location;
    return e;
}

Expr *
parse_make_func(ParseState *ps, const char *name, Expr **args, int nargs, int location)
{
    Expr *path_call = parse_variadic_path(ps, name, args, nargs, location);
    if (path_call != NULL)
        return path_call;
    args = parse_default_args(name, args, &nargs);
    if (nargs > FUNC_MAX_ARGS)
        ereport(ERROR,
                err_code(SQLSTATE_TOO_MANY_ARGUMENTS),
                err_msg("cannot pass more than %d arguments to a function", FUNC_MAX_ARGS),
                parse_errposition(location));
    const ProcDesc *variadic = parse_variadic_any(name, nargs);
    if (variadic != NULL) {
        Oid any[FUNC_MAX_ARGS];
        for (int i = 0; i < nargs; i++)
            any[i] = ANYOID;
        Expr *e = parse_make_call(ps, variadic, 0, any, args, nargs);
        e->location = location;
        return e;
    }
    return parse_make_func_among(ps, adt_proc_next_by_name, name, name, args, nargs, location);
}

/*
 * The call of the function named name that the arguments select among those next_by_name
 * lists (display: the name in error messages, schema-qualified where it was).
 */
Expr *
parse_make_func_among(ParseState *ps,
                      ParseProcIter next_by_name,
                      const char *name,
                      const char *display,
                      Expr **args,
                      int nargs,
                      int location)
{
    Oid in[FUNC_MAX_ARGS];
    if (nargs > FUNC_MAX_ARGS)
        ereport(ERROR,
                err_code(SQLSTATE_TOO_MANY_ARGUMENTS),
                err_msg("cannot pass more than %d arguments to a function", FUNC_MAX_ARGS),
                parse_errposition(location));
    for (int i = 0; i < nargs; i++)
        in[i] = args[i]->type;
    int ncand = 0;
    for (const ProcDesc *p = next_by_name(name, NULL); p; p = next_by_name(name, p))
        ncand++;
    Oid(*cands)[FUNC_MAX_ARGS] = mcx_alloc0(sizeof(Oid) * FUNC_MAX_ARGS * (size_t)(ncand + 1));
    const ProcDesc **procs = mcx_alloc(sizeof(ProcDesc *) * (size_t)(ncand + 1));
    int k = 0;
    for (const ProcDesc *p = next_by_name(name, NULL); p; p = next_by_name(name, p)) {
        if (p->nargs != nargs || p->fn == NULL)
            continue;
        procs[k] = p;
        memcpy(cands[k], p->argtypes, sizeof(Oid) * FUNC_MAX_ARGS);
        k++;
    }
    int pick = -1;
    for (int c = 0; c < k && pick < 0; c++) {
        bool exact = true;
        for (int a = 0; a < nargs; a++)
            exact &= cands[c][a] == in[a];
        if (exact)
            pick = c;
    }
    if (pick < 0)
        pick = parse_choose(k, (const Oid(*)[FUNC_MAX_ARGS])cands, nargs, in);
    if (pick == -2)
        ereport(ERROR,
                err_code(SQLSTATE_AMBIGUOUS_FUNCTION),
                err_msg("function %s(%s) is not unique", display, parse_arg_list(in, nargs)),
                err_hint("Could not choose a best candidate function. You might need to add "
                         "explicit type casts."),
                parse_errposition(location));
    if (pick < 0)
        ereport(ERROR,
                err_code(SQLSTATE_UNDEFINED_FUNCTION),
                err_msg("function %s(%s) does not exist", display, parse_arg_list(in, nargs)),
                err_hint("No function matches the given name and argument types. You might "
                         "need to add explicit type casts."),
                parse_errposition(location));
    Expr *e = parse_make_call(ps, procs[pick], 0, cands[pick], args, nargs);
    e->location = location;
    return e;
}

static Expr *
parse_const_from_literal(
    ParseState *ps, Expr *e, Oid target, int32_t typmod, bool explicit_cast, int location)
{
    const TypeDesc *t = adt_type(target);
    Expr *c = expr_make_const(target, typmod, 0, e->u.c.isnull, e->location);
    (void)ps;
    if (e->u.c.isnull)
        return c;
    const char *str = text_to_cstr(datum_ptr(e->u.c.value));
    err_try();
    {
        /* interval reads a bare number in the unit its typmod's fields name */
        c->u.c.value = t->in(str, target == INTERVALOID ? typmod : -1);
    }
    err_catch();
    {
        err_set_position(location >= 0 ? location + 1 : 0);
        err_rethrow();
    }
    err_end_try();
    /* Length and precision checks are the column's, not the literal's: no position. */
    if (typmod >= 0 && t->apply_typmod)
        c->u.c.value = t->apply_typmod(c->u.c.value, typmod, explicit_cast);
    else if (typmod >= 0) /* timestamp(p), time(p), interval fields: their length functions */
        c->u.c.value = adt_cast(c->u.c.value, target, target, typmod, explicit_cast);
    return c;
}

Expr *
parse_coerce(ParseState *ps, Expr *e, Oid target, int32_t typmod, char context, int location)
{
    Oid source = e->type;
    bool explicit_cast = context == ADT_CAST_EXPLICIT;

    if (source == target && (typmod < 0 || typmod == e->typmod))
        return e;
    const TypeDesc *t = adt_type(target);
    if (t == NULL || parse_is_polymorphic(target))
        return source == target ? e : NULL;
    if (source == UNKNOWNOID && e->kind == EXPR_CONST)
        return parse_const_from_literal(ps, e, target, typmod, explicit_cast, location);
    if (source == UNKNOWNOID && e->kind == EXPR_PARAM && parse_param_types != NULL) {
        /* An untyped parameter takes the type its context wants (PostgreSQL's rule). */
        parse_param_types->types[e->u.param.paramid - 1] = target;
        Expr *p = mcx_alloc(sizeof *p);
        *p = *e;
        p->type = target;
        return typmod >= 0 ? parse_coerce(ps, p, target, typmod, context, location) : p;
    }
    if (source != target && !adt_can_cast(source, target, context))
        return NULL;
    const CastDesc *cd = source == target ? NULL : adt_cast_find(source, target);
    Expr *r = mcx_alloc0(sizeof *r);
    r->type = target;
    r->typmod = typmod;
    r->location = location;
    r->u.coerce.arg = e;
    r->u.coerce.source = source;
    r->u.coerce.explicit_cast = explicit_cast;
    bool needs_typmod = typmod >= 0 && t->apply_typmod != NULL;
    r->kind = (source != target && cd && cd->func == 0 && cd->method != 'i' && !needs_typmod)
                  ? EXPR_RELABEL
                  : EXPR_CAST;
    return r;
}

Expr *
parse_coerce_to_column(ParseState *ps, Expr *e, const AttDesc *att, int location)
{
    Expr *r = parse_coerce(ps, e, att->type, att->typmod, ADT_CAST_ASSIGNMENT, location);
    if (r == NULL)
        ereport(ERROR,
                err_code(SQLSTATE_DATATYPE_MISMATCH),
                err_msg("column \"%s\" is of type %s but expression is of type %s",
                        att->name,
                        parse_type_display(att->type),
                        parse_type_display(e->type)),
                err_hint("You will need to rewrite or cast the expression."),
                parse_errposition(location));
    return r;
}

Expr *
parse_coerce_bool(ParseState *ps, Expr *e, const char *clause)
{
    Expr *r = parse_coerce(ps, e, BOOLOID, -1, ADT_CAST_ASSIGNMENT, e->location);
    if (r == NULL)
        ereport(ERROR,
                err_code(SQLSTATE_DATATYPE_MISMATCH),
                err_msg("argument of %s must be type boolean, not type %s",
                        clause,
                        parse_type_display(e->type)),
                parse_errposition(e->location));
    return r;
}

Oid
parse_common_type(ParseState *ps, Expr **exprs, int n, const char *context)
{
    Oid ptype = UNKNOWNOID;
    int pidx = 0;
    (void)ps;
    for (int i = 0; i < n; i++) {
        Oid t = exprs[i]->type;
        if (t == UNKNOWNOID)
            continue;
        if (ptype == UNKNOWNOID) {
            ptype = t;
            pidx = i;
            continue;
        }
        if (t == ptype)
            continue;
        if (parse_category(t) != parse_category(ptype))
            ereport(ERROR,
                    err_code(SQLSTATE_DATATYPE_MISMATCH),
                    err_msg("%s types %s and %s cannot be matched",
                            context,
                            parse_type_display(ptype),
                            parse_type_display(t)),
                    parse_errposition(exprs[i]->location));
        if (!adt_can_cast(t, ptype, ADT_CAST_IMPLICIT) &&
            (adt_can_cast(ptype, t, ADT_CAST_IMPLICIT) || parse_preferred(t))) {
            ptype = t;
            pidx = i;
        }
    }
    (void)pidx;
    if (ptype == UNKNOWNOID)
        ptype = TEXTOID;
    return ptype;
}
