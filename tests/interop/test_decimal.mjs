// test_decimal.mjs: steward's exact decimal arithmetic (core/util/bigdec.c) checked case by
// case against decimal.js, an independent arbitrary-precision implementation.
//
// Usage (ctest): node test_decimal.mjs <steward-binary> <source-dir> <build-dir>
// It drives <build-dir>/tests/bigdec_eval (tests/tools/bigdec_eval.c), which reads
// "op a b [places mode]" lines and prints one result line each. The inputs are random from a
// fixed seed (STEWARD_DECIMAL_SEED overrides it): short and long numbers up to the limits of
// 78 digits on each side of the point, both signs, zeros in several spellings, runs of 0 and 9
// (carries and borrows), exact ties for every rounding mode in round, div and mul, results
// just past the limits, and inputs the strict syntax refuses. Exits 0 only when every case
// matches.
//
// How the expected values are computed, with precision 1000 significant digits:
//   add, sub, mul: exact in decimal.js (no result needs more than 312 digits);
//   mul with places, round: the exact value's toDecimalPlaces(places, mode);
//   div: a.div(b) truncated (ROUND_DOWN) to 1000 digits, then toDecimalPlaces(places, mode).
//     Truncating first cannot change the rounding: the quotient has at most 157 integer
//     digits, so the truncation error is below 10^-843, while an exact quotient that is not
//     itself a tie or a grid point lies at least 10^-312 away from both (its denominator,
//     after scaling, is below 10^234).
// A result is an error when its absolute value reaches 10^78, or (exact mul only) when it has
// more than 78 fraction digits; a string is an error when it does not match
// -?[0-9]{1,78}(\.[0-9]{1,78})? (decimal.js itself accepts more, such as "1e5" or ".5").

import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { harness } from './harness.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const { check, die, finish } = harness('test_decimal');

const [, , stewardBin, sourceDir, buildDir] = process.argv;
if (!buildDir) die('usage: node test_decimal.mjs <steward-binary> <source-dir> <build-dir>');
void stewardBin;
void sourceDir;
const tool = join(buildDir, 'tests', 'bigdec_eval');
if (!existsSync(tool)) die(`${tool} not found; build the bigdec_eval target`);
if (!existsSync(join(here, 'node_modules'))) die(`${join(here, 'node_modules')} is missing; run "npm ci" in ${here}`);

let Decimal;
try {
  ({ default: Decimal } = await import('decimal.js'));
} catch (e) {
  die(`cannot load decimal.js from ${join(here, 'node_modules')}: ${e.message}`);
}
const decimalJsVersion = JSON.parse(readFileSync(join(here, 'node_modules', 'decimal.js', 'package.json'), 'utf8')).version;
const Dx = Decimal.clone({ precision: 1000, rounding: Decimal.ROUND_DOWN, toExpNeg: -9e15, toExpPos: 9e15 });
const MODES = {
  down: Dx.ROUND_DOWN,
  up: Dx.ROUND_UP,
  floor: Dx.ROUND_FLOOR,
  ceil: Dx.ROUND_CEIL,
  half_up: Dx.ROUND_HALF_UP,
  half_even: Dx.ROUND_HALF_EVEN,
};
const MODE_NAMES = Object.keys(MODES);
const LIMIT = new Dx('1e78');
const SYNTAX = /^-?[0-9]{1,78}(\.[0-9]{1,78})?$/;

// ---- deterministic random inputs --------------------------------------------------------------

const SEED = Number(process.env.STEWARD_DECIMAL_SEED ?? 0x5eed2024) >>> 0;
let state = SEED;
function rand() { // mulberry32
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const int = (n) => Math.floor(rand() * n); // 0 .. n-1
const pick = (a) => a[int(a.length)];

// style: 'zeros' or 'nines' (mostly that digit), 'runs' (runs of repeated digits, which reach
// the rare correction steps of long division), anything else uniform.
function digits(n, style) {
  let s = '';
  if (style === 'runs') {
    while (s.length < n) s += pick('0999555114'.split('')).repeat(1 + int(12));
    return s.slice(0, n);
  }
  for (let i = 0; i < n; i++) {
    if (style === 'zeros') s += int(4) === 0 ? String(int(10)) : '0';
    else if (style === 'nines') s += int(4) === 0 ? String(int(10)) : '9';
    else s += String(int(10));
  }
  return s;
}

// A valid decimal string with at most maxInt / maxFrac digits on each side of the point.
function num(maxInt = 78, maxFrac = 78) {
  if (int(25) === 0) return pick(['0', '-0', '0.000', '000', '-0.0', '1', '-1', '10', '0.1']);
  let ni, nf;
  switch (int(6)) {
    case 0: ni = 1 + int(3); nf = int(4); break; // short
    case 1: ni = maxInt - int(3); nf = maxFrac - int(3); break; // near the limits
    case 2: ni = 1 + int(maxInt); nf = maxFrac; break;
    default: ni = 1 + int(maxInt); nf = int(maxFrac + 1); break;
  }
  ni = Math.max(1, Math.min(ni, maxInt));
  nf = Math.max(0, Math.min(nf, maxFrac));
  const style = pick(['zeros', 'nines', 'runs', 'random', 'random']);
  let s = int(4) === 0 ? '0' : digits(ni, style); // a value below one, often
  if (nf) s += '.' + digits(nf, style);
  return int(2) ? '-' + s : s;
}

const BAD = [
  '+1', '.5', '-.5', '1.', '-1.', '1e5', '1E-5', '1.5e3', '0x10', '--1', '-+1', '1.2.3', '1..2', 'abc',
  'Infinity', '-Infinity', 'NaN', '-', '.', '1_000', '1,5', '\u0663', '1\t', '0b11', '1/2',
  '9'.repeat(79), '-' + '1'.repeat(79), '0.' + '5'.repeat(79), '1' + '0'.repeat(78) + '.5', '0'.repeat(79),
];

// ---- the expected answer ----------------------------------------------------------------------

const canon = (x) => (x.isZero() ? '0' : x.toFixed());
const tooLarge = (x) => x.abs().gte(LIMIT);

// Returns { value } or { errors: [substrings, any of which is acceptable] }.
function expected(op, a, b, places, mode) {
  for (const s of op === 'neg' || op === 'abs' || op === 'sign' || op === 'parse' || op === 'round' ? [a] : [a, b]) {
    if (!SYNTAX.test(s)) return { errors: [''] }; // the message is the parser's, checked in the unit test
  }
  const x = new Dx(a);
  const y = b === undefined || op === 'round' ? null : new Dx(b);
  const rm = MODES[mode];
  if (places !== undefined && (places < 0 || places > 78)) return { errors: ['places must be from 0 to 78'] };
  const big = { errors: ['result too large'] };
  let r;
  switch (op) {
    case 'add': r = x.plus(y); break;
    case 'sub': r = x.minus(y); break;
    case 'mul':
      r = x.times(y);
      if (places === undefined) {
        const frac = r.decimalPlaces() > 78;
        if (frac && tooLarge(r)) return { errors: ['after the decimal point', 'result too large'] };
        if (frac) return { errors: ['more than 78 digits after the decimal point; give places and a rounding mode'] };
      } else {
        r = r.toDecimalPlaces(places, rm);
      }
      break;
    case 'div':
      if (y.isZero()) return { errors: ['division by zero'] };
      r = x.div(y).toDecimalPlaces(places, rm);
      break;
    case 'round': r = x.toDecimalPlaces(places, rm); break;
    case 'cmp': return { value: String(x.cmp(y)) };
    case 'sign': return { value: x.isZero() ? '0' : x.isNegative() ? '-1' : '1' };
    case 'neg': r = x.neg(); break;
    case 'abs': r = x.abs(); break;
    case 'parse': r = x; break;
    default: die(`no expectation for ${op}`);
  }
  if (tooLarge(r)) return big;
  return { value: canon(r) };
}

// ---- the cases ----------------------------------------------------------------------------------

const cases = []; // { line, op, a, b, places, mode, kind }
function add(kind, op, a, b, places, mode) {
  const parts = [op, a];
  if (b !== undefined) parts.push(b);
  if (places !== undefined) parts.push(String(places), mode);
  cases.push({ line: parts.join(' '), op, a, b, places, mode, kind });
}
const somePlaces = () => pick([0, 0, 1, 2, 2, 6, 8, 18, int(79), int(79), 77, 78]);

for (let i = 0; i < 4000; i++) add('add', 'add', num(), num());
for (let i = 0; i < 4000; i++) add('sub', 'sub', num(), num());
const nearLimit = () => digits(78 - int(2), 'nines') + (int(2) ? '.' + digits(1 + int(78), 'nines') : '');
for (let i = 0; i < 500; i++) { // sums and differences around 10^78
  const sa = int(2) ? '-' : '';
  const sb = int(2) ? '-' : '';
  add('add/sub near the limit', pick(['add', 'sub']), sa + nearLimit(), sb + pick([nearLimit(), num(3, 78), num()]));
}
for (let i = 0; i < 3000; i++) add('mul exact', 'mul', num(), num());
for (let i = 0; i < 2000; i++) add('mul exact, half sizes', 'mul', num(39, 39), num(39, 39));
for (let i = 0; i < 3000; i++) add('mul rounded', 'mul', num(), num(), somePlaces(), pick(MODE_NAMES));
for (let i = 0; i < 5000; i++) add('div', 'div', num(), num(), somePlaces(), pick(MODE_NAMES));
for (let i = 0; i < 1000; i++) add('div, small divisor', 'div', num(), num(2, 3), somePlaces(), pick(MODE_NAMES));
for (let i = 0; i < 300; i++) add('div by zero', 'div', num(), pick(['0', '-0', '0.00']), somePlaces(), pick(MODE_NAMES));
for (let i = 0; i < 3000; i++) add('round', 'round', num(), undefined, somePlaces(), pick(MODE_NAMES));
for (let i = 0; i < 300; i++) {
  const x = (int(2) ? '-' : '') + '9'.repeat(78) + '.' + digits(1 + int(5), pick(['nines', 'zeros', 'random']));
  add('round near the limit', 'round', x, undefined, int(2), pick(MODE_NAMES));
}
for (let i = 0; i < 1500; i++) {
  const a = num();
  // the same value spelled differently, or a random other value
  const b = int(2) ? a : num();
  let c = b;
  if (b === a && int(2)) c = b.includes('.') ? (b.split('.')[1].length < 78 ? b + '0' : b) : b + '.0';
  add('cmp', 'cmp', a, c);
}
for (const op of ['neg', 'abs', 'sign', 'parse']) for (let i = 0; i < 400; i++) add(op, op, num());
for (let i = 0; i < 120; i++) {
  const op = pick(['div', 'round', 'mul']);
  add('places out of range', op, num(), op === 'round' ? undefined : num(), 79, pick(MODE_NAMES));
}

// Exact ties: every mode on the same input.
let ties = 0;
for (let i = 0; i < 600; i++) { // round: a 5 right after the last kept digit
  const p = pick([0, 0, 1, 2, int(78), 77]);
  const ni = pick([1, 1, 2, 5, 1 + int(78)]);
  let s = (int(3) === 0 ? '0' : digits(ni, 'random')) + (p ? '.' + digits(p, 'random') + '5' : '.5');
  if (int(2)) s = '-' + s;
  for (const m of MODE_NAMES) add('round tie', 'round', s, undefined, p, m);
  ties++;
}
for (let i = 0; i < 600; i++) { // div: a = q * b with q ending in 5 one place after `places`
  const p = pick([0, 1, 2, 3, int(30)]);
  const q = num(20, 0).replace(/\..*/, '') + '.' + digits(p, 'random') + '5';
  const b = num(20, 30);
  if (new Dx(b).isZero()) continue;
  const a = new Dx(q).times(b);
  if (tooLarge(a) || a.decimalPlaces() > 78) continue;
  for (const m of MODE_NAMES) add('div tie', 'div', canon(a), b, p, m);
  ties++;
}
for (let i = 0; i < 600; i++) { // mul: (...5) * (...odd digit) ends in 5, a tie one place up
  let a = num(30, 29);
  let b = num(30, 29);
  if (!a.includes('.')) a += '.';
  if (!b.includes('.')) b += '.';
  a += '5';
  b += pick(['1', '3', '7', '9']);
  const places = a.split('.')[1].length + b.split('.')[1].length - 1;
  for (const m of MODE_NAMES) add('mul tie', 'mul', a, b, places, m);
  ties++;
}
// Refused syntax, in either position.
for (let i = 0; i < 600; i++) {
  const bad = pick(BAD);
  const op = pick(['add', 'sub', 'mul', 'div', 'cmp', 'round', 'parse', 'neg']);
  if (op === 'round') add('bad syntax', op, bad, undefined, 2, 'down');
  else if (op === 'parse' || op === 'neg') add('bad syntax', op, bad);
  else if (op === 'div') add('bad syntax', op, ...(int(2) ? [bad, num()] : [num(), bad]), 2, 'half_even');
  else add('bad syntax', op, ...(int(2) ? [bad, num()] : [num(), bad]));
}

// ---- run and compare -------------------------------------------------------------------------------

const input = cases.map((c) => c.line).join('\n') + '\n';
const run = spawnSync(tool, [], { input, encoding: 'utf8', maxBuffer: 1 << 28 });
if (run.error) die(`cannot run ${tool}: ${run.error.message}`);
if (run.status !== 0) die(`${tool} exited with ${run.status}: ${run.stderr}`);
const out = run.stdout.split('\n');
if (out[out.length - 1] === '') out.pop();
check(out.length === cases.length, 'one answer per case', `${out.length} answers for ${cases.length} cases`);

const stats = {}; // kind -> { n, bad, values, errors }
let mismatches = 0;
for (let i = 0; i < cases.length; i++) {
  const c = cases[i];
  const got = out[i] ?? '(no answer)';
  const want = expected(c.op, c.a, c.b, c.places, c.mode);
  const ok = want.errors
    ? got.startsWith('error: ') && want.errors.some((e) => got.includes(e))
    : got === want.value;
  const st = (stats[c.kind] ??= { n: 0, bad: 0, values: 0, errors: 0 });
  st.n++;
  if (want.errors) st.errors++;
  else st.values++;
  if (!ok) {
    st.bad++;
    mismatches++;
    if (mismatches <= 25) {
      console.error(`MISMATCH: ${c.line}\n   steward: ${got}\n   decimal.js: ${want.errors ? `error (${want.errors.join(' | ')})` : want.value}`);
    }
  }
}

for (const [kind, st] of Object.entries(stats)) {
  console.log(`  ${kind}: ${st.n} cases (${st.values} values, ${st.errors} errors), ${st.bad} mismatches`);
  check(st.bad === 0, `${kind}: ${st.bad} of ${st.n} cases differ from decimal.js`);
}
// The inputs really reach what they are meant to reach.
const need = (kind, what, cond) => check(cond, `${kind}: ${what}`, JSON.stringify(stats[kind]));
need('add', 'values', stats.add.values > 3000);
need('add/sub near the limit', 'values and overflows', stats['add/sub near the limit'].values > 100 && stats['add/sub near the limit'].errors > 100);
need('round near the limit', 'values and overflows', stats['round near the limit'].values > 50 && stats['round near the limit'].errors > 50);
need('mul exact', 'values and both kinds of errors', stats['mul exact'].values > 100 && stats['mul exact'].errors > 100);
need('mul exact, half sizes', 'mostly values', stats['mul exact, half sizes'].values > 1000);
need('div', 'values and overflows', stats.div.values > 3000 && stats.div.errors > 100);
need('div by zero', 'errors only', stats['div by zero'].errors === stats['div by zero'].n);
need('round tie', 'values', stats['round tie'].values > 3000);
need('div tie', 'values', stats['div tie'].values > 3000);
need('mul tie', 'values', stats['mul tie'].values > 3000);
need('bad syntax', 'errors only', stats['bad syntax'].errors === stats['bad syntax'].n);
check(cases.length >= 20000, 'at least 20000 cases', String(cases.length));

console.log(`test_decimal: seed ${SEED}: ${cases.length} cases compared with decimal.js ${decimalJsVersion}, ` +
  `${ties} exact ties under all six modes, ${mismatches} mismatches`);
finish();
