#!/bin/bash
# index_bench.sh
#     Issue #5's figures: OakDB against PostgreSQL 15 on this machine, same settings:
#       load:    1,000,000 rows (id int4 primary key, a int4, pad text) by multi-row INSERT
#                (1,000 rows per statement) through psql -f, wall-clock seconds;
#       index:   CREATE INDEX on a (not the key; a = id * 7919 mod 1000003, so its order
#                is unrelated to the table's), wall-clock seconds;
#       inserts: 8 clients of single-row INSERTs (random int8 key, random a) into a table
#                with a primary key and one secondary index on a, pgbench -M simple -T,
#                transactions per second;
#       range:   SELECT count(pad) FROM idx_t WHERE a BETWEEN :lo AND :lo + 99 (about 100
#                rows through the index on a), pgbench -M simple -T with 1 and 8 clients.
#     The range query's plan must read the index on both servers (EXPLAIN is checked
#     and saved; PostgreSQL is ANALYZEd first, untimed, OakDB has no ANALYZE).
#     Runs alternate OakDB, PostgreSQL, PAIRS pairs, each on a fresh data directory; the
#     medians and their ratio are reported, with one PostgreSQL-vs-PostgreSQL pair for the
#     run-to-run noise. A figure, not a gate: nothing here fails on speed.
#
# Usage (as root, after a build): bench/index_bench.sh [PAIRS] [SECONDS]   (default 3, 10)
# Environment: BENCH_ROWS (default 1000000; smaller only to try the script out),
#              BENCH_PORT (default 5460; OakDB uses it, PostgreSQL the next one).
# Results: tmp_check/bench/index_results.md (copy the table into bench/README.md),
#          raw runs in tmp_check/bench/index_runs.txt, plans and logs beside them.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
PAIRS=${1:-3}
SECS=${2:-10}
ROWS=${BENCH_ROWS:-1000000}
PER_STMT=1000
BIN=${OAK_BIN_DIR:-$ROOT}
OAK_PORT=${BENCH_PORT:-5460}
PG_PORT=$((OAK_PORT + 1))
PGBIN=/usr/lib/postgresql/15/bin
# Same settings for both servers (as bench/run_bench.sh).
SETTINGS=(-c shared_buffers=128MB -c fsync=on -c synchronous_commit=on)
OUT=$ROOT/tmp_check/bench
WORK=$(mktemp -d /tmp/oak_idxbench.XXXXXX)
chmod 1777 "$WORK" # both servers put their sockets here; PostgreSQL runs as "postgres"
mkdir -p "$OUT"
unset PGHOST PGPORT PGUSER PGDATABASE PGOPTIONS
export LC_ALL=C

scripts/install-deps.sh --oracle >/dev/null # pgbench and the PostgreSQL server
if [ ! -x "$BIN/oakd" ] || [ ! -x "$BIN/oakctl" ]; then
    echo "index_bench: build first (scripts/build.sh)" >&2
    exit 1
fi
for port in "$OAK_PORT" "$PG_PORT"; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
        echo "index_bench: port $port is in use (set BENCH_PORT)" >&2
        exit 1
    fi
done

# The load file: the table, then ROWS/PER_STMT INSERTs of PER_STMT rows each.
LOAD=$WORK/load.sql
{
    echo "create table idx_t (id int4 primary key, a int4 not null, pad text);"
    awk -v rows="$ROWS" -v per="$PER_STMT" 'BEGIN {
        for (s = 0; s < rows / per; s++) {
            printf "insert into idx_t values ";
            for (i = 1; i <= per; i++) {
                id = s * per + i;
                printf "(%d, %d, %s)%s", id, (id * 7919) % 1000003,
                    "'\''pad-" id "-xxxxxxxxxxxxxxxx'\''", i < per ? ", " : ";\n";
            }
        }
    }'
} >"$LOAD"
chmod 644 "$LOAD"
cat >"$WORK/range.sql" <<'SQL'
\set lo random(0, 999903)
select count(pad) from idx_t where a between :lo and :lo + 99;
SQL
cat >"$WORK/insert.sql" <<'SQL'
\set id random(1, 9000000000000000000)
\set a random(1, 1000000)
insert into ins_t values (:id, :a, 'pad-xxxxxxxxxxxxxxxxxxxxxxxx');
SQL
RANGE_EXPLAIN="explain (costs off) select count(pad) from idx_t where a between 500000 and 500099"

LOG_PREFIX=index_
# shellcheck source=lib.sh
. "$ROOT/bench/lib.sh"
trap 'stop_server; rm -rf "$WORK"' EXIT

q() { psql -X -q -At -v ON_ERROR_STOP=1 -h "$WORK" -p "$PORT" -U postgres -d postgres -c "$1"; }

timed() { # sql-or-file-args...: run psql, print wall-clock seconds
    local t0 t1
    t0=$(date +%s.%N)
    psql -X -q -v ON_ERROR_STOP=1 -h "$WORK" -p "$PORT" -U postgres -d postgres "$@" >/dev/null
    t1=$(date +%s.%N)
    awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }'
}

pgbench_tps() { # log script clients
    local tps
    tps=$("$PGBIN/pgbench" -n -M simple -c "$3" -T "$SECS" -f "$2" -h "$WORK" -p "$PORT" \
        -U postgres postgres 2>&1 | tee "$1" |
        sed -n 's/^tps = \([0-9.]*\) (without initial connection time)/\1/p')
    if [ -z "$tps" ] || grep -q "aborted\|^pgbench: error" "$1"; then
        echo "index_bench: pgbench failed, see $1" >&2
        exit 1
    fi
    printf '%.0f' "$tps"
}

# One run on a fresh server. Appends
# "kind run load_s index_s insert_tps range1_tps range8_tps" to index_runs.txt.
one_run() { # oak|pg|pgnoise run-name
    local kind=$1 tag=$1.$2 load idx ins r1 r8 plan
    [ "$kind" = pgnoise ] && kind=pg
    start_server "$kind" "$tag"
    load=$(timed -f "$LOAD")
    [ "$(q 'select count(*) from idx_t')" = "$ROWS" ] || { echo "index_bench: $tag lost rows" >&2; exit 1; }
    idx=$(timed -c "create index idx_t_a on idx_t (a)")
    [ "$kind" = pg ] && q "analyze idx_t"
    plan=$(q "$RANGE_EXPLAIN")
    echo "$plan" >"$OUT/index_plan.$tag.txt"
    if ! grep -q "Index Scan using idx_t_a\|Bitmap Index Scan on idx_t_a" <<<"$plan"; then
        echo "index_bench: $tag does not read the index for the range query: $plan" >&2
        exit 1
    fi
    [ "$(q "select count(pad) from idx_t where a between 500000 and 500099")" = \
        "$(awk -v n="$ROWS" 'BEGIN { for (i = 1; i <= n; i++) { a = (i * 7919) % 1000003;
            if (a >= 500000 && a <= 500099) c++ } print c + 0 }')" ] ||
        { echo "index_bench: $tag range count is wrong" >&2; exit 1; }
    r1=$(pgbench_tps "$OUT/index_pgbench.$tag.range1.log" "$WORK/range.sql" 1)
    r8=$(pgbench_tps "$OUT/index_pgbench.$tag.range8.log" "$WORK/range.sql" 8)
    q "create table ins_t (id int8 primary key, a int4 not null, pad text)"
    q "create index ins_t_a on ins_t (a)"
    ins=$(pgbench_tps "$OUT/index_pgbench.$tag.insert8.log" "$WORK/insert.sql" 8)
    stop_server
    echo "$1 $2 $load $idx $ins $r1 $r8" | tee -a "$OUT/index_runs.txt"
}

col_median() { awk -v k="$1" -v c="$2" '$1 == k { print $c }' "$OUT/index_runs.txt" | median; }
noise() { awk -v c="$1" '$1 == "pgnoise" { printf "%s%s", (n++ ? " vs " : ""), $c }' "$OUT/index_runs.txt"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

: >"$OUT/index_runs.txt"
for i in $(seq 1 "$PAIRS"); do
    one_run oak "$i"
    one_run pg "$i"
done
one_run pgnoise a
one_run pgnoise b

{
    echo "Run on $(date -u +%Y-%m-%d), $(nproc) cores, commit $(git rev-parse --short HEAD 2>/dev/null || echo none);"
    echo "$("$PGBIN/postgres" --version); medians of $PAIRS alternating pairs, pgbench runs of $SECS s."
    echo
    echo "| measure | OakDB | PostgreSQL 15 | OakDB / PG | PG vs PG (noise) |"
    echo "| --- | --- | --- | --- | --- |"
    row() { # label column
        local o p
        o=$(col_median oak "$2")
        p=$(col_median pg "$2")
        echo "| $1 | $o | $p | $(ratio "$o" "$p") | $(noise "$2") |"
    }
    row "load $ROWS rows, s (lower is better)" 3
    row "CREATE INDEX on a, s (lower is better)" 4
    row "single-row INSERTs, 8 clients, tps (higher is better)" 5
    row "100-row index range, 1 client, tps (higher is better)" 6
    row "100-row index range, 8 clients, tps (higher is better)" 7
    echo
    echo "Range plans: OakDB \`$(grep -h 'idx_t_a' "$OUT"/index_plan.oak.1.txt | sed 's/^ *//;s/^->  //')\`," \
        "PostgreSQL \`$(grep -h 'idx_t_a' "$OUT"/index_plan.pg.1.txt | sed 's/^ *//;s/^->  //')\`."
} | tee "$OUT/index_results.md"
