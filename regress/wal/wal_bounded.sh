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
BIN=${OAK_BIN_DIR:-$ROOT}
unset PGHOST PGHOSTADDR PGPORT PGUSER PGDATABASE PGSERVICE PGOPTIONS
export LC_ALL=C
TMP=$(mktemp -d /tmp/oak_walb.XXXXXX)
LOG="$ROOT/regress/results/wal_bounded.log"
mkdir -p "$ROOT/regress/results"
PID=""
cleanup() {
    [ -n "$PID" ] && kill -9 "$PID" 2>/dev/null
    pkill -9 -f "oakd -D $TMP/data" 2>/dev/null
    rm -rf "$TMP"
}
trap cleanup EXIT

port=""
for _ in $(seq 1 50); do
    p=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
        port=$p
        break
    fi
done
q() { psql -X -q -A -t -h "$TMP" -p "$port" -U postgres -d postgres -c "$1"; }

"$BIN/oakctl" init -D "$TMP/data" -U postgres >"$LOG" 2>&1
"$BIN/oakd" -D "$TMP/data" -p "$port" -c unix_socket_directories="$TMP" -c max_wal_size=64MB \
    >>"$LOG" 2>&1 &
PID=$!
for _ in $(seq 1 300); do
    pg_isready -q -h "$TMP" -p "$port" && break
    sleep 0.1
done
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
