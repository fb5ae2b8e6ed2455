/* test_crypto_bip39.c: every English vector of bip39_vectors_english.json (entropy ->
 * mnemonic, mnemonic + "TREZOR" -> seed, seed -> BIP-32 root xprv), NFKD handling, and each
 * kind of invalid mnemonic. */
#include <sodium.h>
#include <string.h>

#include "check.h"
#include "crypto/bip32.h"
#include "crypto/bip39.h"
#include "crypto/nfkd.h"
#include "util/hex.h"

extern const char *const bip39_english[2048];

static void check_vectors(void)
{
    json_t *v = check_load_vectors("bip39_vectors_english.json");
    json_t *list = json_object_get(v, "english"), *e;
    size_t i;
    json_array_foreach(list, i, e) {
        const char *ent_hex = json_string_value(json_array_get(e, 0));
        const char *mnemonic = json_string_value(json_array_get(e, 1));
        const char *seed_hex = json_string_value(json_array_get(e, 2));
        const char *xprv = json_string_value(json_array_get(e, 3));
        uint8_t ent[32], seed[64];
        size_t n = 0;
        CHECK(hex_decode_any(ent, sizeof ent, &n, ent_hex) == 0);

        secbuf m = SECBUF_EMPTY;
        st_err err = {0};
        CHECK(bip39_mnemonic_from_entropy(ent, n, &m, &err) == 0);
        CHECK_STR(m.p ? (const char *)m.p : NULL, mnemonic);
        CHECK(m.p && m.len == strlen(mnemonic));
        secbuf_free(&m);

        CHECK(bip39_mnemonic_check(mnemonic, &err) == 0);
        CHECK(bip39_mnemonic_to_seed(mnemonic, "TREZOR", seed, &err) == 0);
        if (err.set)
            fprintf(stderr, "  vector %zu: %s\n", i, err.msg);
        char got[129];
        hex_encode(got, seed, 64);
        CHECK_STR(got, seed_hex);

        bip32_node *root = NULL;
        secbuf x = SECBUF_EMPTY;
        CHECK(bip32_from_seed(seed, 64, &root, &err) == 0);
        if (root) {
            CHECK(bip32_to_xprv(root, &x, &err) == 0);
            CHECK_STR(x.p ? (const char *)x.p : NULL, xprv);
        }
        secbuf_free(&x);
        bip32_free(root);
    }
    CHECK(i == 24);
    json_decref(v);
}

/* Expects bip39_mnemonic_check to fail with a message containing `want`, and to_seed too. */
static void check_rejects(const char *mnemonic, const char *want)
{
    st_err err = {0};
    uint8_t seed[64];
    CHECK(bip39_mnemonic_check(mnemonic, &err) == -1);
    if (strstr(err.msg, want) == NULL) {
        fprintf(stderr, "  message \"%s\" lacks \"%s\"\n", err.msg, want);
        CHECK(0);
    }
    /* Never the mnemonic itself: two consecutive words would show up. */
    CHECK(strstr(err.msg, "abandon abandon") == NULL && strstr(err.msg, "zoo zoo") == NULL);
    st_err_clear(&err);
    CHECK(bip39_mnemonic_to_seed(mnemonic, NULL, seed, &err) == -1);
    CHECK(err.set);
}

static void check_invalid(void)
{
    const char *ok12 = "abandon abandon abandon abandon abandon abandon abandon abandon abandon "
                       "abandon abandon about";
    CHECK(bip39_mnemonic_check(ok12, NULL) == 0);
    check_rejects("abandon abandon abandon abandon abandon abandon abandom abandon abandon "
                  "abandon abandon about",
                  "word 7 \"abandom\" is not in the BIP-39 English wordlist");
    check_rejects("abandon abandon abandon abandon abandon abandon abandon abandon abandon "
                  "abandon abandon About",
                  "word 12 \"About\" is not in");
    check_rejects("abandon abandon abandon abandon abandon abandon abandon abandon abandon "
                  "abandon abandon abandonabandon",
                  "word 12 \"abandonabandon\" is not in");
    check_rejects("abandon abandon abandon abandon abandon abandon abandon abandon abandon "
                  "abandon abandon abandon",
                  "checksum mismatch");
    check_rejects("zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo", "checksum mismatch");
    check_rejects("abandon abandon abandon abandon abandon abandon abandon abandon abandon "
                  "abandon about",
                  "11 words; expected 12, 15, 18, 21 or 24");
    /* 23 words: the 24-word vector without its last word. */
    check_rejects("zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo "
                  "zoo zoo zoo zoo",
                  "23 words; expected 12, 15, 18, 21 or 24");
    check_rejects("abandon", "1 word; expected");
    check_rejects("", "empty mnemonic");
    check_rejects(" abandon abandon abandon abandon abandon abandon abandon abandon abandon "
                  "abandon abandon about",
                  "starts with a space");
    check_rejects("abandon abandon abandon abandon abandon abandon abandon abandon abandon "
                  "abandon abandon about ",
                  "ends with a space");
    check_rejects("abandon abandon  abandon abandon abandon abandon abandon abandon abandon "
                  "abandon abandon about",
                  "more than one space after word 2");
    check_rejects("abandon abandon abandon abandon abandon abandon abandon abandon abandon "
                  "abandon abandon\tabandon about",
                  "word 11 \"abandon?abandon\" is not in");
    check_rejects("abandon \xff", "not valid UTF-8");

    secbuf m;
    uint8_t ent[33] = {0};
    st_err err = {0};
    size_t bad[] = {0, 12, 15, 17, 30, 33};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        st_err_clear(&err);
        CHECK(bip39_mnemonic_from_entropy(ent, bad[i], &m, &err) == -1);
        CHECK(m.p == NULL && strstr(err.msg, "entropy") != NULL);
    }
}

static void check_nfkd(void)
{
    const char *mn = "legal winner thank year wave sausage worth useful legal winner thank yellow";
    uint8_t a[64], b[64], c[64], d[64];
    /* "nöb" with ö precomposed (U+00F6) and decomposed ("o" + U+0308). */
    CHECK(bip39_mnemonic_to_seed(mn, "n\xc3\xb6" "b", a, NULL) == 0);
    CHECK(bip39_mnemonic_to_seed(mn, "no\xcc\x88" "b", b, NULL) == 0);
    CHECK(memcmp(a, b, 64) == 0);
    CHECK(bip39_mnemonic_to_seed(mn, "nob", c, NULL) == 0);
    CHECK(memcmp(a, c, 64) != 0);
    /* The salt uses the decomposed form (NFKD, not NFC/NFKC): "n\u00f6b" -> "no\u0308b". */
    secbuf nf;
    CHECK(nfkd_normalize("n\xc3\xb6" "b \xef\xac\x81", &nf, NULL) == 0); /* "nöb ﬁ" */
    CHECK_STR((const char *)nf.p, "no\xcc\x88" "b fi");
    CHECK(nf.len == strlen("no\xcc\x88" "b fi"));
    secbuf_free(&nf);
    /* Seed of the test mnemonic with passphrase "nöb", from @scure/bip39. */
    const char *abandon = "abandon abandon abandon abandon abandon abandon abandon abandon "
                          "abandon abandon abandon about";
    CHECK(bip39_mnemonic_to_seed(abandon, "n\xc3\xb6" "b", c, NULL) == 0);
    char hx[129];
    hex_encode(hx, c, 64);
    CHECK_STR(hx, "5ae8a06bac1fb61046bb4c2d57c3f811e1444538f44a6c151fd6d72bc5f4e936"
                  "5ea7f7dedd009f12aa21f22bd9233fec3f3809f2e9ba7d33b60406020792d9a8");
    /* NFKD also folds compatibility forms: fullwidth "ＴＲＥＺＯＲ" is "TREZOR". The
     * expected seed is the published vector for this mnemonic. */
    CHECK(bip39_mnemonic_to_seed(mn, "\xef\xbc\xb4\xef\xbc\xb2\xef\xbc\xa5\xef\xbc\xba\xef\xbc\xaf\xef\xbc\xb2",
                                 d, NULL) == 0);
    char got[129];
    hex_encode(got, d, 64);
    CHECK_STR(got, "2e8905819b8723fe2c1d161860e5ee1830318dbf49a83bd451cfb8440c28bd6f"
                   "a457fe1296106559a3c80937a1c1069be3a3a5bd381ee6260e8d9739fce1f607");
    /* Ideographic spaces (U+3000) between words become plain spaces under NFKD. */
    char wide[256];
    size_t k = 0;
    for (const char *p = mn; *p; p++) {
        if (*p == ' ') {
            memcpy(wide + k, "\xe3\x80\x80", 3);
            k += 3;
        } else {
            wide[k++] = *p;
        }
    }
    wide[k] = '\0';
    CHECK(bip39_mnemonic_check(wide, NULL) == 0);
    CHECK(bip39_mnemonic_to_seed(wide, "TREZOR", c, NULL) == 0);
    CHECK(memcmp(c, d, 64) == 0);
    /* NULL passphrase is the empty one. */
    CHECK(bip39_mnemonic_to_seed(mn, NULL, a, NULL) == 0);
    CHECK(bip39_mnemonic_to_seed(mn, "", b, NULL) == 0);
    CHECK(memcmp(a, b, 64) == 0);
    st_err err = {0};
    CHECK(bip39_mnemonic_to_seed(mn, "bad \xc3", a, &err) == -1);
    CHECK(strstr(err.msg, "passphrase") != NULL && strstr(err.msg, "UTF-8") != NULL);
}

/* Every wordlist word round-trips: entropy that places word w first gives a mnemonic whose
 * first word is bip39_english[w] (exercising the constant-time table scans at each row). */
static void check_every_word(void)
{
    int bad = 0;
    for (uint32_t w = 0; w < 2048; w++) {
        uint8_t ent[16] = {0};
        ent[0] = (uint8_t)(w >> 3);
        ent[1] = (uint8_t)((w & 7) << 5);
        secbuf m;
        if (bip39_mnemonic_from_entropy(ent, 16, &m, NULL) != 0) {
            bad++;
            continue;
        }
        size_t len = strlen(bip39_english[w]);
        if (strncmp((const char *)m.p, bip39_english[w], len) != 0 || m.p[len] != ' ' ||
            bip39_mnemonic_check((const char *)m.p, NULL) != 0)
            bad++;
        secbuf_free(&m);
    }
    CHECK(bad == 0);
}

int main(void)
{
    if (sodium_init() < 0)
        return 2;
    check_vectors();
    check_invalid();
    check_nfkd();
    check_every_word();
    return check_summary();
}
