#!/bin/bash
# extended_test.sh
#     The extended query protocol against a throwaway oakd: extended_test.py's transcript
#     of every message (Parse, Bind, Describe, Execute with row limits, Close, Flush, Sync,
#     errors skipping to Sync, text and binary formats) must equal expected/extended.out,
#     which is the same script's transcript against PostgreSQL 15
#     (python3 extended_test.py 127.0.0.1 5433 postgres > expected/extended.out with
#     scripts/pg-oracle.sh start). Then pgbench runs a custom script in -M extended and
#     -M prepared and the balance it changed must add up.
#
# Usage: regress/protocol/extended_test.sh     Environment: OAK_BIN_DIR (default: the root).
# Prints "test NAME ... ok/FAILED" lines and "N passed, N failed".
set -uo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
# shellcheck source=../lib/server.sh
. "$ROOT/regress/lib/server.sh"
OUT="$ROOT/regress/results/protocol"
mkdir -p "$OUT"
LOG="$OUT/extended.log"
: >"$LOG"
PASS=0
FAIL=0
result() { # name ok|other detail
    if [ "$2" = ok ]; then
        echo "test $1 ... ok"
        PASS=$((PASS + 1))
    else
        echo "test $1 ... FAILED ($3)"
        FAIL=$((FAIL + 1))
    fi
}

lib_init ext
lib_initdb "$LOG"
lib_start "$LOG" || { echo "extended_test: start failed"; exit 1; }

python3 "$HERE/extended_test.py" 127.0.0.1 "$PORT" postgres >"$OUT/extended.out" 2>&1
if diff -u "$HERE/expected/extended.out" "$OUT/extended.out" >"$OUT/extended.diff"; then
    result extended_protocol ok
else
    result extended_protocol no "see $OUT/extended.diff"
    head -n 60 "$OUT/extended.diff"
fi

lib_psql -c "create table pgb (k int primary key, v int not null)" >/dev/null
lib_psql -c "insert into pgb select g, 0 from generate_series(1, 100) g" >/dev/null
cat >"$TMP/pgb.sql" <<'SQL'
\set k random(1, 100)
BEGIN;
SELECT v FROM pgb WHERE k = :k;
UPDATE pgb SET v = v + 1 WHERE k = :k;
END;
SQL
for mode in extended prepared; do
    out=$(pgbench -n -M "$mode" -c 4 -t 100 -f "$TMP/pgb.sql" -h "$TMP" -p "$PORT" -U postgres \
        postgres 2>&1)
    processed=$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' <<<"$out")
    result "pgbench_$mode" "$([ "$processed" = 400 ] && echo ok)" "$(tail -n 3 <<<"$out")"
done
total=$(lib_psql -c "select sum(v) from pgb")
result pgbench_sum "$([ "$total" = 800 ] && echo ok)" "sum $total, expected 800"
kill -0 "$PID" 2>/dev/null
result extended_server_alive "$([ $? -eq 0 ] && echo ok)" "oakd died"
lib_stop "$LOG"

echo "$PASS passed, $FAIL failed"
[ "$FAIL" -eq 0 ]
