/*
 * engine_extended.c
 *     The extended query protocol's engine side: prepared statements (Parse), portals
 *     (Bind), Describe, Execute with a row limit, Close, and Sync ending the implicit
 *     transaction; PREPARE / EXECUTE / DEALLOCATE share the prepared statements.
 *
 * Invariants (README "Extended query protocol"):
 *   1. A prepared statement owns a memory context holding its text, its unpacked parse
 *      tree (protobuf-c allocates into that context) and its parameter types; it lives
 *      until Close / DEALLOCATE / the next Parse of the same unnamed name.
 *   2. Parameter types not given by the client are inferred when the statement is parsed
 *      (analysis with ParamTypes.infer); a parameter never given a type is 42P18. Every
 *      later analysis (Bind, Describe, Execute) uses the fixed types.
 *   3. A portal owns a context with its parameter values, result formats, analyzed Query
 *      and, once a SELECT has started, its executor state and snapshot copy. Portals end
 *      with their transaction (commit, abort, an error: engine_portals_drop_all), as
 *      PostgreSQL's non-holdable portals do.
 *   4. After an error the protocol layer discards messages until Sync (tcop_main.c);
 *      Sync commits an implicit transaction and answers ReadyForQuery.
 */
#include "oak/oak.h"

#include <stdio.h>

#include "engine_internal.h"
#include "xact_internal.h"
#include "oak/commands/settings.h"
#include "oak/executor/executor.h"
#include "oak/parser/analyze.h"
#include "oak/tcop/dest.h"
#include "oak/tcop/engine.h"
#include "oak/tcop/tcop.h"
#include "oak/utils/adt.h"
#include "oak/utils/bestatus.h"

typedef PgQuery__Node Node;

typedef struct PreparedStmt {
    struct PreparedStmt *next;
    char *name; /* "" for the unnamed statement */
    MemCtx *cx;
    char *query;
    Node *stmt; /* NULL: an empty query */
    ParamTypes params;
    int nportals; /* portals using it: Close of the statement waits for them */
    bool closed;
} PreparedStmt;

typedef enum PortalState { PORTAL_NEW, PORTAL_RUNNING, PORTAL_DONE } PortalState;

typedef struct Portal {
    struct Portal *next;
    char *name;
    MemCtx *cx;
    PreparedStmt *ps;
    ParamValues params;
    int nformats;
    int16_t *formats;
    Query *q; /* analyzed at Bind (NULL for utility statements and empty queries) */
    PortalState state;
    ExecSelect *es;
    Snapshot *snap;
    uint64_t count;
} Portal;

static PreparedStmt *prepared;
static Portal *portals;

static char *
ext_strdup(MemCtx *cx, const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = mcx_alloc_in(cx, n);
    memcpy(d, s, n);
    return d;
}

static void *
ext_pb_alloc(void *data, size_t size)
{
    return mcx_alloc_in((MemCtx *)data, size);
}

static void
ext_pb_free(void *data, void *ptr)
{
    (void)data;
    (void)ptr;
}

static PreparedStmt *
ext_find_stmt(const char *name)
{
    for (PreparedStmt *p = prepared; p; p = p->next)
        if (strcmp(p->name, name) == 0)
            return p;
    return NULL;
}

static Portal *
ext_find_portal(const char *name)
{
    for (Portal *p = portals; p; p = p->next)
        if (strcmp(p->name, name) == 0)
            return p;
    return NULL;
}

static void
ext_stmt_release(PreparedStmt *ps)
{
    if (ps->closed && ps->nportals == 0)
        mcx_delete(ps->cx);
}

static void
ext_drop_stmt(PreparedStmt *ps)
{
    for (PreparedStmt **pp = &prepared; *pp; pp = &(*pp)->next)
        if (*pp == ps) {
            *pp = ps->next;
            break;
        }
    ps->closed = true;
    ext_stmt_release(ps);
}

static void
ext_drop_portal(Portal *p)
{
    for (Portal **pp = &portals; *pp; pp = &(*pp)->next)
        if (*pp == p) {
            *pp = p->next;
            break;
        }
    if (p->es != NULL)
        exec_select_end(p->es);
    p->ps->nportals--;
    ext_stmt_release(p->ps);
    mcx_delete(p->cx);
}

void
engine_portals_drop_all(void)
{
    while (portals != NULL)
        ext_drop_portal(portals);
}

/* Whether a statement is analyzed (and can have parameters and a result). */
static bool
ext_is_query(const Node *stmt)
{
    return stmt != NULL && (stmt->node_case == PG_QUERY__NODE__NODE_SELECT_STMT ||
                            stmt->node_case == PG_QUERY__NODE__NODE_INSERT_STMT ||
                            stmt->node_case == PG_QUERY__NODE__NODE_UPDATE_STMT ||
                            stmt->node_case == PG_QUERY__NODE__NODE_DELETE_STMT);
}

/* INSERT / UPDATE / DELETE ... RETURNING: its portal describes the rows it returns. */
static bool
ext_has_returning(const Node *stmt)
{
    switch (stmt->node_case) {
    case PG_QUERY__NODE__NODE_INSERT_STMT:
        return stmt->insert_stmt->n_returning_list > 0;
    case PG_QUERY__NODE__NODE_UPDATE_STMT:
        return stmt->update_stmt->n_returning_list > 0;
    case PG_QUERY__NODE__NODE_DELETE_STMT:
        return stmt->delete_stmt->n_returning_list > 0;
    default:
        return false;
    }
}

/* The statement analysis sees for parameter types: the query, or a cursor's query. */
static Node *
ext_typed_part(Node *stmt)
{
    if (stmt != NULL && stmt->node_case == PG_QUERY__NODE__NODE_DECLARE_CURSOR_STMT)
        return stmt->declare_cursor_stmt->query;
    return ext_is_query(stmt) ? stmt : NULL;
}

/* Analyze a prepared statement's query with its parameter types (in the current context). */
static Query *ext_analyze_node(PreparedStmt *ps, Node *node, ParamTypes *types);

static Query *
ext_analyze(PreparedStmt *ps, ParamTypes *types)
{
    return ext_analyze_node(ps, ps->stmt, types);
}

static Query *
ext_analyze_node(PreparedStmt *ps, Node *node, ParamTypes *types)
{
    ParamTypes *saved = parse_param_types;
    parse_param_types = types;
    Query *q = NULL;
    err_try();
    {
        xb_set_catalog_snapshot();
        q = analyze_statement(node, ps->query);
    }
    err_catch();
    {
        parse_param_types = saved;
        err_rethrow();
    }
    err_end_try();
    parse_param_types = saved;
    return q;
}

/* Run fn inside the engine's error boundary: on ERROR, undo and report, return false. */
static bool
ext_guard(void (*fn)(void *), void *arg)
{
    volatile bool ok = true;
    mcx_reset(stmt_cx);
    MemCtx *old = mcx_switch(stmt_cx);
    err_try();
    {
        fn(arg);
    }
    err_catch();
    {
        tcop_arm_statement_timeout(0);
        mcx_switch(stmt_cx);
        exec_param_values = NULL;
        dest_reset_portal();
        xb_after_error();
        err_emit_current();
        err_clear();
        ok = false;
    }
    err_end_try();
    exec_param_values = NULL;
    dest_reset_portal();
    mcx_switch(old);
    mcx_reset(stmt_cx);
    return ok;
}

/* --- Parse ----------------------------------------------------------------------------- */

typedef struct ParseArgs {
    const char *name;
    const char *query;
    int ntypes;
    const Oid *types;
} ParseArgs;

/*
 * Make a prepared statement: parse the query, infer its parameter types (42P18 when one
 * stays unknown) and keep it for the session. begin: start the (implicit) transaction
 * first, as a protocol Parse does; SQL PREPARE runs inside its statement's already.
 */
static PreparedStmt *
ext_prepare(const char *name,
            const char *query,
            int ntypes,
            const Oid *types,
            bool begin,
            const char *sql_prepare)
{
    if (name[0] != '\0' && ext_find_stmt(name) != NULL)
        ereport(ERROR,
                err_code(SQLSTATE_DUPLICATE_PSTATEMENT),
                err_msg("prepared statement \"%s\" already exists", name));
    for (int i = 0; i < ntypes; i++)
        if (types[i] != 0 && adt_type(types[i]) == NULL)
            ereport(ERROR,
                    err_code(SQLSTATE_UNDEFINED_OBJECT),
                    err_msg("type with OID %u does not exist", types[i]));

    MemCtx *cx = mcx_create(mcx_top, "PreparedStatement");
    PreparedStmt *ps = mcx_alloc0_in(cx, sizeof *ps);
    ps->cx = cx;
    ps->name = ext_strdup(cx, name);
    ps->query = ext_strdup(cx, query);
    ps->params.n = ntypes;
    ps->params.types = mcx_alloc0_in(cx, sizeof(Oid) * (size_t)(ntypes + 1));
    if (ntypes > 0)
        memcpy(ps->params.types, types, sizeof(Oid) * (size_t)ntypes);
    ps->params.infer = true;

    volatile PgQueryProtobufParseResult pr = {0};
    err_try();
    {
        pr = pg_query_parse_protobuf(ps->query);
        if (pr.error)
            engine_syntax_error(pr.error);
        ProtobufCAllocator alloc = {ext_pb_alloc, ext_pb_free, cx};
        PgQuery__ParseResult *tree =
            pg_query__parse_result__unpack(&alloc,
                                           pr.parse_tree.len,
                                           (const uint8_t *)pr.parse_tree.data);
        if (tree == NULL)
            elog_internal("could not unpack the parse tree");
        if (sql_prepare != NULL) {
            /*
             * SQL PREPARE: query is the whole message; keep the inner statement of the
             * PREPARE of this name, so error positions point into the text as sent.
             */
            ps->stmt = NULL;
            for (size_t i = 0; i < tree->n_stmts && ps->stmt == NULL; i++) {
                Node *st = tree->stmts[i]->stmt;
                if (st->node_case == PG_QUERY__NODE__NODE_PREPARE_STMT &&
                    strcmp(st->prepare_stmt->name, sql_prepare) == 0)
                    ps->stmt = st->prepare_stmt->query;
            }
            if (ps->stmt == NULL)
                elog_internal("PREPARE %s not found in its own message", sql_prepare);
        } else {
            if (tree->n_stmts > 1)
                ereport(ERROR,
                        err_code(SQLSTATE_SYNTAX_ERROR),
                        err_msg("cannot insert multiple commands into a prepared statement"));
            ps->stmt = tree->n_stmts == 1 ? tree->stmts[0]->stmt : NULL;
        }
        Node *typed = ext_typed_part(ps->stmt);
        if (typed != NULL) {
            /* Inference needs the catalog: inside the (implicit) transaction, as in PG. */
            if (begin)
                engine_statement_begin(ps->stmt);
            ParamTypes ptypes = ps->params;
            (void)ext_analyze_node(ps, typed, &ptypes);
            Oid *fixed = mcx_alloc0_in(cx, sizeof(Oid) * (size_t)(ptypes.n + 1));
            for (int i = 0; i < ptypes.n; i++) {
                if (ptypes.types[i] == 0 || ptypes.types[i] == UNKNOWNOID)
                    ereport(ERROR,
                            err_code(SQLSTATE_INDETERMINATE_DATATYPE),
                            err_msg("could not determine data type of parameter $%d", i + 1));
                fixed[i] = ptypes.types[i];
            }
            ps->params.n = ptypes.n;
            ps->params.types = fixed;
            if (begin)
                cat_current_snapshot = NULL;
        }
    }
    err_catch();
    {
        pg_query_free_protobuf_parse_result(pr);
        mcx_delete(cx);
        err_rethrow();
    }
    err_end_try();
    pg_query_free_protobuf_parse_result(pr);
    ps->params.infer = false;

    PreparedStmt *old = name[0] == '\0' ? ext_find_stmt("") : NULL;
    if (old != NULL)
        ext_drop_stmt(old);
    ps->next = prepared;
    prepared = ps;
    return ps;
}

static void
ext_parse(void *arg)
{
    ParseArgs *a = arg;
    (void)ext_prepare(a->name, a->query, a->ntypes, a->types, true, NULL);
}

bool
engine_parse(const char *name, const char *query, int ntypes, const Oid *types)
{
    ParseArgs a = {name, query, ntypes, types};
    if (!ext_guard(ext_parse, &a))
        return false;
    return true;
}

/* --- Bind ------------------------------------------------------------------------------ */

typedef struct BindArgs {
    const char *portal;
    const char *stmt;
    int nfmt;
    const int16_t *fmts;
    int nparams;
    const int32_t *lens;
    const uint8_t *const *vals;
    int nres;
    const int16_t *res_fmts;
} BindArgs;

static Datum
ext_param_value(Oid type, int16_t format, const uint8_t *p, int32_t len, int i)
{
    const TypeDesc *t = adt_type(type);
    if (format == 1) {
        if (!adt_binary_supported(type))
            ereport(ERROR,
                    err_code(SQLSTATE_UNDEFINED_FUNCTION),
                    err_msg("no binary input function available for type %s",
                            adt_format_type(type, -1)));
        return adt_recv(type, p, (uint32_t)len, -1);
    }
    char *s = mcx_alloc((size_t)len + 1);
    memcpy(s, p, (size_t)len);
    s[len] = '\0';
    if (strlen(s) != (size_t)len)
        ereport(ERROR,
                err_code(SQLSTATE_CHARACTER_NOT_IN_REPERTOIRE),
                err_msg("invalid byte sequence for encoding \"UTF8\": 0x00"));
    (void)i;
    return t->in(s, -1);
}

static void
ext_bind(void *arg)
{
    BindArgs *a = arg;
    PreparedStmt *ps = ext_find_stmt(a->stmt);
    if (ps == NULL)
        ereport(ERROR,
                err_code(SQLSTATE_INVALID_SQL_STATEMENT_NAME),
                err_msg(a->stmt[0] ? "prepared statement \"%s\" does not exist"
                                   : "unnamed prepared statement does not exist",
                        a->stmt));
    if (a->nparams != ps->params.n)
        ereport(ERROR,
                err_code(SQLSTATE_PROTOCOL_VIOLATION),
                err_msg("bind message supplies %d parameters, but prepared statement \"%s\" "
                        "requires %d",
                        a->nparams,
                        ps->name,
                        ps->params.n));
    if (a->nfmt > 1 && a->nfmt != a->nparams)
        ereport(ERROR,
                err_code(SQLSTATE_PROTOCOL_VIOLATION),
                err_msg("bind message has %d parameter formats but %d parameters",
                        a->nfmt,
                        a->nparams));
    for (int i = 0; i < a->nfmt; i++)
        if (a->fmts[i] != 0 && a->fmts[i] != 1)
            ereport(ERROR,
                    err_code(SQLSTATE_INVALID_PARAMETER_VALUE),
                    err_msg("unsupported format code: %d", a->fmts[i]));
    Portal *existing = ext_find_portal(a->portal);
    if (existing != NULL) {
        if (a->portal[0] != '\0')
            ereport(ERROR,
                    err_code(SQLSTATE_DUPLICATE_CURSOR),
                    err_msg("portal \"%s\" already exists", a->portal));
        ext_drop_portal(existing);
    }
    if (ps->stmt != NULL)
        engine_statement_begin(ps->stmt);

    MemCtx *cx = mcx_create(mcx_top, "Portal");
    Portal *p = mcx_alloc0_in(cx, sizeof *p);
    p->cx = cx;
    p->name = ext_strdup(cx, a->portal);
    p->ps = ps;
    ps->nportals++;
    p->next = portals;
    portals = p;

    MemCtx *old = mcx_switch(cx);
    p->params.n = a->nparams;
    p->params.values = mcx_alloc0(sizeof(Datum) * (size_t)(a->nparams + 1));
    p->params.nulls = mcx_alloc0(sizeof(bool) * (size_t)(a->nparams + 1));
    p->params.types = ps->params.types;
    for (int i = 0; i < a->nparams; i++) {
        if (a->lens[i] < 0) {
            p->params.nulls[i] = true;
            continue;
        }
        int16_t f = a->nfmt == 0 ? 0 : a->nfmt == 1 ? a->fmts[0] : a->fmts[i];
        p->params.values[i] = ext_param_value(ps->params.types[i], f, a->vals[i], a->lens[i], i);
    }
    p->nformats = a->nres;
    p->formats = mcx_alloc(sizeof(int16_t) * (size_t)(a->nres + 1));
    if (a->nres > 0)
        memcpy(p->formats, a->res_fmts, sizeof(int16_t) * (size_t)a->nres);
    /*
     * A SELECT is analyzed now (Describe and the row-limited Execute use the Query); other
     * statements only when Execute runs them, so a prepared INSERT/UPDATE is analyzed once
     * per execution, not twice.
     */
    if (ps->stmt != NULL &&
        (ps->stmt->node_case == PG_QUERY__NODE__NODE_SELECT_STMT || ext_has_returning(ps->stmt))) {
        ParamTypes fixed = ps->params;
        p->q = ext_analyze(ps, &fixed);
        cat_current_snapshot = NULL;
        if (p->q->cmd == CMD_SELECT || p->q->nreturning > 0) {
            ResultColumn *cols;
            int n = exec_result_columns(p->q, &cols);
            if (p->nformats > 1 && p->nformats != n)
                ereport(ERROR,
                        err_code(SQLSTATE_PROTOCOL_VIOLATION),
                        err_msg("bind message has %d result formats but query has %d columns",
                                p->nformats,
                                n));
            dest_set_portal(p->nformats, p->formats, false);
            for (int c = 0; c < n; c++)
                if (dest_column_format(c) == 1 && !adt_binary_supported(cols[c].type_oid))
                    ereport(ERROR,
                            err_code(SQLSTATE_UNDEFINED_FUNCTION),
                            err_msg("no binary output function available for type %s",
                                    adt_format_type(cols[c].type_oid, -1)));
            dest_reset_portal();
        }
    }
    mcx_switch(old);
}

bool
engine_bind(const char *portal,
            const char *stmt,
            int nfmt,
            const int16_t *fmts,
            int nparams,
            const int32_t *lens,
            const uint8_t *const *vals,
            int nres,
            const int16_t *res_fmts)
{
    BindArgs a = {portal, stmt, nfmt, fmts, nparams, lens, vals, nres, res_fmts};
    return ext_guard(ext_bind, &a);
}

/* --- Describe -------------------------------------------------------------------------- */

typedef struct DescribeArgs {
    char kind;
    const char *name;
} DescribeArgs;

/* RowDescription of a statement's result, or NoData. */
static void
ext_describe_result(Query *q, Node *stmt, int nformats, const int16_t *formats)
{
    if (q != NULL && (q->cmd == CMD_SELECT || q->nreturning > 0)) {
        ResultColumn *cols;
        int n = exec_result_columns(q, &cols);
        dest_set_portal(nformats, formats, false);
        dest_send_row_description(n, cols);
        dest_reset_portal();
        return;
    }
    if (stmt != NULL && (stmt->node_case == PG_QUERY__NODE__NODE_EXPLAIN_STMT ||
                         stmt->node_case == PG_QUERY__NODE__NODE_VARIABLE_SHOW_STMT)) {
        const char *name = "QUERY PLAN";
        if (stmt->node_case == PG_QUERY__NODE__NODE_VARIABLE_SHOW_STMT)
            name = stmt->variable_show_stmt->name;
        ResultColumn col = {.name = name, .type_oid = TEXTOID, .typlen = -1, .typmod = -1};
        dest_set_portal(nformats, formats, false);
        dest_send_row_description(1, &col);
        dest_reset_portal();
        return;
    }
    if (stmt != NULL && stmt->node_case == PG_QUERY__NODE__NODE_FETCH_STMT &&
        !stmt->fetch_stmt->ismove) {
        /* FETCH returns the cursor's rows (psycopg 3 describes its FETCH portals). */
        Portal *cursor = ext_find_portal(stmt->fetch_stmt->portalname);
        if (cursor != NULL && cursor->q != NULL && cursor->q->cmd == CMD_SELECT) {
            ext_describe_result(cursor->q, NULL, nformats, formats);
            return;
        }
    }
    dest_no_data();
}

static void
ext_describe(void *arg)
{
    DescribeArgs *a = arg;
    if (a->kind == 'S') {
        PreparedStmt *ps = ext_find_stmt(a->name);
        if (ps == NULL)
            ereport(ERROR,
                    err_code(SQLSTATE_INVALID_SQL_STATEMENT_NAME),
                    err_msg(a->name[0] ? "prepared statement \"%s\" does not exist"
                                       : "unnamed prepared statement does not exist",
                            a->name));
        Query *q = NULL;
        if (ext_is_query(ps->stmt)) {
            engine_statement_begin(ps->stmt);
            ParamTypes fixed = ps->params;
            q = ext_analyze(ps, &fixed);
            cat_current_snapshot = NULL;
        }
        dest_parameter_description(ps->params.n, ps->params.types);
        ext_describe_result(q, ps->stmt, 0, NULL);
        return;
    }
    if (a->kind != 'P')
        ereport(ERROR,
                err_code(SQLSTATE_PROTOCOL_VIOLATION),
                err_msg("invalid DESCRIBE message subtype %d", a->kind));
    Portal *p = ext_find_portal(a->name);
    if (p == NULL)
        ereport(ERROR,
                err_code(SQLSTATE_UNDEFINED_CURSOR),
                err_msg("portal \"%s\" does not exist", a->name));
    ext_describe_result(p->q, p->ps->stmt, p->nformats, p->formats);
}

bool
engine_describe(char kind, const char *name)
{
    DescribeArgs a = {kind, name};
    return ext_guard(ext_describe, &a);
}

/* --- Execute --------------------------------------------------------------------------- */

typedef struct ExecuteArgs {
    const char *portal;
    int64_t max_rows;
} ExecuteArgs;

/* A SELECT portal: start it on the first Execute, then send up to max_rows rows. */
static void
ext_execute_select(Portal *p, int64_t max_rows)
{
    if (p->state == PORTAL_NEW) {
        engine_statement_begin(p->ps->stmt);
        xb_set_catalog_snapshot();
        Query *q = p->q;
        if (q->from_kind == FROM_TABLE)
            engine_lock_rel(q->rel, q->row_lock ? ROW_SHARE_LOCK : ACCESS_SHARE_LOCK);
        Snapshot *s = xb_statement_snapshot(q->row_lock != 0);
        p->snap = mcx_alloc_in(p->cx, sizeof *p->snap);
        *p->snap = *s;
        xb.cid++; /* the portal's snapshot sees only what came before it */
        cat_current_snapshot = NULL;
        MemCtx *old = mcx_switch(p->cx);
        p->es = exec_select_start(q, p->snap);
        mcx_switch(old);
        p->state = PORTAL_RUNNING;
    }
    if (p->state == PORTAL_DONE) {
        char tag[64];
        snprintf(tag, sizeof tag, "SELECT %llu", (unsigned long long)0);
        dest_command_complete(tag);
        return;
    }
    MemCtx *old = mcx_switch(p->cx);
    p->count = 0; /* CommandComplete counts the rows of this Execute, as PostgreSQL's */
    bool finished = exec_select_fetch(p->es, max_rows > 0 ? (uint64_t)max_rows : 0, &p->count);
    mcx_switch(old);
    if (!finished) {
        dest_portal_suspended();
        return;
    }
    exec_select_end(p->es);
    p->es = NULL;
    p->state = PORTAL_DONE;
    char tag[64];
    snprintf(tag, sizeof tag, "SELECT %llu", (unsigned long long)p->count);
    dest_command_complete(tag);
}

static void
ext_execute(void *arg)
{
    ExecuteArgs *a = arg;
    Portal *p = ext_find_portal(a->portal);
    if (p == NULL)
        ereport(ERROR,
                err_code(SQLSTATE_UNDEFINED_CURSOR),
                err_msg("portal \"%s\" does not exist", a->portal));
    if (p->ps->stmt == NULL) {
        dest_empty_query();
        return;
    }
    /* Result format codes are checked when rows are to be sent, as PostgreSQL does. */
    for (int i = 0; i < p->nformats; i++)
        if (p->formats[i] != 0 && p->formats[i] != 1)
            ereport(ERROR,
                    err_code(SQLSTATE_INVALID_PARAMETER_VALUE),
                    err_msg("unsupported format code: %d", p->formats[i]));
    bestatus_report(BE_STATE_ACTIVE,
                    p->ps->query,
                    xb.state == XB_IDLE ? adt_timestamp_now() : adt_xact_start_timestamp,
                    xact_current_xid());
    exec_param_values = &p->params;
    ParamTypes fixed = p->ps->params;
    ParamTypes *saved = parse_param_types;
    parse_param_types = &fixed;
    dest_set_portal(p->nformats, p->formats, false);
    tcop_arm_statement_timeout(session_settings.statement_timeout_ms);
    if (p->q != NULL && p->q->cmd == CMD_SELECT && p->q->row_lock == 0) {
        ext_execute_select(p, a->max_rows);
    } else if (p->state == PORTAL_DONE) {
        ereport(ERROR,
                err_code(SQLSTATE_OBJECT_NOT_IN_PREREQUISITE_STATE),
                err_msg("portal \"%s\" cannot be run", p->name));
    } else {
        /* Everything else runs whole, as in a simple Query (its RowDescription withheld). */
        p->state = PORTAL_DONE;
        engine_statement(p->ps->stmt, p->ps->query, false);
    }
    tcop_arm_statement_timeout(0);
    parse_param_types = saved;
}

bool
engine_execute(const char *portal, int64_t max_rows)
{
    ExecuteArgs a = {portal, max_rows};
    return ext_guard(ext_execute, &a);
}

/* --- Close and Sync -------------------------------------------------------------------- */

void
engine_close(char kind, const char *name)
{
    if (kind == 'S') {
        PreparedStmt *ps = ext_find_stmt(name);
        if (ps != NULL)
            ext_drop_stmt(ps);
    } else {
        Portal *p = ext_find_portal(name);
        if (p != NULL)
            ext_drop_portal(p);
    }
}

static void
ext_sync(void *arg)
{
    (void)arg;
    if (xb.state == XB_IMPLICIT)
        xb_commit();
}

void
engine_sync(void)
{
    (void)ext_guard(ext_sync, NULL);
    bestatus_report(xb.state == XB_EXPLICIT ? BE_STATE_IDLE_IN_XACT
                    : xb.state == XB_FAILED ? BE_STATE_IDLE_IN_XACT_ABORTED
                                            : BE_STATE_IDLE,
                    NULL,
                    xb.state == XB_IDLE ? 0 : adt_xact_start_timestamp,
                    xact_current_xid());
}

/* --- SQL-level PREPARE / EXECUTE / DEALLOCATE --------------------------------------------- */

const char *
engine_prepare_sql(PgQuery__PrepareStmt *p, const char *sql)
{
    int n = (int)p->n_argtypes;
    Oid *types = mcx_alloc0(sizeof(Oid) * (size_t)(n + 1));
    for (int i = 0; i < n; i++) {
        int32_t typmod;
        analyze_type_name(p->argtypes[i]->type_name, &types[i], &typmod);
    }
    (void)ext_prepare(p->name, sql, n, types, false, p->name);
    return "PREPARE";
}

/* Run a statement with bound parameter values, restoring the previous ones after. */
static void
ext_run_with_params(
    Node *stmt, const char *query, ParamValues *values, ParamTypes types, char *tag, size_t taglen)
{
    ParamValues *saved_values = exec_param_values;
    ParamTypes *saved_types = parse_param_types;
    exec_param_values = values;
    parse_param_types = &types;
    err_try();
    {
        engine_run_statement(stmt, query, tag, taglen);
    }
    err_catch();
    {
        exec_param_values = saved_values;
        parse_param_types = saved_types;
        err_rethrow();
    }
    err_end_try();
    exec_param_values = saved_values;
    parse_param_types = saved_types;
}

/*
 * EXECUTE name [(args)]: the arguments are evaluated now (constant expressions, coerced
 * to the parameter types for assignment) and the statement runs as the simple protocol
 * runs a statement: a SELECT's RowDescription and rows, then its own command tag.
 */
void
engine_execute_sql(PgQuery__ExecuteStmt *e, const char *sql, char *tag, size_t taglen)
{
    PreparedStmt *ps = ext_find_stmt(e->name);
    if (ps == NULL || e->name[0] == '\0')
        ereport(ERROR,
                err_code(SQLSTATE_INVALID_SQL_STATEMENT_NAME),
                err_msg("prepared statement \"%s\" does not exist", e->name));
    if ((int)e->n_params != ps->params.n)
        ereport(ERROR,
                err_code(SQLSTATE_SYNTAX_ERROR),
                err_msg("wrong number of parameters for prepared statement \"%s\"", ps->name),
                err_detail("Expected %d parameters but got %d.", ps->params.n, (int)e->n_params));
    if (ps->stmt == NULL) {
        snprintf(tag, taglen, "%s", "");
        return;
    }
    ParamValues values;
    values.n = ps->params.n;
    values.types = ps->params.types;
    values.values = mcx_alloc0(sizeof(Datum) * (size_t)(values.n + 1));
    values.nulls = mcx_alloc0(sizeof(bool) * (size_t)(values.n + 1));
    for (int i = 0; i < values.n; i++) {
        Expr *x = analyze_param_arg(e->params[i], sql, ps->params.types[i], i + 1);
        values.values[i] = exec_eval(x, NULL, &values.nulls[i]);
    }
    ext_run_with_params(ps->stmt, ps->query, &values, ps->params, tag, taglen);
}

const char *
engine_deallocate(const char *name)
{
    if (name == NULL) {
        while (prepared != NULL) {
            PreparedStmt *ps = prepared;
            ext_drop_stmt(ps);
        }
        return "DEALLOCATE ALL";
    }
    PreparedStmt *ps = ext_find_stmt(name);
    if (ps == NULL || name[0] == '\0')
        ereport(ERROR,
                err_code(SQLSTATE_INVALID_SQL_STATEMENT_NAME),
                err_msg("prepared statement \"%s\" does not exist", name));
    ext_drop_stmt(ps);
    return "DEALLOCATE";
}

/* --- SQL cursors: DECLARE / FETCH / MOVE / CLOSE ------------------------------------------ */

/* SQL text of the cursor's query, to keep it beyond its message. */
static char *
ext_deparse_statement(Node *stmt)
{
    char *out = analyze_deparse_statement(stmt);
    if (out == NULL)
        ereport(ERROR,
                err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                err_msg("this cursor query cannot be kept yet"));
    return out;
}

enum { CURSOR_OPT_BINARY = 0x0001, CURSOR_OPT_SCROLL = 0x0002, CURSOR_OPT_HOLD = 0x0020 };

const char *
engine_declare_cursor(void *raw)
{
    PgQuery__DeclareCursorStmt *dc = raw;
    if (dc->options & CURSOR_OPT_HOLD)
        ereport(ERROR,
                err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                err_msg("DECLARE CURSOR WITH HOLD is not supported yet"));
    if (dc->options & CURSOR_OPT_SCROLL)
        ereport(ERROR,
                err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                err_msg("DECLARE SCROLL CURSOR is not supported yet"));
    if (xb.state != XB_EXPLICIT)
        ereport(ERROR,
                err_code(SQLSTATE_NO_ACTIVE_SQL_TRANSACTION),
                err_msg("DECLARE CURSOR can only be used in transaction blocks"));
    if (dc->query->node_case != PG_QUERY__NODE__NODE_SELECT_STMT)
        ereport(ERROR,
                err_code(SQLSTATE_INVALID_CURSOR_DEFINITION),
                err_msg("cannot open a non-SELECT query as a cursor"));
    if (ext_find_portal(dc->portalname) != NULL)
        ereport(ERROR,
                err_code(SQLSTATE_DUPLICATE_CURSOR),
                err_msg("cursor \"%s\" already exists", dc->portalname));

    /* The query, reparsed into a statement of the cursor's own (the message's tree goes). */
    char *text = ext_deparse_statement(dc->query);
    MemCtx *scx = mcx_create(mcx_top, "CursorStatement");
    PreparedStmt *ps = mcx_alloc0_in(scx, sizeof *ps);
    ps->cx = scx;
    ps->name = ext_strdup(scx, "");
    ps->query = ext_strdup(scx, text);
    ps->closed = true; /* in no list: it lives as long as its portal */
    const ParamTypes *cur = parse_param_types;
    ps->params.n = cur ? cur->n : 0;
    ps->params.types = mcx_alloc0_in(scx, sizeof(Oid) * (size_t)(ps->params.n + 1));
    if (ps->params.n > 0)
        memcpy(ps->params.types, cur->types, sizeof(Oid) * (size_t)ps->params.n);
    PgQueryProtobufParseResult pr = pg_query_parse_protobuf(ps->query);
    if (pr.error) {
        pg_query_free_protobuf_parse_result(pr);
        mcx_delete(scx);
        elog_internal("cursor query does not parse again: %s", text);
    }
    ProtobufCAllocator alloc = {ext_pb_alloc, ext_pb_free, scx};
    PgQuery__ParseResult *tree =
        pg_query__parse_result__unpack(&alloc,
                                       pr.parse_tree.len,
                                       (const uint8_t *)pr.parse_tree.data);
    pg_query_free_protobuf_parse_result(pr);
    ps->stmt = tree && tree->n_stmts == 1 ? tree->stmts[0]->stmt : NULL;
    if (ps->stmt == NULL) {
        mcx_delete(scx);
        elog_internal("cursor query does not unpack again");
    }

    MemCtx *cx = mcx_create(mcx_top, "Portal");
    Portal *p = mcx_alloc0_in(cx, sizeof *p);
    p->cx = cx;
    p->name = ext_strdup(cx, dc->portalname);
    p->ps = ps;
    ps->nportals++;
    p->next = portals;
    portals = p;
    MemCtx *old = mcx_switch(cx);
    const ParamValues *pv = exec_param_values;
    p->params.n = pv ? pv->n : 0;
    p->params.values = mcx_alloc0(sizeof(Datum) * (size_t)(p->params.n + 1));
    p->params.nulls = mcx_alloc0(sizeof(bool) * (size_t)(p->params.n + 1));
    p->params.types = ps->params.types;
    for (int i = 0; i < p->params.n; i++) {
        p->params.nulls[i] = pv->nulls[i];
        if (pv->nulls[i])
            continue;
        const TypeDesc *t = adt_type(pv->types[i]);
        /* copy by-reference values into the portal: the Bind's memory goes with it */
        p->params.values[i] = t->byval ? pv->values[i] : t->in(t->out(pv->values[i]), -1);
    }
    if (dc->options & CURSOR_OPT_BINARY) {
        p->nformats = 1;
        p->formats = mcx_alloc(sizeof(int16_t));
        p->formats[0] = 1;
    }
    ParamTypes fixed = ps->params;
    p->q = ext_analyze(ps, &fixed);
    mcx_switch(old);
    return "DECLARE CURSOR";
}

/* FETCH / MOVE [FORWARD] [n | ALL | NEXT] [FROM | IN] cursor. */
const char *
engine_fetch(void *raw, uint64_t *count)
{
    PgQuery__FetchStmt *fs = raw;
    Portal *p = ext_find_portal(fs->portalname);
    if (p == NULL || p->q == NULL || p->q->cmd != CMD_SELECT)
        ereport(ERROR,
                err_code(SQLSTATE_UNDEFINED_CURSOR),
                err_msg("cursor \"%s\" does not exist", fs->portalname));
    if (fs->direction != PG_QUERY__FETCH_DIRECTION__FETCH_FORWARD || fs->how_many < 0)
        ereport(ERROR,
                err_code(SQLSTATE_OBJECT_NOT_IN_PREREQUISITE_STATE),
                err_msg("cursor can only scan forward"),
                err_hint("Declare it with SCROLL option to enable backward scan."));
    ParamValues *saved_params = exec_param_values;
    exec_param_values = &p->params;
    if (p->state == PORTAL_NEW) {
        /* The cursor's snapshot is the FETCH's: DECLARE ran in the same transaction. */
        Query *q = p->q;
        if (q->from_kind == FROM_TABLE)
            engine_lock_rel(q->rel, ACCESS_SHARE_LOCK);
        Snapshot *s = xb_statement_snapshot(false);
        p->snap = mcx_alloc_in(p->cx, sizeof *p->snap);
        *p->snap = *s;
        MemCtx *old = mcx_switch(p->cx);
        bool was = dest_set_row_description(false);
        p->es = exec_select_start(q, p->snap);
        (void)dest_set_row_description(was);
        mcx_switch(old);
        p->state = PORTAL_RUNNING;
    }
    if (!fs->ismove) {
        ResultColumn *cols;
        int n = exec_result_columns(p->q, &cols);
        dest_row_description(n, cols);
    }
    *count = 0;
    if (p->state == PORTAL_RUNNING) {
        uint64_t want = fs->how_many == 0 || fs->how_many == INT64_MAX ? 0 : (uint64_t)fs->how_many;
        MemCtx *old = mcx_switch(p->cx);
        dest_set_discard(fs->ismove);
        bool finished = exec_select_fetch(p->es, want, count);
        dest_set_discard(false);
        mcx_switch(old);
        if (finished) {
            exec_select_end(p->es);
            p->es = NULL;
            p->state = PORTAL_DONE;
        }
    }
    exec_param_values = saved_params;
    return fs->ismove ? "MOVE" : "FETCH";
}

const char *
engine_close_cursor(void *raw)
{
    PgQuery__ClosePortalStmt *cp = raw;
    if (cp->portalname == NULL || cp->portalname[0] == '\0') {
        engine_portals_drop_all();
        return "CLOSE CURSOR ALL";
    }
    Portal *p = ext_find_portal(cp->portalname);
    if (p == NULL)
        ereport(ERROR,
                err_code(SQLSTATE_UNDEFINED_CURSOR),
                err_msg("cursor \"%s\" does not exist", cp->portalname));
    ext_drop_portal(p);
    return "CLOSE CURSOR";
}
