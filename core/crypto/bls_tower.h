/* bls_tower.h: the extension fields of BLS12-381.
 *   Fp2  = Fp[u]  / (u^2 + 1)
 *   Fp6  = Fp2[v] / (v^3 - xi),  xi = 1 + u
 *   Fp12 = Fp6[w] / (w^2 - v)
 * Same conventions as bls_fp.h: Montgomery-form coefficients, outputs may alias inputs,
 * and all arithmetic is branch-free in the values except the *_vartime exponentiations
 * (whose branches depend on the public exponent only). */
#ifndef STEWARD_CRYPTO_BLS_TOWER_H
#define STEWARD_CRYPTO_BLS_TOWER_H

#include "bls_fp.h"

typedef struct {
    fp c0, c1;
} fp2;
typedef struct {
    fp2 c0, c1, c2;
} fp6;
typedef struct {
    fp6 c0, c1;
} fp12;

extern const fp2 FP2_ZERO, FP2_ONE;

void fp2_add(fp2 *r, const fp2 *a, const fp2 *b);
void fp2_sub(fp2 *r, const fp2 *a, const fp2 *b);
void fp2_neg(fp2 *r, const fp2 *a);
void fp2_dbl(fp2 *r, const fp2 *a);
void fp2_mul(fp2 *r, const fp2 *a, const fp2 *b);
void fp2_sqr(fp2 *r, const fp2 *a);
void fp2_mul_fp(fp2 *r, const fp2 *a, const fp *b);
void fp2_mul_xi(fp2 *r, const fp2 *a); /* r = a * (1 + u) */
void fp2_conj(fp2 *r, const fp2 *a);
void fp2_inv(fp2 *r, const fp2 *a); /* inverse of 0 is 0 */
void fp2_pow_vartime(fp2 *r, const fp2 *a, const uint64_t *e, size_t n);
/* Square root (Adj and Rodriguez-Henriquez, Algorithm 9 for p = 3 mod 4); returns 1 when a
 * is a square (r is then a root), else 0. */
int fp2_sqrt(fp2 *r, const fp2 *a);
int fp2_is_zero(const fp2 *a);
int fp2_eq(const fp2 *a, const fp2 *b);
void fp2_cmov(fp2 *r, const fp2 *a, const fp2 *b, uint64_t c);
/* ZCash sort rule: compare c1 first, c0 only when c1 == 0. */
int fp2_is_lex_largest(const fp2 *a);

void fp6_add(fp6 *r, const fp6 *a, const fp6 *b);
void fp6_sub(fp6 *r, const fp6 *a, const fp6 *b);
void fp6_neg(fp6 *r, const fp6 *a);
void fp6_mul(fp6 *r, const fp6 *a, const fp6 *b);
void fp6_sqr(fp6 *r, const fp6 *a);
void fp6_mul_v(fp6 *r, const fp6 *a); /* r = a * v */
void fp6_inv(fp6 *r, const fp6 *a);
int fp6_is_zero(const fp6 *a);
int fp6_eq(const fp6 *a, const fp6 *b);

extern const fp12 FP12_ONE;
void fp12_mul(fp12 *r, const fp12 *a, const fp12 *b);
void fp12_sqr(fp12 *r, const fp12 *a);
void fp12_conj(fp12 *r, const fp12 *a); /* a^(p^6) */
void fp12_inv(fp12 *r, const fp12 *a);
void fp12_frob(fp12 *r, const fp12 *a); /* a^p */
void fp12_pow_vartime(fp12 *r, const fp12 *a, const uint64_t *e, size_t n);
int fp12_eq(const fp12 *a, const fp12 *b);
int fp12_is_one(const fp12 *a);
/* 576 bytes: the 12 Fp coefficients big-endian, in the order
 * c0.c0.c0, c0.c0.c1, c0.c1.c0, ..., c1.c2.c1 (for tests and debugging). */
void fp12_to_bytes(uint8_t out[576], const fp12 *a);

#endif
