#include "secret/sealing_key.h"

#include <sodium.h>
#include <string.h>

#include "secret/dstack_key.h"
#include "util/fsutil.h"
#include "util/hex.h"

#define MIB ((uint64_t)1 << 20)
#define KEYFILE_MAX 4096

static uint8_t provider_id(enum sealing_key_provider p)
{
    switch (p) {
    case SEALING_KEY_FILE:
        return SEALED_PROVIDER_KEYFILE;
    case SEALING_KEY_PASSPHRASE:
        return SEALED_PROVIDER_PASSPHRASE;
    case SEALING_KEY_DSTACK:
        return SEALED_PROVIDER_DSTACK;
    }
    return 0;
}

static int check_limits(uint64_t ops, uint64_t mem, st_err *err)
{
    if (ops < crypto_pwhash_argon2id_OPSLIMIT_MIN || ops > crypto_pwhash_argon2id_OPSLIMIT_MAX)
        return st_err_set(err, "secret.sealed: Argon2id opslimit %llu is out of range (at least %llu)",
                          (unsigned long long)ops, (unsigned long long)crypto_pwhash_argon2id_OPSLIMIT_MIN);
    if (mem < crypto_pwhash_argon2id_MEMLIMIT_MIN || mem > crypto_pwhash_argon2id_MEMLIMIT_MAX || mem > SIZE_MAX)
        return st_err_set(err, "secret.sealed: Argon2id memlimit of %llu bytes is out of range",
                          (unsigned long long)mem);
    return 0;
}

int sealing_key_new_header(const struct config_sealed *cfg, struct sealed_header *h, st_err *err)
{
    memset(h, 0, sizeof *h);
    h->version = SEALED_VERSION;
    h->provider = provider_id(cfg->provider);
    if (h->provider == 0)
        return st_err_set(err, "secret.sealed: unknown key provider");
    if (h->provider == SEALED_PROVIDER_KEYFILE && (cfg->key_file == NULL || !*cfg->key_file))
        return st_err_set(err, "secret.sealed: the keyfile provider needs a key file path");
    if (h->provider == SEALED_PROVIDER_PASSPHRASE) {
        h->opslimit = cfg->argon2_opslimit;
        h->memlimit = (uint64_t)cfg->argon2_memlimit_mib * MIB;
        if (check_limits(h->opslimit, h->memlimit, err) != 0)
            return -1;
        randombytes_buf(h->salt, sizeof h->salt);
    }
    randombytes_buf(h->nonce, sizeof h->nonce);
    return 0;
}

int sealing_key_check_header(const char *label, const struct config_sealed *cfg, const struct sealed_header *h,
                             st_err *err)
{
    uint8_t want = provider_id(cfg->provider);
    if (h->provider != want)
        return st_err_set(err,
                          "%s: sealed under the '%s' key provider but the configuration uses '%s'; "
                          "refusing to start (no fallback between providers)",
                          label, sealed_provider_name(h->provider), sealed_provider_name(want));
    if (h->provider != SEALED_PROVIDER_PASSPHRASE)
        return 0;
    uint64_t max_mem = (uint64_t)cfg->argon2_memlimit_mib * MIB;
    if (h->opslimit < crypto_pwhash_argon2id_OPSLIMIT_MIN || h->memlimit < crypto_pwhash_argon2id_MEMLIMIT_MIN)
        return st_err_set(err, "%s: sealed secret has Argon2id limits below libsodium's minimum", label);
    if (h->opslimit > cfg->argon2_opslimit || h->memlimit > max_mem)
        return st_err_set(err,
                          "%s: sealed secret asks for Argon2id opslimit %u and memlimit %llu bytes, more than the "
                          "configured opslimit %u and memlimit %u MiB; refusing (raise the configured limits only "
                          "if this file is genuine)",
                          label, h->opslimit, (unsigned long long)h->memlimit, cfg->argon2_opslimit,
                          cfg->argon2_memlimit_mib);
    return 0;
}

static int is_space(uint8_t c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static int keyfile_key(const char *path, secbuf *key, st_err *err)
{
    secbuf raw = SECBUF_EMPTY;
    if (fs_read_private_file(path, KEYFILE_MAX, &raw, err) != 0)
        return st_err_wrap(err, "secret.sealed key file");
    int rc = -1;
    /* A 32-byte file is the raw key, unless it is all hex digits: then it is almost surely
     * a 16-byte key written as hex by mistake (random bytes are all hex digits with
     * probability (22/256)^32), which is too short to accept. */
    if (raw.len == SEALED_KEY_LEN && !hex_all_digits((const char *)raw.p, raw.len)) {
        rc = secbuf_copy(key, raw.p, SEALED_KEY_LEN, err);
        goto out;
    }
    size_t b = 0, e = raw.len;
    while (b < e && is_space(raw.p[b]))
        b++;
    while (e > b && is_space(raw.p[e - 1]))
        e--;
    if (e - b == 2 * SEALED_KEY_LEN && hex_all_digits((const char *)raw.p + b, e - b)) {
        if (secbuf_alloc(key, SEALED_KEY_LEN, err) != 0)
            goto out;
        if (hex_decode_n(key->p, SEALED_KEY_LEN, (const char *)raw.p + b, e - b) != 0)
            goto out;
        rc = 0;
        goto out;
    }
    st_err_set(err, "%s: a sealing key file holds 32 raw bytes or 64 hex digits (this one has %zu bytes)", path,
               raw.len);
out:
    secbuf_free(&raw);
    return rc;
}

static int passphrase_key(const struct config_sealed *cfg, const struct sealed_header *h, secbuf *key, st_err *err)
{
    if (cfg->passphrase.p == NULL || cfg->passphrase.len == 0)
        return st_err_set(err, "secret.sealed: the passphrase provider needs a non-empty passphrase");
    if (check_limits(h->opslimit, h->memlimit, err) != 0)
        return -1;
    if (secbuf_alloc(key, SEALED_KEY_LEN, err) != 0)
        return -1;
    if (crypto_pwhash(key->p, key->len, (const char *)cfg->passphrase.p, cfg->passphrase.len, h->salt, h->opslimit,
                      (size_t)h->memlimit, crypto_pwhash_ALG_ARGON2ID13) != 0) {
        secbuf_free(key);
        return st_err_set(err, "secret.sealed: Argon2id failed (not enough memory for %llu MiB?)",
                          (unsigned long long)(h->memlimit / MIB));
    }
    return 0;
}

void sealing_key_from_dstack(const uint8_t *dstack_key, size_t len, uint8_t out[SEALED_KEY_LEN])
{
    static const char label[] = SEALING_DSTACK_LABEL;
    crypto_generichash(out, SEALED_KEY_LEN, (const uint8_t *)label, sizeof label - 1, dstack_key, len);
}

static int dstack_sealing_key(const struct config_sealed *cfg, secbuf *key, st_err *err)
{
    const char *sock = cfg->dstack_socket && *cfg->dstack_socket ? cfg->dstack_socket : DSTACK_DEFAULT_SOCKET;
    const char *path = cfg->dstack_path && *cfg->dstack_path ? cfg->dstack_path : SEALING_DSTACK_DEFAULT_PATH;
    secbuf raw = SECBUF_EMPTY;
    if (dstack_get_key(sock, path, SEALING_DSTACK_PURPOSE, &raw, err) != 0)
        return -1;
    int rc = secbuf_alloc(key, SEALED_KEY_LEN, err);
    if (rc == 0)
        sealing_key_from_dstack(raw.p, raw.len, key->p);
    secbuf_free(&raw);
    return rc;
}

int sealing_key_derive(const struct config_sealed *cfg, const struct sealed_header *h, secbuf *key, st_err *err)
{
    *key = SECBUF_EMPTY;
    switch (h->provider) {
    case SEALED_PROVIDER_KEYFILE:
        if (cfg->key_file == NULL || !*cfg->key_file)
            return st_err_set(err, "secret.sealed: the keyfile provider needs a key file path");
        return keyfile_key(cfg->key_file, key, err);
    case SEALED_PROVIDER_PASSPHRASE:
        return passphrase_key(cfg, h, key, err);
    case SEALED_PROVIDER_DSTACK:
        return dstack_sealing_key(cfg, key, err);
    default:
        return st_err_set(err, "secret.sealed: unknown key provider id %u", h->provider);
    }
}
