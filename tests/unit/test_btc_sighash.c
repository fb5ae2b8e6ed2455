/* test_btc_sighash.c: BIP-341 signature hashes and key-path signatures against the
 * published wallet vectors (bitcoin/bips bip-0341/wallet-test-vectors.json):
 *   keyPathSpending: the transaction parses and re-serialises byte for byte; the five
 *     per-transaction hashes; every input's SigMsg and sighash for its hash type (DEFAULT,
 *     ALL, NONE, SINGLE and the ANYONECANPAY variants); the tweak and tweaked private key;
 *     the expected witness signature verifies against the spent output key, and signing the
 *     sighash with the tweaked key (libsecp256k1, zero aux_rand) reproduces it;
 *   scriptPubKey: every bech32m address decodes to the expected scriptPubKey.
 * Also the refusals: invalid hash types, SINGLE without a matching output. */
#include <secp256k1.h>
#include <secp256k1_extrakeys.h>
#include <secp256k1_schnorrsig.h>

#include "btc_buf.h"
#include "btc_network.h"
#include "btc_script.h"
#include "btc_sighash.h"
#include "btc_tx.h"
#include "check.h"
#include "crypto/hash.h"
#include "util/hex.h"

/* Decodes hex into a malloc'd buffer (exits on bad test data). */
static uint8_t *unhex(const char *hex, size_t *len)
{
    size_t cap = strlen(hex) / 2 + 1;
    uint8_t *p = malloc(cap);
    if (p == NULL || hex_decode_any(p, cap, len, hex) != 0) {
        fprintf(stderr, "bad hex in vectors: %.40s\n", hex);
        exit(2);
    }
    return p;
}

static void check_hex(const uint8_t *got, size_t n, const char *want_hex, const char *what)
{
    char *g = malloc(2 * n + 1);
    hex_encode(g, got, n);
    check_count++;
    if (strcmp(g, want_hex) != 0) {
        check_failed++;
        fprintf(stderr, "%s\n   got: %s\n  want: %s\n", what, g, want_hex);
    }
    free(g);
}

static const char *jstr(json_t *o, const char *path1, const char *path2)
{
    json_t *v = json_object_get(o, path1);
    if (path2 != NULL)
        v = json_object_get(v, path2);
    return json_string_value(v);
}

static void key_path_spending(json_t *kps)
{
    secp256k1_context *ctx = secp256k1_context_create(SECP256K1_CONTEXT_NONE);
    json_t *given = json_object_get(kps, "given");
    size_t rawlen;
    uint8_t *raw = unhex(jstr(given, "rawUnsignedTx", NULL), &rawlen);
    struct btc_tx tx;
    st_err e = { 0 };
    CHECK(btc_tx_parse(raw, rawlen, &tx, &e) == 0);
    if (e.set)
        fprintf(stderr, "parse: %s\n", e.msg);
    CHECK(tx.n_in == 9 && tx.n_out == 2);

    /* Re-serialising the parsed transaction gives the same bytes. */
    struct btc_buf b = BTC_BUF_INIT;
    btc_tx_serialize(&tx, 1, &b);
    CHECK(b.n == rawlen && memcmp(b.p, raw, rawlen) == 0);
    btc_buf_free(&b);

    json_t *utxos = json_object_get(given, "utxosSpent");
    CHECK(json_array_size(utxos) == tx.n_in);
    struct btc_prevout *prev = calloc(tx.n_in, sizeof *prev);
    uint8_t **scripts = calloc(tx.n_in, sizeof *scripts);
    for (size_t i = 0; i < tx.n_in; i++) {
        json_t *u = json_array_get(utxos, i);
        scripts[i] = unhex(jstr(u, "scriptPubKey", NULL), &prev[i].script_len);
        prev[i].script = scripts[i];
        prev[i].value = (uint64_t)json_integer_value(json_object_get(u, "amountSats"));
    }

    struct btc_sighash_cache c;
    CHECK(btc_sighash_precompute(&tx, prev, &c, &e) == 0);
    json_t *im = json_object_get(kps, "intermediary");
    check_hex(c.sha_amounts, 32, jstr(im, "hashAmounts", NULL), "hashAmounts");
    check_hex(c.sha_outputs, 32, jstr(im, "hashOutputs", NULL), "hashOutputs");
    check_hex(c.sha_prevouts, 32, jstr(im, "hashPrevouts", NULL), "hashPrevouts");
    check_hex(c.sha_scriptpubkeys, 32, jstr(im, "hashScriptPubkeys", NULL), "hashScriptPubkeys");
    check_hex(c.sha_sequences, 32, jstr(im, "hashSequences", NULL), "hashSequences");

    json_t *inputs = json_object_get(kps, "inputSpending");
    int seen_types[256] = { 0 };
    CHECK(json_array_size(inputs) == 7);
    for (size_t k = 0; k < json_array_size(inputs); k++) {
        json_t *in = json_array_get(inputs, k), *g = json_object_get(in, "given"), *x = json_object_get(in, "intermediary");
        size_t idx = (size_t)json_integer_value(json_object_get(g, "txinIndex"));
        uint8_t ht = (uint8_t)json_integer_value(json_object_get(g, "hashType"));
        seen_types[ht] = 1;
        char label[64];

        struct btc_buf msg = BTC_BUF_INIT;
        uint8_t sighash[32];
        CHECK(btc_sighash_taproot(&tx, prev, &c, idx, ht, &msg, sighash, &e) == 0);
        snprintf(label, sizeof label, "input %zu (hash type 0x%02x) sigMsg", idx, ht);
        check_hex(msg.p, msg.n, jstr(x, "sigMsg", NULL), label);
        snprintf(label, sizeof label, "input %zu (hash type 0x%02x) sigHash", idx, ht);
        check_hex(sighash, 32, jstr(x, "sigHash", NULL), label);
        btc_buf_free(&msg);

        /* The tweak of the internal key (with the script tree's merkle root when there is one)
         * and the tweaked private key, as the host computes them for BIP-86 (no tree). */
        size_t n;
        uint8_t *sk = unhex(jstr(g, "internalPrivkey", NULL), &n);
        secp256k1_keypair kp;
        secp256k1_xonly_pubkey xpk;
        uint8_t xonly[32], tw_in[64], tweak[32], tsk[32];
        CHECK(secp256k1_keypair_create(ctx, &kp, sk));
        CHECK(secp256k1_keypair_xonly_pub(ctx, &xpk, NULL, &kp));
        CHECK(secp256k1_xonly_pubkey_serialize(ctx, xonly, &xpk));
        check_hex(xonly, 32, jstr(x, "internalPubkey", NULL), "internalPubkey");
        memcpy(tw_in, xonly, 32);
        const char *mr = jstr(g, "merkleRoot", NULL);
        size_t twlen = 32;
        if (mr != NULL) {
            uint8_t *m = unhex(mr, &n);
            memcpy(tw_in + 32, m, 32);
            free(m);
            twlen = 64;
        }
        tagged_hash("TapTweak", tw_in, twlen, tweak);
        check_hex(tweak, 32, jstr(x, "tweak", NULL), "tweak");
        CHECK(secp256k1_keypair_xonly_tweak_add(ctx, &kp, tweak));
        CHECK(secp256k1_keypair_sec(ctx, tsk, &kp));
        check_hex(tsk, 32, jstr(x, "tweakedPrivkey", NULL), "tweakedPrivkey");

        /* The published witness: a 64-byte signature, plus the hash type byte unless DEFAULT. */
        json_t *wit = json_object_get(json_object_get(in, "expected"), "witness");
        CHECK(json_array_size(wit) == 1);
        uint8_t *sig = unhex(json_string_value(json_array_get(wit, 0)), &n);
        CHECK(n == (ht == 0 ? 64u : 65u));
        if (n == 65)
            CHECK(sig[64] == ht);
        /* It verifies against the spent output's key (OP_1 <32 bytes>). */
        secp256k1_xonly_pubkey q;
        CHECK(prev[idx].script_len == 34 && prev[idx].script[0] == 0x51);
        CHECK(secp256k1_xonly_pubkey_parse(ctx, &q, prev[idx].script + 2));
        CHECK(secp256k1_schnorrsig_verify(ctx, sig, sighash, 32, &q));
        /* And signing with zero aux_rand reproduces it byte for byte. */
        uint8_t aux[32] = { 0 }, mine[64];
        CHECK(secp256k1_schnorrsig_sign32(ctx, mine, sighash, &kp, aux));
        CHECK_MEM(mine, sig, 64);
        /* A flipped sighash bit does not verify. */
        sighash[0] ^= 1;
        CHECK(!secp256k1_schnorrsig_verify(ctx, sig, sighash, 32, &q));
        free(sig);
        free(sk);
    }
    /* The vectors cover every hash type. */
    static const uint8_t types[] = { 0x00, 0x01, 0x02, 0x03, 0x81, 0x82, 0x83 };
    for (size_t i = 0; i < sizeof types; i++)
        CHECK(seen_types[types[i]]);

    /* Refusals. */
    uint8_t h[32];
    static const uint8_t bad_types[] = { 0x04, 0x80, 0x84, 0xff, 0x41 };
    for (size_t i = 0; i < sizeof bad_types; i++) {
        st_err e2 = { 0 };
        CHECK(btc_sighash_taproot(&tx, prev, &c, 0, bad_types[i], NULL, h, &e2) == -1);
        CHECK(strstr(e2.msg, "invalid hash type") != NULL);
    }
    st_err e3 = { 0 };
    CHECK(btc_sighash_taproot(&tx, prev, &c, 2, BTC_SIGHASH_SINGLE, NULL, h, &e3) == -1); /* 2 outputs */
    CHECK(strstr(e3.msg, "SIGHASH_SINGLE") != NULL);
    CHECK(btc_sighash_taproot(&tx, prev, &c, 1, BTC_SIGHASH_SINGLE | BTC_SIGHASH_ANYONECANPAY, NULL, h, &e3) == 0);
    CHECK(btc_sighash_taproot(&tx, prev, &c, 9, BTC_SIGHASH_DEFAULT, NULL, h, &e3) == -1);

    /* DEFAULT and ALL differ only in the hash type byte of the SigMsg. */
    struct btc_buf m0 = BTC_BUF_INIT, m1 = BTC_BUF_INIT;
    uint8_t h0[32], h1[32];
    CHECK(btc_sighash_taproot(&tx, prev, &c, 4, 0x00, &m0, h0, &e3) == 0);
    CHECK(btc_sighash_taproot(&tx, prev, &c, 4, 0x01, &m1, h1, &e3) == 0);
    CHECK(m0.n == m1.n && m0.p[1] == 0x00 && m1.p[1] == 0x01 && memcmp(m0.p + 2, m1.p + 2, m0.n - 2) == 0);
    CHECK(memcmp(h0, h1, 32) != 0);
    btc_buf_free(&m0);
    btc_buf_free(&m1);

    for (size_t i = 0; i < tx.n_in; i++)
        free(scripts[i]);
    free(scripts);
    free(prev);
    btc_tx_clear(&tx);
    free(raw);
    secp256k1_context_destroy(ctx);
}

static void script_pubkeys(json_t *list)
{
    const struct btc_network *main = btc_network_by_name("mainnet"), *test = btc_network_by_name("testnet");
    CHECK(json_array_size(list) == 7);
    for (size_t i = 0; i < json_array_size(list); i++) {
        json_t *exp = json_object_get(json_array_get(list, i), "expected");
        const char *addr = jstr(exp, "bip350Address", NULL);
        uint8_t script[BTC_SCRIPT_MAX];
        size_t len;
        enum btc_script_type t;
        st_err e = { 0 };
        CHECK(btc_address_to_script(main, addr, script, &len, &t, &e) == 0);
        CHECK(t == BTC_P2TR);
        check_hex(script, len, jstr(exp, "scriptPubKey", NULL), addr);
        /* The same address is refused on another network. */
        st_err e2 = { 0 };
        CHECK(btc_address_to_script(test, addr, script, &len, &t, &e2) == -1);
        CHECK(strstr(e2.msg, "testnet") != NULL);
    }
}

int main(void)
{
    json_t *v = check_load_vectors("bip341_wallet_test_vectors.json");
    json_t *kps = json_object_get(v, "keyPathSpending");
    CHECK(json_array_size(kps) == 1);
    for (size_t i = 0; i < json_array_size(kps); i++)
        key_path_spending(json_array_get(kps, i));
    script_pubkeys(json_object_get(v, "scriptPubKey"));
    json_decref(v);
    return check_summary();
}
