#!/bin/bash
# pgbench_test.sh
#     The real pgbench against a throwaway oakd: `pgbench -i` (DROP/CREATE TABLE ... WITH
#     (fillfactor), TRUNCATE, COPY FROM STDIN, VACUUM ANALYZE, ALTER TABLE ADD PRIMARY KEY),
#     then its TPC-B-like script with 4 clients in -M simple, extended and prepared. Every
#     run must finish with no failed transaction, and the pgbench invariant must hold: the
#     sums of account, teller and branch balances all equal the sum of history deltas.
#
# Usage: regress/clients/pgbench_test.sh     Environment: OAK_BIN_DIR (default: the root),
#     OAK_PGBENCH_SECONDS (per mode, default 5), OAK_PGBENCH_SCALE (default 2).
#     scripts/test.sh runs it at scale 10 for 30 s per mode on the plain build (the sizes
#     issue #6 names) and at the defaults on the sanitizer build.
# Prints "test NAME ... ok/FAILED" lines and "N passed, N failed".
set -uo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
# shellcheck source=../lib/server.sh
. "$ROOT/regress/lib/server.sh"
OUT="$ROOT/regress/results/clients"
mkdir -p "$OUT"
LOG="$OUT/pgbench.log"
: >"$LOG"
SECS=${OAK_PGBENCH_SECONDS:-5}
SCALE=${OAK_PGBENCH_SCALE:-2}
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
bench() { pgbench -h "$TMP" -p "$PORT" -U postgres "$@" postgres; }

lib_init pgb
lib_initdb "$LOG"
lib_start "$LOG" || { echo "pgbench_test: start failed"; exit 1; }

out=$(bench -i -s "$SCALE" 2>&1)
echo "$out" >>"$LOG"
accounts=$(lib_psql -c "select count(*) from pgbench_accounts" 2>&1)
result pgbench_init "$([ "$accounts" = "$((SCALE * 100000))" ] && echo ok)" \
    "$accounts accounts; $(tail -n 2 <<<"$out")"

for mode in simple extended prepared; do
    # The first run lets pgbench vacuum and TRUNCATE pgbench_history (balances are still
    # zero then); later ones pass -n, or the history would lose what the balances keep.
    nv=-n
    [ "$mode" = simple ] && nv=
    out=$(bench $nv -c 4 -j 2 -T "$SECS" -M "$mode" 2>&1)
    echo "$out" >>"$LOG"
    done_tx=$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' <<<"$out")
    failed=$(sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p' <<<"$out")
    result "pgbench_$mode" "$([ "${done_tx:-0}" -gt 0 ] && [ "$failed" = 0 ] && echo ok)" \
        "processed ${done_tx:-none}, failed ${failed:-?}: $(tail -n 2 <<<"$out")"
done

a=$(lib_psql -c "select sum(abalance) from pgbench_accounts")
t=$(lib_psql -c "select sum(tbalance) from pgbench_tellers")
b=$(lib_psql -c "select sum(bbalance) from pgbench_branches")
h=$(lib_psql -c "select sum(delta) from pgbench_history")
result pgbench_invariant "$([ -n "$h" ] && [ "$a" = "$h" ] && [ "$t" = "$h" ] && [ "$b" = "$h" ] && echo ok)" \
    "accounts $a tellers $t branches $b history $h"
kill -0 "$PID" 2>/dev/null
result pgbench_server_alive "$([ $? -eq 0 ] && echo ok)" "oakd died"
lib_stop "$LOG"

echo "$PASS passed, $FAIL failed"
[ "$FAIL" -eq 0 ]
