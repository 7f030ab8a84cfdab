#!/bin/bash
# auth_test.sh
#     Connection security with the real client (psql, libpq): SSL on and off with
#     sslmode=require/disable and \conninfo; oak_hba.conf lines local, host, hostssl,
#     hostnossl, samehost, first match wins, reject, no matching line (PostgreSQL's 28000
#     messages, "no encryption" / "SSL encryption"); trust, password, md5 and
#     scram-sha-256 with right and wrong passwords, a role that does not exist and a role
#     without a password (28P01, same message); oakctl init --pwfile/-A/-S/
#     --password-encryption; query cancel (57014 for the right key only, the other session
#     unaffected, also after GSSENCRequest and SSLRequest on TCP).
#
# Usage: regress/auth/auth_test.sh
# Environment: OAK_BIN_DIR (where oakd and oakctl are; default the repository root).
# Prints "test NAME ... ok/FAILED" per case and a closing "N passed, N failed".
set -uo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
# shellcheck source=../lib/server.sh
. "$ROOT/regress/lib/server.sh"
OUT="$ROOT/regress/results/auth"
rm -rf "$OUT"
mkdir -p "$OUT"
LOG="$OUT/oakd.log"
passed=0
failed=0
lib_init auth
DATA="$TMP/data"
CLIENT="$TMP/cancel_client"
export PGCONNECT_TIMEOUT=10

result() { # name ok(0/1) detail
    if [ "$2" = 0 ]; then
        echo "test $1 ... ok"
        passed=$((passed + 1))
    else
        echo "test $1 ... FAILED: $3"
        failed=$((failed + 1))
    fi
}

finish() {
    echo "$passed passed, $failed failed"
    [ "$failed" -eq 0 ]
    exit
}

# psql over TCP to localhost: tcp USER SSLMODE [psql args...]; PGPASSWORD from the caller.
tcp() {
    local user=$1 mode=$2
    shift 2
    psql -X -q -A -t -w "host=localhost port=$PORT user=$user dbname=postgres sslmode=$mode" "$@"
}

with_pw() { # password command...: run command (a function too) with PGPASSWORD set
    local pw=$1
    shift
    PGPASSWORD=$pw "$@"
}

expect_out() { # name expected-substring command...
    local name=$1 want=$2
    shift 2
    local out
    out=$("$@" 2>&1)
    case "$out" in
    *"$want"*) result "$name" 0 "" ;;
    *) result "$name" 1 "wanted '$want', got: $out" ;;
    esac
}

# Replace oak_hba.conf and make the running server reload it (SIGHUP).
set_hba() { # lines...
    printf '%s\n' "$@" >"$DATA/oak_hba.conf"
    local before
    before=$(grep -c 'reloading configuration files' "$LOG")
    kill -HUP "$PID"
    for _ in $(seq 1 100); do
        [ "$(grep -c 'reloading configuration files' "$LOG")" -gt "$before" ] && return 0
        sleep 0.05
    done
    echo "auth_test: the server did not reload oak_hba.conf" >&2
    return 1
}

new_cluster() { # oakctl init options...
    [ -n "$PID" ] && lib_stop "$LOG"
    rm -rf "$DATA"
    "$BIN/oakctl" init -D "$DATA" -U postgres "$@" >>"$LOG" 2>&1
}

# shellcheck disable=SC2046 # pkg-config prints flags as words
if ! cc -O2 -Wall -Wextra -Werror $(pkg-config --cflags libpq) -o "$CLIENT" \
    "$HERE/cancel_client.c" $(pkg-config --libs libpq); then
    echo "auth_test: could not build cancel_client"
    exit 1
fi
echo 'sekret' >"$TMP/pw"

# oakctl init refuses a password method without a password, as initdb does.
out=$("$BIN/oakctl" init -D "$TMP/nopw" -U postgres -A scram-sha-256 2>&1)
rc=$?
[ $rc -ne 0 ] && [[ "$out" == *"must specify a password for the superuser"* ]] &&
    [ ! -e "$TMP/nopw" ]
result init_password_method_needs_pwfile $? "$out"

# --- Cluster 1: ssl on (self-signed pair by oakctl init -S), SCRAM verifier for postgres.
new_cluster -S --pwfile "$TMP/pw" || { echo "auth_test: init failed"; finish; }
grep -q '^ssl = on' "$DATA/oakdb.conf" && [ -f "$DATA/server.crt" ] &&
    [ "$(stat -c %a "$DATA/server.key")" = 600 ]
result init_ssl_pair $? "$(ls -l "$DATA")"
lib_start "$LOG" || { echo "auth_test: start failed"; finish; }
out=$(lib_psql -c "select rolpassword from pg_authid where rolname = 'postgres'" 2>&1)
[[ "$out" == SCRAM-SHA-256\$4096:*\$*:* ]] && [[ "$out" != *sekret* ]]
result init_pwfile_stores_scram_verifier $? "$out"

expect_out ssl_require_conninfo "SSL connection (protocol: TLSv1.3" \
    tcp postgres require -c '\conninfo'
out=$(tcp postgres disable -c '\conninfo' 2>&1)
[[ "$out" == *'You are connected'* ]] && [[ "$out" != *SSL* ]]
result ssl_disable_no_ssl_line $? "$out"
# More than one TLS record each way: a 100 kB result and a 40 kB statement.
long=$(head -c 40000 /dev/zero | tr '\0' 'x')
out=$(tcp postgres require -c "select length(repeat('ab', 50000)), length('$long')" 2>&1)
[ "$out" = "100000|40000" ]
result ssl_large_messages $? "$out"
out=$(tcp postgres require -c "select repeat('0123456789', 10000)" 2>&1)
[ "${#out}" = 100000 ]
result ssl_large_result $? "length ${#out}"

# hostssl / hostnossl, first match wins.
set_hba 'local all all trust' \
    'hostnossl all all 127.0.0.1/32 reject' \
    'hostssl all all 127.0.0.1/32 trust'
expect_out hostssl_trust_matches "1" tcp postgres require -c 'select 1'
expect_out hostnossl_reject \
    'FATAL:  pg_hba.conf rejects connection for host "127.0.0.1", user "postgres", database "postgres", no encryption' \
    tcp postgres disable -c 'select 1'
set_hba 'local all all trust' \
    'hostssl all all 127.0.0.1/32 reject' \
    'host all all 127.0.0.1/32 trust'
expect_out hostssl_reject_ssl_encryption \
    'FATAL:  pg_hba.conf rejects connection for host "127.0.0.1", user "postgres", database "postgres", SSL encryption' \
    tcp postgres require -c 'select 1'
expect_out host_after_hostssl_line "1" tcp postgres disable -c 'select 1'
set_hba 'local all all trust' 'host all all samehost trust'
expect_out samehost_matches_localhost "1" tcp postgres disable -c 'select 1'

# No matching line: PostgreSQL's 28000 text, with the encryption in use.
set_hba 'local all all trust' 'host otherdb all 127.0.0.1/32 trust'
expect_out no_hba_entry_no_encryption \
    'FATAL:  no pg_hba.conf entry for host "127.0.0.1", user "postgres", database "postgres", no encryption' \
    tcp postgres disable -c 'select 1'
expect_out no_hba_entry_ssl_encryption \
    'FATAL:  no pg_hba.conf entry for host "127.0.0.1", user "postgres", database "postgres", SSL encryption' \
    tcp postgres require -c 'select 1'
expect_out no_hba_entry_sqlstate_28000 '28000: no pg_hba.conf entry' \
    "$CLIENT" login 127.0.0.1 "$PORT" postgres postgres x

# scram-sha-256
set_hba 'local all all trust' 'host all all 127.0.0.1/32 scram-sha-256'
expect_out scram_right_password_ssl "1" with_pw sekret tcp postgres require -c 'select 1'
expect_out scram_right_password_plain "1" with_pw sekret tcp postgres disable -c 'select 1'
expect_out scram_wrong_password 'FATAL:  password authentication failed for user "postgres"' \
    with_pw sekreT tcp postgres disable -c 'select 1'
expect_out scram_unknown_role 'FATAL:  password authentication failed for user "nobody"' \
    with_pw sekret tcp nobody disable -c 'select 1'
expect_out scram_no_password_given 'fe_sendauth: no password supplied' \
    tcp postgres disable -c 'select 1'
# libpq refuses channel_binding=require when the server offers no SCRAM-SHA-256-PLUS.
expect_out scram_channel_binding_not_offered 'channel binding is required, but server did not offer' \
    with_pw sekret psql -X -w "host=localhost port=$PORT user=postgres dbname=postgres sslmode=require channel_binding=require" -c 'select 1'

expect_out scram_client_demands_channel_binding '08P01: malformed SCRAM message' \
    "$CLIENT" login 127.0.0.1 "$PORT" postgres postgres x
# Features of SCRAM that PostgreSQL does not offer either: refused with 0A000.
expect_out scram_client_extension '0A000: client requires an unsupported SCRAM extension' \
    env SCRAM_FIRST='n,,m=ext,n=,r=0123456789abcdef' "$CLIENT" login 127.0.0.1 "$PORT" postgres postgres x
expect_out scram_authorization_identity '0A000: client uses authorization identity, but it is not supported' \
    env SCRAM_FIRST='n,a=other,n=,r=0123456789abcdef' "$CLIENT" login 127.0.0.1 "$PORT" postgres postgres x

# password (cleartext) against the SCRAM verifier; the raw client shows the SQLSTATE.
set_hba 'local all all trust' 'host all all 127.0.0.1/32 password'
expect_out password_right "1" with_pw sekret tcp postgres require -c 'select 1'
expect_out password_wrong 'FATAL:  password authentication failed for user "postgres"' \
    with_pw wrong tcp postgres require -c 'select 1'
expect_out password_sqlstate_28P01 '28P01: password authentication failed for user "postgres"' \
    "$CLIENT" login 127.0.0.1 "$PORT" postgres postgres wrong
expect_out password_unknown_role_sqlstate_28P01 '28P01: password authentication failed for user "nobody"' \
    "$CLIENT" login 127.0.0.1 "$PORT" nobody postgres sekret
expect_out password_raw_right ok "$CLIENT" login 127.0.0.1 "$PORT" postgres postgres sekret

# md5 with a SCRAM verifier runs SCRAM, as PostgreSQL does.
set_hba 'local all all trust' 'host all all 127.0.0.1/32 md5'
expect_out md5_rule_scram_verifier "1" with_pw sekret tcp postgres disable -c 'select 1'
expect_out md5_rule_scram_verifier_wrong 'FATAL:  password authentication failed for user "postgres"' \
    with_pw nope tcp postgres disable -c 'select 1'

# reject and trust on the Unix socket.
set_hba 'local all all reject'
expect_out local_reject \
    'FATAL:  pg_hba.conf rejects connection for host "[local]", user "postgres", database "postgres", no encryption' \
    lib_psql -c 'select 1'
set_hba 'local all all trust' 'host all all 127.0.0.1/32 trust'
expect_out local_trust "1" lib_psql -c 'select 1'

# Cancel through libpq against the SSL server (sessions on TLS, the cancel in clear).
out=$("$CLIENT" right "host=localhost port=$PORT user=postgres dbname=postgres sslmode=require" 2>&1)
result cancel_right_key_ssl_session $? "$out"
out=$("$CLIENT" wrong "host=$TMP port=$PORT user=postgres dbname=postgres" 2>&1)
result cancel_wrong_key_ignored $? "$out"

# A key file readable by others keeps the server from starting, as PostgreSQL's does.
lib_stop "$LOG"
chmod 644 "$DATA/server.key"
lib_start "$LOG"
rc=$?
[ $rc -ne 0 ] && grep -q 'private key file "server.key" has group or world access' "$LOG"
result ssl_key_permissions_checked $? "start rc=$rc"
[ -n "$PID" ] && kill -0 "$PID" 2>/dev/null && lib_stop "$LOG"
PID=""

# --- Cluster 2: md5 verifier (--password-encryption md5), md5 and password methods, ssl off.
new_cluster -A md5 --pwfile "$TMP/pw" --password-encryption md5 ||
    { echo "auth_test: init failed"; finish; }
grep -q 'local *all *all *md5' "$DATA/oak_hba.conf" && grep -q '^password_encryption = md5' "$DATA/oakdb.conf"
result init_auth_md5_files $? "$(cat "$DATA/oak_hba.conf")"
lib_start "$LOG" || { echo "auth_test: start failed"; finish; }
out=$(PGPASSWORD=sekret lib_psql -c "select rolpassword from pg_authid where rolname = 'postgres'" 2>&1)
[ "$out" = "md5$(printf 'sekretpostgres' | md5sum | cut -c1-32)" ]
result init_pwfile_stores_md5_verifier $? "$out"
expect_out md5_right "1" with_pw sekret tcp postgres prefer -c 'select 1'
expect_out md5_wrong 'FATAL:  password authentication failed for user "postgres"' \
    with_pw sekrit tcp postgres prefer -c 'select 1'
expect_out md5_local_right "1" with_pw sekret lib_psql -c 'select 1'
expect_out md5_unknown_role 'FATAL:  password authentication failed for user "nobody"' \
    with_pw sekret tcp nobody disable -c 'select 1'
expect_out sslmode_require_ssl_off 'server does not support SSL, but SSL was required' \
    with_pw sekret tcp postgres require -c 'select 1'
set_hba 'local all all md5' 'host all all 127.0.0.1/32 scram-sha-256'
# scram-sha-256 cannot use an md5 verifier: even the right password fails.
expect_out scram_rule_md5_verifier 'FATAL:  password authentication failed for user "postgres"' \
    with_pw sekret tcp postgres disable -c 'select 1'
set_hba 'local all all md5' 'host all all 127.0.0.1/32 password'
expect_out password_right_md5_verifier ok "$CLIENT" login 127.0.0.1 "$PORT" postgres postgres sekret
expect_out password_wrong_md5_verifier '28P01: password authentication failed' \
    "$CLIENT" login 127.0.0.1 "$PORT" postgres postgres Sekret

# --- Cluster 3: no password, ssl off; a password method fails; cancel after SSLRequest.
new_cluster || { echo "auth_test: init failed"; finish; }
lib_start "$LOG" || { echo "auth_test: start failed"; finish; }
set_hba 'local all all trust' 'host all all 127.0.0.1/32 scram-sha-256'
expect_out scram_role_without_password 'FATAL:  password authentication failed for user "postgres"' \
    with_pw anything tcp postgres disable -c 'select 1'
set_hba 'local all all trust' 'host all all 127.0.0.1/32 password'
expect_out password_role_without_password '28P01: password authentication failed for user "postgres"' \
    "$CLIENT" login 127.0.0.1 "$PORT" postgres postgres anything
set_hba 'local all all trust' 'host all all 127.0.0.1/32 trust'
out=$("$CLIENT" sslreq 127.0.0.1 "$PORT" postgres postgres 2>&1)
result cancel_after_gssenc_and_ssl_request $? "$out"
out=$("$CLIENT" right "host=localhost port=$PORT user=postgres dbname=postgres" 2>&1)
result cancel_right_key_other_session_unaffected $? "$out"
# Roles made with SQL: CREATE ROLE ... PASSWORD stores a verifier SCRAM then checks.
set_hba 'local all all trust' 'host all all 127.0.0.1/32 scram-sha-256'
lib_psql -c "create role zed login password 'zpass'" >/dev/null 2>>"$LOG"
expect_out sql_role_scram_login zed with_pw zpass tcp zed disable -c 'select current_user'
expect_out sql_role_wrong_password 'password authentication failed for user "zed"' \
    with_pw nope tcp zed disable -c 'select 1'
lib_psql -c "alter role zed password 'znew'" >/dev/null 2>>"$LOG"
expect_out sql_role_altered_password altered with_pw znew tcp zed disable -c "select 'altered'"
lib_psql -c "alter role zed nologin" >/dev/null 2>>"$LOG"
expect_out sql_role_nologin 'role "zed" is not permitted to log in' \
    with_pw znew tcp zed disable -c 'select 1'
lib_stop "$LOG"

finish
