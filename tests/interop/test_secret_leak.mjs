// The secret-leak search (issue #2, point 7). Runs steward with known secrets through every
// command of this build, including error paths and debug-level text and JSON logs, then
// searches every byte it wrote — stdout, stderr, the database and its WAL/SHM files, and any
// other file in the data folder that is not the configured secret file — for the secrets in
// every form: the mnemonic (whole, and any 3 consecutive words), the passphrase, the BIP-39
// seed (hex either case, raw bytes), the master secret of a hex backup (hex, raw), the root
// xprv, and each chain private key of each tenant (hex, raw), computed independently here
// with @scure/bip39, @scure/bip32, @noble/hashes and micro-key-producer.
import { spawnSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const [steward] = process.argv.slice(2);
if (!steward) throw new Error('usage: test_secret_leak.mjs STEWARD SRC BUILD');
let mods;
try {
  mods = {
    bip39: await import('@scure/bip39'),
    bip32: await import('@scure/bip32'),
    hkdf: await import('@noble/hashes/hkdf'),
    sha2: await import('@noble/hashes/sha2'),
    slip10: await import('micro-key-producer/slip10.js'),
  };
} catch (e) {
  console.error('interop packages missing: run ./scripts/install-deps.sh --test (' + e.message + ')');
  process.exit(1);
}
const { mnemonicToSeedSync } = mods.bip39;
const { HDKey } = mods.bip32;
const { hkdf } = mods.hkdf;
const { sha256 } = mods.sha2;
const SLIP10 = mods.slip10.HDKey ?? mods.slip10.default?.HDKey ?? mods.slip10.default;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'steward-leak-'));
let failed = 0, passed = 0;
const fail = (m) => { failed++; console.error('FAIL: ' + m); };
const pass = () => { passed++; };

const MNEMONIC = 'legal winner thank year wave sausage worth useful legal winner thank year wave sausage worth useful legal winner thank year wave sausage worth title';
const PASSPHRASE = 'correct horse battery staple';
const HEX = 'a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90';
fs.writeFileSync(path.join(dir, 'backup.secret'), MNEMONIC + '\n', { mode: 0o600 });

const yaml = (name, secret, dataDir) => {
  const p = path.join(dir, name);
  fs.writeFileSync(p, `version: 1\ndata_dir: ${dataDir}\nsecret:\n${secret}\ntenants:\n  - id: default\n  - id: alice\n  - id: bob-2\n`);
  return p;
};
const cfgMnemonic = yaml('mnemonic.yaml', '  source: backup\n  backup:\n    file: backup.secret\n    passphrase: ${LEAK_PASS}', 'data-m');
const cfgHex = yaml('hex.yaml', '  source: backup\n  backup:\n    env: LEAK_HEX', 'data-h');
const env = { ...process.env, LEAK_PASS: PASSPHRASE, LEAK_HEX: HEX };

const outputs = [];
function run(args, extraEnv = {}) {
  const r = spawnSync(steward, args, { env: { ...env, ...extraEnv }, cwd: dir, encoding: 'buffer' });
  outputs.push({ what: args.join(' '), data: Buffer.concat([r.stdout, r.stderr]) });
  return r.status;
}
async function runAgent(args) {
  const child = spawn(steward, ['run', ...args], { env, cwd: dir });
  const chunks = [];
  child.stdout.on('data', (d) => chunks.push(d));
  child.stderr.on('data', (d) => chunks.push(d));
  const deadline = Date.now() + 30000;
  while (!Buffer.concat(chunks).includes('agent.ready') && Date.now() < deadline && child.exitCode === null)
    await new Promise((r) => setTimeout(r, 50));
  child.kill('SIGTERM');
  await new Promise((r) => child.on('exit', r));
  outputs.push({ what: 'run ' + args.join(' '), data: Buffer.concat(chunks) });
  return Buffer.concat(chunks).includes('agent.ready');
}

for (const cfg of [cfgMnemonic, cfgHex]) {
  if (run(['config', 'check', '-c', cfg]) !== 0) fail('config check ' + cfg); else pass();
  for (const t of ['default', 'alice', 'bob-2']) {
    if (run(['keys', '-c', cfg, '--tenant', t, '--json']) !== 0) fail('keys --json ' + t); else pass();
    if (run(['keys', '-c', cfg, '--tenant', t, '--index', '3']) !== 0) fail('keys ' + t); else pass();
  }
  for (const fmt of ['text', 'json'])
    if (!(await runAgent(['-c', cfg, '--log-level', 'debug', '--log-format', fmt]))) fail('run ' + fmt); else pass();
  run(['audit', 'verify', '-c', cfg]);
  run(['audit', 'show', '-c', cfg]);
  run(['audit', 'show', '-c', cfg, '--json']);
}
// Error paths that handle the secret: a flipped checksum word, a truncated hex value.
const badWords = MNEMONIC.split(' ');
badWords[23] = 'abandon';
fs.writeFileSync(path.join(dir, 'bad.secret'), badWords.join(' ') + '\n', { mode: 0o600 });
const cfgBad = yaml('bad.yaml', '  source: backup\n  backup:\n    file: bad.secret', 'data-b');
if (run(['run', '-c', cfgBad, '--log-level', 'debug']) !== 1) fail('a bad mnemonic must exit 1'); else pass();
if (run(['run', '-c', cfgHex, '--log-level', 'debug'], { LEAK_HEX: HEX.slice(0, 63) }) !== 1) fail('a bad hex secret must exit 1'); else pass();
if (run(['keys', '-c', cfgHex], { LEAK_HEX: HEX.toUpperCase().replace('A', 'G') }) !== 1) fail('a non-hex secret must exit 1'); else pass();

// What must never appear.
const needles = [];
const addBytes = (name, bytes) => {
  const hex = Buffer.from(bytes).toString('hex');
  needles.push({ name: name + ' (raw)', buf: Buffer.from(bytes) });
  needles.push({ name: name + ' (hex)', buf: Buffer.from(hex) });
  needles.push({ name: name + ' (HEX)', buf: Buffer.from(hex.toUpperCase()) });
};
needles.push({ name: 'mnemonic', buf: Buffer.from(MNEMONIC) });
for (const [label, words] of [['mnemonic', MNEMONIC.split(' ')], ['bad mnemonic', badWords]])
  for (let i = 0; i + 3 <= words.length; i++)
    needles.push({ name: `${label} words ${i + 1}-${i + 3}`, buf: Buffer.from(words.slice(i, i + 3).join(' ')) });
needles.push({ name: 'passphrase', buf: Buffer.from(PASSPHRASE) });
const seed = mnemonicToSeedSync(MNEMONIC, PASSPHRASE);
addBytes('bip39 seed', seed);
addBytes('hex master secret', Buffer.from(HEX, 'hex'));
needles.push({ name: 'hex master secret (truncated form)', buf: Buffer.from(HEX.slice(0, 63)) });
for (const root of [seed, Buffer.from(HEX, 'hex')]) {
  for (const tenant of ['default', 'alice', 'bob-2']) {
    const tseed = tenant === 'default' ? root
      : hkdf(sha256, root, new TextEncoder().encode('steward/tenant/v1'), new TextEncoder().encode(tenant), 64);
    if (tenant !== 'default') addBytes(`tenant seed ${tenant}`, tseed);
    const master = HDKey.fromMasterSeed(tseed);
    needles.push({ name: `root xprv ${tenant}`, buf: Buffer.from(master.privateExtendedKey) });
    for (const i of [0, 3]) {
      for (const p of [`m/44'/60'/0'/0/${i}`, `m/86'/0'/0'/0/${i}`, `m/86'/1'/0'/0/${i}`]) {
        const k = master.derive(p);
        addBytes(`${tenant} ${p} private key`, k.privateKey);
        needles.push({ name: `${tenant} ${p} xprv`, buf: Buffer.from(k.privateExtendedKey) });
      }
      const sol = SLIP10.fromMasterSeed(tseed).derive(`m/44'/501'/${i}'/0'`);
      addBytes(`${tenant} solana ${i} private key`, sol.privateKey);
    }
  }
}

// Everything steward wrote: outputs, and every file under the data folders.
const haystacks = outputs.map((o) => ({ name: 'output of steward ' + o.what, data: o.data }));
const walk = (p) => fs.statSync(p).isDirectory() ? fs.readdirSync(p).flatMap((f) => walk(path.join(p, f))) : [p];
let dbFiles = 0;
for (const d of ['data-m', 'data-h', 'data-b']) {
  const full = path.join(dir, d);
  if (!fs.existsSync(full)) continue;
  for (const f of walk(full)) {
    haystacks.push({ name: f, data: fs.readFileSync(f) });
    if (/steward\.db/.test(f)) dbFiles++;
  }
}
if (dbFiles < 2) fail(`expected the databases of both runs, found ${dbFiles} database files`); else pass();
let bytes = 0;
for (const h of haystacks) {
  bytes += h.data.length;
  for (const n of needles) {
    if (h.data.indexOf(n.buf) >= 0) fail(`${n.name} found in ${h.name}`); else pass();
  }
}
// The search must be able to find something: a planted copy is found.
const planted = Buffer.concat([Buffer.from('xx'), seed, Buffer.from('yy')]);
if (planted.indexOf(needles.find((n) => n.name === 'bip39 seed (raw)').buf) < 0) fail('the search cannot find a planted seed'); else pass();
fs.rmSync(dir, { recursive: true, force: true });
console.log(`secret-leak search: ${needles.length} needles over ${haystacks.length} outputs and files (${bytes} bytes)`);
console.log(`test_secret_leak: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
