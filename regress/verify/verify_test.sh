#!/bin/bash
# verify_test.sh
#     `oakctl verify` (frontend/oakctl_verify.c): a cluster with several tables, one of them a
#     three-level B+ tree of 200,000 text keys, verifies clean once stopped, and verify
#     refuses to run beside a live server (a stale postmaster.pid is fine). Then, on copies
#     of that table's file: one byte changed with dd is a checksum mismatch naming the file
#     and block; a leaf with two slots swapped, a wrong right-link, a key moved past its
#     parent's range, and a high key that no longer matches the parent's separator (each
#     with the checksum recomputed by bt_corrupt.c), and a file cut short are reported as
#     such; usage and I/O errors exit 2. Last, a server killed with SIGKILL mid-load,
#     restarted and stopped, leaves data that verifies clean (a split the kill left
#     incomplete is accepted: its right half is reached through the right-link).
#
# Usage: regress/verify/verify_test.sh
# Environment: OAK_BIN_DIR (where oakd and oakctl are; default the repository root).
# Prints "test NAME ... ok/FAILED" per case and a closing "N passed, N failed".
set -uo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BIN=${OAK_BIN_DIR:-$ROOT}
unset PGHOST PGHOSTADDR PGPORT PGUSER PGDATABASE PGSERVICE PGOPTIONS PGTZ PGDATESTYLE
export LC_ALL=C

TMP=$(mktemp -d /tmp/oak_verify.XXXXXX)
OUT="$ROOT/regress/results/verify"
rm -rf "$OUT"
mkdir -p "$OUT"
LOG="$OUT/oakd.log"
DATA="$TMP/data"
PID=""
passed=0
failed=0

port=""
for _ in $(seq 1 50); do
    p=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
        port=$p
        break
    fi
done
[ -n "$port" ] || { echo "verify_test: no free port" >&2; exit 1; }

q() {
    psql -X -q -A -t -v ON_ERROR_STOP=1 -h "$TMP" -p "$port" -U postgres -d postgres -c "$1"
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

server_start() {
    "$BIN/oakd" -D "$DATA" -p "$port" -c unix_socket_directories="$TMP" >>"$LOG" 2>&1 &
    PID=$!
    for _ in $(seq 1 600); do
        pg_isready -q -h "$TMP" -p "$port" -U postgres -d postgres && return 0
        kill -0 "$PID" 2>/dev/null || return 1
        sleep 0.1
    done
    return 1
}

server_stop() {
    [ -n "$PID" ] || return 0
    "$BIN/oakctl" stop -D "$DATA" -m fast >>"$LOG" 2>&1
    wait "$PID" 2>/dev/null
    PID=""
}

# SIGKILL the postmaster and its children, freezing it first so it forks no new child.
server_kill() {
    kill -STOP "$PID" 2>/dev/null || true
    local children
    children=$(pgrep -P "$PID" || true)
    # shellcheck disable=SC2086 # one pid per word
    [ -z "$children" ] || kill -9 $children 2>/dev/null || true
    kill -9 "$PID" 2>/dev/null || true
    wait "$PID" 2>/dev/null || true
    for c in $children; do
        while kill -0 "$c" 2>/dev/null; do sleep 0.05; done
    done
    PID=""
}

cleanup() {
    [ -n "$PID" ] && kill -9 "$PID" 2>/dev/null
    rm -rf "$TMP"
}
trap cleanup EXIT

verify() { # output-file: run oakctl verify, print its exit code
    "$BIN/oakctl" verify -D "$DATA" >"$1" 2>&1
    echo $?
}

CORRUPT="$OUT/bt_corrupt"
if ! cc -O2 -Wall -Wextra -Werror -I"$ROOT/include" -o "$CORRUPT" "$HERE/bt_corrupt.c" \
    "$ROOT/backend/access/common/crc32c.c" "$ROOT/backend/access/common/page.c"; then
    echo "verify_test: cannot build bt_corrupt"
    exit 1
fi
"$BIN/oakctl" init -D "$DATA" -U postgres >>"$LOG" 2>&1 || { echo "verify_test: init failed"; exit 1; }
server_start || { echo "verify_test: start failed"; exit 1; }
q "create table vbig (k text primary key, v int4)" >/dev/null
q "insert into vbig select 'key-' || ((g * 7919) % 200003)::text || repeat('x', 100), g
   from generate_series(1, 200000) g" >/dev/null
q "create table vmid (id int4 primary key, s text)" >/dev/null
q "insert into vmid select g, repeat('y', g % 100) from generate_series(1, 50000) g" >/dev/null
q "delete from vmid where id % 3 = 0" >/dev/null
q "create table vsmall (a text)" >/dev/null
q "insert into vsmall select 'r' || g from generate_series(1, 20000) g" >/dev/null

# 1. verify refuses a live server's data directory.
rc=$(verify "$OUT/running.out")
[ "$rc" = 1 ] && grep -q "server is running" "$OUT/running.out"
result verify_refuses_running_server $? "exit $rc: $(cat "$OUT/running.out")"
server_stop

# 2. Clean after a normal stop, also with a stale postmaster.pid; the big table has 3 levels.
true &
dead=$!
wait "$dead"
printf '%s\n%s\n' "$dead" "$DATA" >"$DATA/postmaster.pid"
rc=$(verify "$OUT/clean.out")
rm -f "$DATA/postmaster.pid"
# The biggest file of database postgres (oid 5) is vbig's.
# shellcheck disable=SC2012 # relation files are named by digits only
REL=$(cd "$DATA" && ls -S base/5 | head -n 1)
FILE="$DATA/base/5/$REL"
height=$("$CORRUPT" height "$FILE")
[ "$rc" = 0 ] && grep -q ": 0 problems$" "$OUT/clean.out" && [ "$height" = 3 ]
result verify_clean "$?" "exit $rc, height $height: $(cat "$OUT/clean.out")"

LEAF=$("$CORRUPT" leaf "$FILE")
cp "$FILE" "$TMP/saved"

# 3. One byte changed: a checksum mismatch naming the file and block.
printf '\252' | dd of="$FILE" bs=1 seek=$((LEAF * 8192 + 5000)) conv=notrunc status=none
rc=$(verify "$OUT/byte.out")
[ "$rc" = 1 ] && grep -q "^base/5/$REL block $LEAF: checksum mismatch (stored" "$OUT/byte.out"
result verify_checksum_mismatch $? "exit $rc: $(cat "$OUT/byte.out")"
cp "$TMP/saved" "$FILE"

# 4. Two keys swapped in a leaf, checksum valid.
"$CORRUPT" swap "$FILE" "$LEAF"
rc=$(verify "$OUT/swap.out")
[ "$rc" = 1 ] && grep -q "^base/5/$REL block $LEAF: keys out of order at slot 1$" "$OUT/swap.out"
result verify_keys_out_of_order $? "exit $rc: $(cat "$OUT/swap.out")"
cp "$TMP/saved" "$FILE"

# 5. A wrong right-link, checksum valid.
"$CORRUPT" right "$FILE" "$LEAF" 1
rc=$(verify "$OUT/right.out")
[ "$rc" = 1 ] && grep -q "^base/5/$REL block $LEAF: right-link is 1, but" "$OUT/right.out"
result verify_wrong_right_link $? "exit $rc: $(cat "$OUT/right.out")"
cp "$TMP/saved" "$FILE"

# 6. A leaf key moved above its parent's range (and past the next leaf's first key).
"$CORRUPT" bump "$FILE" "$LEAF"
rc=$(verify "$OUT/bump.out")
[ "$rc" = 1 ] && grep -q "^base/5/$REL block $LEAF: key at slot .* above its parent's range" \
    "$OUT/bump.out"
result verify_key_outside_parent_range $? "exit $rc: $(cat "$OUT/bump.out")"
cp "$TMP/saved" "$FILE"

# 6b. A high key that no longer matches its parent's separator for the next leaf.
"$CORRUPT" hikey "$FILE" "$LEAF"
rc=$(verify "$OUT/hikey.out")
[ "$rc" = 1 ] && grep -q "^base/5/$REL block $LEAF: high key does not match its parent's separator$" \
    "$OUT/hikey.out"
result verify_broken_high_key $? "exit $rc: $(cat "$OUT/hikey.out")"
cp "$TMP/saved" "$FILE"

# 7. A torn-off end of file: its size and the lost page are reported.
truncate -s -100 "$FILE"
rc=$(verify "$OUT/truncated.out")
[ "$rc" = 1 ] && grep -q "^base/5/$REL: segment 0 has size .*, not a multiple of 8192$" \
    "$OUT/truncated.out"
result verify_truncated_file $? "exit $rc: $(cat "$OUT/truncated.out")"
cp "$TMP/saved" "$FILE"

# 8. Restored: clean again.
rc=$(verify "$OUT/restored.out")
[ "$rc" = 0 ]
result verify_clean_after_restore $? "exit $rc: $(cat "$OUT/restored.out")"

# 9. Usage and I/O errors exit 2, apart from "problems found" (1).
rc_usage=$(OAKDATA='' "$BIN/oakctl" verify >"$OUT/usage.out" 2>&1; echo $?)
rc_io=$("$BIN/oakctl" verify -D "$TMP/nonexistent" >"$OUT/io.out" 2>&1; echo $?)
[ "$rc_usage" = 2 ] && [ "$rc_io" = 2 ]
result verify_usage_and_io_errors $? "usage exit $rc_usage, missing directory exit $rc_io"

# 10. SIGKILL mid-load (splits in flight), recovery, clean stop: verifies clean.
server_start || { echo "verify_test: restart failed"; exit 1; }
for i in $(seq 1 2000); do
    echo "insert into vsmall select 'c$i-' || g || repeat('z', 50) from generate_series(1, 500) g;"
done >"$TMP/load.sql"
psql -X -q -h "$TMP" -p "$port" -U postgres -d postgres -f "$TMP/load.sql" \
    >"$OUT/load.out" 2>&1 &
loader=$!
sleep 2
server_kill
wait "$loader" 2>/dev/null
if server_start; then
    count=$(q "select count(*) from vsmall")
    echo "$count rows after the kill (20000 before the load, 1020000 had it finished)" \
        >"$OUT/crash_rows.out"
    server_stop
    rc=$(verify "$OUT/crash.out")
    [ "$rc" = 0 ] && [ "$count" -gt 20000 ] && [ "$count" -lt 1020000 ]
    result verify_clean_after_crash $? "exit $rc, $count rows: $(cat "$OUT/crash.out")"
else
    result verify_clean_after_crash 1 "restart after SIGKILL failed"
fi

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
