#!/usr/bin/env bash
# steward-mpc-local (tools/mpc-local, docs/mpc-local.md) end to end: a 3-of-5 network (five
# node processes and the NEAR-RPC coordinator on loopback) driven by tests/tools/mpc_request,
# which uses steward's own NEAR client (near_rpc_transact) and CKD code (ckd_request_new,
# ckd_finish). Checks: the same secret twice (fresh ephemeral keys each time), equal to
# HKDF(msk·H) computed from the dealer's msk; still the same with two nodes down; an error with
# fewer than t nodes; a corrupted node among those used makes the requester refuse the answer
# (pairing check); the --account-keys registry; reproducible setup from a seed.
source "$(dirname "$0")/lib.sh"
MPCL="$BUILD/steward-mpc-local"
REQ="$BUILD/tests/mpc_request"
for b in "$MPCL" "$REQ"; do
  [ -x "$b" ] || { echo "missing $b (build the steward-mpc-local and mpc_request targets)" >&2; exit 1; }
done

PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null; done
  rm -rf "$T"
}
trap cleanup EXIT

# start NAME -- command...: runs it in the background; its pid in $LAST_PID.
start() {
  local name=$1; shift 2
  "$@" >"$T/$name.out" 2>"$T/$name.err" &
  LAST_PID=$!
  PIDS+=("$LAST_PID")
}
stop() { kill "$1" 2>/dev/null; wait "$1" 2>/dev/null; }

# ---- setup ----
expect_exit 0 "setup 3-of-5" -- "$MPCL" setup --dir "$T/net" --n 5 --t 3 --insecure-print-msk
cp "$T/out" "$T/setup.out"
expect_grep '^public_key: bls12381g2:' "$T/setup.out" "setup prints the network key"
expect_grep '^INSECURE-MSK \(test only' "$T/setup.out" "the msk is printed only labelled"
MSK=$(sed -n 's/^INSECURE-MSK.*: \([0-9a-f]\{64\}\)$/\1/p' "$T/setup.out")
PK=$(sed -n 's/^public_key: //p' "$T/setup.out")
[ ${#MSK} = 64 ] && ok || bad "msk not found"
for i in 1 2 3 4 5; do
  m=$(stat -c %a "$T/net/node$i.share")
  [ "$m" = 600 ] && ok || bad "node$i.share mode $m"
done
expect_grep "\"public_key\": \"$PK\"" "$T/net/network.json" "network.json has the key"
expect_grep '"t": 3' "$T/net/network.json" "network.json has t"
expect_exit 0 "setup without the flag" -- "$MPCL" setup --dir "$T/net-quiet" --n 3 --t 2
expect_no_grep 'MSK' "$T/out" "no msk without --insecure-print-msk"
expect_exit 1 "setup refuses to overwrite a network" -- "$MPCL" setup --dir "$T/net" --n 5 --t 3
expect_exit 2 "t > n refused" -- "$MPCL" setup --dir "$T/bad" --n 2 --t 3
# Reproducible from a seed; another seed, another key.
"$MPCL" setup --dir "$T/s1" --n 3 --t 2 --seed 00112233 >"$T/s1.out"
"$MPCL" setup --dir "$T/s2" --n 3 --t 2 --seed 00112233 >"$T/s2.out"
"$MPCL" setup --dir "$T/s3" --n 3 --t 2 --seed 00112234 >"$T/s3.out"
[ "$(grep public_key "$T/s1.out")" = "$(grep public_key "$T/s2.out")" ] && cmp -s "$T/s1/node1.share" "$T/s2/node1.share" && ok || bad "seeded setup not reproducible"
[ "$(grep public_key "$T/s1.out")" != "$(grep public_key "$T/s3.out")" ] && ok || bad "another seed, same key"

# Fr, Shamir/Lagrange and the borsh decoder, on their own.
expect_exit 0 "selftest" -- "$MPCL" selftest
expect_grep '^selftest: [0-9]+ checks passed' "$T/out" "selftest summary"

# ---- the network ----
NODE_PORT=()
NODE_PID=()
for i in 1 2 3 4 5; do NODE_PORT[$i]=$(free_port); done
start_node() { # start_node I [--corrupt]
  start "node$1" -- "$MPCL" node --dir "$T/net" --index "$1" --port "${NODE_PORT[$1]}" "${@:2}"
  NODE_PID[$1]=$LAST_PID
  wait_port "${NODE_PORT[$1]}"
}
for i in 1 2 3 4 5; do start_node "$i"; done
RPC_PORT=$(free_port)
NODES="${NODE_PORT[1]},${NODE_PORT[2]},${NODE_PORT[3]},${NODE_PORT[4]},${NODE_PORT[5]}"
start coord -- "$MPCL" serve --dir "$T/net" --port "$RPC_PORT" --nodes "$NODES" --contract v1.signer
COORD_PID=$LAST_PID
wait_port "$RPC_PORT"
RPC="http://127.0.0.1:$RPC_PORT"
# alice's key in NEAR's form (what secret.mpc.account_key holds), bob's as a hex seed.
expect_exit 0 "keygen" -- "$MPCL" keygen --out "$T/alice.key"
expect_grep '^ed25519:[1-9A-HJ-NP-Za-km-z]{43,44}$' "$T/out" "keygen prints the public key"
ALICE_PK=$(cat "$T/out")
expect_grep '^ed25519:[1-9A-HJ-NP-Za-km-z]{86,88}$' "$T/alice.key" "the key file is NEAR's secret key form"
[ "$(stat -c %a "$T/alice.key")" = 600 ] && ok || bad "alice.key is not 0600"
head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$T/bob.key"; echo >>"$T/bob.key"

request() { # request ACCOUNT KEYFILE PATH [extra...]
  "$REQ" --rpc "$RPC" --contract v1.signer --account "$1" --key-file "$2" --path "$3" "${@:4}"
}
expect_exit 0 "CKD request 1" -- request alice.test "$T/alice.key" steward/master/v1
S1=$(cat "$T/out")
expect_grep '^[0-9a-f]{64}$' "$T/out" "the secret is 32 bytes of hex"
expect_exit 0 "CKD request 2 (fresh ephemeral key, next nonce)" -- request alice.test "$T/alice.key" steward/master/v1
S2=$(cat "$T/out")
[ -n "$S1" ] && [ "$S1" = "$S2" ] && ok || bad "two requests gave different secrets: $S1 / $S2"
expect_exit 0 "expected secret from the msk" -- "$REQ" --rpc "$RPC" --contract v1.signer --account alice.test \
  --path steward/master/v1 --msk "$MSK"
[ "$(cat "$T/out")" = "$S1" ] && ok || bad "secret != HKDF(msk·H): $(cat "$T/out") / $S1"
expect_exit 0 "pinned network key" -- request alice.test "$T/alice.key" steward/master/v1 --network-key "$PK"
[ "$(cat "$T/out")" = "$S1" ] && ok || bad "pinned run differs"
expect_exit 1 "a wrong pinned key is refused" -- request alice.test "$T/alice.key" steward/master/v1 \
  --network-key "$(grep public_key "$T/s1.out" | sed 's/^public_key: //')"
expect_exit 0 "another path" -- request alice.test "$T/alice.key" steward/other
[ "$(cat "$T/out")" != "$S1" ] && ok || bad "another path gave the same secret"
expect_exit 0 "another account" -- request bob.test "$T/bob.key" steward/master/v1
SB=$(cat "$T/out")
[ "$SB" != "$S1" ] && ok || bad "another account gave the same secret"
expect_exit 0 "bob from the msk" -- "$REQ" --rpc "$RPC" --contract v1.signer --account bob.test \
  --path steward/master/v1 --msk "$MSK"
[ "$(cat "$T/out")" = "$SB" ] && ok || bad "bob's secret != HKDF(msk·H)"
expect_exit 1 "wrong domain refused" -- request alice.test "$T/alice.key" steward/master/v1 --domain-id 7
expect_grep 'domain' "$T/err" "the error names the domain"
expect_exit 1 "wrong contract refused" -- "$REQ" --rpc "$RPC" --contract v2.signer --account alice.test \
  --key-file "$T/alice.key" --path p
expect_grep 'UNKNOWN_ACCOUNT' "$T/err" "unknown contract account"

# The coordinator's transaction checks, with hand-built transactions (tests/tools/mpc_request.c).
expect_exit 0 "raw transaction checks" -- request carol.test "$T/bob.key" steward/master/v1 --raw-checks
n_ok=$(grep -c '^ok ' "$T/out")
[ "$n_ok" = 12 ] && ok || { bad "raw checks: $n_ok of 12 ok"; cat "$T/out" "$T/err" >&2; }

# The RPC surface directly (what near_rpc.c reads).
rpc() { curl -s -X POST -H 'Content-Type: application/json' --data "$1" "$RPC"; }
rpc '{"jsonrpc":"2.0","id":"t","method":"block","params":{"finality":"final"}}' >"$T/block.json"
expect_grep '"height":1000' "$T/block.json" "block height"
rpc '{"jsonrpc":"2.0","id":"t","method":"send_tx","params":{"signed_tx_base64":"AAAA","wait_until":"FINAL"}}' >"$T/bad.json"
expect_grep 'PARSE_ERROR' "$T/bad.json" "garbage transaction refused"
rpc '{"jsonrpc":"2.0","id":"t","method":"status","params":{}}' >"$T/nm.json"
expect_grep '"code":-32601' "$T/nm.json" "unknown method"

# ---- two nodes down: any 3 of the other 3 ----
stop "${NODE_PID[1]}"
stop "${NODE_PID[2]}"
expect_exit 0 "CKD with nodes 1 and 2 down" -- request alice.test "$T/alice.key" steward/master/v1
[ "$(cat "$T/out")" = "$S1" ] && ok || bad "secret changed with two nodes down"

# ---- fewer than t ----
stop "${NODE_PID[3]}"
expect_exit 1 "CKD with 2 of 5 nodes up" -- request alice.test "$T/alice.key" steward/master/v1
expect_grep 'only 2 of the 3 nodes needed answered' "$T/err" "the error says why"

# ---- a corrupted node among those used ----
start_node 1 --corrupt
start_node 2
start_node 3
expect_exit 1 "CKD with node 1 corrupted" -- request alice.test "$T/alice.key" steward/master/v1
expect_grep 'does not verify against the network key' "$T/err" "refused by the pairing check"
expect_no_grep '^[0-9a-f]{64}$' "$T/out" "no secret printed"
# The corrupted node off the path (stopped): the others agree again.
stop "${NODE_PID[1]}"
expect_exit 0 "CKD without the corrupted node" -- request alice.test "$T/alice.key" steward/master/v1
[ "$(cat "$T/out")" = "$S1" ] && ok || bad "secret changed after the corrupted node left"
stop "$COORD_PID"

# ---- the access-key registry ----
expect_exit 0 "pubkey" -- "$MPCL" pubkey --key-file "$T/alice.key"
[ "$(cat "$T/out")" = "$ALICE_PK" ] && ok || bad "pubkey differs from keygen's"
echo "{\"alice.test\": \"$ALICE_PK\"}" >"$T/keys.json"
RPC_PORT=$(free_port)
start coord2 -- "$MPCL" serve --dir "$T/net" --port "$RPC_PORT" --nodes "$NODES" --account-keys "$T/keys.json"
wait_port "$RPC_PORT"
RPC="http://127.0.0.1:$RPC_PORT"
expect_exit 0 "registered key accepted" -- request alice.test "$T/alice.key" steward/master/v1
[ "$(cat "$T/out")" = "$S1" ] && ok || bad "registry run differs"
expect_exit 1 "unregistered key refused" -- request alice.test "$T/bob.key" steward/master/v1
expect_grep 'UNKNOWN_ACCESS_KEY' "$T/err" "unknown access key"
expect_grep 'listening' "$T/coord.out" "the coordinator said where it listens"

# Every process stops cleanly on SIGTERM (exit 0), and none reported a sanitizer error.
for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
rcs=0
for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null; r=$?; [ "$r" = 0 ] || [ "$r" = 127 ] || rcs=$((rcs + 1)); done
[ "$rcs" = 0 ] && ok || bad "$rcs processes did not exit 0 on SIGTERM"
PIDS=()
if grep -lE 'AddressSanitizer|runtime error:|LeakSanitizer' "$T"/node*.err "$T"/coord*.err >/dev/null 2>&1; then
  bad "sanitizer report in a node or coordinator log"; grep -hE -A5 'Sanitizer|runtime error' "$T"/node*.err "$T"/coord*.err | head -30 >&2
else ok; fi

finish
