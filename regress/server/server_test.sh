#!/bin/bash
# server_test.sh
#     The postmaster's promises, tested with real clients: max_connections refuses one
#     client too many with 53300 and serves the others; a backend killed with SIGKILL makes
#     the postmaster reset shared memory and recover, losing nothing committed; a client
#     that disconnects inside a transaction has it rolled back and its locks released; a fast
#     shutdown ends a running session with 57P01 and a restart finds every committed row;
#     a smart shutdown waits for its last client.
#
# Usage: regress/server/server_test.sh
# Environment: OAK_BIN_DIR (where oakd and oakctl are; default the repository root).
# Prints "test NAME ... ok/FAILED" per case and a closing "N passed, N failed".
set -uo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
# shellcheck source=../lib/server.sh
. "$ROOT/regress/lib/server.sh"
OUT="$ROOT/regress/results/server"
rm -rf "$OUT"
mkdir -p "$OUT"
LOG="$OUT/oakd.log"
passed=0
failed=0
lib_init server
port=$PORT

q() {
    lib_psql -v ON_ERROR_STOP=1 -c "$1"
}

result() { # name ok(0/1) detail
    if [ "$2" = 0 ]; then
        echo "test $1 ... ok"
        passed=$((passed + 1))
    else
        echo "test $1 ... FAILED: $3"
        failed=$((failed + 1))
    fi
}

server_start() { lib_start "$LOG" "$@"; }

server_wait_exit() { # seconds
    for _ in $(seq 1 $(($1 * 10))); do
        kill -0 "$PID" 2>/dev/null || { wait "$PID" 2>/dev/null; return 0; }
        sleep 0.1
    done
    return 1
}

lib_initdb "$LOG" || { echo "server_test: init failed"; exit 1; }

# 1. max_connections: the fourth client of three is refused with 53300, the others work.
server_start -c max_connections=3 || { echo "server_test: start failed"; exit 1; }
sleepers=""
for i in 1 2 3; do
    psql -X -q -h "$TMP" -p "$port" -U postgres -d postgres -c "select pg_sleep(3)" \
        >/dev/null 2>&1 &
    sleepers="$sleepers $!"
done
sleep 1
# libpq prints no SQLSTATE for a refused connection; the server log names it (53300).
out=$(PGCONNECT_TIMEOUT=5 psql -X -h "$TMP" -p "$port" -U postgres -d postgres \
    -c "select 1" 2>&1)
echo "$out" | grep -q "FATAL:  sorry, too many clients already"
result max_connections_refused $? "$out"
# shellcheck disable=SC2086 # a list of pids
wait $sleepers
out=$(q "select 41 + 1" 2>&1)
[ "$out" = 42 ]
result max_connections_served_after $? "$out"
"$BIN/oakctl" stop -D "$TMP/data" -m fast >>"$LOG" 2>&1
server_wait_exit 30

# 2. A backend killed with SIGKILL: reset and recovery, committed rows kept.
server_start || { echo "server_test: start failed"; exit 1; }
q "create table srv (id int4 primary key, v text)" >/dev/null
q "insert into srv select g, 'row ' || g from generate_series(1, 5000) g" >/dev/null
psql -X -q -h "$TMP" -p "$port" -U postgres -d postgres \
    -c "begin; insert into srv values (99999, 'uncommitted'); select pg_sleep(30)" \
    >"$OUT/victim.out" 2>&1 &
victim_client=$!
sleep 1
bpid=$(q "select pid from pg_stat_activity where query like '%uncommitted%' and query not like '%pg_stat_activity%'")
if [ -n "$bpid" ]; then
    kill -9 "$bpid"
    ok=1
    for _ in $(seq 1 300); do
        out=$(q "select count(*), sum(id) from srv" 2>/dev/null) && { ok=0; break; }
        sleep 0.1
    done
    [ "$ok" = 0 ] && [ "$out" = "5000|12502500" ] && grep -q "terminated by signal 9" "$LOG"
    result backend_crash_recovers $? "count/sum '$out', backend $bpid"
else
    result backend_crash_recovers 1 "no backend found"
fi
wait "$victim_client" 2>/dev/null

# 2b. A client that disconnects while idle inside a transaction: its backend sees the
#     connection close, rolls back and releases the row lock at once.
(echo "begin; update srv set v = 'gone' where id = 1;"; sleep 30) |
    psql -X -q -h "$TMP" -p "$port" -U postgres -d postgres >"$OUT/quitter.out" 2>&1 &
sleep 1
quitter=$(pgrep -f "psql -X -q -h $TMP -p $port" | head -1)
out=$(q "select v from srv where id = 1 for update nowait" 2>&1)
echo "$out" | grep -q "could not obtain lock"
locked=$?
[ -n "$quitter" ] && kill -9 "$quitter" 2>/dev/null # the client dies mid-transaction
ok=1
for _ in $(seq 1 50); do
    out=$(q "select v from srv where id = 1 for update nowait" 2>&1) && { ok=0; break; }
    sleep 0.1
done
[ "$locked" = 0 ] && [ "$ok" = 0 ] && [ "$out" = "row 1" ]
result disconnect_rolls_back_and_unlocks $? "locked before: $locked, after: '$out'"
pkill -f "sleep 30" -P $$ 2>/dev/null

# 2c. A client that ends its session (Terminate) inside a transaction that read a table: the
#     exit rolls back and releases its table lock, so DROP TABLE does not wait for ever
#     (the lock used to stay with the process slot until another backend reused it).
q "create table srv_quit (id int primary key)" >/dev/null 2>&1
printf 'begin;\nselect count(*) from srv_quit;\n' |
    psql -X -q -h "$TMP" -p "$port" -U postgres -d postgres >"$OUT/terminate.out" 2>&1
# An idle session takes the slot the quitter left, so the DROP below runs in another one.
(sleep 12) | psql -X -q -h "$TMP" -p "$port" -U postgres -d postgres >/dev/null 2>&1 &
idle=$!
sleep 1
out=$(timeout 10 psql -X -q -h "$TMP" -p "$port" -U postgres -d postgres \
    -c "drop table srv_quit" 2>&1)
result terminate_in_transaction_releases_locks $? "$out"
kill "$idle" 2>/dev/null
pkill -f "sleep 12" -P $$ 2>/dev/null

# 2d. A session that has ended leaves pg_stat_activity at once, also when no new backend
#     takes its slot: X takes the first slot and A the next; X ends, then A; the query
#     below reuses X's slot, so A's row would stay if exiting did not clear it.
(sleep 1) | psql -X -q -h "$TMP" -p "$port" -U postgres -d postgres >/dev/null 2>&1 &
sleep 0.5
(sleep 2) | psql -X -q -h "$TMP" -p "$port" -U postgres -d postgres >/dev/null 2>&1 &
sleep 3.5
out=$(q "select count(*) from pg_stat_activity where pid <> pg_backend_pid() and backend_type = 'client backend'" 2>&1)
[ "$out" = 0 ]
result ended_sessions_leave_pg_stat_activity $? "$out rows"

# 3. Fast shutdown ends a running session with 57P01; a restart keeps committed rows.
psql -X -h "$TMP" -p "$port" -U postgres -d postgres -v VERBOSITY=verbose \
    -c "select pg_sleep(30)" >"$OUT/fast.out" 2>&1 &
client=$!
sleep 1
"$BIN/oakctl" stop -D "$TMP/data" -m fast >>"$LOG" 2>&1
server_wait_exit 30
stopped=$?
wait "$client" 2>/dev/null
[ "$stopped" = 0 ] && grep -q "57P01" "$OUT/fast.out"
result fast_shutdown_terminates_sessions $? "$(cat "$OUT/fast.out")"
server_start || { echo "server_test: restart failed"; exit 1; }
out=$(q "select count(*) from srv" 2>&1)
[ "$out" = 5000 ]
result restart_after_fast_shutdown $? "$out"

# 4. Smart shutdown waits for the last client, then stops cleanly.
psql -X -q -h "$TMP" -p "$port" -U postgres -d postgres -c "select pg_sleep(2)" \
    >"$OUT/smart.out" 2>&1 &
client=$!
sleep 0.5
kill -TERM "$PID"
sleep 0.5
kill -0 "$PID" 2>/dev/null
still_up=$?
wait "$client"
client_rc=$?
server_wait_exit 30
stopped=$?
[ "$still_up" = 0 ] && [ "$client_rc" = 0 ] && [ "$stopped" = 0 ]
result smart_shutdown_waits $? "up while client ran: $still_up, client rc $client_rc, stopped $stopped"
PID=""

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
