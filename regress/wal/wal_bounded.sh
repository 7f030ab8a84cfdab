#!/bin/bash
# wal_bounded.sh
#     The WAL directory stays bounded under a write load: with max_wal_size = 64MB, rounds
#     of UPDATEs write over a gigabyte of WAL, and checkpoints (triggered by WAL volume)
#     recycle the old segments so wal/ stays far below what was written (at most eight times
#     max_wal_size: peaks here are 4-5x, while a checkpoint writes its dirty buffers). (max_wal_size
#     is a soft limit, in PostgreSQL too: WAL keeps coming while a checkpoint runs.)
#
# Usage: regress/wal/wal_bounded.sh
# Environment: OAK_BIN_DIR (where oakd and oakctl are; default the repository root).
# Prints "test wal_bounded ... ok/FAILED (...)" and "N passed, N failed".
set -uo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
# shellcheck source=../lib/server.sh
. "$ROOT/regress/lib/server.sh"
LOG="$ROOT/regress/results/wal_bounded.log"
mkdir -p "$ROOT/regress/results"
: >"$LOG"
q() { lib_psql -c "$1"; }

lib_init walb
lib_initdb "$LOG"
lib_start "$LOG" -c max_wal_size=64MB || { echo "wal_bounded: start failed"; exit 1; }
q "create table w (id int4 primary key, v text)" >/dev/null
q "insert into w select g, repeat('w', 200) from generate_series(1, 50000) g" >/dev/null
largest=0
series=""
for round in $(seq 1 16); do
    q "update w set v = v where id % 2 = $((round % 2))" >/dev/null
    mb=$(du -sm "$TMP/data/wal" | cut -f1)
    [ "$mb" -gt "$largest" ] && largest=$mb
    series="$series $mb"
done
written=$(q "select (wal_bytes / 1048576)::int8 from pg_stat_wal")
rows=$(q "select count(*) from w")
if [ "$rows" = 50000 ] && [ "$written" -ge 512 ] && [ "$largest" -le 512 ]; then
    echo "test wal_bounded ... ok (${written} MB of WAL written, wal/ at most ${largest} MB; per round:${series})"
    echo "1 passed, 0 failed"
    exit 0
fi
echo "test wal_bounded ... FAILED (rows $rows, ${written} MB written, wal/ at most ${largest} MB; per round:${series})"
echo "0 passed, 1 failed"
exit 1
