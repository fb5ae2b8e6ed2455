/* paper_btc_addr.h: Bitcoin addresses for the simulated btc node (paper_btc.c): which network
 * an address belongs to and the scriptPubKey it pays, as a node needs them to answer
 * scantxoutset (whose unspents carry the scriptPubKey) and to refuse another network's
 * addresses as Esplora does. Internal to core/paper.
 *
 * A thin wrapper: the decoding is core/crypto's (segwit_addr_decode for bech32/bech32m,
 * BIP-173 and BIP-350; base58check_decode); this adds the networks and the scripts. */
#ifndef STEWARD_PAPER_BTC_ADDR_H
#define STEWARD_PAPER_BTC_ADDR_H

#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

/* The longest scriptPubKey an address can pay: a segwit v1-16 program of 40 bytes. */
#define PAPER_BTC_SCRIPT_MAX 42

struct paper_btc_net {
    const char *name;  /* "mainnet", "testnet", "signet", "regtest" (the plugin's option values) */
    const char *hrp;   /* bech32 human-readable part */
    uint8_t p2pkh;     /* base58check version of P2PKH addresses */
    uint8_t p2sh;      /* ... of P2SH */
};

/* The network called `name`, or NULL. */
const struct paper_btc_net *paper_btc_net_by_name(const char *name);

/* The scriptPubKey of `addr` on `net`: segwit v0 (20- or 32-byte programs, bech32), segwit
 * v1..16 (2..40 bytes, bech32m), P2PKH and P2SH (base58check with the network's versions).
 * Bech32 may be all upper case. Returns 0, or -1 with err saying why the address is not one
 * of `net`. */
int paper_btc_address_script(const struct paper_btc_net *net, const char *addr, uint8_t script[PAPER_BTC_SCRIPT_MAX],
                             size_t *len, st_err *err);

#endif
