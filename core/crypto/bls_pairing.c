/* bls_pairing.c: optimal ate pairing for BLS12-381 (see bls_pairing.h). */
#include "bls_pairing.h"

#include "bls_consts.h"

#define BLS_X_ABS 0xd201000000010000ULL

/* f = f * l for the line l = c0 + c1 v + cw v w (an element of Fp12 with three non-zero
 * Fp2 coefficients). */
static void mul_line(fp12 *f, const fp2 *c0, const fp2 *c1, const fp2 *cw)
{
    fp12 l = {{*c0, *c1, FP2_ZERO}, {FP2_ZERO, *cw, FP2_ZERO}};
    fp12_mul(f, f, &l);
}

/* The lines, for T = (X:Y:Z) in homogeneous projective coordinates on the twist and
 * P = (xp, yp) affine in G1. In affine terms the line through T with slope lambda, evaluated
 * at P and multiplied by w^3, is (lambda x_T - y_T) + (-lambda xp) v + yp v w; below it is
 * also multiplied by the denominator of lambda (an Fp2 element, so the final exponentiation
 * removes it too). That leaves no inversion in the loop.
 *   tangent: lambda = 3X^2 / (2YZ); times 2YZ^2:
 *            c0 = 3X^3 - 2Y^2 Z, c1 = -3X^2 Z xp, cw = 2YZ^2 yp
 *   chord through T and Q = (xq, yq): lambda = N / D, N = Y - yq Z, D = X - xq Z; the line
 *            also passes through Q, so c0 = lambda xq - yq; times D:
 *            c0 = N xq - D yq, c1 = -N xp, cw = D yp */
static void line_dbl(fp12 *f, const g2 *T, const fp *xp, const fp *yp)
{
    fp2 x2, t, u, c0, c1, cw;
    fp2_sqr(&x2, &T->x);
    fp2_add(&t, &x2, &x2);
    fp2_add(&x2, &t, &x2); /* 3X^2 */
    fp2_mul(&c0, &x2, &T->x);
    fp2_sqr(&t, &T->y);
    fp2_mul(&t, &t, &T->z);
    fp2_dbl(&t, &t);
    fp2_sub(&c0, &c0, &t);
    fp2_mul(&c1, &x2, &T->z);
    fp2_mul_fp(&c1, &c1, xp);
    fp2_neg(&c1, &c1);
    fp2_sqr(&u, &T->z);
    fp2_mul(&u, &u, &T->y);
    fp2_dbl(&u, &u);
    fp2_mul_fp(&cw, &u, yp);
    mul_line(f, &c0, &c1, &cw);
}

static void line_add(fp12 *f, const g2 *T, const fp2 *xq, const fp2 *yq, const fp *xp, const fp *yp)
{
    fp2 n, d, t, c0, c1, cw;
    fp2_mul(&t, yq, &T->z);
    fp2_sub(&n, &T->y, &t);
    fp2_mul(&t, xq, &T->z);
    fp2_sub(&d, &T->x, &t);
    fp2_mul(&c0, &n, xq);
    fp2_mul(&t, &d, yq);
    fp2_sub(&c0, &c0, &t);
    fp2_mul_fp(&c1, &n, xp);
    fp2_neg(&c1, &c1);
    fp2_mul_fp(&cw, &d, yp);
    mul_line(f, &c0, &c1, &cw);
}

void bls_miller_loop(fp12 *f, const g1 *P, const g2 *Q)
{
    *f = FP12_ONE;
    if (g1_is_infinity(P) || g2_is_infinity(Q)) return;
    fp xp, yp;
    fp2 xq, yq;
    g1_to_affine(&xp, &yp, P);
    g2_to_affine(&xq, &yq, Q);
    g2 T, Qa;
    g2_from_affine(&Qa, &xq, &yq);
    T = Qa;
    for (int i = 62; i >= 0; i--) {
        fp12_sqr(f, f);
        line_dbl(f, &T, &xp, &yp);
        g2_dbl(&T, &T);
        if ((BLS_X_ABS >> i) & 1) {
            /* T = kQ with 1 < k < r here, so T != +-Q and the chord is defined */
            line_add(f, &T, &xq, &yq, &xp, &yp);
            g2_add(&T, &T, &Qa);
        }
    }
    fp12_conj(f, f); /* x is negative */
}

/* g^x for g in the cyclotomic subgroup (where the inverse is the conjugate); x < 0. */
static void exp_by_x(fp12 *r, const fp12 *g)
{
    static const uint64_t xa[1] = {BLS_X_ABS};
    fp12_pow_vartime(r, g, xa, 1);
    fp12_conj(r, r);
}

void bls_final_exp(fp12 *r, const fp12 *f)
{
    fp12 f2, t, a, b, c, d;
    /* easy part: f^((p^6 - 1)(p^2 + 1)) */
    fp12_conj(&t, f);
    fp12_inv(&a, f);
    fp12_mul(&t, &t, &a);
    fp12_frob(&a, &t);
    fp12_frob(&a, &a);
    fp12_mul(&f2, &a, &t);
    /* hard part: 3 (p^4 - p^2 + 1) / r = (x - 1)^2 (x + p) (x^2 + p^2 - 1) + 3 */
    exp_by_x(&a, &f2);
    fp12_conj(&t, &f2);
    fp12_mul(&a, &a, &t); /* a = f2^(x - 1) */
    exp_by_x(&b, &a);
    fp12_conj(&t, &a);
    fp12_mul(&a, &b, &t); /* a = f2^((x - 1)^2) */
    exp_by_x(&b, &a);
    fp12_frob(&t, &a);
    fp12_mul(&b, &b, &t); /* b = a^(x + p) */
    exp_by_x(&c, &b);
    exp_by_x(&c, &c);
    fp12_frob(&t, &b);
    fp12_frob(&t, &t);
    fp12_mul(&c, &c, &t);
    fp12_conj(&t, &b);
    fp12_mul(&c, &c, &t); /* c = b^(x^2 + p^2 - 1) */
    fp12_sqr(&d, &f2);
    fp12_mul(&d, &d, &f2);
    fp12_mul(r, &c, &d); /* c * f2^3 */
}

void bls_pairing(fp12 *r, const g1 *P, const g2 *Q)
{
    fp12 f;
    bls_miller_loop(&f, P, Q);
    bls_final_exp(r, &f);
}

int bls_pairing_check(const g1 *P, const g2 *Q, size_t n)
{
    fp12 acc = FP12_ONE, f;
    for (size_t i = 0; i < n; i++) {
        bls_miller_loop(&f, &P[i], &Q[i]);
        fp12_mul(&acc, &acc, &f);
    }
    bls_final_exp(&f, &acc);
    return fp12_is_one(&f);
}
