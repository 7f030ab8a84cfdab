#!/bin/bash
# psycopg2_test.sh
#     The real psycopg2 driver (Debian python3-psycopg2) against a throwaway oakd that
#     requires SSL and SCRAM-SHA-256 on TCP (oakctl init -S --auth-host scram-sha-256
#     --pwfile): psycopg2_test.py's cases (parameters, executemany, execute_batch,
#     commit/rollback, isolation, a named server-side cursor, COPY in and out, errors by
#     SQLSTATE) over sslmode=require with a password; then that the connection really is
#     TLS (libpq's report, through psycopg2's conn.info.ssl_in_use) and that a wrong
#     password is refused.
#
# Usage: regress/clients/psycopg2_test.sh     Environment: OAK_BIN_DIR (default: the root).
# Prints "test NAME ... ok/FAILED" lines and "N passed, N failed".
set -uo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
# shellcheck source=../lib/server.sh
. "$ROOT/regress/lib/server.sh"
OUT="$ROOT/regress/results/clients"
mkdir -p "$OUT"
LOG="$OUT/psycopg2.log"
: >"$LOG"
PY=/usr/bin/python3 # Debian's python, where python3-psycopg2 is installed

lib_init psy
echo 'pg2-secret' >"$TMP/pw"
"$BIN/oakctl" init -D "$TMP/data" -U postgres -S --auth-host scram-sha-256 --pwfile "$TMP/pw" \
    >>"$LOG" 2>&1 || { echo "psycopg2_test: init failed"; exit 1; }
lib_start "$LOG" || { echo "psycopg2_test: start failed"; exit 1; }

DSN="host=127.0.0.1 port=$PORT user=postgres dbname=postgres password=pg2-secret sslmode=require"
"$PY" "$HERE/psycopg2_test.py" "$DSN" | tee "$OUT/psycopg2.out"
rc=${PIPESTATUS[0]}
pass=$(grep -c '\.\.\. ok$' "$OUT/psycopg2.out")
fail=$(grep -c '\.\.\. FAILED' "$OUT/psycopg2.out")
[ "$rc" -ne 0 ] && [ "$fail" -eq 0 ] && fail=1

ssl=$("$PY" -c "import psycopg2, sys; c = psycopg2.connect(sys.argv[1]); print(c.info.ssl_in_use)" \
    "$DSN" 2>&1)
if [ "$ssl" = True ]; then
    echo "test psycopg2_ssl_scram_connection ... ok"
    pass=$((pass + 1))
else
    echo "test psycopg2_ssl_scram_connection ... FAILED ($ssl)"
    fail=$((fail + 1))
fi
bad=$("$PY" -c "
import psycopg2, sys
try:
    psycopg2.connect(sys.argv[1].replace('pg2-secret', 'wrong'))
    print('connected')
except psycopg2.OperationalError as e:
    print('refused' if 'password authentication failed' in str(e) else str(e))
" "$DSN" 2>&1)
if [ "$bad" = refused ]; then
    echo "test psycopg2_wrong_password ... ok"
    pass=$((pass + 1))
else
    echo "test psycopg2_wrong_password ... FAILED ($bad)"
    fail=$((fail + 1))
fi
lib_stop "$LOG"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
