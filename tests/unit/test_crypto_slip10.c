/* test_crypto_slip10.c: SLIP-10 ed25519 vectors 1-2 (chain code, private key, public key,
 * parent fingerprint at every step, by path and by single steps) and the hardened-only rule. */
#include <sodium.h>
#include <string.h>

#include "check.h"
#include "crypto/hdpath.h"
#include "crypto/slip10.h"
#include "util/hex.h"

static void check_node(const slip10_node *n, json_t *c)
{
    secbuf cc = SECBUF_EMPTY, pk = SECBUF_EMPTY;
    uint8_t pub[32], fpr[4];
    char s[67];
    CHECK(slip10_ed25519_chain_code(n, &cc, NULL) == 0 && cc.len == 32);
    hex_encode(s, cc.p, 32);
    CHECK_STR(s, json_string_value(json_object_get(c, "chain_code")));
    CHECK(slip10_ed25519_privkey(n, &pk, NULL) == 0 && pk.len == 32);
    hex_encode(s, pk.p, 32);
    CHECK_STR(s, json_string_value(json_object_get(c, "private")));
    /* SLIP-10 prints ed25519 public keys with a 00 prefix. */
    slip10_ed25519_pubkey(n, pub);
    s[0] = '0';
    s[1] = '0';
    hex_encode(s + 2, pub, 32);
    CHECK_STR(s, json_string_value(json_object_get(c, "public")));
    slip10_ed25519_parent_fingerprint(n, fpr);
    hex_encode(s, fpr, 4);
    CHECK_STR(s, json_string_value(json_object_get(c, "fingerprint")));
    secbuf_free(&cc);
    secbuf_free(&pk);
}

static void check_vectors(void)
{
    json_t *v = check_load_vectors("slip10_vectors.json");
    size_t i, j;
    json_t *tv, *c;
    int steps = 0;
    json_array_foreach(json_object_get(v, "test_vectors"), i, tv) {
        if (strcmp(json_string_value(json_object_get(tv, "curve")), "ed25519") != 0)
            continue;
        uint8_t seed[64];
        size_t seedlen = 0;
        CHECK(hex_decode_any(seed, sizeof seed, &seedlen,
                             json_string_value(json_object_get(tv, "seed_hex"))) == 0);
        slip10_node *root = NULL, *prev = NULL;
        st_err err = {0};
        CHECK(slip10_ed25519_from_seed(seed, seedlen, &root, &err) == 0);
        if (!root)
            continue;
        json_array_foreach(json_object_get(tv, "chains"), j, c) {
            const char *path = json_string_value(json_object_get(c, "path"));
            slip10_node *n = NULL;
            CHECK(slip10_ed25519_derive_path(root, path, &n, &err) == 0);
            if (!n) {
                fprintf(stderr, "  %s: %s\n", path, err.msg);
                continue;
            }
            check_node(n, c);
            CHECK(slip10_ed25519_depth(n) == j);
            if (prev) {
                /* The same node one step from the previous entry. */
                slip10_node *step = NULL;
                CHECK(slip10_ed25519_derive_child(prev, slip10_ed25519_child_number(n), &step, NULL) == 0);
                if (step)
                    check_node(step, c);
                slip10_free(step);
                /* The parent fingerprint is the fingerprint of the previous node. */
                uint8_t fp[4], pfp[4];
                slip10_ed25519_fingerprint(prev, fp);
                slip10_ed25519_parent_fingerprint(n, pfp);
                CHECK(memcmp(fp, pfp, 4) == 0);
            }
            slip10_free(prev);
            prev = n;
            steps++;
        }
        slip10_free(prev);
        slip10_free(root);
    }
    CHECK(steps == 12);
    json_decref(v);
}

static void check_errors(void)
{
    uint8_t seed[32] = {7};
    slip10_node *root = NULL, *n = NULL;
    st_err err = {0};
    CHECK(slip10_ed25519_from_seed(seed, 15, &root, &err) == -1 && root == NULL);
    CHECK(strstr(err.msg, "seed of 15 bytes") != NULL);
    CHECK(slip10_ed25519_from_seed(seed, 32, &root, NULL) == 0);
    if (!root)
        return;
    st_err_clear(&err);
    CHECK(slip10_ed25519_derive_child(root, 0, &n, &err) == -1 && n == NULL);
    CHECK(strstr(err.msg, "not hardened") != NULL);
    st_err_clear(&err);
    CHECK(slip10_ed25519_derive_path(root, "m/44'/501'/0'/0", &n, &err) == -1 && n == NULL);
    CHECK(strstr(err.msg, "component 4 (0)") != NULL && strstr(err.msg, "not hardened") != NULL);
    st_err_clear(&err);
    CHECK(slip10_ed25519_derive_path(root, "m/44'/501'/0''", &n, &err) == -1 && n == NULL);
    CHECK(strstr(err.msg, "component 3") != NULL);
    /* Path and single steps agree, and "m" is the node itself. */
    slip10_node *a = NULL, *b = NULL, *same = NULL;
    CHECK(slip10_ed25519_derive_path(root, "m/44'/501'", &a, NULL) == 0);
    CHECK(slip10_ed25519_derive_child(root, 44 | HD_HARDENED, &n, NULL) == 0);
    if (n)
        CHECK(slip10_ed25519_derive_child(n, 501 | HD_HARDENED, &b, NULL) == 0);
    CHECK(slip10_ed25519_derive_path(root, "m", &same, NULL) == 0);
    if (a && b && same) {
        uint8_t pa[32], pb[32], pr[32], ps[32];
        slip10_ed25519_pubkey(a, pa);
        slip10_ed25519_pubkey(b, pb);
        slip10_ed25519_pubkey(root, pr);
        slip10_ed25519_pubkey(same, ps);
        CHECK(memcmp(pa, pb, 32) == 0);
        CHECK(memcmp(pr, ps, 32) == 0 && memcmp(pa, pr, 32) != 0);
    }
    slip10_free(a);
    slip10_free(b);
    slip10_free(n);
    slip10_free(same);
    slip10_free(root);
}

int main(void)
{
    if (sodium_init() < 0)
        return 2;
    check_vectors();
    check_errors();
    return check_summary();
}
