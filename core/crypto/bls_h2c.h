/* bls_h2c.h: RFC 9380 hashing to BLS12-381 G1, suite BLS12381G1_XMD:SHA-256_SSWU_RO_
 * (expand_message_xmd with SHA-256, hash_to_field with L = 64, the simplified SWU map to
 * the 11-isogenous curve E1', the 11-isogeny to E1, clear_cofactor by h_eff), with a DST
 * chosen by the caller. Inputs are public (messages, DSTs); the map still uses conditional
 * moves rather than branches where the RFC has CMOV. */
#ifndef STEWARD_CRYPTO_BLS_H2C_H
#define STEWARD_CRYPTO_BLS_H2C_H

#include <stddef.h>
#include <stdint.h>

#include "bls_g1.h"

/* expand_message_xmd (RFC 9380 5.3.1) with SHA-256. A DST longer than 255 bytes is first
 * replaced by SHA-256("H2C-OVERSIZE-DST-" || DST) (5.3.3). msg and dst may be NULL when
 * their length is 0. Returns 0, or -1 when outlen is 0, above 65535 or above 255*32. */
int bls_expand_message_xmd(uint8_t *out, size_t outlen, const uint8_t *msg, size_t msglen,
                           const uint8_t *dst, size_t dstlen);

/* hash_to_field for Fp with count = 2 (5.2). Returns 0 or -1 (expand failure). */
int bls_hash_to_field_fp2x(fp u[2], const uint8_t *msg, size_t msglen, const uint8_t *dst,
                           size_t dstlen);

/* map_to_curve: simplified SWU to E1' followed by the 11-isogeny (no cofactor clearing). */
void bls_map_to_curve_g1(g1 *r, const fp *u);

/* hash_to_curve (3): P = clear_cofactor(map(u0) + map(u1)). Returns 0 or -1. */
int bls_hash_to_g1(g1 *r, const uint8_t *msg, size_t msglen, const uint8_t *dst, size_t dstlen);

#endif
