/* tx.c: see tx.h. */
#include "tx.h"

#include <stdlib.h>
#include <string.h>

#include "crypto/hash.h"

/* secp256k1's group order n and n/2 (big-endian), for the signature range checks. */
static const uint8_t CURVE_N[32] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                                    0xff, 0xff, 0xff, 0xff, 0xfe, 0xba, 0xae, 0xdc, 0xe6, 0xaf, 0x48,
                                    0xa0, 0x3b, 0xbf, 0xd2, 0x5e, 0x8c, 0xd0, 0x36, 0x41, 0x41};
static const uint8_t CURVE_HALF_N[32] = {0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                                         0xff, 0xff, 0xff, 0xff, 0xff, 0x5d, 0x57, 0x6e, 0x73, 0x57, 0xa4,
                                         0x50, 0x1d, 0xdf, 0xe9, 0x2f, 0x46, 0x68, 0x1b, 0x20, 0xa0};

void eth_tx_init(struct eth_tx *tx)
{
    memset(tx, 0, sizeof *tx);
    tx->type = ETH_TX_EIP1559;
}

void eth_tx_clear(struct eth_tx *tx)
{
    free(tx->data);
    tx->data = NULL;
    tx->data_len = 0;
}

int eth_tx_set_data(struct eth_tx *tx, const uint8_t *data, size_t len, st_err *err)
{
    uint8_t *copy = NULL;
    if (len > 0) {
        copy = malloc(len);
        if (copy == NULL)
            return st_err_set(err, "out of memory for %zu bytes of call data", len);
        memcpy(copy, data, len);
    }
    free(tx->data);
    tx->data = copy;
    tx->data_len = len;
    return 0;
}

static int check_chain_id(const struct eth_tx *tx, st_err *err)
{
    if (tx->chain_id == 0 || tx->chain_id > ETH_CHAIN_ID_MAX)
        return st_err_set(err, "chain id %llu is out of range (1..%llu)", (unsigned long long)tx->chain_id,
                          (unsigned long long)ETH_CHAIN_ID_MAX);
    return 0;
}

/* The fields both forms share, in legacy order: nonce, gas price, gas, to, value, data. */
static void put_legacy_body(const struct eth_tx *tx, struct rlpbuf *b)
{
    rlp_put_u64(b, tx->nonce);
    rlp_put_u256(b, &tx->max_fee_per_gas);
    rlp_put_u64(b, tx->gas_limit);
    rlp_put_bytes(b, tx->to, 20);
    rlp_put_u256(b, &tx->value);
    rlp_put_bytes(b, tx->data, tx->data_len);
}

/* The nine type-2 fields up to and including the (empty) access list. */
static void put_1559_body(const struct eth_tx *tx, struct rlpbuf *b)
{
    rlp_put_u64(b, tx->chain_id);
    rlp_put_u64(b, tx->nonce);
    rlp_put_u256(b, &tx->max_priority_fee_per_gas);
    rlp_put_u256(b, &tx->max_fee_per_gas);
    rlp_put_u64(b, tx->gas_limit);
    rlp_put_bytes(b, tx->to, 20);
    rlp_put_u256(b, &tx->value);
    rlp_put_bytes(b, tx->data, tx->data_len);
    size_t al = rlp_list_begin(b);
    rlp_list_end(b, al);
}

/* Appends a 32-byte signature component as an RLP integer (leading zeros dropped). */
static void put_sig_int(struct rlpbuf *b, const uint8_t v[32])
{
    u256 x = u256_from_be(v);
    rlp_put_u256(b, &x);
}

int eth_tx_signing_payload(const struct eth_tx *tx, struct rlpbuf *out, st_err *err)
{
    if (check_chain_id(tx, err) != 0)
        return -1;
    if (tx->type == ETH_TX_EIP1559) {
        static const uint8_t type = 0x02;
        rlp_put_raw(out, &type, 1);
        size_t m = rlp_list_begin(out);
        put_1559_body(tx, out);
        rlp_list_end(out, m);
    } else {
        size_t m = rlp_list_begin(out);
        put_legacy_body(tx, out);
        rlp_put_u64(out, tx->chain_id);
        rlp_put_u64(out, 0);
        rlp_put_u64(out, 0);
        rlp_list_end(out, m);
    }
    if (out->oom)
        return st_err_set(err, "out of memory encoding the transaction");
    return 0;
}

int eth_tx_sighash(const struct eth_tx *tx, uint8_t out[32], st_err *err)
{
    struct rlpbuf b;
    rlp_init(&b);
    int rc = eth_tx_signing_payload(tx, &b, err);
    if (rc == 0)
        keccak256(b.p, b.len, out);
    rlp_free(&b);
    return rc;
}

uint64_t eth_tx_intrinsic_gas(const uint8_t *data, size_t len)
{
    uint64_t gas = 21000;
    for (size_t i = 0; i < len; i++) {
        uint64_t cost = data[i] == 0 ? 4 : 16;
        if (gas > UINT64_MAX - cost)
            return UINT64_MAX;
        gas += cost;
    }
    return gas;
}

static int in_range(const uint8_t v[32], const uint8_t limit[32])
{
    static const uint8_t zero[32];
    return memcmp(v, zero, 32) != 0 && memcmp(v, limit, 32) < 0;
}

int eth_tx_set_signature(struct eth_tx *tx, const uint8_t sig[65], st_err *err)
{
    if (sig[64] > 1)
        return st_err_set(err, "signature recovery id %u is not 0 or 1", sig[64]);
    if (!in_range(sig, CURVE_N) || !in_range(sig + 32, CURVE_N))
        return st_err_set(err, "signature r or s is out of range");
    if (memcmp(sig + 32, CURVE_HALF_N, 32) > 0)
        return st_err_set(err, "signature s is not in the lower half of the order (EIP-2)");
    memcpy(tx->r, sig, 32);
    memcpy(tx->s, sig + 32, 32);
    tx->recid = sig[64];
    tx->has_sig = 1;
    return 0;
}

int eth_tx_serialize_signed(const struct eth_tx *tx, struct rlpbuf *out, st_err *err)
{
    if (!tx->has_sig)
        return st_err_set(err, "the transaction is not signed");
    if (check_chain_id(tx, err) != 0)
        return -1;
    if (tx->type == ETH_TX_EIP1559) {
        static const uint8_t type = 0x02;
        rlp_put_raw(out, &type, 1);
        size_t m = rlp_list_begin(out);
        put_1559_body(tx, out);
        rlp_put_u64(out, (uint64_t)tx->recid);
        put_sig_int(out, tx->r);
        put_sig_int(out, tx->s);
        rlp_list_end(out, m);
    } else {
        size_t m = rlp_list_begin(out);
        put_legacy_body(tx, out);
        /* v = recid + chainId * 2 + 35; check_chain_id keeps it within 64 bits. */
        rlp_put_u64(out, (uint64_t)tx->recid + tx->chain_id * 2 + 35);
        put_sig_int(out, tx->r);
        put_sig_int(out, tx->s);
        rlp_list_end(out, m);
    }
    if (out->oom)
        return st_err_set(err, "out of memory encoding the transaction");
    return 0;
}
