/* hex.h: lower-case hexadecimal encoding and strict decoding. */
#ifndef STEWARD_UTIL_HEX_H
#define STEWARD_UTIL_HEX_H

#include <stddef.h>
#include <stdint.h>

/* Writes 2*len lower-case hex digits and a NUL into out (capacity >= 2*len+1). */
void hex_encode(char *out, const uint8_t *in, size_t len);

/* Decodes exactly `len` bytes from a hex string of exactly 2*len digits (either case, an
 * optional "0x" prefix allowed). Returns 0 on success, -1 on wrong length or a non-hex digit. */
int hex_decode(uint8_t *out, size_t len, const char *hex);

/* Decodes a hex string of any even length into out (capacity cap); *outlen gets the length.
 * Returns -1 on odd length, bad digit or overflow. */
int hex_decode_any(uint8_t *out, size_t cap, size_t *outlen, const char *hex);

#endif
