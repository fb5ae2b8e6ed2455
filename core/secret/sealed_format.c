#include "secret/sealed_format.h"

#include <sodium.h>
#include <string.h>

#define PASSPHRASE_PARAMS_LEN (SEALED_SALT_LEN + 4 + 8)
#define AEAD_LEN (SEALED_SECRET_LEN + SEALED_TAG_LEN)

_Static_assert(SEALED_NONCE_LEN == crypto_aead_xchacha20poly1305_ietf_NPUBBYTES, "nonce size");
_Static_assert(SEALED_KEY_LEN == crypto_aead_xchacha20poly1305_ietf_KEYBYTES, "key size");
_Static_assert(SEALED_TAG_LEN == crypto_aead_xchacha20poly1305_ietf_ABYTES, "tag size");
_Static_assert(SEALED_SALT_LEN == crypto_pwhash_argon2id_SALTBYTES, "salt size");

const char *sealed_provider_name(uint8_t provider)
{
    switch (provider) {
    case SEALED_PROVIDER_KEYFILE:
        return "keyfile";
    case SEALED_PROVIDER_PASSPHRASE:
        return "passphrase";
    case SEALED_PROVIDER_DSTACK:
        return "dstack";
    default:
        return "unknown";
    }
}

size_t sealed_header_len(uint8_t provider)
{
    size_t base = SEALED_MAGIC_LEN + 2 + SEALED_NONCE_LEN;
    switch (provider) {
    case SEALED_PROVIDER_KEYFILE:
    case SEALED_PROVIDER_DSTACK:
        return base;
    case SEALED_PROVIDER_PASSPHRASE:
        return base + PASSPHRASE_PARAMS_LEN;
    default:
        return 0;
    }
}

size_t sealed_file_len(uint8_t provider)
{
    size_t h = sealed_header_len(provider);
    return h ? h + AEAD_LEN : 0;
}

static void put_le(uint8_t *p, uint64_t v, int n)
{
    for (int i = 0; i < n; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static uint64_t get_le(const uint8_t *p, int n)
{
    uint64_t v = 0;
    for (int i = n - 1; i >= 0; i--)
        v = v << 8 | p[i];
    return v;
}

int sealed_seal(const struct sealed_header *h, const uint8_t key[SEALED_KEY_LEN],
                const uint8_t secret[SEALED_SECRET_LEN], uint8_t *out, size_t cap, size_t *outlen, st_err *err)
{
    size_t hl = sealed_header_len(h->provider);
    if (hl == 0 || h->version != SEALED_VERSION)
        return st_err_set(err, "sealed secret: cannot write provider %u, version %u", h->provider, h->version);
    if (cap < hl + AEAD_LEN)
        return st_err_set(err, "sealed secret: output buffer too small");
    uint8_t *p = out;
    memcpy(p, SEALED_MAGIC, SEALED_MAGIC_LEN);
    p += SEALED_MAGIC_LEN;
    *p++ = h->version;
    *p++ = h->provider;
    if (h->provider == SEALED_PROVIDER_PASSPHRASE) {
        memcpy(p, h->salt, SEALED_SALT_LEN);
        p += SEALED_SALT_LEN;
        put_le(p, h->opslimit, 4);
        p += 4;
        put_le(p, h->memlimit, 8);
        p += 8;
    }
    memcpy(p, h->nonce, SEALED_NONCE_LEN);
    p += SEALED_NONCE_LEN;
    unsigned long long clen = 0;
    /* The AEAD writes ciphertext straight into the output: the plaintext is never copied. */
    crypto_aead_xchacha20poly1305_ietf_encrypt(p, &clen, secret, SEALED_SECRET_LEN, out, hl, NULL, h->nonce, key);
    *outlen = hl + (size_t)clen;
    return 0;
}

int sealed_parse(const char *label, const uint8_t *file, size_t len, struct sealed_header *h, st_err *err)
{
    memset(h, 0, sizeof *h);
    if (len == 0)
        return st_err_set(err, "%s: sealed secret file is empty", label);
    if (len < SEALED_MAGIC_LEN && memcmp(file, SEALED_MAGIC, len) == 0)
        return st_err_set(err, "%s: sealed secret is truncated (%zu bytes)", label, len);
    if (len < SEALED_MAGIC_LEN || memcmp(file, SEALED_MAGIC, SEALED_MAGIC_LEN) != 0)
        return st_err_set(err, "%s: not a steward sealed secret (no \"%s\" magic at the start)", label, SEALED_MAGIC);
    if (len < SEALED_MAGIC_LEN + 2)
        return st_err_set(err, "%s: sealed secret is truncated (%zu bytes)", label, len);
    h->version = file[SEALED_MAGIC_LEN];
    h->provider = file[SEALED_MAGIC_LEN + 1];
    if (h->version != SEALED_VERSION)
        return st_err_set(err, "%s: sealed secret format version %u is not supported (this build reads version %u)",
                          label, h->version, SEALED_VERSION);
    size_t want = sealed_file_len(h->provider);
    if (want == 0)
        return st_err_set(err, "%s: sealed secret names an unknown sealing-key provider (id %u)", label, h->provider);
    if (len < want)
        return st_err_set(err, "%s: sealed secret is truncated (%zu bytes; a %s-sealed file has %zu)", label, len,
                          sealed_provider_name(h->provider), want);
    if (len > want)
        return st_err_set(err, "%s: sealed secret has %zu unexpected trailing bytes (a %s-sealed file has %zu)",
                          label, len - want, sealed_provider_name(h->provider), want);
    const uint8_t *p = file + SEALED_MAGIC_LEN + 2;
    if (h->provider == SEALED_PROVIDER_PASSPHRASE) {
        memcpy(h->salt, p, SEALED_SALT_LEN);
        p += SEALED_SALT_LEN;
        h->opslimit = (uint32_t)get_le(p, 4);
        p += 4;
        h->memlimit = get_le(p, 8);
        p += 8;
    }
    memcpy(h->nonce, p, SEALED_NONCE_LEN);
    return 0;
}

int sealed_open(const char *label, const uint8_t *file, size_t len, const struct sealed_header *h,
                const uint8_t key[SEALED_KEY_LEN], secbuf *secret, st_err *err)
{
    size_t hl = sealed_header_len(h->provider);
    if (hl == 0 || len != hl + AEAD_LEN)
        return st_err_set(err, "%s: sealed secret has the wrong length", label);
    if (secbuf_alloc(secret, SEALED_SECRET_LEN, err) != 0)
        return -1;
    unsigned long long mlen = 0;
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(secret->p, &mlen, NULL, file + hl, AEAD_LEN, file, hl, h->nonce,
                                                   key) != 0 ||
        mlen != SEALED_SECRET_LEN) {
        secbuf_free(secret);
        return st_err_set(err, "%s: cannot open sealed secret: wrong sealing key or the file was modified", label);
    }
    return 0;
}
