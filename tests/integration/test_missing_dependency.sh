#!/usr/bin/env bash
# A missing dependency stops `cmake` at configure time and names the Debian package to
# install. pkg-config is pointed at an empty folder so that every library looks missing;
# the first one checked must be reported with its package.
. "$(dirname "$0")/lib.sh"
mkdir "$T/empty"
PKG_CONFIG_LIBDIR="$T/empty" PKG_CONFIG_PATH= cmake -S "$SRC" -B "$T/b" >"$T/out" 2>&1
rc=$?
[ $rc != 0 ] && ok || bad "cmake configured with no libraries visible"
expect_grep "missing dependency libsecp256k1: apt-get install libsecp256k1-dev" "$T/out" "the package to install is named"
finish
