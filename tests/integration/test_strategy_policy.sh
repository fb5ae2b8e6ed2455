#!/usr/bin/env bash
# Policy through the strategy API (issue #4 points 2 and 4): a strategy's own budget, the
# tenant's budget above it, and the kill switch, as seen by a script. A denial comes back as a
# structured table the script can act on ({denied=true, rule, scope, limit, used}); the run
# itself succeeds, and every decision is audited with the strategy's name.
. "$(dirname "$0")/lib.sh"
cat >"$T/pay.lua" <<'LUA'
-- Pays 1 ETH; reports what happened as a string the test can read.
function tick(ctx)
  local r, e = ctx.transfer{chain = "eth", to = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8", amount = "1"}
  if r then return "paid " .. r.txid end
  if e.denied then
    return string.format("denied rule=%s scope=%s limit=%s used=%s", e.rule, tostring(e.scope), tostring(e.limit),
                         tostring(e.used))
  end
  return "error " .. e.error
end
LUA
cat >"$T/c.yaml" <<'YAML'
version: 1
data_dir: data
secret: {source: dev}
chains:
  eth:
    chain_id: 31337
    paper: {balances: {ETH: "100"}}
policy:
  tenants:
    default:
      eth: {ETH: {max_per_day: "5"}}
  strategies:
    capped:
      eth: {ETH: {max_per_day: "2"}}
strategies:
  - {name: capped, file: pay.lua, schedule: {every: 1h}}
  - {name: free, file: pay.lua, schedule: {every: 1h}}
YAML
run() { "$STEWARD" strategy run "$1" -c "$T/c.yaml" >"$T/out" 2>"$T/err"; }
run capped && grep -q 'paid 0x' "$T/out" && ok || bad "capped: first payment"
run capped && grep -q 'paid 0x' "$T/out" && ok || bad "capped: second payment"
run capped; rc=$?
[ $rc = 0 ] && ok || bad "a denial must not fail the run (exit $rc)"
expect_grep 'denied rule=max_per_day scope=strategy limit=2 used=2' "$T/out" "the strategy's own budget, structured"
# The other strategy of the same tenant is not held by that budget, but by the tenant's.
run free && grep -q 'paid 0x' "$T/out" && ok || bad "free: first payment"
run free && grep -q 'paid 0x' "$T/out" && ok || bad "free: second payment"
run free && grep -q 'paid 0x' "$T/out" && ok || bad "free: third payment (tenant at 5)"
run free
expect_grep 'denied rule=max_per_day scope=tenant limit=5 used=5' "$T/out" "then the tenant's budget"
# The kill switch reaches strategies too.
expect_exit 0 "pause" -- "$STEWARD" pause -c "$T/c.yaml" "test"
run capped
expect_grep 'denied rule=paused' "$T/out" "the kill switch, as the script sees it"
expect_exit 0 "resume" -- "$STEWARD" resume -c "$T/c.yaml"
# The audit log: every decision names the strategy; 5 payments were signed.
expect_exit 0 "audit show" -- "$STEWARD" audit show -c "$T/c.yaml" --json
[ "$(grep '"kind":"policy.decision"' "$T/out" | grep -c '"strategy":"capped"')" = 4 ] && ok || bad "capped's decisions are not all audited with its name"
[ "$(grep '"kind":"policy.decision"' "$T/out" | grep -c '"strategy":"free"')" = 4 ] && ok || bad "free's decisions are not all audited with its name"
[ "$(grep -c '"kind":"tx.signed"' "$T/out")" = 5 ] && ok || bad "$(grep -c '"kind":"tx.signed"' "$T/out") signatures, wanted 5"
expect_exit 0 "status" -- "$STEWARD" status -c "$T/c.yaml" --json
expect_grep '"0x70997970C51812dc3A010C7d01b50e0d17dc79C8","balances":\{"ETH":"5"\}' "$T/out" "the recipient got exactly 5 ETH"
finish
