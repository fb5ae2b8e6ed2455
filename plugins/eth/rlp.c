/* rlp.c: see rlp.h. */
#include "rlp.h"

#include <string.h>

#include "util/bytebuf.h"

/* The encoder's storage is a bytebuf (util/bytebuf.h). struct rlpbuf keeps its own name
 * and fields for callers; these two copy the fields across for a bytebuf call. */
static struct bytebuf as_bytebuf(const struct rlpbuf *b)
{
    return (struct bytebuf){ b->p, b->len, b->cap, b->oom };
}

static void from_bytebuf(struct rlpbuf *b, const struct bytebuf *v)
{
    b->p = v->p;
    b->len = v->len;
    b->cap = v->cap;
    b->oom = v->oom;
}

void rlp_init(struct rlpbuf *b)
{
    struct bytebuf v = BYTEBUF_INIT;
    from_bytebuf(b, &v);
}

void rlp_free(struct rlpbuf *b)
{
    struct bytebuf v = as_bytebuf(b);
    bytebuf_free(&v);
    from_bytebuf(b, &v);
}

void rlp_put_raw(struct rlpbuf *b, const uint8_t *data, size_t len)
{
    struct bytebuf v = as_bytebuf(b);
    bytebuf_put(&v, data, len);
    from_bytebuf(b, &v);
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
    struct bytebuf v = as_bytebuf(b);
    bytebuf_insert(&v, mark, hdr, h);
    from_bytebuf(b, &v);
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
