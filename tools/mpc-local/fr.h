/* fr.h: arithmetic in Fr, the scalar field of BLS12-381 (integers mod r, the order of G1 and
 * G2), r = 0x73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001 (255 bits).
 *
 * This is the small field the local MPC network (tools/mpc-local) needs for Shamir sharing
 * and Lagrange interpolation: add, sub, mul, inverse (Fermat: a^(r-2)), and conversions to and
 * from the 32-byte big-endian scalars that bls_g1.h / bls_g2.h multiply by.
 *
 * Representation: an fr is four little-endian 64-bit limbs holding the canonical integer,
 * always fully reduced (< r). No Montgomery form: a product is computed in full (512 bits)
 * and reduced bit by bit (shift in one bit, conditionally subtract r with a mask), which is
 * slow (a few microseconds) but short and obviously correct.
 *
 * "Constant-time enough": no branch and no memory index depends on limb values; the loop
 * counts depend only on public sizes (512 bits per reduction, the fixed public exponent r-2
 * for the inverse). The compiler is trusted not to turn masks into branches; this is a test
 * and demo network, not a hardened implementation. Outputs may alias inputs. */
#ifndef STEWARD_MPC_LOCAL_FR_H
#define STEWARD_MPC_LOCAL_FR_H

#include <stddef.h>
#include <stdint.h>

#define FR_BYTES 32

typedef struct {
    uint64_t l[4];
} fr;

void fr_zero(fr *r);
void fr_from_u64(fr *r, uint64_t v);
void fr_add(fr *r, const fr *a, const fr *b);
void fr_sub(fr *r, const fr *a, const fr *b);
void fr_mul(fr *r, const fr *a, const fr *b);
/* r = a^(r-2) = a^-1 for a != 0; the inverse of 0 is 0. */
void fr_inv(fr *r, const fr *a);
/* 1 when a == 0 (as an integer mod r), else 0. */
int fr_is_zero(const fr *a);
int fr_eq(const fr *a, const fr *b);
/* The big-endian 32-byte scalar (canonical, < r). */
void fr_to_bytes(uint8_t out[FR_BYTES], const fr *a);
/* Reads a big-endian 32-byte integer; returns -1 (r untouched) when it is >= r. */
int fr_from_bytes(fr *r, const uint8_t in[FR_BYTES]);
/* r = (big-endian integer of len <= 64 bytes) mod r. With 64 uniformly random bytes the
 * result is uniform up to a bias below 2^-256. */
void fr_from_bytes_wide(fr *r, const uint8_t *in, size_t len);
/* The Lagrange coefficient at 0 of point x[i] among the k distinct non-zero points x[0..k):
 * lambda_i = prod_{j != i} x_j / (x_j - x_i). Returns -1 when two points are equal or one is 0. */
int fr_lagrange0(fr *out, const uint64_t *x, int k, int i);
/* Overwrites a with zeros (explicit_bzero). */
void fr_wipe(fr *a);

#endif
