#!/bin/bash
# database_crash.sh
#     CREATE DATABASE and DROP DATABASE survive a crash: kill -9 of the whole server right
#     after CREATE DATABASE returned leaves, after recovery, a database that connects and
#     holds the template's tables and rows (also with a pool far smaller than the copy, so
#     its pages are evicted while it runs); a crash inside CREATE DATABASE (fault point
#     createdb-before-commit, after the copy, before the commit) leaves no database and no
#     directory (recovery removes it: its creation never committed); kill -9
#     right after DROP DATABASE returned, and a crash between DROP DATABASE's commit and the
#     removal of its directory (fault point dropdb-after-commit), leave it gone, its
#     directory removed. The source database is intact throughout, and oakctl verify finds
#     every page sound after a clean stop.
#
# Usage: regress/crash/database_crash.sh
# Environment: OAK_BIN_DIR (where oakd and oakctl are; default the repository root).
# Prints "test NAME ... ok/FAILED" and "N passed, N failed".
set -uo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
# shellcheck source=../lib/server.sh
. "$ROOT/regress/lib/server.sh"
OUT="$ROOT/regress/results/database_crash"
rm -rf "$OUT"
mkdir -p "$OUT"
LOG="$OUT/oakd.log"
passed=0
failed=0
q() { lib_psql "$@"; }
qdb() { # database, psql args
    local db=$1
    shift
    psql -X -q -A -t -h "$TMP" -p "$PORT" -U postgres -d "$db" "$@"
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

# kill -9 the postmaster and every child at once, as a power cut would.
crash() {
    kill -STOP "$PID" 2>/dev/null || true
    local children
    children=$(pgrep -P "$PID" || true)
    # shellcheck disable=SC2086 # a list of pids
    [ -z "$children" ] || kill -9 $children 2>/dev/null || true
    kill -9 "$PID" 2>/dev/null || true
    wait "$PID" 2>/dev/null
    PID=""
}

# Wait for the postmaster to finish a crash restart it started by itself.
wait_ready() {
    for _ in $(seq 1 300); do
        pg_isready -q -h "$TMP" -p "$PORT" && q -c "select 1" >/dev/null 2>&1 && return 0
        sleep 0.1
    done
    return 1
}

db_oid() { q -c "select oid from pg_database where datname = '$1'"; }
# The directories under base/ are exactly the databases pg_database lists.
dirs_match() {
    local dirs rows
    dirs=$(ls "$TMP/data/base" | sort -n | tr '\n' ' ')
    rows=$(q -c "select oid from pg_database order by oid" | tr '\n' ' ')
    [ "$dirs" = "$rows" ] || { echo "base/: $dirs; pg_database: $rows"; return 1; }
}

lib_init dbcrash
lib_initdb "$LOG"
lib_start "$LOG" || { echo "database_crash: start failed"; exit 1; }

# A source database with a few hundred pages: a table, a secondary index, large values.
q -c "create database src" >/dev/null
qdb src -c "create table items (id int4 primary key, name text, pad text)" >/dev/null
qdb src -c "insert into items select g, 'item ' || g, repeat('p', 200) from generate_series(1, 20000) g" >/dev/null
qdb src -c "create index items_name on items (name)" >/dev/null
qdb src -c "create table big (id int4 primary key, v text)" >/dev/null
qdb src -c "insert into big values (1, repeat('x', 100000))" >/dev/null
expect=$(qdb src -c "select count(*), sum(length(pad)), (select length(v) from big) from items")

# 1. kill -9 right after CREATE DATABASE returned.
q -c "create database copy1 template src" >/dev/null
crash
lib_start "$LOG" || { echo "database_crash: restart 1 failed"; exit 1; }
got=$(qdb copy1 -c "select count(*), sum(length(pad)), (select length(v) from big) from items" 2>&1)
[ "$got" = "$expect" ]
result create_then_kill_has_rows $? "expected '$expect', got '$got'"
got=$(qdb copy1 -c "set enable_seqscan = off" -c "select id from items where name = 'item 777'" 2>&1)
[ "$got" = 777 ]
result create_then_kill_index_works $? "$got"
qdb copy1 -c "insert into items values (0, 'new', '')" >/dev/null 2>&1
got=$(qdb copy1 -c "select count(*) from items" 2>&1)
src_count=$(qdb src -c "select count(*) from items" 2>&1)
[ "$got" = 20001 ] && [ "$src_count" = 20000 ]
result copy_is_independent $? "copy $got, source $src_count"

# 1b. The same with a pool much smaller than the database: the copy's pages are evicted
# (written after their WAL) while it runs.
lib_stop "$LOG"
lib_start "$LOG" -c shared_buffers=256kB || { echo "database_crash: start 1b failed"; exit 1; }
q -c "create database copy3 template src" >/dev/null
crash
lib_start "$LOG" -c shared_buffers=256kB || { echo "database_crash: restart 1b failed"; exit 1; }
got=$(qdb copy3 -c "select count(*), sum(length(pad)), (select length(v) from big) from items" 2>&1)
[ "$got" = "$expect" ]
result small_pool_create_then_kill $? "expected '$expect', got '$got'"
q -c "drop database copy3" >/dev/null

# 2. A crash inside CREATE DATABASE, after the copy and before the commit: no database.
# Checkpoints run meanwhile, so replay may start after the creation's own record (each
# checkpoint logs the creations in progress again).
lib_stop "$LOG"
OAK_FAULT=createdb-before-commit lib_start "$LOG" || { echo "database_crash: start 2 failed"; exit 1; }
(for _ in $(seq 1 200); do q -c "checkpoint" >/dev/null 2>&1 || break; done) &
ckpt_loop=$!
q -c "create database copy2 template src" >/dev/null 2>&1
wait "$ckpt_loop" 2>/dev/null
wait_ready
crash
lib_start "$LOG" || { echo "database_crash: restart 2 failed"; exit 1; }
got=$(q -c "select count(*) from pg_database where datname = 'copy2'")
[ "$got" = 0 ] && why=$(dirs_match)
result crash_inside_create_leaves_nothing $? "$got rows; $why"
q -c "create database copy2 template src" >/dev/null 2>&1
got=$(qdb copy2 -c "select count(*) from items" 2>&1)
[ "$got" = 20000 ]
result create_again_after_crash $? "$got"

# 3. kill -9 right after DROP DATABASE returned.
oid=$(db_oid copy1)
q -c "drop database copy1" >/dev/null
crash
lib_start "$LOG" || { echo "database_crash: restart 3 failed"; exit 1; }
got=$(q -c "select count(*) from pg_database where datname = 'copy1'")
[ "$got" = 0 ] && [ ! -e "$TMP/data/base/$oid" ]
result drop_then_kill_is_gone $? "$got rows, base/$oid: $(ls "$TMP/data/base")"
out=$(qdb copy1 -c "select 1" 2>&1)
echo "$out" | grep -q 'database "copy1" does not exist'
result dropped_database_refuses_connections $? "$out"

# 4. A crash between DROP DATABASE's commit and the removal of its directory.
oid=$(db_oid copy2)
lib_stop "$LOG"
OAK_FAULT=dropdb-after-commit lib_start "$LOG" || { echo "database_crash: start 4 failed"; exit 1; }
q -c "drop database copy2" >/dev/null 2>&1
wait_ready
crash
lib_start "$LOG" || { echo "database_crash: restart 4 failed"; exit 1; }
got=$(q -c "select count(*) from pg_database where datname = 'copy2'")
[ "$got" = 0 ] && [ ! -e "$TMP/data/base/$oid" ]
result crash_after_drop_commit_removes_files $? "$got rows, base/$oid: $(ls "$TMP/data/base")"

got=$(qdb src -c "select count(*), sum(length(pad)), (select length(v) from big) from items" 2>&1)
[ "$got" = "$expect" ]
result source_intact $? "expected '$expect', got '$got'"
why=$(dirs_match)
result no_directory_left_behind $? "$why"
kill -0 "$PID" 2>/dev/null
result server_still_running $? "oakd exited"
lib_stop "$LOG"
out=$("$BIN/oakctl" verify -D "$TMP/data" 2>&1)
result verify_after_stop $? "$out"

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
