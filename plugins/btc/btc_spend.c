/* btc_spend.c: laying out, signing and serialising a payment (see btc_spend.h). */
#include "btc_spend.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "btc_fee.h"

void btc_spend_free(struct btc_spend *s)
{
    btc_selection_free(&s->sel);
    free(s->coins);
    free(s->in);
    free(s->prevouts);
    free(s->witness);
    free(s->sigs);
    free(s->signed_mask);
    memset(s, 0, sizeof *s);
}

int btc_spend_build(const struct btc_spend_request *req, const struct btc_utxo *utxos, size_t n,
                    struct btc_spend *s, st_err *err)
{
    memset(s, 0, sizeof *s);
    s->req = *req;
    uint64_t dust = btc_dust_limit(req->dest_script, req->dest_script_len);
    if (req->amount < dust)
        return st_err_set(err, "amount %" PRIu64 " sat is below the dust limit of %" PRIu64 " sat for this "
                          "destination; nodes would not relay it", req->amount, dust);

    struct btc_select_params p = {
        .amount = req->amount,
        .dest_script_len = req->dest_script_len,
        .change_script_len = sizeof req->own_script,
        .change_dust = btc_dust_limit(req->own_script, sizeof req->own_script),
        .fee_rate = req->fee_rate,
        .max_fee_rate = req->max_fee_rate,
        .allow_unconfirmed = req->allow_unconfirmed,
        .max_inputs = BTC_MAX_INPUTS,
    };
    if (btc_select_coins(utxos, n, &p, &s->sel, err) != 0)
        return -1;

    size_t k = s->sel.n;
    s->coins = calloc(k, sizeof *s->coins);
    s->in = calloc(k, sizeof *s->in);
    s->prevouts = calloc(k, sizeof *s->prevouts);
    s->witness = calloc(k, sizeof *s->witness);
    s->sigs = calloc(k, sizeof *s->sigs);
    s->signed_mask = calloc(k, 1);
    if (!s->coins || !s->in || !s->prevouts || !s->witness || !s->sigs || !s->signed_mask) {
        btc_spend_free(s);
        return st_err_set(err, "out of memory building a transaction");
    }
    for (size_t i = 0; i < k; i++) {
        s->coins[i] = utxos[s->sel.idx[i]];
        memcpy(s->in[i].prev_txid, s->coins[i].txid, 32);
        s->in[i].prev_vout = s->coins[i].vout;
        s->in[i].sequence = BTC_SEQUENCE_RBF;
        s->in[i].witness = &s->witness[i];
        s->in[i].n_witness = 0; /* until signed */
        s->witness[i].p = s->sigs[i];
        s->witness[i].n = 64;
        s->prevouts[i].value = s->coins[i].value;
        s->prevouts[i].script = s->req.own_script;
        s->prevouts[i].script_len = sizeof s->req.own_script;
    }
    s->out[0].value = req->amount;
    s->out[0].script = s->req.dest_script;
    s->out[0].script_len = req->dest_script_len;
    s->out[1].value = s->sel.change;
    s->out[1].script = s->req.own_script;
    s->out[1].script_len = sizeof s->req.own_script;
    s->tx.version = BTC_TX_VERSION;
    s->tx.locktime = 0;
    s->tx.in = s->in;
    s->tx.n_in = k;
    s->tx.out = s->out;
    s->tx.n_out = s->sel.has_change ? 2 : 1;

    /* The fee was computed from the weight formula; the serialisation must agree, or the fee
     * rate we promised is not the one we pay. Check with the witnesses in place. */
    for (size_t i = 0; i < k; i++)
        s->in[i].n_witness = 1;
    uint64_t w = btc_tx_weight(&s->tx);
    for (size_t i = 0; i < k; i++)
        s->in[i].n_witness = 0;
    uint64_t out_total = req->amount + (s->sel.has_change ? s->sel.change : 0);
    if (w != s->sel.weight || s->sel.total_in != out_total + s->sel.fee) {
        btc_spend_free(s);
        return st_err_set(err, "internal error: the transaction's weight or value does not match coin selection");
    }
    return 0;
}

int btc_spend_sighashes(const struct btc_spend *s, uint8_t (*out)[32], st_err *err)
{
    struct btc_sighash_cache cache;
    if (btc_sighash_precompute(&s->tx, s->prevouts, &cache, err) != 0)
        return -1;
    for (size_t i = 0; i < s->tx.n_in; i++)
        if (btc_sighash_taproot(&s->tx, s->prevouts, &cache, i, BTC_SIGHASH_DEFAULT, NULL, out[i], err) != 0)
            return -1;
    return 0;
}

void btc_spend_set_signature(struct btc_spend *s, size_t i, const uint8_t sig[64])
{
    memcpy(s->sigs[i], sig, 64);
    s->signed_mask[i] = 1;
    s->in[i].n_witness = 1;
}

int btc_spend_is_signed(const struct btc_spend *s)
{
    for (size_t i = 0; i < s->tx.n_in; i++)
        if (!s->signed_mask[i])
            return 0;
    return s->tx.n_in > 0;
}

int btc_spend_serialize(const struct btc_spend *s, struct btc_buf *raw, uint8_t txid[32], uint8_t wtxid[32],
                        st_err *err)
{
    if (!btc_spend_is_signed(s))
        return st_err_set(err, "the transaction is not signed yet");
    btc_tx_serialize(&s->tx, 1, raw);
    if (!btc_buf_ok(raw))
        return st_err_set(err, "out of memory serialising the transaction");
    if (btc_tx_txid(&s->tx, txid, err) != 0 || btc_tx_wtxid(&s->tx, wtxid, err) != 0)
        return -1;
    return 0;
}
