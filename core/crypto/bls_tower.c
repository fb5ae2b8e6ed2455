/* bls_tower.c: Fp2, Fp6 and Fp12 arithmetic for BLS12-381 (see bls_tower.h). */
#include "bls_tower.h"

#include "bls_consts.h"

const fp2 FP2_ZERO = {{{0, 0, 0, 0, 0, 0}}, {{0, 0, 0, 0, 0, 0}}};
const fp2 FP2_ONE = {{BLS_ONE_LIMBS}, {{0, 0, 0, 0, 0, 0}}};
const fp12 FP12_ONE = {{{{BLS_ONE_LIMBS}, {{0}}}, {{{0}}, {{0}}}, {{{0}}, {{0}}}},
                       {{{{0}}, {{0}}}, {{{0}}, {{0}}}, {{{0}}, {{0}}}}};

/* ---- Fp2 ---- */
void fp2_add(fp2 *r, const fp2 *a, const fp2 *b)
{
    fp_add(&r->c0, &a->c0, &b->c0);
    fp_add(&r->c1, &a->c1, &b->c1);
}
void fp2_sub(fp2 *r, const fp2 *a, const fp2 *b)
{
    fp_sub(&r->c0, &a->c0, &b->c0);
    fp_sub(&r->c1, &a->c1, &b->c1);
}
void fp2_neg(fp2 *r, const fp2 *a)
{
    fp_neg(&r->c0, &a->c0);
    fp_neg(&r->c1, &a->c1);
}
void fp2_dbl(fp2 *r, const fp2 *a) { fp2_add(r, a, a); }

void fp2_mul(fp2 *r, const fp2 *a, const fp2 *b)
{
    fp t0, t1, s0, s1;
    fp_mul(&t0, &a->c0, &b->c0);
    fp_mul(&t1, &a->c1, &b->c1);
    fp_add(&s0, &a->c0, &a->c1);
    fp_add(&s1, &b->c0, &b->c1);
    fp_mul(&s0, &s0, &s1);
    fp_sub(&s0, &s0, &t0);
    fp_sub(&r->c1, &s0, &t1);
    fp_sub(&r->c0, &t0, &t1);
}

void fp2_sqr(fp2 *r, const fp2 *a)
{
    fp s, d, m;
    fp_add(&s, &a->c0, &a->c1);
    fp_sub(&d, &a->c0, &a->c1);
    fp_mul(&m, &a->c0, &a->c1);
    fp_mul(&r->c0, &s, &d);
    fp_add(&r->c1, &m, &m);
}

void fp2_mul_fp(fp2 *r, const fp2 *a, const fp *b)
{
    fp_mul(&r->c0, &a->c0, b);
    fp_mul(&r->c1, &a->c1, b);
}

void fp2_mul_xi(fp2 *r, const fp2 *a)
{
    fp t0, t1;
    fp_sub(&t0, &a->c0, &a->c1);
    fp_add(&t1, &a->c0, &a->c1);
    r->c0 = t0;
    r->c1 = t1;
}

void fp2_conj(fp2 *r, const fp2 *a)
{
    r->c0 = a->c0;
    fp_neg(&r->c1, &a->c1);
}

void fp2_inv(fp2 *r, const fp2 *a)
{
    fp n, t;
    fp_sqr(&n, &a->c0);
    fp_sqr(&t, &a->c1);
    fp_add(&n, &n, &t);
    fp_inv(&n, &n);
    fp_mul(&r->c0, &a->c0, &n);
    fp_mul(&t, &a->c1, &n);
    fp_neg(&r->c1, &t);
}

void fp2_pow_vartime(fp2 *r, const fp2 *a, const uint64_t *e, size_t n)
{
    fp2 acc = FP2_ONE, base = *a;
    size_t top = n * 64;
    while (top > 0 && !((e[(top - 1) / 64] >> ((top - 1) % 64)) & 1)) top--;
    for (size_t i = top; i-- > 0;) {
        fp2_sqr(&acc, &acc);
        if ((e[i / 64] >> (i % 64)) & 1) fp2_mul(&acc, &acc, &base);
    }
    *r = acc;
}

int fp2_is_zero(const fp2 *a) { return fp_is_zero(&a->c0) & fp_is_zero(&a->c1); }
int fp2_eq(const fp2 *a, const fp2 *b) { return fp_eq(&a->c0, &b->c0) & fp_eq(&a->c1, &b->c1); }

void fp2_cmov(fp2 *r, const fp2 *a, const fp2 *b, uint64_t c)
{
    fp_cmov(&r->c0, &a->c0, &b->c0, c);
    fp_cmov(&r->c1, &a->c1, &b->c1, c);
}

int fp2_sqrt(fp2 *r, const fp2 *a)
{
    static const uint64_t e1[] = BLS_EXP_PM3D4_LIMBS, e2[] = BLS_EXP_PM1D2_LIMBS;
    fp2 a1, alpha, x0, x, b, minus_one, t;
    fp2_pow_vartime(&a1, a, e1, BLS_EXP_PM3D4_NLIMBS);
    fp2_mul(&alpha, &a1, a);
    fp2_mul(&alpha, &alpha, &a1); /* alpha = a^((p-1)/2) */
    fp2_mul(&x0, &a1, a);         /* x0 = a^((p+1)/4) */
    fp2_neg(&minus_one, &FP2_ONE);
    /* alpha == -1: x = u * x0 */
    fp2 ux0;
    fp_neg(&ux0.c0, &x0.c1);
    ux0.c1 = x0.c0;
    /* otherwise: x = (1 + alpha)^((p-1)/2) * x0 */
    fp2_add(&b, &FP2_ONE, &alpha);
    fp2_pow_vartime(&b, &b, e2, BLS_EXP_PM1D2_NLIMBS);
    fp2_mul(&x, &b, &x0);
    fp2_cmov(&x, &x, &ux0, (uint64_t)fp2_eq(&alpha, &minus_one));
    fp2_sqr(&t, &x);
    *r = x;
    return fp2_eq(&t, a);
}

int fp2_is_lex_largest(const fp2 *a)
{
    int c1z = fp_is_zero(&a->c1);
    return (c1z & fp_is_lex_largest(&a->c0)) | ((c1z ^ 1) & fp_is_lex_largest(&a->c1));
}

/* ---- Fp6 ---- */
void fp6_add(fp6 *r, const fp6 *a, const fp6 *b)
{
    fp2_add(&r->c0, &a->c0, &b->c0);
    fp2_add(&r->c1, &a->c1, &b->c1);
    fp2_add(&r->c2, &a->c2, &b->c2);
}
void fp6_sub(fp6 *r, const fp6 *a, const fp6 *b)
{
    fp2_sub(&r->c0, &a->c0, &b->c0);
    fp2_sub(&r->c1, &a->c1, &b->c1);
    fp2_sub(&r->c2, &a->c2, &b->c2);
}
void fp6_neg(fp6 *r, const fp6 *a)
{
    fp2_neg(&r->c0, &a->c0);
    fp2_neg(&r->c1, &a->c1);
    fp2_neg(&r->c2, &a->c2);
}

void fp6_mul(fp6 *r, const fp6 *a, const fp6 *b)
{
    fp2 t0, t1, t2, s, u, c0, c1, c2;
    fp2_mul(&t0, &a->c0, &b->c0);
    fp2_mul(&t1, &a->c1, &b->c1);
    fp2_mul(&t2, &a->c2, &b->c2);
    /* c0 = t0 + xi*((a1+a2)(b1+b2) - t1 - t2) */
    fp2_add(&s, &a->c1, &a->c2);
    fp2_add(&u, &b->c1, &b->c2);
    fp2_mul(&s, &s, &u);
    fp2_sub(&s, &s, &t1);
    fp2_sub(&s, &s, &t2);
    fp2_mul_xi(&s, &s);
    fp2_add(&c0, &t0, &s);
    /* c1 = (a0+a1)(b0+b1) - t0 - t1 + xi*t2 */
    fp2_add(&s, &a->c0, &a->c1);
    fp2_add(&u, &b->c0, &b->c1);
    fp2_mul(&s, &s, &u);
    fp2_sub(&s, &s, &t0);
    fp2_sub(&s, &s, &t1);
    fp2_mul_xi(&u, &t2);
    fp2_add(&c1, &s, &u);
    /* c2 = (a0+a2)(b0+b2) - t0 - t2 + t1 */
    fp2_add(&s, &a->c0, &a->c2);
    fp2_add(&u, &b->c0, &b->c2);
    fp2_mul(&s, &s, &u);
    fp2_sub(&s, &s, &t0);
    fp2_sub(&s, &s, &t2);
    fp2_add(&c2, &s, &t1);
    r->c0 = c0;
    r->c1 = c1;
    r->c2 = c2;
}

void fp6_sqr(fp6 *r, const fp6 *a) { fp6_mul(r, a, a); }

void fp6_mul_v(fp6 *r, const fp6 *a)
{
    fp2 t;
    fp2_mul_xi(&t, &a->c2);
    r->c2 = a->c1;
    r->c1 = a->c0;
    r->c0 = t;
}

void fp6_inv(fp6 *r, const fp6 *a)
{
    fp2 t0, t1, t2, s, d;
    /* t0 = a0^2 - xi a1 a2; t1 = xi a2^2 - a0 a1; t2 = a1^2 - a0 a2 */
    fp2_sqr(&t0, &a->c0);
    fp2_mul(&s, &a->c1, &a->c2);
    fp2_mul_xi(&s, &s);
    fp2_sub(&t0, &t0, &s);
    fp2_sqr(&t1, &a->c2);
    fp2_mul_xi(&t1, &t1);
    fp2_mul(&s, &a->c0, &a->c1);
    fp2_sub(&t1, &t1, &s);
    fp2_sqr(&t2, &a->c1);
    fp2_mul(&s, &a->c0, &a->c2);
    fp2_sub(&t2, &t2, &s);
    /* d = a0 t0 + xi (a2 t1 + a1 t2) */
    fp2_mul(&d, &a->c2, &t1);
    fp2_mul(&s, &a->c1, &t2);
    fp2_add(&d, &d, &s);
    fp2_mul_xi(&d, &d);
    fp2_mul(&s, &a->c0, &t0);
    fp2_add(&d, &d, &s);
    fp2_inv(&d, &d);
    fp2_mul(&r->c0, &t0, &d);
    fp2_mul(&r->c1, &t1, &d);
    fp2_mul(&r->c2, &t2, &d);
}

int fp6_is_zero(const fp6 *a) { return fp2_is_zero(&a->c0) & fp2_is_zero(&a->c1) & fp2_is_zero(&a->c2); }
int fp6_eq(const fp6 *a, const fp6 *b)
{
    return fp2_eq(&a->c0, &b->c0) & fp2_eq(&a->c1, &b->c1) & fp2_eq(&a->c2, &b->c2);
}

/* ---- Fp12 ---- */
void fp12_mul(fp12 *r, const fp12 *a, const fp12 *b)
{
    fp6 t0, t1, s, u;
    fp6_mul(&t0, &a->c0, &b->c0);
    fp6_mul(&t1, &a->c1, &b->c1);
    fp6_add(&s, &a->c0, &a->c1);
    fp6_add(&u, &b->c0, &b->c1);
    fp6_mul(&s, &s, &u);
    fp6_sub(&s, &s, &t0);
    fp6_sub(&r->c1, &s, &t1);
    fp6_mul_v(&t1, &t1);
    fp6_add(&r->c0, &t0, &t1);
}

void fp12_sqr(fp12 *r, const fp12 *a) { fp12_mul(r, a, a); }

void fp12_conj(fp12 *r, const fp12 *a)
{
    r->c0 = a->c0;
    fp6_neg(&r->c1, &a->c1);
}

void fp12_inv(fp12 *r, const fp12 *a)
{
    fp6 t0, t1;
    fp6_sqr(&t0, &a->c0);
    fp6_sqr(&t1, &a->c1);
    fp6_mul_v(&t1, &t1);
    fp6_sub(&t0, &t0, &t1);
    fp6_inv(&t0, &t0);
    fp6_mul(&r->c0, &a->c0, &t0);
    fp6_mul(&t1, &a->c1, &t0);
    fp6_neg(&r->c1, &t1);
}

void fp12_pow_vartime(fp12 *r, const fp12 *a, const uint64_t *e, size_t n)
{
    /* 4-bit fixed window over the public exponent */
    fp12 tab[16], acc = FP12_ONE;
    tab[0] = FP12_ONE;
    tab[1] = *a;
    for (int i = 2; i < 16; i++) fp12_mul(&tab[i], &tab[i - 1], a);
    size_t top = n * 64;
    while (top > 0 && !((e[(top - 1) / 64] >> ((top - 1) % 64)) & 1)) top--;
    size_t nwin = (top + 3) / 4;
    for (size_t w = nwin; w-- > 0;) {
        for (int k = 0; k < 4; k++) fp12_sqr(&acc, &acc);
        unsigned d = (unsigned)((e[(4 * w) / 64] >> ((4 * w) % 64)) & 15);
        if (d) fp12_mul(&acc, &acc, &tab[d]);
    }
    *r = acc;
}

/* Frobenius a^p: the coefficient c of w^k (k = i + 2j for c = a.c<i>.c<j>, since v = w^2)
 * becomes conj(c) * gamma_k * w^k, with gamma_k = xi^(k(p-1)/6) because w^6 = xi. */
void fp12_frob(fp12 *r, const fp12 *a)
{
    static const fp2 gamma[6] = BLS_FROB_GAMMA;
    const fp6 *src[2] = {&a->c0, &a->c1};
    fp6 *dst[2] = {&r->c0, &r->c1};
    for (int i = 0; i < 2; i++) {
        const fp2 *s[3] = {&src[i]->c0, &src[i]->c1, &src[i]->c2};
        fp2 *d[3] = {&dst[i]->c0, &dst[i]->c1, &dst[i]->c2};
        for (int j = 0; j < 3; j++) {
            fp2 t;
            fp2_conj(&t, s[j]);
            fp2_mul(d[j], &t, &gamma[i + 2 * j]);
        }
    }
}

int fp12_eq(const fp12 *a, const fp12 *b) { return fp6_eq(&a->c0, &b->c0) & fp6_eq(&a->c1, &b->c1); }
int fp12_is_one(const fp12 *a) { return fp12_eq(a, &FP12_ONE); }

void fp12_to_bytes(uint8_t out[576], const fp12 *a)
{
    const fp6 *h[2] = {&a->c0, &a->c1};
    int k = 0;
    for (int i = 0; i < 2; i++) {
        const fp2 *q[3] = {&h[i]->c0, &h[i]->c1, &h[i]->c2};
        for (int j = 0; j < 3; j++) {
            fp_to_bytes(out + 48 * k++, &q[j]->c0);
            fp_to_bytes(out + 48 * k++, &q[j]->c1);
        }
    }
}
