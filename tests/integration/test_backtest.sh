#!/usr/bin/env bash
# steward backtest (issue #4 point 7): the report's numbers worked out by hand on a flat price
# series, the chart, --from/--to, the shipped sample file, and errors. The configured data
# folder is never touched.
. "$(dirname "$0")/lib.sh"
mkdir "$T/tmp"
export TMPDIR="$T/tmp"   # where backtests make (and must remove) their throwaway folders
# 100 minutes of flat prices: ETH 2000, USDC 1.
{ echo "time,ETH,USDC"; for i in $(seq 0 99); do echo "$((1735689600 + i * 60)),2000,1"; done; } >"$T/flat.csv"
cat >"$T/c.yaml" <<'YAML'
version: 1
data_dir: must-not-exist
secret: {source: dev}
chains:
  eth:
    chain_id: 31337
    erc20: {USDC: {address: "0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48", decimals: 6}}
    paper: {balances: {ETH: "10", USDC: "0"}, exchange: {fee_bps: 30}}
prices: {source: sim, max_age: 5m}
strategies:
  - name: rebalance
    file: builtin:rebalance
    schedule: {every: 1m}
    params: {chain: eth, targets: {ETH: "0.5", USDC: "0.5"}, band: "0.01", min_trade: "10"}
YAML
expect_exit 0 "backtest on flat prices" -- "$STEWARD" backtest -c "$T/c.yaml" --prices "$T/flat.csv" --chart "$T/flat.svg" --json
cp "$T/out" "$T/flat.json"
# By hand: the first run sells 5 ETH (to 50/50 at 2000) for 5 x 2000 x (1 - 0.003) = 9970 USDC;
# the transfer's described maximum fee is 25200 gas x 21 gwei = 0.0005292 ETH = 1.0584 USD.
# Then ETH 4.9994708 x 2000 = 9998.9416 and USDC 9970: 50.07%, inside the 1% band, so nothing
# more. End value 19968.9416 of 20000: return -0.155292%, and that is also the drawdown.
node - "$T/flat.json" <<'JS'
const r = JSON.parse(require("fs").readFileSync(process.argv[2], "utf8"));
const want = { start_value: "20000", end_value: "19968.9416", hold_value: "20000", trades: 1, runs: 100,
               failed_runs: 0, denied: 0, rows: 100, exchange_fees: "30", network_fees: "1.0584",
               from: "2025-01-01T00:00:00Z", to: "2025-01-01T01:39:00Z", quote: "USD", paper: true };
let bad = 0;
for (const [k, v] of Object.entries(want))
  if (r[k] !== v) { console.error(`FAIL: ${k} = ${JSON.stringify(r[k])}, wanted ${JSON.stringify(v)}`); bad++; }
const near = (k, v) => { if (Math.abs(r[k] - v) > 1e-9) { console.error(`FAIL: ${k} = ${r[k]}, wanted ${v}`); bad++; } };
near("return_pct", -0.155292);
near("hold_return_pct", 0);
near("max_drawdown_pct", 0.155292);
process.exit(bad ? 1 : 0);
JS
[ $? = 0 ] && ok || bad "the flat-price report differs from the hand computation"
[ ! -e "$T/must-not-exist" ] && ok || bad "the backtest touched the configured data folder"
[ -z "$(ls -A "$T/tmp")" ] && ok || bad "a temporary backtest folder was left behind: $(ls "$T/tmp")"

# The chart: well-formed SVG with the value line, one area per asset and a legend.
node - "$T/flat.svg" <<'JS'
const s = require("fs").readFileSync(process.argv[2], "utf8");
let bad = 0;
const need = (re, what) => { if (!re.test(s)) { console.error("FAIL: chart lacks " + what); bad++; } };
need(/^<\?xml version='1.0' encoding='UTF-8'\?>\n<svg xmlns='http:\/\/www.w3.org\/2000\/svg'/, "an SVG header");
need(/<\/svg>\n$/, "its end");
need(/<polyline fill='none' stroke='#222'[^>]*points='([0-9.]+,[0-9.]+ ){100}'\/>/, "a 100-point value line");
need(/return -0.16%, buy and hold 0.00%, max drawdown 0.16%/, "the figures in its title");
need(/>eth:ETH<\/text>/, "the ETH legend");
need(/>eth:USDC<\/text>/, "the USDC legend");
if ((s.match(/<polygon /g) || []).length !== 2) { console.error("FAIL: not one area per asset"); bad++; }
// Balanced tags: every element opened is closed.
const open = (s.match(/<(svg|title|text)\b/g) || []).length, close = (s.match(/<\/(svg|title|text)>/g) || []).length;
if (open !== close) { console.error(`FAIL: ${open} elements opened, ${close} closed`); bad++; }
process.exit(bad ? 1 : 0);
JS
[ $? = 0 ] && ok || bad "the chart"

# The shipped sample with the embedded default (rebalance, 60/40), a window of one day.
expect_exit 0 "the sample file, one day" -- "$STEWARD" backtest --prices "$SRC/examples/prices-sample.csv" \
  --from 2025-01-02 --to 2025-01-03 --chart "$T/day.svg"
expect_grep "backtest of rebalance on paper chains, 2025-01-02T00:00:00Z .. 2025-01-03T00:00:00Z \\(289 rows\\)" "$T/out" "the window is honoured"
expect_grep "trades +[1-9]" "$T/out" "the default strategy trades on the sample"
expect_grep "max drawdown +[0-9.]+%" "$T/out" "the drawdown is reported"
expect_grep "fees paid +network [0-9.]+ USD, exchange [0-9.]+ USD" "$T/out" "fees are reported"
[ -s "$T/day.svg" ] && ok || bad "no chart for the sample"

# Errors.
expect_exit 2 "no --prices" -- "$STEWARD" backtest -c "$T/c.yaml"
expect_grep "prices CSV is required" "$T/err" "says what is missing"
printf 'time,ETH,USDC\n1735689600,2000,1\n1735689660,abc,1\n' >"$T/bad.csv"
expect_exit 2 "a bad price file" -- "$STEWARD" backtest -c "$T/c.yaml" --prices "$T/bad.csv"
expect_grep "bad.csv:3:12: " "$T/err" "the error names file, line and column"
expect_exit 2 "an unknown strategy" -- "$STEWARD" backtest -c "$T/c.yaml" --prices "$T/flat.csv" --strategy nosuch
expect_exit 2 "a bad --from" -- "$STEWARD" backtest -c "$T/c.yaml" --prices "$T/flat.csv" --from yesterday
expect_exit 1 "a window without rows" -- "$STEWARD" backtest -c "$T/c.yaml" --prices "$T/flat.csv" --from 2030-01-01
expect_grep "no rows between --from and --to" "$T/err" "says the window is empty"
# A price file that lacks a price the strategy needs fails closed: the run fails, nothing trades.
{ echo "time,ETH"; for i in $(seq 0 9); do echo "$((1735689600 + i * 60)),2000"; done; } >"$T/eth-only.csv"
expect_exit 0 "a file without USDC" -- "$STEWARD" backtest -c "$T/c.yaml" --prices "$T/eth-only.csv" --chart "$T/e.svg" --json
expect_grep '"trades":0' "$T/out" "no trade without the USDC price"
finish
