// test_derivation.mjs: steward's key derivation (BIP-39, BIP-32, SLIP-10, HKDF, ETH / BTC
// taproot / Solana / NEAR keys) checked value by value against independent JavaScript
// implementations: @scure/bip39, @scure/bip32, @noble/hashes, @noble/curves,
// @scure/btc-signer, @scure/base and micro-key-producer's SLIP-10.
//
// Usage (from ctest): node test_derivation.mjs <steward-binary> <source-dir> <build-dir>
// It drives <build-dir>/tests/derive_vectors, which prints one JSON line per input line.
// Exits 0 only when every value matches; any mismatch, missing value, missing package or
// missing program is a failure.

import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

function die(msg) {
  console.error(`test_derivation: FAIL: ${msg}`);
  process.exit(1);
}

// The reference libraries live in tests/interop/node_modules (scripts/test.sh installs them).
// Import them dynamically so that their absence is reported clearly, not as a stack trace.
if (!existsSync(join(here, 'node_modules'))) {
  die(`${join(here, 'node_modules')} is missing; run "npm ci" in ${here} (scripts/test.sh does)`);
}
// The first specifier that resolves: @scure/bip39 1.x exports "wordlists/english", 2.x
// only "wordlists/english.js" (package.json and the installed tree may differ in major).
async function importFirst(...specs) {
  let last;
  for (const s of specs) {
    try {
      return await import(s);
    } catch (e) {
      last = e;
    }
  }
  throw last;
}
let lib;
try {
  const [bip39, english, bip32, sha3, sha2, hkdf, utils, secp, btc, base, slip10] = await Promise.all([
    import('@scure/bip39'),
    importFirst('@scure/bip39/wordlists/english.js', '@scure/bip39/wordlists/english'),
    import('@scure/bip32'),
    import('@noble/hashes/sha3.js'),
    import('@noble/hashes/sha2.js'),
    import('@noble/hashes/hkdf.js'),
    import('@noble/hashes/utils.js'),
    import('@noble/curves/secp256k1.js'),
    import('@scure/btc-signer'),
    import('@scure/base'),
    import('micro-key-producer/slip10.js'),
  ]);
  lib = { bip39, wordlist: english.wordlist, bip32, sha3, sha2, hkdf, utils, secp, btc, base, slip10 };
} catch (e) {
  die(`cannot load the reference packages from ${join(here, 'node_modules')}: ${e.message}`);
}
const { bytesToHex, hexToBytes } = lib.utils;

const [, , stewardBin, sourceDir, buildDir] = process.argv;
if (!buildDir) die('usage: node test_derivation.mjs <steward-binary> <source-dir> <build-dir>');
const tool = join(buildDir, 'tests', 'derive_vectors');
if (!existsSync(tool)) die(`${tool} not found; build the derive_vectors target`);
void stewardBin;
void sourceDir;

// ---- Inputs ---------------------------------------------------------------------------

const ABANDON =
  'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';

// Passphrases that NFKD changes, or that are composed differently from how they look.
const UNICODE_PASSPHRASES = [
  'n\u00f6b', // ö precomposed
  'no\u0308b', // ö decomposed
  '\uff34\uff32\uff25\uff3a\uff2f\uff32', // fullwidth TREZOR
  '\ufb01nance', // "fi" ligature
  '\ud55c\uad6d\uc5b4 \ube44\ubc00', // Hangul syllables -> jamo
  '\u30d1\u30b9\u30ef\u30fc\u30c9', // katakana with (han)dakuten
  '\u212b ngstr\u00f6m', // Angstrom sign -> A + ring
  'caf\u00e9 \u00bd \u2460', // é, vulgar fraction, circled digit
  'emoji \ud83d\ude00 \u00e6\u00df',
];

function randomAscii(n) {
  const chars = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 !#$%&()*+,-./:;<=>?@[]^_{}~';
  const r = randomBytes(n);
  return Array.from(r, (b) => chars[b % chars.length]).join('');
}

const inputs = []; // { kind: 'mnemonic' | 'seed', mnemonic, passphrase, seedHex, label }
const addMnemonic = (mnemonic, passphrase, label) => inputs.push({ kind: 'mnemonic', mnemonic, passphrase, label });

addMnemonic(ABANDON, '', 'BIP-39 test mnemonic, no passphrase');
addMnemonic(ABANDON, 'TREZOR', 'BIP-39 test mnemonic, TREZOR');
for (let i = 0; i < 60; i++) {
  const bytes = [16, 32, 16, 32, 20, 24, 28][i % 7];
  const mnemonic = lib.bip39.entropyToMnemonic(randomBytes(bytes), lib.wordlist);
  let passphrase = '';
  if (i % 3 === 1) passphrase = randomAscii(1 + (i % 40));
  if (i % 3 === 2) passphrase = UNICODE_PASSPHRASES[i % UNICODE_PASSPHRASES.length];
  addMnemonic(mnemonic, passphrase, `random ${bytes * 3 / 4}-word mnemonic #${i}`);
}
for (const p of UNICODE_PASSPHRASES) addMnemonic(ABANDON, p, `test mnemonic, passphrase ${JSON.stringify(p)}`);
// Ideographic spaces between words: NFKD turns U+3000 into U+0020.
addMnemonic(lib.bip39.entropyToMnemonic(randomBytes(32), lib.wordlist).replaceAll(' ', '\u3000'), 'x', 'U+3000 separators');
// Mnemonics that must be refused: a changed last word (checksum), a word not in the list,
// a wrong word count. Whether each is valid is decided by @scure/bip39, not assumed.
for (let i = 0; i < 6; i++) {
  const words = lib.bip39.entropyToMnemonic(randomBytes(16), lib.wordlist).split(' ');
  words[11] = lib.wordlist[randomBytes(2).readUInt16BE(0) % 2048];
  addMnemonic(words.join(' '), '', `12 words, random last word #${i}`);
}
addMnemonic(ABANDON.replace('about', 'abott'), '', 'word not in the list');
addMnemonic(ABANDON.split(' ').slice(1).join(' '), '', '11 words');
addMnemonic(`${ABANDON} abandon`, '', '13 words');
for (let i = 0; i < 12; i++) {
  const len = [16, 32, 64, 17][i % 4];
  inputs.push({ kind: 'seed', seedHex: randomBytes(len).toString('hex'), label: `random ${len}-byte seed` });
}
inputs.push({ kind: 'seed', seedHex: '000102030405060708090a0b0c0d0e0f', label: 'BIP-32 vector 1 seed' });
inputs.push({ kind: 'seed', seedHex: randomBytes(15).toString('hex'), label: '15-byte seed (too short)' });
inputs.push({ kind: 'seed', seedHex: randomBytes(65).toString('hex'), label: '65-byte seed (too long)' });

// ---- Run steward ---------------------------------------------------------------------

const stdin = inputs.map((x) => (x.kind === 'mnemonic' ? `${x.mnemonic}|${x.passphrase}` : x.seedHex)).join('\n') + '\n';
const run = spawnSync(tool, [], { input: stdin, encoding: 'utf8', maxBuffer: 64 << 20 });
if (run.error) die(`cannot run ${tool}: ${run.error.message}`);
if (run.status !== 0) die(`${tool} exited with status ${run.status}: ${run.stderr}`);
const lines = run.stdout.trimEnd().split('\n');
if (lines.length !== inputs.length) die(`${inputs.length} inputs but ${lines.length} output lines`);

// ---- Independent expectations ---------------------------------------------------------

const BIP32_PATHS = ['m', 'm/0', "m/0'/1", "m/44'/60'/0'", "m/84'/0'/0'/1/5", "m/2147483647'/1/2147483646h"];
const COUNT = 3;
const REGTEST = { bech32: 'bcrt', pubKeyHash: 0x6f, scriptHash: 0xc4, wif: 0xef };
const utf8 = (s) => new TextEncoder().encode(s);

// EIP-55, written from the EIP: upper-case a hex letter when the matching nibble of
// keccak256(lower-case hex address) is >= 8.
function eip55(addr20) {
  const hex = bytesToHex(addr20);
  const h = bytesToHex(lib.sha3.keccak_256(utf8(hex)));
  let out = '0x';
  for (let i = 0; i < 40; i++) out += parseInt(h[i], 16) >= 8 ? hex[i].toUpperCase() : hex[i];
  return out;
}

function expected(seed) {
  const root = lib.bip32.HDKey.fromMasterSeed(seed);
  const exp = {
    seed: bytesToHex(seed),
    hkdf_tenant_alice: bytesToHex(lib.hkdf.hkdf(lib.sha2.sha256, seed, utf8('steward/tenant/v1'), utf8('alice'), 64)),
    bip32: BIP32_PATHS.map((path) => {
      const k = root.derive(path.replaceAll('h', "'"));
      return { path, xprv: k.privateExtendedKey, xpub: k.publicExtendedKey };
    }),
    eth: [],
    btc: [],
    btc_testnet: [],
    btc_regtest: [],
    sol: [],
  };
  for (let i = 0; i < COUNT; i++) {
    const k = root.derive(`m/44'/60'/0'/0/${i}`);
    const uncompressed = lib.secp.secp256k1.getPublicKey(k.privateKey, false);
    exp.eth.push(eip55(lib.sha3.keccak_256(uncompressed.slice(1)).slice(12)));
  }
  for (const [name, coin, net] of [['btc', 0, lib.btc.NETWORK], ['btc_testnet', 1, lib.btc.TEST_NETWORK], ['btc_regtest', 1, REGTEST]]) {
    for (let i = 0; i < COUNT; i++) {
      const internal = root.derive(`m/86'/${coin}'/0'/0/${i}`).publicKey.slice(1);
      const p2tr = lib.btc.p2tr(internal, undefined, net);
      exp[name].push({ internal: bytesToHex(internal), output: bytesToHex(p2tr.tweakedPubkey), address: p2tr.address });
    }
  }
  const ed = lib.slip10.HDKey.fromMasterSeed(seed);
  for (let i = 0; i < COUNT; i++) exp.sol.push(lib.base.base58.encode(ed.derive(`m/44'/501'/${i}'/0'`).publicKeyRaw));
  exp.near = bytesToHex(ed.derive("m/44'/397'/0'").publicKeyRaw);
  return exp;
}

// ---- Compare --------------------------------------------------------------------------

let compared = 0;
let mismatches = 0;
let accepted = 0;
let refused = 0;

function compare(label, path, got, want) {
  if (want !== null && typeof want === 'object') {
    const keys = new Set([...Object.keys(want), ...Object.keys(got ?? {})]);
    for (const k of keys) compare(label, `${path}.${k}`, got?.[k], want[k]);
    return;
  }
  compared++;
  if (got !== want) {
    mismatches++;
    console.error(`MISMATCH [${label}] ${path}\n   steward: ${got}\n  expected: ${want}`);
  }
}

inputs.forEach((input, i) => {
  let out;
  try {
    out = JSON.parse(lines[i]);
  } catch (e) {
    mismatches++;
    console.error(`[${input.label}] output line is not JSON: ${lines[i]}`);
    return;
  }
  let seed = null;
  if (input.kind === 'mnemonic') {
    if (lib.bip39.validateMnemonic(input.mnemonic, lib.wordlist))
      seed = lib.bip39.mnemonicToSeedSync(input.mnemonic, input.passphrase);
  } else {
    const bytes = hexToBytes(input.seedHex);
    if (bytes.length >= 16 && bytes.length <= 64) seed = bytes;
  }
  compared++;
  if (seed === null) {
    refused++;
    if (!('error' in out)) {
      mismatches++;
      console.error(`MISMATCH [${input.label}] steward accepted an input the references reject`);
    }
    return;
  }
  accepted++;
  if ('error' in out) {
    mismatches++;
    console.error(`MISMATCH [${input.label}] steward refused a valid input: ${out.error}`);
    return;
  }
  compare(input.label, '', out, expected(seed));
});

const abandonOut = JSON.parse(lines[0]);
console.log(
  `test_derivation: ${inputs.length} inputs (${accepted} derived, ${refused} refused as expected), ` +
    `${compared} values compared, ${mismatches} mismatches`,
);
console.log(`test_derivation: "abandon ... about" m/44'/60'/0'/0/0 = ${abandonOut.eth?.[0]}, ` +
  `m/86'/0'/0'/0/0 = ${abandonOut.btc?.[0]?.address}, m/44'/501'/0'/0' = ${abandonOut.sol?.[0]}`);
process.exit(mismatches === 0 && compared > 0 ? 0 : 1);
