#!/bin/bash
# psycopg3_test.sh
#     The real psycopg 3 (Debian python3-psycopg) against a throwaway oakd that requires SSL
#     and SCRAM-SHA-256 on TCP: psycopg3_test.py's cases (server-side parameters over the
#     extended protocol, binary results, prepared statements, pipelined executemany,
#     savepoints, a server-side cursor, COPY, errors by SQLSTATE, isolation, cancel) over
#     sslmode=require with a password; then that the connection really is TLS and that a
#     wrong password is refused.
#
# Usage: regress/clients/psycopg3_test.sh     Environment: OAK_BIN_DIR (default: the root).
# Prints "test NAME ... ok/FAILED" lines and "N passed, N failed".
set -uo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
OUT="$ROOT/regress/results/clients"
mkdir -p "$OUT"
# shellcheck source=../lib/clients.sh
. "$ROOT/regress/lib/clients.sh"
PY=/usr/bin/python3 # Debian's python, where python3-psycopg is installed

clients_start psycopg3 pg3-secret
DSN="host=127.0.0.1 port=$PORT user=postgres dbname=postgres password=pg3-secret sslmode=require"
"$PY" "$HERE/psycopg3_test.py" "$DSN" | tee "$OUT/psycopg3.out"
clients_count "$OUT/psycopg3.out" "${PIPESTATUS[0]}"

ssl=$("$PY" -c "import psycopg, sys; print(psycopg.connect(sys.argv[1]).pgconn.ssl_in_use)" \
    "$DSN" 2>&1)
clients_check psycopg3_ssl_scram_connection "$ssl" True
bad=$("$PY" -c "
import psycopg, sys
try:
    psycopg.connect(sys.argv[1].replace('pg3-secret', 'wrong'))
    print('connected')
except psycopg.OperationalError as e:
    print('refused' if 'password authentication failed' in str(e) else str(e))
" "$DSN" 2>&1)
clients_check psycopg3_wrong_password "$bad" refused
clients_finish
