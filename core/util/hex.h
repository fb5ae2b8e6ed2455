/* hex.h: lower-case hexadecimal encoding and strict decoding.
 *
 * Decoding goes through libsodium's sodium_hex2bin, whose running time does not depend on
 * the digits' values, so the same functions serve public data and secrets (a backup written
 * as hex, a sealing key file). */
#ifndef STEWARD_UTIL_HEX_H
#define STEWARD_UTIL_HEX_H

#include <stddef.h>
#include <stdint.h>

/* Writes 2*len lower-case hex digits and a NUL into out (capacity >= 2*len+1). */
void hex_encode(char *out, const uint8_t *in, size_t len);

/* Decodes exactly `len` bytes from exactly 2*len hex digits at hex (hexlen characters, no NUL
 * needed; either case). Returns 0, or -1 on a wrong length or a non-hex character. */
int hex_decode_n(uint8_t *out, size_t len, const char *hex, size_t hexlen);

/* Decodes exactly `len` bytes from a NUL-terminated hex string of exactly 2*len digits (an
 * optional "0x" prefix allowed). Returns 0, or -1 on wrong length or a non-hex digit. */
int hex_decode(uint8_t *out, size_t len, const char *hex);

/* Decodes a NUL-terminated hex string of any even length (optional "0x") into out (capacity
 * cap); *outlen gets the length. Returns -1 on odd length, bad digit or overflow. */
int hex_decode_any(uint8_t *out, size_t cap, size_t *outlen, const char *hex);

/* 1 if the n characters at s are all hex digits (n > 0), else 0. */
int hex_all_digits(const char *s, size_t n);

#endif
