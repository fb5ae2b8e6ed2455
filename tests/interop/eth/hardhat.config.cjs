// hardhat.config.cjs: the local chain test_eth_hardhat.mjs starts (`hardhat node` on
// loopback). Hardhat's defaults are what the test relies on, written out: chain id 31337,
// accounts from the test mnemonic "test test ... junk" (account 0 = 0xf39F...2266, funded
// with 10000 ETH), automining, EIP-1559 base fees. No compiler is configured: the test
// deploys hand-assembled bytecode, so nothing is ever downloaded.
module.exports = {
  networks: {
    hardhat: {
      chainId: 31337,
      accounts: { mnemonic: 'test test test test test test test test test test test junk', count: 5 },
      mining: { auto: true },
    },
  },
};
