/* tx.h: Ethereum transactions: EIP-1559 (type 2) and legacy with EIP-155 replay protection.
 *
 * A type-2 transaction is signed over
 *     keccak256(0x02 || rlp([chainId, nonce, maxPriorityFeePerGas, maxFeePerGas, gasLimit,
 *                            to, value, data, accessList]))
 * and sent as 0x02 || rlp([... the same nine ..., yParity, r, s]) (EIP-1559, EIP-2718).
 * A legacy transaction with EIP-155 is signed over
 *     keccak256(rlp([nonce, gasPrice, gasLimit, to, value, data, chainId, 0, 0]))
 * and sent as rlp([nonce, gasPrice, gasLimit, to, value, data, v, r, s]) with
 * v = recid + 2*chainId + 35. In both, r and s are RLP integers (leading zero bytes
 * dropped), and the transaction id is keccak256 of the bytes sent.
 *
 * steward only makes calls and transfers to an existing address (no contract creation) and
 * sends an empty access list. Nothing here does I/O or touches a key. */
#ifndef STEWARD_ETH_TX_H
#define STEWARD_ETH_TX_H

#include <stddef.h>
#include <stdint.h>

#include "rlp.h"
#include "u256.h"
#include "util/err.h"

enum eth_tx_type { ETH_TX_LEGACY = 0, ETH_TX_EIP1559 = 2 };

/* The largest chain id for which the legacy v = 2*chainId + 36 still fits in 64 bits
 * (the bound proposed by EIP-2294). */
#define ETH_CHAIN_ID_MAX ((UINT64_MAX - 36) / 2)

struct eth_tx {
    enum eth_tx_type type;
    uint64_t chain_id;
    uint64_t nonce;
    u256 max_priority_fee_per_gas; /* type 2 only */
    u256 max_fee_per_gas;          /* type 2: the fee cap; legacy: the gas price */
    uint64_t gas_limit;
    uint8_t to[20];
    u256 value;
    uint8_t *data; /* call data, malloc'd by eth_tx_set_data (NULL when empty) */
    size_t data_len;

    int has_sig;   /* 1 once eth_tx_set_signature accepted a signature */
    uint8_t r[32], s[32];
    int recid;     /* 0 or 1: the parity of R's y (yParity) */
};

/* Initialises a transaction with every field zero and no data. */
void eth_tx_init(struct eth_tx *tx);

/* Releases the data buffer. */
void eth_tx_clear(struct eth_tx *tx);

/* Copies `len` bytes of call data. Returns 0, or -1 when out of memory. */
int eth_tx_set_data(struct eth_tx *tx, const uint8_t *data, size_t len, st_err *err);

/* Writes the bytes whose keccak256 is signed (see the top of this file) into *out (an
 * initialised buffer it appends to). Returns 0, or -1 when out of memory or the chain id is
 * 0 or above ETH_CHAIN_ID_MAX. */
int eth_tx_signing_payload(const struct eth_tx *tx, struct rlpbuf *out, st_err *err);

/* keccak256 of the signing payload: the digest handed to the signer. */
int eth_tx_sighash(const struct eth_tx *tx, uint8_t out[32], st_err *err);

/* Accepts a 65-byte recoverable signature r || s || recid. Refuses a recid other than 0 or 1,
 * r or s equal to 0 or not below the curve order, and a high s (Ethereum, since Homestead
 * (EIP-2), accepts only s <= n/2). Does not check that it signs the transaction: the caller
 * recovers the key for that. */
int eth_tx_set_signature(struct eth_tx *tx, const uint8_t sig[65], st_err *err);

/* The gas a call or transfer (to an existing address, empty access list) costs before any
 * code runs: 21000, plus 4 per zero byte and 16 per non-zero byte of data (EIP-2028). A gas
 * limit below it is invalid on every fork (later forks may require more, e.g. EIP-7623's
 * floor for data-heavy transactions; the node then says so). Saturates at UINT64_MAX. */
uint64_t eth_tx_intrinsic_gas(const uint8_t *data, size_t len);

/* Writes the signed transaction as it is sent (see the top of this file). Requires a
 * signature. Returns 0, or -1 when unsigned or out of memory. */
int eth_tx_serialize_signed(const struct eth_tx *tx, struct rlpbuf *out, st_err *err);

#endif
