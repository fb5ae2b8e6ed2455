#!/usr/bin/env bash
# ctx.price from an HTTP JSON price API, through the real agent (issue #4 point 5): a local
# server (Node.js) answers like a price API; a strategy reads ctx.price and trades on a paper
# chain at that price. A stale price, a missing price and an unreachable server fail closed:
# ctx.price returns nil and an error naming the cause, and a swap needing the price is refused
# before anything is signed.
. "$(dirname "$0")/lib.sh"
cat >"$T/server.js" <<'JS'
// /p?id=ethereum -> {"ethereum":{"usd":<text>,"ts":<unix s>}}; the mode file decides what comes back.
const http = require("http"), fs = require("fs");
const dir = process.argv[2];
const srv = http.createServer((req, res) => {
  const mode = fs.readFileSync(dir + "/mode", "utf8").trim();
  const id = new URL(req.url, "http://x").searchParams.get("id");
  fs.appendFileSync(dir + "/requests", req.url + "\n");
  const now = Math.floor(Date.now() / 1000);
  if (mode === "down") { res.writeHead(503); return res.end("maintenance"); }
  const price = id === "usd-coin" ? "1" : "3012.123456789";
  const ts = mode === "stale" ? now - 3600 : now;
  const body = mode === "missing" ? { [id]: { eur: 1 } } : { [id]: { usd: price, ts } };
  res.writeHead(200, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
});
srv.listen(0, "127.0.0.1", () => fs.writeFileSync(dir + "/port", String(srv.address().port)));
JS
echo ok >"$T/mode"
node "$T/server.js" "$T" &
SRV=$!
trap 'kill $SRV 2>/dev/null; rm -rf "$T"' EXIT
for _ in $(seq 1 100); do [ -s "$T/port" ] && break; sleep 0.1; done
PORT=$(cat "$T/port")
cat >"$T/p.lua" <<'LUA'
function tick(ctx)
  local p, e = ctx.price("ETH")
  if not p then return "no price: " .. e.error end
  if ctx.params.swap then
    local r, se = ctx.swap{chain = "eth", sell = "ETH", buy = "USDC", amount = "1"}
    if not r then return "no swap: " .. (se.error or se.rule) end
    return "price " .. p .. " received " .. r.received
  end
  return "price " .. p
end
LUA
cat >"$T/c.yaml" <<YAML
version: 1
data_dir: data
secret: {source: dev}
chains:
  eth:
    chain_id: 31337
    erc20: {USDC: {address: "0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48", decimals: 6}}
    paper: {balances: {ETH: "10", USDC: "0"}, exchange: {fee_bps: 0}}
prices:
  source: http
  max_age: 1m
  http:
    url: "http://127.0.0.1:$PORT/p?id={id}"
    path: "{id}.usd"
    timestamp_path: "{id}.ts"
    ids: {ETH: ethereum, USDC: usd-coin}
    timeout: 2s
    retries: 1
    cache: 0s
strategies:
  - {name: read, file: p.lua, schedule: {every: 1m}}
  - {name: trade, file: p.lua, schedule: {every: 1m}, params: {swap: true}}
YAML
expect_exit 0 "config check with an http price source" -- "$STEWARD" config check -c "$T/c.yaml"
expect_exit 0 "ctx.price from the server" -- "$STEWARD" strategy run read -c "$T/c.yaml"
expect_grep '"value":"\\"price 3012.123456789\\""' "$T/out" "the price is the server's text, exactly"
expect_exit 0 "a swap at that price" -- "$STEWARD" strategy run trade -c "$T/c.yaml"
expect_grep 'received 3012.123456' "$T/out" "1 ETH bought 3012.123456 USDC (rounded down to 6 decimals)"

echo stale >"$T/mode"
expect_exit 0 "a stale price" -- "$STEWARD" strategy run read -c "$T/c.yaml"
expect_grep 'no price: price of ETH: .*max_age' "$T/out" "a stale price is refused, naming max_age"
expect_exit 0 "a swap on a stale price" -- "$STEWARD" strategy run trade -c "$T/c.yaml"
expect_grep 'no price: ' "$T/out" "the strategy saw the refusal"
echo missing >"$T/mode"
expect_exit 0 "a missing price" -- "$STEWARD" strategy run read -c "$T/c.yaml"
expect_grep 'no price: price of ETH: .*usd' "$T/out" "a missing price is refused, naming the path"
echo down >"$T/mode"
: >"$T/requests"
expect_exit 0 "the server answers 503" -- "$STEWARD" strategy run read -c "$T/c.yaml"
expect_grep 'no price: price of ETH: .*503' "$T/out" "an unavailable server is refused with its status"
[ "$(grep -c ethereum "$T/requests")" = 2 ] && ok || bad "a 503 is retried once (retries: 1): $(grep -c ethereum "$T/requests") requests"
kill $SRV; wait $SRV 2>/dev/null
expect_exit 0 "the server is gone" -- "$STEWARD" strategy run read -c "$T/c.yaml"
expect_grep 'no price: price of ETH: ' "$T/out" "an unreachable server is refused"
grep -q 'ethereum?id\|p?id=ethereum' "$T/out" && bad "the query string appears in the error" || ok

# Only the one trade happened: 9 ETH (less the fee) and 3012.123456 USDC.
expect_exit 0 "status" -- "$STEWARD" status -c "$T/c.yaml" --json
expect_grep '"USDC":"3012.123456"' "$T/out" "exactly one swap went through"
expect_exit 0 "audit verify" -- "$STEWARD" audit verify -c "$T/c.yaml"
finish
