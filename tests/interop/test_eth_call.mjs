// test_eth_call.mjs: steward's "call" intents (a contract call with call data and an ETH
// value) against a real node. The test starts its own hardhat node on loopback (a free port,
// chain id 31337, the test mnemonic's funded accounts), deploys a small contract written in
// EVM assembly (no compiler: eth/evm_asm.mjs assembles it) and drives the real CLI with the
// hardhat test mnemonic as steward's backup, so steward's account 0 is hardhat's funded
// account 0. The contract's only function, record(uint256 a, bytes32 b) payable, stores
// CALLVALUE, a, CALLDATASIZE and CALLER in storage slots 0..3 and emits
// Recorded(address indexed from, uint256 indexed value, bytes32 b); any other selector
// reverts. Checked with ethers:
//   - `steward send` of an EIP-1559 call with 0.25 ETH: mined; the slots, the event and the
//     contract's balance show the call ran with exactly that value and call data, from
//     steward's address; the sender loses value + gasUsed * effectiveGasPrice; ethers parses
//     the raw transaction (from, type, to, value, data) and re-signs the same fields to
//     identical bytes; the gas limit is the node's estimate + 20%; the description;
//   - `steward sign` of a legacy call with value 0 and an explicit gas_limit, broadcast by
//     ethers: nothing reaches the node before, the transaction carries exactly that gas limit;
//   - a strategy's ctx.call (`steward strategy run`): the call is made, and a contract not in
//     the strategy's `contracts` list is denied before anything is built;
//   - refusals: a selector the contract reverts on (at gas estimation; with an explicit
//     gas_limit the transaction is mined, reverts, and `send` fails saying so), call data
//     without a selector, an unknown field, the zero address.
// Usage (ctest): node test_eth_call.mjs <steward-binary> <source-dir> <build-dir>

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

const { check, die, finish } = harness('test_eth_call', cleanup);

const [, , stewardBin, sourceDir, buildDir] = process.argv;
if (!buildDir) die('usage: node test_eth_call.mjs <steward-binary> <source-dir> <build-dir>');
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
check(w0.address === ACCOUNT0, "test setup: hardhat's account 0 is the mnemonic's m/44'/60'/0'/0/0");

// ---- the contract ---------------------------------------------------------------------

const abi = [
  'function record(uint256 a, bytes32 b) payable',
  'function other(uint256 a) payable',
  'event Recorded(address indexed from, uint256 indexed value, bytes32 b)',
];
const iface = new ethers.Interface(abi);
const recordSelector = iface.getFunction('record').selector;
const recordedTopic = iface.getEvent('Recorded').topicHash;
check(recordSelector === ethers.id('record(uint256,bytes32)').slice(0, 10), 'test setup: the selector of record');

const runtime = asm.assemble([
  ['PUSH', 0, 1], 'CALLDATALOAD', ['PUSH', 0xe0, 1], 'SHR', // the selector
  ['PUSH', recordSelector, 4], 'EQ', ['REF', 'record'], 'JUMPI',
  ['PUSH', 0, 1], 'DUP1', 'REVERT', // any other selector reverts

  ['LABEL', 'record'],
  'CALLVALUE', ['PUSH', 0, 1], 'SSTORE', // slot 0 = msg.value
  ['PUSH', 4, 1], 'CALLDATALOAD', ['PUSH', 1, 1], 'SSTORE', // slot 1 = a
  'CALLDATASIZE', ['PUSH', 2, 1], 'SSTORE', // slot 2 = msg.data.length
  'CALLER', ['PUSH', 3, 1], 'SSTORE', // slot 3 = msg.sender
  ['PUSH', 36, 1], 'CALLDATALOAD', ['PUSH', 0, 1], 'MSTORE', // memory[0] = b
  'CALLVALUE', 'CALLER', ['PUSH', recordedTopic, 32], ['PUSH', 32, 1], ['PUSH', 0, 1], 'LOG3', // Recorded(sender, value, b)
  'STOP',
]);
// Creation code: copy the runtime into memory and return it.
const runtimeLen = runtime.length / 2;
const ctor = (offset) => asm.assemble([['PUSH', runtimeLen, 2], 'DUP1', ['PUSH', offset, 2], ['PUSH', 0, 1], 'CODECOPY', ['PUSH', 0, 1], 'RETURN']);
const initcode = '0x' + ctor(ctor(0).length / 2) + runtime;

const deployed = await new ethers.ContractFactory(abi, initcode, deployer).deploy();
await deployed.waitForDeployment();
const contract = await deployed.getAddress(); // EIP-55 checksummed
check((await provider.getCode(contract)) === '0x' + runtime, 'test setup: the contract is deployed with its runtime code');

const slot = async (i) => BigInt(await provider.getStorage(contract, i));
const word = (v) => ethers.zeroPadValue(ethers.toBeHex(v), 32);

// ---- steward --------------------------------------------------------------------------

workdir = mkdtempSync(join(tmpdir(), 'steward-ethcall-'));
let nconfigs = 0;

// Writes a configuration with the given eth options (and more top-level YAML lines).
function config(ethOptions, more = []) {
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
    ...more,
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

// ---- an EIP-1559 call with value, through `steward send` ------------------------------

{
  const label = 'EIP-1559 call';
  const value = ethers.parseEther('0.25');
  const b = ethers.id('steward call');
  const data = iface.encodeFunctionData('record', [12345n, b]);
  const estimate = await provider.estimateGas({ from: ACCOUNT0, to: contract, value, data });
  const before = { from: await provider.getBalance(ACCOUNT0), contract: await provider.getBalance(contract) };
  const r = runIntent('send', cfg1559, { chain: 'eth', kind: 'call', to: contract, data, amount: '0.25', max_priority_fee_per_gas_gwei: '1' });
  check(r.code === 0, `${label}: steward send exits 0`, r.err);
  if (r.code === 0 && r.json) {
    const { raw, txid } = r.json;
    check(r.json.broadcast?.txid === txid && ethers.keccak256(raw) === txid, `${label}: txid = keccak256(raw), as the node answered`);
    const receipt = await provider.waitForTransaction(txid, 1, 30_000);
    check(receipt?.status === 1, `${label}: mined successfully`, JSON.stringify(receipt));
    check(receipt?.from === ACCOUNT0 && receipt?.to === contract, `${label}: the receipt: from steward's address to the contract`,
      `${receipt?.from} -> ${receipt?.to}`);
    // What the contract saw.
    check((await slot(0)) === value, `${label}: the contract saw msg.value = 0.25 ETH`, `${await slot(0)}`);
    check((await slot(1)) === 12345n, `${label}: the contract saw the argument a = 12345`);
    check((await slot(2)) === 68n, `${label}: the contract saw 68 bytes of call data`);
    check((await slot(3)) === BigInt(ACCOUNT0), `${label}: the contract saw msg.sender = steward's address`);
    const logs = receipt.logs.filter((l) => l.address === contract).map((l) => iface.parseLog(l));
    check(logs.length === 1 && logs[0].name === 'Recorded' && logs[0].args[0] === ACCOUNT0 && logs[0].args[1] === value &&
      logs[0].args[2] === b, `${label}: the Recorded event names steward, the value and b`);
    check((await provider.getBalance(contract)) - before.contract === value, `${label}: the contract's balance grew by exactly the value`);
    const fee = receipt.gasUsed * receipt.gasPrice;
    check(before.from - (await provider.getBalance(ACCOUNT0)) === value + fee,
      `${label}: the sender loses exactly value + gasUsed * effectiveGasPrice`);

    // ethers' reading of the raw transaction.
    const tx = ethers.Transaction.from(raw);
    check(tx.from === ACCOUNT0 && tx.type === 2 && tx.chainId === 31337n, `${label}: ethers recovers steward as the sender of a type-2 tx`);
    check(tx.to === contract && tx.value === value && tx.data === data, `${label}: to, value and data are the intent's`);
    check(tx.gasLimit === (estimate * 120n + 99n) / 100n && receipt.gasUsed <= tx.gasLimit,
      `${label}: gas limit = the node's estimate + 20%, rounded up`, `estimate ${estimate}, limit ${tx.gasLimit}, used ${receipt.gasUsed}`);
    check(tx.maxPriorityFeePerGas === ethers.parseUnits('1', 'gwei'), `${label}: the intent's lower priority-fee cap applies`);
    const again = await new ethers.Wallet(w0.privateKey).signTransaction({
      type: 2, chainId: tx.chainId, nonce: tx.nonce, gasLimit: tx.gasLimit, to: tx.to, value: tx.value, data: tx.data,
      maxFeePerGas: tx.maxFeePerGas, maxPriorityFeePerGas: tx.maxPriorityFeePerGas, accessList: [],
    });
    check(again === raw, `${label}: ethers signs the same fields to identical bytes`, `${again} vs ${raw}`);

    // The description the policy engine and the audit log see.
    const d = r.json.description;
    check(d?.to === contract && d?.contract === contract && d?.asset === 'ETH' && d?.amount === value.toString() && d?.decimals === 18,
      `${label}: description to/contract/asset/amount/decimals`, JSON.stringify(d));
    check(d?.selector === recordSelector && d?.data_len === 68 && d?.digests === 1, `${label}: description selector, data_len, digests`);
    check(d?.fee_max === (tx.gasLimit * tx.maxFeePerGas).toString() && d?.gas_limit === Number(tx.gasLimit),
      `${label}: fee_max = gas_limit * max fee`);
    check(typeof d?.summary === 'string' && d.summary.startsWith(`call ${recordSelector} on ${contract} with 0.25 ETH from ${ACCOUNT0}`),
      `${label}: the summary names the selector, contract and value`, d?.summary);
  }
}

// ---- a legacy call without value and with an explicit gas limit: `sign`, ethers broadcasts --

{
  const label = 'legacy call, explicit gas_limit';
  const cfgLegacy = config([...baseOptions, 'tx_type: legacy']);
  const data = iface.encodeFunctionData('record', [7n, ethers.ZeroHash]);
  const nonce = await provider.getTransactionCount(ACCOUNT0, 'pending');
  const contractBalance = await provider.getBalance(contract);
  const r = runIntent('sign', cfgLegacy, { chain: 'eth', kind: 'call', to: contract.toLowerCase(), data, amount: '0', gas_limit: '90000' });
  check(r.code === 0, `${label}: steward sign exits 0`, r.err);
  check((await provider.getTransactionCount(ACCOUNT0, 'pending')) === nonce, `${label}: sign sends nothing`);
  if (r.code === 0 && r.json) {
    const tx = ethers.Transaction.from(r.json.raw);
    check(tx.type === 0 && tx.gasLimit === 90000n && tx.value === 0n && tx.data === data && tx.from === ACCOUNT0,
      `${label}: type 0, gas limit exactly 90000, no value, the data, from steward`, JSON.stringify(tx.toJSON()));
    check(r.json.description?.amount === '0' && r.json.description?.gas_limit === 90000, `${label}: description amount 0, gas_limit 90000`);
    const sent = await provider.broadcastTransaction(r.json.raw);
    check(sent.hash === r.json.txid, `${label}: ethers broadcasts it under steward's txid`);
    const receipt = await sent.wait(1, 30_000);
    check(receipt?.status === 1 && receipt?.from === ACCOUNT0, `${label}: mined successfully, from steward's address`);
    check((await slot(0)) === 0n && (await slot(1)) === 7n && (await slot(3)) === BigInt(ACCOUNT0),
      `${label}: the contract saw value 0 and a = 7 from steward`);
    check((await provider.getBalance(contract)) === contractBalance, `${label}: the contract's balance is unchanged`);
  }
}

// ---- a strategy's ctx.call ------------------------------------------------------------

{
  const label = 'ctx.call';
  const other = '0x1111111111111111111111111111111111111111';
  const data = iface.encodeFunctionData('record', [424242n, ethers.id('strategy')]);
  const script = join(workdir, 'caller.lua');
  writeFileSync(script, [
    'function tick(ctx)',
    `  local res, err = ctx.call{chain = "eth", contract = "${contract}", data = "${data}", value = "0.01"}`,
    '  if not res then error("ctx.call: " .. (err.error or err.rule or "?")) end',
    `  local no, why = ctx.call{chain = "eth", contract = "${other}", data = "0xd0e30db0", value = "0"}`,
    '  return {txid = res.txid, to = res.to, amount = res.amount, denied = why and why.rule or "none"}',
    'end',
    '',
  ].join('\n'));
  const cfg = config(baseOptions, [
    'strategies:',
    '  - name: caller',
    `    file: ${script}`,
    '    schedule: {every: 1h}',
    '    contracts:',
    `      eth: ["${contract.toLowerCase()}"]`,
  ]);
  const before = await provider.getBalance(contract);
  const r = steward(['strategy', 'run', 'caller', '-c', cfg]);
  check(r.code === 0 && r.json?.status === 'ok', `${label}: steward strategy run exits 0`, `${r.out} ${r.err}`);
  let v = null;
  try {
    v = JSON.parse(r.json?.value ?? 'null');
  } catch {
    /* left null */
  }
  check(r.json?.actions === 1 && r.json?.denied === 1, `${label}: one call made, one denied`, r.out);
  check(v?.denied === 'contracts', `${label}: a contract not in the list is denied by rule "contracts"`, r.out);
  if (v?.txid) {
    const receipt = await provider.waitForTransaction(v.txid, 1, 30_000);
    check(receipt?.status === 1 && receipt?.from === ACCOUNT0 && receipt?.to === contract, `${label}: mined, from steward to the contract`);
    check((await slot(0)) === ethers.parseEther('0.01') && (await slot(1)) === 424242n,
      `${label}: the contract saw 0.01 ETH and a = 424242`);
    check((await provider.getBalance(contract)) - before === ethers.parseEther('0.01'), `${label}: the contract received 0.01 ETH`);
  } else {
    check(false, `${label}: the run returns the txid`, r.out);
  }
}

// ---- refusals -------------------------------------------------------------------------

{
  const wrong = iface.encodeFunctionData('other', [1n]); // the contract reverts on it
  let nonce = await provider.getTransactionCount(ACCOUNT0, 'pending');

  const r1 = runIntent('send', cfg1559, { chain: 'eth', kind: 'call', to: contract, data: wrong, amount: '0' });
  check(r1.code === 1 && /eth_estimateGas/.test(r1.err) && /revert/i.test(r1.err), 'a reverting call: refused at gas estimation', r1.err);

  const r2 = runIntent('sign', cfg1559, { chain: 'eth', kind: 'call', to: contract, data: '0x1234', amount: '0' });
  check(r2.code === 1 && /intent: data: 2 bytes, shorter than a 4-byte function selector/.test(r2.err), 'call data without a selector: refused', r2.err);

  const r3 = runIntent('sign', cfg1559, { chain: 'eth', kind: 'call', to: contract, data: wrong, amount: '0', value: '1' });
  check(r3.code === 1 && /unknown field "value" for kind "call"/.test(r3.err), 'an unknown field: refused', r3.err);

  const r4 = runIntent('sign', cfg1559, { chain: 'eth', kind: 'call', to: ethers.ZeroAddress, data: wrong, amount: '0' });
  check(r4.code === 1 && /zero address is no contract/.test(r4.err), 'the zero address: refused', r4.err);

  const r5 = runIntent('sign', cfg1559, { chain: 'eth', kind: 'call', to: contract, data: wrong, amount: '0', gas_limit: '21000' });
  check(r5.code === 1 && /gas_limit: 21000 is below the/.test(r5.err), 'a gas limit below the intrinsic gas: refused', r5.err);

  check((await provider.getTransactionCount(ACCOUNT0, 'pending')) === nonce, 'no refused call reached the node');

  // With an explicit gas limit nothing is estimated: the call is signed, sent, mined and
  // reverts, and `send` fails saying so. (An automining hardhat node mines it at once and
  // answers eth_sendRawTransaction with the revert; another node accepts it and the receipt
  // wait reports "mined in block N but reverted".)
  const slotsBefore = [await slot(0), await slot(1)];
  const cfgWait = config([...baseOptions, 'receipt_timeout_seconds: 30']);
  const r6 = runIntent('send', cfgWait, { chain: 'eth', kind: 'call', to: contract, data: wrong, amount: '0', gas_limit: '60000' });
  check(r6.code === 1 && /(mined in block \d+ but reverted|broadcast refused: .*reverted)/.test(r6.err),
    'a reverting call with gas_limit: sent, reverted, reported', r6.err);
  const txid = /0x[0-9a-f]{64}/.exec(r6.err)?.[0];
  const receipt = txid ? await provider.waitForTransaction(txid, 1, 30_000) : null;
  check(receipt?.status === 0 && receipt?.from === ACCOUNT0, 'the reverting call was mined with status 0', JSON.stringify(receipt));
  const mined = txid ? await provider.getTransaction(txid) : null;
  check(mined?.gasLimit === 60000n && mined?.data === wrong, 'the reverting call carried exactly the gas limit given (no estimate)');
  nonce += 1;
  check((await provider.getTransactionCount(ACCOUNT0, 'latest')) === nonce, 'the reverted call used its nonce');
  check((await slot(0)) === slotsBefore[0] && (await slot(1)) === slotsBefore[1], 'the reverted call changed no storage');
}

finish();
