#!/bin/bash
# bank_bench.sh
#     Issue #4's figure: committed bank transfers per second (regress/bank/bank_client.c)
#     with 1, 2 and 8 clients at READ COMMITTED (SELECT ... FOR UPDATE in id order) and at
#     SERIALIZABLE (retrying on 40001/40P01), OakDB against PostgreSQL 15 started with the
#     same settings, alternating, PAIRS pairs per configuration (median reported), plus one
#     PostgreSQL-vs-PostgreSQL pair per configuration for the noise band.
#     A figure, not a gate.
#
# Usage (as root, after a build): bench/bank_bench.sh [PAIRS] [SECONDS]   (default 3, 3)
# Environment: BANK_ACCOUNTS (default 100).
# Results: tmp_check/bench/bank_results.md (copy the table into bench/README.md).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
PAIRS=${1:-3}
SECS=${2:-3}
NACC=${BANK_ACCOUNTS:-100}
BIN=${OAK_BIN_DIR:-$ROOT}
PGBIN=/usr/lib/postgresql/15/bin
OAK_PORT=5450
PG_PORT=5451
SETTINGS=(-c shared_buffers=128MB -c fsync=on -c synchronous_commit=on)
OUT=$ROOT/tmp_check/bench
WORK=$(mktemp -d /tmp/oak_bankbench.XXXXXX)
chmod 1777 "$WORK"
mkdir -p "$OUT"
unset PGHOST PGPORT PGUSER PGDATABASE PGOPTIONS
export LC_ALL=C

scripts/install-deps.sh --oracle >/dev/null
CLIENT=$WORK/bank_client
# shellcheck disable=SC2046 # pkg-config prints flags as words
cc -O2 -std=gnu11 $(pkg-config --cflags libpq) -o "$CLIENT" regress/bank/bank_client.c \
    $(pkg-config --libs libpq)

OAK_PID=""
PG_PID=""
cleanup() {
    [ -n "$OAK_PID" ] && { "$BIN/oakctl" stop -D "$WORK/oak" -m fast >/dev/null 2>&1 || true; }
    [ -n "$PG_PID" ] && { runuser -u postgres -- "$PGBIN/pg_ctl" stop -D "$WORK/pg" -m fast \
        >/dev/null 2>&1 || true; }
    rm -rf "$WORK"
}
trap cleanup EXIT

"$BIN/oakctl" init -D "$WORK/oak" -U postgres >/dev/null 2>&1
"$BIN/oakd" -D "$WORK/oak" -p "$OAK_PORT" -c unix_socket_directories="$WORK" "${SETTINGS[@]}" \
    >"$OUT/bank_oakd.log" 2>&1 &
OAK_PID=$!
mkdir -p "$WORK/pg" && chown postgres "$WORK/pg"
runuser -u postgres -- "$PGBIN/initdb" -D "$WORK/pg" -A trust -U postgres -E UTF8 --locale=C \
    >/dev/null
runuser -u postgres -- "$PGBIN/postgres" -D "$WORK/pg" -p "$PG_PORT" \
    -c unix_socket_directories="$WORK" -c listen_addresses=127.0.0.1 "${SETTINGS[@]}" \
    >"$OUT/bank_pg.log" 2>&1 &
PG_PID=$!
for port in $OAK_PORT $PG_PORT; do
    for _ in $(seq 1 300); do
        pg_isready -q -h "$WORK" -p "$port" && break
        sleep 0.1
    done
done

q() { psql -X -q -v ON_ERROR_STOP=1 -h "$WORK" -p "$1" -U postgres -d postgres -c "$2"; }

reset_tables() { # port
    q "$1" "DROP TABLE IF EXISTS accounts" >/dev/null 2>&1
    q "$1" "DROP TABLE IF EXISTS transfers" >/dev/null 2>&1
    q "$1" "CREATE TABLE accounts (id int PRIMARY KEY, balance int8 NOT NULL)"
    q "$1" "CREATE TABLE transfers (id int8 PRIMARY KEY, src int NOT NULL, dst int NOT NULL,
            amount int NOT NULL)"
    q "$1" "INSERT INTO accounts SELECT g, 1000000 FROM generate_series(1, $NACC) g"
}

# One timed run: prints committed transfers per second.
one_run() { # port mode clients
    local port=$1 mode=$2 n=$3 logdir total=0
    reset_tables "$port"
    logdir=$(mktemp -d "$WORK/logs.XXXXXX")
    local pids=""
    for c in $(seq 1 "$n"); do
        "$CLIENT" "host=$WORK port=$port user=postgres dbname=postgres" "$mode" "$c" "$SECS" \
            "$NACC" "$logdir" >"$logdir/out.$c" 2>&1 &
        pids="$pids $!"
    done
    # shellcheck disable=SC2086 # a list of pids; a bare wait would wait for the servers
    wait $pids
    for c in $(seq 1 "$n"); do
        total=$((total + $(sed -n 's/.*committed \([0-9]*\),.*/\1/p' "$logdir/out.$c")))
    done
    rm -rf "$logdir"
    awk -v t="$total" -v s="$SECS" 'BEGIN { printf "%.0f", t / s }'
}

median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

{
    echo "Run on $(date -u +%F), $(nproc) cores, commit $(git rev-parse --short HEAD 2>/dev/null || echo none);"
    echo "$("$PGBIN/postgres" --version); $NACC accounts, ${SECS} s per run, medians of $PAIRS alternating pairs."
    echo
    echo "| isolation | clients | OakDB tps | PostgreSQL 15 tps | OakDB / PG | PG vs PG (noise) |"
    echo "| --- | --- | --- | --- | --- | --- |"
} >"$OUT/bank_results.md"
for mode in rc-for-update serializable; do
    for n in 1 2 8; do
        : >"$WORK/oak.runs"
        : >"$WORK/pg.runs"
        for _ in $(seq 1 "$PAIRS"); do
            one_run "$OAK_PORT" "$mode" "$n" >>"$WORK/oak.runs"
            echo >>"$WORK/oak.runs"
            one_run "$PG_PORT" "$mode" "$n" >>"$WORK/pg.runs"
            echo >>"$WORK/pg.runs"
        done
        noise_a=$(one_run "$PG_PORT" "$mode" "$n")
        noise_b=$(one_run "$PG_PORT" "$mode" "$n")
        oak=$(median <"$WORK/oak.runs")
        pg=$(median <"$WORK/pg.runs")
        ratio=$(awk -v a="$oak" -v b="$pg" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
        label=$([ "$mode" = serializable ] && echo SERIALIZABLE || echo "READ COMMITTED")
        echo "| $label | $n | $oak | $pg | $ratio | $noise_a vs $noise_b |" |
            tee -a "$OUT/bank_results.md"
    done
done
cat "$OUT/bank_results.md"
