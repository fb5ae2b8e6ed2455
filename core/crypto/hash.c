/* hash.c: SHA-256, RIPEMD-160, HMAC and BIP-340 tagged hashes (see hash.h). */
#include "crypto/hash.h"

#include <nettle/ripemd160.h>
#include <sodium.h>
#include <string.h>

/* libsodium's HMAC init takes a non-NULL key even when keylen is 0. */
static const uint8_t empty_key[1];

void sha256(const uint8_t *in, size_t len, uint8_t out[SHA256_LEN])
{
    crypto_hash_sha256_state st;
    crypto_hash_sha256_init(&st);
    if (len)
        crypto_hash_sha256_update(&st, in, len);
    crypto_hash_sha256_final(&st, out);
    sodium_memzero(&st, sizeof st);
}

void sha256d(const uint8_t *in, size_t len, uint8_t out[SHA256_LEN])
{
    uint8_t first[SHA256_LEN];
    sha256(in, len, first);
    sha256(first, sizeof first, out);
    sodium_memzero(first, sizeof first);
}

void ripemd160(const uint8_t *in, size_t len, uint8_t out[RIPEMD160_LEN])
{
    struct ripemd160_ctx ctx;
    ripemd160_init(&ctx);
    if (len)
        ripemd160_update(&ctx, len, in);
    ripemd160_digest(&ctx, RIPEMD160_DIGEST_SIZE, out);
    sodium_memzero(&ctx, sizeof ctx);
}

void hash160(const uint8_t *in, size_t len, uint8_t out[HASH160_LEN])
{
    uint8_t h[SHA256_LEN];
    sha256(in, len, h);
    ripemd160(h, sizeof h, out);
    sodium_memzero(h, sizeof h);
}

void hmac_sha512(const uint8_t *key, size_t keylen, const uint8_t *msg, size_t msglen,
                 uint8_t out[SHA512_LEN])
{
    crypto_auth_hmacsha512_state st;
    crypto_auth_hmacsha512_init(&st, keylen ? key : empty_key, keylen);
    if (msglen)
        crypto_auth_hmacsha512_update(&st, msg, msglen);
    crypto_auth_hmacsha512_final(&st, out);
    sodium_memzero(&st, sizeof st);
}

void hmac_sha256(const uint8_t *key, size_t keylen, const uint8_t *msg, size_t msglen,
                 uint8_t out[SHA256_LEN])
{
    crypto_auth_hmacsha256_state st;
    crypto_auth_hmacsha256_init(&st, keylen ? key : empty_key, keylen);
    if (msglen)
        crypto_auth_hmacsha256_update(&st, msg, msglen);
    crypto_auth_hmacsha256_final(&st, out);
    sodium_memzero(&st, sizeof st);
}

void tagged_hash(const char *tag, const uint8_t *msg, size_t msglen, uint8_t out[SHA256_LEN])
{
    uint8_t th[SHA256_LEN];
    sha256((const uint8_t *)tag, strlen(tag), th);
    crypto_hash_sha256_state st;
    crypto_hash_sha256_init(&st);
    crypto_hash_sha256_update(&st, th, sizeof th);
    crypto_hash_sha256_update(&st, th, sizeof th);
    if (msglen)
        crypto_hash_sha256_update(&st, msg, msglen);
    crypto_hash_sha256_final(&st, out);
    sodium_memzero(&st, sizeof st);
}
