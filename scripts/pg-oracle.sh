#!/bin/bash
# pg-oracle.sh
#     The reference PostgreSQL 15 that regress/expected/*.out comes from. Expected output
#     is never written by hand: it is what this server prints through psql for the same
#     file, with the exact psql command regress/run_regress.sh uses on OakDB.
#
# Usage (as root):
#     scripts/pg-oracle.sh start     install postgresql-15 if missing, initdb (once) into
#                                    $ORACLE_DIR and start it on port $ORACLE_PORT
#     scripts/pg-oracle.sh stop
#     scripts/pg-oracle.sh regen     start, rewrite regress/expected/*.out for every test
#                                    in regress/schedule, stop
#     scripts/pg-oracle.sh regen-isolation [SPEC...]
#                                    start, rewrite regress/isolation/expected/*.out for
#                                    every spec in regress/isolation/schedule (pending ones
#                                    too) or the SPECs named, stop
#     scripts/pg-oracle.sh psql      an interactive psql on the oracle, for trying things
#
# The cluster is C locale, UTF8, trust authentication, superuser "postgres", socket in /tmp.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
ORACLE_DIR=${ORACLE_DIR:-/tmp/oak_pg_oracle}
ORACLE_PORT=${ORACLE_PORT:-5433}
PGBIN=/usr/lib/postgresql/15/bin

as_postgres() {
    runuser -u postgres -- "$@"
}

oracle_start() {
    "$ROOT/scripts/install-deps.sh" --oracle
    if [ ! -f "$ORACLE_DIR/PG_VERSION" ]; then
        rm -rf "$ORACLE_DIR"
        mkdir -p "$ORACLE_DIR"
        chown postgres:postgres "$ORACLE_DIR"
        chmod 700 "$ORACLE_DIR"
        as_postgres "$PGBIN/initdb" -D "$ORACLE_DIR" -A trust -U postgres \
            -E UTF8 --locale=C >/dev/null
    fi
    if as_postgres "$PGBIN/pg_ctl" status -D "$ORACLE_DIR" >/dev/null 2>&1; then
        return 0
    fi
    as_postgres "$PGBIN/pg_ctl" start -D "$ORACLE_DIR" -w -l "$ORACLE_DIR/server.log" \
        -o "-p $ORACLE_PORT -c unix_socket_directories=/tmp -c listen_addresses=localhost" \
        >/dev/null
    echo "pg-oracle: $("$PGBIN/postgres" --version) on port $ORACLE_PORT, data $ORACLE_DIR"
}

oracle_stop() {
    if [ -f "$ORACLE_DIR/PG_VERSION" ]; then
        as_postgres "$PGBIN/pg_ctl" stop -D "$ORACLE_DIR" -m fast >/dev/null 2>&1 || true
    fi
}

case "${1:-}" in
start)
    oracle_start
    ;;
stop)
    oracle_stop
    ;;
regen)
    oracle_start
    "$ROOT/regress/run_regress.sh" --existing /tmp "$ORACLE_PORT" "$ROOT/regress/expected"
    oracle_stop
    ;;
regen-isolation)
    shift
    oracle_start
    rc=0
    "$ROOT/regress/isolation/run_isolation.sh" --existing /tmp "$ORACLE_PORT" \
        "$ROOT/regress/isolation/expected" "$@" || rc=$?
    oracle_stop
    exit $rc
    ;;
psql)
    oracle_start
    exec psql -X -h /tmp -p "$ORACLE_PORT" -U postgres -d postgres
    ;;
*)
    echo "usage: $0 start|stop|regen|regen-isolation [SPEC...]|psql" >&2
    exit 2
    ;;
esac
