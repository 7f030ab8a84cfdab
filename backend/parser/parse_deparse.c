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
