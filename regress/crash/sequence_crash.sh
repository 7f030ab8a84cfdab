#!/bin/bash
# sequence_crash.sh
#     Sequences survive kill -9: clients draw values with nextval() in committed
#     transactions (a serial column's INSERTs and plain SELECT nextval()) while the server
#     is killed with SIGKILL; after recovery every committed row is there and no value a
#     committed transaction drew is handed out again (the next nextval is above all of
#     them, and new INSERTs into the serial column meet no duplicate key).
#
# Usage: regress/crash/sequence_crash.sh     Environment: OAK_BIN_DIR (default: the root).
# Prints "test NAME ... ok/FAILED" lines and "N passed, N failed".
set -uo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
# shellcheck source=../lib/server.sh
. "$ROOT/regress/lib/server.sh"
OUT="$ROOT/regress/results/crash"
mkdir -p "$OUT"
LOG="$OUT/sequence_crash.log"
: >"$LOG"
PASS=0
FAIL=0
result() { # name rc detail
    if [ "$2" -eq 0 ]; then
        echo "test $1 ... ok"
        PASS=$((PASS + 1))
    else
        echo "test $1 ... FAILED: $3"
        FAIL=$((FAIL + 1))
    fi
}

lib_init seqcrash
lib_initdb "$LOG" || { echo "sequence_crash: init failed"; exit 1; }
lib_start "$LOG" || { echo "sequence_crash: start failed"; exit 1; }
lib_psql -c "create table sq (id serial primary key, who int)" \
    -c "create sequence sq_free increment 3" >>"$LOG" 2>&1

# Writers: each line a client prints is a value (or row) whose transaction committed.
writer() { # n
    for i in $(seq 1 100000); do
        lib_psql -c "insert into sq (who) values ($1)" >/dev/null 2>&1 || break
        echo "row"
    done
}
drawer() {
    while v=$(lib_psql -c "select nextval('sq_free')" 2>/dev/null); do
        echo "$v"
    done
}
writer 1 >"$OUT/seq_rows1" 2>/dev/null &
w1=$!
writer 2 >"$OUT/seq_rows2" 2>/dev/null &
w2=$!
drawer >"$OUT/seq_values" 2>/dev/null &
d1=$!
sleep 4
lib_kill9
wait $w1 $w2 $d1 2>/dev/null
rows=$(cat "$OUT/seq_rows1" "$OUT/seq_rows2" | grep -c .)
maxv=$(sort -n "$OUT/seq_values" | tail -1)

lib_start "$LOG" || { echo "sequence_crash: restart failed"; exit 1; }
n=$(lib_psql -c "select count(*) from sq")
[ -n "$n" ] && [ "$n" -ge "$rows" ] && [ "$rows" -gt 0 ]
result sequence_crash_committed_rows_kept $? "committed $rows, found '$n'"

next=$(lib_psql -c "select nextval('sq_free')")
[ -n "$maxv" ] && [ -n "$next" ] && [ "$next" -gt "$maxv" ]
result sequence_crash_no_value_reissued $? "largest drawn '$maxv', next '$next'"

# The serial column's next ids are above every committed one: no duplicate key.
out=$(lib_psql -c "insert into sq (who) select 3 from generate_series(1, 200)" 2>&1)
after=$(lib_psql -c "select count(*) from sq where who = 3")
[ -z "$out" ] && [ "$after" = 200 ]
result sequence_crash_serial_continues $? "$out / $after rows"
lib_stop "$LOG"
echo "$PASS passed, $FAIL failed"
[ "$FAIL" -eq 0 ]
