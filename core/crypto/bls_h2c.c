/* bls_h2c.c: RFC 9380 hash_to_curve for BLS12-381 G1 (see bls_h2c.h). */
#include "bls_h2c.h"

#include <sodium.h>
#include <string.h>

#include "bls_consts.h"

int bls_expand_message_xmd(uint8_t *out, size_t outlen, const uint8_t *msg, size_t msglen,
                           const uint8_t *dst, size_t dstlen)
{
    uint8_t dst_hash[32];
    size_t ell = (outlen + 31) / 32;
    if (outlen == 0 || outlen > 65535 || ell > 255) return -1;
    crypto_hash_sha256_state st;
    if (dstlen > 255) {
        static const char pre[] = "H2C-OVERSIZE-DST-";
        crypto_hash_sha256_init(&st);
        crypto_hash_sha256_update(&st, (const uint8_t *)pre, sizeof pre - 1);
        crypto_hash_sha256_update(&st, dst, dstlen);
        crypto_hash_sha256_final(&st, dst_hash);
        dst = dst_hash;
        dstlen = 32;
    }
    uint8_t dlen = (uint8_t)dstlen, zpad[64] = {0}, lib[3] = {(uint8_t)(outlen >> 8), (uint8_t)outlen, 0};
    uint8_t b0[32], bi[32], tmp[32];
    /* b_0 = H(Z_pad || msg || l_i_b_str || I2OSP(0, 1) || DST_prime) */
    crypto_hash_sha256_init(&st);
    crypto_hash_sha256_update(&st, zpad, sizeof zpad);
    if (msglen) crypto_hash_sha256_update(&st, msg, msglen);
    crypto_hash_sha256_update(&st, lib, 3);
    if (dstlen) crypto_hash_sha256_update(&st, dst, dstlen);
    crypto_hash_sha256_update(&st, &dlen, 1);
    crypto_hash_sha256_final(&st, b0);
    memset(tmp, 0, sizeof tmp);
    for (size_t i = 1; i <= ell; i++) {
        /* b_i = H(strxor(b_0, b_(i-1)) || I2OSP(i, 1) || DST_prime), with b_0 for b_1's xor
         * partner replaced by zeros (tmp starts at 0, so tmp ^ b0 = b0 for i = 1). */
        uint8_t x[32], ib = (uint8_t)i;
        for (int j = 0; j < 32; j++) x[j] = (uint8_t)(b0[j] ^ tmp[j]);
        crypto_hash_sha256_init(&st);
        crypto_hash_sha256_update(&st, x, 32);
        crypto_hash_sha256_update(&st, &ib, 1);
        if (dstlen) crypto_hash_sha256_update(&st, dst, dstlen);
        crypto_hash_sha256_update(&st, &dlen, 1);
        crypto_hash_sha256_final(&st, bi);
        size_t off = (i - 1) * 32, n = outlen - off < 32 ? outlen - off : 32;
        memcpy(out + off, bi, n);
        memcpy(tmp, bi, 32);
    }
    sodium_memzero(&st, sizeof st);
    return 0;
}

int bls_hash_to_field_fp2x(fp u[2], const uint8_t *msg, size_t msglen, const uint8_t *dst,
                           size_t dstlen)
{
    uint8_t buf[128];
    if (bls_expand_message_xmd(buf, sizeof buf, msg, msglen, dst, dstlen) != 0) return -1;
    fp_from_bytes_wide(&u[0], buf, 64);
    fp_from_bytes_wide(&u[1], buf + 64, 64);
    return 0;
}

static const fp ISO_A = BLS_ISO_A, ISO_B = BLS_ISO_B, SSWU_Z = BLS_SSWU_Z;
static const fp XNUM[BLS_ISO_XNUM_N] = BLS_ISO_XNUM, XDEN[BLS_ISO_XDEN_N] = BLS_ISO_XDEN,
                YNUM[BLS_ISO_YNUM_N] = BLS_ISO_YNUM, YDEN[BLS_ISO_YDEN_N] = BLS_ISO_YDEN;

static void gx(fp *r, const fp *x) /* x^3 + A x + B on E1' */
{
    fp t;
    fp_sqr(&t, x);
    fp_add(&t, &t, &ISO_A);
    fp_mul(&t, &t, x);
    fp_add(r, &t, &ISO_B);
}

static void horner(fp *r, const fp *k, int n, const fp *x)
{
    fp acc = k[n - 1];
    for (int i = n - 2; i >= 0; i--) {
        fp_mul(&acc, &acc, x);
        fp_add(&acc, &acc, &k[i]);
    }
    *r = acc;
}

void bls_map_to_curve_g1(g1 *r, const fp *u)
{
    /* Simplified SWU (RFC 9380 6.6.2) on E1': y^2 = x^3 + A' x + B', Z = 11. */
    fp u2, tv1, t, x1, x2, gx1, gx2, y1, y2, x, y;
    fp_sqr(&u2, u);
    fp_mul(&tv1, &u2, &SSWU_Z);   /* Z u^2 */
    fp_sqr(&t, &tv1);             /* Z^2 u^4 */
    fp_add(&t, &t, &tv1);         /* Z^2 u^4 + Z u^2 */
    fp_inv(&t, &t);               /* inv0 */
    int e = fp_is_zero(&t);
    fp_add(&x1, &t, &FP_ONE);
    fp minus_b_over_a, b_over_za, ai;
    fp_inv(&ai, &ISO_A);
    fp_mul(&minus_b_over_a, &ISO_B, &ai);
    fp_neg(&minus_b_over_a, &minus_b_over_a);
    fp_mul(&x1, &x1, &minus_b_over_a);
    fp_mul(&b_over_za, &ISO_A, &SSWU_Z);
    fp_inv(&b_over_za, &b_over_za);
    fp_mul(&b_over_za, &b_over_za, &ISO_B);
    fp_cmov(&x1, &x1, &b_over_za, (uint64_t)e);
    gx(&gx1, &x1);
    fp_mul(&x2, &tv1, &x1);
    gx(&gx2, &x2);
    int sq1 = fp_sqrt(&y1, &gx1);
    fp_sqrt(&y2, &gx2);
    fp_cmov(&x, &x2, &x1, (uint64_t)sq1);
    fp_cmov(&y, &y2, &y1, (uint64_t)sq1);
    fp ny;
    fp_neg(&ny, &y);
    fp_cmov(&y, &y, &ny, (uint64_t)(fp_sgn0(u) ^ fp_sgn0(&y)));
    /* 11-isogeny E1' -> E1 (Appendix E.2), in projective form: with
     * x = xn/xd and y = y' yn/yd, the point is (xn*yd : y'*yn*xd : xd*yd). */
    fp xn, xd, yn, yd;
    horner(&xn, XNUM, BLS_ISO_XNUM_N, &x);
    horner(&xd, XDEN, BLS_ISO_XDEN_N, &x);
    horner(&yn, YNUM, BLS_ISO_YNUM_N, &x);
    horner(&yd, YDEN, BLS_ISO_YDEN_N, &x);
    fp_mul(&r->x, &xn, &yd);
    fp_mul(&r->y, &y, &yn);
    fp_mul(&r->y, &r->y, &xd);
    fp_mul(&r->z, &xd, &yd);
    /* The isogeny's exceptional inputs (a zero denominator) go to infinity. */
    g1 inf;
    g1_set_infinity(&inf);
    g1_cmov(r, r, &inf, (uint64_t)fp_is_zero(&r->z));
}

int bls_hash_to_g1(g1 *r, const uint8_t *msg, size_t msglen, const uint8_t *dst, size_t dstlen)
{
    fp u[2];
    g1 q0, q1;
    if (bls_hash_to_field_fp2x(u, msg, msglen, dst, dstlen) != 0) return -1;
    bls_map_to_curve_g1(&q0, &u[0]);
    bls_map_to_curve_g1(&q1, &u[1]);
    g1_add(&q0, &q0, &q1);
    g1_clear_cofactor(r, &q0);
    return 0;
}
