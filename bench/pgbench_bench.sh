#!/bin/bash
# pgbench_bench.sh
#     Issue #6's benchmark: pgbench's TPC-B-like script at scale SCALE with 1, 2 and 8
#     clients in -M simple and -M prepared, and the select-only script (-S) with 8
#     clients, against OakDB and PostgreSQL 15 started the same way (same settings), one
#     server of each kind per pair, pairs alternating, medians and the OakDB/PG ratio, plus
#     one PostgreSQL-vs-PostgreSQL pair for the noise band. A figure, not a gate.
#
# Usage (as root, after a build): bench/pgbench_bench.sh [PAIRS] [SECONDS] [SCALE]
#     (defaults 3, 10, 10). Results: tmp_check/bench/pgbench.md.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
PAIRS=${1:-3}
SECS=${2:-10}
SCALE=${3:-10}
BIN=${OAK_BIN_DIR:-$ROOT}
OAK_PORT=${BENCH_PORT:-5450}
PG_PORT=$((OAK_PORT + 1))
PGBIN=/usr/lib/postgresql/15/bin
SETTINGS=(-c shared_buffers=128MB -c fsync=on -c synchronous_commit=on -c max_connections=50)
OUT=$ROOT/tmp_check/bench
WORK=$(mktemp -d /tmp/oak_pgbench.XXXXXX)
chmod 1777 "$WORK"
mkdir -p "$OUT"
unset PGHOST PGPORT PGUSER PGDATABASE PGOPTIONS
export LC_ALL=C

scripts/install-deps.sh --oracle >/dev/null
[ -x "$BIN/oakd" ] || { echo "pgbench_bench: build first (scripts/build.sh)" >&2; exit 1; }

LOG_PREFIX=pgbench.
# shellcheck source=lib.sh
. "$ROOT/bench/lib.sh"
trap 'stop_server; rm -rf "$WORK"' EXIT

# The measures, in order: name and pgbench options (after -n -T SECS).
MEASURES=("tpcb_simple_1:-M simple -c 1" "tpcb_simple_2:-M simple -c 2 -j 2"
    "tpcb_simple_8:-M simple -c 8 -j 2" "tpcb_prepared_1:-M prepared -c 1"
    "tpcb_prepared_2:-M prepared -c 2 -j 2" "tpcb_prepared_8:-M prepared -c 8 -j 2"
    "select_only_8:-S -M prepared -c 8 -j 2")

one_run() { # oak|pg|pgnoise run-name: appends "kind run measure tps" lines
    local kind=$1
    [ "$kind" = pgnoise ] && kind=pg
    start_server "$kind" "$2"
    "$PGBIN/pgbench" -i -q -s "$SCALE" -h "$WORK" -p "$PORT" -U postgres postgres \
        >"$OUT/pgbench.init.$1.$2.log" 2>&1
    for m in "${MEASURES[@]}"; do
        local name=${m%%:*} opts=${m#*:} tps
        # shellcheck disable=SC2086 # opts is a list of options
        tps=$("$PGBIN/pgbench" -n -T "$SECS" $opts -h "$WORK" -p "$PORT" -U postgres postgres \
            2>&1 | tee "$OUT/pgbench.$name.$1.$2.log" |
            sed -n 's/^tps = \([0-9.]*\) (without initial connection time)/\1/p')
        [ -n "$tps" ] || { echo "pgbench_bench: $name failed on $1, see $OUT/pgbench.$name.$1.$2.log" >&2; exit 1; }
        echo "$1 $2 $name $(printf '%.0f' "$tps")" | tee -a "$OUT/pgbench_runs.txt"
    done
    stop_server
}


: >"$OUT/pgbench_runs.txt"
for i in $(seq 1 "$PAIRS"); do
    one_run oak "$i"
    one_run pg "$i"
done
one_run pgnoise a
one_run pgnoise b

{
    echo "Run on $(date -u +%Y-%m-%d), $(nproc) cores, commit $(git rev-parse --short HEAD 2>/dev/null || echo none);"
    echo "$("$PGBIN/postgres" --version); scale $SCALE, $SECS s per measure, medians of $PAIRS alternating pairs."
    echo
    echo "| measure (tps) | OakDB | PostgreSQL 15 | OakDB / PG | PG vs PG (noise) |"
    echo "| --- | --- | --- | --- | --- |"
    for m in "${MEASURES[@]}"; do
        name=${m%%:*}
        o=$(awk -v n="$name" '$1 == "oak" && $3 == n { print $4 }' "$OUT/pgbench_runs.txt" | median)
        p=$(awk -v n="$name" '$1 == "pg" && $3 == n { print $4 }' "$OUT/pgbench_runs.txt" | median)
        read -r na nb < <(awk -v n="$name" '$1 == "pgnoise" && $3 == n { printf "%s ", $4 } END { print "" }' "$OUT/pgbench_runs.txt")
        echo "| $name | $o | $p | $(awk -v a="$o" -v b="$p" 'BEGIN { printf "%.2f", a / b }') | $na vs $nb |"
    done
} | tee "$OUT/pgbench.md"
