#!/usr/bin/env bash
# steward run: recovers the secret, opens the store, logs readiness, stops cleanly on
# SIGINT and SIGTERM, and writes agent.start/agent.stop audit records.
. "$(dirname "$0")/lib.sh"

HEX=1f2e3d4c5b6a79881f2e3d4c5b6a79881f2e3d4c5b6a79881f2e3d4c5b6a7988
cat >"$T/hex.yaml" <<YAML
version: 1
data_dir: data
secret:
  source: backup
  backup:
    env: TEST_STEWARD_HEX
tenants:
  - id: default
  - id: alice
YAML

# start_agent LOGFILE ARGS... : starts steward run in the background, waits for readiness.
start_agent() {
  local log=$1; shift
  "$STEWARD" run "$@" >"$log.out" 2>"$log" &
  AGENT=$!
  for _ in $(seq 1 300); do
    grep -q "agent.ready" "$log" 2>/dev/null && return 0
    kill -0 $AGENT 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}

for sig in TERM INT; do
  export TEST_STEWARD_HEX=$HEX
  if start_agent "$T/run-$sig.log" -c "$T/hex.yaml"; then ok; else bad "agent did not become ready ($sig run)"; cat "$T/run-$sig.log" >&2; fi
  if [ $sig = TERM ]; then
    # Hardening of the live process: no core dumps, secret pages locked in RAM.
    grep -qE "^Max core file size +0 +0 " /proc/$AGENT/limits && ok || bad "core size limit is not 0: $(grep core /proc/$AGENT/limits)"
    # ASan intercepts mlock() and makes it a no-op, so locked pages show only in the
    # ordinary build.
    if ! grep -q "STEWARD_SANITIZE:BOOL=ON" "$BUILD/CMakeCache.txt"; then
      locked=$(awk '/^VmLck:/ {print $2}' /proc/$AGENT/status)
      [ "${locked:-0}" -gt 0 ] && ok || bad "no locked memory (VmLck ${locked:-?} kB): secrets are not in locked pages"
    fi
  fi
  kill -$sig $AGENT
  wait $AGENT; rc=$?
  [ $rc = 0 ] && ok || bad "agent exit $rc after SIG$sig, wanted 0"
  expect_grep "agent.stop" "$T/run-$sig.log" "SIG$sig: stop is logged"
  expect_grep "2 tenants" "$T/run-$sig.log" "readiness names the tenants"
  expect_no_grep "\[DEV\]" "$T/run-$sig.log" "a backup secret is not labelled DEV"
done
[ -f "$T/data/steward.db" ] && ok || bad "no store in data_dir"
[ "$(stat -c %a "$T/data")" = 700 ] && ok || bad "data folder mode $(stat -c %a "$T/data")"
expect_exit 0 "audit verify after two runs" -- "$STEWARD" audit verify -c "$T/hex.yaml"
expect_grep "4 records" "$T/out" "two runs wrote start and stop each"
expect_exit 0 "audit show" -- "$STEWARD" audit show -c "$T/hex.yaml" --json
[ "$(grep -c '"kind":"agent.start"' "$T/out")" = 2 ] && ok || bad "audit show lacks two agent.start records"
[ "$(grep -c '"kind":"agent.stop"' "$T/out")" = 2 ] && ok || bad "audit show lacks two agent.stop records"

# JSON logs: every line is one JSON object with ts, level, event, msg.
export TEST_STEWARD_HEX=$HEX
start_agent "$T/json.log" -c "$T/hex.yaml" --log-format json || bad "json agent not ready"
kill -TERM $AGENT; wait $AGENT
node -e '
  const lines = require("fs").readFileSync(process.argv[1], "utf8").trim().split("\n");
  for (const l of lines) { const o = JSON.parse(l); for (const k of ["ts","level","event","msg"]) if (!(k in o)) throw new Error("missing " + k + " in " + l); }
  console.log(lines.length + " json lines");' "$T/json.log" >"$T/out" 2>"$T/err" && ok || { bad "json log lines"; cat "$T/err" >&2; }

# The secret is unset: a runtime failure (exit 1) naming the variable, no other source tried.
unset TEST_STEWARD_HEX
expect_exit 2 "unset backup variable is a configuration error" -- "$STEWARD" run -c "$T/hex.yaml"
expect_grep "TEST_STEWARD_HEX" "$T/err" "the unset variable is named"

# A malformed secret: runtime failure, content not echoed.
export TEST_STEWARD_HEX=zz${HEX:2}
expect_exit 1 "malformed secret" -- "$STEWARD" run -c "$T/hex.yaml"
expect_grep "TEST_STEWARD_HEX" "$T/err" "the malformed secret's variable is named"
expect_no_grep "${HEX:2}" "$T/err" "the malformed secret is not echoed"

# mpc with no network to answer: the agent refuses to start after its retries, says why, and
# never falls back to another secret (a dev file lying in the data folder is not touched).
"$BUILD/steward-mpc-local" keygen --out "$T/near.key" >/dev/null || bad "keygen"
cat >"$T/mpc.yaml" <<YAML
version: 1
data_dir: data-mpc
secret:
  source: mpc
  mpc:
    rpc_url: http://127.0.0.1:9
    signer_contract: v1.signer
    account_id: steward.test.near
    derivation_path: steward/master/v1
    account_key: {file: near.key}
    retries: 1
    timeout: 2s
YAML
expect_exit 0 "mpc config is valid" -- "$STEWARD" config check -c "$T/mpc.yaml"
mkdir -p "$T/data-mpc" && echo "decoy" >"$T/data-mpc/dev-backup.secret"
expect_exit 1 "mpc source refuses to start without a network" -- "$STEWARD" run -c "$T/mpc.yaml"
expect_grep "secret.mpc" "$T/err" "mpc refusal says why"
expect_no_grep "agent.ready" "$T/err" "it did not start"
[ ! -e "$T/data-mpc/steward.db" ] && ok || bad "a refused start created a store"

# The embedded default: a generated DEV secret, labelled on every log line and in keys.
mkdir "$T/default" && cd "$T/default"
start_agent "$T/dev.log" || bad "default agent not ready"
kill -INT $AGENT; wait $AGENT; rc=$?
[ $rc = 0 ] && ok || bad "default agent exit $rc"
[ -f "$T/default/steward-data/dev-backup.secret" ] && ok || bad "no generated dev secret"
[ "$(stat -c %a "$T/default/steward-data/dev-backup.secret")" = 600 ] && ok || bad "dev secret mode"
lines=$(wc -l <"$T/dev.log"); dev_lines=$(grep -c "\[DEV\]" "$T/dev.log")
[ "$lines" -gt 0 ] && [ "$lines" = "$dev_lines" ] && ok || bad "only $dev_lines of $lines log lines are labelled DEV"
cp "$T/default/steward-data/dev-backup.secret" "$T/dev-secret-1"
start_agent "$T/dev2.log" || bad "default agent not ready (second run)"
kill -TERM $AGENT; wait $AGENT
cmp -s "$T/dev-secret-1" "$T/default/steward-data/dev-backup.secret" && ok || bad "the dev secret changed between runs"
expect_exit 0 "keys on the default" -- "$STEWARD" keys --json
expect_grep '"dev_secret":true' "$T/out" "keys output is labelled dev"
expect_exit 0 "keys text on the default" -- "$STEWARD" keys
expect_grep "DEV" "$T/out" "keys text output is labelled DEV"
finish
