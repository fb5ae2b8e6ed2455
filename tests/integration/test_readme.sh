#!/usr/bin/env bash
# The README's two commands, as written. The run command is executed in a fresh copy of
# the tracked tree (so it builds from scratch like a new user's clone) and interrupted the
# way a terminal's Ctrl-C does: SIGINT to the whole foreground process group. The test
# command is what .ci/run runs, so CI itself executes it; here we check .ci/run runs
# exactly it.
. "$(dirname "$0")/lib.sh"

# The run command builds its own plain tree; running it again from the sanitizer tree's suite
# would only repeat the same build.
if grep -q "STEWARD_SANITIZE:BOOL=ON" "$BUILD/CMakeCache.txt" 2>/dev/null; then
  echo "test_readme: runs in the ordinary build's suite only"; exit 0
fi

extract() { awk -v tag="<!-- command: $1 -->" '$0==tag{f=1;next} f&&/^```sh/{g=1;next} g&&/^```/{exit} g{print}' "$SRC/README.md"; }
RUN_CMD=$(extract run)
TEST_CMD=$(extract test)
[ -n "$RUN_CMD" ] && ok || bad "README has no run command"
[ -n "$TEST_CMD" ] && ok || bad "README has no test command"
tail -n 1 "$SRC/.ci/run" | grep -qxF "$TEST_CMD" && ok || bad ".ci/run does not end with the README's test command: $TEST_CMD"

# A clean copy of what git tracks (or of the source tree when it is not a git checkout).
mkdir "$T/clone"
if git -C "$SRC" rev-parse >/dev/null 2>&1; then
  (cd "$SRC" && git ls-files -z --cached --others --exclude-standard |
     while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done |
     xargs -0 cp --parents -t "$T/clone")
else
  (cd "$SRC" && tar --exclude='./build*' --exclude=node_modules -cf - .) | (cd "$T/clone" && tar xf -)
fi
cd "$T/clone"
setsid bash -c "$RUN_CMD" >"$T/run.out" 2>&1 &
PG=$!
ready=0
for _ in $(seq 1 1800); do   # up to 3 minutes for install check + configure + build
  grep -q "agent.ready" "$T/run.out" && { ready=1; break; }
  kill -0 $PG 2>/dev/null || break
  sleep 0.1
done
[ $ready = 1 ] && ok || { bad "the README run command did not reach agent.ready"; tail -30 "$T/run.out" >&2; }
# Issue #4: within a minute of readiness the rebalancing strategy has ticked on the paper
# chains, the policy engine has allowed a trade, the trade was signed and landed in the paper
# ledger, and the balances were shown; the next tick finds the portfolio within its band.
seen=0
for _ in $(seq 1 600); do
  if grep -q "tx.broadcast: chains.eth: .* accepted by the paper ledger" "$T/run.out" &&
     [ "$(grep -c 'strategy.log: rebalance: .* ETH @ .* USDC @' "$T/run.out")" -ge 2 ]; then seen=1; break; fi
  sleep 0.1
done
[ $seen = 1 ] && ok || { bad "no rebalancing on paper chains within a minute of agent.ready"; tail -30 "$T/run.out" >&2; }
expect_grep "PAPER TRADING on eth, btc, sol" "$T/run.out" "the paper chains are announced as such"
expect_grep "prices: SIMULATED" "$T/run.out" "simulated prices are labelled"
expect_grep "strategy.run: rebalance: ok" "$T/run.out" "the strategy's ticks are logged"
expect_grep "policy.allowed: rebalance: .* ETH on eth" "$T/run.out" "the policy decision is logged"
expect_grep "tx.signed: chains.eth: 0x[0-9a-f]{64} signed .*\[paper\]" "$T/run.out" "the signed transaction is logged"
expect_grep "strategy.log: rebalance: sold .* ETH for .* USDC" "$T/run.out" "the trade is logged"
expect_grep "strategy.log: rebalance: .* ETH @ .*\(target 60%\).*within the band" "$T/run.out" "after the trade the portfolio is within its band"
kill -INT -- -$PG 2>/dev/null
wait $PG; rc=$?
[ $rc = 0 ] && ok || { bad "README run command exit $rc after Ctrl-C"; tail -10 "$T/run.out" >&2; }
expect_grep "\[DEV\] agent.ready" "$T/run.out" "the embedded default is labelled DEV"
expect_grep "agent.stop" "$T/run.out" "Ctrl-C stops the agent cleanly"
# steward status, as a new user would run it next, in the same folder.
(cd "$T/clone" && ./build/steward status) >"$T/status.out" 2>&1
expect_grep "rebalance +runs [1-9]" "$T/status.out" "status shows the strategy's runs"
expect_grep "PAPER TRADING" "$T/status.out" "status labels the paper balances"
expect_grep "eth +0x[0-9a-fA-F]{40} +[0-9.]+ ETH +[0-9.]+ USDC" "$T/status.out" "status shows the paper balances"
finish
