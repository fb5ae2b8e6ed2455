/* bls_g1.h: the group G1 of BLS12-381, E(Fp): y^2 = x^3 + 4, prime-order subgroup of order r.
 *
 * Points are homogeneous projective over Fp with complete (branch-free) addition formulas.
 * Encoding is the ZCash compressed format: 48 bytes, x big-endian with three flag bits in
 * the top of the first byte: 0x80 compressed (required), 0x40 infinity (then every other
 * bit must be 0), 0x20 sort flag (y is the larger of y and -y, as integers in [0, p)).
 * Scalars are 32-byte big-endian integers (any value; they are not reduced mod r). */
#ifndef STEWARD_CRYPTO_BLS_G1_H
#define STEWARD_CRYPTO_BLS_G1_H

#include "bls_fp.h"

#define G1_COMPRESSED_BYTES 48

typedef struct {
    fp x, y, z;
} g1;

extern const g1 G1_GENERATOR;

void g1_set_infinity(g1 *r);
int g1_is_infinity(const g1 *a);
void g1_add(g1 *r, const g1 *a, const g1 *b);
void g1_dbl(g1 *r, const g1 *a);
void g1_neg(g1 *r, const g1 *a);
void g1_cmov(g1 *r, const g1 *a, const g1 *b, uint64_t c);
int g1_eq(const g1 *a, const g1 *b);
int g1_is_on_curve(const g1 *a);
/* [r]a == infinity (r the group order). Variable time: for public points. */
int g1_in_subgroup(const g1 *a);
/* Affine coordinates; infinity gives (0, 0). */
void g1_to_affine(fp *x, fp *y, const g1 *a);
void g1_from_affine(g1 *r, const fp *x, const fp *y);
/* r = k*a. _vartime branches on the scalar (public scalars only); _ct is constant time in
 * the scalar (fixed 4-bit window, masked table lookup; see bls_curve_tmpl.h). */
void g1_mul_vartime(g1 *r, const g1 *a, const uint8_t scalar[32]);
void g1_mul_limbs_vartime(g1 *r, const g1 *a, const uint64_t *k, size_t n);
void g1_mul_ct(g1 *r, const g1 *a, const uint8_t scalar[32]);
/* Multiplies by h_eff = 0xd201000000010001 (RFC 9380 clear_cofactor for G1). */
void g1_clear_cofactor(g1 *r, const g1 *a);

void g1_compress(uint8_t out[G1_COMPRESSED_BYTES], const g1 *a);
/* Returns 0, or -1 (r untouched) for: no compression flag, bad infinity encoding, sort
 * flag on infinity, x >= p, x not on the curve, point not in the subgroup. */
int g1_decompress(g1 *r, const uint8_t in[G1_COMPRESSED_BYTES]);
/* Like g1_decompress without the subgroup check (for tests of the check itself). */
int g1_decompress_unchecked(g1 *r, const uint8_t in[G1_COMPRESSED_BYTES]);

#endif
