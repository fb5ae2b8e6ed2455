/* bls_fp.h: the base field Fp of BLS12-381, p = 0x1a0111ea...ffffaaab (381 bits).
 *
 * An fp holds an element in Montgomery form (a*2^384 mod p), as six little-endian 64-bit
 * limbs, always fully reduced (< p). Every function here except fp_pow_vartime runs in
 * time independent of the values (no branch or memory index depends on limb contents):
 * reductions use masks, fp_inv and fp_sqrt are fixed exponentiations by public exponents.
 * Outputs may alias inputs. */
#ifndef STEWARD_CRYPTO_BLS_FP_H
#define STEWARD_CRYPTO_BLS_FP_H

#include <stddef.h>
#include <stdint.h>

#define FP_BYTES 48

typedef struct {
    uint64_t l[6];
} fp;

extern const fp FP_ZERO, FP_ONE;

void fp_add(fp *r, const fp *a, const fp *b);
void fp_sub(fp *r, const fp *a, const fp *b);
void fp_neg(fp *r, const fp *a);
void fp_dbl(fp *r, const fp *a);
void fp_mul(fp *r, const fp *a, const fp *b);
void fp_sqr(fp *r, const fp *a);
/* r = a^-1 by Fermat (a^(p-2)); the inverse of 0 is 0. */
void fp_inv(fp *r, const fp *a);
/* r = a^e for a public exponent e of n little-endian limbs (square-and-multiply; the
 * branches depend on e only). */
void fp_pow_vartime(fp *r, const fp *a, const uint64_t *e, size_t n);
/* r = a^((p+1)/4), a square root of a when one exists (p = 3 mod 4); returns 1 when a is a
 * square, else 0 (r is then not a root of a; it is a root of -a). */
int fp_sqrt(fp *r, const fp *a);
/* Legendre symbol: 1 (non-zero square), -1 (non-square) or 0 (zero). */
int fp_legendre(const fp *a);
int fp_is_zero(const fp *a);
int fp_eq(const fp *a, const fp *b);
/* r = c ? b : a, c in {0,1}, without a branch. */
void fp_cmov(fp *r, const fp *a, const fp *b, uint64_t c);
void fp_from_u64(fp *r, uint64_t v);
/* sgn0 of RFC 9380 (the parity of the canonical integer). */
int fp_sgn0(const fp *a);
/* Big-endian 48-byte canonical encoding. fp_from_bytes returns -1 (r untouched) when the
 * value is >= p. */
int fp_from_bytes(fp *r, const uint8_t in[FP_BYTES]);
void fp_to_bytes(uint8_t out[FP_BYTES], const fp *a);
/* r = (big-endian integer of len <= 96 bytes) mod p, as hash_to_field needs (len 64). */
void fp_from_bytes_wide(fp *r, const uint8_t *in, size_t len);
/* Canonical (non-Montgomery) limbs of a, for comparisons of integers. */
void fp_to_canonical(uint64_t out[6], const fp *a);
/* 1 when the canonical integer of a is > (p-1)/2 (the ZCash "lexicographically larger"). */
int fp_is_lex_largest(const fp *a);

#endif
