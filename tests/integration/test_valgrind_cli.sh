#!/usr/bin/env bash
# The real binary's main paths under valgrind (memcheck): keys from a mnemonic and from a
# sealed file, a configuration error, the agent's run/stop, audit verify, and the strategy
# paths: the embedded default agent rebalancing on paper chains, steward strategy run, status
# and a backtest. Any memory error
# or definite leak fails. Runs in the ordinary build (the sanitizer tree has ASan instead).
. "$(dirname "$0")/lib.sh"
if grep -q "STEWARD_SANITIZE:BOOL=ON" "$BUILD/CMakeCache.txt" 2>/dev/null; then
  echo "test_valgrind_cli: runs in the ordinary build's suite only"; exit 0
fi
command -v valgrind >/dev/null || { bad "valgrind is not installed (./scripts/install-deps.sh --test)"; finish; exit 1; }
VG=(valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite)

printf 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about\n' >"$T/b.secret"
chmod 600 "$T/b.secret"; head -c 32 /dev/urandom >"$T/seal.key"; chmod 600 "$T/seal.key"
cat >"$T/b.yaml" <<YAML
version: 1
data_dir: data
secret:
  source: backup
  backup: {file: b.secret}
tenants: [{id: default}, {id: alice}]
YAML
cat >"$T/s.yaml" <<YAML
version: 1
data_dir: data-s
secret:
  source: sealed
  sealed: {key: {provider: keyfile, file: seal.key}}
YAML
printf 'version: 1\nsecret: {source: dev}\nlog: {level: loud}\n' >"$T/bad.yaml"

expect_exit 0 "valgrind: keys (mnemonic, two tenants)" -- "${VG[@]}" "$STEWARD" keys -c "$T/b.yaml" --json
expect_exit 0 "valgrind: keys (sealed, first boot)" -- "${VG[@]}" "$STEWARD" keys -c "$T/s.yaml"
expect_exit 0 "valgrind: keys (sealed, second boot)" -- "${VG[@]}" "$STEWARD" keys -c "$T/s.yaml"
expect_exit 2 "valgrind: configuration error" -- "${VG[@]}" "$STEWARD" config check -c "$T/bad.yaml"
"${VG[@]}" "$STEWARD" run -c "$T/b.yaml" 2>"$T/run.log" &
pid=$!
for _ in $(seq 1 600); do grep -q agent.ready "$T/run.log" && break; sleep 0.1; done
kill -TERM $pid; wait $pid; rc=$?
[ $rc = 0 ] && ok || { bad "valgrind: run exit $rc"; grep -v "^20" "$T/run.log" | head -20 >&2; }
expect_exit 0 "valgrind: audit verify" -- "${VG[@]}" "$STEWARD" audit verify -c "$T/b.yaml"
expect_exit 0 "valgrind: audit show" -- "${VG[@]}" "$STEWARD" audit show -c "$T/b.yaml" --json

# The embedded default: paper chains, simulated prices, the rebalance strategy's first tick
# (a policy decision, a signature, a paper swap).
mkdir "$T/d" && cd "$T/d"
"${VG[@]}" "$STEWARD" run 2>"$T/d.log" &
pid=$!
for _ in $(seq 1 1200); do grep -q "strategy.run: rebalance" "$T/d.log" && break; sleep 0.1; done
kill -TERM $pid; wait $pid; rc=$?
[ $rc = 0 ] && ok || { bad "valgrind: default run exit $rc"; grep -v "^20" "$T/d.log" | head -20 >&2; }
expect_grep "tx.broadcast: chains.eth: .* accepted by the paper ledger" "$T/d.log" "valgrind: the default agent traded"
expect_exit 0 "valgrind: strategy run" -- "${VG[@]}" "$STEWARD" strategy run rebalance
expect_exit 0 "valgrind: status" -- "${VG[@]}" "$STEWARD" status --json
{ echo "time,ETH,BTC,SOL,USDC"; for i in $(seq 0 29); do echo "$((1735689600 + i * 60)),$((2000 + i * 7)),60000,150,1"; done; } >"$T/p.csv"
expect_exit 0 "valgrind: backtest" -- "${VG[@]}" "$STEWARD" backtest --prices "$T/p.csv" --chart "$T/p.svg"
cd "$T"
finish
