/* selftest.c: `steward-mpc-local selftest` (checks of Fr, Shamir/Lagrange and the borsh
 * decoder, run by tests/integration/test_mpc_local.sh). */
#include <getopt.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/bls_g1.h"
#include "fr.h"
#include "mpcl.h"
#include "near/near_tx.h"
#include "tx_decode.h"
#include "util/hex.h"

static int passed, failed;
#define CHECK(c)                                                                                                 \
    do {                                                                                                         \
        if (c)                                                                                                   \
            passed++;                                                                                            \
        else {                                                                                                   \
            failed++;                                                                                            \
            fprintf(stderr, "selftest: %s:%d: FAILED: %s\n", __FILE__, __LINE__, #c);                           \
        }                                                                                                        \
    } while (0)

static const uint8_t R_BE[32] = {0x73, 0xed, 0xa7, 0x53, 0x29, 0x9d, 0x7d, 0x48, 0x33, 0x39, 0xd8,
                                 0x08, 0x09, 0xa1, 0xd8, 0x05, 0x53, 0xbd, 0xa4, 0x02, 0xff, 0xfe,
                                 0x5b, 0xfe, 0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x01};

static void rand_fr(fr *a)
{
    uint8_t w[64];
    randombytes_buf(w, sizeof w);
    fr_from_bytes_wide(a, w, sizeof w);
}

static void test_fr(void)
{
    fr a, b, c, d, one, zero;
    uint8_t buf[32];
    fr_from_u64(&one, 1);
    fr_zero(&zero);
    /* r itself is refused; r-1 is the largest element and r-1 + 1 = 0. */
    CHECK(fr_from_bytes(&a, R_BE) == -1);
    memcpy(buf, R_BE, 32);
    buf[31] = 0; /* r - 1 */
    CHECK(fr_from_bytes(&a, buf) == 0);
    fr_add(&b, &a, &one);
    CHECK(fr_is_zero(&b));
    fr_sub(&b, &zero, &one);
    CHECK(fr_eq(&b, &a));
    fr_mul(&c, &a, &a); /* (-1)^2 = 1 */
    CHECK(fr_eq(&c, &one));
    fr_from_bytes_wide(&c, R_BE, 32); /* r mod r = 0 */
    CHECK(fr_is_zero(&c));
    /* 2^-1 = (r+1)/2 */
    fr_from_u64(&a, 2);
    fr_inv(&b, &a);
    fr_to_bytes(buf, &b);
    char hex[65];
    hex_encode(hex, buf, 32);
    CHECK(strcmp(hex, "39f6d3a994cebea4199cec0404d0ec02a9ded2017fff2dff7fffffff80000001") == 0);
    fr_inv(&b, &zero);
    CHECK(fr_is_zero(&b));
    for (int i = 0; i < 40; i++) {
        rand_fr(&a);
        rand_fr(&b);
        /* a·a^-1 = 1, (a+b)-b = a, a(b+1) = ab + a */
        fr_inv(&c, &a);
        fr_mul(&c, &c, &a);
        CHECK(fr_eq(&c, &one));
        fr_add(&c, &a, &b);
        fr_sub(&c, &c, &b);
        CHECK(fr_eq(&c, &a));
        fr_add(&c, &b, &one);
        fr_mul(&c, &a, &c);
        fr_mul(&d, &a, &b);
        fr_add(&d, &d, &a);
        CHECK(fr_eq(&c, &d));
        /* Against the curve: (ab)·G1 = a·(b·G1), independent of this file's reduction. */
        if (i < 8) {
            uint8_t ab[32], bb[32], xb[32];
            g1 P, Q;
            fr_mul(&c, &a, &b);
            fr_to_bytes(ab, &c);
            fr_to_bytes(bb, &b);
            fr_to_bytes(xb, &a);
            g1_mul_vartime(&P, &G1_GENERATOR, ab);
            g1_mul_vartime(&Q, &G1_GENERATOR, bb);
            g1_mul_vartime(&Q, &Q, xb);
            CHECK(g1_eq(&P, &Q));
            /* and round trip through bytes */
            CHECK(fr_from_bytes(&d, ab) == 0 && fr_eq(&d, &c));
        }
    }
}

/* Shamir t-of-n with every t-subset reconstructing the secret, and t-1 points not enough. */
static void test_shamir(void)
{
    enum { N = 5, T = 3 };
    fr coef[T], share[N + 1];
    for (int k = 0; k < T; k++)
        rand_fr(&coef[k]);
    for (int i = 1; i <= N; i++) {
        fr x, acc = coef[T - 1];
        fr_from_u64(&x, (uint64_t)i);
        for (int k = T - 2; k >= 0; k--) {
            fr_mul(&acc, &acc, &x);
            fr_add(&acc, &acc, &coef[k]);
        }
        share[i] = acc;
    }
    for (int a = 1; a <= N; a++)
        for (int b = a + 1; b <= N; b++)
            for (int c = b + 1; c <= N; c++) {
                uint64_t xs[T] = {(uint64_t)a, (uint64_t)b, (uint64_t)c};
                fr sum, lam, t;
                fr_zero(&sum);
                for (int i = 0; i < T; i++) {
                    CHECK(fr_lagrange0(&lam, xs, T, i) == 0);
                    fr_mul(&t, &lam, &share[xs[i]]);
                    fr_add(&sum, &sum, &t);
                }
                CHECK(fr_eq(&sum, &coef[0]));
            }
    uint64_t two[2] = {1, 2}, dup[2] = {3, 3};
    fr sum, lam, t;
    fr_zero(&sum);
    for (int i = 0; i < 2; i++) {
        fr_lagrange0(&lam, two, 2, i);
        fr_mul(&t, &lam, &share[two[i]]);
        fr_add(&sum, &sum, &t);
    }
    CHECK(!fr_eq(&sum, &coef[0]));
    CHECK(fr_lagrange0(&lam, dup, 2, 0) == -1);
}

static void test_decoder(void)
{
    uint8_t seed[32], pk[32], sk[64];
    memset(seed, 9, sizeof seed);
    crypto_sign_seed_keypair(pk, sk, seed);
    const char *args = "{\"request\":{\"derivation_path\":\"p\"}}";
    const char *names[2] = {"a", "bc"};
    struct near_action acts[4] = {
        {.kind = NEAR_ACTION_FUNCTION_CALL, .method_name = "request_app_private_key", .args = (const uint8_t *)args,
         .args_len = strlen(args), .gas = 300000000000000ull, .deposit = {2, 1}},
        {.kind = NEAR_ACTION_TRANSFER, .deposit = {0, 5}},
        {.kind = NEAR_ACTION_ADD_KEY, .public_key = {0, {1}}, .ak_nonce = 3, .full_access = 0, .has_allowance = 1,
         .allowance = {1, 2}, .fc_receiver_id = "v1.signer", .method_names = names, .n_method_names = 2},
        {.kind = NEAR_ACTION_DELETE_KEY, .public_key = {0, {2}}},
    };
    struct near_tx tx = {"alice.test", {0, {0}}, 77, "v1.signer", {0}, acts, 4};
    near_pubkey_from_sk(sk, &tx.public_key);
    memset(tx.block_hash, 0xab, 32);
    for (size_t na = 1; na <= 4; na++) {
        tx.n_actions = na;
        struct near_signed_tx s;
        st_err e = {0};
        CHECK(near_tx_sign(&tx, sk, &s, &e) == 0);
        struct tx_decoded d;
        CHECK(tx_decode_signed(s.bytes.p, s.bytes.len, &d, &e) == 0);
        CHECK(strcmp(d.signer_id, "alice.test") == 0 && strcmp(d.receiver_id, "v1.signer") == 0);
        CHECK(d.nonce == 77 && memcmp(d.public_key, pk, 32) == 0 && memcmp(d.block_hash, tx.block_hash, 32) == 0);
        CHECK(d.n_actions == na && memcmp(d.hash, s.hash, 32) == 0 && tx_verify_signature(&d));
        CHECK(d.actions[0].tag == 2 && strcmp(d.actions[0].method_name, "request_app_private_key") == 0);
        CHECK(d.actions[0].args_len == strlen(args) && memcmp(d.actions[0].args, args, strlen(args)) == 0);
        CHECK(d.actions[0].gas == 300000000000000ull && d.actions[0].deposit_hi == 2 && d.actions[0].deposit_lo == 1);
        if (na >= 2)
            CHECK(d.actions[1].tag == 3 && d.actions[1].deposit_lo == 5);
        if (na >= 4)
            CHECK(d.actions[2].tag == 5 && d.actions[3].tag == 6);
        tx_decoded_free(&d);
        /* Every truncation fails, and so does a trailing byte. */
        int all_fail = 1;
        for (size_t cut = 0; cut < s.bytes.len; cut++) {
            st_err e2 = {0};
            if (tx_decode_signed(s.bytes.p, cut, &d, &e2) == 0)
                all_fail = 0;
            tx_decoded_free(&d);
        }
        CHECK(all_fail);
        uint8_t *longer = malloc(s.bytes.len + 1);
        memcpy(longer, s.bytes.p, s.bytes.len);
        longer[s.bytes.len] = 0;
        st_err e3 = {0};
        CHECK(tx_decode_signed(longer, s.bytes.len + 1, &d, &e3) == -1 && strstr(e3.msg, "trailing"));
        tx_decoded_free(&d);
        /* A flipped signature bit decodes but does not verify. */
        longer[s.bytes.len - 1] ^= 1;
        CHECK(tx_decode_signed(longer, s.bytes.len, &d, &e3) == 0 && !tx_verify_signature(&d));
        tx_decoded_free(&d);
        free(longer);
        near_signed_tx_free(&s);
    }
}

int cmd_selftest(int argc, char **argv)
{
    (void)argc, (void)argv;
    test_fr();
    test_shamir();
    test_decoder();
    if (failed) {
        printf("selftest: %d of %d checks FAILED\n", failed, passed + failed);
        return 1;
    }
    printf("selftest: %d checks passed\n", passed);
    return 0;
}
