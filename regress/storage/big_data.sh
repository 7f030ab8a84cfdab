#!/bin/bash
# big_data.sh
#     A data set ten times larger than shared_buffers (issue #5): load a table
#     (id int4 primary key, a int4, g int4, v int4, pad text of ~100-125 bytes) until its
#     file is over ten times shared_buffers, UPDATE two thirds of the rows, build a plain,
#     a UNIQUE and an expression index, then UPDATE, DELETE, INSERT and VACUUM with the
#     indexes in place. At each stage the counts and sums read through each index (EXPLAIN
#     must show "Index Scan using" it, with enable_seqscan off) must equal those read by
#     sequential scans (enable_indexscan off) and those computed here by awk replaying the
#     same statements. Then: a clean stop, `oakctl verify` exits 0, a restart gives the
#     same numbers; the postmaster is killed with SIGKILL in the middle of a run of update
#     batches (one transaction each, logged in a progress table), and after recovery the
#     table holds exactly the batches whose COMMIT was acknowledged (plus at most the one
#     in flight), through every index; a clean stop and `oakctl verify` again.
#
#     In the --enable-debug build (oakd linked with AddressSanitizer, several times slower)
#     shared_buffers and the row count are both scaled down by four: still ten times.
#
# Usage: regress/storage/big_data.sh
# Environment: OAK_BIN_DIR (where oakd and oakctl are; default the repository root).
# Prints "test NAME ... ok" (details indented below) or "test NAME ... FAILED: why" per
# check, and a closing "N passed, N failed".
set -uo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
# shellcheck source=../lib/server.sh
. "$ROOT/regress/lib/server.sh"
OUT="$ROOT/regress/results/big_data"
rm -rf "$OUT"
mkdir -p "$OUT"
LOG="$OUT/oakd.log"
: >"$LOG"

if grep -q __asan_init "$BIN/oakd" 2>/dev/null; then
    SB_KB=1024 # sanitized build: a quarter of the size, same ratio
    CHUNK=8000
else
    SB_KB=4096
    CHUNK=32000
fi
MAX_CHUNKS=40 # a cap only: the load stops once the file is ten times shared_buffers
BATCHES=10000 # a cap only: the update batches are cut short by the kill
SETTINGS=(-c shared_buffers="${SB_KB}kB" -c max_wal_size=32MB)

passed=0
failed=0
# scripts/test.sh counts lines "test NAME ... ok" that end there: the detail goes below.
result() { # name ok(0/1) detail
    if [ "$2" = 0 ]; then
        echo "test $1 ... ok"
        [ -z "${3:-}" ] || echo "    $3"
        passed=$((passed + 1))
    else
        echo "test $1 ... FAILED: $3"
        failed=$((failed + 1))
    fi
}
finish() {
    if grep -qE 'ERROR: (Address|Leak|Memory)Sanitizer|runtime error:' "$LOG"; then
        result big_data_sanitizer_report 1 "see $LOG"
    fi
    echo "$passed passed, $failed failed"
    [ "$failed" = 0 ]
    exit
}
abort() { # why: a step the remaining checks depend on failed
    result "$1" 1 "$2"
    finish
}

q() { lib_psql -v ON_ERROR_STOP=1 -c "$1"; }

# Pad text of a row version: "V<v>:<id>:" and 90-120 x's, so that lower(pad) starts with
# "v<v>:" and its length varies with v. The same expression in SQL (new values of v) and
# in awk (pad_len below).
PAD_SQL="'V' || (v + 1) || ':' || id || ':' || repeat('x', 90 + ((v + 1) % 7) * 5)"

# ---- the expected state, replayed in awk -----------------------------------------------
# Rows: id 1..N loaded with a = id*7919 mod 1000003 (distinct), g = id mod 997, v = 1;
# u1: id % 3 <> 0: v+1, g = (g + 500) % 997 (before the indexes exist);
# u2: id % 5 = 0: v+1, g = (g * 3 + 1) % 997; delete id % 101 = 0; insert N+1..N+M;
# batch k (1..K): id % 40 = k % 40: v+1, g = (g * 3 + k) % 997.
# Prints one line per predicate, in the order of PREDICATES below:
# count|sum(a)|sum(g)|sum(v)|sum(length(pad)).
PREDICATES=(
    "true"
    "id between 1000 and 2999"
    "g >= 0"
    "g between 100 and 199"
    "g = 500"
    "a >= 0"
    "a between 200000 and 299999"
    "a = 7919"
    "lower(pad) >= 'v' and lower(pad) < 'w'"
    "lower(pad) >= 'v1:' and lower(pad) < 'v1;'"
    "lower(pad) >= 'v2:' and lower(pad) < 'v2;'"
    "lower(pad) >= 'v3:' and lower(pad) < 'v3;'"
)
# The index each predicate must be read through when enable_seqscan is off.
INDEX_OF=(
    "" big_pkey big_g_idx big_g_idx big_g_idx big_a_key big_a_key big_a_key
    big_pad_idx big_pad_idx big_pad_idx big_pad_idx
)

expected() { # stage(load|u1|u2|batches) N M K
    awk -v stage="$1" -v n="$2" -v m="$3" -v k="$4" '
    function put(id) { a[id] = (id * 7919) % 1000003; g[id] = id % 997; v[id] = 1; live[id] = 1 }
    function upd(id, gnew) { v[id]++; g[id] = gnew }
    function plen(id) { return length("V" v[id] ":" id ":") + 90 + (v[id] % 7) * 5 }
    function acc(p, id) { c[p]++; sa[p] += a[id]; sg[p] += g[id]; sv[p] += v[id]; sl[p] += plen(id) }
    BEGIN {
        for (id = 1; id <= n; id++) put(id)
        if (stage != "load") for (id = 1; id <= n; id++) if (id % 3 != 0) upd(id, (g[id] + 500) % 997)
        if (stage == "u2" || stage == "batches") {
            for (id = 1; id <= n; id++) if (id % 5 == 0) upd(id, (g[id] * 3 + 1) % 997)
            for (id = 1; id <= n; id++) if (id % 101 == 0) delete live[id]
            for (id = n + 1; id <= n + m; id++) put(id)
        }
        if (stage == "batches")
            for (b = 1; b <= k; b++)
                for (id = b % 40; id <= n + m; id += 40) if (id in live) upd(id, (g[id] * 3 + b) % 997)
        for (key in live) {
            id = key + 0 # keys of an awk array are strings: compare numbers
            acc(0, id)
            if (id >= 1000 && id <= 2999) acc(1, id)
            acc(2, id)
            if (g[id] >= 100 && g[id] <= 199) acc(3, id)
            if (g[id] == 500) acc(4, id)
            acc(5, id)
            if (a[id] >= 200000 && a[id] <= 299999) acc(6, id)
            if (a[id] == 7919) acc(7, id)
            acc(8, id)
            if (v[id] == 1) acc(9, id)
            if (v[id] == 2) acc(10, id)
            if (v[id] == 3) acc(11, id)
        }
        for (p = 0; p < 12; p++)
            printf "%.0f|%.0f|%.0f|%.0f|%.0f\n", c[p], sa[p], sg[p], sv[p], sl[p]
    }'
}

# The same numbers read by the server, every predicate either through its index
# (mode index: enable_seqscan off) or by sequential scans (mode seq: enable_indexscan off).
# Also writes the plans to $OUT/plans.<tag>.<mode>.
measured() { # mode tag
    local set sql="" i
    [ "$1" = index ] && set="set enable_seqscan = off;" || set="set enable_indexscan = off;"
    for i in "${!PREDICATES[@]}"; do
        sql="$sql select count(*), coalesce(sum(a), 0), coalesce(sum(g), 0),
            coalesce(sum(v), 0), coalesce(sum(length(pad)), 0) from big where ${PREDICATES[$i]};"
    done
    printf '%s\n' "$set" "$sql" | lib_psql -v ON_ERROR_STOP=1 2>&1
    sql=""
    for i in "${!PREDICATES[@]}"; do
        sql="$sql explain (costs off) select count(*) from big where ${PREDICATES[$i]};"
    done
    printf '%s\n' "$set" "$sql" | lib_psql -v ON_ERROR_STOP=1 >"$OUT/plans.$2.$1" 2>&1
}

# Each plan must read through the expected index (index mode; before the secondary
# indexes exist, only the primary key's) or through none of the secondary ones (seq mode):
# the plans file holds one plan per predicate, each starting with "Aggregate".
plans_ok() { # tag with-secondary-indexes(0/1)
    local i=0 bad="" idx
    for idx in "${INDEX_OF[@]}"; do
        local plan seqplan
        [ "$2" = 0 ] && [ "$idx" != big_pkey ] && idx=""
        plan=$(awk -v n=$((i + 1)) '/^Aggregate/ { p++ } p == n' "$OUT/plans.$1.index")
        seqplan=$(awk -v n=$((i + 1)) '/^Aggregate/ { p++ } p == n' "$OUT/plans.$1.seq")
        if [ -n "$idx" ]; then
            grep -q "Index Scan using $idx on big" <<<"$plan" || bad="$bad [$i index: $plan]"
        fi
        if [ "$idx" != big_pkey ]; then
            grep -q "Seq Scan on big" <<<"$seqplan" || bad="$bad [$i seq: $seqplan]"
        fi
        i=$((i + 1))
    done
    [ "$(grep -c '^Aggregate' "$OUT/plans.$1.index")" = "${#INDEX_OF[@]}" ] || bad="$bad [plan count]"
    [ -z "$bad" ] || echo "$bad"
}

# Index, sequential and expected numbers agree, plans as required, and every row's pad
# matches its version: one test case named CHECK.
check_state() { # check-name stage N M K
    local tag=$1 exp idx seq plans badpad
    exp=$(expected "$2" "$3" "$4" "$5")
    idx=$(measured index "$tag")
    seq=$(measured seq "$tag")
    printf '%s\n' "$exp" >"$OUT/$tag.expected"
    printf '%s\n' "$idx" >"$OUT/$tag.index"
    printf '%s\n' "$seq" >"$OUT/$tag.seq"
    plans=$(plans_ok "$tag" "$([ "$2" = load ] && echo 0 || echo 1)")
    badpad=$(q "select count(*) from big where pad <> 'V' || v || ':' || id || ':' ||
                repeat('x', 90 + (v % 7) * 5)" 2>&1)
    if [ "$idx" = "$exp" ] && [ "$seq" = "$exp" ] && [ -z "$plans" ] && [ "$badpad" = 0 ]; then
        result "$tag" 0 "$(head -n 1 <<<"$exp" | cut -d'|' -f1) rows"
    else
        local why
        why="through the indexes $([ "$idx" = "$exp" ] && echo as || echo NOT as) expected,"
        why="$why by sequential scans $([ "$seq" = "$exp" ] && echo as || echo NOT as) expected"
        result "$tag" 1 "$why (see $OUT/$tag.*); plans:${plans:- ok}; rows with a wrong pad: $badpad"
    fi
}

relation_bytes() { # relation name: size of its file in database postgres (server stopped or not)
    local node dboid
    node=$(q "select relfilenode from pg_class where relname = '$1'")
    dboid=$(q "select oid from pg_database where datname = 'postgres'")
    stat -c %s "$TMP/data/base/$dboid/$node" 2>/dev/null || echo 0
}

# Stop cleanly and run the offline checker; one test case named NAME.
stop_and_verify() { # name
    lib_stop "$LOG"
    "$BIN/oakctl" verify -D "$TMP/data" >"$OUT/$1.out" 2>&1
    local rc=$?
    [ "$rc" = 0 ] && grep -q ": 0 problems$" "$OUT/$1.out"
    result "$1" $? "exit $rc: $(tail -n 3 "$OUT/$1.out" | tr '\n' ' ')"
}

lib_init bigdata
lib_initdb "$LOG" || abort big_data_init "oakctl init failed"
lib_start "$LOG" "${SETTINGS[@]}" || abort big_data_start "oakd did not start"

# 1. Load in chunks until the table's file is ten times shared_buffers.
q "create table big (id int4 primary key, a int4 not null, g int4 not null, v int4 not null,
   pad text not null)" >/dev/null || abort big_data_create "create table failed"
N=0
bytes=0
for _ in $(seq 1 "$MAX_CHUNKS"); do
    q "insert into big select s, (s * 7919) % 1000003, s % 997, 1,
       'V1:' || s || ':' || repeat('x', 95) from generate_series($((N + 1)), $((N + CHUNK))) s" \
        >/dev/null || abort big_data_load "insert failed after $N rows"
    N=$((N + CHUNK))
    bytes=$(relation_bytes big)
    [ "$bytes" -ge $((SB_KB * 1024 * 10)) ] && break
done
[ "$bytes" -ge $((SB_KB * 1024 * 10)) ]
result big_data_ten_times_shared_buffers $? \
    "$N rows, $((bytes / 1048576)) MB file, shared_buffers $((SB_KB / 1024)) MB"
M=$((N / 20))
check_state big_data_loaded load "$N" 0 0

# 2. Update two thirds of the rows (a new version of each), then build the indexes.
q "update big set v = v + 1, g = (g + 500) % 997, pad = $PAD_SQL where id % 3 <> 0" \
    >/dev/null || abort big_data_update "update before the indexes failed"
q "create index big_g_idx on big (g)" >/dev/null &&
    q "create unique index big_a_key on big (a)" >/dev/null &&
    q "create index big_pad_idx on big (lower(pad))" >/dev/null
result big_data_create_indexes $? "plain, unique and expression index"
check_state big_data_indexed u1 "$N" 0 0

# 3. Changes with the indexes in place: update, delete, insert, vacuum; the unique index
# refuses duplicates of a, by INSERT and by UPDATE, and the refused rows leave no trace.
q "update big set v = v + 1, g = (g * 3 + 1) % 997, pad = $PAD_SQL where id % 5 = 0" \
    >/dev/null &&
    q "delete from big where id % 101 = 0" >/dev/null &&
    q "insert into big select s, (s * 7919) % 1000003, s % 997, 1,
       'V1:' || s || ':' || repeat('x', 95) from generate_series($((N + 1)), $((N + M))) s" \
        >/dev/null &&
    q "vacuum big" >/dev/null
result big_data_changes_with_indexes $? "update, delete, insert, vacuum"
dup_insert=$(lib_psql -v VERBOSITY=sqlstate -c "insert into big values ($((N + M + 1)),
    $(((7 * 7919) % 1000003)), 0, 1, 'V1:$((N + M + 1)):x')" 2>&1)
dup_update=$(lib_psql -v VERBOSITY=sqlstate -c "update big set a = $(((8 * 7919) % 1000003))
    where id = 9" 2>&1)
[ "$dup_insert" = "ERROR:  23505" ] && [ "$dup_update" = "ERROR:  23505" ]
result big_data_unique_refuses_duplicates $? "insert: $dup_insert; update: $dup_update"
check_state big_data_after_changes u2 "$N" "$M" 0

# 4. Clean stop, offline check, restart: the same numbers.
stop_and_verify big_data_verify_after_stop
lib_start "$LOG" "${SETTINGS[@]}" || abort big_data_restart "oakd did not restart"
check_state big_data_after_restart u2 "$N" "$M" 0

# 5. Update batches, one transaction each, logged in a progress table; SIGKILL to the
# postmaster in the middle (its children die with it: PR_SET_PDEATHSIG).
q "create table progress (k int4 primary key)" >/dev/null || abort big_data_progress "create failed"
awk -v batches="$BATCHES" -v pad="$PAD_SQL" 'BEGIN {
    for (k = 1; k <= batches; k++) {
        print "begin;"
        printf "update big set v = v + 1, g = (g * 3 + %d) %% 997, pad = %s where id %% 40 = %d;\n",
            k, pad, k % 40
        printf "insert into progress values (%d);\ncommit;\n", k
    }
}' >"$TMP/batches.sql"
# Not lib_psql: without -q, psql prints each command tag, so "COMMIT" marks an acknowledged batch.
psql -X -A -t -h "$TMP" -p "$PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 \
    -f "$TMP/batches.sql" >"$OUT/batches.out" 2>&1 &
loader=$!
committed=0
for _ in $(seq 1 1200); do
    committed=$(q "select count(*) from progress" 2>/dev/null || echo 0)
    [ "$committed" -ge 3 ] && break
    kill -0 "$loader" 2>/dev/null || break
    sleep 0.05
done
children=$(pgrep -P "$PID" || true)
# bash reports the job "Killed" on its own stderr, before the next command: silence both.
{
    kill -9 "$PID"
    wait "$PID"
} 2>/dev/null
PID=""
wait "$loader" 2>/dev/null
gone=1
for c in $children; do
    for _ in $(seq 1 600); do
        kill -0 "$c" 2>/dev/null || break
        sleep 0.1
    done
    kill -0 "$c" 2>/dev/null && { gone=0; kill -9 "$c" 2>/dev/null; }
done
last=$(grep -E '^(BEGIN|UPDATE [0-9]+|INSERT 0 1|COMMIT)$' "$OUT/batches.out" | tail -n 1)
[ "$committed" -ge 3 ] && [ "$gone" = 1 ]
result big_data_killed_mid_batches $? \
    "$committed batches seen committed before the kill, last tag before it: $last; children gone: $gone"

lib_start "$LOG" "${SETTINGS[@]}" || abort big_data_recovery "oakd did not restart after SIGKILL"
acked=$(grep -c '^COMMIT$' "$OUT/batches.out")
K=$(q "select count(*) from progress")
kmax=$(q "select coalesce(max(k), 0) from progress")
[ "$K" = "$kmax" ] && [ "$K" -ge "$acked" ] && [ "$K" -le $((acked + 1)) ] && [ "$K" -lt "$BATCHES" ]
result big_data_committed_batches_survive $? \
    "$acked COMMITs acknowledged, $K batches in the table (highest $kmax)"
check_state big_data_after_recovery batches "$N" "$M" "$K"

# 6. Clean stop after recovery: the offline check again.
stop_and_verify big_data_verify_after_recovery
finish
