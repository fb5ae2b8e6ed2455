/* audit_hash.c: the record hash, steward-audit-v1 (docs/store.md, "Record hash").
 *
 * Every field is length-prefixed (4-byte big-endian length, then the bytes), so no two
 * different records encode to the same byte string however their text is chosen; the tag in
 * front keeps these hashes apart from any other SHA-256 use. The optional tenant carries a
 * presence byte first, so "no tenant" and an empty tenant cannot collide. */
#include "store/audit.h"

#include <sodium.h>
#include <string.h>

static void put_u32(crypto_hash_sha256_state *h, uint32_t v)
{
    uint8_t b[4] = {(uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v};
    crypto_hash_sha256_update(h, b, sizeof b);
}

static void put_field(crypto_hash_sha256_state *h, const void *p, size_t n)
{
    put_u32(h, (uint32_t)n);
    crypto_hash_sha256_update(h, p, n);
}

static void put_text(crypto_hash_sha256_state *h, const char *s)
{
    put_field(h, s, strlen(s));
}

void audit_compute_hash(const struct audit_record *r, uint8_t out[AUDIT_HASH_LEN])
{
    crypto_hash_sha256_state h;
    crypto_hash_sha256_init(&h);
    put_text(&h, AUDIT_HASH_TAG);
    uint8_t seq[8];
    uint64_t u = (uint64_t)r->seq;
    for (int i = 7; i >= 0; i--, u >>= 8)
        seq[i] = (uint8_t)u;
    put_field(&h, seq, sizeof seq);
    put_text(&h, r->ts);
    put_text(&h, r->kind);
    if (r->tenant == NULL) {
        crypto_hash_sha256_update(&h, (const uint8_t[]){0}, 1);
    } else {
        crypto_hash_sha256_update(&h, (const uint8_t[]){1}, 1);
        put_text(&h, r->tenant);
    }
    put_text(&h, r->subject);
    put_text(&h, r->detail);
    put_field(&h, r->prev_hash, AUDIT_HASH_LEN);
    crypto_hash_sha256_final(&h, out);
}
