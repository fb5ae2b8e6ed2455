/* btc_sighash.c: BIP-341 SigMsg and sighash (see btc_sighash.h). */
#include "btc_sighash.h"

#include <string.h>

#include "btc_buf.h"
#include "crypto/hash.h"

/* SHA-256 of a buffer that is then released; -1 when it could not be built. */
static int sha_of(struct btc_buf *b, uint8_t out[32])
{
    int ok = btc_buf_ok(b);
    if (ok)
        sha256(b->p, b->n, out);
    btc_buf_free(b);
    return ok ? 0 : -1;
}

int btc_sighash_precompute(const struct btc_tx *tx, const struct btc_prevout *prevouts,
                           struct btc_sighash_cache *c, st_err *err)
{
    struct btc_buf b = BTC_BUF_INIT;
    int rc = 0;

    for (size_t i = 0; i < tx->n_in; i++) {
        btc_buf_put(&b, tx->in[i].prev_txid, 32);
        btc_buf_u32le(&b, tx->in[i].prev_vout);
    }
    rc |= sha_of(&b, c->sha_prevouts);
    for (size_t i = 0; i < tx->n_in; i++)
        btc_buf_u64le(&b, prevouts[i].value);
    rc |= sha_of(&b, c->sha_amounts);
    for (size_t i = 0; i < tx->n_in; i++)
        btc_buf_varbytes(&b, prevouts[i].script, prevouts[i].script_len);
    rc |= sha_of(&b, c->sha_scriptpubkeys);
    for (size_t i = 0; i < tx->n_in; i++)
        btc_buf_u32le(&b, tx->in[i].sequence);
    rc |= sha_of(&b, c->sha_sequences);
    for (size_t i = 0; i < tx->n_out; i++) {
        btc_buf_u64le(&b, tx->out[i].value);
        btc_buf_varbytes(&b, tx->out[i].script, tx->out[i].script_len);
    }
    rc |= sha_of(&b, c->sha_outputs);
    if (rc != 0)
        return st_err_set(err, "out of memory computing a sighash");
    return 0;
}

int btc_sighash_taproot(const struct btc_tx *tx, const struct btc_prevout *prevouts,
                        const struct btc_sighash_cache *c, size_t index, uint8_t hash_type,
                        struct btc_buf *sigmsg, uint8_t sighash[32], st_err *err)
{
    uint8_t base = hash_type & 0x03;
    int anyonecanpay = (hash_type & BTC_SIGHASH_ANYONECANPAY) != 0;

    memset(sighash, 0, 32);
    /* BIP-341: hash_type must be 0x00-0x03 or 0x81-0x83. */
    if (!(hash_type <= 0x03 || (hash_type >= 0x81 && hash_type <= 0x83)))
        return st_err_set(err, "sighash: invalid hash type 0x%02x", hash_type);
    if (index >= tx->n_in)
        return st_err_set(err, "sighash: input %zu of a transaction with %zu inputs", index, tx->n_in);
    if (base == BTC_SIGHASH_SINGLE && index >= tx->n_out)
        return st_err_set(err, "sighash: SIGHASH_SINGLE for input %zu without a matching output", index);

    struct btc_buf m = BTC_BUF_INIT;
    btc_buf_u8(&m, 0x00); /* epoch */
    btc_buf_u8(&m, hash_type);
    btc_buf_u32le(&m, tx->version);
    btc_buf_u32le(&m, tx->locktime);
    if (!anyonecanpay) {
        btc_buf_put(&m, c->sha_prevouts, 32);
        btc_buf_put(&m, c->sha_amounts, 32);
        btc_buf_put(&m, c->sha_scriptpubkeys, 32);
        btc_buf_put(&m, c->sha_sequences, 32);
    }
    if (base != BTC_SIGHASH_NONE && base != BTC_SIGHASH_SINGLE)
        btc_buf_put(&m, c->sha_outputs, 32);
    btc_buf_u8(&m, 0x00); /* spend_type: ext_flag 0 (key path), no annex */
    if (anyonecanpay) {
        const struct btc_txin *in = &tx->in[index];
        btc_buf_put(&m, in->prev_txid, 32);
        btc_buf_u32le(&m, in->prev_vout);
        btc_buf_u64le(&m, prevouts[index].value);
        btc_buf_varbytes(&m, prevouts[index].script, prevouts[index].script_len);
        btc_buf_u32le(&m, in->sequence);
    } else {
        btc_buf_u32le(&m, (uint32_t)index);
    }
    if (base == BTC_SIGHASH_SINGLE) {
        struct btc_buf o = BTC_BUF_INIT;
        uint8_t h[32];
        btc_buf_u64le(&o, tx->out[index].value);
        btc_buf_varbytes(&o, tx->out[index].script, tx->out[index].script_len);
        if (sha_of(&o, h) != 0) {
            btc_buf_free(&m);
            return st_err_set(err, "out of memory computing a sighash");
        }
        btc_buf_put(&m, h, 32);
    }
    if (!btc_buf_ok(&m)) {
        btc_buf_free(&m);
        return st_err_set(err, "out of memory computing a sighash");
    }
    tagged_hash("TapSighash", m.p, m.n, sighash);
    if (sigmsg != NULL)
        btc_buf_put(sigmsg, m.p, m.n);
    btc_buf_free(&m);
    return 0;
}
