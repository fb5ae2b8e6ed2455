#!/usr/bin/env bash
# bench_backtest: the time of a backtest over minute bars with the shipped rebalance strategy,
# and the per-tick overhead of the sandbox and of the ctx API, against baselines measured in
# the same run. Prints figures; asserts nothing about time.
#
#   noop       a strategy whose tick does nothing: the backtest loop (clock, valuation of the
#              holdings, status record) plus one sandbox run per tick
#   api        a tick that reads ctx.price twice, ctx.balance twice and ctx.portfolio once
#   rebalance  builtin:rebalance (60/40 ETH/USDC, 2% band) trading on the paper exchange
#
# usage: bench_backtest.sh STEWARD [ROWS]   (default 525600: one year of minute bars)
set -eu
STEWARD=${1:?steward binary}
ROWS=${2:-525600}
T=$(mktemp -d /tmp/steward-bench.XXXXXX)
trap 'rm -rf "$T"' EXIT
cd "$T"
# Deterministic prices: a Park-Miller generator (exact in awk's doubles) drives a random
# walk of ETH from 3000 with steps of at most 0.2%; USDC stays at 1.
awk -v n="$ROWS" 'BEGIN {
  x = 7; p = 3000; print "time,ETH,USDC"
  for (i = 0; i < n; i++) {
    x = (x * 16807) % 2147483647
    p = p * (1 + (x / 2147483647 - 0.5) * 0.004)
    printf "%d,%.2f,1\n", 1735689600 + i * 60, p
  }
}' >prices.csv
cat >noop.lua <<'LUA'
function tick(ctx) end
LUA
cat >api.lua <<'LUA'
function tick(ctx)
  local p = ctx.price("ETH")
  local q = ctx.price("USDC")
  local a = ctx.balance("eth")
  local b = ctx.balance("eth", "USDC")
  local pf = ctx.portfolio({{chain = "eth", asset = "ETH"}, {chain = "eth", asset = "USDC"}})
  return pf.total
end
LUA
config() { # config NAME FILE
  cat <<YAML
version: 1
secret: {source: dev}
chains:
  eth:
    chain_id: 31337
    erc20: {USDC: {address: "0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48", decimals: 6}}
    paper: {balances: {ETH: "10", USDC: "20000"}}
prices: {source: sim, max_age: 5m}
strategies:
  - name: $1
    file: $2
    schedule: {every: 1m}
    params: {chain: eth, targets: {ETH: "0.6", USDC: "0.4"}, band: "0.02", min_trade: "50"}
YAML
}
config noop noop.lua >noop.yaml
config api api.lua >api.yaml
config rebalance builtin:rebalance >rebalance.yaml
now() { date +%s.%N; }
declare -A secs
for s in noop api rebalance; do
  t0=$(now)
  "$STEWARD" backtest -c $s.yaml --prices prices.csv --chart $s.svg --json >$s.json 2>$s.err || {
    echo "bench_backtest: the $s backtest failed:" >&2; tail -5 $s.err >&2; exit 1; }
  t1=$(now)
  secs[$s]=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
done
echo "bench_backtest: $ROWS minute bars ($(awk -v n="$ROWS" 'BEGIN { printf "%.2f", n / 525600 }') years)"
for s in noop api rebalance; do
  trades=$(sed -n 's/.*"trades":\([0-9]*\).*/\1/p' $s.json)
  awk -v s="$s" -v t="${secs[$s]}" -v n="$ROWS" -v base="${secs[noop]}" -v tr="$trades" 'BEGIN {
    printf "  %-10s %9.2f s  %8.2f us/tick  %5.2fx noop  (%s trades)\n", s, t, t / n * 1e6, t / base, tr }'
done
awk -v a="${secs[api]}" -v b="${secs[noop]}" -v n="$ROWS" 'BEGIN {
  printf "  ctx API overhead (api - noop): %.2f us per tick for 5 calls\n", (a - b) / n * 1e6 }'
echo "  sandbox-only figures: bench_sandbox"
