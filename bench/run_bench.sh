#!/bin/bash
# run_bench.sh
#     OakDB against PostgreSQL 15 on this machine, same settings, in one run:
#       load:   1,000,000 rows by multi-row INSERT (1,000 rows per statement) through
#               psql -f, timed wall-clock, into an empty table with a primary key;
#       select: 100,000 primary-key point SELECTs from one client, pgbench -M simple.
#     Runs alternate OakDB, PostgreSQL, three pairs, each on a fresh data directory;
#     the medians and their ratio are reported, with one extra PostgreSQL-vs-PostgreSQL
#     pair that shows the run-to-run noise. A figure, not a gate: nothing here fails on speed.
#
# Usage (as root, after a build): bench/run_bench.sh [PAIRS]     (default 3)
# Results: tmp_check/bench/results.md (copy the table into bench/README.md).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
PAIRS=${1:-3}
ROWS=${BENCH_ROWS:-1000000}      # smaller values only to try the script out
PER_STMT=1000
SELECTS=${BENCH_SELECTS:-100000}
BIN=${OAK_BIN_DIR:-$ROOT}
OAK_PORT=5440
PG_PORT=5441
PGBIN=/usr/lib/postgresql/15/bin
# Same settings for both servers.
SETTINGS=(-c shared_buffers=128MB -c fsync=on -c synchronous_commit=on)
OUT=$ROOT/tmp_check/bench
WORK=$(mktemp -d /tmp/oak_bench.XXXXXX)
chmod 1777 "$WORK" # both servers put their sockets here; PostgreSQL runs as "postgres"
mkdir -p "$OUT"
unset PGHOST PGPORT PGUSER PGDATABASE PGOPTIONS
export LC_ALL=C

scripts/install-deps.sh --oracle >/dev/null # pgbench and the PostgreSQL server
if [ ! -x "$BIN/oakd" ] || [ ! -x "$BIN/oakctl" ]; then
    echo "run_bench: build first (scripts/build.sh)" >&2
    exit 1
fi

# The load file: one CREATE TABLE, then ROWS/PER_STMT INSERTs of PER_STMT rows each.
LOAD=$WORK/load.sql
{
    echo "create table bench_t (id int4 primary key, val int4 not null, pad text);"
    awk -v rows="$ROWS" -v per="$PER_STMT" 'BEGIN {
        for (s = 0; s < rows / per; s++) {
            printf "insert into bench_t values ";
            for (i = 1; i <= per; i++) {
                id = s * per + i;
                printf "(%d, %d, %s)%s", id, (id * 7919) % 1000003,
                    "'\''pad-" id "-xxxxxxxxxxxxxxxx'\''", i < per ? ", " : ";\n";
            }
        }
    }'
} >"$LOAD"
chmod 644 "$LOAD"
cat >"$WORK/select.sql" <<SQL
\set id random(1, $ROWS)
select val from bench_t where id = :id;
SQL

LOG_PREFIX=""
# shellcheck source=lib.sh
. "$ROOT/bench/lib.sh"
trap 'stop_server; rm -rf "$WORK"' EXIT

# One run: fresh server, timed load, pgbench selects. Appends
# "kind run load_seconds select_tps" to runs.txt.
one_run() { # oak|pg|pgnoise run-number
    local kind=$1 port t0 t1 tps
    [ "$kind" = pgnoise ] && kind=pg
    start_server "$kind" "$2"
    port=$PORT
    t0=$(date +%s.%N)
    psql -X -q -v ON_ERROR_STOP=1 -h "$WORK" -p "$port" -U postgres -d postgres -f "$LOAD"
    t1=$(date +%s.%N)
    [ "$(psql -X -At -h "$WORK" -p "$port" -U postgres -d postgres \
        -c 'select count(*) from bench_t')" = "$ROWS" ] || { echo "run_bench: $1 lost rows" >&2; exit 1; }
    tps=$("$PGBIN/pgbench" -n -M simple -c 1 -t "$SELECTS" -f "$WORK/select.sql" \
        -h "$WORK" -p "$port" -U postgres postgres 2>&1 | tee "$OUT/pgbench.$1.$2.log" |
        sed -n 's/^tps = \([0-9.]*\) (without initial connection time)/\1/p')
    stop_server
    [ -n "$tps" ] || { echo "run_bench: pgbench failed, see $OUT/pgbench.$1.$2.log" >&2; exit 1; }
    tps=$(printf '%.0f' "$tps")
    echo "$1 $2 $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }') $tps" |
        tee -a "$OUT/runs.txt"
}


: >"$OUT/runs.txt"
for i in $(seq 1 "$PAIRS"); do
    one_run oak "$i"
    one_run pg "$i"
done
# Noise band: two PostgreSQL runs back to back.
one_run pgnoise a
one_run pgnoise b

oak_load=$(awk '$1 == "oak" { print $3 }' "$OUT/runs.txt" | median)
pg_load=$(awk '$1 == "pg" { print $3 }' "$OUT/runs.txt" | median)
oak_tps=$(awk '$1 == "oak" { print $4 }' "$OUT/runs.txt" | median)
pg_tps=$(awk '$1 == "pg" { print $4 }' "$OUT/runs.txt" | median)
read -r na nb < <(awk '$1 == "pgnoise" { printf "%s ", $3 } END { print "" }' "$OUT/runs.txt")
read -r ta tb < <(awk '$1 == "pgnoise" { printf "%s ", $4 } END { print "" }' "$OUT/runs.txt")
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
{
    echo "Run on $(date -u +%Y-%m-%d), $(nproc) cores, commit $(git rev-parse --short HEAD 2>/dev/null || echo none);"
    echo "$("$PGBIN/postgres" --version); medians of $PAIRS alternating pairs."
    echo
    echo "| measure | OakDB | PostgreSQL 15 | OakDB / PG | PG vs PG (noise) |"
    echo "| --- | --- | --- | --- | --- |"
    echo "| load $ROWS rows, s (lower is better) | $oak_load | $pg_load |" \
        "$(ratio "$oak_load" "$pg_load") | $na vs $nb |"
    echo "| $SELECTS PK selects, tps (higher is better) | $oak_tps | $pg_tps |" \
        "$(ratio "$oak_tps" "$pg_tps") | $ta vs $tb |"
} | tee "$OUT/results.md"
