# regress/lib/clients.sh
#     What the driver tests under regress/clients/ share: a throwaway oakd that requires SSL
#     and SCRAM-SHA-256 on TCP, counting a driver script's "test X ... ok/FAILED" lines, and
#     one-line checks of their own. Source it after setting ROOT and OUT; it sources
#     server.sh. Keeps the totals in PASS and FAIL.
#
#     clients_start NAME PASSWORD   init (-S --auth-host scram-sha-256 --pwfile) and start
#     clients_count FILE RC         add FILE's ok/FAILED lines; a non-zero RC with no
#                                   FAILED line (the script died) counts one failure
#     clients_check NAME GOT WANT   one case: ok when GOT equals WANT
#     clients_finish                stop the server, print "N passed, N failed", exit status
# shellcheck shell=bash

# shellcheck source=server.sh
. "$ROOT/regress/lib/server.sh"
PASS=0
FAIL=0

clients_start() { # name password
    lib_init "$1"
    LOG="$OUT/$1.log"
    : >"$LOG"
    echo "$2" >"$TMP/pw"
    "$BIN/oakctl" init -D "$TMP/data" -U postgres -S --auth-host scram-sha-256 \
        --pwfile "$TMP/pw" >>"$LOG" 2>&1 || { echo "$1: init failed"; exit 1; }
    lib_start "$LOG" || { echo "$1: start failed"; exit 1; }
}

clients_count() { # file rc
    local ok bad
    ok=$(grep -c '\.\.\. ok$' "$1")
    bad=$(grep -c '\.\.\. FAILED' "$1")
    [ "$2" -ne 0 ] && [ "$bad" -eq 0 ] && bad=1
    PASS=$((PASS + ok))
    FAIL=$((FAIL + bad))
}

clients_check() { # name got want
    if [ "$2" = "$3" ]; then
        echo "test $1 ... ok"
        PASS=$((PASS + 1))
    else
        echo "test $1 ... FAILED (got '$2', want '$3')"
        FAIL=$((FAIL + 1))
    fi
}

clients_finish() {
    lib_stop "$LOG"
    echo "$PASS passed, $FAIL failed"
    [ "$FAIL" -eq 0 ]
    exit
}
