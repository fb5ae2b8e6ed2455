/* secret_generate_backup_file: the fresh backup `steward init` and the dev source write. */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/bip39.h"
#include "secret/secret_source.h"
#include "util/fsutil.h"

int secret_generate_backup_file(const char *path, st_err *err)
{
    if (sodium_init() < 0)
        return st_err_set(err, "libsodium could not be initialised");

    /* Create missing folders first, so nothing secret exists yet if that fails. */
    char *dir = fs_dirname(path);
    if (dir == NULL)
        return st_err_set(err, "%s: out of memory", path);
    int rc = fs_mkdir_p(dir, 0700, err);
    free(dir);
    if (rc != 0)
        return -1;

    secbuf entropy = SECBUF_EMPTY, words = SECBUF_EMPTY, file = SECBUF_EMPTY;
    rc = -1;
    if (secbuf_alloc(&entropy, 32, err) != 0)
        goto out;
    randombytes_buf(entropy.p, entropy.len);
    if (bip39_mnemonic_from_entropy(entropy.p, entropy.len, &words, err) != 0)
        goto out;
    /* The words are NUL-terminated; the file gets them and one newline. */
    size_t n = strnlen((const char *)words.p, words.len);
    if (secbuf_alloc(&file, n + 1, err) != 0)
        goto out;
    memcpy(file.p, words.p, n);
    file.p[n] = '\n';
    rc = fs_write_new(path, file.p, file.len, 0600, err);
out:
    secbuf_free(&file);
    secbuf_free(&words);
    secbuf_free(&entropy);
    return rc;
}
