#!/usr/bin/env bash
# Constant-time check of the BLS12-381 scalar multiplications used with secret scalars
# (g1_mul_ct, g2_mul_ct): runs tests/unit/test_crypto_bls_ct.c under valgrind's memcheck with
# the scalar marked undefined, and requires that memcheck reports nothing (no branch and no
# memory address depends on a secret bit). The negative control (--leaky: the variable-time
# multiplication on a marked scalar) must be reported, or the marking is not working.
# Runs in the ordinary build only (the sanitizer tree has ASan instead); fails without valgrind.
. "$(dirname "$0")/lib.sh"
if grep -q "STEWARD_SANITIZE:BOOL=ON" "$BUILD/CMakeCache.txt" 2>/dev/null; then
  echo "test_bls_consttime: runs in the ordinary build's suite only"; exit 0
fi
command -v valgrind >/dev/null || { bad "valgrind is not installed (./scripts/install-deps.sh --test)"; finish; exit 1; }
BIN="$BUILD/tests/test_crypto_bls_ct"
[ -x "$BIN" ] || { bad "$BIN not built"; finish; exit 1; }
VG=(valgrind -q --error-exitcode=99 --track-origins=yes)

expect_exit 0 "constant-time scalar multiplication under secret marking" -- "${VG[@]}" "$BIN"
expect_no_grep 'depends on uninitialised|Use of uninitialised' "$T/err" "memcheck reports for g1_mul_ct/g2_mul_ct"
expect_grep 'checks, 0 failed' "$T/out" "results equal the variable-time ones"

expect_exit 99 "negative control: variable-time multiplication is flagged" -- "${VG[@]}" "$BIN" --leaky
expect_grep 'Conditional jump or move depends on uninitialised' "$T/err" "negative control report"
finish
