/* NEAR transactions (core/near): borsh primitives, the byte layout of Transaction and
 * SignedTransaction for every action kind this client writes, hand-built from the borsh and
 * nearcore transaction specs (and cross-checked against near-api-js 5.1.1's encode(), see
 * tests/interop/test_near.mjs), signing, account-id rules, public-key text and u128 amounts. */
#include <sodium.h>

#include "check.h"
#include "crypto/hash.h"
#include "near/borsh.h"
#include "near/near_tx.h"
#include "util/hex.h"

static char hexbuf[4096];
static const char *hexof(const struct bytebuf *b)
{
    if (b->len * 2 + 1 > sizeof hexbuf)
        return "(too long)";
    hex_encode(hexbuf, b->p ? b->p : (const uint8_t *)"", b->len);
    return hexbuf;
}

static void test_borsh(void)
{
    struct bytebuf b = BYTEBUF_INIT;
    borsh_u8(&b, 0xfe);
    borsh_u32(&b, 0x01020304);
    borsh_u64(&b, 0x1122334455667788ull);
    borsh_u128(&b, (near_u128){0x0f0e0d0c0b0a0908ull, 0x0706050403020100ull});
    borsh_string(&b, "hé");
    borsh_bytes(&b, NULL, 0);
    borsh_fixed(&b, (const uint8_t *)"\x01\x02", 2);
    borsh_enum(&b, 5);
    CHECK(!b.oom);
    CHECK_STR(hexof(&b), "fe"
                         "04030201"
                         "8877665544332211"
                         "000102030405060708090a0b0c0d0e0f"
                         "03000000" "68c3a9"
                         "00000000"
                         "0102"
                         "05");
    bytebuf_free(&b);
    /* A length that does not fit u32 poisons the buffer instead of writing a wrong prefix. */
    if (sizeof(size_t) > 4) {
        borsh_bytes(&b, (const uint8_t *)"x", (size_t)UINT32_MAX + 1);
        CHECK(b.oom);
        bytebuf_free(&b);
    }
}

static void fill(uint8_t *p, uint8_t start, size_t n)
{
    for (size_t i = 0; i < n; i++)
        p[i] = (uint8_t)(start + i);
}

static void test_transfer_layout(void)
{
    struct near_action a = {.kind = NEAR_ACTION_TRANSFER};
    st_err e = {0};
    CHECK(near_u128_parse("1000000000000000000000000", &a.deposit, &e) == 0); /* 1 NEAR */
    struct near_tx tx = {"alice.near", {0, {0}}, 0x0102030405060708ull, "bob.near", {0}, &a, 1};
    fill(tx.public_key.key, 0, 32);
    fill(tx.block_hash, 32, 32);
    struct bytebuf b = BYTEBUF_INIT;
    CHECK(near_tx_serialize(&tx, &b, &e) == 0);
    CHECK_STR(hexof(&b), "0a000000" "616c6963652e6e656172"                                   /* signer_id */
                         "00" "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f" /* key */
                         "0807060504030201"                                                /* nonce */
                         "08000000" "626f622e6e656172"                                     /* receiver */
                         "202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f" /* block */
                         "01000000"                                                        /* 1 action */
                         "03" "000000a1edccce1bc2d3000000000000");                         /* Transfer */
    /* The hash is SHA-256 of exactly these bytes. */
    uint8_t h1[32], h2[32];
    sha256(b.p, b.len, h1);
    CHECK(near_tx_hash(&tx, h2, &e) == 0);
    CHECK_MEM(h1, h2, 32);
    /* A signed transaction appends key type 0 and the 64 signature bytes. */
    uint8_t sig[64];
    fill(sig, 0x40, 64);
    struct bytebuf s = BYTEBUF_INIT;
    CHECK(near_signed_tx_serialize(&tx, sig, &s, &e) == 0);
    CHECK(s.len == b.len + 65 && memcmp(s.p, b.p, b.len) == 0 && s.p[b.len] == 0 && memcmp(s.p + b.len + 1, sig, 64) == 0);
    bytebuf_free(&b);
    bytebuf_free(&s);
}

static void test_all_actions_layout(void)
{
    static const char *const methods[] = {"a", "bc"};
    struct near_action acts[5];
    memset(acts, 0, sizeof acts);
    acts[0].kind = NEAR_ACTION_FUNCTION_CALL;
    acts[0].method_name = "m";
    acts[0].args = (const uint8_t *)"{}";
    acts[0].args_len = 2;
    acts[0].gas = 30000000000000ull; /* 30 Tgas */
    acts[0].deposit = (near_u128){0, 1};
    acts[1].kind = NEAR_ACTION_ADD_KEY;
    memset(acts[1].public_key.key, 0x11, 32);
    acts[1].full_access = 1;
    acts[2].kind = NEAR_ACTION_ADD_KEY;
    memset(acts[2].public_key.key, 0x22, 32);
    acts[2].ak_nonce = 7;
    acts[2].has_allowance = 1;
    acts[2].allowance = (near_u128){UINT64_MAX, UINT64_MAX};
    acts[2].fc_receiver_id = "x.near";
    acts[2].method_names = methods;
    acts[2].n_method_names = 2;
    acts[3].kind = NEAR_ACTION_ADD_KEY;
    memset(acts[3].public_key.key, 0x22, 32);
    acts[3].fc_receiver_id = "x.near"; /* allowance None, any method */
    acts[4].kind = NEAR_ACTION_DELETE_KEY;
    memset(acts[4].public_key.key, 0x33, 32);
    struct near_tx tx = {"a1", {0, {0}}, 1, "c-d_e.f", {0}, acts, 5};
    struct bytebuf b = BYTEBUF_INIT;
    st_err e = {0};
    CHECK(near_tx_serialize(&tx, &b, &e) == 0);
    CHECK_STR(hexof(&b),
              "02000000" "6131"
              "00" "0000000000000000000000000000000000000000000000000000000000000000"
              "0100000000000000"
              "07000000" "632d645f652e66"
              "0000000000000000000000000000000000000000000000000000000000000000"
              "05000000"
              /* FunctionCall: tag 2, "m", args "{}", gas, deposit 1 */
              "02" "01000000" "6d" "02000000" "7b7d" "00e057eb481b0000" "01000000000000000000000000000000"
              /* AddKey FullAccess: tag 5, key, nonce 0, permission 1 */
              "05" "00" "1111111111111111111111111111111111111111111111111111111111111111"
              "0000000000000000" "01"
              /* AddKey FunctionCall: permission 0, Some(2^128-1), "x.near", ["a","bc"] */
              "05" "00" "2222222222222222222222222222222222222222222222222222222222222222"
              "0700000000000000" "00" "01" "ffffffffffffffffffffffffffffffff"
              "06000000" "782e6e656172" "02000000" "01000000" "61" "02000000" "6263"
              /* AddKey FunctionCall: None, "x.near", [] */
              "05" "00" "2222222222222222222222222222222222222222222222222222222222222222"
              "0000000000000000" "00" "00" "06000000" "782e6e656172" "00000000"
              /* DeleteKey: tag 6, key */
              "06" "00" "3333333333333333333333333333333333333333333333333333333333333333");
    bytebuf_free(&b);

    /* Bad input is refused before anything is written that could be sent. */
    const char *bad_signers[] = {"A.near", "a", "-a.near", NULL};
    for (int i = 0; bad_signers[i]; i++) {
        tx.signer_id = bad_signers[i];
        st_err_clear(&e);
        CHECK(near_tx_serialize(&tx, &b, &e) == -1 && strstr(e.msg, "signer_id") != NULL);
        bytebuf_free(&b);
    }
    tx.signer_id = "a1";
    acts[2].fc_receiver_id = "Bad";
    st_err_clear(&e);
    CHECK(near_tx_serialize(&tx, &b, &e) == -1 && strstr(e.msg, "action 2") != NULL);
    bytebuf_free(&b);
    acts[2].fc_receiver_id = "x.near";
    acts[0].method_name = "";
    st_err_clear(&e);
    CHECK(near_tx_serialize(&tx, &b, &e) == -1 && strstr(e.msg, "method name") != NULL);
    bytebuf_free(&b);
    acts[0].method_name = "m";
    tx.public_key.type = 1; /* secp256k1: not written by this module */
    st_err_clear(&e);
    CHECK(near_tx_serialize(&tx, &b, &e) == -1 && strstr(e.msg, "not ed25519") != NULL);
    bytebuf_free(&b);
    tx.public_key.type = 0;
    acts[4].kind = (enum near_action_kind)4; /* Stake: not supported */
    st_err_clear(&e);
    CHECK(near_tx_serialize(&tx, &b, &e) == -1 && strstr(e.msg, "unsupported") != NULL);
    bytebuf_free(&b);
}

/* The signed transaction of the send_tx example in NEAR's RPC documentation
 * (docs.near.org, "RPC API / Transactions / Send transaction"): a Transfer of 1 NEAR from
 * sender.testnet to receiver.testnet. Rebuilt from its fields, it must serialise to the same
 * base64, and its signature (made by the documentation's author with another implementation)
 * must verify over steward's hash of the transaction: the hash is computed as the network does. */
static void test_documented_tx(void)
{
    static const char doc_b64[] =
        "DgAAAHNlbmRlci50ZXN0bmV0AOrmAai64SZOv9e/naX4W15pJx0GAap35wTT1T/DwcbbDwAAAAAAAAAQAAAAcmVjZWl2ZXIudGVzdG5ldNMnL7UR"
        "B1cxPOu3G8jTqlEwlcasagIbKlAJlF5ywVFLAQAAAAMAAACh7czOG8LTAAAAAAAAAGQcOG03xVSFQFjoagOb4NBBqWhERnnz45LY4+52JgZhm1iQ"
        "Kz7qAdPByrGFDQhQ2Mfga8RlbysuQ8D8LlA6bQE=";
    struct near_action a = {.kind = NEAR_ACTION_TRANSFER, .deposit = {0xd3c2ull, 0x1bcecceda1000000ull}};
    struct near_tx tx = {"sender.testnet", {0, {0}}, 15, "receiver.testnet", {0}, &a, 1};
    CHECK(hex_decode(tx.public_key.key, 32, "eae601a8bae1264ebfd7bf9da5f85b5e69271d0601aa77e704d3d53fc3c1c6db") == 0);
    CHECK(hex_decode(tx.block_hash, 32, "d3272fb5110757313cebb71bc8d3aa513095c6ac6a021b2a5009945e72c1514b") == 0);
    uint8_t sig[64];
    CHECK(hex_decode(sig, 64, "641c386d37c554854058e86a039be0d041a968444679f3e392d8e3ee762606619b58902b3eea01d3c1cab1850d"
                              "0850d8c7e06bc4656f2b2e43c0fc2e503a6d01") == 0);
    struct bytebuf b = BYTEBUF_INIT;
    st_err e = {0};
    CHECK(near_signed_tx_serialize(&tx, sig, &b, &e) == 0);
    char *b64 = near_base64(b.p, b.len);
    CHECK_STR(b64, doc_b64);
    free(b64);
    uint8_t h[32];
    CHECK(near_tx_hash(&tx, h, &e) == 0);
    CHECK(crypto_sign_verify_detached(sig, h, 32, tx.public_key.key) == 0);
    char pk[NEAR_PUBKEY_TEXT_MAX];
    near_pubkey_format(&tx.public_key, pk);
    struct near_pubkey back;
    CHECK(near_pubkey_parse(pk, &back, &e) == 0 && memcmp(back.key, tx.public_key.key, 32) == 0);
    bytebuf_free(&b);
}

static void test_sign(void)
{
    uint8_t seed[32], pk[32], sk[64];
    memset(seed, 1, sizeof seed);
    crypto_sign_seed_keypair(pk, sk, seed);
    struct near_action a = {.kind = NEAR_ACTION_FUNCTION_CALL, .method_name = "ping", .gas = 5};
    struct near_tx tx = {"worker.near", {0, {0}}, 42, "signer.near", {0}, &a, 1};
    fill(tx.block_hash, 9, 32);
    near_pubkey_from_sk(sk, &tx.public_key);
    CHECK_MEM(tx.public_key.key, pk, 32);
    struct near_signed_tx s;
    st_err e = {0};
    CHECK(near_tx_sign(&tx, sk, &s, &e) == 0);
    struct bytebuf b = BYTEBUF_INIT;
    CHECK(near_tx_serialize(&tx, &b, &e) == 0);
    uint8_t h[32];
    sha256(b.p, b.len, h);
    CHECK_MEM(s.hash, h, 32);
    /* The signature is over the 32-byte hash, and verifies with the key. */
    CHECK(crypto_sign_verify_detached(s.signature, h, 32, pk) == 0);
    CHECK(crypto_sign_verify_detached(s.signature, b.p, b.len, pk) != 0);
    CHECK(s.bytes.len == b.len + 65 && memcmp(s.bytes.p, b.p, b.len) == 0 && s.bytes.p[b.len] == 0 &&
          memcmp(s.bytes.p + b.len + 1, s.signature, 64) == 0);
    /* ed25519 is deterministic: signing again gives the same bytes. */
    struct near_signed_tx s2;
    CHECK(near_tx_sign(&tx, sk, &s2, &e) == 0);
    CHECK(s2.bytes.len == s.bytes.len && memcmp(s2.bytes.p, s.bytes.p, s.bytes.len) == 0);
    char *b64 = near_base64(s.bytes.p, s.bytes.len);
    uint8_t *back = NULL;
    size_t blen = 0;
    CHECK(b64 && near_base64_decode(b64, &back, &blen, &e) == 0 && blen == s.bytes.len &&
          memcmp(back, s.bytes.p, blen) == 0);
    free(b64);
    free(back);
    near_signed_tx_free(&s);
    near_signed_tx_free(&s2);
    bytebuf_free(&b);
    /* A key that is not the transaction's key is refused. */
    tx.public_key.key[0] ^= 1;
    st_err_clear(&e);
    CHECK(near_tx_sign(&tx, sk, &s, &e) == -1 && strstr(e.msg, "does not belong") != NULL);
    near_signed_tx_free(&s);
}

static void test_base64(void)
{
    st_err e = {0};
    uint8_t *out = NULL;
    size_t n = 0;
    char *s = near_base64(NULL, 0);
    CHECK_STR(s, "");
    free(s);
    s = near_base64((const uint8_t *)"\"ok\"", 4);
    CHECK_STR(s, "Im9rIg==");
    free(s);
    CHECK(near_base64_decode("Im9rIg==", &out, &n, &e) == 0 && n == 4 && strcmp((char *)out, "\"ok\"") == 0);
    free(out);
    CHECK(near_base64_decode("", &out, &n, &e) == 0 && n == 0);
    free(out);
    CHECK(near_base64_decode("Im9rIg", &out, &n, &e) == -1 && out == NULL);
    CHECK(near_base64_decode("Im9r Ig==", &out, &n, &e) == -1);
    CHECK(near_base64_decode("Im9r_g==", &out, &n, &e) == -1);
}

static void test_account_ids(void)
{
    static const char *const good[] = {
        "ok", "bowen", "ek-2", "ek.near", "com", "google.com", "bowen.google.com", "near", "illia.cheap-accounts.near",
        "max_99.near", "100", "near2019", "over.9000", "a.bro", "bro.a", "a_b", "a-b", "0x0", "00",
        /* 64 characters */
        "10-4.8-2", "b-o_w_e-n", "no_lols", "0123456789012345678901234567890123456789012345678901234567890123",
        /* implicit (64 lower-case hex) and eth-implicit accounts */
        "98793cd91a3f870fb126f66285808c7e094afcfc4eda8a970f6648cdf0dbd6de",
        "0xb794f5ea0ba39494ce839613fffba74279579268", NULL};
    static const char *const bad[] = {
        "", "a", "A", "Abc", "-near", "near-", "-near-", "near.", ".near", "near@", "@near", "неар", "@@@@@",
        "0__0", "0_-_0", "0_-_0", "..", "a..near", "nEar", "_bowen", "hello world", "abcdefghijklmnopqrstuvwxyz.abcdefghijklmnopqrstuvwxyz.abcdefghijklmnopqrstuvwxyz",
        "01234567890123456789012345678901234567890123456789012345678901234", /* 65 */
        "a-.b", "a.-b", "a_.b", "a._b",
        "98793CD91A3F870FB126F66285808C7E094AFCFC4EDA8A970F6648CDF0DBD6DE", /* upper-case hex */
        "a\tb", "a b", "a/b", "a+b", NULL};
    for (int i = 0; good[i]; i++) {
        CHECK(near_account_id_valid(good[i]));
        if (!near_account_id_valid(good[i]))
            fprintf(stderr, "  should be valid: %s\n", good[i]);
    }
    for (int i = 0; bad[i]; i++) {
        CHECK(!near_account_id_valid(bad[i]));
        if (near_account_id_valid(bad[i]))
            fprintf(stderr, "  should be invalid: %s\n", bad[i]);
    }
    CHECK(!near_account_id_valid(NULL));
    st_err e = {0};
    CHECK(near_account_id_check("a..b", "receiver_id", &e) == -1);
    CHECK_STR(e.msg, "receiver_id: account id has two adjacent separators");
}

static void test_pubkey_text(void)
{
    st_err e = {0};
    struct near_pubkey pk;
    /* base58 of 32 zero bytes is 32 '1's. */
    CHECK(near_pubkey_parse("ed25519:11111111111111111111111111111111", &pk, &e) == 0);
    uint8_t zero[32] = {0};
    CHECK(pk.type == 0 && memcmp(pk.key, zero, 32) == 0);
    char text[NEAR_PUBKEY_TEXT_MAX];
    memset(pk.key, 0xff, 32);
    near_pubkey_format(&pk, text);
    CHECK_STR(text, "ed25519:JEKNVnkbo3jma5nREBBJCDoXFVeKkD56V3xKrvRmWxFG");
    struct near_pubkey back;
    CHECK(near_pubkey_parse(text, &back, &e) == 0 && memcmp(back.key, pk.key, 32) == 0);
    CHECK(near_pubkey_parse("JEKNVnkbo3jma5nREBBJCDoXFVeKkD56V3xKrvRmWxFG", &back, &e) == -1);
    CHECK(near_pubkey_parse("secp256k1:JEKNVnkbo3jma5nREBBJCDoXFVeKkD56V3xKrvRmWxFG", &back, &e) == -1);
    st_err_clear(&e);
    CHECK(near_pubkey_parse("ed25519:JEKNVnkbo3jma5nREBBJCDoXFVeKkD56V3xKrvRm", &back, &e) == -1 &&
          strstr(e.msg, "an ed25519 key has 32") != NULL);
    CHECK(near_pubkey_parse("ed25519:0OIl", &back, &e) == -1);
    CHECK(near_pubkey_parse("ed25519:", &back, &e) == -1);
    char h[NEAR_HASH_TEXT_MAX];
    uint8_t hash[32], hb[32];
    fill(hash, 0, 32);
    near_hash_format(hash, h);
    CHECK(near_hash_parse(h, hb, &e) == 0 && memcmp(hash, hb, 32) == 0);
}

static void test_u128(void)
{
    static const struct {
        const char *s;
        uint64_t hi, lo;
    } good[] = {
        {"0", 0, 0},
        {"1", 0, 1},
        {"18446744073709551615", 0, UINT64_MAX},
        {"18446744073709551616", 1, 0},
        {"1000000000000000000000000", 0xd3c2ull, 0x1bcecceda1000000ull},
        {"340282366920938463463374607431768211455", UINT64_MAX, UINT64_MAX},
        {"340282366920938463463374607431768211454", UINT64_MAX, UINT64_MAX - 1},
    };
    st_err e = {0};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        near_u128 v = {7, 7};
        CHECK(near_u128_parse(good[i].s, &v, &e) == 0 && v.hi == good[i].hi && v.lo == good[i].lo);
        char out[NEAR_U128_TEXT_MAX];
        near_u128_format(v, out);
        CHECK_STR(out, good[i].s);
    }
    static const char *const bad[] = {
        "", "-1", "+1", "1.0", "1e24", "0x10", " 1", "1 ", "01", "00",
        "340282366920938463463374607431768211456",  /* 2^128 */
        "999999999999999999999999999999999999999",  /* 39 digits, too big */
        "1000000000000000000000000000000000000000", /* 40 digits */
        "1.5", "NaN", "inf", NULL};
    for (int i = 0; bad[i]; i++) {
        near_u128 v;
        st_err_clear(&e);
        CHECK(near_u128_parse(bad[i], &v, &e) == -1 && e.set);
    }
    CHECK(near_u128_parse(NULL, &(near_u128){0, 0}, &e) == -1);
}

int main(void)
{
    if (sodium_init() < 0)
        return 2;
    test_borsh();
    test_transfer_layout();
    test_all_actions_layout();
    test_documented_tx();
    test_sign();
    test_base64();
    test_account_ids();
    test_pubkey_text();
    test_u128();
    return check_summary();
}
