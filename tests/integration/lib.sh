# lib.sh: shared by the integration tests. Sourced with $1 = steward binary, $2 = source
# tree, $3 = build tree. Each test runs in its own temporary folder, removed on exit.
# Assertions count; `finish` prints "N passed, N failed" and sets the exit status.
set -u
STEWARD=${1:?steward binary}
SRC=${2:?source tree}
BUILD=${3:?build tree}
T=$(mktemp -d /tmp/steward-test.XXXXXX)
trap 'rm -rf "$T"' EXIT
cd "$T"
unset STEWARD_CONFIG
PASS=0
FAIL=0

ok() { PASS=$((PASS + 1)); }
bad() { FAIL=$((FAIL + 1)); echo "FAIL: $*" >&2; }

# expect_exit CODE DESCRIPTION -- command...   (stdout/stderr land in $T/out, $T/err)
expect_exit() {
  local want=$1 what=$2
  shift 3
  "$@" >"$T/out" 2>"$T/err"
  local got=$?
  if [ "$got" = "$want" ]; then ok; else
    bad "$what: exit $got, wanted $want"; sed 's/^/  stderr: /' "$T/err" | head -5 >&2
  fi
}

# expect_grep PATTERN FILE DESCRIPTION
expect_grep() {
  if grep -qE -- "$1" "$2"; then ok; else bad "$3: /$1/ not in $2"; head -5 "$2" | sed 's/^/  /' >&2; fi
}
expect_no_grep() {
  if grep -qE -- "$1" "$2"; then bad "$3: /$1/ found in $2"; else ok; fi
}

# A sanitizer report anywhere in stderr is a failure even when the exit code looked right.
expect_no_sanitizer() {
  if grep -qE 'AddressSanitizer|runtime error:|LeakSanitizer' "$T/err"; then bad "$1: sanitizer report"; head -20 "$T/err" >&2; else ok; fi
}

# free_port: a loopback port nothing listens on, not handed out before in this test.
USED_PORTS=" "
free_port() {
  local p
  for _ in $(seq 1 200); do
    p=$((20000 + RANDOM % 40000))
    case "$USED_PORTS" in *" $p "*) continue ;; esac
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then USED_PORTS="$USED_PORTS$p "; echo "$p"; return 0; fi
  done
  return 1
}
# wait_port PORT: until something listens on it (20 s at most: CI machines can be slow).
wait_port() {
  for _ in $(seq 1 400); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.05
  done
  echo "nothing listens on $1" >&2
  return 1
}

finish() {
  echo "$(basename "$0"): $PASS passed, $FAIL failed"
  [ "$FAIL" = 0 ]
}
