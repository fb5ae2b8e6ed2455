// bench_bls.mjs: the @noble/curves side of tests/bench/bench_bls.c (same operations, same
// iteration count). usage: node bench_bls.mjs [ITERATIONS]. Prints figures, asserts nothing.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(join(here, '..', 'interop', 'package.json'));
const { bls12_381: bls } = require('@noble/curves/bls12-381');
const version = JSON.parse(readFileSync(join(here, '..', 'interop', 'node_modules', '@noble', 'curves', 'package.json'), 'utf8')).version;
const n = Number(process.argv[2] ?? 20) || 20;
const G1 = bls.G1.ProjectivePoint;
const G2 = bls.G2.ProjectivePoint;
const k = 0x1a5a8f7b2c3d4e5f60718293a4b5c6d7e8f90112233445566778899aabbccddeen % bls.G1.CURVE.n;

function time(what, fn) {
  fn(0); // warm-up
  const t = process.hrtime.bigint();
  for (let i = 0; i < n; i++) fn(i);
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  console.log(`  ${what.padEnd(18)} ${(ms / n).toFixed(3).padStart(10)} ms/op  (${n} ops)`);
}

console.log(`@noble/curves ${version} (node ${process.version}):`);
let p = G1.BASE;
time('g1 mul ct', () => { p = p.multiply(k); });
time('g1 mul vartime', () => { p = p.multiplyUnsafe(k); });
let q = G2.BASE;
time('g2 mul ct', () => { q = q.multiply(k); });
const msg = new Uint8Array(128).fill(0x42);
time('hash_to_g1', (i) => { msg[0] = i & 0xff; bls.G1.hashToCurve(msg, { DST: 'NEAR BLS12381G1_XMD:SHA-256_SSWU_RO_' }); });
const a = G1.BASE.multiply(k);
const b = G2.BASE.multiply(k);
time('pairing check 2', () => {
  const f = bls.pairingBatch([{ g1: a, g2: G2.BASE }, { g1: G1.BASE.negate(), g2: b }]);
  if (!bls.fields.Fp12.eql(f, bls.fields.Fp12.ONE)) throw new Error('pairing check failed');
});
