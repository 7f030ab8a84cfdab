#!/bin/bash
# checkpoint_spread.sh
#     Spread checkpoints, seen from outside. With checkpoint_timeout = 30s and
#     checkpoint_completion_target = 0.9 and max_wal_size = 32MB set in oakdb.conf (and
#     shown by SHOW), a load writes just past the volume trigger (max_wal_size / 1.9) and
#     stops: the checkpointer starts a checkpoint ("checkpoint starting: wal") which, with no
#     more WAL coming, paces its writes over 0.9 of checkpoint_timeout, so two seconds later
#     it has not completed. Then CHECKPOINT runs at full speed: it makes the spread one hurry
#     instead of waiting about 25 s for it, and returns within a few seconds; the spread one
#     then logs its end, having spent over a second writing (at full speed: 0.1 s).
#
# Usage: regress/wal/checkpoint_spread.sh
# Environment: OAK_BIN_DIR (where oakd and oakctl are; default the repository root).
# Prints "test NAME ... ok/FAILED" per case and "N passed, N failed".
set -uo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
# shellcheck source=../lib/server.sh
. "$ROOT/regress/lib/server.sh"
OUT="$ROOT/regress/results/checkpoint_spread"
rm -rf "$OUT"
mkdir -p "$OUT"
LOG="$OUT/oakd.log"
passed=0
failed=0

result() { # name ok(0/1) detail
    echo "  $3"
    if [ "$2" = 0 ]; then
        echo "test $1 ... ok"
        passed=$((passed + 1))
    else
        echo "test $1 ... FAILED: $3"
        failed=$((failed + 1))
    fi
}

lib_init ckspread
lib_initdb "$LOG" || { echo "checkpoint_spread: init failed"; exit 1; }
{
    echo "checkpoint_timeout = 30s"
    echo "checkpoint_completion_target = 0.9"
    echo "max_wal_size = 32MB"
    echo "autovacuum = off"
} >>"$TMP/data/oakdb.conf"
lib_start "$LOG" || { echo "checkpoint_spread: start failed"; exit 1; }

shown=$(for s in checkpoint_timeout checkpoint_completion_target max_wal_size; do
    lib_psql -c "show $s"
done | tr '\n' ' ')
[ "$shown" = "30s 0.9 32MB " ]
result settings_shown $? "SHOW: $shown"

# From a fresh CHECKPOINT, insert in batches of about 1 MB until the checkpointer starts a
# volume checkpoint (after about 17 MB), then stop: that checkpoint has little WAL after its
# redo point and thousands of dirty buffers, so it paces by time.
count() { grep -c "$1" "$LOG"; }
lib_psql -c "create table cs (id int4 primary key, v text)" >/dev/null
lib_psql -c "checkpoint" >/dev/null
starts=$(count "checkpoint starting")
completes=$(count "checkpoint complete")
batch=0
while [ "$(count "checkpoint starting")" = "$starts" ] && [ "$batch" -lt 200 ]; do
    lib_psql -c "insert into cs select g, repeat('c', 200)
        from generate_series($((batch * 4000 + 1)), $(((batch + 1) * 4000))) g" >/dev/null
    batch=$((batch + 1))
done
started=$(($(count "checkpoint starting") - starts))
sleep 2
early=$(($(count "checkpoint complete") - completes))
[ "$started" = 1 ] && [ "$early" = 0 ]
result volume_checkpoint_paced $? "after $batch batches: $started started, $early completed within 2 s"

t0=$(date +%s%N)
lib_psql -c "checkpoint" >/dev/null
ms=$((($(date +%s%N) - t0) / 1000000))
line=$(grep "checkpoint complete" "$LOG" | tail -n 1)
write_s=$(echo "$line" | sed -n 's/.*write=\([0-9]*\)\..*/\1/p')
[ "$ms" -lt 8000 ] && [ "$(count "checkpoint complete")" = $((completes + 1)) ] &&
    [ "${write_s:-0}" -ge 1 ]
result checkpoint_command_hurries_spread_one $? "CHECKPOINT took $ms ms; ${line#*LOG:  }"

lib_psql -c "drop table cs" >/dev/null
lib_stop "$LOG"
if grep -qE 'ERROR: (Address|Leak|Memory)Sanitizer|runtime error:' "$LOG"; then
    result checkpoint_spread_sanitizer_report 1 "see $LOG"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
