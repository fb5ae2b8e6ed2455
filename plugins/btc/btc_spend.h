/* btc_spend.h: one payment from the agent's P2TR key-path UTXOs, from selection to the
 * signed serialisation.
 *
 * The transaction: version 2, locktime 0; inputs as coin selection ordered them (largest
 * first), each with an empty scriptSig and nSequence 0xfffffffd (replaceable, BIP-125, no
 * relative lock time); output 0 pays the recipient, output 1 (when there is change) returns
 * the change to the agent's own P2TR script. Every input spends the agent's own script, so
 * every input is signed with the same key, SIGHASH_DEFAULT, and its witness is the one 64-byte
 * signature. */
#ifndef STEWARD_BTC_SPEND_H
#define STEWARD_BTC_SPEND_H

#include <stddef.h>
#include <stdint.h>

#include "btc_buf.h"
#include "btc_script.h"
#include "btc_select.h"
#include "btc_sighash.h"
#include "btc_tx.h"
#include "btc_utxo.h"
#include "util/err.h"

#define BTC_TX_VERSION 2u
#define BTC_SEQUENCE_RBF 0xfffffffdu

struct btc_spend_request {
    uint8_t own_script[34];                /* OP_1 <output key>: the UTXOs' and the change's script */
    uint8_t dest_script[BTC_SCRIPT_MAX];
    size_t dest_script_len;
    uint64_t amount;                       /* satoshis, at least the destination's dust limit */
    uint64_t fee_rate, max_fee_rate;       /* sat/kvB */
    int allow_unconfirmed;
};

struct btc_spend {
    struct btc_spend_request req;
    struct btc_selection sel;
    struct btc_utxo *coins;       /* the selected UTXOs, in input order (sel.n) */
    struct btc_txin *in;
    struct btc_txout out[2];
    struct btc_prevout *prevouts;
    struct btc_bytes *witness;    /* one item per input, pointing at sigs[i] */
    uint8_t (*sigs)[64];
    uint8_t *signed_mask;         /* 1 per input once its signature is set */
    struct btc_tx tx;             /* the view over the above */
};

/* Selects coins (btc_select.h) and lays out the transaction.
 * Fails when the amount is below the destination's dust limit, or as btc_select_coins does. */
int btc_spend_build(const struct btc_spend_request *req, const struct btc_utxo *utxos, size_t n,
                    struct btc_spend *out, st_err *err);

/* The BIP-341 SIGHASH_DEFAULT digest of each input: out[0..tx.n_in). */
int btc_spend_sighashes(const struct btc_spend *s, uint8_t (*out)[32], st_err *err);

/* Stores input i's 64-byte signature as its witness. */
void btc_spend_set_signature(struct btc_spend *s, size_t i, const uint8_t sig[64]);

/* 1 when every input has its signature. */
int btc_spend_is_signed(const struct btc_spend *s);

/* The signed transaction: raw (appended, BIP-144 serialisation), txid and wtxid (internal
 * order). Fails unless every input is signed. */
int btc_spend_serialize(const struct btc_spend *s, struct btc_buf *raw, uint8_t txid[32], uint8_t wtxid[32],
                        st_err *err);

void btc_spend_free(struct btc_spend *s);

#endif
