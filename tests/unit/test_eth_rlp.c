/* test_eth_rlp.c: RLP encoding and strict decoding (plugins/eth/rlp.h), and the u256 helpers
 * it encodes integers with.
 *
 * Vectors: the examples of the RLP page of the Ethereum wiki (github.com/ethereum/wiki/wiki/RLP,
 * reproduced in the ethereum.org "Recursive-length prefix" documentation): "dog", ["cat","dog"],
 * the empty string, the empty list, the integer 0, the byte 0x00, the byte 0x0f, the integer
 * 1024, the set-theoretical representation of three, and the 56-byte "Lorem ipsum" string;
 * plus the worked example ["cat",[[]],"pig",[""],"sheep"] and the wiki's statement that a
 * 1024-byte string starts with b9 04 00. */
#include <stdint.h>
#include <string.h>

#include "check.h"
#include "rlp.h"
#include "u256.h"
#include "util/hex.h"

static int enc_equals(const struct rlpbuf *b, const char *hex)
{
    uint8_t want[256];
    size_t n;
    if (hex_decode_any(want, sizeof want, &n, hex) != 0)
        return 0;
    return !b->oom && b->len == n && memcmp(b->p, want, n) == 0;
}

static void put_str(struct rlpbuf *b, const char *s)
{
    rlp_put_bytes(b, (const uint8_t *)s, strlen(s));
}

static void test_wiki_vectors(void)
{
    struct rlpbuf b;

    rlp_init(&b);
    put_str(&b, "dog");
    CHECK(enc_equals(&b, "83646f67"));
    rlp_free(&b);

    rlp_init(&b);
    size_t m = rlp_list_begin(&b);
    put_str(&b, "cat");
    put_str(&b, "dog");
    rlp_list_end(&b, m);
    CHECK(enc_equals(&b, "c88363617483646f67"));
    rlp_free(&b);

    rlp_init(&b);
    put_str(&b, "");
    CHECK(enc_equals(&b, "80"));
    rlp_free(&b);

    rlp_init(&b);
    m = rlp_list_begin(&b);
    rlp_list_end(&b, m);
    CHECK(enc_equals(&b, "c0"));
    rlp_free(&b);

    rlp_init(&b);
    rlp_put_u64(&b, 0);
    CHECK(enc_equals(&b, "80"));
    rlp_free(&b);

    rlp_init(&b);
    rlp_put_bytes(&b, (const uint8_t *)"\x00", 1);
    CHECK(enc_equals(&b, "00"));
    rlp_free(&b);

    rlp_init(&b);
    rlp_put_u64(&b, 15);
    CHECK(enc_equals(&b, "0f"));
    rlp_free(&b);

    rlp_init(&b);
    rlp_put_u64(&b, 1024);
    CHECK(enc_equals(&b, "820400"));
    rlp_free(&b);

    /* [ [], [[]], [ [], [[]] ] ] */
    rlp_init(&b);
    size_t outer = rlp_list_begin(&b);
    m = rlp_list_begin(&b);
    rlp_list_end(&b, m);
    m = rlp_list_begin(&b);
    size_t in = rlp_list_begin(&b);
    rlp_list_end(&b, in);
    rlp_list_end(&b, m);
    m = rlp_list_begin(&b);
    in = rlp_list_begin(&b);
    rlp_list_end(&b, in);
    in = rlp_list_begin(&b);
    size_t in2 = rlp_list_begin(&b);
    rlp_list_end(&b, in2);
    rlp_list_end(&b, in);
    rlp_list_end(&b, m);
    rlp_list_end(&b, outer);
    CHECK(enc_equals(&b, "c7c0c1c0c3c0c1c0"));
    rlp_free(&b);

    rlp_init(&b);
    put_str(&b, "Lorem ipsum dolor sit amet, consectetur adipisicing elit");
    CHECK(enc_equals(&b, "b8384c6f72656d20697073756d20646f6c6f722073697420616d65742c20636f6e7365637465747572206164697069"
                         "736963696e6720656c6974"));
    rlp_free(&b);

    /* ["cat",[[]],"pig",[""],"sheep"] */
    rlp_init(&b);
    outer = rlp_list_begin(&b);
    put_str(&b, "cat");
    m = rlp_list_begin(&b);
    in = rlp_list_begin(&b);
    rlp_list_end(&b, in);
    rlp_list_end(&b, m);
    put_str(&b, "pig");
    m = rlp_list_begin(&b);
    put_str(&b, "");
    rlp_list_end(&b, m);
    put_str(&b, "sheep");
    rlp_list_end(&b, outer);
    CHECK(enc_equals(&b, "d283636174c1c083706967c180857368656570"));
    rlp_free(&b);

    /* A 1024-byte string: b9 04 00 then the bytes. */
    uint8_t big[1024];
    memset(big, 'a', sizeof big);
    rlp_init(&b);
    rlp_put_bytes(&b, big, sizeof big);
    CHECK(b.len == 1027 && b.p[0] == 0xb9 && b.p[1] == 0x04 && b.p[2] == 0x00 && memcmp(b.p + 3, big, 1024) == 0);
    /* and a list whose payload is that long: f9 04 03 */
    struct rlpbuf l;
    rlp_init(&l);
    m = rlp_list_begin(&l);
    rlp_put_bytes(&l, big, sizeof big);
    rlp_list_end(&l, m);
    CHECK(l.len == 1030 && l.p[0] == 0xf9 && l.p[1] == 0x04 && l.p[2] == 0x03 && memcmp(l.p + 3, b.p, 1027) == 0);
    rlp_free(&l);
    rlp_free(&b);

    /* Integer boundaries: 127 is itself, 128 needs a header, 256 two bytes. */
    rlp_init(&b);
    rlp_put_u64(&b, 127);
    rlp_put_u64(&b, 128);
    rlp_put_u64(&b, 256);
    rlp_put_u64(&b, UINT64_MAX);
    CHECK(enc_equals(&b, "7f818082010088ffffffffffffffff"));
    rlp_free(&b);
}

static void test_decode(void)
{
    uint8_t in[64];
    size_t n;
    struct rlp_item it;

    hex_decode_any(in, sizeof in, &n, "c88363617483646f67");
    CHECK(rlp_decode_exact(in, n, &it) == 0 && it.is_list && it.payload_len == 8);
    struct rlp_item a, b2;
    CHECK(rlp_decode(it.payload, it.payload_len, &a) == 0 && !a.is_list && a.payload_len == 3 &&
          memcmp(a.payload, "cat", 3) == 0);
    CHECK(rlp_decode(it.payload + a.total_len, it.payload_len - a.total_len, &b2) == 0 &&
          memcmp(b2.payload, "dog", 3) == 0 && a.total_len + b2.total_len == it.payload_len);

    hex_decode_any(in, sizeof in, &n, "820400");
    u256 v;
    uint64_t x = 0;
    CHECK(rlp_decode_exact(in, n, &it) == 0 && rlp_item_u256(&it, &v) == 0 && u256_to_u64(&v, &x) == 0 && x == 1024);

    /* Non-canonical or broken encodings are refused. */
    static const char *const bad[] = {
        "8100",   /* 0x00 must be encoded as itself */
        "817f",   /* so must 0x7f */
        "b800",   /* long form for a short string */
        "b80141", /* long form for a 1-byte string */
        "b90001" "41", /* length with a leading zero byte */
        "83646f", /* truncated */
        "c883636174", /* truncated list */
        "",        /* nothing */
        "f800",    /* long-form list of length 0 */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        n = 0;
        if (bad[i][0])
            hex_decode_any(in, sizeof in, &n, bad[i]);
        CHECK(rlp_decode(in, n, &it) != 0);
    }
    /* Trailing bytes after one item: rlp_decode accepts the item, rlp_decode_exact does not. */
    hex_decode_any(in, sizeof in, &n, "83646f6700");
    CHECK(rlp_decode(in, n, &it) == 0 && it.total_len == 4);
    CHECK(rlp_decode_exact(in, n, &it) != 0);
    /* Integers: a leading zero byte is not canonical. */
    hex_decode_any(in, sizeof in, &n, "820004");
    CHECK(rlp_decode_exact(in, n, &it) == 0 && rlp_item_u256(&it, &v) != 0);
}

static void test_u256(void)
{
    u256 a = u256_from_u64(UINT64_MAX), b = u256_from_u64(1), r;
    CHECK(u256_add(&r, &a, &b) == 0 && r.w[0] == 0 && r.w[1] == 1);
    CHECK(u256_sub(&r, &r, &b) == 0 && r.w[0] == UINT64_MAX && r.w[1] == 0);
    CHECK(u256_sub(&r, &b, &a) != 0); /* 1 - (2^64-1) underflows */
    u256 max;
    memset(&max, 0xff, sizeof max);
    CHECK(u256_add(&r, &max, &b) != 0);
    CHECK(u256_mul_u64(&r, &max, 2) != 0);
    CHECK(u256_mul_u64(&r, &a, 3) == 0 && r.w[0] == UINT64_MAX - 2 && r.w[1] == 2);
    uint64_t rem;
    CHECK(u256_div_u64(&r, &r, 3, &rem) == 0 && rem == 0 && r.w[0] == UINT64_MAX && r.w[1] == 0);
    CHECK(u256_div_u64(&r, &r, 0, &rem) != 0);

    char q[U256_QUANTITY_BUFSZ];
    u256 z = u256_from_u64(0);
    u256_to_quantity(&z, q);
    CHECK_STR(q, "0x0");
    u256 k = u256_from_u64(0x4a817c800ULL);
    u256_to_quantity(&k, q);
    CHECK_STR(q, "0x4a817c800");
    u256_to_quantity(&max, q);
    CHECK_STR(q, "0xffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff");

    CHECK(u256_from_hex("4A817c800", 9, &r) == 0 && u256_cmp(&r, &k) == 0);
    CHECK(u256_from_hex("", 0, &r) != 0);
    CHECK(u256_from_hex("12g", 3, &r) != 0);
    char h65[66];
    memset(h65, '1', 65);
    h65[65] = 0;
    CHECK(u256_from_hex(h65, 65, &r) != 0);
    CHECK(u256_from_hex(h65, 64, &r) == 0);

    uint8_t be[32];
    CHECK(u256_to_be_minimal(&z, be) == 0);
    u256 big = u256_from_u64(0x0102);
    CHECK(u256_to_be_minimal(&big, be) == 2 && be[0] == 1 && be[1] == 2);
    CHECK(u256_cmp(&a, &b) > 0 && u256_cmp(&b, &a) < 0 && u256_cmp(&a, &a) == 0);
}

int main(void)
{
    test_wiki_vectors();
    test_decode();
    test_u256();
    return check_summary();
}
