/* The dev source: the embedded default configuration's generated development secret. It is
 * an ordinary 24-word backup file in the data folder, created on the first run, so a
 * developer can inspect it and restore it into a wallet; it is labelled DEV everywhere. */
#include <stdlib.h>
#include <string.h>

#include "secret/backup_text.h"
#include "secret/sources.h"
#include "util/fsutil.h"
#include "util/log.h"

#define DEV_TEXT_MAX 4096

int secret_source_dev(const struct config_dev *cfg, const char *data_dir, struct master_secret *out, st_err *err)
{
    char *path = cfg->file && *cfg->file ? strdup(cfg->file) : secret_default_path(data_dir, "dev-backup.secret");
    if (path == NULL)
        return st_err_set(err, "secret.dev: out of memory");
    int rc = -1, created = 0;
    secbuf text = SECBUF_EMPTY;
    if (!fs_exists(path)) {
        if (secret_generate_backup_file(path, err) != 0)
            goto out;
        created = 1;
    }
    if (fs_read_secret_file(path, DEV_TEXT_MAX, &text, err) != 0)
        goto out;
    if (backup_text_to_seed(path, text.p, text.len, NULL, &out->root_seed, NULL, err) != 0)
        goto out;
    out->source = "dev";
    out->is_dev = 1;
    out->created = created;
    log_warn("secret.dev",
             "using the DEVELOPMENT secret %s%s: it is a plain file, not protected by any TEE; "
             "it must never hold funds",
             path, created ? " (created now)" : "");
    rc = 0;
out:
    secbuf_free(&text);
    free(path);
    return rc;
}
