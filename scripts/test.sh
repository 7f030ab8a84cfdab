#!/bin/bash
# test.sh
#     The second README command, and what CI runs: install what is missing, build, then
#     run every test: Check unit tests (make check), the SQL regression suite
#     (regress/run_regress.sh), the isolation suite (regress/isolation/run_isolation.sh),
#     the crash test (regress/crash/crash_test.sh), the fault point test
#     (regress/crash/fault_points.sh: a crash at each named fault point, then recovery), the
#     database crash test (regress/crash/database_crash.sh: kill -9 around CREATE and DROP
#     DATABASE), the database sessions test (regress/server/database_test.sh), the
#     sequence crash test (regress/crash/sequence_crash.sh: nextval under kill -9), the
#     vacuum size test (regress/vacuum/bounded_size.sh), the bank test
#     (regress/bank/bank_test.sh) and the protocol robustness test
#     (regress/protocol/garbage_test.sh), the server test (regress/server/server_test.sh:
#     max_connections, a backend killed with SIGKILL, fast and smart shutdown), the WAL tests
#     (regress/wal/: group commit, bounded WAL directory, spread checkpoints), the checksum
#     test, the offline checker's test (regress/verify/verify_test.sh: oakctl verify on
#     clean, corrupted and crashed data), the index stress test
#     (regress/storage/index_stress.sh: concurrent writers on indexed columns, then index
#     scans compared with full scans, verify, restart), the big-data test
#     (regress/storage/big_data.sh: a table ten times shared_buffers, loaded, updated,
#     indexed, restarted and recovered from SIGKILL), the extended protocol test
#     (regress/protocol/extended_test.sh), the client tests (regress/clients/: pgbench,
#     psycopg2, psycopg 3, pgjdbc and node-postgres over SSL with SCRAM)
#     and the authentication test (regress/auth/auth_test.sh: SSL, oak_hba.conf,
#     password/md5/SCRAM, query cancel with psql and libpq). Ends with one line
#     "N passed, N failed" counting every test case; exits non-zero if any failed.
#
# Environment:
#     OAK_DEBUG_BUILD=1     build with ./configure --enable-debug (ASan + UBSan) instead
#     OAK_DEBUG_BUILD=both  run everything twice: plain build, then --enable-debug
#     OAK_SKIP_DEPS=1       do not run scripts/install-deps.sh
# Both builds use the source tree (scripts/build.sh rebuilds from clean when the flags
# change), so oakd and oakctl at the root are always the ones just tested.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
ROOT=$(pwd)

# Sanitizer settings for every process below (servers, clients, unit tests), unless the
# caller chose others. Leak checking is off: a backend exits with its memory contexts
# still allocated, on purpose (the process ends anyway), as PostgreSQL does under ASan.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:halt_on_error=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

PASSED=0
FAILED=0
STEPS=()

note() { # step-name ok|FAILED
    STEPS+=("$(printf '%-36s %s' "$1" "$2")")
}

count_cases() { # output-file step-name: add the "test X ... ok/FAILED" lines to the totals
    local ok bad
    ok=$(grep -c '^test .* \.\.\. ok\( .*\)\?$' "$1") # "ok" or "ok (details)"
    bad=$(grep -c '^test .* \.\.\. FAILED' "$1")
    PASSED=$((PASSED + ok))
    FAILED=$((FAILED + bad))
    echo "$ok passed, $bad failed" >"$1.count"
}

# The Check runner prints "NN%: Checks: N, Failures: F, Errors: E" in each test's .log.
run_unit_tests() { # label
    local out="$ROOT/tmp_check/unit.$1.out"
    mkdir -p "$ROOT/tmp_check"
    echo "== unit tests (make check)"
    make check >"$out" 2>&1
    local rc=$?
    tail -n 15 "$out"
    local n=0 f=0 seen=0
    while read -r checks failures errors; do
        seen=1
        n=$((n + checks))
        f=$((f + failures + errors))
    done < <(cat ./*.log test/unit/*.log 2>/dev/null |
        sed -n 's/.*Checks: \([0-9]*\), Failures: \([0-9]*\), Errors: \([0-9]*\).*/\1 \2 \3/p')
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
        f=1 # make check failed without a Check failure: a build or runner error
        [ -f test-suite.log ] && sed -n '1,60p' test-suite.log
    fi
    [ "$seen" -eq 1 ] || echo "(no Check summary found in the test logs)"
    PASSED=$((PASSED + n - (f > n ? n : f)))
    FAILED=$((FAILED + f))
    note "unit tests [$1]" "$([ "$f" -eq 0 ] && echo ok || echo FAILED)"
}

run_script() { # label name script...
    local label=$1 name=$2
    shift 2
    local out="$ROOT/tmp_check/$name.$label.out"
    echo "== $name"
    "$@" 2>&1 | tee "$out"
    local rc=${PIPESTATUS[0]}
    count_cases "$out"
    if [ "$rc" -ne 0 ] && [ "$(grep -c '\.\.\. FAILED' "$out")" -eq 0 ]; then
        FAILED=$((FAILED + 1)) # the script failed before it could run its cases
        echo "test $name ... FAILED (exit $rc before any case ran)" >>"$out"
    fi
    note "$name [$label]" "$([ "$rc" -eq 0 ] && echo ok || echo FAILED)"
}

run_all() { # label configure-flags...
    local label=$1
    shift
    echo "==== build [$label]: ./configure $*"
    if ! scripts/build.sh "$@" >"$ROOT/tmp_check/build.$label.out" 2>&1; then
        tail -n 40 "$ROOT/tmp_check/build.$label.out"
        echo "test build [$label] ... FAILED"
        FAILED=$((FAILED + 1))
        note "build [$label]" FAILED
        return
    fi
    note "build [$label]" ok
    run_unit_tests "$label"
    run_script "$label" regress regress/run_regress.sh
    if [ -f regress/regression.diffs ]; then
        cp regress/regression.diffs "tmp_check/regression.diffs.$label"
        head -n 200 regress/regression.diffs
    fi
    # The sanitized build is several times slower: give a step longer before the tester
    # calls it "waiting", so a slow COMMIT is not mistaken for a blocked one.
    if [ "$label" = debug ]; then
        OAK_ISOLATION_WAIT_MS=${OAK_ISOLATION_WAIT_MS:-600} \
            run_script "$label" isolation regress/isolation/run_isolation.sh
    else
        run_script "$label" isolation regress/isolation/run_isolation.sh
    fi
    if [ -f regress/results/isolation/isolation.diffs ]; then
        cp regress/results/isolation/isolation.diffs "tmp_check/isolation.diffs.$label"
        head -n 200 regress/results/isolation/isolation.diffs
    fi
    run_script "$label" crash regress/crash/crash_test.sh
    run_script "$label" fault_points regress/crash/fault_points.sh
    run_script "$label" database_crash regress/crash/database_crash.sh
    run_script "$label" sequence_crash regress/crash/sequence_crash.sh
    run_script "$label" vacuum regress/vacuum/bounded_size.sh
    run_script "$label" bank regress/bank/bank_test.sh
    run_script "$label" protocol regress/protocol/garbage_test.sh
    run_script "$label" extended regress/protocol/extended_test.sh
    if [ "$label" = release ]; then
        # Issue #6's evidence: pgbench -i -s 10, then -T 30 -c 4 in each protocol mode.
        OAK_PGBENCH_SCALE=10 OAK_PGBENCH_SECONDS=30 \
            run_script "$label" pgbench regress/clients/pgbench_test.sh
    else
        run_script "$label" pgbench regress/clients/pgbench_test.sh
    fi
    run_script "$label" psycopg2 regress/clients/psycopg2_test.sh
    run_script "$label" psycopg3 regress/clients/psycopg3_test.sh
    run_script "$label" pgjdbc regress/clients/pgjdbc_test.sh
    run_script "$label" node_pg regress/clients/node_pg_test.sh
    run_script "$label" server regress/server/server_test.sh
    run_script "$label" group_commit regress/wal/group_commit.sh
    run_script "$label" checksum regress/server/checksum_test.sh
    run_script "$label" database regress/server/database_test.sh
    run_script "$label" wal_bounded regress/wal/wal_bounded.sh
    run_script "$label" checkpoint_spread regress/wal/checkpoint_spread.sh
    run_script "$label" verify regress/verify/verify_test.sh
    run_script "$label" index_stress regress/storage/index_stress.sh
    run_script "$label" big_data regress/storage/big_data.sh
    run_script "$label" auth regress/auth/auth_test.sh
}

mkdir -p tmp_check
if [ "${OAK_SKIP_DEPS:-0}" != 1 ]; then
    if ! scripts/install-deps.sh; then
        echo "test install-deps ... FAILED"
        echo "0 passed, 1 failed"
        exit 1
    fi
fi

start_s=$(date +%s)
case "${OAK_DEBUG_BUILD:-0}" in
1) run_all debug --enable-debug ;;
both)
    run_all release
    run_all debug --enable-debug
    ;;
*) run_all release ;;
esac

echo "==== summary ($(($(date +%s) - start_s)) s; outputs in tmp_check/ and regress/results/)"
printf '  %s\n' "${STEPS[@]}"
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
