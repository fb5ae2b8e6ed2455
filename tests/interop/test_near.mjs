// test_near.mjs: steward's NEAR transactions (core/near/near_tx.c) checked byte for byte
// against near-api-js, the NEAR reference JavaScript client.
//
// Usage (ctest): node test_near.mjs <steward-binary> <source-dir> <build-dir>
// It drives <build-dir>/tests/near_eval (tests/tools/near_eval.c), which reads one JSON request
// per line and prints one JSON answer per line. From a fixed seed (STEWARD_NEAR_SEED overrides
// it) it makes random transactions — random signer and receiver ids (named, implicit 64-hex and
// eth-implicit accounts), nonces over the whole u64 range, random block hashes, 1 to 6 actions
// of the four kinds steward writes (FunctionCall with JSON or binary args and deposits up to
// 2^128-1, Transfer, AddKey with FullAccess or a FunctionCall permission with or without an
// allowance, DeleteKey) — and checks, for each:
//   - borsh(Transaction) equals near-api-js createTransaction(...).encode();
//   - the hash equals SHA-256 of those bytes, and its base58 form;
//   - the public key text equals near-api-js KeyPair's for the same secret key;
//   - the signature equals near-api-js KeyPair.sign(hash) (ed25519 is deterministic) and
//     KeyPair.verify(hash, signature) accepts it;
//   - borsh(SignedTransaction) equals near-api-js SignedTransaction.encode(), and its base64.
// Also: account ids against the nearcore account-id rule (as a regular expression, written
// from the documented rules, independent of the C code), yoctoNEAR strings against BigInt,
// and transactions with invalid ids or amounts, which steward must refuse.

import { spawnSync } from 'node:child_process';
import { createHash, createPrivateKey, createPublicKey } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { harness } from './harness.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const { check, die, finish } = harness('test_near');

const [, , stewardBin, sourceDir, buildDir] = process.argv;
if (!buildDir) die('usage: node test_near.mjs <steward-binary> <source-dir> <build-dir>');
void stewardBin;
void sourceDir;
const tool = join(buildDir, 'tests', 'near_eval');
if (!existsSync(tool)) die(`${tool} not found; build the near_eval target`);
if (!existsSync(join(here, 'node_modules'))) die(`${join(here, 'node_modules')} is missing; run "npm ci" in ${here}`);

let nearApi;
try {
  nearApi = await import('near-api-js');
} catch (e) {
  die(`cannot load near-api-js from ${join(here, 'node_modules')}: ${e.message}`);
}
const { transactions, utils, KeyPair } = nearApi;
const { base_encode: b58 } = utils.serialize;
const nearApiVersion = JSON.parse(readFileSync(join(here, 'node_modules', 'near-api-js', 'package.json'), 'utf8')).version;

// ---- deterministic random inputs --------------------------------------------------------------

const SEED = Number(process.env.STEWARD_NEAR_SEED ?? 0x4ea12026) >>> 0;
let state = SEED;
function rand() { // mulberry32
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const int = (n) => Math.floor(rand() * n);
const pick = (a) => a[int(a.length)];
const bytes = (n) => Uint8Array.from({ length: n }, () => int(256));
const hex = (u8) => Buffer.from(u8).toString('hex');
const bigOf = (nbytes) => { let v = 0n; for (const b of bytes(nbytes)) v = (v << 8n) | BigInt(b); return v; };
const U64_MAX = (1n << 64n) - 1n;
const U128_MAX = (1n << 128n) - 1n;
const u64 = () => pick([0n, 1n, U64_MAX, U64_MAX - 1n, 1n << 32n, bigOf(1 + int(8)), bigOf(8)]);
const u128 = () => pick([0n, 1n, 10n ** 24n, U64_MAX, 1n << 64n, U128_MAX, U128_MAX - 1n, bigOf(1 + int(16)), bigOf(16)]);

const ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';
function accountId() {
  const kind = int(10);
  if (kind === 0) return hex(bytes(32)); // implicit
  if (kind === 1) return '0x' + hex(bytes(20)); // eth-implicit
  const target = kind === 2 ? 64 : 2 + int(30);
  let s = '';
  while (s.length < target) {
    if (s.length && s.length < target - 1) s += pick(['.', '-', '_']);
    const n = Math.min(1 + int(8), target - s.length);
    for (let i = 0; i < n; i++) s += pick(ALNUM);
  }
  return s;
}
const methodName = () => pick(['request_app_private_key', 'sign', 'ft_transfer', 'a', 'public_key', 'x_'.repeat(1 + int(30))]);

const pkOf = (u8) => new utils.PublicKey({ keyType: 0, data: u8 });
const pkText = (u8) => 'ed25519:' + b58(Buffer.from(u8));

// One random action: [near-api-js Action, steward's JSON description].
function action() {
  const kind = int(4);
  if (kind === 0) {
    const method = methodName(), gas = u64(), deposit = u128();
    let argsForJs, argsBytes;
    if (int(2)) { // JSON args, as contracts take them
      argsForJs = { request: { derivation_path: accountId(), app_public_key: 'bls12381g1:' + b58(Buffer.from(bytes(48))), domain_id: int(10) }, n: int(1e9) };
      argsBytes = Buffer.from(JSON.stringify(argsForJs));
    } else {
      argsBytes = Buffer.from(bytes(int(3) === 0 ? 0 : int(300)));
      argsForJs = argsBytes;
    }
    return [transactions.functionCall(method, argsForJs, gas, deposit),
      { type: 'FunctionCall', method_name: method, args_base64: argsBytes.toString('base64'), gas: gas.toString(), deposit: deposit.toString() }];
  }
  if (kind === 1) {
    const deposit = u128();
    return [transactions.transfer(deposit), { type: 'Transfer', deposit: deposit.toString() }];
  }
  const key = bytes(32);
  if (kind === 3) return [transactions.deleteKey(pkOf(key)), { type: 'DeleteKey', public_key: pkText(key) }];
  const nonce = u64();
  let ak, permission;
  if (int(2)) {
    ak = transactions.fullAccessKey();
    permission = 'FullAccess';
  } else {
    const receiver = accountId();
    const names = Array.from({ length: int(4) }, methodName);
    const allowance = int(2) ? u128() : undefined;
    ak = transactions.functionCallAccessKey(receiver, names, allowance);
    permission = { allowance: allowance === undefined ? null : allowance.toString(), receiver_id: receiver, method_names: names };
  }
  ak.nonce = nonce;
  return [transactions.addKey(pkOf(key), ak), { type: 'AddKey', public_key: pkText(key), nonce: nonce.toString(), permission }];
}

// ---- the cases ---------------------------------------------------------------------------------

const COUNT = Number(process.env.STEWARD_NEAR_COUNT ?? 400);
const cases = []; // { req, expect }
for (let i = 0; i < COUNT; i++) {
  const seed = bytes(32);
  const signer = accountId(), receiver = accountId(), nonce = u64(), blockHash = bytes(32);
  const acts = Array.from({ length: 1 + int(6) }, action);
  cases.push({
    seed, signer, receiver, nonce, blockHash, acts,
    req: {
      op: 'tx', seed_hex: hex(seed), signer_id: signer, receiver_id: receiver, nonce: nonce.toString(),
      block_hash: b58(Buffer.from(blockHash)), actions: acts.map((a) => a[1]),
    },
  });
}

// Account ids: the nearcore rule as a regular expression.
const ACCOUNT_RE = /^(([a-z\d]+[-_])*[a-z\d]+\.)*([a-z\d]+[-_])*[a-z\d]+$/;
const accountValid = (s) => s.length >= 2 && s.length <= 64 && ACCOUNT_RE.test(s);
const ids = ['ok', 'a', 'A1', 'a..b', 'a.-b', '-ab', 'ab-', 'a_b.c-d', 'ä.near', 'a b', '0x' + 'F'.repeat(40), '1'.repeat(64), '1'.repeat(65)];
for (let i = 0; i < 600; i++) {
  const n = 1 + int(70);
  let s = '';
  for (let k = 0; k < n; k++) s += pick(['a', 'z', '0', '9', '.', '-', '_', 'A', ' ', 'é', 'b', 'c']);
  ids.push(i % 3 === 0 ? accountId() : s);
}

// Amounts: valid and invalid strings.
const amounts = ['0', '1', '01', '', '-1', '+1', '1.0', '1e3', ' 1', U128_MAX.toString(), (U128_MAX + 1n).toString(), '9'.repeat(39), '9'.repeat(40)];
for (let i = 0; i < 300; i++) amounts.push(u128().toString());
const amountValid = (s) => /^(0|[1-9][0-9]*)$/.test(s) && BigInt(s) <= U128_MAX;

// Transactions steward must refuse (near-api-js itself would encode some of them).
const refusals = [
  { ...cases[0].req, signer_id: 'Alice.near' },
  { ...cases[0].req, receiver_id: 'a..near' },
  { ...cases[0].req, actions: [{ type: 'Transfer', deposit: (U128_MAX + 1n).toString() }] },
  { ...cases[0].req, actions: [{ type: 'Transfer', deposit: '1.5' }] },
  { ...cases[0].req, actions: [{ type: 'AddKey', public_key: pkText(bytes(32)), nonce: '0', permission: { allowance: null, receiver_id: 'BAD', method_names: [] } }] },
  { ...cases[0].req, actions: [{ type: 'DeleteKey', public_key: 'ed25519:' + b58(Buffer.from(bytes(31))) }] },
];

const lines = [
  ...cases.map((c) => c.req),
  ...ids.map((id) => ({ op: 'account', id })),
  ...amounts.map((s) => ({ op: 'u128', s })),
  ...refusals,
].map((r) => JSON.stringify(r)).join('\n') + '\n';
const run = spawnSync(tool, [], { input: lines, encoding: 'utf8', maxBuffer: 1 << 28 });
if (run.status !== 0) die(`near_eval exited with ${run.status}: ${run.stderr}`);
const out = run.stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
const expectedLines = cases.length + ids.length + amounts.length + refusals.length;
if (out.length !== expectedLines) die(`near_eval printed ${out.length} lines for ${expectedLines} requests`);

let k = 0;
for (const c of cases) {
  const got = out[k++];
  const what = `tx ${k} (${c.signer} -> ${c.receiver}, ${c.acts.map((a) => a[1].type).join(',')})`;
  if (got.error || got.bad_request) {
    check(false, what, got.error || got.bad_request);
    continue;
  }
  const kp = KeyPair.fromString('ed25519:' + b58(Buffer.from(naclSecret(c.seed))));
  check(kp.getPublicKey().toString() === got.public_key, `${what}: public key`, `${got.public_key} vs ${kp.getPublicKey().toString()}`);
  const tx = transactions.createTransaction(c.signer, kp.getPublicKey(), c.receiver, c.nonce, c.acts.map((a) => a[0]), c.blockHash);
  const txBytes = Buffer.from(tx.encode());
  check(txBytes.toString('hex') === got.tx_hex, `${what}: borsh(Transaction)`, `\n steward    ${got.tx_hex}\n near-api-js ${txBytes.toString('hex')}`);
  const hash = createHash('sha256').update(txBytes).digest();
  check(hash.toString('hex') === got.hash_hex, `${what}: hash`);
  check(b58(hash) === got.hash_b58, `${what}: hash base58`);
  const sig = Buffer.from(got.signature_hex, 'hex');
  check(kp.verify(hash, sig), `${what}: KeyPair.verify(hash, signature)`);
  check(Buffer.from(kp.sign(hash).signature).toString('hex') === got.signature_hex, `${what}: signature equals near-api-js's`);
  const signed = new transactions.SignedTransaction({ transaction: tx, signature: new transactions.Signature({ keyType: 0, data: sig }) });
  const signedBytes = Buffer.from(signed.encode());
  check(signedBytes.toString('hex') === got.signed_hex, `${what}: borsh(SignedTransaction)`);
  check(signedBytes.toString('base64') === got.signed_base64, `${what}: base64`);
  // near-api-js decodes what steward wrote back into the same transaction.
  const back = transactions.SignedTransaction.decode(Buffer.from(got.signed_base64, 'base64'));
  check(back.transaction.signerId === c.signer && BigInt(back.transaction.nonce) === c.nonce, `${what}: decodes`);
}
for (const id of ids) {
  const got = out[k++];
  check(got.valid === accountValid(id), `account id ${JSON.stringify(id)}`, `steward ${got.valid}, rule ${accountValid(id)}`);
}
for (const s of amounts) {
  const got = out[k++];
  if (amountValid(s)) check(got.value === BigInt(s).toString(), `amount ${JSON.stringify(s)}`, JSON.stringify(got));
  else check(got.error !== undefined, `amount ${JSON.stringify(s)} refused`, JSON.stringify(got));
}
for (const r of refusals) {
  const got = out[k++];
  check(got.error !== undefined, `refused: ${JSON.stringify(r.signer_id)} ${JSON.stringify(r.actions[0])}`, JSON.stringify(got).slice(0, 200));
}

// The 64-byte ed25519 secret key near-api-js takes: seed ‖ public key, the public half
// derived by Node's own ed25519 (OpenSSL), independently of steward (libsodium).
function naclSecret(seed) {
  const pkcs8 = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), Buffer.from(seed)]);
  const pub = createPublicKey(createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' }))
    .export({ format: 'der', type: 'spki' }).subarray(-32);
  return Buffer.concat([Buffer.from(seed), pub]);
}

console.log(`test_near: near-api-js ${nearApiVersion}, seed ${SEED}, ${cases.length} transactions, ${ids.length} account ids, ${amounts.length} amounts`);
finish();
