#!/bin/bash
# database_test.sh
#     Databases and their sessions: DROP DATABASE and CREATE DATABASE ... TEMPLATE refuse a
#     database others are connected to (55006 after PostgreSQL's 5-second wait, with the
#     session count), DROP DATABASE ... WITH (FORCE) ends those sessions and drops it,
#     template0 and ALLOW_CONNECTIONS false refuse connections (55000), CONNECTION LIMIT
#     refuses a non-superuser past it (53300), a session on a dropped database's former
#     name is refused (3D000), and so is a role without the CONNECT privilege (42501).
#
# Usage: regress/server/database_test.sh
# Environment: OAK_BIN_DIR (where oakd and oakctl are; default the repository root).
# Prints "test NAME ... ok/FAILED" and "N passed, N failed".
set -uo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
# shellcheck source=../lib/server.sh
. "$ROOT/regress/lib/server.sh"
OUT="$ROOT/regress/results/database"
rm -rf "$OUT"
mkdir -p "$OUT"
LOG="$OUT/oakd.log"
passed=0
failed=0
q() { lib_psql -v VERBOSITY=verbose "$@"; }
qas() { # role database, psql args
    local role=$1 db=$2
    shift 2
    psql -X -q -A -t -v VERBOSITY=verbose -h "$TMP" -p "$PORT" -U "$role" -d "$db" "$@"
}
result() {
    if [ "$2" = 0 ]; then
        echo "test $1 ... ok"
        passed=$((passed + 1))
    else
        echo "test $1 ... FAILED: $3"
        failed=$((failed + 1))
    fi
}

# An idle session on database $1 for up to 60 s (its stdin stays open); sets IDLE_PID.
idle_session() {
    (sleep 60 | psql -X -q -h "$TMP" -p "$PORT" -U postgres -d "$1" >"$OUT/idle.$1.out" 2>&1) &
    IDLE_PID=$!
    for _ in $(seq 1 100); do
        [ "$(q -c "select count(*) from pg_stat_activity where datname = '$1'")" -ge 1 ] && return
        sleep 0.05
    done
}

lib_init dbtest
lib_initdb "$LOG"
lib_start "$LOG" || { echo "database_test: start failed"; exit 1; }
q -c "create database busy" >/dev/null
q -c "create role limited login" >/dev/null

idle_session busy
out=$(q -c "drop database busy" 2>&1)
echo "$out" | grep -q 'ERROR:  55006: database "busy" is being accessed by other users' &&
    echo "$out" | grep -q 'DETAIL:  There is 1 other session using the database.'
result drop_refused_while_in_use $? "$out"
out=$(q -c "alter database busy rename to busier" 2>&1)
echo "$out" | grep -q 'ERROR:  55006: database "busy" is being accessed by other users'
result rename_refused_while_in_use $? "$out"
out=$(q -c "create database busycopy template busy" 2>&1)
echo "$out" | grep -q 'ERROR:  55006: source database "busy" is being accessed by other users'
result copy_refused_while_in_use $? "$out"
out=$(q -c "drop database busy with (force)" 2>&1)
got=$(q -c "select count(*) from pg_database where datname = 'busy'")
[ -z "$out" ] && [ "$got" = 0 ]
result drop_force_ends_sessions $? "$out / $got rows"
# DROP returned once no other session was left on the database; a status row seen here a
# moment later (twice in full CI runs, never alone) is waited for, and named if it stays.
for _ in $(seq 1 300); do
    got=$(q -c "select count(*) from pg_stat_activity where datname = 'busy'")
    [ "$got" = 0 ] && break
    sleep 0.1
done
[ "$got" = 0 ]
result forced_session_is_gone $? "$got sessions: $(q -c "select pid, state, backend_type, \
    backend_start, query from pg_stat_activity where datname = 'busy'" 2>&1)"
pkill -P "$IDLE_PID" sleep 2>/dev/null # our own idle session's stdin: let psql end
wait "$IDLE_PID" 2>/dev/null
out=$(q -d busy -c "select 1" 2>&1)
echo "$out" | grep -q 'database "busy" does not exist'
result dropped_name_refused $? "$out"

out=$(qas postgres template0 -c "select 1" 2>&1)
echo "$out" | grep -q 'FATAL:  database "template0" is not currently accepting connections'
result template0_refuses_connections $? "$out"
q -c "create database closed allow_connections false" >/dev/null
out=$(qas postgres closed -c "select 1" 2>&1)
echo "$out" | grep -q 'FATAL:  database "closed" is not currently accepting connections'
result allow_connections_false_refuses $? "$out"
q -c "create database small connection limit 0" >/dev/null
out=$(qas limited small -c "select 1" 2>&1)
echo "$out" | grep -q 'FATAL:  too many connections for database "small"'
result connection_limit_refuses $? "$out"
out=$(qas postgres small -c "select current_database()" 2>&1)
[ "$out" = small ]
result superuser_ignores_limit $? "$out"

# CONNECT privilege: revoked from PUBLIC, granted back to one role.
q -c "create database guarded" >/dev/null
q -c "create role other login" >/dev/null
q -d guarded -c "revoke connect on database guarded from public" >/dev/null
out=$(qas limited guarded -c "select 1" 2>&1)
echo "$out" | grep -q 'FATAL:  permission denied for database "guarded"' &&
    echo "$out" | grep -q 'User does not have CONNECT privilege.'
result connect_privilege_refuses $? "$out"
q -c "grant connect on database guarded to limited" >/dev/null
out=$(qas limited guarded -c "select current_user, current_database()" 2>&1)
[ "$out" = "limited|guarded" ]
result connect_privilege_granted $? "$out"
out=$(qas other guarded -c "select 1" 2>&1)
echo "$out" | grep -q 'FATAL:  permission denied for database "guarded"'
result connect_privilege_others_refused $? "$out"

# CREATE DATABASE from template1 while nobody uses it, then from the current database.
out=$(q -c "create database fromcurrent template postgres" 2>&1)
[ -z "$out" ]
result copy_of_own_database $? "$out"
kill -0 "$PID" 2>/dev/null
result server_still_running $? "oakd exited"
lib_stop "$LOG"

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
