/* cli_common.h: what every subcommand shares: option parsing, help, loading the
 * configuration (file or embedded default) and mapping failures to exit codes. */
#ifndef STEWARD_CLI_COMMON_H
#define STEWARD_CLI_COMMON_H

#include <stdio.h>

#include "config/config.h"

/* Options any subcommand may accept; each subcommand declares which it takes. */
struct cli_opts {
    const char *config_path; /* -c FILE; NULL: $STEWARD_CONFIG, else the embedded default */
    const char *log_format;  /* --log-format text|json; NULL: from the config */
    const char *log_level;   /* --log-level; NULL: from the config */
    const char *tenant;      /* --tenant */
    long index;              /* --index, default 0 */
    long from;               /* --from (audit show), default 1 */
    long limit;              /* --limit (audit show), default 0 = all */
    const char *chain;       /* --chain */
    const char *intent;      /* --intent FILE or - */
    int json;                /* --json */
    const char *prices;      /* --prices CSV (backtest) */
    const char *from_time;   /* --from TIME (backtest: ISO-8601 UTC or unix seconds) */
    const char *to_time;     /* --to TIME (backtest) */
    const char *chart;       /* --chart FILE.svg (backtest) */
    const char *strategy;    /* --strategy NAME (backtest) */
    int help;                /* -h/--help */
    int argc;                /* positional arguments left after the options */
    char **argv;
};

/* Flags naming which options a subcommand accepts. */
enum {
    OPT_CONFIG = 1 << 0, OPT_LOG = 1 << 1, OPT_TENANT = 1 << 2, OPT_INDEX = 1 << 3,
    OPT_JSON = 1 << 4, OPT_RANGE = 1 << 5, OPT_CHAIN = 1 << 6, OPT_INTENT = 1 << 7,
    OPT_BACKTEST = 1 << 8 /* --prices, --from/--to as times, --chart, --strategy */
};

/* Parses argv (argv[0] is the subcommand name) accepting only the options in `accepted`.
 * On a usage error prints "steward <cmd>: <problem>" and a hint to stderr and returns -1. */
int cli_parse(const char *cmd, int argc, char **argv, unsigned accepted, struct cli_opts *o);

/* Loads the configuration chosen by o (exit-code-ready: prints the one-line error to stderr
 * and returns -1 on failure) and sets up logging from config and command-line overrides. */
int cli_load_config(const struct cli_opts *o, struct config *cfg);

/* Prints "steward <cmd>: <msg>" to stderr. */
void cli_fail(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The embedded default configuration (examples/paper.yaml, compiled in). */
extern const char steward_default_config[];
extern const size_t steward_default_config_len;

/* Subcommands: each gets argv starting at its own name and returns an exit code. */
int cmd_init(int argc, char **argv);
int cmd_config(int argc, char **argv);
int cmd_keys(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_audit(int argc, char **argv);
int cmd_version(int argc, char **argv);
int cmd_plugins(int argc, char **argv);
int cmd_addresses(int argc, char **argv);
int cmd_sign(int argc, char **argv);
int cmd_send(int argc, char **argv);
int cmd_pause(int argc, char **argv);
int cmd_resume(int argc, char **argv);
int cmd_strategy(int argc, char **argv);
int cmd_status(int argc, char **argv);
int cmd_backtest(int argc, char **argv);

#endif
