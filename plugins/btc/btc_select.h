/* btc_select.h: coin selection, change and fee for a payment from P2TR key-path UTXOs.
 *
 * Deterministic: the same UTXO set and parameters always give the same transaction.
 *
 * Eligible coins: confirmed ones (and unconfirmed ones only when allow_unconfirmed), never an
 * immature coinbase. They are ordered by value, largest first, ties by txid bytes then vout.
 *
 * Let fee(k, c) be the fee of the transaction with k inputs and the payment output, plus a
 * change output when c (btc_spend_weight at the fee rate), and cap(k, c) the same at the
 * maximum rate.
 *
 * 1. Branch and bound (changeless). A depth-first search over the eligible coins worth more
 *    than the fee of their own input, including the larger coins first, looks for a set of k
 *    coins whose total T satisfies  amount + fee(k,0) <= T <= amount + fee(k,0) + cost_of_change,
 *    cost_of_change = fee(k,1) - fee(k,0) + fee of one more P2TR input (creating change now and
 *    spending it later), and T - amount <= cap(k,0). The excess goes to the fee. Of all sets
 *    found within BTC_BNB_MAX_TRIES steps the one with the smallest excess wins (then fewer
 *    inputs, then the first found).
 * 2. Largest first (fallback). Coins are added largest first until, for k coins with total T,
 *    either  T - amount - fee(k,1) >= change dust limit  (a change output of that value), or
 *    T >= amount + fee(k,0) with T - amount <= cap(k,0) (no change: whatever is left, less
 *    than a change output would be worth, goes to the fee).
 * Neither step uses more than max_inputs coins.
 * Fails with "insufficient funds" naming what was needed, what was available and the
 * shortfall; with "fee cap" when enough funds exist but no selection stays under the maximum
 * rate; or when the payment would need more than max_inputs inputs or the standard weight. */
#ifndef STEWARD_BTC_SELECT_H
#define STEWARD_BTC_SELECT_H

#include <stddef.h>
#include <stdint.h>

#include "btc_utxo.h"
#include "util/err.h"

#define BTC_BNB_MAX_TRIES 100000u

/* steward signs at most 64 digests for one request (docs/intents.md), one per input here. */
#define BTC_MAX_INPUTS 64u

struct btc_select_params {
    uint64_t amount;           /* satoshis to the payment output */
    size_t dest_script_len;    /* its scriptPubKey length */
    size_t change_script_len;  /* 34 for the agent's P2TR change */
    uint64_t change_dust;      /* dust limit of the change script */
    uint64_t fee_rate;         /* sat/kvB */
    uint64_t max_fee_rate;     /* sat/kvB, >= fee_rate */
    int allow_unconfirmed;
    size_t max_inputs;         /* at most this many inputs (>= 1) */
};

struct btc_selection {
    size_t *idx;         /* malloc'd: indices into the UTXO array, in input order */
    size_t n;
    uint64_t total_in;   /* sum of the selected values */
    uint64_t fee;        /* total_in - amount - change */
    uint64_t change;     /* 0 when there is no change output */
    int has_change;
    uint64_t weight;     /* of the signed transaction */
    uint64_t vsize;
    int by_bnb;          /* 1 when branch and bound found it */
};

/* Selects coins from utxos[0..n) for p. On success out is filled (release with
 * btc_selection_free); on failure out is empty and err says why. */
int btc_select_coins(const struct btc_utxo *utxos, size_t n, const struct btc_select_params *p,
                     struct btc_selection *out, st_err *err);

void btc_selection_free(struct btc_selection *s);

#endif
