#!/bin/bash
# group_commit.sh
#     Group commit: with 8 clients committing single-row INSERTs at synchronous_commit on,
#     the server must fsync WAL fewer times than it commits (concurrent committers share
#     one flush). Counts come from pg_stat_wal.wal_sync and the rows inserted.
#
# Usage: regress/wal/group_commit.sh
# Environment: OAK_BIN_DIR (where oakd and oakctl are; default the repository root).
# Prints "test group_commit ... ok/FAILED (commits, fsyncs)" and "N passed, N failed".
set -uo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
# shellcheck source=../lib/server.sh
. "$ROOT/regress/lib/server.sh"
LOG="$ROOT/regress/results/group_commit.log"
mkdir -p "$ROOT/regress/results"
: >"$LOG"
q() { lib_psql -c "$1"; }

lib_init gc
lib_initdb "$LOG"
lib_start "$LOG" || { echo "group_commit: start failed"; exit 1; }
q "create table gc (id int8 primary key, c int4)" >/dev/null
before=$(q "select wal_sync from pg_stat_wal")
pids=""
for c in $(seq 1 8); do
    (for i in $(seq 1 150); do echo "insert into gc values ($c * 100000 + $i, $c);"; done) |
        psql -X -q -h "$TMP" -p "$PORT" -U postgres -d postgres >/dev/null 2>>"$LOG" &
    pids="$pids $!"
done
# shellcheck disable=SC2086 # a list of pids
wait $pids
after=$(q "select wal_sync from pg_stat_wal")
commits=$(q "select count(*) from gc")
syncs=$((after - before))
if [ "$commits" = 1200 ] && [ "$syncs" -lt "$commits" ]; then
    echo "test group_commit ... ok ($commits commits, $syncs fsyncs)"
    echo "1 passed, 0 failed"
    exit 0
fi
echo "test group_commit ... FAILED ($commits commits, $syncs fsyncs)"
echo "0 passed, 1 failed"
exit 1
