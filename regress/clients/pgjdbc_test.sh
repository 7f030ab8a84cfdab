#!/bin/bash
# pgjdbc_test.sh
#     The real PostgreSQL JDBC driver (Debian libpostgresql-jdbc-java, run from source with
#     the JDK's single-file launcher) against a throwaway oakd that requires SSL and
#     SCRAM-SHA-256 on TCP: jdbc/PgjdbcTest.java's cases (server-prepared statements with
#     binary results, batches, rollback, setFetchSize through a named portal with a row
#     limit, DatabaseMetaData getTables / getPrimaryKeys / getIndexInfo, isolation and read-only, errors
#     by SQLSTATE, setQueryTimeout's cancel) over
#     sslmode=require with a password; then that a wrong password is refused (28P01).
#
# Usage: regress/clients/pgjdbc_test.sh     Environment: OAK_BIN_DIR (default: the root).
# Prints "test NAME ... ok/FAILED" lines and "N passed, N failed".
set -uo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
OUT="$ROOT/regress/results/clients"
mkdir -p "$OUT"
# shellcheck source=../lib/clients.sh
. "$ROOT/regress/lib/clients.sh"
JAR=/usr/share/java/postgresql.jar

clients_start pgjdbc jdbc-secret
URL="jdbc:postgresql://127.0.0.1:$PORT/postgres?sslmode=require"
java -cp "$JAR" "$HERE/jdbc/PgjdbcTest.java" "$URL" postgres jdbc-secret | tee "$OUT/pgjdbc.out"
clients_count "$OUT/pgjdbc.out" "${PIPESTATUS[0]}"

# A wrong password: the driver reports the server's 28P01.
bad=$(java -cp "$JAR" "$HERE/jdbc/PgjdbcTest.java" "$URL" postgres wrong --connect-only 2>&1)
clients_check pgjdbc_wrong_password "$bad" 28P01
clients_finish
