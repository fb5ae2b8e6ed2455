/* steward init DIR: a starter configuration and a fresh backup secret, nothing overwritten. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/cli_common.h"
#include "secret/secret_source.h"
#include "util/fsutil.h"
#include "util/secmem.h"

static const char starter_config[] =
    "# steward configuration, written by `steward init`. Schema: docs/config.md.\n"
    "version: 1\n"
    "data_dir: data                 # the store (SQLite) lives here; relative to this file\n"
    "log:\n"
    "  level: info\n"
    "  format: text\n"
    "secret:\n"
    "  # backup.secret holds a freshly generated 24-word BIP-39 mnemonic (mode 0600).\n"
    "  # It is a DEVELOPMENT secret until you decide otherwise: write the words down\n"
    "  # offline, or switch to `source: sealed` or `source: mpc` for production.\n"
    "  source: backup\n"
    "  backup:\n"
    "    file: backup.secret\n"
    "tenants:\n"
    "  - id: default\n"
    "chains:\n"
    "  btc:\n"
    "    network: regtest\n"
    "  eth:\n"
    "    chain_id: 31337\n";

int cmd_init(int argc, char **argv)
{
    struct cli_opts o;
    if (cli_parse("init", argc, argv, 0, &o) != 0)
        return EXIT_USAGE;
    if (o.help) {
        puts("usage: steward init DIR\n\n"
             "Creates DIR (mode 0700) if needed and writes DIR/steward.yaml (a starter\n"
             "configuration) and DIR/backup.secret (a fresh 24-word BIP-39 mnemonic, mode 0600).\n"
             "Refuses to overwrite either file; on failure nothing is left half-written.");
        return EXIT_OK;
    }
    if (o.argc != 1) {
        cli_fail("init", "expected exactly one folder (see steward init --help)");
        return EXIT_USAGE;
    }
    st_err err = {0};
    if (secmem_init(&err) != 0) {
        cli_fail("init", "%s", err.msg);
        return EXIT_RUNTIME;
    }
    const char *dir = o.argv[0];
    char *cfg_path = fs_resolve(dir, "steward.yaml");
    char *secret_path = fs_resolve(dir, "backup.secret");
    int rc = EXIT_RUNTIME;
    if (!cfg_path || !secret_path) {
        cli_fail("init", "out of memory");
        goto out;
    }
    /* Check both first so that an existing file stops init before anything is written. */
    if (fs_exists(cfg_path) || fs_exists(secret_path)) {
        cli_fail("init", "%s already exists; refusing to overwrite anything",
                 fs_exists(cfg_path) ? cfg_path : secret_path);
        rc = EXIT_USAGE;
        goto out;
    }
    if (fs_mkdir_p(dir, 0700, &err) != 0 || secret_generate_backup_file(secret_path, &err) != 0) {
        cli_fail("init", "%s", err.msg);
        goto out;
    }
    if (fs_write_new(cfg_path, starter_config, sizeof starter_config - 1, 0644, &err) != 0) {
        unlink(secret_path); /* all or nothing */
        cli_fail("init", "%s", err.msg);
        goto out;
    }
    printf("wrote %s\nwrote %s (mode 0600: a fresh 24-word mnemonic; back it up offline)\n"
           "next: steward keys -c %s\n",
           cfg_path, secret_path, cfg_path);
    rc = EXIT_OK;
out:
    free(cfg_path);
    free(secret_path);
    return rc;
}
