/* pbkdf2.h: PBKDF2-HMAC-SHA512 (RFC 8018), as BIP-39 uses it to stretch a mnemonic. */
#ifndef STEWARD_CRYPTO_PBKDF2_H
#define STEWARD_CRYPTO_PBKDF2_H

#include <stddef.h>
#include <stdint.h>

/* Derives `outlen` bytes from a password and salt with `iterations` rounds.
 * In:  pass (secret), salt: either may be NULL when its length is 0; iterations >= 1.
 * Out: out: outlen bytes (secret).
 * Returns 0, or -1 (out untouched) when iterations is 0 or outlen is 0. Every intermediate
 * block and the keyed HMAC state are on the stack and wiped. */
int pbkdf2_hmac_sha512(const uint8_t *pass, size_t passlen, const uint8_t *salt, size_t saltlen,
                       uint32_t iterations, uint8_t *out, size_t outlen);

#endif
