// test_bls.mjs: steward's BLS12-381 (core/crypto/bls_*) checked against @noble/curves
// (bls12_381), an independent implementation, on random inputs.
//
// Usage (ctest): node test_bls.mjs <steward-binary> <source-dir> <build-dir>
// It drives <build-dir>/tests/bls_eval (tests/tools/bls_eval.c), which reads one request per
// line and prints one hex line each. The inputs come from a seeded generator (STEWARD_BLS_SEED
// overrides the seed) and cover:
//   - k*G1 and k*G2 (steward's constant-time path) for random and edge scalars, and k*P for
//     random points P, compared as compressed ZCash encodings;
//   - decoding: noble's encodings decode and re-encode unchanged; random 48/96-byte strings
//     (with the compression flag set, or not) get the same accept/refuse verdict from both;
//   - expand_message_xmd (SHA-256) and hash_to_curve G1 with random DSTs (1..300 bytes, so
//     the oversize-DST rule is reached) and random messages (0..300 bytes);
//   - e(P, Q) for random P, Q, compared as the 576-byte Fp12 (noble's Fp12.toBytes order);
//   - product checks e(aP, bQ) * e(-bP, aQ) == 1, and that a changed point makes it fail.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { harness } from './harness.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const { check, die, finish } = harness('test_bls');

const [, , stewardBin, sourceDir, buildDir] = process.argv;
if (!buildDir) die('usage: node test_bls.mjs <steward-binary> <source-dir> <build-dir>');
void stewardBin;
void sourceDir;
const tool = join(buildDir, 'tests', 'bls_eval');
if (!existsSync(tool)) die(`${tool} not found; build the bls_eval target`);
if (!existsSync(join(here, 'node_modules'))) die(`${join(here, 'node_modules')} is missing; run "npm ci" in ${here}`);

let bls, expand, sha256;
try {
  ({ bls12_381: bls } = await import('@noble/curves/bls12-381'));
  ({ expand_message_xmd: expand } = await import('@noble/curves/abstract/hash-to-curve'));
  ({ sha256 } = await import('@noble/hashes/sha2'));
} catch (e) {
  die(`cannot load @noble/curves: ${e.message}`);
}
const G1 = bls.G1.ProjectivePoint;
const G2 = bls.G2.ProjectivePoint;
const R = bls.params.r ?? bls.G1.CURVE.n;

// ---- deterministic random inputs ----------------------------------------------------------
const SEED = Number(process.env.STEWARD_BLS_SEED ?? 0xb15b15) >>> 0;
let state = SEED;
function rand32() { // mulberry32
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return (t ^ (t >>> 14)) >>> 0;
}
const int = (n) => rand32() % n;
const bytes = (n) => Uint8Array.from({ length: n }, () => rand32() & 0xff);
const hex = (b) => Buffer.from(b).toString('hex');
const hexOrDash = (b) => (b.length ? hex(b) : '-');
const be32 = (k) => k.toString(16).padStart(64, '0');
function scalar() { // uniform enough in [1, r)
  let k = 0n;
  for (const b of bytes(40)) k = (k << 8n) | BigInt(b);
  return (k % (R - 1n)) + 1n;
}
const tryHex = (P, h) => { try { return P.fromHex(h).toHex(true); } catch { return 'error'; } };

// ---- build the requests and the expected answers -------------------------------------------
const reqs = [];
const add = (line, want, what) => reqs.push({ line, want, what });

const edge = [1n, 2n, 3n, 15n, 16n, 17n, R - 1n, R - 2n, (1n << 128n) + 1n, (1n << 254n) + 7n];
const scalars = [...edge, ...Array.from({ length: 20 }, scalar)];
for (const k of scalars) {
  add(`g1mul ${be32(k)}`, G1.BASE.multiply(k).toHex(true), `g1mul ${k}`);
  add(`g2mul ${be32(k)}`, G2.BASE.multiply(k).toHex(true), `g2mul ${k}`);
}
add(`g1mul ${be32(0n)}`, G1.ZERO.toHex(true), 'g1mul 0');
add(`g2mul ${be32(0n)}`, G2.ZERO.toHex(true), 'g2mul 0');
add(`g1mul ${be32(R)}`, G1.ZERO.toHex(true), 'g1mul r');
for (let i = 0; i < 8; i++) {
  const P = G1.BASE.multiply(scalar());
  const Q = G2.BASE.multiply(scalar());
  const k = scalar();
  add(`g1mulp ${P.toHex(true)} ${be32(k)}`, P.multiply(k).toHex(true), 'g1mulp');
  add(`g2mulp ${Q.toHex(true)} ${be32(k)}`, Q.multiply(k).toHex(true), 'g2mulp');
  const P2 = G1.BASE.multiply(scalar());
  add(`g1add ${P.toHex(true)} ${P2.toHex(true)}`, P.add(P2).toHex(true), 'g1add');
  add(`g1add ${P.toHex(true)} ${P.toHex(true)}`, P.double().toHex(true), 'g1add P P');
  add(`g1dec ${P.toHex(true)}`, P.toHex(true), 'g1dec noble encoding');
  add(`g2dec ${Q.toHex(true)}`, Q.toHex(true), 'g2dec noble encoding');
  add(`g1dec ${P.negate().toHex(true)}`, P.negate().toHex(true), 'g1dec negated');
  add(`g2dec ${Q.negate().toHex(true)}`, Q.negate().toHex(true), 'g2dec negated');
}
add(`g1dec ${G1.ZERO.toHex(true)}`, G1.ZERO.toHex(true), 'g1dec infinity');
add(`g2dec ${G2.ZERO.toHex(true)}`, G2.ZERO.toHex(true), 'g2dec infinity');
// Random strings: mostly off the curve or outside the subgroup; flags as drawn.
for (let i = 0; i < 40; i++) {
  const b1 = bytes(48);
  const b2 = bytes(96);
  if (i % 4 !== 3) { b1[0] = (b1[0] & 0x1f) | 0x80 | (i & 1 ? 0x20 : 0); b2[0] = (b2[0] & 0x1f) | 0x80 | (i & 1 ? 0x20 : 0); }
  add(`g1dec ${hex(b1)}`, tryHex(G1, hex(b1)), `g1dec random ${hex(b1)}`);
  add(`g2dec ${hex(b2)}`, tryHex(G2, hex(b2)), `g2dec random ${hex(b2)}`);
}
// expand_message_xmd and hash_to_curve
for (let i = 0; i < 30; i++) {
  const dst = bytes(1 + int(i % 5 === 4 ? 300 : 64));
  const msg = bytes(int(i % 3 === 2 ? 300 : 40));
  const len = 1 + int(i % 2 ? 512 : 128);
  add(`xmd ${hex(dst)} ${hexOrDash(msg)} ${len}`, hex(expand(msg, dst, len, sha256)), `xmd dst ${dst.length} msg ${msg.length} len ${len}`);
  add(`h2c ${hex(dst)} ${hexOrDash(msg)}`, bls.G1.hashToCurve(msg, { DST: dst }).toHex(true), `h2c dst ${dst.length} msg ${msg.length}`);
}
// pairings and product checks
for (let i = 0; i < 4; i++) {
  const a = scalar();
  const b = scalar();
  const P = G1.BASE.multiply(a);
  const Q = G2.BASE.multiply(b);
  add(`pair ${P.toHex(true)} ${Q.toHex(true)}`, hex(bls.fields.Fp12.toBytes(bls.pairing(P, Q))), 'pair');
  const bP = G1.BASE.multiply(b).negate();
  const aQ = G2.BASE.multiply(a);
  add(`check ${P.toHex(true)} ${Q.toHex(true)} ${bP.toHex(true)} ${aQ.toHex(true)}`, '1', 'check e(aP,bQ) e(-bP,aQ)');
  add(`check ${P.toHex(true)} ${Q.toHex(true)} ${bP.double().toHex(true)} ${aQ.toHex(true)}`, '0', 'check with a changed point');
}
add(`pair ${G1.BASE.toHex(true)} ${G2.BASE.toHex(true)}`, hex(bls.fields.Fp12.toBytes(bls.pairing(G1.BASE, G2.BASE))), 'pair generators');

// ---- run ------------------------------------------------------------------------------------
const run = spawnSync(tool, [], { input: reqs.map((r) => r.line).join('\n') + '\n', encoding: 'utf8', maxBuffer: 1 << 26 });
if (run.status !== 0) die(`bls_eval exited with ${run.status}: ${run.stderr}`);
const got = run.stdout.split('\n').filter((l) => l.length);
check(got.length === reqs.length, 'one answer per request', `${got.length} vs ${reqs.length}`);
reqs.forEach((r, i) => check(got[i] === r.want, r.what, `got ${got[i]}\n  want ${r.want}`));
console.log(`test_bls: ${reqs.length} requests (seed ${SEED})`);
finish();
