#!/usr/bin/env bash
# Builds steward twice and runs the whole suite in both trees:
#   build-asan/  with AddressSanitizer + UndefinedBehaviorSanitizer (-DSTEWARD_SANITIZE=ON)
#   build/       the ordinary build; its unit tests also run under valgrind
# The last line printed is ctest's summary for the ordinary build.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc 2>/dev/null || echo 2)
# A Node.js >= 20 that install-deps.sh fetched because the system's is older (Debian 12's 18).
for bundled in tests/interop/.node/node_modules/node-linux-*/bin; do
  [ -x "$bundled/node" ] && export PATH="$PWD/$bundled:$PATH"
done
echo "== Node.js $(node --version) for the interop tests"

echo "== build (ASan + UBSan)"
cmake -S . -B build-asan -DSTEWARD_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug >/dev/null
cmake --build build-asan -j"$jobs" >/dev/null
echo "== tests under ASan + UBSan"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build-asan --output-on-failure -j"$jobs"

echo "== build"
cmake -S . -B build >/dev/null
cmake --build build -j"$jobs" >/dev/null

echo "== unit tests under valgrind"
failed=0
for t in build/tests/test_*; do
  [ -x "$t" ] || continue
  name=$(basename "$t")
  if ! STEWARD_VECTORS=$PWD/tests/vectors STEWARD_TESTS=$PWD/tests \
       valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
       "$t" >/dev/null 2>build/valgrind-$name.log; then
    echo "valgrind: $name failed; see build/valgrind-$name.log"; cat build/valgrind-$name.log | tail -30
    failed=1
  else
    echo "valgrind: $name clean"
  fi
done
[ $failed = 0 ] || exit 1

echo "== tests"
ctest --test-dir build --output-on-failure -j"$jobs"
