/* borsh.h: a small writer for borsh, the binary serialisation NEAR transactions use
 * (https://borsh.io, "Specification").
 *
 * The rules this writer implements, all little-endian and without padding:
 *   - u8, u32, u64, u128: the integer's bytes, least significant first;
 *   - fixed-size array [T; N]: the N elements, no length;
 *   - Vec<T> / dynamic byte string: u32 element count, then the elements;
 *   - String: u32 byte length, then the UTF-8 bytes (no terminator);
 *   - enum: u8 variant index, then the variant's fields;
 *   - Option<T>: u8 0 for None, or u8 1 followed by T.
 * Every append goes to a struct bytebuf, whose sticky `oom` flag the caller checks once at
 * the end (util/bytebuf.h). A length that does not fit a u32 also sets `oom`, so a caller
 * never emits a truncated prefix. */
#ifndef STEWARD_NEAR_BORSH_H
#define STEWARD_NEAR_BORSH_H

#include <stddef.h>
#include <stdint.h>

#include "util/bytebuf.h"

/* A u128, as two 64-bit halves (no compiler extension needed). */
typedef struct {
    uint64_t hi, lo;
} near_u128;

void borsh_u8(struct bytebuf *b, uint8_t v);
void borsh_u32(struct bytebuf *b, uint32_t v);
void borsh_u64(struct bytebuf *b, uint64_t v);
void borsh_u128(struct bytebuf *b, near_u128 v);
/* A fixed-size array of n bytes: the bytes as they are, no length prefix. */
void borsh_fixed(struct bytebuf *b, const uint8_t *p, size_t n);
/* A length-prefixed byte string (Vec<u8>): u32 n, then the bytes. p may be NULL when n is 0.
 * n > UINT32_MAX sets b->oom. */
void borsh_bytes(struct bytebuf *b, const uint8_t *p, size_t n);
/* A String: u32 strlen(s), then its bytes. */
void borsh_string(struct bytebuf *b, const char *s);
/* An enum variant tag (u8); the caller then writes the variant's fields. */
void borsh_enum(struct bytebuf *b, uint8_t tag);

#endif
