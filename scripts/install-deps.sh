#!/bin/bash
# install-deps.sh
#     Install, with apt-get, the Debian 12 packages OakDB needs to build and test.
#     Idempotent: packages already installed are skipped, and apt-get runs only when
#     something is missing. Needs root (or sudo) the first time.
#
# Usage: scripts/install-deps.sh [--oracle]
#     --oracle  also install postgresql-15 (the server), needed only to regenerate
#               regress/expected/*.out (scripts/pg-oracle.sh) and to run bench/ (pgbench
#               ships in postgresql-15 on Debian 12).
#               The test suite itself never needs a PostgreSQL server.
set -euo pipefail

# Build: compiler, autotools, libraries. Test: Check, libpq (crash client), psql and
# pg_isready (postgresql-client), python3 (protocol garbage test), procps (pkill),
# python3-psycopg2 and python3-psycopg (the psycopg2 and psycopg 3 driver tests),
# libpostgresql-jdbc-java and a JDK to run its test from source (the pgjdbc driver test).
PACKAGES=(
    build-essential autoconf automake libtool pkg-config
    libssl-dev libpg-query-dev libprotobuf-c-dev check libpq-dev
    postgresql-client python3 procps python3-psycopg2 python3-psycopg
    libpostgresql-jdbc-java openjdk-17-jdk-headless
)

if [ "${1:-}" = "--oracle" ]; then
    # postgresql-15 (via postgresql-common) creates and starts a "main" cluster on port
    # 5432 at install time, which would take OakDB's port. Tell it not to, before install.
    PACKAGES+=(postgresql-15)
    if [ ! -f /etc/postgresql-common/createcluster.d/oak.conf ]; then
        SUDO=""
        [ "$(id -u)" -eq 0 ] || SUDO="sudo"
        $SUDO mkdir -p /etc/postgresql-common/createcluster.d
        echo 'create_main_cluster = false' | $SUDO tee \
            /etc/postgresql-common/createcluster.d/oak.conf >/dev/null
    fi
fi

missing=()
for p in "${PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
        missing+=("$p")
    fi
done

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
# node-postgres's test needs Node.js and npm: the machine's, or Debian's.
if ! command -v npm >/dev/null 2>&1; then
    missing+=(nodejs npm)
fi
if [ ${#missing[@]} -eq 0 ]; then
    echo "install-deps: all packages present"
else
    echo "install-deps: installing ${missing[*]}"
    $SUDO apt-get update -q
    $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# node-postgres (`pg`) for regress/clients/node_pg_test.sh, at the version its lock file
# pins, from the npm registry, into that folder only.
NODE_DIR="$(cd "$(dirname "$0")/.." && pwd)/regress/clients/node"
if [ ! -d "$NODE_DIR/node_modules/pg" ]; then
    echo "install-deps: npm ci in regress/clients/node"
    npm ci --prefix "$NODE_DIR" --no-audit --no-fund -q
fi
