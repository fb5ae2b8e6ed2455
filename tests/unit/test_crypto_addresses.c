/* test_crypto_addresses.c: EIP-55 checksums (the EIP's own examples), Ethereum addresses of
 * public keys (EIP-155's example key), BIP-341 taproot tweaks and addresses (every
 * scriptPubKey entry of bip341_wallet_test_vectors.json), BIP-86's published first address,
 * and Solana addresses. Values not from a spec were computed by @scure/@noble libraries. */
#include <secp256k1.h>
#include <sodium.h>
#include <string.h>

#include "check.h"
#include "crypto/addresses.h"
#include "crypto/bech32.h"
#include "crypto/bip32.h"
#include "crypto/bip39.h"
#include "crypto/secp_ctx.h"
#include "crypto/slip10.h"
#include "util/hex.h"

static const char *abandon = "abandon abandon abandon abandon abandon abandon abandon abandon "
                             "abandon abandon abandon about";

static void check_eip55(void)
{
    /* EIP-55 "Test cases" (all caps, all lower, normal). */
    const char *cases[] = {
        "0x52908400098527886E0F7030069857D2E4169EE7", "0x8617E340B3D01FA5F11F306F4090FD50E238070D",
        "0xde709f2102306220921060314715629080e2fb77", "0x27b1fdb04752bbc536007a920d24acb045561c26",
        "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
        "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB", "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char lower[43];
        for (size_t k = 0; k < 43; k++)
            lower[k] = (cases[i][k] >= 'A' && cases[i][k] <= 'F') ? (char)(cases[i][k] + 32) : cases[i][k];
        uint8_t addr[20];
        CHECK(hex_decode(addr, 20, lower) == 0);
        char out[ETH_ADDRESS_BUFSZ];
        eth_address_checksum(addr, out);
        CHECK_STR(out, cases[i]);
    }
}

static void check_eth_pubkey(void)
{
    /* EIP-155's example signer, private key 0x4646...46. */
    const secp256k1_context *ctx = secp_ctx();
    CHECK(ctx != NULL);
    if (!ctx)
        return;
    uint8_t sk[32], pub[33];
    memset(sk, 0x46, 32);
    secp256k1_pubkey pk;
    size_t len = 33;
    CHECK(secp256k1_ec_pubkey_create(ctx, &pk, sk));
    secp256k1_ec_pubkey_serialize(ctx, pub, &len, &pk, SECP256K1_EC_COMPRESSED);
    char out[ETH_ADDRESS_BUFSZ];
    CHECK(eth_address_from_pubkey(pub, out) == 0);
    CHECK_STR(out, "0x9d8A62f656a8d1615C1294fd71e9CFb3E4855A4F");

    /* Invalid keys: X not on the curve, and a prefix that is not 02/03. */
    uint8_t bad[33];
    memset(bad, 0, sizeof bad);
    bad[0] = 0x02;
    bad[32] = 0x07; /* x = 7 has no point (BIP-32 vector 5 uses it for that reason) */
    CHECK(eth_address_from_pubkey(bad, out) == -1 && out[0] == '\0');
    memcpy(bad, pub, 33);
    bad[0] = 0x04;
    CHECK(eth_address_from_pubkey(bad, out) == -1);

    /* The well-known first account of the BIP-39 test mnemonic. */
    uint8_t seed[64];
    bip32_node *root = NULL, *n = NULL;
    CHECK(bip39_mnemonic_to_seed(abandon, NULL, seed, NULL) == 0);
    CHECK(bip32_from_seed(seed, 64, &root, NULL) == 0);
    if (root && bip32_derive_path(root, "m/44'/60'/0'/0/0", &n, NULL) == 0) {
        bip32_pubkey(n, pub);
        CHECK(eth_address_from_pubkey(pub, out) == 0);
        CHECK_STR(out, "0x9858EfFD232B4033E47d90003D41EC34EcaEda94");
    } else {
        CHECK(0);
    }
    bip32_free(n);
    bip32_free(root);
}

static void check_taproot_vectors(void)
{
    json_t *v = check_load_vectors("bip341_wallet_test_vectors.json");
    size_t i;
    json_t *e;
    int keypath = 0, all = 0;
    json_array_foreach(json_object_get(v, "scriptPubKey"), i, e) {
        json_t *given = json_object_get(e, "given"), *inter = json_object_get(e, "intermediary"),
               *exp = json_object_get(e, "expected");
        uint8_t internal[32], root[32], q[32];
        char s[65], addr[BTC_P2TR_ADDRESS_BUFSZ];
        int parity = -1;
        CHECK(hex_decode(internal, 32, json_string_value(json_object_get(given, "internalPubkey"))) == 0);
        const char *root_hex = json_string_value(json_object_get(inter, "merkleRoot"));
        if (root_hex == NULL) {
            CHECK(json_is_null(json_object_get(given, "scriptTree")));
            CHECK(taproot_output_key(internal, q, &parity) == 0);
            keypath++;
        } else {
            CHECK(hex_decode(root, 32, root_hex) == 0);
            CHECK(taproot_tweak_pubkey(internal, root, q, &parity) == 0);
        }
        CHECK(parity == 0 || parity == 1);
        hex_encode(s, q, 32);
        CHECK_STR(s, json_string_value(json_object_get(inter, "tweakedPubkey")));
        /* scriptPubKey = OP_1 <32 bytes>. */
        char spk[69] = "5120";
        strcat(spk, s);
        CHECK_STR(spk, json_string_value(json_object_get(exp, "scriptPubKey")));
        CHECK(btc_p2tr_address(q, "bc", addr, sizeof addr) == 0);
        CHECK_STR(addr, json_string_value(json_object_get(exp, "bip350Address")));
        all++;
    }
    CHECK(keypath == 1);
    CHECK(all == 7);
    json_decref(v);
}

static void check_bip86(void)
{
    /* BIP-86 test vector: first receiving address of the test mnemonic. */
    uint8_t seed[64], pub[33], q[32];
    bip32_node *root = NULL, *n = NULL;
    char s[65], addr[BTC_P2TR_ADDRESS_BUFSZ];
    CHECK(bip39_mnemonic_to_seed(abandon, NULL, seed, NULL) == 0);
    CHECK(bip32_from_seed(seed, 64, &root, NULL) == 0);
    if (!root || bip32_derive_path(root, "m/86'/0'/0'/0/0", &n, NULL) != 0) {
        CHECK(0);
        bip32_free(root);
        return;
    }
    bip32_pubkey(n, pub);
    hex_encode(s, pub + 1, 32);
    CHECK_STR(s, "cc8a4bc64d897bddc5fbc2f670f7a8ba0b386779106cf1223c6fc5d7cd6fc115");
    CHECK(taproot_output_key(pub + 1, q, NULL) == 0);
    hex_encode(s, q, 32);
    CHECK_STR(s, "a60869f0dbcf1dc659c9cecbaf8050135ea9e8cdc487053f1dc6880949dc684c");
    CHECK(btc_p2tr_address(q, "bc", addr, sizeof addr) == 0);
    CHECK_STR(addr, "bc1p5cyxnuxmeuwuvkwfem96lqzszd02n6xdcjrs20cac6yqjjwudpxqkedrcr");

    /* Test networks: the same program under tb and bcrt; other HRPs refused. */
    const char *hrps[] = {"tb", "bcrt"};
    for (size_t i = 0; i < 2; i++) {
        int ver = -1;
        uint8_t prog[SEGWIT_PROGRAM_MAX];
        size_t plen = 0;
        CHECK(btc_p2tr_address(q, hrps[i], addr, sizeof addr) == 0);
        CHECK(segwit_addr_decode(addr, hrps[i], &ver, prog, &plen, NULL) == 0);
        CHECK(ver == 1 && plen == 32 && memcmp(prog, q, 32) == 0);
    }
    CHECK(strlen(addr) == BTC_P2TR_ADDRESS_BUFSZ - 1); /* bcrt is the longest */
    CHECK(btc_p2tr_address(q, "ltc", addr, sizeof addr) == -1);
    CHECK(btc_p2tr_address(q, "BC", addr, sizeof addr) == -1);
    CHECK(btc_p2tr_address(q, "bc", addr, 20) == -1);
    uint8_t bad[32];
    memset(bad, 0xff, 32); /* x >= p */
    CHECK(btc_p2tr_address(bad, "bc", addr, sizeof addr) == -1);
    CHECK(taproot_output_key(bad, q, NULL) == -1);
    bip32_free(n);
    bip32_free(root);
}

static void check_solana(void)
{
    char out[SOL_ADDRESS_BUFSZ];
    uint8_t pub[32] = {0};
    CHECK(sol_address(pub, out, sizeof out) == 0);
    CHECK_STR(out, "11111111111111111111111111111111"); /* the System Program's id */
    /* RFC 8032 test 1 public key. */
    CHECK(hex_decode(pub, 32, "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a") == 0);
    CHECK(sol_address(pub, out, sizeof out) == 0);
    CHECK_STR(out, "FVen3X669xLzsi6N2V91DoiyzHzg1uAgqiT8jZ9nS96Z");
    CHECK(sol_address(pub, out, 10) == -1);

    /* The test mnemonic's first Solana account, m/44'/501'/0'/0'. */
    uint8_t seed[64];
    slip10_node *root = NULL, *n = NULL;
    CHECK(bip39_mnemonic_to_seed(abandon, NULL, seed, NULL) == 0);
    CHECK(slip10_ed25519_from_seed(seed, 64, &root, NULL) == 0);
    if (root && slip10_ed25519_derive_path(root, "m/44'/501'/0'/0'", &n, NULL) == 0) {
        slip10_ed25519_pubkey(n, pub);
        CHECK(sol_address(pub, out, sizeof out) == 0);
        CHECK_STR(out, "HAgk14JpMQLgt6rVgv7cBQFJWFto5Dqxi472uT3DKpqk");
    } else {
        CHECK(0);
    }
    slip10_free(n);
    slip10_free(root);
}

int main(void)
{
    if (sodium_init() < 0)
        return 2;
    check_eip55();
    check_eth_pubkey();
    check_taproot_vectors();
    check_bip86();
    check_solana();
    return check_summary();
}
