#!/usr/bin/env bash
# Acceptance: with the BIP-39 test mnemonic as backup, `steward keys --json` prints the keys
# that BIP-32/BIP-86/SLIP-10 give on DESIGN.md's paths. The expected values are the published
# ones in tests/vectors/derivation_v1_pins.json (BIP-86's test vectors and the well-known
# ETH/Solana addresses of this mnemonic), never steward's own output.
. "$(dirname "$0")/lib.sh"
PINS="$SRC/tests/vectors/derivation_v1_pins.json"
cat >"$T/pins.yaml" <<YAML
version: 1
data_dir: data
secret:
  source: backup
  backup:
    env: PIN_MNEMONIC
chains:
  btc:
    network: mainnet
YAML
export PIN_MNEMONIC="$(node -e 'console.log(require(process.argv[1]).mnemonic)' "$PINS")"
for idx in 0 1; do
  expect_exit 0 "keys --json --index $idx" -- "$STEWARD" keys -c "$T/pins.yaml" --json --index $idx
  cp "$T/out" "$T/keys-$idx.json"
done
# Compare in node: every pinned field must equal steward's.
node - "$PINS" "$T/keys-0.json" "$T/keys-1.json" >"$T/cmp" 2>&1 <<'JS'
const fs = require('fs');
const [pinsPath, k0, k1] = process.argv.slice(2);
const pins = JSON.parse(fs.readFileSync(pinsPath));
const got = [JSON.parse(fs.readFileSync(k0)), JSON.parse(fs.readFileSync(k1))];
let bad = 0, good = 0;
const eq = (what, a, b) => { if (a === b) good++; else { bad++; console.log(`MISMATCH ${what}: steward ${a}, published ${b}`); } };
for (const doc of got) { eq('scheme', doc.scheme, 'v1'); eq('dev_secret', doc.dev_secret, false); eq('tenants', doc.tenants.length, 1); }
for (const p of pins.btc_mainnet) {
  const t = got[p.index].tenants[0];
  eq(`btc ${p.index} path`, t.btc.path, p.path);
  eq(`btc ${p.index} internal key`, t.btc.internal_key, p.internal_key);
  eq(`btc ${p.index} output key`, t.btc.output_key, p.output_key);
  eq(`btc ${p.index} address`, t.btc.address, p.address);
}
for (const p of pins.eth) { const t = got[p.index].tenants[0]; eq('eth path', t.eth.path, p.path); eq('eth address', t.eth.address, p.address); }
for (const p of pins.sol) { const t = got[p.index].tenants[0]; eq('sol path', t.sol.path, p.path); eq('sol address', t.sol.address, p.address); }
console.log(`${good} fields equal, ${bad} differ`);
process.exit(bad ? 1 : 0);
JS
[ $? = 0 ] && ok || { bad "keys differ from the published values"; cat "$T/cmp" >&2; }
cat "$T/cmp"
# No private material in the output: only the documented public fields.
expect_no_grep "priv|xprv|seed|mnemonic|abandon" "$T/keys-0.json" "keys --json has no private fields"
# Text mode shows the same addresses.
expect_exit 0 "keys text" -- "$STEWARD" keys -c "$T/pins.yaml"
expect_grep "bc1p5cyxnuxmeuwuvkwfem96lqzszd02n6xdcjrs20cac6yqjjwudpxqkedrcr" "$T/out" "text shows the BIP-86 address"
expect_exit 2 "unknown tenant" -- "$STEWARD" keys -c "$T/pins.yaml" --tenant nobody
expect_grep 'tenant "nobody" is not configured' "$T/err" "unknown tenant is named"
finish
