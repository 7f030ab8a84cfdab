#!/bin/bash
# run_isolation.sh
#     The isolation suite: build regress/isolation/isolationtester (libpq, outside the
#     automake build, as regress/crash does), start a throwaway oakd on a free port with a
#     fresh data directory, run every spec that regress/isolation/schedule enables, diff
#     each output against regress/isolation/expected/, stop the server. Outputs, and all
#     differences in one isolation.diffs, stay in regress/results/isolation/.
#
# Schedule lines: "test: NAME ..." runs specs/NAME.spec; "# pending: NAME" lists a spec
# whose expected output exists but that OakDB cannot pass yet (the feature is not built):
# it is not run here, but --existing regenerates its expected file like any other.
# With nothing enabled the script says so and exits 0.
#
# Usage:
#     regress/isolation/run_isolation.sh                run the enabled specs on a throwaway oakd
#     regress/isolation/run_isolation.sh NAME...        run only these specs (pending or not)
#     regress/isolation/run_isolation.sh --existing HOST PORT OUTDIR [NAME...]
#         run every spec of the schedule (enabled and pending), or the NAMEs given, against
#         a server that is already running and write NAME.out to OUTDIR without diffing:
#         scripts/pg-oracle.sh regen-isolation uses this to produce expected/ from
#         PostgreSQL 15 with exactly the tester and options used here.
#
# Environment: OAK_BIN_DIR (where oakd and oakctl are; default the repository root);
#     OAK_ISOLATION_WAIT_MS (the tester's waiting threshold, default 200: see the head
#     comment of isolationtester.c; raise it on a very slow machine, for both servers).
# Exit status: 0 if every test passed, 1 otherwise.
set -uo pipefail

ISO_DIR=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$ISO_DIR/../.." && pwd)
BIN=${OAK_BIN_DIR:-$ROOT}
RESULTS="$ROOT/regress/results/isolation"
TESTER="$RESULTS/isolationtester"
WAIT_MS=${OAK_ISOLATION_WAIT_MS:-200}

unset PGHOST PGHOSTADDR PGPORT PGUSER PGDATABASE PGSERVICE PGSERVICEFILE PGPASSWORD \
    PGPASSFILE PGOPTIONS PGSSLMODE PGCONNECT_TIMEOUT PGAPPNAME PGTZ PGDATESTYLE PGGEQO
export LC_ALL=C LANG=C PGCLIENTENCODING=UTF8

# "test: a b c  # comment" names a, b and c; "# pending: a  # comment" names a.
enabled_specs() {
    sed -n 's/^test:[[:space:]]*\([^#]*\).*/\1/p' "$ISO_DIR/schedule" | tr -s ' \t' '\n' |
        sed '/^$/d'
}

all_specs() {
    {
        enabled_specs
        sed -n 's/^#[[:space:]]*pending:[[:space:]]*\([^[:space:]#]*\).*/\1/p' "$ISO_DIR/schedule"
    } | sed '/^$/d'
}

build_tester() {
    mkdir -p "$RESULTS"
    # shellcheck disable=SC2046 # pkg-config prints flags as words
    cc -O2 -std=gnu11 -Wall -Wextra -Werror $(pkg-config --cflags libpq) -o "$TESTER" \
        "$ISO_DIR/isolationtester.c" $(pkg-config --libs libpq)
}

# One spec: the exact command both for OakDB and for the PostgreSQL oracle.
run_spec() { # host port name outfile
    "$TESTER" -h "$1" -p "$2" -U postgres -d postgres -w "$WAIT_MS" \
        "$ISO_DIR/specs/$3.spec" >"$4" 2>&1
}

if [ "${1:-}" = "--existing" ]; then
    [ $# -ge 4 ] || { echo "usage: $0 --existing HOST PORT OUTDIR [NAME...]" >&2; exit 2; }
    host=$2 port=$3 outdir=$4
    shift 4
    if [ $# -gt 0 ]; then
        SPECS=("$@")
    else
        mapfile -t SPECS < <(all_specs)
    fi
    build_tester || { echo "run_isolation: cannot build the tester" >&2; exit 1; }
    mkdir -p "$outdir"
    rc=0
    for t in "${SPECS[@]}"; do
        if ! run_spec "$host" "$port" "$t" "$outdir/$t.out"; then
            echo "run_isolation: $t: the tester failed, see $outdir/$t.out" >&2
            rc=1
        fi
        echo "wrote $outdir/$t.out"
    done
    exit $rc
fi

if [ $# -gt 0 ]; then
    SPECS=("$@")
else
    mapfile -t SPECS < <(enabled_specs)
fi
if [ ${#SPECS[@]} -eq 0 ]; then
    echo "run_isolation: nothing to run (every spec in regress/isolation/schedule is pending)"
    exit 0
fi

for b in oakd oakctl; do
    [ -x "$BIN/$b" ] || { echo "run_isolation: $BIN/$b not built" >&2; exit 1; }
done
rm -rf "$RESULTS"
if ! build_tester; then
    echo "test isolationtester ... FAILED (does not build)"
    echo "0 passed, 1 failed"
    exit 1
fi

pick_port() {
    local p
    for _ in $(seq 1 50); do
        p=$((20000 + RANDOM % 40000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
            echo "$p"
            return 0
        fi
    done
    return 1
}

TMP=$(mktemp -d /tmp/oak_isolation.XXXXXX)
PORT=$(pick_port) || { echo "run_isolation: no free port" >&2; exit 1; }
DIFFS="$RESULTS/isolation.diffs"
LOG="$RESULTS/oakd.log"
OAKD_PID=""

stop_server() {
    [ -n "$OAKD_PID" ] || return 0
    "$BIN/oakctl" stop -D "$TMP/data" -m fast >/dev/null 2>&1 || true
    for _ in $(seq 1 100); do
        kill -0 "$OAKD_PID" 2>/dev/null || break
        sleep 0.1
    done
    if kill -0 "$OAKD_PID" 2>/dev/null; then
        echo "run_isolation: oakd did not stop, killing it" >&2
        pkill -9 -P "$OAKD_PID" 2>/dev/null || true
        kill -9 "$OAKD_PID" 2>/dev/null || true
    fi
    wait "$OAKD_PID" 2>/dev/null || true
    OAKD_PID=""
}
trap 'stop_server; rm -rf "$TMP"' EXIT
trap 'exit 130' INT TERM

echo "run_isolation: data directory $TMP/data, port $PORT, log $LOG"
if ! "$BIN/oakctl" init -D "$TMP/data" -U postgres >"$RESULTS/init.log" 2>&1; then
    echo "run_isolation: oakctl init failed:" >&2
    cat "$RESULTS/init.log" >&2
    echo "0 passed, 1 failed"
    exit 1
fi
"$BIN/oakd" -D "$TMP/data" -p "$PORT" -c unix_socket_directories="$TMP" >"$LOG" 2>&1 &
OAKD_PID=$!

ready=0
for _ in $(seq 1 300); do
    if pg_isready -q -h "$TMP" -p "$PORT" -U postgres -d postgres; then
        ready=1
        break
    fi
    kill -0 "$OAKD_PID" 2>/dev/null || break
    sleep 0.1
done
if [ "$ready" -ne 1 ]; then
    echo "run_isolation: oakd did not become ready; log:" >&2
    tail -n 30 "$LOG" >&2
    echo "0 passed, 1 failed"
    exit 1
fi

pass=0
fail=0
for t in "${SPECS[@]}"; do
    if [ ! -f "$ISO_DIR/specs/$t.spec" ]; then
        printf 'test %-28s ... FAILED (no specs/%s.spec)\n' "$t" "$t"
        fail=$((fail + 1))
        continue
    fi
    run_spec "$TMP" "$PORT" "$t" "$RESULTS/$t.out"
    if diff -u "$ISO_DIR/expected/$t.out" "$RESULTS/$t.out" >"$RESULTS/$t.diff" 2>&1; then
        printf 'test %-28s ... ok\n' "$t"
        pass=$((pass + 1))
        rm -f "$RESULTS/$t.diff"
    else
        printf 'test %-28s ... FAILED\n' "$t"
        cat "$RESULTS/$t.diff" >>"$DIFFS"
        fail=$((fail + 1))
    fi
done

# As in run_regress.sh: the server survived every spec, and no sanitizer spoke.
if kill -0 "$OAKD_PID" 2>/dev/null && pg_isready -q -h "$TMP" -p "$PORT" -U postgres; then
    printf 'test %-28s ... ok\n' "(isolation server alive)"
    pass=$((pass + 1))
else
    printf 'test %-28s ... FAILED\n' "(isolation server alive)"
    fail=$((fail + 1))
fi
stop_server
if grep -qE 'ERROR: (Address|Leak|Memory|Thread)Sanitizer|runtime error:' "$LOG"; then
    printf 'test %-28s ... FAILED (see %s)\n' "(isolation sanitizer report)" "$LOG"
    fail=$((fail + 1))
else
    printf 'test %-28s ... ok\n' "(isolation sanitizer report)"
    pass=$((pass + 1))
fi

if [ "$fail" -gt 0 ]; then
    echo "run_isolation: differences in $DIFFS"
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
