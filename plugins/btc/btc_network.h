/* btc_network.h: the parameters that differ between Bitcoin networks.
 *
 * Testnet (3 and 4) and signet share every parameter that matters to a wallet: the "tb"
 * bech32 prefix, base58 versions 0x6f/0xc4 and BIP-44 coin type 1. Regtest differs only in
 * its "bcrt" prefix. Key derivation v1 uses coin type 0 on mainnet and 1 elsewhere. */
#ifndef STEWARD_BTC_NETWORK_H
#define STEWARD_BTC_NETWORK_H

#include <stdint.h>

struct btc_network {
    const char *name;      /* "mainnet", "testnet", "signet", "regtest" */
    const char *hrp;       /* bech32 human-readable part */
    uint32_t coin_type;    /* BIP-44/86 coin type */
    uint8_t p2pkh_version; /* base58check version byte of P2PKH addresses */
    uint8_t p2sh_version;  /* ... of P2SH addresses */
};

/* The network called `name` (exact, lower case), or NULL. */
const struct btc_network *btc_network_by_name(const char *name);

#endif
