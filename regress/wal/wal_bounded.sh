#!/bin/bash
# wal_bounded.sh
#     The WAL directory stays bounded under a write load: with max_wal_size = 64MB, rounds
#     of UPDATEs write well over a gigabyte of WAL (about 250 MB/s here), and spread
#     checkpoints, started when WAL since the last redo point reaches max_wal_size / 1.9,
#     remove the old segments so wal/ stays near max_wal_size. A background sampler (every
#     50 ms) catches the peak, which falls mid-checkpoint, and the size wal/ stays under 90%
#     of the time. At this rate a checkpoint cannot keep to its WAL schedule (it writes at
#     full speed, behind), and a stall of the checkpointer (a slow fsync, a busy machine)
#     lets WAL pile up briefly. Measured on a 2-core machine: peaks 110-142 MB (185 once,
#     inside the full suite), 90% of the time under 98-103 MB; before spread checkpoints
#     (one-pass checkpoints started at max_wal_size / 2, polled every 200 ms): peaks
#     241-290 MB, 90% of the time under 181-223 MB. Bounds: peak 256 MB (4x max_wal_size),
#     90% of the time 144 MB (2.25x), leaving room for a noisy CI machine. (max_wal_size is
#     a soft limit, in PostgreSQL too: WAL keeps coming while a checkpoint runs.) A run over
#     a bound is measured once more on a fresh server; the test fails when both are.
#
# Usage: regress/wal/wal_bounded.sh
# Environment: OAK_BIN_DIR (where oakd and oakctl are; default the repository root),
#     OAK_WAL_BOUND_MB and OAK_WAL_P90_BOUND_MB (the bounds, default 256 and 144; set them
#     high to measure an older build).
# Prints the measurements, "test wal_bounded ... ok" (or FAILED with them) and "N passed, N failed".
set -uo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
# shellcheck source=../lib/server.sh
. "$ROOT/regress/lib/server.sh"
LOG="$ROOT/regress/results/wal_bounded.log"
BOUND_MB=${OAK_WAL_BOUND_MB:-256}         # see the head comment
P90_BOUND_MB=${OAK_WAL_P90_BOUND_MB:-144} # see the head comment
mkdir -p "$ROOT/regress/results"
: >"$LOG"
q() { lib_psql -c "$1"; }

# One measurement on a fresh server: sets rows, written, ckpts, largest, p90, series.
measure() {
    lib_init walb
    : >"$LOG"
    lib_initdb "$LOG"
    lib_start "$LOG" -c max_wal_size=64MB || { echo "wal_bounded: start failed"; exit 1; }
    q "create table w (id int4 primary key, v text)" >/dev/null
    q "insert into w select g, repeat('w', 200) from generate_series(1, 50000) g" >/dev/null

    # Sample wal/ every 50 ms in the background: the peak falls between rounds, mid-checkpoint.
    PEAKS="$TMP/peaks"
    (
        while :; do
            du -sm "$TMP/data/wal" 2>/dev/null | cut -f1 >>"$PEAKS"
            sleep 0.05
        done
    ) &
    sampler=$!
    trap 'kill "$sampler" 2>/dev/null; lib_cleanup' EXIT
    series=""
    for round in $(seq 1 16); do
        q "update w set v = v where id % 2 = $((round % 2))" >/dev/null
        series="$series $(du -sm "$TMP/data/wal" | cut -f1)"
    done
    kill "$sampler" 2>/dev/null
    wait "$sampler" 2>/dev/null
    largest=$(sort -n "$PEAKS" | tail -n 1)
    # the size wal/ stays under 90% of the time: steadier than the peak on a busy machine
    p90=$(sort -n "$PEAKS" | awk '{ v[NR] = $1 } END { i = int(NR * 0.9); print v[i < 1 ? 1 : i] }')
    written=$(q "select (wal_bytes / 1048576)::int8 from pg_stat_wal")
    rows=$(q "select count(*) from w")
    ckpts=$(grep -c 'checkpoint complete' "$LOG")
    lib_stop "$LOG"
    lib_cleanup
    TMP=""
}

within_bounds() {
    [ "$rows" = 50000 ] && [ "$written" -ge 512 ] && [ "${largest:-9999}" -le "$BOUND_MB" ] &&
        [ "${p90:-9999}" -le "$P90_BOUND_MB" ]
}

# A second measurement only when the first is over a bound: an I/O stall of the shared
# machine (seen once in a full CI run: 28 checkpoints instead of the usual 37-38) lets WAL
# pile up for a while; a build that really leaves WAL unbounded fails both.
measure
first=""
if ! within_bounds; then
    first="first try over a bound: ${written} MB written, $ckpts checkpoints, at most ${largest:-?} MB, 90% at most ${p90:-?} MB; "
    echo "  $first"
    measure
fi
detail="${written} MB of WAL written, $ckpts spread checkpoints, wal/ at most ${largest:-?} MB, 90% of the time at most ${p90:-?} MB"
if within_bounds; then
    echo "  $detail; after each round:${series}"
    echo "test wal_bounded ... ok"
    echo "1 passed, 0 failed"
    exit 0
fi
echo "test wal_bounded ... FAILED (${first}rows $rows, $detail, bounds $BOUND_MB and $P90_BOUND_MB MB; after each round:${series})"
echo "0 passed, 1 failed"
exit 1
