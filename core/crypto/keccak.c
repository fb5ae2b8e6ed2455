/* keccak.c: Keccak-256 (Ethereum's hash) over Nettle's Keccak-f[1600] permutation, and SHA3-256.
 *
 * Nettle ships FIPS-202 SHA3-256, whose padding byte is 0x06; Ethereum fixed its hash before
 * FIPS-202 and uses the original Keccak padding 0x01. Only the sponge around the
 * permutation differs, so it is written here and the permutation is Nettle's. */
#include "crypto/hash.h"

#include <nettle/sha3.h>
#include <sodium.h>
#include <string.h>

/* Rate in bytes for a 256-bit output: 1600/8 - 2*32. */
#define KECCAK256_RATE 136

/* Keccak lanes are little-endian 64-bit words: byte i of the state is byte (i % 8) of
 * lane i / 8, whatever the host byte order. */
static void xor_byte(struct sha3_state *s, size_t i, uint8_t b)
{
    s->a[i / 8] ^= (uint64_t)b << (8 * (i % 8));
}

void keccak256(const uint8_t *in, size_t len, uint8_t out[KECCAK256_LEN])
{
    struct sha3_state s;
    memset(&s, 0, sizeof s);
    while (len >= KECCAK256_RATE) {
        for (size_t i = 0; i < KECCAK256_RATE; i++)
            xor_byte(&s, i, in[i]);
        sha3_permute(&s);
        in += KECCAK256_RATE;
        len -= KECCAK256_RATE;
    }
    for (size_t i = 0; i < len; i++)
        xor_byte(&s, i, in[i]);
    /* pad10*1 with the Keccak domain bit: 0x01 after the message, 0x80 in the last rate
     * byte (the two coincide, giving 0x81, when one byte of room is left). */
    xor_byte(&s, len, 0x01);
    xor_byte(&s, KECCAK256_RATE - 1, 0x80);
    sha3_permute(&s);
    for (size_t i = 0; i < KECCAK256_LEN; i++)
        out[i] = (uint8_t)(s.a[i / 8] >> (8 * (i % 8)));
    sodium_memzero(&s, sizeof s);
}

void sha3_256(const uint8_t *in, size_t len, uint8_t out[SHA3_256_LEN])
{
    struct sha3_256_ctx c;
    sha3_256_init(&c);
    sha3_256_update(&c, len, in);
    sha3_256_digest(&c, SHA3_256_LEN, out);
}
