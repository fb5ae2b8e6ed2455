#!/usr/bin/env bash
# The shipped strategies (strategies/*.lua) end to end on a paper eth chain: each is run with
# `steward strategy run NAME -c FILE` in steward's sandbox, through the real plugin, policy,
# audit and paper exchange, and the resulting paper balances (`steward status --json`) are
# compared exactly with the ones computed by hand below.
#
# Prices are simulated with volatility 0, so they stay at the configured start price; a price
# move is a second configuration with another start price over the same data folder (the
# strategy's ctx.state and the paper ledger live in the store there). Gas is 0 (paper.fees)
# unless a case says otherwise, so only the exchange fee (30 bps, the default) moves amounts:
# a swap pays floor(floor(amount x price(sell) / price(buy), buy decimals) x 0.997, buy decimals).
. "$(dirname "$0")/lib.sh"
export STRAT_HEX=aa2e3d4c5b6a79881f2e3d4c5b6a79881f2e3d4c5b6a79881f2e3d4c5b6a7988
ETH_SO="$BUILD/plugins/eth.so"

# cfg FILE DATA_DIR ETH_PRICE GAS(zero|default) [POLICY_YAML]; the strategies section follows
# on standard input.
cfg() {
  local fees='fees: {base_fee_gwei: "0", priority_fee_gwei: "0"}'
  [ "$4" = default ] && fees='exchange: {fee_bps: 30}'
  {
    cat <<YAML
version: 1
data_dir: $2
secret:
  source: backup
  backup: {env: STRAT_HEX}
chains:
  eth:
    plugin: $ETH_SO
    chain_id: 31337
    erc20:
      USDC: {address: "0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48", decimals: 6}
    paper:
      balances: {ETH: "10", USDC: "10000"}
      $fees
prices:
  source: sim
  sim:
    assets:
      ETH: {start: "$3", volatility_bps: 0}
      USDC: {start: "1", volatility_bps: 0}
${5:-}
strategies:
YAML
    cat
  } >"$1"
}

# run CFG NAME WANT_EXIT DESCRIPTION: one run; its JSON is kept in $T/run.json
run() {
  expect_exit "$3" "$4" -- "$STEWARD" strategy run "$2" -c "$1"
  cp "$T/out" "$T/run.json"
  cp "$T/err" "$T/run.err"
}

# runfield KEY: a top-level field of the last run's JSON
runfield() { node -e 'const o=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8")); console.log(o[process.argv[2]])' "$T/run.json" "$1" 2>/dev/null; }
# value KEY: a field of the table tick returned in the last run (nested with dots)
value() {
  node -e 'const o=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8")); let v=JSON.parse(o.value);
           for (const k of process.argv[2].split(".")) v = v == null ? v : v[k]; console.log(v)' "$T/run.json" "$1" 2>/dev/null
}
# balance CFG ASSET: the paper balance of the default tenant's eth account 0
balance() {
  "$STEWARD" status -c "$1" --json 2>/dev/null | node -e '
    const s=JSON.parse(require("fs").readFileSync(0,"utf8"));
    const a=s.paper.filter(p => p.chain === "eth" && p.address === process.argv[1]);
    console.log(a.length === 1 ? a[0].balances[process.argv[2]] : "no account " + process.argv[1])' "$ADDR" "$2"
}
# same WHAT GOT WANT
same() { if [ "$2" = "$3" ]; then ok; else bad "$1: got \"$2\", wanted \"$3\""; sed 's/^/  run: /' "$T/run.json" | head -3 >&2; fi; }

# ---- the account --------------------------------------------------------------------------
cfg "$T/addr.yaml" "$T/d0" 3000 zero </dev/null
expect_exit 0 "addresses" -- "$STEWARD" addresses -c "$T/addr.yaml" --json
ADDR=$(node -e 'const o=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8"));
  console.log(o.addresses.filter(a => a.chain === "eth" && a.tenant === "default")[0].address)' "$T/out" 2>/dev/null)
case "$ADDR" in 0x*) ok ;; *) bad "no eth address for tenant default: $ADDR"; head -3 "$T/out" >&2 ;; esac

# ---- rebalance ----------------------------------------------------------------------------
# ETH 10 @ 3000 = 30000 and USDC 10000 @ 1: total 40000, weights 0.75 / 0.25, targets 0.5 / 0.5,
# drift 0.25 > band 0.05. Sell (30000 - 20000) / 3000 = 3.3333... -> 3.33333333 ETH (8
# decimals, down); the exchange pays floor6(3.33333333 x 3000 / 1) = 9999.99999, x 0.997 =
# 9969.99999003 -> 9969.999990. After: ETH 6.66666667, USDC 19969.99999. The next run sees
# 20000.00001 / 19969.99999 (0.50037528 / 0.49962472): inside the band, no trade.
REB='  - name: rebalance
    file: builtin:rebalance
    schedule: {every: 1h}
    params: {chain: eth, targets: {ETH: "0.5", USDC: "0.5"}, band: "0.05", min_trade: "50"}'
echo "$REB" | cfg "$T/reb.yaml" "$T/d1" 3000 zero
run "$T/reb.yaml" rebalance 0 "rebalance: first run"
same "rebalance: one swap" "$(runfield actions)" 1
same "rebalance: weights before" "$(value weights.ETH)/$(value weights.USDC)" "0.75/0.25"
same "rebalance: trades" "$(value trades)" 1
same "rebalance: ETH after" "$(balance "$T/reb.yaml" ETH)" 6.66666667
same "rebalance: USDC after" "$(balance "$T/reb.yaml" USDC)" 19969.99999
run "$T/reb.yaml" rebalance 0 "rebalance: second run"
same "rebalance: no trade inside the band" "$(runfield actions)" 0
same "rebalance: drift" "$(value drift)" false
same "rebalance: weights after" "$(value weights.ETH)/$(value weights.USDC)" "0.50037528/0.49962472"
same "rebalance: ETH unchanged" "$(balance "$T/reb.yaml" ETH)" 6.66666667
same "rebalance: USDC unchanged" "$(balance "$T/reb.yaml" USDC)" 19969.99999

# The same with the default simulated gas: an ETH transfer has gas limit 21000 + 20 % = 25200
# at max fee 2 x 10 + 1 = 21 gwei, so the sale also costs 0.0005292 ETH:
# 10 - 3.33333333 - 0.0005292 = 6.66613747.
echo "$REB" | cfg "$T/reb-gas.yaml" "$T/d1g" 3000 default
run "$T/reb-gas.yaml" rebalance 0 "rebalance with gas"
same "rebalance with gas: ETH after" "$(balance "$T/reb-gas.yaml" ETH)" 6.66613747
same "rebalance with gas: USDC after" "$(balance "$T/reb-gas.yaml" USDC)" 19969.99999

# A policy denial (max_per_tx 1 ETH for this strategy, below the 3.33333333 sale) is logged
# and ends the run's trading; the run itself succeeds and nothing moves.
echo "$REB" | cfg "$T/reb-deny.yaml" "$T/d1d" 3000 zero 'policy: {strategies: {rebalance: {eth: {ETH: {max_per_tx: "1"}}}}}'
run "$T/reb-deny.yaml" rebalance 0 "rebalance: denied run succeeds"
same "rebalance: denied count" "$(runfield denied)" 1
same "rebalance: no action" "$(runfield actions)" 0
same "rebalance: the rule" "$(value denied)" max_per_tx
expect_grep 'denied by policy: max_per_tx' "$T/run.err" "rebalance: the denial is logged"
same "rebalance: ETH untouched" "$(balance "$T/reb-deny.yaml" ETH)" 10
same "rebalance: USDC untouched" "$(balance "$T/reb-deny.yaml" USDC)" 10000

# ---- take_profit --------------------------------------------------------------------------
# Entry 3000 at the first run; take profit at 3000 x 1.10 = 3300, stop loss at 3000 x 0.95 =
# 2850. At 3300 it sells 0.5 x 10 = 5 ETH: floor6(5 x 3300) = 16500 x 0.997 = 16450.5 USDC,
# so USDC 26450.5. It fires once: neither 3300 again nor 2800 sells more.
TP='  - name: tp
    file: builtin:take_profit
    schedule: {every: 1h}
    params: {chain: eth, asset: ETH, quote: USDC, take_profit: "0.10", stop_loss: "0.05", sell_fraction: "0.5"}'
for p in 3000 3300 2800 2850; do echo "$TP" | cfg "$T/tp$p.yaml" "$T/d2" $p zero; done
run "$T/tp3000.yaml" tp 0 "take_profit: first run"
same "take_profit: armed" "$(value state)/$(value entry)/$(value take_profit_at)/$(value stop_loss_at)" "armed/3000/3300/2850"
same "take_profit: no action at entry" "$(runfield actions)" 0
run "$T/tp3300.yaml" tp 0 "take_profit: price at the threshold"
same "take_profit: fired" "$(value fired)/$(value sold)/$(value received)" "take_profit/5/16450.5"
same "take_profit: ETH after" "$(balance "$T/tp3300.yaml" ETH)" 5
same "take_profit: USDC after" "$(balance "$T/tp3300.yaml" USDC)" 26450.5
run "$T/tp3300.yaml" tp 0 "take_profit: again"
same "take_profit: fires once" "$(runfield actions)/$(value state)" "0/fired"
run "$T/tp2800.yaml" tp 0 "take_profit: a fall after firing"
same "take_profit: no stop loss after firing" "$(runfield actions)" 0
same "take_profit: ETH unchanged" "$(balance "$T/tp2800.yaml" ETH)" 5
# Stop loss, on a fresh ledger: at exactly 2850 it sells 5 ETH: 5 x 2850 = 14250 x 0.997 =
# 14207.25 USDC.
for p in 3000 2850; do echo "$TP" | cfg "$T/sl$p.yaml" "$T/d2s" $p zero; done
run "$T/sl3000.yaml" tp 0 "stop_loss: entry"
run "$T/sl2850.yaml" tp 0 "stop_loss: price at the threshold"
same "stop_loss: fired" "$(value fired)/$(value sold)/$(value received)" "stop_loss/5/14207.25"
same "stop_loss: ETH after" "$(balance "$T/sl2850.yaml" ETH)" 5
same "stop_loss: USDC after" "$(balance "$T/sl2850.yaml" USDC)" 24207.25

# ---- dca ----------------------------------------------------------------------------------
# 300 USDC per run, capped at 700: 300 buys floor18(300 / 3000) x 0.997 = 0.0997 ETH, twice;
# the third buy is cut to the 100 left: floor18(100 / 3000) = 0.033333333333333333, x 0.997
# -> 0.033233333333333333. Then the cap is reached. ETH 10 + 0.1994 + 0.033233333333333333.
DCA='  - name: dca
    file: builtin:dca
    schedule: {every: 1h}
    params: {chain: eth, buy: ETH, with: USDC, amount: "300", max_total: "700"}'
echo "$DCA" | cfg "$T/dca.yaml" "$T/d3" 3000 zero
run "$T/dca.yaml" dca 0 "dca: run 1"
same "dca: run 1 bought" "$(runfield actions)/$(value bought)/$(value total_spent)" "1/0.0997/300"
run "$T/dca.yaml" dca 0 "dca: run 2"
same "dca: run 2 bought" "$(runfield actions)/$(value bought)/$(value total_spent)" "1/0.0997/600"
run "$T/dca.yaml" dca 0 "dca: run 3"
same "dca: run 3 is cut to the cap" "$(runfield actions)/$(value spent)/$(value total_spent)/$(value buys)" "1/100/700/3"
run "$T/dca.yaml" dca 0 "dca: run 4"
same "dca: the cap stops it" "$(runfield actions)/$(value skipped)" "0/cap"
same "dca: ETH after" "$(balance "$T/dca.yaml" ETH)" 10.232633333333333333
same "dca: USDC after" "$(balance "$T/dca.yaml" USDC)" 9300

# A balance short of the amount skips (logged), without failing.
echo "$DCA" | sed 's/amount: "300", max_total: "700"/amount: "20000"/' | cfg "$T/dca-short.yaml" "$T/d3s" 3000 zero
run "$T/dca-short.yaml" dca 0 "dca: balance short"
same "dca: skipped for the balance" "$(runfield actions)/$(value skipped)/$(value balance)" "0/balance/10000"

# A denial (this strategy may spend at most 100 USDC per transaction) is handled.
echo "$DCA" | cfg "$T/dca-deny.yaml" "$T/d3d" 3000 zero 'policy: {strategies: {dca: {eth: {USDC: {max_per_tx: "100"}}}}}'
run "$T/dca-deny.yaml" dca 0 "dca: denied run succeeds"
same "dca: denied" "$(runfield denied)/$(runfield actions)/$(value denied)" "1/0/max_per_tx"
same "dca: USDC untouched" "$(balance "$T/dca-deny.yaml" USDC)" 10000
run "$T/dca-deny.yaml" dca 0 "dca: denied again"
same "dca: nothing counted for a denial" "$(value total_spent)/$(value buys)" "0/0"

# ---- params are checked, naming the param ------------------------------------------------
echo "$DCA" | sed 's/amount: "300"/amount: 0.5/' | cfg "$T/dca-float.yaml" "$T/d4" 3000 zero
run "$T/dca-float.yaml" dca 1 "dca: a float amount fails the run"
expect_grep 'params\.amount: must be a decimal string' "$T/run.json" "dca: the message names the param"
echo "$REB" | sed 's/USDC: "0.5"}/USDC: "0.4"}/' | cfg "$T/reb-sum.yaml" "$T/d4" 3000 zero
run "$T/reb-sum.yaml" rebalance 1 "rebalance: weights not summing to 1 fail the run"
expect_grep 'params\.targets: the weights sum to 0\.9, not exactly 1' "$T/run.json" "rebalance: the message names the param"
echo "$TP" | sed 's/sell_fraction: "0.5"/sell_fraction: "2"/' | cfg "$T/tp-bad.yaml" "$T/d4" 3000 zero
run "$T/tp-bad.yaml" tp 1 "take_profit: sell_fraction above 1 fails the run"
expect_grep 'params\.sell_fraction' "$T/run.json" "take_profit: the message names the param"

# ---- a script file runs as its built-in copy does -------------------------------------------
echo "$REB" | sed "s|builtin:rebalance|$SRC/strategies/rebalance.lua|" | cfg "$T/reb-file.yaml" "$T/d5" 3000 zero
run "$T/reb-file.yaml" rebalance 0 "rebalance from its file"
same "rebalance from its file: ETH after" "$(balance "$T/reb-file.yaml" ETH)" 6.66666667
finish
