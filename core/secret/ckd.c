/* ckd.c: the requester's side of NEAR MPC CKD (see ckd.h). */
#include "secret/ckd.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "crypto/base58.h"
#include "crypto/bls_g1.h"
#include "crypto/bls_g2.h"
#include "crypto/bls_h2c.h"
#include "crypto/bls_pairing.h"
#include "crypto/hash.h"

/* r, the order of G1 and G2, big-endian. */
static const uint8_t ORDER[32] = {0x73, 0xed, 0xa7, 0x53, 0x29, 0x9d, 0x7d, 0x48, 0x33, 0x39, 0xd8,
                                  0x08, 0x09, 0xa1, 0xd8, 0x05, 0x53, 0xbd, 0xa4, 0x02, 0xff, 0xfe,
                                  0x5b, 0xfe, 0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x01};

void ckd_app_id(const char *predecessor, const char *derivation_path, uint8_t out[32])
{
    size_t np = strlen(CKD_APP_ID_PREFIX), na = strlen(predecessor), nd = strlen(derivation_path);
    uint8_t buf[1024];
    /* Account ids are at most 64 bytes; a path longer than the buffer allows is hashed in one
     * go from a heap copy instead. */
    if (np + na + 1 + nd <= sizeof buf) {
        memcpy(buf, CKD_APP_ID_PREFIX, np);
        memcpy(buf + np, predecessor, na);
        buf[np + na] = ',';
        memcpy(buf + np + na + 1, derivation_path, nd);
        sha3_256(buf, np + na + 1 + nd, out);
        return;
    }
    uint8_t *big = sodium_malloc(np + na + 1 + nd);
    memcpy(big, CKD_APP_ID_PREFIX, np);
    memcpy(big + np, predecessor, na);
    big[np + na] = ',';
    memcpy(big + np + na + 1, derivation_path, nd);
    sha3_256(big, np + na + 1 + nd, out);
    sodium_free(big);
}

/* 0 < a < r, in constant time (the scalar is secret). */
static int scalar_valid(const uint8_t a[32])
{
    unsigned borrow = 0, nonzero = 0;
    for (int i = 31; i >= 0; i--) {
        unsigned d = (unsigned)a[i] - ORDER[i] - borrow;
        borrow = (d >> 8) & 1;
        nonzero |= a[i];
    }
    return borrow & (nonzero != 0);
}

int ckd_request_from_scalar(struct ckd_request *rq, const uint8_t a[32], st_err *err)
{
    if (!scalar_valid(a))
        return st_err_set(err, "ckd: the ephemeral scalar must be in [1, r-1]");
    memcpy(rq->a, a, 32);
    g1 A;
    g1_mul_ct(&A, &G1_GENERATOR, rq->a);
    g1_compress(rq->app_pk, &A);
    sodium_memzero(&A, sizeof A);
    return 0;
}

int ckd_request_new(struct ckd_request *rq, st_err *err)
{
    uint8_t a[32];
    for (int tries = 0; tries < 1000; tries++) {
        randombytes_buf(a, sizeof a);
        a[0] &= 0x7f; /* r < 2^255: about 9 draws in 10 are then in range */
        if (scalar_valid(a)) {
            int rc = ckd_request_from_scalar(rq, a, err);
            sodium_memzero(a, sizeof a);
            return rc;
        }
    }
    sodium_memzero(a, sizeof a);
    return st_err_set(err, "ckd: the random generator failed to give a scalar");
}

void ckd_request_wipe(struct ckd_request *rq)
{
    sodium_memzero(rq, sizeof *rq);
}

static const char *prefix_for(size_t len)
{
    return len == CKD_G1_BYTES ? "bls12381g1:" : len == CKD_G2_BYTES ? "bls12381g2:" : NULL;
}

int ckd_point_text(const uint8_t *pt, size_t len, char *out, size_t cap, st_err *err)
{
    const char *p = prefix_for(len);
    if (p == NULL || cap < strlen(p) + 1)
        return st_err_set(err, "ckd: cannot encode a %zu-byte point", len);
    size_t n = strlen(p);
    memcpy(out, p, n);
    return base58_encode(pt, len, out + n, cap - n, err);
}

int ckd_point_parse(const char *text, uint8_t *out, size_t len, st_err *err)
{
    const char *p = prefix_for(len);
    if (p == NULL || text == NULL)
        return st_err_set(err, "ckd: no point");
    size_t n = strlen(p), got = 0;
    if (strncmp(text, p, n) != 0)
        return st_err_set(err, "ckd: \"%.24s...\" does not start with %s", text, p);
    uint8_t buf[CKD_G2_BYTES + 8];
    st_err e = {0};
    if (base58_decode(text + n, buf, sizeof buf, &got, &e) != 0 || got != len)
        return st_err_set(err, "ckd: %s value is not base58 of %zu bytes", p, len);
    memcpy(out, buf, len);
    return 0;
}

static int hash_point(const g2 *pk, const uint8_t app_id[32], g1 *H, st_err *err)
{
    uint8_t msg[CKD_G2_BYTES + 32];
    g2_compress(msg, pk);
    memcpy(msg + CKD_G2_BYTES, app_id, 32);
    if (bls_hash_to_g1(H, msg, sizeof msg, (const uint8_t *)CKD_DST, strlen(CKD_DST)) != 0)
        return st_err_set(err, "ckd: hash_to_curve failed");
    return 0;
}

int ckd_hash_point(const uint8_t pk[CKD_G2_BYTES], const uint8_t app_id[32], uint8_t out[CKD_G1_BYTES], st_err *err)
{
    g2 P;
    g1 H;
    if (g2_decompress(&P, pk) != 0)
        return st_err_set(err, "ckd: the network key is not a valid G2 point");
    if (hash_point(&P, app_id, &H, err) != 0)
        return -1;
    g1_compress(out, &H);
    return 0;
}

int ckd_finish(const struct ckd_request *rq, const uint8_t big_y[CKD_G1_BYTES], const uint8_t big_c[CKD_G1_BYTES],
               const uint8_t pk[CKD_G2_BYTES], const uint8_t app_id[32], const uint8_t *salt, size_t saltlen,
               const uint8_t *info, size_t infolen, uint8_t secret[CKD_SECRET_BYTES], uint8_t sig_out[CKD_G1_BYTES],
               st_err *err)
{
    g1 Y, C, aY, sig, H, P[2];
    g2 K, Q[2];
    if (g1_decompress(&Y, big_y) != 0)
        return st_err_set(err, "ckd: big_y is not a valid G1 point (off the curve, outside the subgroup or badly "
                               "encoded)");
    if (g1_decompress(&C, big_c) != 0)
        return st_err_set(err, "ckd: big_c is not a valid G1 point");
    if (g2_decompress(&K, pk) != 0)
        return st_err_set(err, "ckd: the network key is not a valid G2 point");
    if (g1_is_infinity(&Y) || g2_is_infinity(&K))
        return st_err_set(err, "ckd: the answer or the network key is the point at infinity");
    g1_mul_ct(&aY, &Y, rq->a);
    g1_neg(&aY, &aY);
    g1_add(&sig, &C, &aY);
    if (hash_point(&K, app_id, &H, err) != 0)
        return -1;
    /* e(H, pk) == e(sig, G2)  <=>  e(H, pk) · e(-sig, G2) == 1 */
    P[0] = H;
    Q[0] = K;
    g1_neg(&P[1], &sig);
    Q[1] = G2_GENERATOR;
    if (g1_is_infinity(&sig) || bls_pairing_check(P, Q, 2) != 1)
        return st_err_set(err, "ckd: the answer does not verify against the network key (e(H, pk) != e(sig, G2)): "
                               "a corrupted answer or another network key; the secret is refused");
    uint8_t s[CKD_G1_BYTES], out[CKD_SECRET_BYTES];
    g1_compress(s, &sig);
    if (hkdf_sha256(s, sizeof s, salt, saltlen, info, infolen, out, sizeof out) != 0)
        return st_err_set(err, "ckd: HKDF failed");
    memcpy(secret, out, sizeof out);
    if (sig_out)
        memcpy(sig_out, s, sizeof s);
    sodium_memzero(out, sizeof out);
    sodium_memzero(s, sizeof s);
    sodium_memzero(&sig, sizeof sig);
    sodium_memzero(&aY, sizeof aY);
    return 0;
}
