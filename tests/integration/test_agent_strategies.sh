#!/usr/bin/env bash
# The agent runs strategies on their schedules (issue #4 acceptance: the hostile suite at the
# agent level). Every script of tests/strategies/hostile runs as a strategy of a real
# `steward run`, beside a well-behaved one on a 1 s schedule. The agent must stay up and stop
# cleanly; every hostile strategy that fails is paused after its failures (visible in the log,
# in `steward status` and in the audit log); none of them signs anything; the good strategy
# keeps running on schedule and is never paused. Then `steward strategy resume` lifts a pause.
. "$(dirname "$0")/lib.sh"
mkdir -p "$T/s"
cat >"$T/s/good.lua" <<'LUA'
-- A well-behaved strategy: counts its runs in its state and logs.
function tick(ctx)
  local n = tonumber(ctx.state.get("runs") or "0") + 1
  ctx.state.set("runs", tostring(n))
  ctx.log("good run " .. n .. " balance " .. ctx.balance("eth"))
  return n
end
LUA
{
  cat <<YAML
version: 1
data_dir: data
secret: {source: dev}
chains:
  eth:
    chain_id: 31337
    paper: {balances: {ETH: "10"}}
strategies:
  - name: good
    file: s/good.lua
    schedule: {every: 1s, run_on_start: true}
YAML
  n=0
  for f in "$SRC"/tests/strategies/hostile/*.lua; do
    n=$((n + 1))
    name=$(basename "$f" .lua | tr '_' '-')
    cat <<YAML
  - name: h-$name
    file: $f
    schedule: {every: 1s, run_on_start: true}
    limits: {instructions: 2000000, memory_mib: 16, deadline: 500ms, max_failures: 2}
YAML
  done
} >"$T/c.yaml"
nh=$(ls "$SRC"/tests/strategies/hostile/*.lua | wc -l)
[ "$nh" -ge 30 ] && ok || bad "only $nh hostile scripts"
expect_exit 0 "the configuration with $nh hostile strategies is valid" -- "$STEWARD" config check -c "$T/c.yaml"

"$STEWARD" run -c "$T/c.yaml" >"$T/run.out" 2>"$T/run.err" &
pid=$!
for _ in $(seq 1 200); do grep -q agent.ready "$T/run.err" && break; sleep 0.1; done
expect_grep "agent.ready" "$T/run.err" "the agent came up"
sleep 14
kill -0 $pid 2>/dev/null && ok || bad "the agent died while running the hostile strategies"
kill -INT $pid
wait $pid
rc=$?
[ "$rc" = 0 ] && ok || bad "the agent exited $rc after SIGINT, wanted 0"
grep -qE 'AddressSanitizer|runtime error:|LeakSanitizer' "$T/run.err" && bad "sanitizer report in the agent's log" || ok
expect_grep "agent.stop: stopped cleanly" "$T/run.err" "clean stop"

expect_exit 0 "status" -- "$STEWARD" status -c "$T/c.yaml" --json
cp "$T/out" "$T/status.json"
node - "$T/status.json" "$nh" <<'JS'
const [file, nh] = process.argv.slice(2);
const st = JSON.parse(require("fs").readFileSync(file, "utf8"));
const good = st.strategies.find(s => s.name === "good");
const hostile = st.strategies.filter(s => s.name.startsWith("h-"));
let bad = 0;
const fail = m => { console.error("FAIL: " + m); bad++; };
if (!good) fail("no status for good");
else {
  if (good.paused) fail("the good strategy was paused");
  if (good.failures !== 0) fail(`the good strategy has ${good.failures} failures`);
  if (good.runs < 8) fail(`the good strategy ran ${good.runs} times in ~14 s on a 1 s schedule`);
  console.log(`good: ${good.runs} runs, 0 failures`);
}
if (hostile.length != nh) fail(`${hostile.length} hostile statuses, wanted ${nh}`);
const paused = hostile.filter(s => s.paused);
const ran = hostile.filter(s => s.runs > 0);
console.log(`hostile: ${hostile.length}, ran ${ran.length}, paused ${paused.length}`);
for (const s of hostile) {
  if (!s.runs) fail(`${s.name} never ran`);
  if (s.last_status === "ok" && !s.paused) continue; // a script whose attack is refused quietly
  if (!s.paused) fail(`${s.name} failed (${s.last_status}) but is not paused`);
}
for (const s of paused) if (s.failures < 2) fail(`${s.name} paused after ${s.failures} failures`);
process.exit(bad ? 1 : 0);
JS
[ $? = 0 ] && ok || bad "strategy statuses"
paused=$(grep -c "strategy.paused" "$T/run.err")
[ "$paused" -ge 30 ] && ok || bad "only $paused strategy.paused log lines"

expect_exit 0 "audit verify" -- "$STEWARD" audit verify -c "$T/c.yaml"
expect_exit 0 "audit show" -- "$STEWARD" audit show -c "$T/c.yaml" --json
ap=$(grep -c '"kind":"strategy.paused"' "$T/out")
[ "$ap" = "$paused" ] && ok || bad "$ap strategy.paused audit records, $paused in the log"
expect_no_grep '"kind":"tx.signed"' "$T/out" "no hostile strategy signed anything"
grep '"kind":"strategy.run"' "$T/out" | grep -q '"subject":"good"' && ok || bad "the good strategy's runs are audited"

# Lifting a pause: status shows it, the agent would run it again.
victim=$(node -e 'const s=JSON.parse(require("fs").readFileSync(process.argv[1])).strategies.find(s=>s.paused);console.log(s?s.name:"")' "$T/status.json")
expect_exit 0 "strategy resume" -- "$STEWARD" strategy resume "$victim" -c "$T/c.yaml"
expect_grep "resumed" "$T/out" "resume says so"
expect_exit 0 "status after resume" -- "$STEWARD" status -c "$T/c.yaml" --json
node -e 'const s=JSON.parse(require("fs").readFileSync(process.argv[1])).strategies.find(s=>s.name===process.argv[2]);process.exit(s&&!s.paused&&s.failures===0?0:1)' "$T/out" "$victim" && ok || bad "$victim still paused after resume"
expect_exit 0 "resume is audited" -- "$STEWARD" audit show -c "$T/c.yaml" --json
expect_grep '"kind":"strategy.resumed"' "$T/out" "strategy.resumed record"
expect_exit 0 "resuming a running strategy is harmless" -- "$STEWARD" strategy resume good -c "$T/c.yaml"
expect_grep "was not paused" "$T/out" "says it was not paused"
expect_exit 2 "unknown strategy" -- "$STEWARD" strategy resume nosuch -c "$T/c.yaml"
finish
