#!/usr/bin/env bash
# Crash (issue #4 acceptance): the agent killed with SIGKILL in the middle of its runs, again
# and again, resumes with no double spend and no lost audit record.
#
# A strategy transfers 0.01 ETH on a paper chain ten times per run, a run a second, so a
# run lasts a good part of a second. The agent is killed with SIGKILL at varying moments 8
# times and restarted each time. Afterwards, from the store:
#   - the audit log verifies (no record lost or torn);
#   - every transaction the paper ledger applied has its tx.request and tx.signed audit
#     records (both are written before the broadcast), and no txid was applied twice;
#   - the sender's balance is exactly 10 ETH minus what the applied transactions took (amount
#     and fee), the recipient's exactly what they gave: nothing spent twice, nothing lost;
#   - every policy reservation that was not released belongs to a tx.request, and the policy
#     ledger counts at least everything applied (a crash cannot forget spending).
. "$(dirname "$0")/lib.sh"
cat >"$T/pay.lua" <<'LUA'
function tick(ctx)
  for i = 1, 10 do
    local r, e = ctx.transfer{chain = "eth", to = ctx.params.to, amount = "0.01"}
    if not r then error("transfer failed: " .. tostring(e.error or e.rule)) end
  end
end
LUA
TO=0x70997970C51812dc3A010C7d01b50e0d17dc79C8
cat >"$T/c.yaml" <<YAML
version: 1
data_dir: data
secret: {source: dev}
chains:
  eth:
    chain_id: 31337
    paper: {balances: {ETH: "10"}}
policy:
  tenants:
    default:
      eth:
        ETH: {max_per_tx: "1", max_per_day: "100"}
strategies:
  - name: pay
    file: pay.lua
    schedule: {every: 1s, run_on_start: true}
    params: {to: "$TO"}
    limits: {max_failures: 1000}
YAML
for i in 1 2 3 4 5 6 7 8; do
  "$STEWARD" run -c "$T/c.yaml" >>"$T/run.out" 2>>"$T/run.err" &
  pid=$!
  # Kill at a different point of the run each time (the agent needs ~0.1 s to start).
  sleep "$((i % 2)).$((3 + i * 11 % 7))$i"
  kill -KILL $pid
  wait $pid 2>/dev/null
done
grep -c "paper.applied" "$T/run.err" >"$T/applied_log"
echo "applied (from the logs): $(cat "$T/applied_log")"
[ "$(cat "$T/applied_log")" -ge 10 ] && ok || bad "too few transfers to judge: $(cat "$T/applied_log")"

expect_exit 0 "audit verify after 8 SIGKILLs" -- "$STEWARD" audit verify -c "$T/c.yaml"
expect_exit 0 "audit show" -- "$STEWARD" audit show -c "$T/c.yaml" --json
cp "$T/out" "$T/audit.json"
DB="$T/data/steward.db"
sqlite3 -json "$DB" "SELECT txid, from_addr, to_addr, amount, fee FROM paper_tx WHERE kind = 'transfer'" >"$T/tx.json"
sqlite3 -json "$DB" "SELECT id, amount, released, audit_seq FROM policy_reservation" >"$T/res.json"
sqlite3 -json "$DB" "SELECT chain, address, asset, units FROM paper_balance" >"$T/bal.json"
node - "$T/audit.json" "$T/tx.json" "$T/res.json" "$T/bal.json" "$TO" <<'JS'
const fs = require("fs");
const [auditF, txF, resF, balF, to] = process.argv.slice(2);
const read = f => { const t = fs.readFileSync(f, "utf8").trim(); return t ? JSON.parse(t) : []; };
const audit = fs.readFileSync(auditF, "utf8").trim().split("\n").flatMap(l => { const j = JSON.parse(l); return Array.isArray(j) ? j : (j.records || [j]); });
const txs = read(txF), res = read(resF), bal = read(balF);
let bad = 0;
const fail = m => { console.error("FAIL: " + m); bad++; };
const detail = r => typeof r.detail === "string" ? JSON.parse(r.detail) : r.detail;
const requests = new Map(), signed = new Map();
for (const r of audit) {
  if (r.kind === "tx.request") requests.set(r.seq, detail(r));
  if (r.kind === "tx.signed") { const d = detail(r); signed.set(d.txid, d); }
}
const seen = new Set();
let spent = 0n, received = 0n;
for (const t of txs) {
  if (seen.has(t.txid)) fail(`txid ${t.txid} applied twice`);
  seen.add(t.txid);
  const s = signed.get(t.txid);
  if (!s) { fail(`applied ${t.txid} has no tx.signed record`); continue; }
  if (!requests.has(s.request_seq)) fail(`applied ${t.txid}: tx.request ${s.request_seq} missing`);
  spent += BigInt(t.amount) + BigInt(t.fee);
  received += BigInt(t.amount);
}
const units = (addr) => { const b = bal.find(b => b.address.toLowerCase() === addr.toLowerCase() && b.asset === "ETH"); return b ? BigInt(b.units) : 0n; };
const sender = [...new Set(txs.map(t => t.from_addr))];
if (sender.length > 1) fail("more than one sender");
const ten = 10n * 10n ** 18n;
if (sender.length && units(sender[0]) !== ten - spent) fail(`sender holds ${units(sender[0])}, wanted ${ten - spent}`);
if (units(to) !== received) fail(`recipient holds ${units(to)}, wanted ${received}`);
// Reservations: each unreleased one is tied to an audited decision; together they cover what was applied.
const live = res.filter(r => !r.released);
const reserved = live.reduce((a, r) => a + BigInt(r.amount), 0n);
if (reserved < BigInt(txs.length) * 10n ** 16n) fail(`reservations ${reserved} below the ${txs.length} transfers applied`);
const auditSeqs = new Set(audit.map(r => r.seq));
for (const r of live) if (!auditSeqs.has(r.audit_seq)) fail(`reservation ${r.id} has no audited decision`);
console.log(`applied ${txs.length} transfers, ${signed.size} signed, ${requests.size} requested, ${live.length} live reservations`);
process.exit(bad ? 1 : 0);
JS
[ $? = 0 ] && ok || bad "ledger, audit and reservations disagree after the crashes"
finish
