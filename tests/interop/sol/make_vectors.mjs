// make_vectors.mjs: writes tests/vectors/sol_messages.json and tests/vectors/sol_ata.json
// with values computed by independent implementations, for the Solana plugin's unit tests:
//
//   - compact-u16 encodings: @solana/codecs-numbers getShortU16Encoder (the codec of
//     @solana/kit);
//   - legacy messages: @solana/web3.js 1.98.0 `new TransactionMessage({...})
//     .compileToLegacyMessage().serialize()` over instructions built by
//     SystemProgram.transfer and by @solana/spl-token 0.4.8's
//     createAssociatedTokenAccountIdempotentInstruction / createTransferCheckedInstruction;
//   - associated token accounts: @solana/spl-token getAssociatedTokenAddressSync, with the
//     bump from @solana/web3.js PublicKey.findProgramAddressSync;
//   - program addresses: @solana/web3.js PublicKey.findProgramAddressSync /
//     createProgramAddressSync (which throws when the hash is on the curve);
//   - curve points: @noble/curves 1.9.7 ed25519 Point.fromHex, both with zip215 = false (what
//     web3.js's isOnCurve calls) and zip215 = true (the decompression rule of
//     curve25519-dalek that the Solana runtime's sol_create_program_address uses).
//
// Every input is derived deterministically from a label (SHA-256), so running this again
// gives the same files. Run it by hand, from anywhere:
//     node tests/interop/sol/make_vectors.mjs <source-dir>
// It is not part of the test suite: the vector files it wrote are checked in.

import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import web3 from '@solana/web3.js';
import * as spl from '@solana/spl-token';
import { ed25519, ED25519_TORSION_SUBGROUP } from '@noble/curves/ed25519';
import { getShortU16Encoder } from '@solana/codecs-numbers';

const { Keypair, PublicKey, SystemProgram, TransactionMessage } = web3;
const sourceDir = process.argv[2];
if (!sourceDir) {
  console.error('usage: node make_vectors.mjs <source-dir>');
  process.exit(2);
}

const sha = (s) => createHash('sha256').update(s).digest();
const hex = (b) => Buffer.from(b).toString('hex');
const keyOf = (label) => Keypair.fromSeed(sha(`steward-sol-vectors/key/${label}`)).publicKey;
const blockhashOf = (label) => new PublicKey(sha(`steward-sol-vectors/blockhash/${label}`)).toBase58();

// ---- compact-u16 ----------------------------------------------------------------------
const shortU16 = getShortU16Encoder();
const shortvec = [0, 1, 5, 127, 128, 129, 255, 256, 1232, 16383, 16384, 16385, 32767, 32768, 65534, 65535].map(
  (value) => ({ value, hex: hex(shortU16.encode(value)) }),
);

// ---- messages ---------------------------------------------------------------------------
function compile(payer, instructions, recentBlockhash) {
  const msg = new TransactionMessage({ payerKey: payer, recentBlockhash, instructions }).compileToLegacyMessage();
  return hex(msg.serialize());
}

const systemTransfers = [];
for (const [label, lamports, self] of [
  ['one lamport', 1n, false],
  ['half a SOL', 500000000n, false],
  ['u64 max', 18446744073709551615n, false],
  ['to itself', 42n, true],
  ['little-endian check', 0x0102030405060708n, false],
]) {
  const from = keyOf(`${label}/from`);
  const to = self ? from : keyOf(`${label}/to`);
  const blockhash = blockhashOf(label);
  const ix = SystemProgram.transfer({ fromPubkey: from, toPubkey: to, lamports });
  systemTransfers.push({
    label,
    from: from.toBase58(),
    to: to.toBase58(),
    lamports: lamports.toString(),
    blockhash,
    message: compile(from, [ix], blockhash),
  });
}

const PROGRAMS = { token: spl.TOKEN_PROGRAM_ID, 'token-2022': spl.TOKEN_2022_PROGRAM_ID };
const tokenTransfers = [];
for (const [label, program, amount, decimals, createAta, self] of [
  ['token, create ATA', 'token', 1234567n, 6, true, false],
  ['token, ATA exists', 'token', 1n, 0, false, false],
  ['token-2022, create ATA, u64 max', 'token-2022', 18446744073709551615n, 9, true, false],
  ['token-2022, ATA exists', 'token-2022', 1000n, 2, false, false],
  ['token, to itself, create ATA', 'token', 77n, 6, true, true],
]) {
  const from = keyOf(`${label}/from`);
  const to = self ? from : keyOf(`${label}/to`);
  const mint = keyOf(`${label}/mint`);
  const programId = PROGRAMS[program];
  const blockhash = blockhashOf(label);
  const source = spl.getAssociatedTokenAddressSync(mint, from, false, programId);
  const dest = spl.getAssociatedTokenAddressSync(mint, to, false, programId);
  const ixs = [];
  if (createAta) ixs.push(spl.createAssociatedTokenAccountIdempotentInstruction(from, dest, to, mint, programId));
  ixs.push(spl.createTransferCheckedInstruction(source, mint, dest, from, amount, decimals, [], programId));
  tokenTransfers.push({
    label,
    from: from.toBase58(),
    to: to.toBase58(),
    mint: mint.toBase58(),
    program,
    amount: amount.toString(),
    decimals,
    create_ata: createAta,
    blockhash,
    source_ata: source.toBase58(),
    destination_ata: dest.toBase58(),
    message: compile(from, ixs, blockhash),
  });
}

writeFileSync(
  join(sourceDir, 'tests/vectors/sol_messages.json'),
  JSON.stringify(
    {
      _source:
        'Generated by tests/interop/sol/make_vectors.mjs with @solana/web3.js 1.98.0 (TransactionMessage.compileToLegacyMessage().serialize()), @solana/spl-token 0.4.8 instruction builders and @solana/codecs-numbers getShortU16Encoder; see tests/vectors/SOURCES.md.',
      shortvec,
      system_transfers: systemTransfers,
      token_transfers: tokenTransfers,
    },
    null,
    1,
  ) + '\n',
);

// ---- associated token accounts and program addresses ----------------------------------
const ATA_PROGRAM = spl.ASSOCIATED_TOKEN_PROGRAM_ID;
function ataCase(label, owner, mint, program) {
  const programId = PROGRAMS[program];
  const ata = spl.getAssociatedTokenAddressSync(mint, owner, false, programId);
  const [pda, bump] = PublicKey.findProgramAddressSync([owner.toBuffer(), programId.toBuffer(), mint.toBuffer()], ATA_PROGRAM);
  if (!pda.equals(ata)) throw new Error(`${label}: spl-token and web3.js disagree`);
  return { label, owner: owner.toBase58(), mint: mint.toBase58(), program, ata: ata.toBase58(), bump };
}
const USDC = new PublicKey('EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v');
// The address of the BIP-39 test mnemonic at m/44'/501'/0'/0'.
const ABANDON_SOL = new PublicKey('HAgk14JpMQLgt6rVgv7cBQFJWFto5Dqxi472uT3DKpqk');
const ata = [
  ataCase('USDC of the test-mnemonic address', ABANDON_SOL, USDC, 'token'),
  ataCase('USDC mint as token-2022 (address only)', ABANDON_SOL, USDC, 'token-2022'),
];
// Random pairs, and then pairs chosen so that the bump search has to go below 255 (the first
// candidates are on the curve), so the loop is exercised several steps deep.
for (let i = 0; i < 8; i++) ata.push(ataCase(`random pair ${i}`, keyOf(`ata/owner/${i}`), keyOf(`ata/mint/${i}`), i % 2 ? 'token-2022' : 'token'));
const wantBumps = new Set([254, 253, 252, 251]);
for (let i = 0; wantBumps.size > 0 && i < 100000; i++) {
  const c = ataCase(`deep bump search ${i}`, keyOf(`ata/deep-owner/${i}`), keyOf(`ata/deep-mint/${i}`), 'token');
  if (wantBumps.has(c.bump)) {
    wantBumps.delete(c.bump);
    c.label = `bump ${c.bump} (search ${i})`;
    ata.push(c);
  }
}
if (wantBumps.size) throw new Error('did not find every wanted bump');

// Generic program addresses: createProgramAddressSync with every bump from 255 down to the
// one find returns; the ones above it must throw ("on the curve").
const pdas = [];
for (const [label, seedsText, programLabel] of [
  ['one text seed', ['steward'], 'program/a'],
  ['two seeds', ['vault', 'tenant-7'], 'program/b'],
  ['empty seed list', [], 'program/c'],
]) {
  const program = keyOf(programLabel);
  const seeds = seedsText.map((s) => Buffer.from(s, 'utf8'));
  const [pda, bump] = PublicKey.findProgramAddressSync(seeds, program);
  const onCurveBumps = [];
  for (let b = 255; b > bump; b--) {
    try {
      PublicKey.createProgramAddressSync([...seeds, Buffer.from([b])], program);
      throw new Error(`${label}: bump ${b} was accepted before ${bump}`);
    } catch (e) {
      if (!/off the curve/.test(e.message)) throw e;
      onCurveBumps.push(b);
    }
  }
  pdas.push({ label, seeds_hex: seeds.map(hex), program: program.toBase58(), address: pda.toBase58(), bump, on_curve_bumps: onCurveBumps });
}

// ---- curve membership -------------------------------------------------------------------
function verdict(bytes, zip215) {
  try {
    ed25519.Point.fromHex(bytes, zip215);
    return true;
  } catch {
    return false;
  }
}
const curve = [];
const addPoint = (label, bytes) =>
  curve.push({ label, hex: hex(bytes), noble_zip215: verdict(bytes, true), web3js_is_on_curve: verdict(bytes, false) });
for (let i = 0; i < 48; i++) addPoint(`hash ${i}`, sha(`steward-sol-vectors/curve/${i}`));
for (let i = 0; i < 8; i++) addPoint(`public key ${i}`, keyOf(`curve/pub/${i}`).toBytes());
ED25519_TORSION_SUBGROUP.forEach((h, i) => addPoint(`torsion point ${i}T (small order)`, Buffer.from(h, 'hex')));
// A public key plus a torsion point of order 8: on the curve, outside the prime-order subgroup.
for (let i = 0; i < 4; i++) {
  const P = ed25519.Point.fromHex(keyOf(`curve/mixed/${i}`).toBytes());
  const T = ed25519.Point.fromHex(ED25519_TORSION_SUBGROUP[1]);
  addPoint(`public key ${i} + 1T (mixed order)`, P.add(T).toRawBytes());
}
// Non-canonical y (y >= p = 2^255 - 19), both signs of x.
const P = (1n << 255n) - 19n;
const le32 = (n) => {
  const b = Buffer.alloc(32);
  for (let i = 0; i < 32; i++) b[i] = Number((n >> BigInt(8 * i)) & 0xffn);
  return b;
};
for (const k of [0n, 1n, 2n, 3n, 18n]) {
  addPoint(`y = p + ${k}`, le32(P + k));
  addPoint(`y = p + ${k}, sign bit set`, le32(P + k + (1n << 255n)));
}
addPoint('y = 1 (x = 0), sign bit set', le32(1n + (1n << 255n)));
addPoint('y = p - 1 (x = 0), sign bit set', le32(P - 1n + (1n << 255n)));

writeFileSync(
  join(sourceDir, 'tests/vectors/sol_ata.json'),
  JSON.stringify(
    {
      _source:
        'Generated by tests/interop/sol/make_vectors.mjs with @solana/spl-token 0.4.8 getAssociatedTokenAddressSync, @solana/web3.js 1.98.0 PublicKey.findProgramAddressSync / createProgramAddressSync and @noble/curves 1.9.7 ed25519 Point.fromHex (zip215 true and false); see tests/vectors/SOURCES.md.',
      ata_program: ATA_PROGRAM.toBase58(),
      token_programs: { token: spl.TOKEN_PROGRAM_ID.toBase58(), 'token-2022': spl.TOKEN_2022_PROGRAM_ID.toBase58() },
      ata,
      pdas,
      curve,
    },
    null,
    1,
  ) + '\n',
);
console.log(`wrote ${shortvec.length} shortvec, ${systemTransfers.length + tokenTransfers.length} messages, ${ata.length} ATA, ${pdas.length} PDA, ${curve.length} curve vectors`);
