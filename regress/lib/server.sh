# regress/lib/server.sh
#     Shell helpers shared by the test scripts that start their own throwaway oakd: a free
#     port, init, start and wait until ready, stop, psql against it, and a cleanup trap.
#     Source it after setting ROOT; it defines BIN, TMP, PORT and PID.
#
#     lib_init NAME            a temporary directory /tmp/oak_NAME.XXXXXX and a free port
#     lib_initdb LOG           oakctl init -U postgres into $TMP/data
#     lib_start LOG [ARGS...]  start oakd (extra ARGS as -c settings etc.), wait until ready
#     lib_stop LOG             fast shutdown, wait for exit
#     lib_kill9                SIGKILL the postmaster and every child (a crash)
#     lib_psql ARGS...         psql -X -q -A -t against the server
# shellcheck shell=bash

BIN=${OAK_BIN_DIR:-$ROOT}
unset PGHOST PGHOSTADDR PGPORT PGUSER PGDATABASE PGSERVICE PGOPTIONS PGTZ PGDATESTYLE
export LC_ALL=C
TMP=""
PORT=""
PID=""

lib_cleanup() {
    [ -n "$PID" ] && kill -9 "$PID" 2>/dev/null
    [ -n "$TMP" ] && pkill -9 -f "oakd -D $TMP/data" 2>/dev/null
    [ -n "$TMP" ] && rm -rf "$TMP"
}

lib_init() { # name
    TMP=$(mktemp -d "/tmp/oak_$1.XXXXXX")
    trap lib_cleanup EXIT
    for _ in $(seq 1 50); do
        local p=$((20000 + RANDOM % 40000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
            PORT=$p
            return 0
        fi
    done
    echo "$1: no free port" >&2
    exit 1
}

lib_initdb() { # log
    "$BIN/oakctl" init -D "$TMP/data" -U postgres >>"$1" 2>&1
}

lib_start() { # log [oakd args...]
    local log=$1
    shift
    "$BIN/oakd" -D "$TMP/data" -p "$PORT" -c unix_socket_directories="$TMP" "$@" >>"$log" 2>&1 &
    PID=$!
    for _ in $(seq 1 600); do
        pg_isready -q -h "$TMP" -p "$PORT" && return 0
        kill -0 "$PID" 2>/dev/null || return 1
        sleep 0.1
    done
    return 1
}

lib_stop() { # log
    "$BIN/oakctl" stop -D "$TMP/data" -m fast >>"$1" 2>&1
    wait "$PID" 2>/dev/null
    PID=""
}

lib_kill9() {
    # Freeze the postmaster first so it cannot fork a child between the two kills.
    kill -STOP "$PID" 2>/dev/null || true
    local children
    children=$(pgrep -P "$PID" || true)
    # shellcheck disable=SC2086 # one pid per word
    [ -z "$children" ] || kill -9 $children 2>/dev/null || true
    kill -9 "$PID" 2>/dev/null || true
    wait "$PID" 2>/dev/null || true
    for c in $children; do
        while kill -0 "$c" 2>/dev/null; do sleep 0.05; done
    done
    PID=""
}

lib_psql() {
    psql -X -q -A -t -h "$TMP" -p "$PORT" -U postgres -d postgres "$@"
}
