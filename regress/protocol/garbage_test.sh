#!/bin/bash
# garbage_test.sh
#     Protocol robustness: start a throwaway oakd, run garbage_test.py against it over TCP
#     (garbage bytes, truncated and oversized start-up packets and messages, clients that
#     vanish mid-message), then check with real psql that the server still serves, and
#     that the session opened first survived it all (a backend crash that made the
#     postmaster reset would have ended it).
#
# Usage: regress/protocol/garbage_test.sh      Environment: OAK_BIN_DIR as run_regress.sh.
set -uo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BIN=${OAK_BIN_DIR:-$ROOT}
unset PGHOST PGHOSTADDR PGPORT PGUSER PGDATABASE PGSERVICE PGOPTIONS PGTZ PGDATESTYLE
export LC_ALL=C

TMP=$(mktemp -d /tmp/oak_garbage.XXXXXX)
OUT="$ROOT/regress/results/protocol"
rm -rf "$OUT"
mkdir -p "$OUT"
LOG="$OUT/oakd.log"
PID=""
port=""
for _ in $(seq 1 50); do
    p=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
        port=$p
        break
    fi
done
[ -n "$port" ] || { echo "garbage_test: no free port" >&2; exit 1; }

cleanup() {
    if [ -n "$PID" ]; then
        "$BIN/oakctl" stop -D "$TMP/data" -m fast >/dev/null 2>&1 || true
        for _ in $(seq 1 100); do
            kill -0 "$PID" 2>/dev/null || break
            sleep 0.1
        done
        if kill -0 "$PID" 2>/dev/null; then
            pkill -9 -P "$PID" 2>/dev/null || true
            kill -9 "$PID" 2>/dev/null || true
        fi
        wait "$PID" 2>/dev/null || true
    fi
    rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if ! "$BIN/oakctl" init -D "$TMP/data" -U postgres >"$OUT/init.log" 2>&1; then
    cat "$OUT/init.log" >&2
    echo "0 passed, 1 failed"
    exit 1
fi
"$BIN/oakd" -D "$TMP/data" -p "$port" -c unix_socket_directories="$TMP" >"$LOG" 2>&1 &
PID=$!
ready=0
for _ in $(seq 1 300); do
    if pg_isready -q -h 127.0.0.1 -p "$port" -U postgres -d postgres; then
        ready=1
        break
    fi
    sleep 0.1
done
if [ "$ready" -ne 1 ]; then
    echo "garbage_test: oakd did not become ready on 127.0.0.1:$port" >&2
    tail -n 20 "$LOG" >&2
    echo "0 passed, 1 failed"
    exit 1
fi

python3 "$HERE/garbage_test.py" 127.0.0.1 "$port" | tee "$OUT/garbage_test.out"
py_rc=${PIPESTATUS[0]}
pass=$(grep -c '^test .* \.\.\. ok$' "$OUT/garbage_test.out")
fail=$(grep -c '^test .* \.\.\. FAILED' "$OUT/garbage_test.out")
[ "$py_rc" -eq 0 ] || [ "$fail" -gt 0 ] || fail=1

# A real client still works, and the postmaster is the one we started.
if kill -0 "$PID" 2>/dev/null && [ "$(psql -X -At -h "$TMP" -p "$port" -U postgres \
    -d postgres -c "select 'still here'" 2>&1)" = "still here" ]; then
    printf 'test %-24s ... ok\n' "psql_after_garbage"
    pass=$((pass + 1))
else
    printf 'test %-24s ... FAILED\n' "psql_after_garbage"
    fail=$((fail + 1))
fi
if grep -qE 'ERROR: (Address|Leak|Memory)Sanitizer|runtime error:' "$LOG"; then
    printf 'test %-24s ... FAILED (see %s)\n' "garbage_sanitizer_report" "$LOG"
    fail=$((fail + 1))
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
