/* secret_recover: the dispatcher. It calls exactly the configured source and nothing else;
 * a failing source is the end of the boot (see the no-fallback rule in secret_source.h). */
#include "secret/secret_source.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "secret/sources.h"

char *secret_default_path(const char *data_dir, const char *name)
{
    const char *dir = data_dir && *data_dir ? data_dir : "steward-data";
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s/%s", dir, name);
    return p;
}

int secret_recover(const struct config_secret *cfg, const char *data_dir, struct master_secret *out, st_err *err)
{
    memset(out, 0, sizeof *out);
    if (sodium_init() < 0)
        return st_err_set(err, "libsodium could not be initialised");
    int rc;
    switch (cfg->source) {
    case SECRET_SOURCE_BACKUP:
        rc = secret_source_backup(&cfg->backup, out, err);
        break;
    case SECRET_SOURCE_SEALED:
        rc = secret_source_sealed(&cfg->sealed, data_dir, out, err);
        break;
    case SECRET_SOURCE_DEV:
        rc = secret_source_dev(&cfg->dev, data_dir, out, err);
        break;
    case SECRET_SOURCE_MPC:
        rc = secret_source_mpc(&cfg->mpc, out, err);
        break;
    default:
        rc = st_err_set(err, "secret.source: unknown source %d", (int)cfg->source);
        break;
    }
    if (rc != 0) {
        master_secret_free(out);
        return -1;
    }
    return 0;
}

void master_secret_free(struct master_secret *ms)
{
    if (ms == NULL)
        return;
    secbuf_free(&ms->root_seed);
    memset(ms, 0, sizeof *ms);
}
