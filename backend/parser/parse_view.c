/*
 * parse_view.c
 *     Views in FROM: a view defined in SQL (relkind 'v' with a pg_rewrite "_RETURN" row)
 *     is replaced by its stored SELECT, parsed again and analyzed as a subquery in FROM,
 *     whose columns carry the view's column names.
 *
 * Invariants:
 *   1. The stored SELECT is analyzed afresh at each use, against the catalog as the
 *      statement sees it (PostgreSQL binds a view's names when it is created; here names
 *      are resolved at use, so a view follows a table dropped and created again).
 *   2. The view's own query never sees the enclosing query's columns (a view is not
 *      LATERAL), and views nest at most PARSE_VIEW_MAX_DEPTH deep: a cycle made by CREATE
 *      OR REPLACE VIEW is 42P17 "infinite recursion detected in rules for relation".
 *   4. The view's tables are checked with its owner's privileges, the view itself with
 *      the current user's (parse_privilege_role), as in PostgreSQL.
 *   3. The parse tree is unpacked into the current memory context, so the analyzed Query
 *      may point into it for as long as the statement's memory lives.
 */
#include "oak/oak.h"

#include "parse_internal.h"

enum { PARSE_VIEW_MAX_DEPTH = 64 };

static int parse_view_depth;

static void *
parse_view_pb_alloc(void *data, size_t size)
{
    (void)data;
    return mcx_alloc(size);
}

static void
parse_view_pb_free(void *data, void *ptr)
{
    (void)data;
    (void)ptr; /* freed with the memory context */
}

static ProtobufCAllocator parse_view_allocator = {parse_view_pb_alloc, parse_view_pb_free, NULL};

Query *
parse_view_query(RelDesc *view)
{
    if (view->view_sql == NULL)
        elog_internal("view \"%s\" has no definition", view->name);
    if (parse_view_depth >= PARSE_VIEW_MAX_DEPTH)
        ereport(ERROR,
                err_code(SQLSTATE_INVALID_OBJECT_DEFINITION),
                err_msg("infinite recursion detected in rules for relation \"%s\"", view->name));
    PgQueryProtobufParseResult r = pg_query_parse_protobuf(view->view_sql);
    if (r.error) {
        pg_query_free_protobuf_parse_result(r);
        elog_internal("definition of view \"%s\" does not parse", view->name);
    }
    PgQuery__ParseResult *pr = pg_query__parse_result__unpack(&parse_view_allocator,
                                                              r.parse_tree.len,
                                                              (const uint8_t *)r.parse_tree.data);
    pg_query_free_protobuf_parse_result(r);
    if (pr == NULL || pr->n_stmts != 1 ||
        pr->stmts[0]->stmt->node_case != PG_QUERY__NODE__NODE_SELECT_STMT)
        elog_internal("definition of view \"%s\" does not unpack", view->name);
    const char *sql = mcx_strdup(view->view_sql);
    Query *q = NULL;
    const Oid saved_role = parse_privilege_role;
    parse_privilege_role = cat_relation_owner(view->oid);
    parse_view_depth++;
    err_try();
    {
        q = analyze_subselect(pr->stmts[0]->stmt->select_stmt, sql, NULL, NULL);
    }
    err_catch();
    {
        parse_view_depth--;
        parse_privilege_role = saved_role;
        err_rethrow();
    }
    err_end_try();
    parse_view_depth--;
    parse_privilege_role = saved_role;
    return q;
}
