/* steward config check: load and validate a configuration, print a summary. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cli_common.h"

static const char *source_name(enum secret_source_kind k)
{
    switch (k) {
    case SECRET_SOURCE_BACKUP: return "backup";
    case SECRET_SOURCE_SEALED: return "sealed";
    case SECRET_SOURCE_MPC: return "mpc";
    case SECRET_SOURCE_DEV: return "dev";
    }
    return "?";
}

int cmd_config(int argc, char **argv)
{
    struct cli_opts o;
    if (cli_parse("config", argc, argv, OPT_CONFIG, &o) != 0)
        return EXIT_USAGE;
    if (o.help) {
        puts("usage: steward config check [-c FILE]\n\n"
             "Validates a configuration strictly (the schema is in docs/config.md) without\n"
             "touching secrets or the store. Errors are one line: FILE:LINE:COLUMN: KEY.PATH: reason.\n"
             "Exit 0 when valid, 2 when not.");
        return EXIT_OK;
    }
    if (o.argc != 1 || strcmp(o.argv[0], "check") != 0) {
        cli_fail("config", "expected the subcommand \"check\" (see steward config --help)");
        return EXIT_USAGE;
    }
    struct config cfg = {0};
    if (cli_load_config(&o, &cfg) != 0)
        return EXIT_USAGE;
    printf("%s: ok (secret source %s, %zu tenant%s, %zu strateg%s, data %s)\n", cfg.source_path,
           source_name(cfg.secret.source), cfg.n_tenants, cfg.n_tenants == 1 ? "" : "s",
           cfg.n_strategies, cfg.n_strategies == 1 ? "y" : "ies", cfg.data_dir);
    config_free(&cfg);
    return EXIT_OK;
}
