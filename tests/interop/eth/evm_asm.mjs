// evm_asm.mjs: a tiny two-pass EVM assembler, and the ERC-20 token test_eth_hardhat.mjs
// deploys. No compiler is available offline, so the token is written in EVM assembly here;
// it is a real token: balances live in storage (slot = the holder's address), transfer
// moves them, refuses an amount above the sender's balance (revert), emits the standard
// Transfer event and returns true; balanceOf, decimals and totalSupply answer as ERC-20 says.

const OPS = {
  STOP: 0x00, ADD: 0x01, SUB: 0x03, LT: 0x10, EQ: 0x14, ISZERO: 0x15, AND: 0x16, SHR: 0x1c,
  CALLER: 0x33, CALLVALUE: 0x34, CALLDATALOAD: 0x35, CALLDATASIZE: 0x36, CODECOPY: 0x39,
  POP: 0x50, MSTORE: 0x52, SLOAD: 0x54, SSTORE: 0x55, JUMP: 0x56, JUMPI: 0x57, JUMPDEST: 0x5b,
  DUP1: 0x80, DUP2: 0x81, DUP3: 0x82, SWAP1: 0x90, LOG3: 0xa3, RETURN: 0xf3, REVERT: 0xfd,
};

// Program items: an opcode name, ['PUSH', hex-or-number, bytes], ['LABEL', name] (a
// JUMPDEST), or ['REF', name] (PUSH2 of a label's offset). Returns the bytecode as hex.
export function assemble(items) {
  const code = [];
  const labels = {};
  const fixups = [];
  for (const it of items) {
    if (typeof it === 'string') {
      if (!(it in OPS)) throw new Error(`unknown opcode ${it}`);
      code.push(OPS[it]);
    } else if (it[0] === 'LABEL') {
      labels[it[1]] = code.length;
      code.push(OPS.JUMPDEST);
    } else if (it[0] === 'REF') {
      code.push(0x61, 0, 0);
      fixups.push([code.length - 2, it[1]]);
    } else if (it[0] === 'PUSH') {
      const n = it[2];
      let v = BigInt(it[1]);
      const bytes = [];
      for (let i = 0; i < n; i++) {
        bytes.unshift(Number(v & 0xffn));
        v >>= 8n;
      }
      if (v !== 0n) throw new Error(`value ${it[1]} does not fit in ${n} bytes`);
      code.push(0x5f + n, ...bytes);
    } else {
      throw new Error(`bad item ${JSON.stringify(it)}`);
    }
  }
  for (const [at, name] of fixups) {
    if (!(name in labels)) throw new Error(`undefined label ${name}`);
    code[at] = labels[name] >> 8;
    code[at + 1] = labels[name] & 0xff;
  }
  return Buffer.from(code).toString('hex');
}

const MASK160 = (1n << 160n) - 1n;
const ret32 = [['PUSH', 0, 1], 'MSTORE', ['PUSH', 32, 1], ['PUSH', 0, 1], 'RETURN'];

// transferTopic: keccak256("Transfer(address,address,uint256)") as 0x-hex.
export function tokenRuntime(decimals, supply, transferTopic) {
  return assemble([
    'CALLVALUE', ['REF', 'fail'], 'JUMPI', // not payable
    ['PUSH', 0, 1], 'CALLDATALOAD', ['PUSH', 0xe0, 1], 'SHR',
    'DUP1', ['PUSH', '0x70a08231', 4], 'EQ', ['REF', 'balanceOf'], 'JUMPI',
    'DUP1', ['PUSH', '0xa9059cbb', 4], 'EQ', ['REF', 'transfer'], 'JUMPI',
    'DUP1', ['PUSH', '0x313ce567', 4], 'EQ', ['REF', 'decimals'], 'JUMPI',
    'DUP1', ['PUSH', '0x18160ddd', 4], 'EQ', ['REF', 'totalSupply'], 'JUMPI',
    ['LABEL', 'fail'], ['PUSH', 0, 1], 'DUP1', 'REVERT',

    ['LABEL', 'balanceOf'], // balanceOf(address) -> uint256
    ['PUSH', 36, 1], 'CALLDATASIZE', 'LT', ['REF', 'fail'], 'JUMPI',
    ['PUSH', 4, 1], 'CALLDATALOAD', ['PUSH', MASK160, 20], 'AND', 'SLOAD', ...ret32,

    ['LABEL', 'transfer'], // transfer(address to, uint256 amount) -> bool
    ['PUSH', 68, 1], 'CALLDATASIZE', 'LT', ['REF', 'fail'], 'JUMPI',
    ['PUSH', 4, 1], 'CALLDATALOAD', ['PUSH', MASK160, 20], 'AND', // [to]
    ['PUSH', 0x24, 1], 'CALLDATALOAD', // [to, amt]
    'CALLER', 'SLOAD', // [to, amt, bal]
    'DUP2', 'DUP2', 'LT', ['REF', 'fail'], 'JUMPI', // bal < amt: revert
    'DUP2', 'SWAP1', 'SUB', // [to, amt, bal - amt]
    'CALLER', 'SSTORE', // balance[caller] = bal - amt; [to, amt]
    'DUP2', 'SLOAD', 'DUP2', 'ADD', // [to, amt, balance[to] + amt]
    'DUP3', 'SSTORE', // balance[to] += amt; [to, amt]
    ['PUSH', 0, 1], 'MSTORE', // memory[0] = amt; [to]
    'CALLER', ['PUSH', transferTopic, 32], ['PUSH', 32, 1], ['PUSH', 0, 1], 'LOG3', // Transfer(caller, to, amt)
    ['PUSH', 1, 1], ...ret32,

    ['LABEL', 'decimals'],
    ['PUSH', decimals, 1], ...ret32,

    ['LABEL', 'totalSupply'],
    ['PUSH', supply, 32], ...ret32,
  ]);
}

// Creation code: balance[deployer] = supply, then return the runtime code.
export function tokenInitcode(decimals, supply, transferTopic) {
  const runtime = tokenRuntime(decimals, supply, transferTopic);
  const len = runtime.length / 2;
  // The constructor's own length is fixed (every push has a fixed width), so assemble it
  // once to learn where the runtime code starts.
  const ctor = (offset) =>
    assemble([
      ['PUSH', supply, 32], 'CALLER', 'SSTORE',
      ['PUSH', len, 2], 'DUP1', ['PUSH', offset, 2], ['PUSH', 0, 1], 'CODECOPY',
      ['PUSH', 0, 1], 'RETURN',
    ]);
  const offset = ctor(0).length / 2;
  return '0x' + ctor(offset) + runtime;
}
