/* sol_curve.h: is a 32-byte string the encoding of a point on the ed25519 curve?
 *
 * Program-derived addresses must NOT be on the curve (so that no private key can exist for
 * them); find_program_address (sol_pda.h) keeps trying bumps until the hash is off it. Which
 * hashes count as "on the curve" must be exactly what the Solana runtime decides, or steward
 * would pick a bump the runtime rejects and derive an address nobody else derives.
 *
 * The runtime (sol_create_program_address / Pubkey::is_on_curve) asks curve25519-dalek's
 * CompressedEdwardsY::decompress(), which:
 *   - takes y = the 32 bytes little-endian with the top bit (the sign of x) cleared, reduced
 *     mod p = 2^255 - 19 (a non-canonical y >= p is accepted, not refused);
 *   - succeeds iff (y^2 - 1) / (d*y^2 + 1) has a square root mod p (d = -121665/121666);
 *   - ignores the sign bit otherwise (x = 0 with the sign bit set is accepted).
 * This is exactly that test, written as Euler's criterion: with u = y^2 - 1 and
 * v = d*y^2 + 1 (never 0, because -1/d is not a square), u/v is a square iff u*v is, i.e. iff
 * the Jacobi symbol (u*v | p) is 0 or 1. The arithmetic is OpenSSL's BIGNUM (BN_kronecker);
 * everything here is public data, so constant time is not needed.
 *
 * Deliberately NOT libsodium's crypto_core_ed25519_is_valid_point: it also refuses points of
 * small order, points outside the prime-order subgroup and non-canonical encodings, all of
 * which the runtime treats as on the curve. About 7 in 16 random hashes are on the curve but
 * "invalid" for libsodium; using it would accept bumps the runtime refuses, giving about 7 in
 * 16 associated token accounts a wrong address (test_sol_pda.c measures this on the vectors).
 *
 * @solana/web3.js's isOnCurve (noble's Point.fromHex without ZIP-215) differs from the runtime
 * only for a non-canonical y and for x = 0 with the sign bit set: at most 40 of the 2^256
 * strings, which a SHA-256 output hits with negligible probability. */
#ifndef STEWARD_SOL_CURVE_H
#define STEWARD_SOL_CURVE_H

#include <stdint.h>

/* Returns 1 if enc decompresses to a curve point under the rule above, 0 if not, -1 when
 * OpenSSL could not allocate memory. */
int sol_on_curve(const uint8_t enc[32]);

#endif
