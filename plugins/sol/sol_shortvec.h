/* sol_shortvec.h: Solana's compact-u16 ("shortvec") length prefix.
 *
 * A value 0..65535 is written in 1 to 3 bytes, 7 bits at a time, least significant group
 * first; every byte but the last has its top bit set. 0..127 take one byte, 128..16383 two,
 * 16384..65535 three. The runtime (solana-short-vec) decodes strictly: the third byte may
 * not have a continuation bit nor a value above 3 (overflow), and a byte that adds nothing
 * (a 0x00 after a continuation, "alias" encodings such as 80 00 for 0) is refused, so each
 * value has exactly one encoding. sol_shortvec_decode enforces the same rules. */
#ifndef STEWARD_SOL_SHORTVEC_H
#define STEWARD_SOL_SHORTVEC_H

#include <stddef.h>
#include <stdint.h>

#define SOL_SHORTVEC_MAX 3

/* Writes the encoding of v into out; returns its length (1..3). */
size_t sol_shortvec_encode(uint16_t v, uint8_t out[SOL_SHORTVEC_MAX]);

/* Decodes a compact-u16 from in[0..len). On success writes the value into *v and returns the
 * number of bytes consumed (1..3); returns 0 when the input is truncated, overlong (alias),
 * or overflows 16 bits. */
size_t sol_shortvec_decode(const uint8_t *in, size_t len, uint16_t *v);

#endif
