#!/bin/bash
# node_pg_test.sh
#     The real node-postgres (`pg`, pinned in regress/clients/node/package-lock.json and
#     installed by scripts/install-deps.sh) against a throwaway oakd that requires SSL and
#     SCRAM-SHA-256 on TCP: node/node_pg_test.js's cases (extended-protocol parameters,
#     named statements reused, array rows, commit and rollback, errors by SQLSTATE), then a
#     wrong password must be refused (28P01).
#
# Usage: regress/clients/node_pg_test.sh     Environment: OAK_BIN_DIR (default: the root).
# Prints "test NAME ... ok/FAILED" lines and "N passed, N failed".
set -uo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
# shellcheck source=../lib/server.sh
. "$ROOT/regress/lib/server.sh"
OUT="$ROOT/regress/results/clients"
mkdir -p "$OUT"
LOG="$OUT/node_pg.log"
: >"$LOG"

[ -d "$HERE/node/node_modules/pg" ] || {
    echo "test node_pg_installed ... FAILED (run scripts/install-deps.sh)"
    echo "0 passed, 1 failed"
    exit 1
}
lib_init npg
echo 'npg-secret' >"$TMP/pw"
"$BIN/oakctl" init -D "$TMP/data" -U postgres -S --auth-host scram-sha-256 --pwfile "$TMP/pw" \
    >>"$LOG" 2>&1 || { echo "node_pg_test: init failed"; exit 1; }
lib_start "$LOG" || { echo "node_pg_test: start failed"; exit 1; }

node "$HERE/node/node_pg_test.js" 127.0.0.1 "$PORT" postgres npg-secret 1 | tee "$OUT/node_pg.out"
rc=${PIPESTATUS[0]}
pass=$(grep -c '\.\.\. ok$' "$OUT/node_pg.out")
fail=$(grep -c '\.\.\. FAILED' "$OUT/node_pg.out")
[ "$rc" -ne 0 ] && [ "$fail" -eq 0 ] && fail=1

bad=$(cd "$HERE/node" && node -e "
const { Client } = require('pg');
const c = new Client({ host: '127.0.0.1', port: $PORT, user: 'postgres', password: 'wrong',
                       database: 'postgres', ssl: { rejectUnauthorized: false } });
c.connect().then(() => { console.log('connected'); return c.end(); },
                 (e) => console.log(e.code === '28P01' ? 'refused' : String(e)));
" 2>&1)
if [ "$bad" = refused ]; then
    echo "test node_pg_wrong_password ... ok"
    pass=$((pass + 1))
else
    echo "test node_pg_wrong_password ... FAILED ($bad)"
    fail=$((fail + 1))
fi
lib_stop "$LOG"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
