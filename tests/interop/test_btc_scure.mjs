// test_btc_scure.mjs: steward's Bitcoin taproot plugin checked by independent
// implementations (@scure/btc-signer, @scure/bip32, @scure/bip39, @noble/curves), through the
// real CLI (`steward addresses`, `steward sign`, `steward send`).
//
// The chain is a FAKE Esplora served by this test on loopback (127.0.0.1, a free port): it
// answers GET /address/<steward's address>/utxo with three confirmed UTXOs (and one
// unconfirmed one, which must not be spent), GET /fee-estimates, and records POST /tx.
// Nothing leaves the machine and no real node is involved; what makes the test meaningful is
// that the transaction steward signs is then checked by @scure/btc-signer alone:
//   - addresses: for the BIP-39 test mnemonic, steward's btc address on mainnet and regtest
//     (index 0 and 1) equals @scure/btc-signer's p2tr of the @scure/bip32 key on
//     m/86'/c'/0'/0/i, and the published BIP-86 address for index 0;
//   - a 3-input taproot spend signed by `steward sign`: btc-signer parses the raw transaction
//     and re-serialises it byte for byte; its txid equals steward's; for every input the
//     BIP-341 sighash from btc-signer's preimageWitnessV1 (SIGHASH_DEFAULT, the prevouts'
//     scripts and amounts) verifies the 64-byte witness signature under @noble/curves'
//     schnorr.verify with the output key of steward's address; flipping any one byte of a
//     signature makes that verification fail;
//   - the outputs: the recipient gets exactly the intent's amount to the script btc-signer
//     derives from the address, the change goes back to steward's own address, the fee
//     (inputs - outputs) equals the description's fee_max and pays at least the requested
//     rate for btc-signer's vsize; version 2, locktime 0, nSequence 0xfffffffd;
//   - `steward send` to a P2WPKH address: the fake Esplora receives the raw hex (text/plain)
//     on POST /tx, it verifies the same way, and steward reports btc-signer's txid;
//   - refusals through the CLI: insufficient funds, fee rate above the cap, an intent raising
//     the cap, a destination of another network.
// Usage (ctest): node test_btc_scure.mjs <steward-binary> <source-dir> <build-dir>

import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { harness } from './harness.mjs';

const here = dirname(fileURLToPath(import.meta.url));
let server = null;
let workdir = null;

function cleanup() {
  if (server) server.close();
  server = null;
  if (workdir) rmSync(workdir, { recursive: true, force: true });
  workdir = null;
}

const { check, die, finish } = harness('test_btc_scure', cleanup);


const [, , stewardBin, sourceDir, buildDir] = process.argv;
if (!buildDir) die('usage: node test_btc_scure.mjs <steward-binary> <source-dir> <build-dir>');
if (!existsSync(stewardBin)) die(`${stewardBin} not found`);
const pluginPath = join(buildDir, 'plugins', 'btc.so');
if (!existsSync(pluginPath)) die(`${pluginPath} not found; build the btc target`);
if (!existsSync(join(here, 'node_modules'))) die(`${join(here, 'node_modules')} is missing; run "npm ci" in ${here}`);

let btc, HDKey, bip39, schnorr, hex;
try {
  btc = await import('@scure/btc-signer');
  ({ HDKey } = await import('@scure/bip32'));
  bip39 = await import('@scure/bip39');
  ({ schnorr } = await import('@noble/curves/secp256k1'));
  ({ hex } = await import('@scure/base'));
} catch (e) {
  die(`cannot load @scure/btc-signer, @scure/bip32, @scure/bip39, @noble/curves or @scure/base: ${e.message}`);
}

const MNEMONIC = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';
const REGTEST = { ...btc.TEST_NETWORK, bech32: 'bcrt' };
const seed = bip39.mnemonicToSeedSync(MNEMONIC, '');
const root = HDKey.fromMasterSeed(seed);

// ---- the FAKE Esplora -------------------------------------------------------------------

const fake = { utxos: {}, fees: { 1: 20.5, 3: 10, 6: 2, 144: 1 }, posts: [] };
const txidOf = (rawHex) => btc.Transaction.fromRaw(hex.decode(rawHex), { allowUnknownOutputs: true }).id;

server = createServer((req, res) => {
  let body = '';
  req.on('data', (d) => (body += d));
  req.on('end', () => {
    const reply = (status, text, type = 'application/json') => {
      res.writeHead(status, { 'content-type': type });
      res.end(text);
    };
    const m = req.url.match(/^\/address\/([a-z0-9]+)\/utxo$/);
    if (req.method === 'GET' && m) return reply(200, JSON.stringify(fake.utxos[m[1]] ?? []));
    if (req.method === 'GET' && req.url === '/fee-estimates') return reply(200, JSON.stringify(fake.fees));
    if (req.method === 'POST' && req.url === '/tx') {
      fake.posts.push({ type: req.headers['content-type'], body });
      try {
        return reply(200, txidOf(body.trim()), 'text/plain');
      } catch (e) {
        return reply(400, `sendrawtransaction RPC error: ${e.message}`, 'text/plain');
      }
    }
    reply(404, 'Not Found', 'text/plain');
  });
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const esplora = `http://127.0.0.1:${server.address().port}`;
console.log(`test_btc_scure: using a FAKE Esplora (this test's own HTTP server) at ${esplora}`);

// ---- steward --------------------------------------------------------------------------

workdir = mkdtempSync(join(tmpdir(), 'steward-btc-'));

function config(name, network) {
  const file = join(workdir, `${name}.yaml`);
  writeFileSync(
    file,
    `version: 1\ndata_dir: ${join(workdir, `data-${name}`)}\nsecret:\n  source: backup\n  backup: {env: BTC_MNEMONIC}\n` +
      `chains:\n  btc:\n    plugin: ${pluginPath}\n    rpc: ${esplora}\n    network: ${network}\n` +
      `    max_fee_rate_sat_vb: 50\n`,
  );
  return file;
}

// Asynchronous: the fake Esplora runs in this process and must keep answering meanwhile.
function steward(args, input) {
  return new Promise((resolve) => {
    const p = spawn(stewardBin, args, { env: { ...process.env, BTC_MNEMONIC: MNEMONIC }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    p.on('close', (status) => resolve({ status, stdout, stderr }));
    p.stdin.end(input ?? '');
  });
}

async function addresses(cfg, index) {
  const r = await steward(['addresses', '-c', cfg, '--json', '--index', String(index)]);
  if (r.status !== 0) die(`steward addresses: exit ${r.status}: ${r.stderr}`);
  const a = JSON.parse(r.stdout).addresses.find((x) => x.chain === 'btc' && x.tenant === 'default');
  if (!a) die(`steward addresses printed no btc address: ${r.stdout}`);
  return a;
}

// ---- addresses --------------------------------------------------------------------------

const pins = JSON.parse(readFileSync(join(sourceDir, 'tests', 'vectors', 'derivation_v1_pins.json'), 'utf8'));
const mainCfg = config('mainnet', 'mainnet');
const regCfg = config('regtest', 'regtest');
for (const [cfg, net, coin] of [[mainCfg, btc.NETWORK, 0], [regCfg, REGTEST, 1]]) {
  for (const index of [0, 1]) {
    const a = await addresses(cfg, index);
    const path = `m/86'/${coin}'/0'/0/${index}`;
    const key = root.derive(path);
    const want = btc.p2tr(key.publicKey.slice(1), undefined, net).address;
    check(a.path === path, `path ${path}`, a.path);
    check(a.address === want, `address on ${path} equals @scure/btc-signer's p2tr`, `${a.address} vs ${want}`);
    if (coin === 0) check(a.address === pins.btc_mainnet[index].address, `published BIP-86 address ${index}`);
  }
}

// ---- a 3-input spend, signed ---------------------------------------------------------------

const own = await addresses(regCfg, 0);
const ownKey = root.derive("m/86'/1'/0'/0/0");
const ownPay = btc.p2tr(ownKey.publicKey.slice(1), undefined, REGTEST);
check(own.address === ownPay.address, 'regtest address');
const ownScript = ownPay.script;
const outputKey = ownPay.tweakedPubkey;

const rnd = () => hex.encode(randomBytes(32));
const coins = [
  { txid: rnd(), vout: 0, value: 40000, status: { confirmed: true, block_height: 101 } },
  { txid: rnd(), vout: 3, value: 30000, status: { confirmed: true, block_height: 102 } },
  { txid: rnd(), vout: 1, value: 20000, status: { confirmed: true, block_height: 103 } },
  { txid: rnd(), vout: 2, value: 900000, status: { confirmed: false } },
];
fake.utxos[own.address] = coins;

// Checks a signed transaction with @scure/btc-signer and @noble/curves alone.
function verifySpend(label, rawHex, txid, intentTo, amountSats, destNet, desc, minRate) {
  const tx = btc.Transaction.fromRaw(hex.decode(rawHex), { allowUnknownOutputs: true });
  check(hex.encode(tx.toBytes(true, true)) === rawHex, `${label}: btc-signer re-serialises the raw bytes`);
  check(tx.id === txid, `${label}: txid`, `${tx.id} vs ${txid}`);
  check(tx.version === 2 && tx.lockTime === 0, `${label}: version 2, locktime 0`);
  const n = tx.inputsLength;
  const byOutpoint = new Map(coins.map((c) => [`${c.txid}:${c.vout}`, c]));
  const spent = [];
  for (let i = 0; i < n; i++) {
    const inp = tx.getInput(i);
    const coin = byOutpoint.get(`${hex.encode(inp.txid)}:${inp.index}`);
    check(coin !== undefined, `${label}: input ${i} spends one of the fake UTXOs`);
    check(coin?.status.confirmed === true, `${label}: input ${i} is confirmed`);
    check(inp.sequence === 0xfffffffd, `${label}: input ${i} nSequence 0xfffffffd`);
    spent.push(coin);
  }
  if (spent.some((c) => c === undefined)) return null;
  const scripts = spent.map(() => ownScript);
  const amounts = spent.map((c) => BigInt(c.value));
  for (let i = 0; i < n; i++) {
    const wit = tx.getInput(i).finalScriptWitness;
    check(wit?.length === 1 && wit[0].length === 64, `${label}: input ${i} witness is one 64-byte signature`);
    if (!wit || wit.length !== 1) continue;
    const msg = tx.preimageWitnessV1(i, scripts, btc.SigHash.DEFAULT, amounts);
    check(schnorr.verify(wit[0], msg, outputKey), `${label}: input ${i} signature verifies (btc-signer sighash, noble schnorr)`);
    // Flipping any single byte breaks it.
    let allBroken = true;
    for (let b = 0; b < 64; b++) {
      const bad = Uint8Array.from(wit[0]);
      bad[b] ^= 1 << (b % 8);
      if (schnorr.verify(bad, msg, outputKey)) allBroken = false;
    }
    check(allBroken, `${label}: input ${i} every one-byte flip of the signature fails verification`);
    // And the signature does not verify for another input's sighash.
    if (n > 1) check(!schnorr.verify(wit[0], tx.preimageWitnessV1((i + 1) % n, scripts, btc.SigHash.DEFAULT, amounts), outputKey),
      `${label}: input ${i} signature is bound to its input`);
  }
  const dest = btc.OutScript.encode(btc.Address(destNet).decode(intentTo));
  const out0 = tx.getOutput(0);
  check(hex.encode(out0.script) === hex.encode(dest), `${label}: output 0 pays the intent's address`);
  check(out0.amount === BigInt(amountSats), `${label}: output 0 is exactly the intent's amount`, `${out0.amount}`);
  let outTotal = 0n;
  for (let i = 0; i < tx.outputsLength; i++) outTotal += tx.getOutput(i).amount;
  if (tx.outputsLength === 2) {
    check(hex.encode(tx.getOutput(1).script) === hex.encode(ownScript), `${label}: change returns to steward's own address`);
    check(tx.getOutput(1).amount >= 330n, `${label}: change is not dust`);
  }
  const inTotal = amounts.reduce((a, b) => a + b, 0n);
  const fee = inTotal - outTotal;
  check(String(fee) === desc.fee_max, `${label}: fee (inputs - outputs) equals the description's fee_max`, `${fee} vs ${desc.fee_max}`);
  check(fee >= BigInt(Math.ceil(tx.vsize * minRate)), `${label}: fee pays at least ${minRate} sat/vB for vsize ${tx.vsize}`);
  check(desc.summary.includes(`vsize ${tx.vsize}`), `${label}: the summary's vsize is btc-signer's`, desc.summary);
  check(desc.digests === n, `${label}: digests = number of inputs`);
  return tx;
}

const other = btc.p2tr(root.derive("m/86'/1'/0'/0/7").publicKey.slice(1), undefined, REGTEST).address;
const intent = { chain: 'btc', kind: 'transfer', to: other, amount: '0.00085', fee_rate_sat_vb: '2' };
let r = await steward(['sign', '-c', regCfg, '--intent', '-'], JSON.stringify(intent));
if (r.status !== 0) die(`steward sign: exit ${r.status}: ${r.stderr}`);
const signed = JSON.parse(r.stdout);
check(signed.from === own.address, 'sign: from is the steward address');
check(signed.description.amount === '85000' && signed.description.decimals === 8 && signed.description.asset === 'BTC',
  'sign: description amount/decimals/asset', JSON.stringify(signed.description));
check(signed.description.to === other, 'sign: description to');
const tx1 = verifySpend('sign', signed.raw, signed.txid, other, 85000, REGTEST, signed.description, 2);
check(tx1?.inputsLength === 3, 'sign: three inputs (the unconfirmed UTXO is not used)');
check(tx1?.outputsLength === 2, 'sign: payment and change');
check(fake.posts.length === 0, 'sign does not broadcast');

// ---- send, to a P2WPKH address ---------------------------------------------------------------

const wpkh = btc.p2wpkh(root.derive("m/84'/1'/0'/0/0").publicKey, REGTEST).address;
const intent2 = { chain: 'btc', kind: 'transfer', to: wpkh, amount: '0.0004' };
r = await steward(['send', '-c', regCfg, '--intent', '-'], JSON.stringify(intent2));
if (r.status !== 0) die(`steward send: exit ${r.status}: ${r.stderr}`);
const sent = JSON.parse(r.stdout);
check(fake.posts.length === 1, 'send: one POST /tx');
const post = fake.posts[0] ?? { body: '', type: '' };
check(post.body.trim() === sent.raw, 'send: the fake Esplora received the raw hex');
check((post.type ?? '').startsWith('text/plain'), 'send: POST /tx is text/plain', post.type);
check(sent.broadcast?.txid === sent.txid, 'send: the node answered the txid steward computed');
// Fee rate 2 sat/vB from the fake estimator (target 6 blocks).
verifySpend('send', sent.raw, sent.txid, wpkh, 40000, REGTEST, sent.description, 2);

// ---- refusals ------------------------------------------------------------------------------

async function refused(label, obj, needle) {
  const rr = await steward(['sign', '-c', regCfg, '--intent', '-'], JSON.stringify(obj));
  check(rr.status !== 0 && rr.stderr.includes(needle), `refused: ${label}`, `exit ${rr.status}: ${rr.stderr.trim()}`);
}
await refused('insufficient funds', { ...intent, amount: '0.01' }, 'insufficient funds');
await refused('fee rate above the cap', { ...intent, fee_rate_sat_vb: '51' }, 'fee cap exceeded');
await refused('an intent raising the cap', { ...intent, max_fee_rate_sat_vb: '60' }, 'may only lower the cap');
await refused('another network', { ...intent, to: btc.p2tr(ownKey.publicKey.slice(1)).address }, 'expected the prefix bcrt1');
fake.fees = { 6: 75 };
await refused('estimate above the cap', { ...intent, fee_rate_sat_vb: undefined }, 'fee cap exceeded');
check(fake.posts.length === 1, 'no broadcast from sign or refusals');

finish();
