#!/bin/bash
# run_regress.sh
#     pg_regress for OakDB: start a throwaway oakd on a free port with a fresh data
#     directory, run every test of regress/schedule in order through real psql, diff each
#     result against regress/expected/, stop the server. Differences go to
#     regress/regression.diffs; results stay in regress/results/.
#
# Usage:
#     regress/run_regress.sh                 run the suite against a throwaway oakd
#     regress/run_regress.sh TEST...         run only these tests (still in a fresh server)
#     regress/run_regress.sh --existing HOST PORT OUTDIR
#         run the schedule against a server that is already running and write the outputs
#         to OUTDIR without diffing: scripts/pg-oracle.sh uses this to produce
#         regress/expected/ from PostgreSQL 15 with exactly the psql command used here.
#
# Environment: OAK_BIN_DIR (where oakd and oakctl are; default the repository root).
# Exit status: 0 if every test passed, 1 otherwise.
set -uo pipefail

REGRESS_DIR=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$REGRESS_DIR/.." && pwd)
BIN=${OAK_BIN_DIR:-$ROOT}

# The client side is pinned, as pg_regress does, so output depends only on the server:
# no ~/.psqlrc (-X), C locale, UTF8, and no connection defaults inherited from the
# caller's environment. Unlike pg_regress we send no PGTZ/PGDATESTYLE (libpq would pass
# them as startup parameters): the tests print no dates or times, so the server's own
# defaults (UTC, ISO) stand.
unset PGHOST PGHOSTADDR PGPORT PGUSER PGDATABASE PGSERVICE PGSERVICEFILE PGPASSWORD \
    PGPASSFILE PGOPTIONS PGSSLMODE PGCONNECT_TIMEOUT PGAPPNAME PGTZ PGDATESTYLE PGGEQO
export LC_ALL=C LANG=C PGCLIENTENCODING=UTF8

# One test: the exact command both for OakDB and for the PostgreSQL oracle. Runs in
# REGRESS_DIR so psql's error prefix names the file as "psql:sql/NAME.sql:LINE:".
run_psql_file() { # host port name outfile
    (cd "$REGRESS_DIR" && psql -X -a -q -h "$1" -p "$2" -U postgres -d postgres \
        -f "sql/$3.sql" >"$4" 2>&1)
}

schedule_tests() {
    # "test: a b c" lines, as in pg_regress; a group runs in order here (no parallelism).
    sed -n 's/^test:[[:space:]]*//p' "$REGRESS_DIR/schedule" | tr -s ' \t' '\n' | sed '/^$/d'
}

if [ "${1:-}" = "--existing" ]; then
    [ $# -eq 4 ] || { echo "usage: $0 --existing HOST PORT OUTDIR" >&2; exit 2; }
    mkdir -p "$4"
    for t in $(schedule_tests); do
        run_psql_file "$2" "$3" "$t" "$4/$t.out"
        echo "wrote $4/$t.out"
    done
    exit 0
fi

if [ $# -gt 0 ]; then
    TESTS=("$@")
else
    mapfile -t TESTS < <(schedule_tests)
fi

for b in oakd oakctl; do
    [ -x "$BIN/$b" ] || { echo "run_regress: $BIN/$b not built" >&2; exit 1; }
done

# A port nobody listens on: try random ones in the dynamic range.
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

TMP=$(mktemp -d /tmp/oak_regress.XXXXXX)
PORT=$(pick_port) || { echo "run_regress: no free port" >&2; exit 1; }
RESULTS="$REGRESS_DIR/results"
DIFFS="$REGRESS_DIR/regression.diffs"
LOG="$RESULTS/oakd.log"
rm -rf "$RESULTS" "$DIFFS"
mkdir -p "$RESULTS"
OAKD_PID=""

stop_server() {
    [ -n "$OAKD_PID" ] || return 0
    "$BIN/oakctl" stop -D "$TMP/data" -m fast >/dev/null 2>&1 || true
    for _ in $(seq 1 100); do
        kill -0 "$OAKD_PID" 2>/dev/null || break
        sleep 0.1
    done
    if kill -0 "$OAKD_PID" 2>/dev/null; then
        echo "run_regress: oakd did not stop, killing it" >&2
        pkill -9 -P "$OAKD_PID" 2>/dev/null || true
        kill -9 "$OAKD_PID" 2>/dev/null || true
    fi
    wait "$OAKD_PID" 2>/dev/null || true
    OAKD_PID=""
}
trap 'stop_server; rm -rf "$TMP"' EXIT
trap 'exit 130' INT TERM

echo "run_regress: data directory $TMP/data, port $PORT, log $LOG"
if ! "$BIN/oakctl" init -D "$TMP/data" -U postgres >"$RESULTS/init.log" 2>&1; then
    echo "run_regress: oakctl init failed:" >&2
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
    echo "run_regress: oakd did not become ready; log:" >&2
    tail -n 30 "$LOG" >&2
    echo "0 passed, 1 failed"
    exit 1
fi

pass=0
fail=0
for t in "${TESTS[@]}"; do
    if [ ! -f "$REGRESS_DIR/sql/$t.sql" ]; then
        printf 'test %-24s ... FAILED (no sql/%s.sql)\n' "$t" "$t"
        fail=$((fail + 1))
        continue
    fi
    run_psql_file "$TMP" "$PORT" "$t" "$RESULTS/$t.out"
    if diff -u "$REGRESS_DIR/expected/$t.out" "$RESULTS/$t.out" >"$RESULTS/$t.diff" 2>&1; then
        printf 'test %-24s ... ok\n' "$t"
        pass=$((pass + 1))
        rm -f "$RESULTS/$t.diff"
    else
        printf 'test %-24s ... FAILED\n' "$t"
        cat "$RESULTS/$t.diff" >>"$DIFFS"
        fail=$((fail + 1))
    fi
done

# The server must have survived every test, and (in an --enable-debug build) no
# sanitizer may have reported anything in any process: a backend that trips ASan dies
# alone, and its test might still pass if the error came after the last output.
if kill -0 "$OAKD_PID" 2>/dev/null && pg_isready -q -h "$TMP" -p "$PORT" -U postgres; then
    printf 'test %-24s ... ok\n' "(server alive)"
    pass=$((pass + 1))
else
    printf 'test %-24s ... FAILED\n' "(server alive)"
    fail=$((fail + 1))
fi
stop_server
if grep -qE 'ERROR: (Address|Leak|Memory|Thread)Sanitizer|runtime error:' "$LOG"; then
    printf 'test %-24s ... FAILED (see %s)\n' "(sanitizer report)" "$LOG"
    fail=$((fail + 1))
else
    printf 'test %-24s ... ok\n' "(sanitizer report)"
    pass=$((pass + 1))
fi

if [ "$fail" -gt 0 ]; then
    echo "run_regress: differences in $DIFFS"
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
