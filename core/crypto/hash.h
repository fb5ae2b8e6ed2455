/* hash.h: the hash functions and key-derivation helpers the wallet formats are built on.
 *
 * SHA-256, SHA-512 based HMAC and HKDF come from libsodium, RIPEMD-160 from Nettle, and
 * Keccak-256 is the original Keccak sponge over Nettle's Keccak-f[1600] permutation. None
 * of these functions can fail for valid arguments, so most return void. Inputs may be
 * secret; every function wipes the intermediate state it kept on the stack, and outputs go
 * wherever the caller points them (use a secbuf when the output is secret). */
#ifndef STEWARD_CRYPTO_HASH_H
#define STEWARD_CRYPTO_HASH_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_LEN 32
#define SHA512_LEN 64
#define RIPEMD160_LEN 20
#define HASH160_LEN 20
#define KECCAK256_LEN 32

/* SHA-256 of `len` bytes at `in` (in may be NULL when len is 0). */
void sha256(const uint8_t *in, size_t len, uint8_t out[SHA256_LEN]);

/* SHA-256(SHA-256(in)): Bitcoin's double hash, used by base58check. */
void sha256d(const uint8_t *in, size_t len, uint8_t out[SHA256_LEN]);

/* RIPEMD-160 of `in`. */
void ripemd160(const uint8_t *in, size_t len, uint8_t out[RIPEMD160_LEN]);

/* RIPEMD-160(SHA-256(in)): key fingerprints (BIP-32) and legacy address hashes. */
void hash160(const uint8_t *in, size_t len, uint8_t out[HASH160_LEN]);

/* HMAC-SHA512 (RFC 2104) with a key of any length (key may be NULL when keylen is 0).
 * Used by BIP-32 and SLIP-10, where the output is a private key and chain code: secret. */
void hmac_sha512(const uint8_t *key, size_t keylen, const uint8_t *msg, size_t msglen,
                 uint8_t out[SHA512_LEN]);

/* HMAC-SHA256 with a key of any length. */
void hmac_sha256(const uint8_t *key, size_t keylen, const uint8_t *msg, size_t msglen,
                 uint8_t out[SHA256_LEN]);

/* BIP-340 tagged hash: SHA-256(SHA-256(tag) || SHA-256(tag) || msg).
 * In:  tag: NUL-terminated tag, e.g. "TapTweak"; msg/msglen: the message (may be NULL if 0). */
void tagged_hash(const char *tag, const uint8_t *msg, size_t msglen, uint8_t out[SHA256_LEN]);

/* Keccak-256 as used by Ethereum: the Keccak sponge with rate 136 bytes and the original
 * Keccak padding (0x01 ... 0x80), which is NOT FIPS-202 SHA3-256 (padding 0x06). */
void keccak256(const uint8_t *in, size_t len, uint8_t out[KECCAK256_LEN]);

/* SHA3-256 (FIPS 202, padding 0x06), through Nettle. */
#define SHA3_256_LEN 32
void sha3_256(const uint8_t *in, size_t len, uint8_t out[SHA3_256_LEN]);

/* HKDF-SHA256 (RFC 5869): extract with `salt` (an empty salt means 32 zero bytes, as the RFC
 * says), then expand with `info` to `outlen` bytes.
 * In:  ikm (secret), salt, info: any may be NULL when its length is 0.
 * Out: out: outlen bytes of output keying material (secret).
 * Returns 0, or -1 (out untouched) when outlen is 0 or larger than 255*32 = 8160, the RFC's
 * limit. That is the only failure, so there is no st_err: callers pass constant lengths. */
int hkdf_sha256(const uint8_t *ikm, size_t ikmlen, const uint8_t *salt, size_t saltlen,
                const uint8_t *info, size_t infolen, uint8_t *out, size_t outlen);

#endif
