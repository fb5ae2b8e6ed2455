/* btc_buf.h: byte buffers for Bitcoin's wire format.
 *
 * A btc_buf is a growable output buffer with writers for the little-endian integers and
 * CompactSize lengths of Bitcoin serialisation. An allocation failure does not interrupt the
 * caller: it sets `oom`, later writes do nothing, and the caller checks `oom` once at the end
 * (btc_buf_ok). The storage is managed by util/bytebuf.h, whose contract struct btc_buf
 * shares (its `len` is called `n` here). A btc_reader walks a byte string strictly: every read checks the remaining
 * length and the CompactSize reader refuses non-canonical (longer than needed) encodings, as
 * Bitcoin Core does. */
#ifndef STEWARD_BTC_BUF_H
#define STEWARD_BTC_BUF_H

#include <stddef.h>
#include <stdint.h>

struct btc_buf {
    uint8_t *p;   /* malloc'd bytes (NULL while empty) */
    size_t n;     /* bytes written */
    size_t cap;   /* bytes allocated */
    int oom;      /* 1 once an allocation failed */
};

#define BTC_BUF_INIT { NULL, 0, 0, 0 }

/* Appends n bytes (data may be NULL when n is 0). */
void btc_buf_put(struct btc_buf *b, const void *data, size_t n);
void btc_buf_u8(struct btc_buf *b, uint8_t v);
void btc_buf_u32le(struct btc_buf *b, uint32_t v);
void btc_buf_u64le(struct btc_buf *b, uint64_t v);
/* CompactSize: 1 byte below 0xfd, else 0xfd/0xfe/0xff and 2/4/8 little-endian bytes. */
void btc_buf_compact(struct btc_buf *b, uint64_t v);
/* CompactSize length followed by the bytes. */
void btc_buf_varbytes(struct btc_buf *b, const uint8_t *data, size_t n);

/* 1 when no allocation failed. */
int btc_buf_ok(const struct btc_buf *b);

/* Releases the bytes and resets to empty. */
void btc_buf_free(struct btc_buf *b);

/* Serialised length of a CompactSize for v (1, 3, 5 or 9). */
size_t btc_compact_size_len(uint64_t v);

struct btc_reader {
    const uint8_t *p;
    size_t n;    /* bytes left */
    int failed;  /* 1 once a read ran past the end or found a non-canonical CompactSize */
};

/* Each reader returns 0 and advances, or -1 and sets `failed` (output then 0/NULL). */
int btc_read_bytes(struct btc_reader *r, size_t n, const uint8_t **out);
int btc_read_u8(struct btc_reader *r, uint8_t *out);
int btc_read_u32le(struct btc_reader *r, uint32_t *out);
int btc_read_u64le(struct btc_reader *r, uint64_t *out);
int btc_read_compact(struct btc_reader *r, uint64_t *out);

#endif
