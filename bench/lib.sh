# bench/lib.sh
#     What the benchmarks share: start a fresh OakDB or PostgreSQL 15 server with the same
#     settings on a new data directory, and stop it (removing the directory). Source it
#     after setting BIN, PGBIN, WORK (socket directory, data directories), OUT (logs),
#     OAK_PORT, PG_PORT, SETTINGS (an array of -c options) and LOG_PREFIX (log file names).
#
#     start_server oak|pg RUN   sets SERVER_KIND, SERVER_DIR, SERVER_PID and PORT
#     stop_server               fast shutdown, wait, remove the data directory
# shellcheck shell=bash

SERVER_PID=""
SERVER_KIND=""
SERVER_DIR=""
PORT=""

stop_server() {
    [ -n "$SERVER_PID" ] || return 0
    if [ "$SERVER_KIND" = oak ]; then
        "$BIN/oakctl" stop -D "$SERVER_DIR" -m fast >/dev/null 2>&1 || kill "$SERVER_PID" 2>/dev/null || true
    else
        runuser -u postgres -- "$PGBIN/pg_ctl" stop -D "$SERVER_DIR" -m fast >/dev/null 2>&1 || true
    fi
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=""
    rm -rf "$SERVER_DIR" # large data sets per run: do not pile them up in /tmp
}

start_server() { # oak|pg run-name
    SERVER_KIND=$1
    SERVER_DIR=$WORK/$1.$2
    local port
    if [ "$1" = oak ]; then
        port=$OAK_PORT
        "$BIN/oakctl" init -D "$SERVER_DIR" -U postgres >/dev/null 2>&1
        "$BIN/oakd" -D "$SERVER_DIR" -p "$port" -c unix_socket_directories="$WORK" \
            "${SETTINGS[@]}" >"$OUT/${LOG_PREFIX}oakd.$2.log" 2>&1 &
    else
        port=$PG_PORT
        mkdir -p "$SERVER_DIR"
        chown postgres "$SERVER_DIR"
        runuser -u postgres -- "$PGBIN/initdb" -D "$SERVER_DIR" -A trust -U postgres \
            -E UTF8 --locale=C >/dev/null
        runuser -u postgres -- "$PGBIN/postgres" -D "$SERVER_DIR" -p "$port" \
            -c unix_socket_directories="$WORK" -c listen_addresses=127.0.0.1 \
            "${SETTINGS[@]}" >"$OUT/${LOG_PREFIX}pg.$2.log" 2>&1 &
    fi
    SERVER_PID=$!
    for _ in $(seq 1 300); do
        if pg_isready -q -h "$WORK" -p "$port"; then
            PORT=$port
            return 0
        fi
        sleep 0.1
    done
    echo "$(basename "$0"): $1 did not start" >&2
    return 1
}

median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
