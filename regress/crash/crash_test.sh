#!/bin/bash
# crash_test.sh
#     Durability across SIGKILL: a client inserts rows one per autocommitted statement and
#     records each id the server acknowledged; the test kills oakd and all its children
#     with SIGKILL mid-stream, restarts it on the same data directory, and checks that
#     every acknowledged row is present, intact, and that nothing else is, except the one
#     row whose INSERT was in flight at the kill (it may or may not have committed).
#     Every tenth row carries a value stored out of line (overflow pages, about 20 kB).
#     Repeated for several cycles on the same data, so recovery also replays over the
#     previous cycles' recovered state.
#
# Usage: regress/crash/crash_test.sh [CYCLES]      (default 3)
# Environment: OAK_BIN_DIR (where oakd and oakctl are; default the repository root).
# Prints "test crash_cycle_N ... ok/FAILED" per cycle and a closing "N passed, N failed".
set -uo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BIN=${OAK_BIN_DIR:-$ROOT}
CYCLES=${1:-3}
ROWS_PER_CYCLE=1000000 # a cap only: each cycle is cut short by the kill

unset PGHOST PGHOSTADDR PGPORT PGUSER PGDATABASE PGSERVICE PGOPTIONS PGTZ PGDATESTYLE
export LC_ALL=C

TMP=$(mktemp -d /tmp/oak_crash.XXXXXX)
OUT="$ROOT/regress/results/crash"
rm -rf "$OUT"
mkdir -p "$OUT"
LOG="$OUT/oakd.log"
ACK="$OUT/acked.txt"
INFLIGHT="$OUT/inflight.txt"
: >"$ACK"
: >"$INFLIGHT"
PID=""

port=""
for _ in $(seq 1 50); do
    p=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
        port=$p
        break
    fi
done
[ -n "$port" ] || { echo "crash_test: no free port" >&2; exit 1; }
CONNINFO="host=$TMP port=$port user=postgres dbname=postgres"

q() {
    psql -X -q -A -t -v ON_ERROR_STOP=1 -h "$TMP" -p "$port" -U postgres -d postgres -c "$1"
}

server_start() {
    echo "--- start $(date +%T)" >>"$LOG"
    "$BIN/oakd" -D "$TMP/data" -p "$port" -c unix_socket_directories="$TMP" >>"$LOG" 2>&1 &
    PID=$!
    for _ in $(seq 1 600); do # recovery may take a while under sanitizers
        pg_isready -q -h "$TMP" -p "$port" -U postgres -d postgres && return 0
        kill -0 "$PID" 2>/dev/null || break
        sleep 0.1
    done
    echo "crash_test: oakd did not become ready; log tail:" >&2
    tail -n 30 "$LOG" >&2
    return 1
}

# SIGKILL the postmaster and every child, freezing the postmaster first so it cannot fork
# a new child (or notice its children die) between the two kills.
server_kill() {
    kill -STOP "$PID" 2>/dev/null || true
    local children
    children=$(pgrep -P "$PID" || true)
    # shellcheck disable=SC2086 # one pid per word
    [ -z "$children" ] || kill -9 $children 2>/dev/null || true
    kill -9 "$PID" 2>/dev/null || true
    wait "$PID" 2>/dev/null || true
    for c in $children; do
        while kill -0 "$c" 2>/dev/null; do sleep 0.05; done
    done
    PID=""
}

server_stop() {
    [ -n "$PID" ] || return 0
    "$BIN/oakctl" stop -D "$TMP/data" -m fast >/dev/null 2>&1 || true
    for _ in $(seq 1 100); do
        kill -0 "$PID" 2>/dev/null || break
        sleep 0.1
    done
    kill -0 "$PID" 2>/dev/null && server_kill
    wait "$PID" 2>/dev/null || true
    PID=""
}
trap 'server_stop; rm -rf "$TMP"' EXIT
trap 'exit 130' INT TERM

CLIENT="$OUT/crash_insert"
# shellcheck disable=SC2046 # pkg-config prints flags as words
if ! cc -O2 -Wall -Wextra -Werror $(pkg-config --cflags libpq) -o "$CLIENT" \
    "$HERE/crash_insert.c" $(pkg-config --libs libpq); then
    echo "crash_test: cannot build the client"
    echo "0 passed, 1 failed"
    exit 1
fi

if ! "$BIN/oakctl" init -D "$TMP/data" -U postgres >"$OUT/init.log" 2>&1; then
    cat "$OUT/init.log" >&2
    echo "0 passed, 1 failed"
    exit 1
fi
if ! server_start || ! q "create table crash_t (id int8 primary key, t text not null)"; then
    echo "0 passed, 1 failed"
    exit 1
fi

# Check the table against the ack file. Every acknowledged id present, every present id
# acknowledged or in flight, every row's text intact.
verify() {
    local present="$OUT/present.txt"
    if ! q "select id from crash_t order by id" >"$present"; then
        echo "  cannot read crash_t"
        return 1
    fi
    local missing extra bad
    missing=$(comm -23 <(sort "$ACK") <(sort "$present") | wc -l)
    extra=$(comm -13 <(sort "$ACK" "$INFLIGHT" | uniq) <(sort "$present") | wc -l)
    bad=$(q "select count(*) from crash_t where t <> 'row ' || id ||
        case when id % 10 = 0 then repeat('.', (20000 + id % 1000)::int4) else '' end")
    big=$(q "select count(*) from crash_t where length(t) > 20000")
    echo "  acked $(wc -l <"$ACK"), present $(wc -l <"$present") (out of line ${big:-?})," \
        "missing $missing, unexpected $extra, corrupt ${bad:-?}"
    [ "$missing" -eq 0 ] && [ "$extra" -eq 0 ] && [ "$bad" = "0" ]
}

pass=0
fail=0
for cycle in $(seq 1 "$CYCLES"); do
    first=$((cycle * 10000000))
    before=$(wc -l <"$ACK")
    "$CLIENT" "$CONNINFO" "$first" "$ROWS_PER_CYCLE" "$ACK" >"$OUT/client.$cycle.out" \
        2>"$OUT/client.$cycle.err" &
    client=$!
    # Let at least some rows through, then kill at a different moment each cycle.
    for _ in $(seq 1 300); do
        [ $(($(wc -l <"$ACK") - before)) -ge 20 ] && break
        kill -0 "$client" 2>/dev/null || break
        sleep 0.1
    done
    sleep "$((cycle % 3)).$((RANDOM % 10))"
    server_kill
    wait "$client"
    rc=$?
    sed -n 's/^inflight //p' "$OUT/client.$cycle.out" >>"$INFLIGHT"
    echo "cycle $cycle: client exit $rc, $(($(wc -l <"$ACK") - before)) rows acknowledged"
    ok=1
    if [ "$rc" -ne 3 ]; then
        echo "  the client did not lose its connection at the kill (exit $rc):"
        head -n 5 "$OUT/client.$cycle.err"
        ok=0
    fi
    if ! server_start; then
        ok=0
    elif ! verify; then
        ok=0
    fi
    if [ "$ok" -eq 1 ]; then
        printf 'test %-24s ... ok\n' "crash_cycle_$cycle"
        pass=$((pass + 1))
    else
        printf 'test %-24s ... FAILED\n' "crash_cycle_$cycle"
        fail=$((fail + 1))
        [ -n "$PID" ] || break # the server would not come back: nothing more to test
    fi
done

# A clean shutdown and restart after the crashes keeps everything too.
server_stop
if server_start && verify; then
    printf 'test %-24s ... ok\n' "crash_clean_restart"
    pass=$((pass + 1))
else
    printf 'test %-24s ... FAILED\n' "crash_clean_restart"
    fail=$((fail + 1))
fi
server_stop
if grep -qE 'ERROR: (Address|Leak|Memory)Sanitizer|runtime error:' "$LOG"; then
    printf 'test %-24s ... FAILED (see %s)\n' "crash_sanitizer_report" "$LOG"
    fail=$((fail + 1))
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
