/* bls_g2.h: the group G2 of BLS12-381, E'(Fp2): y^2 = x^3 + 4(1 + u) (the M-type sextic twist), prime-order subgroup of order r.
 *
 * Points are homogeneous projective over Fp with complete (branch-free) addition formulas.
 * Encoding is the ZCash compressed format: 96 bytes, x.c1 then x.c0, each big-endian with three flag bits in
 * the top of the first byte: 0x80 compressed (required), 0x40 infinity (then every other
 * bit must be 0), 0x20 sort flag (y is the larger of y and -y, compared on c1, or on c0 when c1 = 0).
 * Scalars are 32-byte big-endian integers (any value; they are not reduced mod r). */
#ifndef STEWARD_CRYPTO_BLS_G2_H
#define STEWARD_CRYPTO_BLS_G2_H

#include "bls_tower.h"

#define G2_COMPRESSED_BYTES 96

typedef struct {
    fp2 x, y, z;
} g2;

extern const g2 G2_GENERATOR;

void g2_set_infinity(g2 *r);
int g2_is_infinity(const g2 *a);
void g2_add(g2 *r, const g2 *a, const g2 *b);
void g2_dbl(g2 *r, const g2 *a);
void g2_neg(g2 *r, const g2 *a);
void g2_cmov(g2 *r, const g2 *a, const g2 *b, uint64_t c);
int g2_eq(const g2 *a, const g2 *b);
int g2_is_on_curve(const g2 *a);
/* [r]a == infinity (r the group order). Variable time: for public points. */
int g2_in_subgroup(const g2 *a);
/* Affine coordinates; infinity gives (0, 0). */
void g2_to_affine(fp2 *x, fp2 *y, const g2 *a);
void g2_from_affine(g2 *r, const fp2 *x, const fp2 *y);
/* r = k*a. _vartime branches on the scalar (public scalars only); _ct is constant time in
 * the scalar (fixed 4-bit window, masked table lookup; see bls_curve_tmpl.h). */
void g2_mul_vartime(g2 *r, const g2 *a, const uint8_t scalar[32]);
void g2_mul_limbs_vartime(g2 *r, const g2 *a, const uint64_t *k, size_t n);
void g2_mul_ct(g2 *r, const g2 *a, const uint8_t scalar[32]);

void g2_compress(uint8_t out[G2_COMPRESSED_BYTES], const g2 *a);
/* Returns 0, or -1 (r untouched) for: no compression flag, bad infinity encoding, sort
 * flag on infinity, x >= p, x not on the curve, point not in the subgroup. */
int g2_decompress(g2 *r, const uint8_t in[G2_COMPRESSED_BYTES]);
/* Like g2_decompress without the subgroup check (for tests of the check itself). */
int g2_decompress_unchecked(g2 *r, const uint8_t in[G2_COMPRESSED_BYTES]);

#endif
