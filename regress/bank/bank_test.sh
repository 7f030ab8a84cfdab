#!/bin/bash
# bank_test.sh
#     The bank test: N accounts of 1000 each; K clients (regress/bank/bank_client.c) make
#     random transfers for a bounded time, each a transaction of two UPDATEs and an INSERT
#     into a transfers table, at SERIALIZABLE (retrying on 40001/40P01) or at READ
#     COMMITTED with SELECT ... FOR UPDATE. Afterwards the total must be N*1000, no balance
#     negative, every transfer a client saw commit present in the transfers table, every
#     row there one that committed or whose COMMIT was in flight at a crash (in doubt:
#     either outcome is allowed, as in PostgreSQL), and each balance exactly 1000 plus
#     what the transfers table says came in minus what went out.
#
# Cases, on one throwaway server:
#     bank_serializable          K clients at SERIALIZABLE
#     bank_rc_for_update         K clients at READ COMMITTED with FOR UPDATE
#     bank_mixed                 half of each, at once
#     bank_crash_recovered       half of each; the server is killed with SIGKILL (postmaster
#                                frozen with SIGSTOP first, then its children, then itself,
#                                as regress/crash/crash_test.sh does) half-way through,
#                                restarted on the same data, and checked
#     bank_crash_continued       K more clients on the recovered data, then checked again
#
# Usage: regress/bank/bank_test.sh [SECONDS]     (per case; default 8)
# Environment:
#     OAK_BIN_DIR        where oakd and oakctl are (default the repository root)
#     OAK_BANK_CLIENTS   K (default 4)
#     OAK_BANK_SERVER    oakd (default) or postgres: run the same test on a throwaway
#                        PostgreSQL 15 (/usr/lib/postgresql/15/bin, as the postgres OS user,
#                        so as root), to check the test itself
# Prints "test NAME ... ok/FAILED" per case and a closing "N passed, N failed".
set -uo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BIN=${OAK_BIN_DIR:-$ROOT}
SECONDS_PER_CASE=${1:-8}
CLIENTS=${OAK_BANK_CLIENTS:-4}
SERVER=${OAK_BANK_SERVER:-oakd}
NACCOUNTS=20
INITIAL=1000
PGBIN=/usr/lib/postgresql/15/bin

unset PGHOST PGHOSTADDR PGPORT PGUSER PGDATABASE PGSERVICE PGOPTIONS PGTZ PGDATESTYLE
export LC_ALL=C

OUT="$ROOT/regress/results/bank"
rm -rf "$OUT"
mkdir -p "$OUT"
LOG="$OUT/server.log"
TMP=$(mktemp -d /tmp/oak_bank.XXXXXX)
PID=""

port=""
for _ in $(seq 1 50); do
    p=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
        port=$p
        break
    fi
done
[ -n "$port" ] || { echo "bank_test: no free port" >&2; exit 1; }
CONNINFO="host=$TMP port=$port user=postgres dbname=postgres"

q() {
    psql -X -q -A -t -v ON_ERROR_STOP=1 -h "$TMP" -p "$port" -U postgres -d postgres -c "$1"
}

server_init() {
    case "$SERVER" in
    oakd) "$BIN/oakctl" init -D "$TMP/data" -U postgres ;;
    postgres)
        chown postgres: "$TMP" && runuser -u postgres -- "$PGBIN/initdb" -D "$TMP/data" \
            -A trust -U postgres -E UTF8 --locale=C
        ;;
    *)
        echo "bank_test: OAK_BANK_SERVER must be oakd or postgres" >&2
        return 1
        ;;
    esac
}

server_start() {
    echo "--- start $(date +%T)" >>"$LOG"
    if [ "$SERVER" = oakd ]; then
        "$BIN/oakd" -D "$TMP/data" -p "$port" -c unix_socket_directories="$TMP" >>"$LOG" 2>&1 &
        PID=$!
    else
        # pg_ctl detaches the postmaster: it is no child of ours, nor of a runuser that
        # would stop itself when its child is stopped. Its log lives in $TMP (postgres's).
        runuser -u postgres -- "$PGBIN/pg_ctl" start -D "$TMP/data" -l "$TMP/server.log" \
            -o "-p $port -c unix_socket_directories=$TMP -c listen_addresses=" \
            >>"$LOG" 2>&1
        PID=$(head -n 1 "$TMP/data/postmaster.pid" 2>/dev/null)
    fi
    for _ in $(seq 1 600); do # recovery may take a while under sanitizers
        pg_isready -q -h "$TMP" -p "$port" -U postgres -d postgres && return 0
        if [ -z "$PID" ] || ! kill -0 "$PID" 2>/dev/null; then
            break
        fi
        sleep 0.1
    done
    echo "bank_test: the server did not become ready; log tail:" >&2
    tail -n 30 "$LOG" >&2
    return 1
}

# SIGKILL the postmaster and every child, freezing the postmaster first so it cannot fork
# a new child (or notice its children die) between the two kills.
server_kill() {
    kill -STOP "$PID" 2>/dev/null || true
    local children
    children=$(pgrep -P "$PID" || true)
    # shellcheck disable=SC2086 # one pid per word
    [ -z "$children" ] || kill -9 $children 2>/dev/null || true
    kill -9 "$PID" 2>/dev/null || true
    wait "$PID" 2>/dev/null || true
    while kill -0 "$PID" 2>/dev/null; do sleep 0.05; done
    for c in $children; do
        while kill -0 "$c" 2>/dev/null; do sleep 0.05; done
    done
    PID=""
}

server_stop() {
    [ -n "$PID" ] || return 0
    if [ "$SERVER" = oakd ]; then
        "$BIN/oakctl" stop -D "$TMP/data" -m fast >/dev/null 2>&1 || true
    else
        runuser -u postgres -- "$PGBIN/pg_ctl" stop -D "$TMP/data" -m fast >/dev/null 2>&1 || true
    fi
    for _ in $(seq 1 100); do
        kill -0 "$PID" 2>/dev/null || break
        sleep 0.1
    done
    kill -0 "$PID" 2>/dev/null && server_kill
    wait "$PID" 2>/dev/null || true
    PID=""
}
trap 'server_stop; [ ! -f "$TMP/server.log" ] || cat "$TMP/server.log" >>"$LOG"; rm -rf "$TMP"' EXIT
trap 'exit 130' INT TERM

CLIENT="$OUT/bank_client"
# shellcheck disable=SC2046 # pkg-config prints flags as words
if ! cc -O2 -std=gnu11 -Wall -Wextra -Werror $(pkg-config --cflags libpq) -o "$CLIENT" \
    "$HERE/bank_client.c" $(pkg-config --libs libpq); then
    echo "bank_test: cannot build the client"
    echo "0 passed, 1 failed"
    exit 1
fi
if ! server_init >"$OUT/init.log" 2>&1 || ! server_start; then
    cat "$OUT/init.log" >&2
    echo "0 passed, 1 failed"
    exit 1
fi

reset_tables() {
    q "DROP TABLE IF EXISTS accounts" >/dev/null 2>&1 || true
    q "DROP TABLE IF EXISTS transfers" >/dev/null 2>&1 || true
    q "CREATE TABLE accounts (id int PRIMARY KEY, balance int8 NOT NULL)" &&
        q "CREATE TABLE transfers (id int8 PRIMARY KEY, src int NOT NULL, dst int NOT NULL,
               amount int NOT NULL)" &&
        for i in $(seq 1 "$NACCOUNTS"); do
            q "INSERT INTO accounts VALUES ($i, $INITIAL)" || return 1
        done
}

# Start clients FIRST..LAST; odd numbers take mode A, even ones mode B. Sets CLIENT_PIDS.
start_clients() { # logdir first last seconds mode-a mode-b
    CLIENT_PIDS=()
    for c in $(seq "$2" "$3"); do
        local mode=$5
        [ $((c % 2)) -eq 0 ] && mode=$6
        "$CLIENT" "$CONNINFO" "$mode" "$c" "$4" "$NACCOUNTS" "$1" >>"$1/clients.out" \
            2>>"$1/clients.err" &
        CLIENT_PIDS+=($!)
    done
}

# Wait for the clients; true if every one exited with the expected status.
wait_clients() { # expected-exit
    local ok=0 rc
    for p in "${CLIENT_PIDS[@]}"; do
        wait "$p"
        rc=$?
        [ "$rc" -eq "$1" ] || ok=1
    done
    return $ok
}

# The checks listed at the top, from the clients' logs and the tables.
verify() { # logdir
    local d=$1
    q "SELECT id, balance FROM accounts ORDER BY id" >"$d/accounts.txt" || return 1
    q "SELECT id, src, dst, amount FROM transfers ORDER BY id" >"$d/transfers.txt" || return 1
    cat "$d"/committed.* >"$d/committed.all" 2>/dev/null
    cat "$d"/doubt.* >"$d/doubt.all" 2>/dev/null
    awk -F'[| ]' -v n="$NACCOUNTS" -v initial="$INITIAL" '
        FILENAME == ARGV[1] { committed[$1] = $2 " " $3 " " $4; ncommitted++; next }
        FILENAME == ARGV[2] { doubt[$1] = 1; ndoubt++; next }
        FILENAME == ARGV[3] {
            row[$1] = $2 " " $3 " " $4; nrows++
            expect[$2] -= $4; expect[$3] += $4
            next
        }
        FILENAME == ARGV[4] {
            balance[$1] = $2; naccounts++; total += $2
            if ($2 < 0) negative++
            next
        }
        END {
            for (id in committed)
                if (!(id in row) || row[id] != committed[id]) lost++
            for (id in row)
                if (!(id in committed)) {
                    if (id in doubt) applied++
                    else unexpected++
                }
            for (i = 1; i <= n; i++)
                if (!(i in balance) || balance[i] != initial + expect[i]) mismatched++
            printf "  accounts %d, total %d (want %d), negative %d; committed %d, in table %d, " \
                "in doubt %d (applied %d), lost %d, unexpected %d, mismatched balances %d\n",
                naccounts, total, n * initial, negative, ncommitted, nrows, ndoubt, applied,
                lost, unexpected, mismatched
            exit !(naccounts == n && total == n * initial && negative == 0 && \
                   ncommitted > 0 && lost == 0 && unexpected == 0 && mismatched == 0)
        }' "$d/committed.all" "$d/doubt.all" "$d/transfers.txt" "$d/accounts.txt"
}

pass=0
fail=0
report() { # name ok
    if [ "$2" -eq 1 ]; then
        printf 'test %-24s ... ok\n' "$1"
        pass=$((pass + 1))
    else
        printf 'test %-24s ... FAILED\n' "$1"
        fail=$((fail + 1))
    fi
}

# A case without a crash: every client must run its time out and exit 0.
run_case() { # name mode-a mode-b
    local d="$OUT/$1" ok=1
    mkdir -p "$d"
    reset_tables >"$d/setup.out" 2>&1 || ok=0
    if [ "$ok" -eq 1 ]; then
        start_clients "$d" 1 "$CLIENTS" "$SECONDS_PER_CASE" "$2" "$3"
        if ! wait_clients 0; then
            echo "  a client failed:"
            head -n 5 "$d/clients.err"
            ok=0
        fi
        sed 's/^/  /' "$d/clients.out"
        if [ "$2" = rc-for-update ] && [ "$3" = rc-for-update ] &&
            grep -q 'retries [1-9]' "$d/clients.out"; then
            echo "  a deadlock among clients that all lock in id order"
            ok=0
        fi
        verify "$d" || ok=0
    fi
    report "$1" "$ok"
}

run_case bank_serializable serializable serializable
run_case bank_rc_for_update rc-for-update rc-for-update
run_case bank_mixed serializable rc-for-update

# The crash: clients for the full time, the kill half-way; each client must see its
# connection break (exit 3).
d="$OUT/bank_crash"
mkdir -p "$d"
ok=1
reset_tables >"$d/setup.out" 2>&1 || ok=0
if [ "$ok" -eq 1 ]; then
    start_clients "$d" 1 "$CLIENTS" "$SECONDS_PER_CASE" serializable rc-for-update
    sleep "$(awk -v s="$SECONDS_PER_CASE" 'BEGIN { print s / 2 }')"
    server_kill
    if ! wait_clients 3; then
        echo "  a client did not lose its connection at the kill:"
        head -n 5 "$d/clients.err"
        ok=0
    fi
    sed 's/^/  /' "$d/clients.out"
    : >"$d/clients.out"
    server_start || ok=0
    [ -z "$PID" ] || verify "$d" || ok=0
fi
report bank_crash_recovered "$ok"
if [ -n "$PID" ] && [ "$ok" -eq 1 ]; then
    start_clients "$d" $((CLIENTS + 1)) $((2 * CLIENTS)) "$((SECONDS_PER_CASE / 2 + 1))" \
        serializable rc-for-update
    wait_clients 0 || { echo "  a client failed:"; head -n 5 "$d/clients.err"; ok=0; }
    sed 's/^/  /' "$d/clients.out"
    verify "$d" || ok=0
    report bank_crash_continued "$ok"
else
    report bank_crash_continued 0
fi

server_stop
if grep -qE 'ERROR: (Address|Leak|Memory)Sanitizer|runtime error:' "$LOG"; then
    printf 'test %-24s ... FAILED (see %s)\n' "bank_sanitizer_report" "$LOG"
    fail=$((fail + 1))
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
