/* bls_pairing.h: the optimal ate pairing of BLS12-381, e: G1 x G2 -> GT (in Fp12).
 *
 * The Miller loop runs over |x| = 0xd201000000010000 (x the curve's negative seed) with the
 * G2 point in projective coordinates on the twist, evaluating each line at P after scaling
 * it by w^3 (an element of the subfield Fp4) and by an Fp2 denominator, both of which the
 * final exponentiation sends to 1 (see the comment in bls_pairing.c); the
 * result is conjugated because x < 0. The final exponentiation raises to
 * (p^6 - 1)(p^2 + 1) (conjugate times inverse, then the p^2 Frobenius), then to
 * 3 (p^4 - p^2 + 1)/r = (x - 1)^2 (x + p) (x^2 + p^2 - 1) + 3 with four exponentiations by
 * x and Frobenius maps. The factor 3 (coprime to r, so still a non-degenerate bilinear pairing)
 * makes GT values equal to the ones the common libraries publish (zkcrypto bls12_381, blst,
 * @noble/curves), whose final exponentiations compute that same power; for example
 * e(G1, G2).c0.c0.c0 = 0x1250ebd8... . Inputs are public points: nothing here is constant
 * time. */
#ifndef STEWARD_CRYPTO_BLS_PAIRING_H
#define STEWARD_CRYPTO_BLS_PAIRING_H

#include <stddef.h>

#include "bls_g1.h"
#include "bls_g2.h"
#include "bls_tower.h"

/* f_{|x|,Q}(P), conjugated (no final exponentiation). 1 when P or Q is infinity. */
void bls_miller_loop(fp12 *f, const g1 *P, const g2 *Q);
void bls_final_exp(fp12 *r, const fp12 *f);
/* r = e(P, Q). */
void bls_pairing(fp12 *r, const g1 *P, const g2 *Q);
/* 1 when e(P[0], Q[0]) * ... * e(P[n-1], Q[n-1]) == 1 (one shared final exponentiation),
 * else 0. n = 0 gives 1. The points must already be checked (on curve, in subgroup), as
 * g1_decompress / g2_decompress do. */
int bls_pairing_check(const g1 *P, const g2 *Q, size_t n);

#endif
