/* steward config check: load and validate a configuration, print a summary. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cli_session.h"

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
             "touching secrets or the store, and loads every chain plugin so that each checks\n"
             "its options. Errors are one line: FILE:LINE:COLUMN: KEY.PATH: reason.\n"
             "Exit 0 when valid, 2 when not.");
        return EXIT_OK;
    }
    if (o.argc != 1 || strcmp(o.argv[0], "check") != 0) {
        cli_fail("config", "expected the subcommand \"check\" (see steward config --help)");
        return EXIT_USAGE;
    }
    /* Plugins are loaded (not given a signer) so that each checks its own options. */
    struct session s;
    int rc = session_open("config", &o, NEED_PLUGINS | NEED_POLICY | NEED_PRICES, &s);
    if (rc == 0)
        printf("%s: ok (secret source %s, %zu tenant%s, %zu chain%s, %zu strateg%s, data %s)\n", s.cfg.source_path,
               source_name(s.cfg.secret.source), s.cfg.n_tenants, s.cfg.n_tenants == 1 ? "" : "s", s.plugins.n,
               s.plugins.n == 1 ? "" : "s", s.cfg.n_strategies, s.cfg.n_strategies == 1 ? "y" : "ies",
               s.cfg.data_dir);
    session_close(&s);
    return rc;
}
