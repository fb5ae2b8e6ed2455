#!/usr/bin/env bash
# Policy through the real `steward sign` (issue #4, concurrency acceptance and the kill switch):
# 100 sign requests of 1 unit, fired at once as 100 processes each with its own store
# connection, against a daily limit of 10: exactly 10 are signed and 90 denied with the rule
# named; after the fact (a "restart": fresh processes) the ledger says 10 and the audit log
# verifies. Then steward pause stops all signing until steward resume.
. "$(dirname "$0")/lib.sh"
TP="$BUILD/examples/template.so"
export POL_HEX=aa2e3d4c5b6a79881f2e3d4c5b6a79881f2e3d4c5b6a79881f2e3d4c5b6a7988
cat >"$T/p.yaml" <<YAML
version: 1
data_dir: data
secret:
  source: backup
  backup: {env: POL_HEX}
tenants: [{id: default}, {id: bob}]
chains:
  template: {plugin: $TP, offline: true}
policy:
  tenants:
    default:
      template:
        TMPL: {max_per_tx: "5", max_per_day: "10"}
YAML
expect_exit 0 "bob's address" -- "$STEWARD" addresses -c "$T/p.yaml" --tenant bob --json
TO=$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1])).addresses[0].address)' "$T/out")
echo "{\"chain\":\"template\",\"kind\":\"transfer\",\"to\":\"$TO\",\"amount\":\"1\"}" >"$T/one.json"
echo "{\"chain\":\"template\",\"kind\":\"transfer\",\"to\":\"$TO\",\"amount\":\"5.000001\"}" >"$T/big.json"

expect_exit 1 "above max_per_tx" -- "$STEWARD" sign -c "$T/p.yaml" --intent "$T/big.json"
expect_grep '"denied":true' "$T/out" "the denial is structured"
expect_grep '"rule":"max_per_tx"' "$T/out" "the rule is named"
expect_grep '"limit":"5"' "$T/out" "the limit is given in display units"
expect_grep "policy denied the request: max_per_tx" "$T/err" "stderr says why"

# 100 at once. Each process waits on a shared start file so they begin together.
mkdir "$T/r"
for i in $(seq 1 100); do
  ( while [ ! -e "$T/go" ]; do sleep 0.01; done
    "$STEWARD" sign -c "$T/p.yaml" --intent "$T/one.json" >"$T/r/$i.out" 2>"$T/r/$i.err"; echo $? >"$T/r/$i.rc" ) &
done
sleep 1; touch "$T/go"; wait
signed=$(grep -l '"txid"' "$T"/r/*.out | wc -l)
denied=$(grep -l '"rule":"max_per_day"' "$T"/r/*.out | wc -l)
zero=$(grep -lx 0 "$T"/r/*.rc | wc -l)
other=$(grep -L -e '"txid"' -e '"rule":"max_per_day"' "$T"/r/*.out | wc -l)
echo "100 concurrent sign requests: $signed signed, $denied denied (max_per_day), $other other"
[ "$signed" = 10 ] && ok || bad "$signed signed, wanted exactly 10"
[ "$denied" = 90 ] && ok || { bad "$denied denied by max_per_day, wanted 90"; cat $(grep -L -e txid -e max_per_day "$T"/r/*.out | head -1 | sed 's/out$/err/') >&2; }
[ "$zero" = 10 ] && ok || bad "$zero exits 0, wanted 10"
# After the fact, from fresh processes: 10 units reserved, the next one denied, the log intact.
expect_exit 1 "the 101st is denied" -- "$STEWARD" sign -c "$T/p.yaml" --intent "$T/one.json"
expect_grep '"used":"10"' "$T/out" "the ledger says 10 after the burst"
expect_exit 0 "audit verify after the burst" -- "$STEWARD" audit verify -c "$T/p.yaml"
expect_exit 0 "audit show" -- "$STEWARD" audit show -c "$T/p.yaml" --json
[ "$(grep -c '"kind":"policy.decision"' "$T/out")" = 102 ] && ok || bad "$(grep -c '"kind":"policy.decision"' "$T/out") policy.decision records, wanted 102"
[ "$(grep -c '"kind":"tx.signed"' "$T/out")" = 10 ] && ok || bad "tx.signed records: $(grep -c '"kind":"tx.signed"' "$T/out")"

# Another tenant has no rules: not limited, but the kill switch stops everyone.
expect_exit 0 "bob is not limited" -- "$STEWARD" sign -c "$T/p.yaml" --tenant bob --intent "$T/big.json"
expect_exit 0 "pause" -- "$STEWARD" pause -c "$T/p.yaml" "incident 42"
expect_exit 1 "paused: denied" -- "$STEWARD" sign -c "$T/p.yaml" --tenant bob --intent "$T/big.json"
expect_grep '"rule":"paused"' "$T/out" "the kill switch is the rule"
expect_exit 0 "resume" -- "$STEWARD" resume -c "$T/p.yaml"
expect_exit 0 "resumed: allowed" -- "$STEWARD" sign -c "$T/p.yaml" --tenant bob --intent "$T/big.json"
# A policy section the engine refuses is a configuration error at its line.
printf 'version: 1\nsecret: {source: dev}\npolicy:\n  tenants: {default: {template: {TMPL: {max_per_dya: "1"}}}}\n' >"$T/badpol.yaml"
echo "{\"chain\":\"template\"}" >"$T/x.json"
expect_exit 2 "bad policy section" -- "$STEWARD" sign -c "$T/badpol.yaml" --intent "$T/x.json"
expect_grep "badpol.yaml:3:1: policy.tenants.default.template.TMPL" "$T/err" "the policy error names file, line and key path"
expect_exit 2 "config check refuses it too" -- "$STEWARD" config check -c "$T/badpol.yaml"
expect_exit 2 "run refuses it at start" -- "$STEWARD" run -c "$T/badpol.yaml"
finish
