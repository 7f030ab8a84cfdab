#!/bin/bash
# checksum_test.sh
#     Page checksums are verified on read: a byte flipped on disk in a table's data page
#     makes a query that reads the page fail with XX001 naming the relation file and the
#     block, never return wrong rows or crash; the session and the server go on, and other
#     tables still answer.
#
# Usage: regress/server/checksum_test.sh
# Environment: OAK_BIN_DIR (where oakd and oakctl are; default the repository root).
# Prints "test NAME ... ok/FAILED" and "N passed, N failed".
set -uo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
# shellcheck source=../lib/server.sh
. "$ROOT/regress/lib/server.sh"
OUT="$ROOT/regress/results/checksum"
rm -rf "$OUT"
mkdir -p "$OUT"
LOG="$OUT/oakd.log"
passed=0
failed=0
q() { lib_psql "$@"; }
result() {
    if [ "$2" = 0 ]; then
        echo "test $1 ... ok"
        passed=$((passed + 1))
    else
        echo "test $1 ... FAILED: $3"
        failed=$((failed + 1))
    fi
}
start() { lib_start "$LOG"; }
stop() { lib_stop "$LOG"; }

lib_init ck
lib_initdb "$LOG"
start || { echo "checksum_test: start failed"; exit 1; }
q -c "create table ck (id int4 primary key, v text)" >/dev/null
q -c "insert into ck select g, repeat('v', 100) from generate_series(1, 5000) g" >/dev/null
q -c "create table other (id int4 primary key)" >/dev/null
q -c "insert into other values (1), (2), (3)" >/dev/null
file=$(q -c "select relfilenode from pg_class where relname = 'ck'")
stop # a clean shutdown writes every page, so the file holds them all

# Flip four bytes inside block 3 (not in the header: the checksum must catch it).
printf '\xff\xff\xff\xff' | dd of="$TMP/data/base/5/$file" bs=1 seek=$((8192 * 3 + 4000)) \
    conv=notrunc 2>/dev/null
start || { echo "checksum_test: restart failed"; exit 1; }
out=$(q -v VERBOSITY=verbose -c "select count(*) from ck" 2>&1)
echo "$out" | grep -q "ERROR:  XX001: invalid page in block 3 of relation base/5/$file"
result corrupt_page_is_xx001 $? "$out"
out=$(q -c "select count(*) from other" 2>&1)
[ "$out" = 3 ]
result other_tables_still_answer $? "$out"
out=$(q -c "select count(*) from ck" -c "select 42" 2>&1)
echo "$out" | tail -1 | grep -qx 42
result session_goes_on $? "$out"
kill -0 "$PID" 2>/dev/null
result server_still_running $? "oakd exited"
stop
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
