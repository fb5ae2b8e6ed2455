/* test_crypto_bip32.c: BIP-32 vectors 1-5 (every chain step's xprv and xpub, by single steps,
 * by path, and by public derivation where the step is not hardened; every vector-5
 * rejection with its reason), SLIP-10 secp256k1 vectors 1-2, and path parsing. */
#include <sodium.h>
#include <string.h>

#include "check.h"
#include "crypto/bip32.h"
#include "crypto/hdpath.h"
#include "util/hex.h"

static const char *xprv_of(const bip32_node *n, secbuf *buf)
{
    if (bip32_to_xprv(n, buf, NULL) != 0)
        return NULL;
    return (const char *)buf->p;
}

/* The last index of a path ("m" has none). */
static int last_index(const char *path, uint32_t *idx)
{
    uint32_t all[HD_PATH_MAX_DEPTH];
    size_t n = 0;
    if (hd_path_parse(path, all, HD_PATH_MAX_DEPTH, &n, NULL) != 0 || n == 0)
        return -1;
    *idx = all[n - 1];
    return 0;
}

static void check_chain_vectors(json_t *tv, int *steps)
{
    uint8_t seed[64];
    size_t seedlen = 0;
    CHECK(hex_decode_any(seed, sizeof seed, &seedlen,
                         json_string_value(json_object_get(tv, "seed_hex"))) == 0);
    bip32_node *root = NULL, *prev = NULL;
    st_err err = {0};
    CHECK(bip32_from_seed(seed, seedlen, &root, &err) == 0);
    if (root == NULL)
        return;
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(tv, "chains"), i, c) {
        const char *path = json_string_value(json_object_get(c, "path"));
        const char *want_pub = json_string_value(json_object_get(c, "ext_pub"));
        const char *want_prv = json_string_value(json_object_get(c, "ext_prv"));
        char xpub[BIP32_XKEY_BUFSZ];
        secbuf xprv = SECBUF_EMPTY;

        /* 1. By path from the master. */
        bip32_node *bypath = NULL;
        CHECK(bip32_derive_path(root, path, &bypath, &err) == 0);
        if (bypath == NULL) {
            fprintf(stderr, "  %s: %s\n", path, err.msg);
            break;
        }
        bip32_to_xpub(bypath, xpub);
        CHECK_STR(xpub, want_pub);
        CHECK_STR(xprv_of(bypath, &xprv), want_prv);
        secbuf_free(&xprv);

        /* 2. One step from the previous chain entry (each entry extends the previous). */
        uint32_t idx;
        if (prev != NULL && last_index(path, &idx) == 0) {
            bip32_node *step = NULL;
            CHECK(bip32_derive_child(prev, idx, &step, &err) == 0);
            if (step) {
                bip32_to_xpub(step, xpub);
                CHECK_STR(xpub, want_pub);
                CHECK_STR(xprv_of(step, &xprv), want_prv);
                secbuf_free(&xprv);
                CHECK(bip32_child_number(step) == idx);
                CHECK(bip32_depth(step) == bip32_depth(prev) + 1);
            }
            bip32_free(step);

            /* 3. Public derivation from the parent's xpub: equal for normal steps,
             *    refused for hardened ones. */
            bip32_node *pubparent = NULL, *pubchild = NULL;
            char parent_xpub[BIP32_XKEY_BUFSZ];
            bip32_to_xpub(prev, parent_xpub);
            CHECK(bip32_from_xkey(parent_xpub, &pubparent, &err) == 0);
            if (pubparent) {
                CHECK(!bip32_has_private(pubparent));
                if (idx & HD_HARDENED) {
                    st_err e2 = {0};
                    CHECK(bip32_derive_child(pubparent, idx, &pubchild, &e2) == -1);
                    CHECK(pubchild == NULL && strstr(e2.msg, "hardened") != NULL);
                } else {
                    CHECK(bip32_derive_child(pubparent, idx, &pubchild, &err) == 0);
                    if (pubchild) {
                        bip32_to_xpub(pubchild, xpub);
                        CHECK_STR(xpub, want_pub);
                        CHECK(bip32_to_xprv(pubchild, &xprv, NULL) == -1);
                    }
                }
            }
            bip32_free(pubchild);
            bip32_free(pubparent);
        }

        /* 4. Parsing round-trips both serialisations. */
        bip32_node *parsed = NULL;
        CHECK(bip32_from_xkey(want_prv, &parsed, &err) == 0);
        if (parsed) {
            CHECK(bip32_has_private(parsed));
            CHECK_STR(xprv_of(parsed, &xprv), want_prv);
            secbuf_free(&xprv);
            bip32_to_xpub(parsed, xpub);
            CHECK_STR(xpub, want_pub);
        }
        bip32_free(parsed);
        CHECK(bip32_from_xkey(want_pub, &parsed, &err) == 0);
        if (parsed) {
            bip32_to_xpub(parsed, xpub);
            CHECK_STR(xpub, want_pub);
        }
        bip32_free(parsed);

        bip32_free(prev);
        prev = bypath;
        (*steps)++;
    }
    bip32_free(prev);
    bip32_free(root);
}

/* Vector 5: each key must be refused for the stated reason. */
static void check_invalid_keys(json_t *tv, int *count)
{
    static const struct { const char *reason, *expect; } why[] = {
        {"pubkey version / prvkey mismatch", "xpub holds a private key"},
        {"prvkey version / pubkey mismatch", "xprv holds a public key"},
        {"invalid pubkey prefix 04", "invalid public key prefix 0x04"},
        {"invalid prvkey prefix 04", "invalid private key prefix 0x04"},
        {"invalid pubkey prefix 01", "invalid public key prefix 0x01"},
        {"invalid prvkey prefix 01", "invalid private key prefix 0x01"},
        {"zero depth with non-zero parent fingerprint", "zero depth with non-zero parent fingerprint"},
        {"zero depth with non-zero index", "zero depth with non-zero child index"},
        {"unknown extended key version", "unknown version"},
        {"private key 0 not in 1..n-1", "private key not in 1..n-1"},
        {"private key n not in 1..n-1", "private key not in 1..n-1"},
        {"invalid pubkey 020000000000000000000000000000000000000000000000000000000000000007",
         "invalid public key (not a point"},
        {"invalid checksum", "checksum mismatch"},
    };
    size_t i;
    json_t *e;
    json_array_foreach(json_object_get(tv, "invalid_extended_keys"), i, e) {
        const char *key = json_string_value(json_object_get(e, "key"));
        const char *reason = json_string_value(json_object_get(e, "reason"));
        const char *expect = NULL;
        for (size_t k = 0; k < sizeof why / sizeof why[0]; k++)
            if (strcmp(why[k].reason, reason) == 0)
                expect = why[k].expect;
        CHECK(expect != NULL); /* a reason this test does not know about */
        bip32_node *n = (bip32_node *)1;
        st_err err = {0};
        CHECK(bip32_from_xkey(key, &n, &err) == -1);
        CHECK(n == NULL);
        if (expect && strstr(err.msg, expect) == NULL) {
            fprintf(stderr, "  %s: got \"%s\", want \"%s\"\n", reason, err.msg, expect);
            CHECK(0);
        }
        (*count)++;
    }
}

static void check_bip32(void)
{
    json_t *v = check_load_vectors("bip32_test_vectors.json");
    size_t i;
    json_t *tv;
    int steps = 0, invalid = 0;
    json_array_foreach(json_object_get(v, "test_vectors"), i, tv) {
        if (json_object_get(tv, "chains"))
            check_chain_vectors(tv, &steps);
        else
            check_invalid_keys(tv, &invalid);
    }
    /* Vectors 1-4 have 6 + 6 + 2 + 3 chain entries; vector 5 has 16 invalid keys. */
    CHECK(steps == 17);
    CHECK(invalid == 16);
    json_decref(v);
}

static void check_slip10_secp256k1(void)
{
    json_t *v = check_load_vectors("slip10_vectors.json");
    size_t i, j;
    json_t *tv, *c;
    int steps = 0;
    json_array_foreach(json_object_get(v, "test_vectors"), i, tv) {
        if (strcmp(json_string_value(json_object_get(tv, "curve")), "secp256k1") != 0)
            continue;
        uint8_t seed[64];
        size_t seedlen = 0;
        CHECK(hex_decode_any(seed, sizeof seed, &seedlen,
                             json_string_value(json_object_get(tv, "seed_hex"))) == 0);
        bip32_node *root = NULL;
        CHECK(bip32_from_seed(seed, seedlen, &root, NULL) == 0);
        if (!root)
            continue;
        json_array_foreach(json_object_get(tv, "chains"), j, c) {
            bip32_node *n = NULL;
            CHECK(bip32_derive_path(root, json_string_value(json_object_get(c, "path")), &n, NULL) == 0);
            if (!n)
                continue;
            secbuf cc = SECBUF_EMPTY, pk = SECBUF_EMPTY;
            uint8_t pub[33], fpr[4];
            char s[67];
            CHECK(bip32_chain_code(n, &cc, NULL) == 0 && cc.len == 32);
            hex_encode(s, cc.p, 32);
            CHECK_STR(s, json_string_value(json_object_get(c, "chain_code")));
            CHECK(bip32_privkey(n, &pk, NULL) == 0 && pk.len == 32);
            hex_encode(s, pk.p, 32);
            CHECK_STR(s, json_string_value(json_object_get(c, "private")));
            bip32_pubkey(n, pub);
            hex_encode(s, pub, 33);
            CHECK_STR(s, json_string_value(json_object_get(c, "public")));
            bip32_parent_fingerprint(n, fpr);
            hex_encode(s, fpr, 4);
            CHECK_STR(s, json_string_value(json_object_get(c, "fingerprint")));
            secbuf_free(&cc);
            secbuf_free(&pk);
            bip32_free(n);
            steps++;
        }
        bip32_free(root);
    }
    CHECK(steps == 12);
    json_decref(v);
}

static void check_paths(void)
{
    uint32_t idx[HD_PATH_MAX_DEPTH];
    size_t n = 99;
    CHECK(hd_path_parse("m", idx, 8, &n, NULL) == 0 && n == 0);
    CHECK(hd_path_parse("m/44'/60h/0H/0/2147483647", idx, 8, &n, NULL) == 0 && n == 5);
    CHECK(idx[0] == (44 | HD_HARDENED) && idx[1] == (60 | HD_HARDENED) &&
          idx[2] == HD_HARDENED && idx[3] == 0 && idx[4] == 2147483647u);
    CHECK(hd_path_parse("m/2147483647'", idx, 8, &n, NULL) == 0 && idx[0] == 0xffffffffu);

    static const struct { const char *path, *expect; } bad[] = {
        {"", "must start with \"m\""},
        {"44'/0'", "must start with \"m\""},
        {"M/0", "must start with \"m\""},
        {"m/", "component 1 is not a decimal index"},
        {"m//0", "component 1 is not a decimal index"},
        {"m/0/", "component 2 is not a decimal index"},
        {"m/0x10", "unexpected character after component 1"},
        {"m/1''", "unexpected character after component 1"},
        {"m/-1", "component 1 is not a decimal index"},
        {"m/ 1", "component 1 is not a decimal index"},
        {"m/01", "component 1 has a leading zero"},
        {"m/0/2147483648", "component 2 is 2^31 or more"},
        {"m/4294967296'", "component 1 is 2^31 or more"},
        {"m/99999999999999999999999", "component 1 is 2^31 or more"},
        {"m0", "expected '/' after component 0"},
        {"m/0/1/2/3/4/5/6/7/8", "more than 8 components"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        st_err err = {0};
        CHECK(hd_path_parse(bad[i].path, idx, 8, &n, &err) == -1);
        if (strstr(err.msg, bad[i].expect) == NULL) {
            fprintf(stderr, "  path \"%s\": got \"%s\", want \"%s\"\n", bad[i].path, err.msg,
                    bad[i].expect);
            CHECK(0);
        }
    }
    /* 256 components exceed BIP-32's one-byte depth. */
    char deep[600] = "m";
    for (int i = 0; i < 256; i++)
        strcat(deep, "/0");
    CHECK(hd_path_parse(deep, idx, HD_PATH_MAX_DEPTH, &n, NULL) == -1);
    CHECK(hd_path_parse(deep + 1, idx, HD_PATH_MAX_DEPTH, &n, NULL) == -1); /* no "m" */
}

static void check_errors(void)
{
    uint8_t seed[65] = {1};
    bip32_node *n = NULL, *c = NULL;
    st_err err = {0};
    CHECK(bip32_from_seed(seed, 15, &n, &err) == -1 && n == NULL);
    CHECK(strstr(err.msg, "seed of 15 bytes") != NULL);
    CHECK(bip32_from_seed(seed, 65, &n, NULL) == -1);
    CHECK(bip32_from_seed(seed, 64, &n, NULL) == 0);
    if (n == NULL)
        return;
    st_err_clear(&err);
    CHECK(bip32_derive_path(n, "m/0'/x", &c, &err) == -1 && c == NULL);
    CHECK(strstr(err.msg, "component 2") != NULL);
    /* A public-only node: no private key, no hardened children, no xprv. */
    bip32_node *pub = NULL;
    secbuf sb = SECBUF_EMPTY;
    CHECK(bip32_neuter(n, &pub, NULL) == 0);
    if (pub) {
        CHECK(bip32_privkey(pub, &sb, NULL) == -1 && sb.p == NULL);
        CHECK(bip32_to_xprv(pub, &sb, NULL) == -1 && sb.p == NULL);
        st_err_clear(&err);
        CHECK(bip32_derive_path(pub, "m/1/2'", &c, &err) == -1 && c == NULL);
        CHECK(strstr(err.msg, "cannot derive hardened child 2'") != NULL);
        CHECK(bip32_derive_path(pub, "m/1/2", &c, NULL) == 0);
        bip32_node *priv_c = NULL;
        CHECK(bip32_derive_path(n, "m/1/2", &priv_c, NULL) == 0);
        if (c && priv_c) {
            uint8_t a[33], b[33], fa[4], fb[4];
            bip32_pubkey(c, a);
            bip32_pubkey(priv_c, b);
            CHECK(memcmp(a, b, 33) == 0);
            bip32_parent_fingerprint(c, fa);
            bip32_parent_fingerprint(priv_c, fb);
            CHECK(memcmp(fa, fb, 4) == 0);
        }
        bip32_free(priv_c);
        bip32_free(c);
    }
    bip32_free(pub);
    /* Depth is capped at 255 (serialised in one byte). */
    char deep[1200] = "m";
    for (int i = 0; i < 255; i++)
        strcat(deep, "/1");
    CHECK(bip32_derive_path(n, deep, &c, NULL) == 0);
    if (c) {
        bip32_node *d = NULL;
        CHECK(bip32_depth(c) == 255);
        st_err_clear(&err);
        CHECK(bip32_derive_child(c, 0, &d, &err) == -1 && d == NULL);
        CHECK(strstr(err.msg, "depth 255") != NULL);
        bip32_free(c);
    }
    /* Malformed extended keys beyond vector 5. */
    st_err_clear(&err);
    CHECK(bip32_from_xkey("", &c, &err) == -1 && c == NULL);
    st_err_clear(&err);
    CHECK(bip32_from_xkey("1BgGZ9tcN4rm9KBzDn7KprQz87SZ26SAMH", &c, &err) == -1); /* 21 bytes */
    CHECK(strstr(err.msg, "21 bytes; expected 78") != NULL);
    bip32_free(n);
}

int main(void)
{
    if (sodium_init() < 0)
        return 2;
    check_bip32();
    check_slip10_secp256k1();
    check_paths();
    check_errors();
    return check_summary();
}
