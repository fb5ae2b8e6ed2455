/* The sealed source: the master secret encrypted at rest under a sealing key from a
 * provider. Created on the first boot (file absent), opened on every later one. */
#include <errno.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/fsutil.h"
#include "secret/sealed_format.h"
#include "secret/sealing_key.h"
#include "secret/sources.h"
#include "util/log.h"

static int open_existing(const char *path, const struct config_sealed *cfg, secbuf *secret, st_err *err)
{
    /* The file is ciphertext, but it is still kept private: with the keyfile or passphrase
     * provider anyone who can read it can attack it offline. */
    secbuf file = SECBUF_EMPTY, key = SECBUF_EMPTY;
    struct sealed_header h;
    int rc = -1;
    if (fs_read_private_file(path, SEALED_FILE_MAX, &file, err) != 0)
        goto out;
    if (sealed_parse(path, file.p, file.len, &h, err) != 0)
        goto out;
    if (sealing_key_check_header(path, cfg, &h, err) != 0)
        goto out;
    if (sealing_key_derive(cfg, &h, &key, err) != 0) {
        st_err_wrap(err, "%s: cannot obtain the sealing key", path);
        goto out;
    }
    rc = sealed_open(path, file.p, file.len, &h, key.p, secret, err);
out:
    secbuf_free(&key);
    secbuf_free(&file);
    return rc;
}

static int create_new(const char *path, const struct config_sealed *cfg, secbuf *secret, st_err *err)
{
    struct sealed_header h;
    secbuf key = SECBUF_EMPTY, check = SECBUF_EMPTY;
    uint8_t out[SEALED_FILE_MAX];
    size_t outlen = 0;
    int rc = -1;

    /* The sealing key comes first: if the provider cannot deliver (no key file, no agent),
     * nothing is generated and nothing is written. */
    if (sealing_key_new_header(cfg, &h, err) != 0)
        return -1;
    if (sealing_key_derive(cfg, &h, &key, err) != 0)
        return st_err_wrap(err, "%s: cannot obtain the sealing key for a new sealed secret", path);

    char *dir = fs_dirname(path);
    if (dir == NULL) {
        st_err_set(err, "%s: out of memory", path);
        goto out;
    }
    int mk = fs_mkdir_p(dir, 0700, err);
    free(dir);
    if (mk != 0)
        goto out;

    if (secbuf_alloc(secret, SEALED_SECRET_LEN, err) != 0)
        goto out;
    randombytes_buf(secret->p, secret->len);
    if (sealed_seal(&h, key.p, secret->p, out, sizeof out, &outlen, err) != 0)
        goto out;
    if (fs_write_new(path, out, outlen, 0600, err) != 0)
        goto out;

    /* Read the file back and open it with a freshly obtained key before anything can depend
     * on this secret: a provider that does not give the same key twice (a misconfigured
     * agent, a passphrase read wrongly) must fail now, not on the next boot after funds
     * have been sent to the new addresses. */
    if (open_existing(path, cfg, &check, err) != 0 || !secbuf_equal(&check, secret)) {
        st_err_set(err, "%s: the new sealed secret does not open again", path);
        st_err_wrap(err, "%s: removed the sealed secret just created", path);
        unlink(path);
        goto out;
    }
    rc = 0;
out:
    sodium_memzero(out, sizeof out);
    secbuf_free(&check);
    secbuf_free(&key);
    if (rc != 0)
        secbuf_free(secret);
    return rc;
}

static const char *provider_name(enum sealing_key_provider p)
{
    return p == SEALING_KEY_FILE ? "keyfile" : p == SEALING_KEY_PASSPHRASE ? "passphrase" : "dstack";
}

int secret_source_sealed(const struct config_sealed *cfg, const char *data_dir, struct master_secret *out,
                         st_err *err)
{
    char *path = cfg->file && *cfg->file ? strdup(cfg->file) : secret_default_path(data_dir, "master.sealed");
    if (path == NULL)
        return st_err_set(err, "secret.sealed: out of memory");
    int rc;
    if (fs_exists(path)) {
        rc = open_existing(path, cfg, &out->root_seed, err);
        out->created = 0;
    } else if (!cfg->create) {
        /* The operator said the first boot is over: a missing file is a missing volume or a
         * lost file, never a reason for new addresses. */
        rc = st_err_set(err,
                        "%s: the sealed secret does not exist and secret.sealed.create is false; refusing "
                        "to create a new master secret (is the data folder mounted?)",
                        path);
    } else {
        rc = create_new(path, cfg, &out->root_seed, err);
        out->created = 1;
        /* A warning, not news: an absent file is indistinguishable from a data folder that
         * was not mounted this time, and then this is a new secret with new addresses. */
        if (rc == 0)
            log_warn("secret.sealed.created",
                     "created a NEW sealed master secret at %s (key provider %s); if this is not the first "
                     "boot, stop: the data folder may be missing or not mounted",
                     path, provider_name(cfg->provider));
    }
    free(path);
    if (rc != 0) {
        out->created = 0;
        return -1;
    }
    out->source = "sealed";
    out->is_dev = 0;
    return 0;
}
