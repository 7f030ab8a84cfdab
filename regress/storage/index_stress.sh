#!/bin/bash
# index_stress.sh
#     Secondary indexes under concurrent writers: six clients update indexed columns,
#     delete, insert (unique conflicts included) and roll back at random while one client
#     reads through the indexes and VACUUM runs beside them. Afterwards every predicate
#     gives the same rows through an index (enable_seqscan off, EXPLAIN shows the index)
#     as through a full scan, no unique key is held by two live rows, the offline checker
#     finds every B+ tree sound, and all of it still holds after a restart.
#
# Usage: regress/storage/index_stress.sh
# Environment: OAK_BIN_DIR (where oakd and oakctl are; default the repository root);
#     OAK_STRESS_STATEMENTS (statements per writer, default 600).
# Prints "test index_stress ... ok/FAILED" lines and "N passed, N failed".
set -uo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
# shellcheck source=../lib/server.sh
. "$ROOT/regress/lib/server.sh"
LOG="$ROOT/regress/results/index_stress.log"
mkdir -p "$ROOT/regress/results"
: >"$LOG"
N=${OAK_STRESS_STATEMENTS:-600}
PASS=0
FAIL=0
check() { # name condition-result detail
    if [ "$2" = ok ]; then
        echo "test index_stress $1 ... ok"
        PASS=$((PASS + 1))
    else
        echo "test index_stress $1 ... FAILED ($3)"
        FAIL=$((FAIL + 1))
    fi
}
q() { lib_psql -c "$1"; }

lib_init ixs
lib_initdb "$LOG"
lib_start "$LOG" -c shared_buffers=1MB || { echo "index_stress: start failed"; exit 1; }

q "create table st (id int primary key, a int, b text, c int)" >/dev/null
q "insert into st select g, g % 97, 'b' || g, g % 101 from generate_series(1, 3000) g" >/dev/null
q "create index st_a on st (a)" >/dev/null
q "create unique index st_b on st (b)" >/dev/null
q "create index st_c_a on st (c, a desc)" >/dev/null
q "create index st_lower_b on st (lower(b))" >/dev/null
q "create index st_part on st (a) where c < 50" >/dev/null

writer() { # seed
    awk -v seed="$1" -v n="$N" 'BEGIN {
        srand(seed);
        for (i = 0; i < n; i++) {
            id = int(rand() * 3500) + 1;
            r = rand();
            if (r < 0.35)
                printf "update st set a = %d where id = %d;\n", int(rand() * 97), id;
            else if (r < 0.55)
                printf "update st set b = '\''b%d'\'', c = %d where id = %d;\n", int(rand() * 3500) + 1, int(rand() * 101), id;
            else if (r < 0.65)
                printf "delete from st where id = %d;\n", id;
            else if (r < 0.80)
                printf "insert into st values (%d, %d, '\''b%d'\'', %d);\n", id, int(rand() * 97), int(rand() * 3500) + 1, int(rand() * 101);
            else if (r < 0.90)
                printf "begin; update st set a = a + 1 where a = %d; update st set b = b || '\''x'\'' where id = %d; rollback;\n", int(rand() * 97), id;
            else
                printf "begin; update st set c = c + 1 where c = %d and a > %d; commit;\n", int(rand() * 101), int(rand() * 97);
        }
    }' | psql -X -q -h "$TMP" -p "$PORT" -U postgres -d postgres >/dev/null 2>>"$LOG"
}

reader() {
    for i in $(seq 1 "$N"); do
        echo "set enable_seqscan = off; select count(*) from st where a = $((i % 97)); select count(*) from st where c = $((i % 101)) and a > 40; select count(*) from st where lower(b) = 'b$i';"
    done | psql -X -q -h "$TMP" -p "$PORT" -U postgres -d postgres >/dev/null 2>>"$LOG"
}

pids=""
for s in 1 2 3 4 5 6; do
    writer "$s" &
    pids="$pids $!"
done
reader &
pids="$pids $!"
for _ in 1 2 3; do
    q "vacuum st" >/dev/null 2>>"$LOG"
    sleep 1
done
# shellcheck disable=SC2086 # a list of pids
wait $pids
kill -0 "$PID" 2>/dev/null
check "server alive after the load" "$([ $? -eq 0 ] && echo ok)" "oakd died"

# Each query's result through its index must equal the full scan's.
QUERIES=(
    "select count(*), sum(id) from st where a = 5"
    "select count(*), sum(id) from st where a = 60"
    "select count(*), sum(id) from st where a > 90"
    "select count(*), sum(id) from st where a >= 10 and a < 20"
    "select count(*), sum(id) from st where b = 'b77'"
    "select count(*), sum(id) from st where b > 'b3' and b < 'b4'"
    "select count(*), sum(id) from st where lower(b) = 'b1234'"
    "select count(*), sum(id) from st where c = 7 and a > 50"
    "select count(*), sum(id) from st where c = 70"
    "select count(*), sum(id) from st where a = 33 and c < 50"
)
INDEXES=(st_a st_a st_a st_a st_b st_b st_lower_b st_c_a st_c_a st_part)

compare_all() { # phase
    local bad=0 detail=""
    for i in "${!QUERIES[@]}"; do
        local sql=${QUERIES[$i]}
        local full via plan
        full=$(q "set enable_indexscan = off; $sql" 2>&1)
        via=$(q "set enable_seqscan = off; $sql" 2>&1)
        plan=$(q "set enable_seqscan = off; explain (costs off) $sql" 2>&1)
        if [ "$full" != "$via" ] || ! grep -q "using ${INDEXES[$i]} " <<<"$plan"; then
            bad=$((bad + 1))
            detail="$detail [$sql: full '$full' index '$via' plan '$(tr '\n' ' ' <<<"$plan")']"
        fi
    done
    check "$1: index scans equal full scans" "$([ "$bad" -eq 0 ] && echo ok)" "$detail"
    local dups
    dups=$(q "set enable_indexscan = off; select b, count(*) from st group by b having count(*) > 1" 2>&1)
    check "$1: unique key held once" "$([ -z "$dups" ] && echo ok)" "$dups"
}
compare_all "after load"
q "vacuum st" >/dev/null 2>>"$LOG"
compare_all "after vacuum"

lib_stop "$LOG"
"$BIN/oakctl" verify -D "$TMP/data" >>"$LOG" 2>&1
rc=$?
check "oakctl verify clean" "$([ $rc -eq 0 ] && echo ok)" "exit $rc, see $LOG"
lib_start "$LOG" || { echo "index_stress: restart failed"; exit 1; }
compare_all "after restart"
lib_stop "$LOG"

echo "$PASS passed, $FAIL failed"
[ "$FAIL" -eq 0 ]
