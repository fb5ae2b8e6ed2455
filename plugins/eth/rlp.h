/* rlp.h: Recursive Length Prefix encoding (Ethereum Yellow Paper, appendix B).
 *
 * RLP serialises two kinds of item: a byte string and a list of items. A single byte below
 * 0x80 is itself; a string of 0..55 bytes is 0x80+len then the bytes; a longer string is
 * 0xb7+len(len) then len (big-endian, no leading zero) then the bytes. Lists use 0xc0 and
 * 0xf7 the same way around the concatenated encodings of their items. Integers are strings
 * of their minimal big-endian bytes (0 is the empty string).
 *
 * The encoder appends to a growable buffer. Lists are written in place: rlp_list_begin
 * remembers where the list starts, the items are appended, and rlp_list_end inserts the
 * header once the payload length is known. Allocation failure is sticky (buf->oom) so a
 * sequence of calls needs one check at the end. The storage is managed by util/bytebuf.h,
 * whose contract struct rlpbuf shares field for field.
 *
 * The decoder is strict: it accepts only the canonical encoding (the one the encoder
 * produces), so one value has one encoding, which the signed-transaction round-trip tests
 * rely on. */
#ifndef STEWARD_ETH_RLP_H
#define STEWARD_ETH_RLP_H

#include <stddef.h>
#include <stdint.h>

#include "u256.h"

struct rlpbuf {
    uint8_t *p;  /* malloc'd; NULL until the first append */
    size_t len;
    size_t cap;
    int oom;     /* 1 once an allocation failed; every later append is ignored */
};

/* Initialises an empty buffer. */
void rlp_init(struct rlpbuf *b);

/* Releases the buffer's memory and resets it. */
void rlp_free(struct rlpbuf *b);

/* Appends raw bytes, unencoded (for the type byte of a typed transaction). */
void rlp_put_raw(struct rlpbuf *b, const uint8_t *data, size_t len);

/* Appends the encoding of a byte string (data may be NULL when len is 0). */
void rlp_put_bytes(struct rlpbuf *b, const uint8_t *data, size_t len);

/* Appends the encoding of an integer (minimal big-endian string). */
void rlp_put_u64(struct rlpbuf *b, uint64_t v);
void rlp_put_u256(struct rlpbuf *b, const u256 *v);

/* Starts a list; returns the mark to hand to rlp_list_end. */
size_t rlp_list_begin(const struct rlpbuf *b);

/* Ends the list started at `mark`: the bytes appended since become its payload. */
void rlp_list_end(struct rlpbuf *b, size_t mark);

/* One decoded item. For a string, payload/payload_len are its bytes; for a list, they are
 * the concatenated encodings of its items (decode them with rlp_decode on payload). */
struct rlp_item {
    int is_list;
    const uint8_t *payload;
    size_t payload_len;
    size_t total_len; /* header + payload: how far the item extends in the input */
};

/* Decodes the item at the start of in[0..len). Returns 0, or -1 when the input is truncated
 * or the encoding is not canonical (a single byte < 0x80 in the 0x81 form, a long form for
 * a length under 56, a length with a leading zero byte). Items after it are not looked at. */
int rlp_decode(const uint8_t *in, size_t len, struct rlp_item *item);

/* Decodes a whole buffer that must hold exactly one item (no trailing bytes). */
int rlp_decode_exact(const uint8_t *in, size_t len, struct rlp_item *item);

/* Interprets a string item as a canonical integer (no leading zero byte, at most 32 bytes).
 * Returns 0, or -1 for a list, a leading zero or an oversize string. */
int rlp_item_u256(const struct rlp_item *item, u256 *out);

#endif
