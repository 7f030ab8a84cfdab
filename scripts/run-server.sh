#!/bin/bash
# run-server.sh
#     The first README command: install what is missing, build, initialise a data
#     directory if there is none, and start oakd on port 5432 in the background, so that
#     `psql -h localhost -p 5432` connects.
#
# The data directory is /var/lib/oakdb/data when run as root, ./data otherwise (or
# $OAK_DATA). Its superuser is named after the OS user running this script (root, on a
# fresh machine), and `oakctl init -d` also creates a database of that name, so psql's
# default user and database names both work.
#
# Usage: scripts/run-server.sh [--foreground]
#     --foreground   run oakd in this terminal (Ctrl-C stops it) instead of detaching
# Environment: OAK_DATA (data directory), OAK_PORT (default 5432),
#     OAK_DEBUG_BUILD=1 (build with --enable-debug), OAK_SKIP_DEPS=1 (no apt-get).
# Stop it with: ./oakctl stop -D <data directory>
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

PORT=${OAK_PORT:-5432}
if [ -n "${OAK_DATA:-}" ]; then
    DATA=$OAK_DATA
elif [ "$(id -u)" -eq 0 ]; then
    DATA=/var/lib/oakdb/data
else
    DATA=$ROOT/data
fi
LOG=$(dirname "$DATA")/oakd.log
SUPERUSER=$(id -un)

[ "${OAK_SKIP_DEPS:-0}" = 1 ] || scripts/install-deps.sh
if [ "${OAK_DEBUG_BUILD:-0}" = 1 ]; then
    scripts/build.sh --enable-debug
else
    scripts/build.sh
fi

if [ ! -f "$DATA/oakdb.conf" ]; then
    mkdir -p "$(dirname "$DATA")"
    echo "run-server: initialising $DATA (superuser \"$SUPERUSER\")"
    ./oakctl init -D "$DATA" -U "$SUPERUSER" -d "$SUPERUSER"
fi

if pg_isready -q -h localhost -p "$PORT"; then
    if ./oakctl status -D "$DATA" >/dev/null 2>&1; then
        echo "run-server: oakd is already running on $DATA, port $PORT"
        echo "connect with: psql -h localhost -p $PORT"
        exit 0
    fi
    echo "run-server: something else already listens on port $PORT" >&2
    exit 1
fi

if [ "${1:-}" = "--foreground" ]; then
    echo "run-server: oakd on port $PORT, data $DATA; Ctrl-C stops it"
    exec ./oakd -D "$DATA" -p "$PORT"
fi

# Detached: its own session, no terminal, so it outlives this shell.
setsid ./oakd -D "$DATA" -p "$PORT" </dev/null >>"$LOG" 2>&1 &
for _ in $(seq 1 300); do
    if pg_isready -q -h localhost -p "$PORT"; then
        echo "run-server: oakd is running on port $PORT (data $DATA, log $LOG)"
        echo "connect with: psql -h localhost -p $PORT"
        echo "stop with:    ./oakctl stop -D $DATA"
        exit 0
    fi
    sleep 0.1
done
echo "run-server: oakd did not start; the end of $LOG:" >&2
tail -n 20 "$LOG" >&2
exit 1
