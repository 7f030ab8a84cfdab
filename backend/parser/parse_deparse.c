/*
 * parse_deparse.c
 *     Raw parse nodes back to SQL text through libpg_query's deparser: how DEFAULT
 *     expressions, index expressions and predicates, and cursor queries are kept beyond the
 *     message that carried them (their trees live in per-message memory).
 */
#include "oak/oak.h"

#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>

#include "oak/parser/analyze.h"

char *
analyze_deparse_statement(void *stmt)
{
    PgQuery__RawStmt raw = PG_QUERY__RAW_STMT__INIT;
    raw.stmt = stmt;
    PgQuery__RawStmt *stmts[1] = {&raw};
    PgQuery__ParseResult pr = PG_QUERY__PARSE_RESULT__INIT;
    pr.version = PG_VERSION_NUM;
    pr.n_stmts = 1;
    pr.stmts = stmts;
    size_t len = pg_query__parse_result__get_packed_size(&pr);
    uint8_t *buf = mcx_alloc(len + 1);
    pg_query__parse_result__pack(&pr, buf);
    PgQueryProtobuf pb = {len, (char *)buf};
    PgQueryDeparseResult d = pg_query_deparse_protobuf(pb);
    char *out = d.error ? NULL : mcx_strdup(d.query);
    pg_query_free_deparse_result(d);
    return out;
}

char *
analyze_deparse_expr(void *expr)
{
    /* Wrapped as SELECT <expr>, deparsed, and the SELECT taken off again. */
    PgQuery__ResTarget rt = PG_QUERY__RES_TARGET__INIT;
    rt.val = expr;
    PgQuery__Node rt_node = PG_QUERY__NODE__INIT;
    rt_node.node_case = PG_QUERY__NODE__NODE_RES_TARGET;
    rt_node.res_target = &rt;
    PgQuery__Node *targets[1] = {&rt_node};
    PgQuery__SelectStmt sel = PG_QUERY__SELECT_STMT__INIT;
    sel.n_target_list = 1;
    sel.target_list = targets;
    sel.op = PG_QUERY__SET_OPERATION__SETOP_NONE;
    sel.limit_option = PG_QUERY__LIMIT_OPTION__LIMIT_OPTION_DEFAULT;
    PgQuery__Node sel_node = PG_QUERY__NODE__INIT;
    sel_node.node_case = PG_QUERY__NODE__NODE_SELECT_STMT;
    sel_node.select_stmt = &sel;
    char *text = analyze_deparse_statement(&sel_node);
    if (text == NULL)
        return NULL;
    return strncmp(text, "SELECT ", 7) == 0 ? text + 7 : text;
}
