// test_eth_hardhat.mjs: steward's Ethereum plugin against a real node and an independent
// implementation. The test starts its own hardhat node on loopback (a free port, chain id
// 31337, the test mnemonic's funded accounts; nothing leaves 127.0.0.1), configures steward
// with the hardhat test mnemonic as its backup, and drives the real CLI:
//   - `steward addresses`: the eth address is hardhat's account 0 (and ethers' m/44'/60'/0'/0/0);
//   - `steward send` of an EIP-1559 transfer: mined; the recipient gains exactly the amount in
//     wei and the sender loses exactly amount + gasUsed * effectiveGasPrice; ethers parses the
//     raw transaction (sender, type, chain id, fields) and, signing the same fields with the
//     same key, produces the identical bytes; txid = keccak256(raw); the intent's lower
//     priority-fee cap is what the transaction carries;
//   - the same for a legacy EIP-155 transaction (type 0, v = 2 * 31337 + 35 + recid);
//   - an ERC-20 token_transfer against a token the test deploys from hand-assembled bytecode
//     (eth/evm_asm.mjs): balances checked through ethers calls, the Transfer event decoded;
//   - `steward sign` of an EIP-191 message (text and hex) and of EIP-712 typed data (nested
//     structs, arrays of structs and of fixed arrays, bytes, bytes32, negative ints, bool,
//     salt in the domain; with and without an explicit EIP712Domain): ethers' verifyMessage /
//     verifyTypedData recover steward's address and its digests equal ethers';
//   - refusals through the CLI: wrong EIP-55 checksum, chain id mismatch with the node, base
//     fee above the configured cap, an intent raising a cap, typed data for another chain.
// Usage (ctest): node test_eth_hardhat.mjs <steward-binary> <source-dir> <build-dir>

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { startHardhat } from './eth/hardhat_node.mjs';
import { harness } from './harness.mjs';

const here = dirname(fileURLToPath(import.meta.url));
let hardhat = null;
let workdir = null;

function cleanup() {
  if (hardhat && hardhat.exitCode === null) {
    try {
      process.kill(-hardhat.pid, 'SIGTERM'); // its own process group (detached)
    } catch {
      /* already gone */
    }
  }
  hardhat = null;
  if (workdir) rmSync(workdir, { recursive: true, force: true });
  workdir = null;
}

const { check, die, finish } = harness('test_eth_hardhat', cleanup);


const [, , stewardBin, sourceDir, buildDir] = process.argv;
if (!buildDir) die('usage: node test_eth_hardhat.mjs <steward-binary> <source-dir> <build-dir>');
void sourceDir;
if (!existsSync(stewardBin)) die(`${stewardBin} not found`);
if (!existsSync(join(buildDir, 'plugins', 'eth.so'))) die(`${join(buildDir, 'plugins', 'eth.so')} not found`);

let ethers, asm;
try {
  ethers = await import('ethers');
  asm = await import('./eth/evm_asm.mjs');
} catch (e) {
  die(`cannot load ethers or eth/evm_asm.mjs: ${e.message}`);
}

const MNEMONIC = 'test test test test test test test test test test test junk';
const ACCOUNT0 = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266';

// ---- the node -------------------------------------------------------------------------

const node = await startHardhat(here, die);
hardhat = node.child;
const { url } = node;

const provider = new ethers.JsonRpcProvider(url, ethers.Network.from(31337), { staticNetwork: true, cacheTimeout: -1 });
const wallet = (i) => ethers.HDNodeWallet.fromPhrase(MNEMONIC, undefined, `m/44'/60'/0'/0/${i}`).connect(provider);
const w0 = wallet(0);
const deployer = wallet(1);
const recipient = wallet(3).address;
const tokenHolder = wallet(4).address;

// ---- steward --------------------------------------------------------------------------

workdir = mkdtempSync(join(tmpdir(), 'steward-eth-'));
let nconfigs = 0;

// Writes a configuration with the given eth options (YAML lines) and returns its path.
function config(ethOptions) {
  const n = ++nconfigs;
  const path = join(workdir, `steward-${n}.yaml`);
  const lines = [
    'version: 1',
    `data_dir: ${join(workdir, `data-${n}`)}`,
    'secret:',
    '  source: backup',
    '  backup: {env: ETH_TEST_BACKUP}',
    'tenants: [{id: default}]',
    'chains:',
    '  eth:',
    `    rpc: ${url}`,
    ...ethOptions.map((l) => `    ${l}`),
  ];
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

function steward(args, input) {
  const r = spawnSync(stewardBin, args, {
    input,
    encoding: 'utf8',
    env: { ...process.env, ETH_TEST_BACKUP: MNEMONIC },
    timeout: 120_000,
  });
  let json = null;
  try {
    json = JSON.parse(r.stdout);
  } catch {
    /* not JSON: left null */
  }
  return { code: r.status, out: r.stdout, err: r.stderr, json };
}

function runIntent(cmd, cfg, intent) {
  return steward([cmd, '-c', cfg, '--intent', '-'], JSON.stringify(intent));
}

const baseOptions = ['chain_id: 31337', 'max_fee_per_gas_gwei: "100"', 'max_priority_fee_per_gas_gwei: "2"', 'network: hardhat'];
const cfg1559 = config(baseOptions);

// ---- addresses ------------------------------------------------------------------------

{
  const r = steward(['addresses', '-c', cfg1559, '--json']);
  check(r.code === 0, 'steward addresses exits 0', r.err);
  const eth = r.json?.addresses?.find((a) => a.chain === 'eth');
  check(eth?.address === ACCOUNT0, 'the eth address is hardhat account 0', eth?.address);
  check(eth?.address === w0.address, "the eth address is ethers' m/44'/60'/0'/0/0", w0.address);
  check(eth?.path === "m/44'/60'/0'/0/0", 'the derivation path', eth?.path);
}

// ---- native transfers -----------------------------------------------------------------

// Sends `amount` ETH to `to` with the configuration and checks the chain's accounting.
async function nativeTransfer(label, cfg, amount, extra, expectType) {
  const wei = ethers.parseEther(amount);
  const before = { from: await provider.getBalance(ACCOUNT0), to: await provider.getBalance(recipient) };
  const r = runIntent('send', cfg, { chain: 'eth', kind: 'transfer', to: recipient, amount, ...extra });
  check(r.code === 0, `${label}: steward send exits 0`, r.err);
  if (r.code !== 0 || !r.json) return null;
  const { raw, txid } = r.json;
  check(r.json.broadcast?.txid === txid, `${label}: the node's txid is steward's`, JSON.stringify(r.json.broadcast));
  check(ethers.keccak256(raw) === txid, `${label}: txid = keccak256(raw)`);
  const receipt = await provider.waitForTransaction(txid, 1, 30_000);
  check(receipt?.status === 1, `${label}: mined successfully`, JSON.stringify(receipt));
  const after = { from: await provider.getBalance(ACCOUNT0), to: await provider.getBalance(recipient) };
  const fee = receipt.gasUsed * receipt.gasPrice; // ethers: gasPrice is the effective gas price
  check(after.to - before.to === wei, `${label}: the recipient gains exactly ${wei} wei`, `${after.to - before.to}`);
  check(before.from - after.from === wei + fee, `${label}: the sender loses exactly amount + gasUsed * effectiveGasPrice`,
    `${before.from - after.from} vs ${wei + fee}`);

  // ethers' reading of the raw transaction.
  const tx = ethers.Transaction.from(raw);
  check(tx.from === ACCOUNT0, `${label}: ethers recovers the sender`, tx.from);
  check(tx.type === expectType, `${label}: transaction type ${expectType}`, `${tx.type}`);
  check(tx.chainId === 31337n, `${label}: chain id 31337`, `${tx.chainId}`);
  check(tx.to === recipient && tx.value === wei && tx.data === '0x', `${label}: to, value and empty data`);
  const d = r.json.description;
  check(d?.amount === wei.toString() && d?.decimals === 18 && d?.asset === 'ETH' && d?.to === recipient,
    `${label}: description amount/decimals/asset/to`, JSON.stringify(d));
  const price = expectType === 2 ? tx.maxFeePerGas : tx.gasPrice;
  check(d?.fee_max === (tx.gasLimit * price).toString(), `${label}: fee_max = gas_limit * max fee`, `${d?.fee_max}`);
  // The limit is the node's estimate plus the default 20% margin, rounded up.
  const estimate = await provider.estimateGas({ from: ACCOUNT0, to: recipient, value: wei });
  check(tx.gasLimit === (estimate * 120n + 99n) / 100n && receipt.gasUsed <= tx.gasLimit,
    `${label}: gas limit = estimate + 20%, rounded up`, `estimate ${estimate}, limit ${tx.gasLimit}, used ${receipt.gasUsed}`);

  // The same fields signed by ethers with the same key give the same bytes (RFC 6979).
  const fields = { type: expectType, chainId: tx.chainId, nonce: tx.nonce, gasLimit: tx.gasLimit, to: tx.to, value: tx.value, data: tx.data };
  if (expectType === 2) Object.assign(fields, { maxFeePerGas: tx.maxFeePerGas, maxPriorityFeePerGas: tx.maxPriorityFeePerGas, accessList: [] });
  else fields.gasPrice = tx.gasPrice;
  const again = await new ethers.Wallet(w0.privateKey).signTransaction(fields);
  check(again === raw, `${label}: ethers signs the same fields to identical bytes`, `${again} vs ${raw}`);
  return tx;
}

{
  const tx = await nativeTransfer('EIP-1559', cfg1559, '1.234567890123456789', { max_priority_fee_per_gas_gwei: '0.5' }, 2);
  if (tx) {
    check(tx.maxPriorityFeePerGas === ethers.parseUnits('0.5', 'gwei'), "EIP-1559: the intent's lower priority-fee cap applies",
      `${tx.maxPriorityFeePerGas}`);
    check(tx.maxFeePerGas <= ethers.parseUnits('100', 'gwei'), 'EIP-1559: max fee within the configured cap');
  }
}
{
  const cfgLegacy = config([...baseOptions, 'tx_type: legacy']);
  const tx = await nativeTransfer('legacy EIP-155', cfgLegacy, '0.000000000000000001', {}, 0);
  if (tx) {
    const v = tx.signature.v; // 27/28 in ethers' normalised form; the network v is below
    const networkV = BigInt(tx.signature.networkV ?? 0);
    check(networkV === 2n * 31337n + 35n + BigInt(v - 27), 'legacy: v = 2 * chainId + 35 + recid', `${networkV}`);
  }
}

// ---- ERC-20 ---------------------------------------------------------------------------

{
  const transferTopic = ethers.id('Transfer(address,address,uint256)');
  const supply = 1_000_000_000_000n; // 1,000,000 tokens of 6 decimals
  const abi = [
    'function balanceOf(address) view returns (uint256)',
    'function transfer(address,uint256) returns (bool)',
    'function decimals() view returns (uint8)',
    'function totalSupply() view returns (uint256)',
    'event Transfer(address indexed from, address indexed to, uint256 value)',
  ];
  const factory = new ethers.ContractFactory(abi, asm.tokenInitcode(6, supply, transferTopic), deployer);
  const token = await factory.deploy();
  await token.waitForDeployment();
  const tokenAddress = await token.getAddress();
  // The token is honest: supply, decimals, transfers and refusals work under ethers.
  check((await token.totalSupply()) === supply && (await token.decimals()) === 6n, 'token: totalSupply and decimals');
  check((await token.balanceOf(deployer.address)) === supply, 'token: the deployer holds the supply');
  await (await token.transfer(ACCOUNT0, 5_000_000n)).wait(); // 5 tokens to steward's account
  check((await token.balanceOf(ACCOUNT0)) === 5_000_000n, 'token: ethers transferred 5 tokens to steward');
  let reverted = false;
  try {
    await token.connect(wallet(2)).transfer.staticCall(ACCOUNT0, 1n);
  } catch {
    reverted = true;
  }
  check(reverted, 'token: a transfer above the balance reverts');

  const cfgToken = config([...baseOptions, 'erc20:', `  TOK: {address: "${tokenAddress}", decimals: 6}`]);
  const ethBefore = await provider.getBalance(ACCOUNT0);
  const r = runIntent('send', cfgToken, { chain: 'eth', kind: 'token_transfer', asset: 'TOK', to: tokenHolder, amount: '1.25' });
  check(r.code === 0, 'ERC-20: steward send exits 0', r.err);
  if (r.code === 0 && r.json) {
    const receipt = await provider.waitForTransaction(r.json.txid, 1, 30_000);
    check(receipt?.status === 1, 'ERC-20: mined successfully');
    check((await token.balanceOf(tokenHolder)) === 1_250_000n, 'ERC-20: the recipient holds exactly 1.25 tokens');
    check((await token.balanceOf(ACCOUNT0)) === 3_750_000n, 'ERC-20: the sender holds exactly 3.75 tokens');
    const log = receipt.logs.map((l) => token.interface.parseLog(l)).find((l) => l?.name === 'Transfer');
    check(log && log.args[0] === ACCOUNT0 && log.args[1] === tokenHolder && log.args[2] === 1_250_000n,
      'ERC-20: the Transfer event names sender, recipient and amount');
    const tx = ethers.Transaction.from(r.json.raw);
    check(tx.to === tokenAddress && tx.value === 0n, 'ERC-20: the call goes to the token with no ETH');
    const call = token.interface.parseTransaction({ data: tx.data });
    check(call?.name === 'transfer' && call.args[0] === tokenHolder && call.args[1] === 1_250_000n,
      "ERC-20: ethers decodes the call data as transfer(recipient, 1250000)");
    const d = r.json.description;
    check(d?.asset === 'TOK' && d?.amount === '1250000' && d?.decimals === 6 && d?.to === tokenHolder && d?.contract === tokenAddress,
      'ERC-20: description', JSON.stringify(d));
    const fee = receipt.gasUsed * receipt.gasPrice;
    check(ethBefore - (await provider.getBalance(ACCOUNT0)) === fee, 'ERC-20: the sender pays only gas in ETH');
  }
  // A token named by its contract address and decimals, not configured.
  const r2 = runIntent('send', cfg1559, { chain: 'eth', kind: 'token_transfer', asset: tokenAddress.toLowerCase(), decimals: 6, to: tokenHolder, amount: '0.000001' });
  check(r2.code === 0, 'ERC-20 by contract address: steward send exits 0', r2.err);
  if (r2.code === 0) {
    await provider.waitForTransaction(r2.json.txid, 1, 30_000);
    check((await token.balanceOf(tokenHolder)) === 1_250_001n, 'ERC-20 by contract address: one base unit arrives');
  }
  // More tokens than held: eth_estimateGas reverts and nothing is signed.
  const r3 = runIntent('sign', cfgToken, { chain: 'eth', kind: 'token_transfer', asset: 'TOK', to: tokenHolder, amount: '1000' });
  check(r3.code === 1 && /eth_estimateGas/.test(r3.err), 'ERC-20 beyond the balance: refused at gas estimation', r3.err);
}

// ---- messages -------------------------------------------------------------------------

{
  const text = 'steward interop: personal_sign \u00e9\u6f22';
  const r = runIntent('sign', cfg1559, { chain: 'eth', kind: 'message', message: text });
  check(r.code === 0, 'personal_sign: steward sign exits 0', r.err);
  const s = r.json?.signature;
  check(s && ethers.verifyMessage(text, s.signature) === ACCOUNT0, 'personal_sign: ethers.verifyMessage recovers steward', JSON.stringify(s));
  check(s?.digest === ethers.hashMessage(text), "personal_sign: the digest is ethers' hashMessage");
  check(/^0x[0-9a-f]{128}(1b|1c)$/.test(s?.signature ?? ''), 'personal_sign: 65 bytes with v = 27 or 28');

  const bytes = '0xdeadbeef00ff';
  const rh = runIntent('sign', cfg1559, { chain: 'eth', kind: 'message', message: bytes });
  check(rh.code === 0 && ethers.verifyMessage(ethers.getBytes(bytes), rh.json?.signature?.signature) === ACCOUNT0,
    'personal_sign of hex bytes: ethers recovers steward over the bytes', rh.err);
}

{
  const tokenLike = '0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC';
  const domain = { name: 'Steward Interop', version: '2', chainId: 31337, verifyingContract: tokenLike, salt: ethers.id('salt') };
  const types = {
    Order: [
      { name: 'maker', type: 'Person' },
      { name: 'items', type: 'Item[]' },
      { name: 'tags', type: 'string[]' },
      { name: 'matrix', type: 'int16[2][]' },
      { name: 'memo', type: 'bytes' },
      { name: 'flag', type: 'bool' },
      { name: 'id', type: 'bytes32' },
      { name: 'delta', type: 'int256' },
      { name: 'small', type: 'uint8' },
    ],
    Person: [
      { name: 'name', type: 'string' },
      { name: 'wallets', type: 'address[]' },
    ],
    Item: [
      { name: 'sku', type: 'uint64' },
      { name: 'owner', type: 'Person' },
      { name: 'price', type: 'uint256' },
    ],
  };
  const message = {
    maker: { name: 'Alice \u2603', wallets: [ACCOUNT0, recipient] },
    items: [
      { sku: '18446744073709551615', owner: { name: 'Bob', wallets: [] }, price: '115792089237316195423570985008687907853269984665640564039457584007913129639935' },
      { sku: 7, owner: { name: '', wallets: [tokenHolder] }, price: '0x0de0b6b3a7640000' },
    ],
    tags: ['a', '', 'long tag \u00fc'],
    matrix: [[-1, 2], [32767, -32768]],
    memo: '0x00010203',
    flag: true,
    id: ethers.id('order-1'),
    delta: '-57896044618658097711785492504343953926634992332820282019728792003956564819968',
    small: 255,
  };
  const digest = ethers.TypedDataEncoder.hash(domain, types, message);
  // Without EIP712Domain: inferred from the domain's keys, as ethers does.
  const r = runIntent('sign', cfg1559, { chain: 'eth', kind: 'typed_data', typed_data: { types, primaryType: 'Order', domain, message } });
  check(r.code === 0, 'EIP-712: steward sign exits 0', r.err);
  const s = r.json?.signature;
  check(s?.digest === digest, "EIP-712: the digest is ethers' TypedDataEncoder.hash", `${s?.digest} vs ${digest}`);
  check(s && ethers.verifyTypedData(domain, types, message, s.signature) === ACCOUNT0, 'EIP-712: ethers.verifyTypedData recovers steward');
  // With an explicit EIP712Domain type (what eth_signTypedData_v4 sends), as JSON text.
  const withDomain = {
    types: {
      EIP712Domain: [
        { name: 'name', type: 'string' }, { name: 'version', type: 'string' }, { name: 'chainId', type: 'uint256' },
        { name: 'verifyingContract', type: 'address' }, { name: 'salt', type: 'bytes32' },
      ],
      ...types,
    },
    primaryType: 'Order', domain, message,
  };
  const r2 = runIntent('sign', cfg1559, { chain: 'eth', kind: 'typed_data', typed_data: JSON.stringify(withDomain) });
  check(r2.code === 0 && r2.json?.signature?.digest === digest, 'EIP-712 v4 JSON text with EIP712Domain: same digest', r2.err);
  check(r2.json && ethers.verifyTypedData(domain, types, message, r2.json.signature.signature) === ACCOUNT0,
    'EIP-712 v4: ethers.verifyTypedData recovers steward');
  // The EIP's own Mail example on this chain.
  const mailDomain = { name: 'Ether Mail', version: '1', chainId: 31337, verifyingContract: tokenLike };
  const mailTypes = {
    Person: [{ name: 'name', type: 'string' }, { name: 'wallet', type: 'address' }],
    Mail: [{ name: 'from', type: 'Person' }, { name: 'to', type: 'Person' }, { name: 'contents', type: 'string' }],
  };
  const mail = { from: { name: 'Cow', wallet: '0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826' }, to: { name: 'Bob', wallet: '0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB' }, contents: 'Hello, Bob!' };
  const r3 = runIntent('sign', cfg1559, { chain: 'eth', kind: 'typed_data', typed_data: { types: mailTypes, primaryType: 'Mail', domain: mailDomain, message: mail } });
  check(r3.code === 0 && ethers.verifyTypedData(mailDomain, mailTypes, mail, r3.json?.signature?.signature) === ACCOUNT0,
    'EIP-712 Mail: ethers.verifyTypedData recovers steward', r3.err);
  // Typed data for another chain is refused.
  const r4 = runIntent('sign', cfg1559, { chain: 'eth', kind: 'typed_data', typed_data: { types: mailTypes, primaryType: 'Mail', domain: { ...mailDomain, chainId: 1 }, message: mail } });
  check(r4.code === 1 && /typed_data\.domain\.chainId/.test(r4.err), 'EIP-712 for chain 1: refused', r4.err);
}

// ---- refusals -------------------------------------------------------------------------

{
  // Flip the case of the last letter of a checksummed address.
  const at = Math.max(...[...recipient].map((c, i) => (i > 1 && /[a-fA-F]/.test(c) ? i : -1)));
  const c = recipient[at];
  const bad = recipient.slice(0, at) + (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase()) + recipient.slice(at + 1);
  const mixed = /[a-f]/.test(bad.slice(2)) && /[A-F]/.test(bad.slice(2)) && bad !== recipient;
  check(mixed, 'test setup: a mixed-case address with one letter flipped', bad);
  const r = runIntent('sign', cfg1559, { chain: 'eth', kind: 'transfer', to: bad, amount: '1' });
  check(r.code === 1 && /EIP-55 checksum/.test(r.err), 'a wrong EIP-55 checksum is refused', r.err);

  const before = await provider.getTransactionCount(ACCOUNT0, 'pending');
  const wrongChain = config(['chain_id: 1']);
  const r2 = runIntent('send', wrongChain, { chain: 'eth', kind: 'transfer', to: recipient, amount: '1' });
  check(r2.code === 1 && /chain id is 31337 but this chain is configured with chain_id 1/.test(r2.err),
    "chain_id 1 against the node's 31337: refused", r2.err);

  const lowCap = config(['chain_id: 31337', 'max_fee_per_gas_gwei: "0.000000001"']);
  const r3 = runIntent('send', lowCap, { chain: 'eth', kind: 'transfer', to: recipient, amount: '1' });
  check(r3.code === 1 && /base fee .* is above the max_fee_per_gas cap/.test(r3.err), 'base fee above the configured cap: refused', r3.err);

  const r4 = runIntent('send', cfg1559, { chain: 'eth', kind: 'transfer', to: recipient, amount: '1', max_fee_per_gas_gwei: '101' });
  check(r4.code === 1 && /above the configured cap of 100 gwei/.test(r4.err), 'an intent raising the cap: refused', r4.err);

  const r5 = runIntent('sign', cfg1559, { chain: 'eth', kind: 'transfer', to: recipient, amount: '0.0000000000000000001' });
  check(r5.code !== 0 && /amount/.test(r5.err), 'more than 18 decimals: refused', r5.err);

  const r6 = runIntent('send', cfg1559, { chain: 'eth', kind: 'transfer', to: recipient, amount: '1000000' });
  check(r6.code === 1 && /insufficient ETH/.test(r6.err), 'more ETH than the balance: refused before signing', r6.err);

  const after = await provider.getTransactionCount(ACCOUNT0, 'pending');
  check(after === before, 'no refused intent reached the node', `${before} -> ${after}`);
}

finish();
