/* btc_tx.c: transaction serialisation, parsing and identifiers (see btc_tx.h). */
#include "btc_tx.h"

#include <stdlib.h>
#include <string.h>

#include "btc_buf.h"
#include "crypto/hash.h"
#include "util/hex.h"

int btc_tx_has_witness(const struct btc_tx *tx)
{
    for (size_t i = 0; i < tx->n_in; i++)
        if (tx->in[i].n_witness > 0)
            return 1;
    return 0;
}

void btc_tx_serialize(const struct btc_tx *tx, int with_witness, struct btc_buf *out)
{
    int segwit = with_witness && btc_tx_has_witness(tx);
    btc_buf_u32le(out, tx->version);
    if (segwit) {
        btc_buf_u8(out, 0x00); /* marker */
        btc_buf_u8(out, 0x01); /* flag */
    }
    btc_buf_compact(out, tx->n_in);
    for (size_t i = 0; i < tx->n_in; i++) {
        const struct btc_txin *in = &tx->in[i];
        btc_buf_put(out, in->prev_txid, 32);
        btc_buf_u32le(out, in->prev_vout);
        btc_buf_varbytes(out, in->script_sig, in->script_sig_len);
        btc_buf_u32le(out, in->sequence);
    }
    btc_buf_compact(out, tx->n_out);
    for (size_t i = 0; i < tx->n_out; i++) {
        btc_buf_u64le(out, tx->out[i].value);
        btc_buf_varbytes(out, tx->out[i].script, tx->out[i].script_len);
    }
    if (segwit) {
        for (size_t i = 0; i < tx->n_in; i++) {
            btc_buf_compact(out, tx->in[i].n_witness);
            for (size_t k = 0; k < tx->in[i].n_witness; k++)
                btc_buf_varbytes(out, tx->in[i].witness[k].p, tx->in[i].witness[k].n);
        }
    }
    btc_buf_u32le(out, tx->locktime);
}

/* Serialised size, computed arithmetically so that it cannot fail. */
static uint64_t serialized_size(const struct btc_tx *tx, int with_witness)
{
    int segwit = with_witness && btc_tx_has_witness(tx);
    uint64_t n = 4 + 4 + (segwit ? 2 : 0) + btc_compact_size_len(tx->n_in) + btc_compact_size_len(tx->n_out);
    for (size_t i = 0; i < tx->n_in; i++)
        n += 32 + 4 + btc_compact_size_len(tx->in[i].script_sig_len) + tx->in[i].script_sig_len + 4;
    for (size_t i = 0; i < tx->n_out; i++)
        n += 8 + btc_compact_size_len(tx->out[i].script_len) + tx->out[i].script_len;
    if (segwit) {
        for (size_t i = 0; i < tx->n_in; i++) {
            n += btc_compact_size_len(tx->in[i].n_witness);
            for (size_t k = 0; k < tx->in[i].n_witness; k++)
                n += btc_compact_size_len(tx->in[i].witness[k].n) + tx->in[i].witness[k].n;
        }
    }
    return n;
}

uint64_t btc_tx_weight(const struct btc_tx *tx)
{
    return 3 * serialized_size(tx, 0) + serialized_size(tx, 1);
}

uint64_t btc_tx_vsize(const struct btc_tx *tx)
{
    return (btc_tx_weight(tx) + 3) / 4;
}

static int hash_serialization(const struct btc_tx *tx, int with_witness, uint8_t out[32], st_err *err)
{
    struct btc_buf b = BTC_BUF_INIT;
    btc_tx_serialize(tx, with_witness, &b);
    if (!btc_buf_ok(&b)) {
        btc_buf_free(&b);
        return st_err_set(err, "out of memory serialising a transaction");
    }
    sha256d(b.p, b.n, out);
    btc_buf_free(&b);
    return 0;
}

int btc_tx_txid(const struct btc_tx *tx, uint8_t out[32], st_err *err)
{
    return hash_serialization(tx, 0, out, err);
}

int btc_tx_wtxid(const struct btc_tx *tx, uint8_t out[32], st_err *err)
{
    return hash_serialization(tx, 1, out, err);
}

void btc_hash_to_hex(const uint8_t h[32], char out[65])
{
    uint8_t r[32];
    for (int i = 0; i < 32; i++)
        r[i] = h[31 - i];
    hex_encode(out, r, 32);
}

int btc_hash_from_hex(const char *hex, uint8_t out[32])
{
    uint8_t r[32];
    if (strlen(hex) != 64 || hex_decode_n(r, 32, hex, 64) != 0)
        return -1;
    for (int i = 0; i < 32; i++)
        out[i] = r[31 - i];
    return 0;
}

void btc_tx_clear(struct btc_tx *tx)
{
    if (tx->in != NULL)
        for (size_t i = 0; i < tx->n_in; i++)
            free((void *)tx->in[i].witness);
    free(tx->in);
    free(tx->out);
    memset(tx, 0, sizeof *tx);
}

/* A count read from the wire is bounded by the bytes left (each element takes at least
 * `min_bytes`), so a forged count cannot make us allocate more than the input justifies. */
static int read_count(struct btc_reader *r, size_t min_bytes, size_t *out)
{
    uint64_t v;
    *out = 0;
    if (btc_read_compact(r, &v) != 0)
        return -1;
    if (min_bytes > 0 && v > r->n / min_bytes) {
        r->failed = 1;
        return -1;
    }
    *out = (size_t)v;
    return 0;
}

static int read_varbytes(struct btc_reader *r, const uint8_t **p, size_t *n)
{
    size_t len;
    if (read_count(r, 1, &len) != 0)
        return -1;
    *n = len;
    return btc_read_bytes(r, len, p);
}

int btc_tx_parse(const uint8_t *raw, size_t len, struct btc_tx *tx, st_err *err)
{
    struct btc_reader r = { raw, len, 0 };
    memset(tx, 0, sizeof *tx);
    if (btc_read_u32le(&r, &tx->version) != 0)
        return st_err_set(err, "transaction: truncated version");
    int segwit = 0;
    if (r.n >= 2 && r.p[0] == 0x00) {
        /* 0x00 cannot be an input count of a meaningful legacy transaction: BIP-144's marker. */
        if (r.p[1] != 0x01)
            return st_err_set(err, "transaction: segwit flag is 0x%02x, not 0x01", r.p[1]);
        r.p += 2;
        r.n -= 2;
        segwit = 1;
    }
    /* An input takes at least 41 bytes, an output at least 9. */
    if (read_count(&r, 41, &tx->n_in) != 0)
        return st_err_set(err, "transaction: bad input count");
    if (tx->n_in == 0)
        return st_err_set(err, "transaction: no inputs");
    tx->in = calloc(tx->n_in, sizeof *tx->in);
    if (tx->in == NULL)
        return st_err_set(err, "out of memory parsing a transaction");
    for (size_t i = 0; i < tx->n_in; i++) {
        struct btc_txin *in = &tx->in[i];
        const uint8_t *h;
        if (btc_read_bytes(&r, 32, &h) != 0 || btc_read_u32le(&r, &in->prev_vout) != 0 ||
            read_varbytes(&r, &in->script_sig, &in->script_sig_len) != 0 ||
            btc_read_u32le(&r, &in->sequence) != 0) {
            btc_tx_clear(tx);
            return st_err_set(err, "transaction: input %zu is truncated or malformed", i);
        }
        memcpy(in->prev_txid, h, 32);
    }
    if (read_count(&r, 9, &tx->n_out) != 0) {
        btc_tx_clear(tx);
        return st_err_set(err, "transaction: bad output count");
    }
    tx->out = calloc(tx->n_out ? tx->n_out : 1, sizeof *tx->out);
    if (tx->out == NULL) {
        btc_tx_clear(tx);
        return st_err_set(err, "out of memory parsing a transaction");
    }
    for (size_t i = 0; i < tx->n_out; i++) {
        if (btc_read_u64le(&r, &tx->out[i].value) != 0 ||
            read_varbytes(&r, &tx->out[i].script, &tx->out[i].script_len) != 0) {
            btc_tx_clear(tx);
            return st_err_set(err, "transaction: output %zu is truncated or malformed", i);
        }
    }
    if (segwit) {
        int any = 0;
        for (size_t i = 0; i < tx->n_in; i++) {
            size_t items;
            if (read_count(&r, 1, &items) != 0) {
                btc_tx_clear(tx);
                return st_err_set(err, "transaction: witness %zu is truncated or malformed", i);
            }
            if (items == 0)
                continue;
            struct btc_bytes *w = calloc(items, sizeof *w);
            if (w == NULL) {
                btc_tx_clear(tx);
                return st_err_set(err, "out of memory parsing a transaction");
            }
            tx->in[i].witness = w;
            tx->in[i].n_witness = items;
            for (size_t k = 0; k < items; k++) {
                if (read_varbytes(&r, &w[k].p, &w[k].n) != 0) {
                    btc_tx_clear(tx);
                    return st_err_set(err, "transaction: witness %zu item %zu is truncated", i, k);
                }
            }
            any = 1;
        }
        if (!any) {
            btc_tx_clear(tx);
            return st_err_set(err, "transaction: segwit serialisation without any witness");
        }
    }
    if (btc_read_u32le(&r, &tx->locktime) != 0) {
        btc_tx_clear(tx);
        return st_err_set(err, "transaction: truncated locktime");
    }
    if (r.n != 0) {
        btc_tx_clear(tx);
        return st_err_set(err, "transaction: %zu trailing bytes", r.n);
    }
    return 0;
}
