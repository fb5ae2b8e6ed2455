/* The backup source: the user's own backup, from an environment variable, a private file or
 * an inline ${VAR} value in the configuration. */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "secret/backup_text.h"
#include "secret/sources.h"
#include "util/fsutil.h"

/* Longest backup text accepted: 24 words of at most 8 letters plus generous whitespace. */
#define BACKUP_TEXT_MAX 4096

/* Copies the variable's value into guarded memory, then wipes the value in place and removes
 * the variable. Why: the environment is ordinary memory that is inherited by every child
 * process (chain RPC helpers, anything a plugin might spawn), shown in /proc/<pid>/environ
 * (which reads the original copy, so unsetenv alone would not hide it) and kept forever by
 * glibc for values set with setenv. Once the secret is in guarded memory nothing needs the
 * variable again. */
static int take_env(const char *name, secbuf *out, st_err *err)
{
    char *v = getenv(name);
    if (v == NULL)
        return st_err_set(err, "%s: environment variable is not set (secret.backup.env names it)", name);
    size_t n = strlen(v);
    if (secbuf_alloc(out, n + 1, err) != 0)
        return -1;
    memcpy(out->p, v, n);
    out->len = n;
    sodium_memzero(v, n);
    unsetenv(name);
    return 0;
}

int secret_source_backup(const struct config_backup *cfg, struct master_secret *out, st_err *err)
{
    int n_set = (cfg->env != NULL) + (cfg->file != NULL) + (cfg->value.p != NULL);
    if (n_set != 1)
        return st_err_set(err, "secret.backup: exactly one of env, file and value must be set (%d are)", n_set);

    secbuf text = SECBUF_EMPTY;
    const char *label;
    if (cfg->env) {
        label = cfg->env;
        if (take_env(cfg->env, &text, err) != 0)
            return -1;
    } else if (cfg->file) {
        label = cfg->file;
        if (fs_read_secret_file(cfg->file, BACKUP_TEXT_MAX, &text, err) != 0)
            return -1;
    } else {
        label = "secret.backup.value";
        if (secbuf_copy(&text, cfg->value.p, cfg->value.len, err) != 0)
            return -1;
    }

    const secbuf *pp = cfg->has_passphrase ? &cfg->passphrase : NULL;
    int rc = backup_text_to_seed(label, text.p, text.len, pp, &out->root_seed, NULL, err);
    secbuf_free(&text);
    if (rc != 0)
        return -1;
    out->source = "backup";
    out->is_dev = 0;
    out->created = 0;
    return 0;
}
