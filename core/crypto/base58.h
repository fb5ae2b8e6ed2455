/* base58.h: Bitcoin's base58 alphabet and base58check (payload || first 4 bytes of SHA256d).
 *
 * Used for BIP-32 extended keys (whose payload is secret for an xprv) and Solana addresses.
 * The conversion is the schoolbook base change, written so that its running time depends
 * only on the input length, the number of leading zeros ('1's) and the output length, all of
 * which the encoded form shows anyway, not on the other byte or character values. Every
 * scratch buffer is on the stack and wiped before returning. */
#ifndef STEWARD_CRYPTO_BASE58_H
#define STEWARD_CRYPTO_BASE58_H

#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

/* Largest input base58_encode accepts and largest output base58_decode produces. */
#define BASE58_MAX_BYTES 256

/* Encodes `len` bytes (len <= BASE58_MAX_BYTES; in may be NULL when len is 0) as base58;
 * each leading zero byte becomes a '1'.
 * Out: out: NUL-terminated string; needs cap >= len*138/100 + 2 to be safe.
 * Fails when len is too large or cap is too small (out is then an empty string if cap > 0). */
int base58_encode(const uint8_t *in, size_t len, char *out, size_t cap, st_err *err);

/* Decodes a base58 string (each leading '1' becomes a zero byte).
 * Out: out[0..*outlen): the bytes (cap is out's capacity).
 * Fails on an empty string, a character outside the alphabet (0, O, I, l, spaces...), or a
 * result longer than cap or BASE58_MAX_BYTES. On failure out's contents are unspecified. */
int base58_decode(const char *str, uint8_t *out, size_t cap, size_t *outlen, st_err *err);

/* base58check: encodes payload || SHA256d(payload)[0..4]. Same limits as base58_encode
 * (the 4 checksum bytes count towards BASE58_MAX_BYTES). */
int base58check_encode(const uint8_t *payload, size_t len, char *out, size_t cap, st_err *err);

/* Decodes base58check and verifies the checksum.
 * Out: out[0..*outlen): the payload without the checksum.
 * Fails on a base58 error, fewer than 4 decoded bytes, "checksum mismatch", or a payload
 * longer than cap. */
int base58check_decode(const char *str, uint8_t *out, size_t cap, size_t *outlen, st_err *err);

#endif
