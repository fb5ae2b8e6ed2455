/* rlp.c: see rlp.h. */
#include "rlp.h"

#include <stdlib.h>
#include <string.h>

void rlp_init(struct rlpbuf *b)
{
    b->p = NULL;
    b->len = b->cap = 0;
    b->oom = 0;
}

void rlp_free(struct rlpbuf *b)
{
    free(b->p);
    rlp_init(b);
}

/* Makes room for `extra` more bytes. Returns 0, or -1 (and sets oom) on failure. */
static int reserve(struct rlpbuf *b, size_t extra)
{
    if (b->oom)
        return -1;
    if (extra > SIZE_MAX / 2 - b->len) {
        b->oom = 1;
        return -1;
    }
    size_t need = b->len + extra;
    if (need <= b->cap)
        return 0;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need)
        cap *= 2;
    uint8_t *p = realloc(b->p, cap);
    if (p == NULL) {
        b->oom = 1;
        return -1;
    }
    b->p = p;
    b->cap = cap;
    return 0;
}

void rlp_put_raw(struct rlpbuf *b, const uint8_t *data, size_t len)
{
    if (len == 0 || reserve(b, len) != 0)
        return;
    memcpy(b->p + b->len, data, len);
    b->len += len;
}

/* Writes the header for a payload of `len` bytes with base 0x80 (string) or 0xc0 (list)
 * into hdr; returns its length (1..9). */
static size_t header(uint8_t hdr[9], uint8_t base, size_t len)
{
    if (len < 56) {
        hdr[0] = (uint8_t)(base + len);
        return 1;
    }
    uint8_t be[8];
    size_t n = 0;
    for (size_t v = len; v > 0; v >>= 8)
        be[n++] = (uint8_t)v;
    hdr[0] = (uint8_t)(base + 55 + n);
    for (size_t i = 0; i < n; i++)
        hdr[1 + i] = be[n - 1 - i];
    return 1 + n;
}

void rlp_put_bytes(struct rlpbuf *b, const uint8_t *data, size_t len)
{
    if (len == 1 && data[0] < 0x80) {
        rlp_put_raw(b, data, 1);
        return;
    }
    uint8_t hdr[9];
    size_t h = header(hdr, 0x80, len);
    if (reserve(b, h + len) != 0)
        return;
    rlp_put_raw(b, hdr, h);
    rlp_put_raw(b, data, len);
}

void rlp_put_u64(struct rlpbuf *b, uint64_t v)
{
    u256 x = u256_from_u64(v);
    rlp_put_u256(b, &x);
}

void rlp_put_u256(struct rlpbuf *b, const u256 *v)
{
    uint8_t be[32];
    size_t n = u256_to_be_minimal(v, be);
    rlp_put_bytes(b, be, n);
}

size_t rlp_list_begin(const struct rlpbuf *b)
{
    return b->len;
}

void rlp_list_end(struct rlpbuf *b, size_t mark)
{
    if (b->oom || mark > b->len)
        return;
    uint8_t hdr[9];
    size_t h = header(hdr, 0xc0, b->len - mark);
    if (reserve(b, h) != 0)
        return;
    memmove(b->p + mark + h, b->p + mark, b->len - mark);
    memcpy(b->p + mark, hdr, h);
    b->len += h;
}

int rlp_decode(const uint8_t *in, size_t len, struct rlp_item *item)
{
    if (len == 0)
        return -1;
    uint8_t t = in[0];
    if (t < 0x80) {
        item->is_list = 0;
        item->payload = in;
        item->payload_len = 1;
        item->total_len = 1;
        return 0;
    }
    int is_list = t >= 0xc0;
    uint8_t base = is_list ? 0xc0 : 0x80;
    size_t hdr, plen;
    if (t - base < 56) {
        hdr = 1;
        plen = (size_t)(t - base);
    } else {
        size_t n = (size_t)(t - base - 55);
        if (n > sizeof(size_t) || len < 1 + n || in[1] == 0)
            return -1;
        plen = 0;
        for (size_t i = 0; i < n; i++)
            plen = (plen << 8) | in[1 + i];
        if (plen < 56)
            return -1; /* must have used the short form */
        hdr = 1 + n;
    }
    if (plen > len - hdr)
        return -1;
    /* A single byte below 0x80 has exactly one encoding: itself. */
    if (!is_list && plen == 1 && in[hdr] < 0x80)
        return -1;
    item->is_list = is_list;
    item->payload = in + hdr;
    item->payload_len = plen;
    item->total_len = hdr + plen;
    return 0;
}

int rlp_decode_exact(const uint8_t *in, size_t len, struct rlp_item *item)
{
    if (rlp_decode(in, len, item) != 0 || item->total_len != len)
        return -1;
    return 0;
}

int rlp_item_u256(const struct rlp_item *item, u256 *out)
{
    if (item->is_list || item->payload_len > 32 || (item->payload_len > 0 && item->payload[0] == 0))
        return -1;
    uint8_t be[32] = {0};
    memcpy(be + 32 - item->payload_len, item->payload, item->payload_len);
    *out = u256_from_be(be);
    return 0;
}
