#!/bin/bash
# build.sh
#     Build oakd and oakctl in the source tree: autoreconf and configure only when needed,
#     then make. A change of configure flags (e.g. to or from --enable-debug) reconfigures
#     and rebuilds from clean, so a tree never mixes sanitized and plain objects.
#
# Usage: scripts/build.sh [configure flags...]     e.g. scripts/build.sh --enable-debug
set -euo pipefail
cd "$(dirname "$0")/.."

want="$*"
have=""
if [ -x config.status ]; then
    # config.status --config prints the flags configure last ran with, each quoted.
    have=$(./config.status --config | tr -d "'")
fi

if [ ! -x configure ] || [ configure.ac -nt configure ] || [ ! -f Makefile.in ]; then
    autoreconf -fi
fi
if [ ! -f Makefile ] || [ ! -x config.status ] || [ "$have" != "$want" ] \
    || [ configure -nt config.status ]; then
    if [ -f Makefile ]; then
        make clean >/dev/null 2>&1 || true
    fi
    # shellcheck disable=SC2086 # flags are words on purpose
    ./configure $want
fi
make -j"$(nproc)"
