/* borsh.c: the borsh writer (see borsh.h for the rules). */
#include "near/borsh.h"

#include <string.h>

void borsh_u8(struct bytebuf *b, uint8_t v)
{
    bytebuf_putc(b, v);
}

void borsh_u32(struct bytebuf *b, uint32_t v)
{
    uint8_t x[4];
    for (int i = 0; i < 4; i++)
        x[i] = (uint8_t)(v >> (8 * i));
    bytebuf_put(b, x, sizeof x);
}

void borsh_u64(struct bytebuf *b, uint64_t v)
{
    uint8_t x[8];
    for (int i = 0; i < 8; i++)
        x[i] = (uint8_t)(v >> (8 * i));
    bytebuf_put(b, x, sizeof x);
}

void borsh_u128(struct bytebuf *b, near_u128 v)
{
    borsh_u64(b, v.lo);
    borsh_u64(b, v.hi);
}

void borsh_fixed(struct bytebuf *b, const uint8_t *p, size_t n)
{
    bytebuf_put(b, p, n);
}

void borsh_bytes(struct bytebuf *b, const uint8_t *p, size_t n)
{
    if (n > UINT32_MAX) {
        b->oom = 1;
        return;
    }
    borsh_u32(b, (uint32_t)n);
    bytebuf_put(b, p, n);
}

void borsh_string(struct bytebuf *b, const char *s)
{
    borsh_bytes(b, (const uint8_t *)s, strlen(s));
}

void borsh_enum(struct bytebuf *b, uint8_t tag)
{
    bytebuf_putc(b, tag);
}
