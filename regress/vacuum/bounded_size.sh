#!/bin/bash
# bounded_size.sh
#     Vacuum keeps a table updated in a loop bounded in size. A table of ROWS rows gets
#     every row updated ROUNDS times (one UPDATE of all rows per round, on one connection);
#     without vacuum it would end with ROUNDS + 1 versions of every row (about 75 times its
#     loaded size). Two runs on fresh servers:
#       autovacuum  autovacuum = on, autovacuum_naptime = 1s, nothing explicit; the rounds
#                   pause PAUSE_S each, so a naptime sees about five rounds: at most about
#                   six versions of a row exist at once;
#       explicit    autovacuum = off, VACUUM after every 10th round, no pause: at most
#                   eleven versions of a row exist at once.
#     The table's file (DATADIR/base/<db>/<relfilenode>) is sampled after every round. Each
#     run checks (1) bounded: no sample exceeds FACTOR times the size after the initial load
#     (FACTOR from the version counts above, with the leaves' split slack); (2) no growth:
#     the largest sample of the second half of the rounds is at most GROWTH_PCT percent of
#     the largest of the first half (freed space is reused, so new pages stop); (3) the data:
#     ROWS rows, each updated exactly ROUNDS times, padding intact.
#
# Usage: regress/vacuum/bounded_size.sh
# Environment: OAK_BIN_DIR (where oakd and oakctl are; default the repository root).
# Prints "test vacuum_bounded_<run> ... ok/FAILED" per run (with the sizes measured) and a
# closing "N passed, N failed".
set -uo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BIN=${OAK_BIN_DIR:-$ROOT}
ROWS=2000
ROUNDS=100
PAUSE_S=0.2
GROWTH_PCT=125

unset PGHOST PGHOSTADDR PGPORT PGUSER PGDATABASE PGSERVICE PGOPTIONS PGTZ PGDATESTYLE
export LC_ALL=C

TMP=$(mktemp -d /tmp/oak_vacuum.XXXXXX)
OUT="$ROOT/regress/results/vacuum"
rm -rf "$OUT"
mkdir -p "$OUT"
LOG="$OUT/oakd.log"
PID=""

port=""
for _ in $(seq 1 50); do
    p=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
        port=$p
        break
    fi
done
[ -n "$port" ] || { echo "bounded_size: no free port" >&2; exit 1; }

q() {
    psql -X -q -A -t -v ON_ERROR_STOP=1 -h "$TMP" -p "$port" -U postgres -d postgres -c "$1"
}

server_start() { # extra oakd options...
    echo "--- start $(date +%T) $*" >>"$LOG"
    "$BIN/oakd" -D "$TMP/data" -p "$port" -c unix_socket_directories="$TMP" "$@" >>"$LOG" 2>&1 &
    PID=$!
    for _ in $(seq 1 600); do
        pg_isready -q -h "$TMP" -p "$port" -U postgres -d postgres && return 0
        kill -0 "$PID" 2>/dev/null || break
        sleep 0.1
    done
    echo "bounded_size: oakd did not become ready; log tail:" >&2
    tail -n 30 "$LOG" >&2
    return 1
}

server_stop() {
    [ -n "$PID" ] || return 0
    "$BIN/oakctl" stop -D "$TMP/data" -m fast >/dev/null 2>&1 || true
    for _ in $(seq 1 100); do
        kill -0 "$PID" 2>/dev/null || break
        sleep 0.1
    done
    kill -0 "$PID" 2>/dev/null && kill -9 "$PID" 2>/dev/null
    wait "$PID" 2>/dev/null || true
    PID=""
}
trap 'server_stop; rm -rf "$TMP"' EXIT
trap 'exit 130' INT TERM

file_size() { # path: bytes, the 1 GiB segments summed
    local total=0 f
    for f in "$1" "$1".*; do
        [ -f "$f" ] && total=$((total + $(stat -c %s "$f")))
    done
    echo "$total"
}

# One run on a fresh data directory; prints its case line. $1 = name, $2 = VACUUM every N
# rounds (0: never), $3 = pause after each round (s), $4 = FACTOR, the rest = oakd options.
run_case() {
    local name=$1 every=$2 pause=$3 factor=$4
    shift 4
    rm -rf "$TMP/data"
    if ! "$BIN/oakctl" init -D "$TMP/data" -U postgres >"$OUT/init.$name.log" 2>&1 ||
        ! server_start "$@"; then
        echo "test vacuum_bounded_$name ... FAILED (server did not start)"
        return 1
    fi
    q "create table vac_loop (id int primary key, n int not null, pad text not null)" &&
        q "insert into vac_loop select g, 0, repeat('x', 40) from generate_series(1, $ROWS) g" ||
        { echo "test vacuum_bounded_$name ... FAILED (load)"; server_stop; return 1; }
    local db node path
    db=$(q "select oid from pg_database where datname = 'postgres'")
    node=$(q "select relfilenode from pg_class where relname = 'vac_loop'")
    path="$TMP/data/base/$db/$node"
    local initial max=0 size
    initial=$(file_size "$path")
    # The rounds, on one connection: psql reads them from a pipe as they are written.
    {
        for r in $(seq 1 "$ROUNDS"); do
            echo "update vac_loop set n = n + 1;"
            if [ "$every" -gt 0 ] && [ $((r % every)) -eq 0 ]; then
                echo "vacuum vac_loop;"
            fi
            echo "\\! sleep $pause; stat -c %s $path >>$OUT/sizes.$name"
        done
    } | psql -X -q -v ON_ERROR_STOP=1 -h "$TMP" -p "$port" -U postgres -d postgres \
        >"$OUT/updates.$name.out" 2>&1
    local rc=$?
    size=$(file_size "$path")
    echo "$size" >>"$OUT/sizes.$name"
    local i=0 first_half=0
    while read -r s; do
        i=$((i + 1))
        [ "$s" -gt "$max" ] && max=$s
        [ "$i" -le $((ROUNDS / 2)) ] && first_half=$max
    done <"$OUT/sizes.$name"
    local check
    check=$(q "select count(*) || ' ' || min(n) || ' ' || max(n) || ' ' ||
                      sum(case when pad = repeat('x', 40) then 1 else 0 end) from vac_loop")
    server_stop
    local bound=$((initial * factor)) growth_bound=$((first_half * GROWTH_PCT / 100))
    local detail="initial $initial B, largest $max B ($((max * 10 / initial)) tenths of"
    detail+=" initial; bound $factor x), largest of first half $first_half B, final $size B;"
    detail+=" rows: $check"
    if [ "$rc" -eq 0 ] && [ "$max" -le "$bound" ] && [ "$max" -le "$growth_bound" ] &&
        [ "$check" = "$ROWS $ROUNDS $ROUNDS $ROWS" ]; then
        echo "test vacuum_bounded_$name ... ok ($detail)"
        return 0
    fi
    echo "test vacuum_bounded_$name ... FAILED ($detail; update client exit $rc)"
    tail -n 5 "$OUT/updates.$name.out"
    return 1
}

pass=0
fail=0
if run_case autovacuum 0 "$PAUSE_S" 6 -c autovacuum=on -c autovacuum_naptime=1s; then
    pass=$((pass + 1))
else
    fail=$((fail + 1))
fi
if run_case explicit 10 0 12 -c autovacuum=off; then
    pass=$((pass + 1))
else
    fail=$((fail + 1))
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
