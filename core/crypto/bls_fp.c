/* bls_fp.c: BLS12-381 base field arithmetic, Montgomery form with R = 2^384.
 * Written from the curve parameters; see bls_fp.h for the conventions. */
#include "bls_fp.h"

#include <string.h>

#include "bls_consts.h"

typedef unsigned __int128 u128;

static const uint64_t P[6] = BLS_P_LIMBS;
static const fp R2 = {BLS_R2_LIMBS};
const fp FP_ZERO = {{0, 0, 0, 0, 0, 0}};
const fp FP_ONE = {BLS_ONE_LIMBS};

/* r = t - p if t >= p else t, for t < 2p (t given as 6 limbs plus a carry limb hi). */
static void reduce_once(uint64_t r[6], const uint64_t t[6], uint64_t hi)
{
    uint64_t s[6], borrow = 0;
    for (int i = 0; i < 6; i++) {
        u128 d = (u128)t[i] - P[i] - borrow;
        s[i] = (uint64_t)d;
        borrow = (uint64_t)(d >> 64) & 1;
    }
    /* keep t when the subtraction borrowed past the carry limb */
    uint64_t keep = (uint64_t)0 - (borrow & (uint64_t)(hi == 0));
    for (int i = 0; i < 6; i++) r[i] = (t[i] & keep) | (s[i] & ~keep);
}

void fp_add(fp *r, const fp *a, const fp *b)
{
    uint64_t t[6], c = 0;
    for (int i = 0; i < 6; i++) {
        u128 s = (u128)a->l[i] + b->l[i] + c;
        t[i] = (uint64_t)s;
        c = (uint64_t)(s >> 64);
    }
    reduce_once(r->l, t, c);
}

void fp_dbl(fp *r, const fp *a) { fp_add(r, a, a); }

void fp_sub(fp *r, const fp *a, const fp *b)
{
    uint64_t t[6], borrow = 0;
    for (int i = 0; i < 6; i++) {
        u128 d = (u128)a->l[i] - b->l[i] - borrow;
        t[i] = (uint64_t)d;
        borrow = (uint64_t)(d >> 64) & 1;
    }
    uint64_t mask = (uint64_t)0 - borrow, c = 0;
    for (int i = 0; i < 6; i++) {
        u128 s = (u128)t[i] + (P[i] & mask) + c;
        r->l[i] = (uint64_t)s;
        c = (uint64_t)(s >> 64);
    }
}

void fp_neg(fp *r, const fp *a) { fp_sub(r, &FP_ZERO, a); }

/* Montgomery product a*b/R mod p (CIOS). Inputs a < 2^384, b < p suffice for a result < 2p
 * before the final subtraction. */
static void mont_mul(uint64_t r[6], const uint64_t a[6], const uint64_t b[6])
{
    uint64_t t[8] = {0};
    for (int i = 0; i < 6; i++) {
        uint64_t c = 0;
        for (int j = 0; j < 6; j++) {
            u128 s = (u128)a[j] * b[i] + t[j] + c;
            t[j] = (uint64_t)s;
            c = (uint64_t)(s >> 64);
        }
        u128 s = (u128)t[6] + c;
        t[6] = (uint64_t)s;
        t[7] = (uint64_t)(s >> 64);
        uint64_t m = t[0] * BLS_P_INV;
        s = (u128)m * P[0] + t[0];
        c = (uint64_t)(s >> 64);
        for (int j = 1; j < 6; j++) {
            s = (u128)m * P[j] + t[j] + c;
            t[j - 1] = (uint64_t)s;
            c = (uint64_t)(s >> 64);
        }
        s = (u128)t[6] + c;
        t[5] = (uint64_t)s;
        t[6] = t[7] + (uint64_t)(s >> 64);
    }
    reduce_once(r, t, t[6]);
}

void fp_mul(fp *r, const fp *a, const fp *b) { mont_mul(r->l, a->l, b->l); }
void fp_sqr(fp *r, const fp *a) { mont_mul(r->l, a->l, a->l); }

void fp_pow_vartime(fp *r, const fp *a, const uint64_t *e, size_t n)
{
    fp acc = FP_ONE, base = *a;
    size_t top = n * 64;
    while (top > 0 && !((e[(top - 1) / 64] >> ((top - 1) % 64)) & 1)) top--;
    for (size_t i = top; i-- > 0;) {
        fp_sqr(&acc, &acc);
        if ((e[i / 64] >> (i % 64)) & 1) fp_mul(&acc, &acc, &base);
    }
    *r = acc;
}

void fp_inv(fp *r, const fp *a)
{
    static const uint64_t e[] = BLS_EXP_PM2_LIMBS;
    fp_pow_vartime(r, a, e, BLS_EXP_PM2_NLIMBS);
}

int fp_is_zero(const fp *a)
{
    uint64_t x = 0;
    for (int i = 0; i < 6; i++) x |= a->l[i];
    return (int)(((x | ((uint64_t)0 - x)) >> 63) ^ 1);
}

int fp_eq(const fp *a, const fp *b)
{
    uint64_t x = 0;
    for (int i = 0; i < 6; i++) x |= a->l[i] ^ b->l[i];
    return (int)(((x | ((uint64_t)0 - x)) >> 63) ^ 1);
}

void fp_cmov(fp *r, const fp *a, const fp *b, uint64_t c)
{
    uint64_t m = (uint64_t)0 - (c & 1);
    for (int i = 0; i < 6; i++) r->l[i] = (a->l[i] & ~m) | (b->l[i] & m);
}

int fp_sqrt(fp *r, const fp *a)
{
    static const uint64_t e[] = BLS_EXP_SQRT_LIMBS;
    fp s, chk;
    fp_pow_vartime(&s, a, e, BLS_EXP_SQRT_NLIMBS);
    fp_sqr(&chk, &s);
    *r = s;
    return fp_eq(&chk, a);
}

int fp_legendre(const fp *a)
{
    static const uint64_t e[] = BLS_EXP_PM1D2_LIMBS;
    fp s;
    fp_pow_vartime(&s, a, e, BLS_EXP_PM1D2_NLIMBS);
    if (fp_is_zero(&s)) return 0;
    return fp_eq(&s, &FP_ONE) ? 1 : -1;
}

void fp_from_u64(fp *r, uint64_t v)
{
    uint64_t t[6] = {v, 0, 0, 0, 0, 0};
    mont_mul(r->l, t, R2.l);
}

void fp_to_canonical(uint64_t out[6], const fp *a)
{
    static const uint64_t one[6] = {1, 0, 0, 0, 0, 0};
    mont_mul(out, a->l, one);
}

int fp_sgn0(const fp *a)
{
    uint64_t c[6];
    fp_to_canonical(c, a);
    return (int)(c[0] & 1);
}

int fp_is_lex_largest(const fp *a)
{
    static const uint64_t half[6] = BLS_EXP_PM1D2_LIMBS; /* (p-1)/2 */
    uint64_t c[6], borrow = 0;
    fp_to_canonical(c, a);
    /* half - c borrows exactly when c > half */
    for (int i = 0; i < 6; i++) {
        u128 d = (u128)half[i] - c[i] - borrow;
        borrow = (uint64_t)(d >> 64) & 1;
    }
    return (int)borrow;
}

static void be_to_limbs(uint64_t t[6], const uint8_t in[FP_BYTES])
{
    for (int i = 0; i < 6; i++) {
        uint64_t v = 0;
        for (int j = 0; j < 8; j++) v = (v << 8) | in[(5 - i) * 8 + j];
        t[i] = v;
    }
}

int fp_from_bytes(fp *r, const uint8_t in[FP_BYTES])
{
    uint64_t t[6], borrow = 0;
    be_to_limbs(t, in);
    for (int i = 0; i < 6; i++) {
        u128 d = (u128)t[i] - P[i] - borrow;
        borrow = (uint64_t)(d >> 64) & 1;
    }
    if (!borrow) return -1; /* t >= p */
    mont_mul(r->l, t, R2.l);
    return 0;
}

void fp_to_bytes(uint8_t out[FP_BYTES], const fp *a)
{
    uint64_t c[6];
    fp_to_canonical(c, a);
    for (int i = 0; i < 6; i++)
        for (int j = 0; j < 8; j++) out[(5 - i) * 8 + j] = (uint8_t)(c[i] >> (56 - 8 * j));
}

void fp_from_bytes_wide(fp *r, const uint8_t *in, size_t len)
{
    uint8_t lo[FP_BYTES] = {0}, hi[FP_BYTES] = {0};
    size_t nlo = len < FP_BYTES ? len : FP_BYTES;
    size_t nhi = len - nlo;
    if (nhi > FP_BYTES) nhi = FP_BYTES; /* callers pass at most 96 bytes */
    memcpy(lo + FP_BYTES - nlo, in + len - nlo, nlo);
    memcpy(hi + FP_BYTES - nhi, in + len - nlo - nhi, nhi);
    uint64_t tl[6], th[6];
    be_to_limbs(tl, lo);
    be_to_limbs(th, hi);
    fp a, b, r3;
    mont_mul(r3.l, R2.l, R2.l);  /* R^3 mod p */
    mont_mul(a.l, tl, R2.l);     /* lo * R */
    mont_mul(b.l, th, r3.l);     /* hi * 2^384 * R */
    fp_add(r, &a, &b);
}
