/* sealed_format.h: the on-disk format of a sealed master secret (version 1).
 *
 *   offset  size  field
 *   0       8     magic "STWSEAL1"
 *   8       1     format version (1)
 *   9       1     sealing-key provider id: 1 keyfile, 2 passphrase, 3 dstack
 *   10      28    passphrase provider only: Argon2id13 salt (16 bytes), opslimit (u32 LE),
 *                 memlimit in bytes (u64 LE); absent for the other providers
 *   ..      24    XChaCha20-Poly1305 nonce (random)
 *   ..      48    crypto_aead_xchacha20poly1305_ietf ciphertext of the 32-byte master
 *                 secret followed by its 16-byte tag
 *
 * Every byte before the ciphertext (the header) is the AEAD's associated data, so a change
 * to any byte of the file makes opening fail. The file has exactly this length: 82 bytes
 * (keyfile, dstack) or 110 bytes (passphrase); anything else is refused as a format error.
 * docs/secrets.md describes the same layout for people. */
#ifndef STEWARD_SECRET_SEALED_FORMAT_H
#define STEWARD_SECRET_SEALED_FORMAT_H

#include <stddef.h>
#include <stdint.h>

#include "util/err.h"
#include "util/secmem.h"

#define SEALED_MAGIC "STWSEAL1"
#define SEALED_MAGIC_LEN 8
#define SEALED_VERSION 1
#define SEALED_SALT_LEN 16
#define SEALED_NONCE_LEN 24
#define SEALED_SECRET_LEN 32
#define SEALED_TAG_LEN 16
#define SEALED_KEY_LEN 32
#define SEALED_FILE_MAX 256 /* larger than any valid file; bounds the read */

enum sealed_provider_id {
    SEALED_PROVIDER_KEYFILE = 1,
    SEALED_PROVIDER_PASSPHRASE = 2,
    SEALED_PROVIDER_DSTACK = 3,
};

struct sealed_header {
    uint8_t version;
    uint8_t provider;             /* enum sealed_provider_id */
    uint8_t salt[SEALED_SALT_LEN]; /* passphrase provider only */
    uint32_t opslimit;            /* passphrase provider only */
    uint64_t memlimit;            /* passphrase provider only, bytes */
    uint8_t nonce[SEALED_NONCE_LEN];
};

/* "keyfile", "passphrase", "dstack", or "unknown". */
const char *sealed_provider_name(uint8_t provider);

/* Length of the header (associated data) and of the whole file for a provider; 0 if unknown. */
size_t sealed_header_len(uint8_t provider);
size_t sealed_file_len(uint8_t provider);

/* Serialises h and encrypts the 32-byte secret under key into out (capacity >= the file
 * length); *outlen gets the length. The output holds no plaintext. */
int sealed_seal(const struct sealed_header *h, const uint8_t key[SEALED_KEY_LEN],
                const uint8_t secret[SEALED_SECRET_LEN], uint8_t *out, size_t cap, size_t *outlen, st_err *err);

/* Parses and checks the header of a file's bytes: magic, version, a known provider and the
 * exact length. label (the path) prefixes errors. Does not authenticate anything: the
 * header is only trusted once sealed_open succeeds. */
int sealed_parse(const char *label, const uint8_t *file, size_t len, struct sealed_header *h, st_err *err);

/* Decrypts the secret of a file whose header sealed_parse accepted, into guarded memory.
 * A wrong key or any modified byte gives
 * "<label>: cannot open sealed secret: wrong sealing key or the file was modified". */
int sealed_open(const char *label, const uint8_t *file, size_t len, const struct sealed_header *h,
                const uint8_t key[SEALED_KEY_LEN], secbuf *secret, st_err *err);

#endif
