/* btc_buf.c: growable output buffer and strict reader (see btc_buf.h). */
#include "btc_buf.h"

#include "util/bytebuf.h"

/* The writer's storage is a bytebuf (util/bytebuf.h). struct btc_buf keeps its own name
 * and fields (the length is `n`) for callers; these two copy the fields across for a
 * bytebuf call. */
static struct bytebuf as_bytebuf(const struct btc_buf *b)
{
    return (struct bytebuf){ b->p, b->n, b->cap, b->oom };
}

static void from_bytebuf(struct btc_buf *b, const struct bytebuf *v)
{
    b->p = v->p;
    b->n = v->len;
    b->cap = v->cap;
    b->oom = v->oom;
}

void btc_buf_put(struct btc_buf *b, const void *data, size_t n)
{
    struct bytebuf v = as_bytebuf(b);
    bytebuf_put(&v, data, n);
    from_bytebuf(b, &v);
}

void btc_buf_u8(struct btc_buf *b, uint8_t v)
{
    btc_buf_put(b, &v, 1);
}

void btc_buf_u32le(struct btc_buf *b, uint32_t v)
{
    uint8_t t[4];
    for (int i = 0; i < 4; i++)
        t[i] = (uint8_t)(v >> (8 * i));
    btc_buf_put(b, t, 4);
}

void btc_buf_u64le(struct btc_buf *b, uint64_t v)
{
    uint8_t t[8];
    for (int i = 0; i < 8; i++)
        t[i] = (uint8_t)(v >> (8 * i));
    btc_buf_put(b, t, 8);
}

void btc_buf_compact(struct btc_buf *b, uint64_t v)
{
    if (v < 0xfd) {
        btc_buf_u8(b, (uint8_t)v);
    } else if (v <= 0xffff) {
        uint8_t t[3] = { 0xfd, (uint8_t)v, (uint8_t)(v >> 8) };
        btc_buf_put(b, t, 3);
    } else if (v <= 0xffffffffu) {
        btc_buf_u8(b, 0xfe);
        btc_buf_u32le(b, (uint32_t)v);
    } else {
        btc_buf_u8(b, 0xff);
        btc_buf_u64le(b, v);
    }
}

void btc_buf_varbytes(struct btc_buf *b, const uint8_t *data, size_t n)
{
    btc_buf_compact(b, n);
    btc_buf_put(b, data, n);
}

int btc_buf_ok(const struct btc_buf *b)
{
    return !b->oom;
}

void btc_buf_free(struct btc_buf *b)
{
    struct bytebuf v = as_bytebuf(b);
    bytebuf_free(&v);
    from_bytebuf(b, &v);
}

size_t btc_compact_size_len(uint64_t v)
{
    return v < 0xfd ? 1 : v <= 0xffff ? 3 : v <= 0xffffffffu ? 5 : 9;
}

int btc_read_bytes(struct btc_reader *r, size_t n, const uint8_t **out)
{
    *out = NULL;
    if (r->failed || n > r->n) {
        r->failed = 1;
        return -1;
    }
    *out = r->p;
    r->p += n;
    r->n -= n;
    return 0;
}

/* Little-endian unsigned integer of `width` bytes. */
static int read_le(struct btc_reader *r, size_t width, uint64_t *out)
{
    const uint8_t *p;
    *out = 0;
    if (btc_read_bytes(r, width, &p) != 0)
        return -1;
    for (size_t i = 0; i < width; i++)
        *out |= (uint64_t)p[i] << (8 * i);
    return 0;
}

int btc_read_u8(struct btc_reader *r, uint8_t *out)
{
    uint64_t v;
    int rc = read_le(r, 1, &v);
    *out = (uint8_t)v;
    return rc;
}

int btc_read_u32le(struct btc_reader *r, uint32_t *out)
{
    uint64_t v;
    int rc = read_le(r, 4, &v);
    *out = (uint32_t)v;
    return rc;
}

int btc_read_u64le(struct btc_reader *r, uint64_t *out)
{
    return read_le(r, 8, out);
}

int btc_read_compact(struct btc_reader *r, uint64_t *out)
{
    uint8_t first;
    *out = 0;
    if (btc_read_u8(r, &first) != 0)
        return -1;
    if (first < 0xfd) {
        *out = first;
        return 0;
    }
    size_t width = first == 0xfd ? 2 : first == 0xfe ? 4 : 8;
    uint64_t v;
    if (read_le(r, width, &v) != 0)
        return -1;
    /* The shortest encoding is the only valid one (Bitcoin Core: "non-canonical ReadCompactSize"). */
    uint64_t min = width == 2 ? 0xfd : width == 4 ? 0x10000 : 0x100000000ull;
    if (v < min) {
        r->failed = 1;
        return -1;
    }
    *out = v;
    return 0;
}
