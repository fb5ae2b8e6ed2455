#!/usr/bin/env bash
# Issue #5 acceptance, "Restart": the agent with secret.source: mpc against a local 3-of-5
# network (steward-mpc-local) recovers its master secret at every start: killed and restarted it
# shows the same addresses; with two nodes stopped, still the same; with a node returning a
# corrupted partial among those used, or with a different network key pinned, the agent
# refuses to start and says why; with fewer than t nodes it refuses too.
source "$(dirname "$0")/lib.sh"
MPCL="$BUILD/steward-mpc-local"
[ -x "$MPCL" ] || { bad "missing $MPCL"; finish; exit 1; }
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null; done
  rm -rf "$T"
}
trap cleanup EXIT
start() { local name=$1; shift; "$@" >"$T/$name.out" 2>"$T/$name.err" & LAST_PID=$!; PIDS+=("$LAST_PID"); }

"$MPCL" setup --dir "$T/net" --n 5 --t 3 >"$T/setup.out" || bad "setup"
PK=$(sed -n 's/^public_key: //p' "$T/setup.out")
"$MPCL" keygen --out "$T/near.key" >/dev/null || bad "keygen"
declare -A NODE_PORT NODE_PID
for i in 1 2 3 4 5; do
  NODE_PORT[$i]=$(free_port)
  start "node$i" "$MPCL" node --dir "$T/net" --index "$i" --port "${NODE_PORT[$i]}"
  NODE_PID[$i]=$LAST_PID
done
RPC=$(free_port)
nodes() { local IFS=,; echo "$*"; }
serve() { # serve NAME NODE_PORTS...: (re)starts the coordinator on $RPC
  local name=$1; shift
  [ -n "${SERVE_PID:-}" ] && { kill "$SERVE_PID" 2>/dev/null; wait "$SERVE_PID" 2>/dev/null; }
  start "$name" "$MPCL" serve --dir "$T/net" --port "$RPC" --nodes "$(nodes "$@")"
  SERVE_PID=$LAST_PID
  wait_port "$RPC" || bad "the coordinator did not come up"
}
for i in 1 2 3 4 5; do wait_port "${NODE_PORT[$i]}" || bad "node $i did not come up"; done
serve serve1 "${NODE_PORT[1]}" "${NODE_PORT[2]}" "${NODE_PORT[3]}" "${NODE_PORT[4]}" "${NODE_PORT[5]}"

config() { # config FILE [PINNED_KEY]
  cat >"$1" <<YAML
version: 1
data_dir: data
secret:
  source: mpc
  mpc:
    rpc_url: http://127.0.0.1:$RPC
    signer_contract: v1.signer
    account_id: steward.test
    derivation_path: steward/master/v1
    domain_id: 2
    account_key: {file: near.key}
    retries: 1
    timeout: 10s
${2:+    network_public_key: $2}
tenants: [{id: default}, {id: alice}]
YAML
}
config "$T/c.yaml" "$PK"

# First start, then a kill -9 and a restart: the same keys.
expect_exit 0 "keys from the MPC network" -- "$STEWARD" keys -c "$T/c.yaml" --json
cp "$T/out" "$T/keys1.json"
grep -q '"address"' "$T/keys1.json" && ok || bad "no addresses"
grep -q '"dev_secret":true' "$T/keys1.json" && bad "an mpc secret labelled DEV" || ok
"$STEWARD" run -c "$T/c.yaml" >"$T/run.out" 2>"$T/run.err" &
pid=$!
for _ in $(seq 1 200); do grep -q agent.ready "$T/run.err" && break; sleep 0.1; done
expect_grep "agent.ready" "$T/run.err" "the agent started on the MPC secret"
expect_grep "secret source mpc" "$T/run.err" "the agent names the source"
kill -KILL $pid; wait $pid 2>/dev/null
expect_exit 0 "keys after a SIGKILL restart" -- "$STEWARD" keys -c "$T/c.yaml" --json
cmp -s "$T/out" "$T/keys1.json" && ok || bad "the addresses changed after a restart"

# Two of five nodes stopped: any three give the same secret.
kill "${NODE_PID[1]}" "${NODE_PID[4]}"; wait "${NODE_PID[1]}" "${NODE_PID[4]}" 2>/dev/null
expect_exit 0 "keys with two nodes down" -- "$STEWARD" keys -c "$T/c.yaml" --json
cmp -s "$T/out" "$T/keys1.json" && ok || bad "the addresses changed with two nodes down"

# A third node down: fewer than t; the agent refuses to start and says why.
kill "${NODE_PID[2]}"; wait "${NODE_PID[2]}" 2>/dev/null
expect_exit 1 "fewer than t nodes" -- "$STEWARD" run -c "$T/c.yaml"
expect_grep "secret.mpc|mpc" "$T/err" "the refusal names the mpc source"
echo "fewer than t: $(tail -1 "$T/err")"
expect_no_grep "agent.ready" "$T/err" "it did not start"

# A corrupted node among the three used: refused at the pairing check.
start node2c "$MPCL" node --dir "$T/net" --index 2 --port "${NODE_PORT[2]}" --corrupt
wait_port "${NODE_PORT[2]}" || bad "corrupt node did not come up"
serve serve2 "${NODE_PORT[2]}" "${NODE_PORT[3]}" "${NODE_PORT[5]}"
expect_exit 1 "a corrupted partial" -- "$STEWARD" run -c "$T/c.yaml"
expect_grep "pairing|does not verify" "$T/err" "the refusal says the answer does not verify"
echo "corrupted partial: $(tail -1 "$T/err")"
expect_no_grep "agent.ready" "$T/err" "it did not start"

# Back to honest nodes 3, 5 and a restarted 1, but another network key pinned: refused.
start node1b "$MPCL" node --dir "$T/net" --index 1 --port "${NODE_PORT[1]}"
wait_port "${NODE_PORT[1]}" || bad "node 1 did not come back"
serve serve3 "${NODE_PORT[1]}" "${NODE_PORT[3]}" "${NODE_PORT[5]}"
expect_exit 0 "honest nodes again" -- "$STEWARD" keys -c "$T/c.yaml" --json
cmp -s "$T/out" "$T/keys1.json" && ok || bad "the addresses changed with nodes 1, 3, 5"
"$MPCL" setup --dir "$T/other" --n 3 --t 2 >"$T/other.out"
OTHER=$(sed -n 's/^public_key: //p' "$T/other.out")
config "$T/c2.yaml" "$OTHER"
expect_exit 1 "another network key pinned" -- "$STEWARD" run -c "$T/c2.yaml"
expect_grep "network key|network_public_key|pinned" "$T/err" "the refusal names the network key"
echo "another key: $(tail -1 "$T/err")"
expect_no_grep "agent.ready" "$T/err" "it did not start"
finish
