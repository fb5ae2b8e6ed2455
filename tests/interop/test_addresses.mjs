// Acceptance (issue #3): for the BIP-39 test mnemonic, the ETH, taproot and Solana addresses
// that `steward addresses --json` prints (each computed by its chain plugin from the key the
// core derives) equal what ethers, @scure/btc-signer and @solana/web3.js derive on the same
// paths — for indices 0..2, two tenants (the second through key derivation v1's tenant HKDF,
// computed here with @noble/hashes), and mainnet and regtest Bitcoin.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const [steward] = process.argv.slice(2);
let ethers, btc, web3, bip32, bip39, slip10, hkdf, sha256;
try {
  ethers = await import('ethers');
  btc = await import('@scure/btc-signer');
  web3 = await import('@solana/web3.js');
  ({ HDKey: bip32 } = await import('@scure/bip32'));
  bip39 = await import('@scure/bip39');
  const s = await import('micro-key-producer/slip10.js');
  slip10 = s.HDKey ?? s.default?.HDKey ?? s.default;
  ({ hkdf } = await import('@noble/hashes/hkdf'));
  ({ sha256 } = await import('@noble/hashes/sha2'));
} catch (e) {
  console.error('interop packages missing: run ./scripts/install-deps.sh --test (' + e.message + ')');
  process.exit(1);
}
const MNEMONIC = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'steward-addr-'));
let passed = 0, failed = 0;
const eq = (what, got, want) => { if (got === want) passed++; else { failed++; console.error(`MISMATCH ${what}: steward ${got}, independent ${want}`); } };

for (const net of ['mainnet', 'regtest']) {
  const cfg = path.join(dir, `${net}.yaml`);
  fs.writeFileSync(cfg, `version: 1\ndata_dir: data\nsecret:\n  source: backup\n  backup: {env: ADDR_MNEMONIC}\n` +
    `tenants: [{id: default}, {id: treasury}]\nchains:\n  eth: {chain_id: 1}\n  btc: {network: ${net}}\n  sol: {}\n`);
  for (const index of [0, 1, 2]) {
    const r = spawnSync(steward, ['addresses', '-c', cfg, '--json', '--index', String(index)],
      { env: { ...process.env, ADDR_MNEMONIC: MNEMONIC }, encoding: 'utf8' });
    if (r.status !== 0) { failed++; console.error(`steward addresses failed (${net}, ${index}): ${r.stderr}`); continue; }
    const doc = JSON.parse(r.stdout);
    const root = bip39.mnemonicToSeedSync(MNEMONIC, '');
    for (const tenant of ['default', 'treasury']) {
      const seed = tenant === 'default' ? root
        : hkdf(sha256, root, new TextEncoder().encode('steward/tenant/v1'), new TextEncoder().encode(tenant), 64);
      const got = Object.fromEntries(doc.addresses.filter((a) => a.tenant === tenant).map((a) => [a.chain, a]));
      // Ethereum: ethers' HD wallet on m/44'/60'/0'/0/i from the seed.
      const ethPath = `m/44'/60'/0'/0/${index}`;
      const w = ethers.HDNodeWallet.fromSeed(seed).derivePath(ethPath);
      eq(`${tenant} eth ${index} path`, got.eth?.path, ethPath);
      eq(`${tenant} eth ${index} address`, got.eth?.address, w.address);
      // Bitcoin: BIP-86 key with @scure/bip32, output and address with @scure/btc-signer.
      const coin = net === 'mainnet' ? 0 : 1;
      const btcPath = `m/86'/${coin}'/0'/0/${index}`;
      const key = bip32.fromMasterSeed(seed).derive(btcPath);
      const network = net === 'mainnet' ? btc.NETWORK : { ...btc.TEST_NETWORK, bech32: 'bcrt' };
      eq(`${tenant} btc ${net} ${index} path`, got.btc?.path, btcPath);
      eq(`${tenant} btc ${net} ${index} address`, got.btc?.address, btc.p2tr(key.publicKey.slice(1), undefined, network).address);
      // Solana: SLIP-10 with micro-key-producer, address with @solana/web3.js.
      const solPath = `m/44'/501'/${index}'/0'`;
      const kp = web3.Keypair.fromSeed(slip10.fromMasterSeed(seed).derive(solPath).privateKey);
      eq(`${tenant} sol ${index} path`, got.sol?.path, solPath);
      eq(`${tenant} sol ${index} address`, got.sol?.address, kp.publicKey.toBase58());
    }
  }
}
// The published values, as a fixed point: they must come out of the comparison above too.
const pins = JSON.parse(fs.readFileSync(path.join(process.argv[3], 'tests/vectors/derivation_v1_pins.json')));
const r = spawnSync(steward, ['addresses', '-c', path.join(dir, 'mainnet.yaml'), '--json', '--tenant', 'default'],
  { env: { ...process.env, ADDR_MNEMONIC: MNEMONIC }, encoding: 'utf8' });
const by = Object.fromEntries((r.status === 0 ? JSON.parse(r.stdout).addresses : []).map((a) => [a.chain, a.address]));
eq('published eth', by.eth, pins.eth[0].address);
eq('published btc', by.btc, pins.btc_mainnet[0].address);
eq('published sol', by.sol, pins.sol[0].address);
fs.rmSync(dir, { recursive: true, force: true });
console.log(`test_addresses: ${passed} passed, ${failed} failed`);
process.exit(failed || passed === 0 ? 1 : 0);
