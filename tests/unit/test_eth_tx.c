/* test_eth_tx.c: transaction encoding, signing hashes and signed serialisation
 * (plugins/eth/tx.h).
 *
 * The EIP-155 worked example (tests/vectors/eip155_example.json, from EIPS/eip-155.md) is
 * checked byte for byte: signing data, signing hash, and the signed transaction made with the
 * example's key 0x4646...46 through libsecp256k1 (RFC 6979 nonces, as the example used), which
 * plays the host's signer here. Type-2 transactions are checked structurally (decoded field
 * by field, the signature recovering to the key); their byte-exact agreement with ethers and
 * acceptance by a node are shown by tests/interop/test_eth_hardhat.mjs. */
#include <secp256k1.h>
#include <secp256k1_recovery.h>
#include <string.h>

#include "check.h"
#include "crypto/hash.h"
#include "rlp.h"
#include "tx.h"
#include "u256.h"
#include "util/decimal.h"
#include "util/hex.h"

static secp256k1_context *ctx;

/* Signs like the host does: r || s || recid, low s (libsecp256k1 always produces low s). */
static void host_sign(const uint8_t key[32], const uint8_t digest[32], uint8_t sig[65])
{
    secp256k1_ecdsa_recoverable_signature rs;
    int recid;
    CHECK(secp256k1_ecdsa_sign_recoverable(ctx, &rs, digest, key, NULL, NULL) == 1);
    secp256k1_ecdsa_recoverable_signature_serialize_compact(ctx, sig, &recid, &rs);
    sig[64] = (uint8_t)recid;
}

static u256 dec(const char *s)
{
    uint8_t be[32] = {0};
    CHECK(units_from_string(s, be) == 0);
    return u256_from_be(be);
}

static int buf_equals_hex(const struct rlpbuf *b, const char *hex)
{
    size_t n = strlen(hex) / 2;
    uint8_t *want = malloc(n + 1);
    size_t got = 0;
    int ok = hex_decode_any(want, n + 1, &got, hex) == 0 && got == b->len && memcmp(want, b->p, got) == 0;
    free(want);
    return ok;
}

static void test_eip155_example(void)
{
    json_t *v = check_load_vectors("eip155_example.json");
    struct eth_tx tx;
    eth_tx_init(&tx);
    tx.type = ETH_TX_LEGACY;
    tx.chain_id = (uint64_t)json_integer_value(json_object_get(v, "chain_id"));
    tx.nonce = (uint64_t)json_integer_value(json_object_get(v, "nonce"));
    tx.max_fee_per_gas = dec(json_string_value(json_object_get(v, "gasprice")));
    tx.gas_limit = (uint64_t)json_integer_value(json_object_get(v, "startgas"));
    CHECK(hex_decode(tx.to, 20, json_string_value(json_object_get(v, "to"))) == 0);
    tx.value = dec(json_string_value(json_object_get(v, "value")));
    CHECK(strcmp(json_string_value(json_object_get(v, "data")), "") == 0);

    st_err e = {0};
    struct rlpbuf b;
    rlp_init(&b);
    CHECK(eth_tx_signing_payload(&tx, &b, &e) == 0);
    CHECK(buf_equals_hex(&b, json_string_value(json_object_get(v, "signing_data"))));
    rlp_free(&b);

    uint8_t h[32], want[32];
    CHECK(eth_tx_sighash(&tx, h, &e) == 0);
    CHECK(hex_decode(want, 32, json_string_value(json_object_get(v, "signing_hash"))) == 0);
    CHECK_MEM(h, want, 32);

    uint8_t key[32], sig[65];
    CHECK(hex_decode(key, 32, json_string_value(json_object_get(v, "private_key"))) == 0);
    host_sign(key, h, sig);
    uint8_t r[32], s[32];
    CHECK(hex_decode(r, 32, json_string_value(json_object_get(v, "r_hex"))) == 0);
    CHECK(hex_decode(s, 32, json_string_value(json_object_get(v, "s_hex"))) == 0);
    CHECK_MEM(sig, r, 32);
    CHECK_MEM(sig + 32, s, 32);
    /* The decimal r and s of the EIP are the same integers. */
    u256 rd = dec(json_string_value(json_object_get(v, "r"))), sd = dec(json_string_value(json_object_get(v, "s")));
    uint8_t rb[32], sb[32];
    u256_to_be(&rd, rb);
    u256_to_be(&sd, sb);
    CHECK_MEM(rb, r, 32);
    CHECK_MEM(sb, s, 32);
    /* v = recid + 2 * chain_id + 35 */
    CHECK((json_int_t)sig[64] + 2 * (json_int_t)tx.chain_id + 35 == json_integer_value(json_object_get(v, "v")));

    CHECK(eth_tx_set_signature(&tx, sig, &e) == 0);
    rlp_init(&b);
    CHECK(eth_tx_serialize_signed(&tx, &b, &e) == 0);
    CHECK(buf_equals_hex(&b, json_string_value(json_object_get(v, "signed_tx"))));
    rlp_free(&b);
    eth_tx_clear(&tx);
    json_decref(v);
}

/* Decodes the next item of a list payload, advancing *p / *n. */
static int next_item(const uint8_t **p, size_t *n, struct rlp_item *it)
{
    if (rlp_decode(*p, *n, it) != 0)
        return -1;
    *p += it->total_len;
    *n -= it->total_len;
    return 0;
}

static int item_u64(const struct rlp_item *it, uint64_t want)
{
    u256 v;
    uint64_t x;
    return rlp_item_u256(it, &v) == 0 && u256_to_u64(&v, &x) == 0 && x == want;
}

static void test_1559(void)
{
    uint8_t key[32];
    memset(key, 0x46, 32);
    struct eth_tx tx;
    eth_tx_init(&tx);
    tx.chain_id = 31337;
    tx.nonce = 7;
    tx.max_priority_fee_per_gas = u256_from_u64(1000000000);
    tx.max_fee_per_gas = u256_from_u64(3000000000ULL);
    tx.gas_limit = 25200;
    memset(tx.to, 0x35, 20);
    tx.value = dec("100000000000000000");
    static const uint8_t data[] = {0xa9, 0x05, 0x9c, 0xbb};
    st_err e = {0};
    CHECK(eth_tx_set_data(&tx, data, sizeof data, &e) == 0);

    struct rlpbuf pay;
    rlp_init(&pay);
    CHECK(eth_tx_signing_payload(&tx, &pay, &e) == 0);
    CHECK(pay.len > 1 && pay.p[0] == 0x02);
    uint8_t h[32], h2[32];
    keccak256(pay.p, pay.len, h);
    CHECK(eth_tx_sighash(&tx, h2, &e) == 0);
    CHECK_MEM(h, h2, 32);

    /* The payload is 0x02 || rlp([chainId, nonce, tip, maxFee, gas, to, value, data, []]). */
    struct rlp_item list, it;
    CHECK(rlp_decode_exact(pay.p + 1, pay.len - 1, &list) == 0 && list.is_list);
    const uint8_t *p = list.payload;
    size_t n = list.payload_len;
    CHECK(next_item(&p, &n, &it) == 0 && item_u64(&it, 31337));
    CHECK(next_item(&p, &n, &it) == 0 && item_u64(&it, 7));
    CHECK(next_item(&p, &n, &it) == 0 && item_u64(&it, 1000000000));
    CHECK(next_item(&p, &n, &it) == 0 && item_u64(&it, 3000000000ULL));
    CHECK(next_item(&p, &n, &it) == 0 && item_u64(&it, 25200));
    CHECK(next_item(&p, &n, &it) == 0 && !it.is_list && it.payload_len == 20 && it.payload[0] == 0x35);
    CHECK(next_item(&p, &n, &it) == 0 && item_u64(&it, 100000000000000000ULL));
    CHECK(next_item(&p, &n, &it) == 0 && it.payload_len == 4 && memcmp(it.payload, data, 4) == 0);
    CHECK(next_item(&p, &n, &it) == 0 && it.is_list && it.payload_len == 0);
    CHECK(n == 0);
    rlp_free(&pay);

    uint8_t sig[65];
    host_sign(key, h, sig);
    CHECK(eth_tx_set_signature(&tx, sig, &e) == 0);
    struct rlpbuf sb;
    rlp_init(&sb);
    CHECK(eth_tx_serialize_signed(&tx, &sb, &e) == 0);
    CHECK(sb.p[0] == 0x02);
    CHECK(rlp_decode_exact(sb.p + 1, sb.len - 1, &list) == 0);
    p = list.payload;
    n = list.payload_len;
    for (int i = 0; i < 9; i++)
        CHECK(next_item(&p, &n, &it) == 0);
    struct rlp_item yp, r, s;
    CHECK(next_item(&p, &n, &yp) == 0 && item_u64(&yp, sig[64]));
    CHECK(next_item(&p, &n, &r) == 0 && next_item(&p, &n, &s) == 0 && n == 0);
    /* r and s as RLP integers, then back to 32 bytes, recover to the signing key. */
    u256 rv, sv;
    CHECK(rlp_item_u256(&r, &rv) == 0 && rlp_item_u256(&s, &sv) == 0);
    uint8_t rs[64];
    u256_to_be(&rv, rs);
    u256_to_be(&sv, rs + 32);
    CHECK_MEM(rs, sig, 64);
    secp256k1_ecdsa_recoverable_signature rsig;
    secp256k1_pubkey rec, pub;
    CHECK(secp256k1_ecdsa_recoverable_signature_parse_compact(ctx, &rsig, rs, sig[64]) == 1);
    CHECK(secp256k1_ecdsa_recover(ctx, &rec, &rsig, h) == 1);
    CHECK(secp256k1_ec_pubkey_create(ctx, &pub, key) == 1);
    CHECK(secp256k1_ec_pubkey_cmp(ctx, &rec, &pub) == 0);
    rlp_free(&sb);

    /* Legacy v for a chain id beyond one byte: 2 * 31337 + 35 + recid. */
    tx.type = ETH_TX_LEGACY;
    rlp_init(&sb);
    CHECK(eth_tx_serialize_signed(&tx, &sb, &e) == 0);
    CHECK(rlp_decode_exact(sb.p, sb.len, &list) == 0);
    p = list.payload;
    n = list.payload_len;
    for (int i = 0; i < 6; i++)
        CHECK(next_item(&p, &n, &it) == 0);
    CHECK(next_item(&p, &n, &it) == 0 && item_u64(&it, 62709u + sig[64]));
    rlp_free(&sb);
    eth_tx_clear(&tx);
}

static void test_refusals(void)
{
    struct eth_tx tx;
    eth_tx_init(&tx);
    tx.chain_id = 1;
    st_err e = {0};
    struct rlpbuf b;
    rlp_init(&b);
    CHECK(eth_tx_serialize_signed(&tx, &b, &e) != 0); /* unsigned */
    CHECK(strstr(e.msg, "not signed") != NULL);

    uint8_t sig[65];
    memset(sig, 0x11, 64);
    sig[64] = 2;
    st_err_clear(&e);
    CHECK(eth_tx_set_signature(&tx, sig, &e) != 0 && strstr(e.msg, "recovery id") != NULL);
    sig[64] = 1;
    memset(sig + 32, 0, 32);
    st_err_clear(&e);
    CHECK(eth_tx_set_signature(&tx, sig, &e) != 0); /* s = 0 */
    /* s = n/2 + 1 is high: refused (EIP-2); s = n/2 is accepted. */
    static const char half[] = "7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0";
    CHECK(hex_decode(sig + 32, 32, half) == 0);
    st_err_clear(&e);
    CHECK(eth_tx_set_signature(&tx, sig, &e) == 0);
    sig[63] = 0xa1;
    st_err_clear(&e);
    tx.has_sig = 0;
    CHECK(eth_tx_set_signature(&tx, sig, &e) != 0 && strstr(e.msg, "lower half") != NULL);
    /* r = n is out of range. */
    CHECK(hex_decode(sig, 32, "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141") == 0);
    CHECK(hex_decode(sig + 32, 32, half) == 0);
    st_err_clear(&e);
    CHECK(eth_tx_set_signature(&tx, sig, &e) != 0 && strstr(e.msg, "out of range") != NULL);

    tx.chain_id = 0;
    st_err_clear(&e);
    CHECK(eth_tx_signing_payload(&tx, &b, &e) != 0 && strstr(e.msg, "chain id") != NULL);
    tx.chain_id = ETH_CHAIN_ID_MAX + 1;
    st_err_clear(&e);
    CHECK(eth_tx_signing_payload(&tx, &b, &e) != 0);
    tx.chain_id = ETH_CHAIN_ID_MAX;
    st_err_clear(&e);
    CHECK(eth_tx_signing_payload(&tx, &b, &e) == 0);
    rlp_free(&b);
    eth_tx_clear(&tx);
}

/* Intrinsic gas (EIP-2028): 21000 + 4 per zero byte + 16 per non-zero byte. */
static void test_intrinsic_gas(void)
{
    CHECK(eth_tx_intrinsic_gas(NULL, 0) == 21000);
    static const uint8_t d[] = {0x00, 0x01, 0xff, 0x00, 0x80};
    CHECK(eth_tx_intrinsic_gas(d, sizeof d) == 21000 + 4 + 16 + 16 + 4 + 16);
    /* ERC-20 transfer(0x7099...79C8, 1): 4 + 12 + 20 + 31 + 1 bytes, 39 of them zero. */
    uint8_t t[68] = {0xa9, 0x05, 0x9c, 0xbb};
    static const uint8_t to[20] = {0x70, 0x99, 0x79, 0x70, 0xc5, 0x18, 0x12, 0xdc, 0x3a, 0x01,
                                   0x0c, 0x7d, 0x01, 0xb5, 0x0e, 0x0d, 0x17, 0xdc, 0x79, 0xc8};
    memcpy(t + 16, to, 20);
    t[67] = 1;
    CHECK(eth_tx_intrinsic_gas(t, sizeof t) == 21000 + 43 * 4 + 25 * 16);
}

int main(void)
{
    ctx = secp256k1_context_create(SECP256K1_CONTEXT_NONE);
    test_intrinsic_gas();
    test_eip155_example();
    test_1559();
    test_refusals();
    secp256k1_context_destroy(ctx);
    return check_summary();
}
