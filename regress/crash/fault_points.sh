#!/bin/bash
# fault_points.sh
#     Crash at each named fault point (doc/fault-injection.md) in the middle of a write load,
#     then check recovery. Per point: a fresh cluster with a small pool (32 buffers, so the
#     load evicts dirty pages) and a small max_wal_size (so checkpoints come often), started
#     with OAK_FAULT=point:N; one psql session runs numbered transactions, each inserting
#     ROWS rows spread over the key space (B+ tree splits everywhere) and updating two rows
#     of the previous transaction, and prints "ack N" after each COMMIT returned. The crash
#     ends the session. Then the server is stopped (a fast stop, after the postmaster's own
#     reset and recovery, which still run with OAK_FAULT set) or killed with SIGKILL with all
#     its children (mode "kill"), restarted without OAK_FAULT, and checked:
#       - every acknowledged transaction's rows are there, with the updates of acknowledged
#         transactions; the one transaction in flight at the crash is there whole or not at
#         all (and must be there for commit-after-wal-flush: its commit was flushed); no later
#         transaction left anything;
#       - the server takes writes again;
#       - after a clean stop, `oakctl verify -D` exits 0.
#
# Usage: regress/crash/fault_points.sh [POINT...]      (default: every point below)
# Environment: OAK_BIN_DIR (where oakd and oakctl are; default the repository root).
# Prints "test fault_<point> ... ok/FAILED" per point and "N passed, N failed".
set -uo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
# shellcheck source=../lib/server.sh
. "$ROOT/regress/lib/server.sh"
OUT="$ROOT/regress/results/fault_points"
rm -rf "$OUT"
mkdir -p "$OUT"

TXS=400 # transactions in the load, at most (the crash cuts it short)
ROWS=20 # rows inserted per transaction; transaction t inserts ids g * 1000 + t
SETTINGS=(-c shared_buffers=256kB -c max_wal_size=2MB -c checkpoint_timeout=30s
    -c autovacuum=off)

# point:N (crash on the Nth hit in a process, counted per process), what follows the crash,
# and settings of the case's own. N is chosen so the crash comes well into the load: splits
# and commits happen in the load's backend, page writes there (evictions) and in the
# checkpointer, checkpoints in the checkpointer (its first ones come after about 1 MB of WAL).
# The torn page case makes checkpoints rare, so the load's backend tears the page: with the
# postmaster frozen, a checkpointer's death would not end the load. Its N must not land on
# a page whose second half is zero both on disk and in memory (a young commit-log page):
# such a page tears invisibly and the case finds no torn page to repair.
CASES=(
    "btree-split:40 stop"
    "wal-flushed-before-buffer-write:150 stop"
    "checkpoint-middle:3 kill"
    "torn-page-write:110 freeze -c max_wal_size=32MB"
    "commit-after-wal-flush:60 stop"
)

passed=0
failed=0
lib_init fault

# The load script: transaction t, then "ack t" once its COMMIT returned.
LOAD="$OUT/load.sql"
{
    echo '\set ON_ERROR_STOP 1'
    echo 'select pg_sleep(0.3);' # connected: mode "freeze" may stop the postmaster now
    for t in $(seq 1 "$TXS"); do
        echo "begin;"
        echo "insert into ft select g * 1000 + $t, $t, 0, repeat('f', 300)" \
            "from generate_series(0, $((ROWS - 1))) g;"
        if [ "$t" -gt 1 ]; then
            echo "update ft set upd = $t where id = $((t - 1));"
            echo "update ft set upd = $t where id = $((1000 + t - 1));"
        fi
        echo "commit;"
        printf '\\echo ack %s\n' "$t"
    done
} >"$LOAD"

# SIGKILL the postmaster and every child, freezing the postmaster first so it cannot fork
# a new child between the two kills.
server_kill() {
    [ -n "$PID" ] || return 0
    kill -STOP "$PID" 2>/dev/null
    local children
    children=$(pgrep -P "$PID")
    # shellcheck disable=SC2086 # one pid per word
    [ -z "$children" ] || kill -9 $children 2>/dev/null
    kill -9 "$PID" 2>/dev/null
    wait "$PID" 2>/dev/null
    for c in $children; do
        while kill -0 "$c" 2>/dev/null; do sleep 0.05; done
    done
    PID=""
}

# Fast stop, waiting at most 60 s (recovery under OAK_FAULT may crash again: the postmaster
# then exits by itself); kill what is left after that.
server_stop() { # log
    [ -n "$PID" ] || return 0
    "$BIN/oakctl" stop -D "$TMP/data" -m fast >>"$1" 2>&1
    for _ in $(seq 1 600); do
        kill -0 "$PID" 2>/dev/null || break
        sleep 0.1
    done
    if kill -0 "$PID" 2>/dev/null; then
        echo "  the server did not stop within 60 s: killed" >>"$1"
        server_kill
    fi
    wait "$PID" 2>/dev/null
    PID=""
}
trap 'server_kill; lib_cleanup' EXIT

# Compare the table with the acknowledgements. $1 = last acked transaction, $2 = 1 if the
# in-flight transaction must be present. Prints what is wrong; returns 0 if nothing.
check_rows() { # last-acked inflight-must-be-there log
    local acked=$1 must=$2 log=$3 rows
    if ! rows=$(lib_psql -v ON_ERROR_STOP=1 -F ' ' \
        -c "select tx, count(*), sum(upd) from ft group by tx order by tx" 2>>"$log"); then
        echo "cannot read ft"
        return 1
    fi
    echo "$rows" | awk -v acked="$acked" -v must="$must" -v rows="$ROWS" '
        NF == 3 { n[$1] = $2; s[$1] = $3; seen[$1] = 1 }
        END {
            bad = 0
            inflight = acked + 1
            for (t in seen) {
                t += 0
                if (t > inflight || t < 1) { print "  unexpected transaction " t; bad = 1 }
                if (n[t] != rows) { print "  transaction " t " has " n[t] " rows"; bad = 1 }
            }
            for (t = 1; t <= acked; t++)
                if (!(t in seen)) { print "  acknowledged transaction " t " is missing"; bad = 1 }
            if (must && !(inflight in seen)) {
                print "  transaction " inflight " (commit flushed) is missing"; bad = 1
            }
            for (t in seen) {
                t += 0
                want = ((t + 1) in seen) ? 2 * (t + 1) : 0
                if (s[t] != want) { print "  transaction " t " updates: " s[t] ", want " want; bad = 1 }
            }
            printf "  %d acknowledged, in flight %s\n", acked, \
                (inflight in seen) ? "committed" : "absent"
            exit bad
        }'
}

run_case() { # point:N mode [oakd args...]
    local spec=$1 mode=$2
    shift 2
    local settings=("${SETTINGS[@]}" "$@")
    local point=${spec%%:*}
    local log="$OUT/$point.log"
    local acks="$OUT/$point.acks"
    local why=""
    : >"$log"
    rm -rf "$TMP/data"
    lib_initdb "$log" || { echo "  init failed"; return 1; }
    OAK_FAULT=$spec lib_start "$log" "${settings[@]}" || { echo "  start failed"; return 1; }
    lib_psql -v ON_ERROR_STOP=1 \
        -c "create table ft (id int8 primary key, tx int4 not null, upd int4 not null, pad text)" \
        >>"$log" 2>&1 || { echo "  create table failed"; return 1; }
    lib_psql -f "$LOAD" >"$acks" 2>>"$log" &
    local load=$!
    if [ "$mode" = freeze ]; then
        sleep 0.15
        kill -STOP "$PID" # no reset, no recovery: the crash's leftovers stay on disk
    fi
    wait "$load"
    local rc=$?
    local acked
    acked=$(sed -n 's/^ack //p' "$acks" | tail -n 1)
    acked=${acked:-0}
    [ "$rc" -ne 0 ] || why="$why; the load finished: no crash"
    [ "$mode" = freeze ] || grep -q "terminated by signal 9" "$log" ||
        why="$why; no process was killed"
    [ "$acked" -ge 3 ] || why="$why; crashed after only $acked transactions"
    if [ "$mode" = stop ]; then
        server_stop "$log"
    else
        server_kill
    fi
    if [ "$mode" = freeze ]; then
        # The torn page must be on disk now, or the case would not test its repair.
        local bad
        bad=$("$BIN/oakctl" verify -D "$TMP/data" 2>&1 | tee -a "$log" | grep -c -i checksum)
        echo "  before recovery, oakctl verify finds $bad checksum failure(s)"
        [ "$point" != torn-page-write ] || [ "$bad" -ge 1 ] ||
            why="$why; no torn page on disk before recovery"
    fi
    echo "--- restart without OAK_FAULT" >>"$log"
    if ! lib_start "$log" "${settings[@]}"; then
        echo "  restart failed:$why"
        tail -n 5 "$log" | sed 's/^/  | /'
        return 1
    fi
    local must=0
    [ "$point" = commit-after-wal-flush ] && must=1
    check_rows "$acked" "$must" "$log" || why="$why; rows do not match the acknowledgements"
    lib_psql -v ON_ERROR_STOP=1 -c "insert into ft values (999999, 0, 0, 'after'); delete from ft where id = 999999" \
        >>"$log" 2>&1 || why="$why; no writes after recovery"
    server_stop "$log"
    "$BIN/oakctl" verify -D "$TMP/data" >>"$log" 2>&1 || why="$why; oakctl verify failed"
    grep -qE 'ERROR: (Address|Leak|Memory)Sanitizer|runtime error:' "$log" &&
        why="$why; sanitizer report in $log"
    echo "  psql exit $rc; $(grep -c 'terminated by signal 9' "$log") process(es) killed"
    [ -z "$why" ] && return 0
    echo "  ${why#; }"
    return 1
}

want=("$@")
for c in "${CASES[@]}"; do
    read -r spec mode extra <<<"$c"
    point=${spec%%:*}
    if [ "${#want[@]}" -gt 0 ] && [[ " ${want[*]} " != *" $point "* ]]; then
        continue
    fi
    echo "fault $spec, then $mode:"
    # shellcheck disable=SC2086 # extra settings are words
    if run_case "$spec" "$mode" $extra; then
        printf 'test %-40s ... ok\n' "fault_$point"
        passed=$((passed + 1))
    else
        printf 'test %-40s ... FAILED (see %s)\n' "fault_$point" "$OUT/$point.log"
        failed=$((failed + 1))
        server_kill
    fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
