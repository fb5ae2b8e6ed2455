/* cli.c: the `steward` dispatcher. Each subcommand lives in its own cli_<name>.c; later
 * capabilities add a line to the table below. */
#include "cli/cli.h"

#include <stdio.h>
#include <string.h>

#include "cli/cli_common.h"

struct command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
};

static const struct command commands[] = {
    {"init", cmd_init, "write a starter config and a fresh dev backup secret into a folder"},
    {"config", cmd_config, "config check: validate a configuration file"},
    {"keys", cmd_keys, "show derived public keys, addresses and paths per tenant"},
    {"run", cmd_run, "start the agent"},
    {"audit", cmd_audit, "audit verify | audit show: check or print the audit log"},
    {"addresses", cmd_addresses, "show each configured chain's addresses per tenant (from its plugin)"},
    {"plugins", cmd_plugins, "load and list the chain plugins with ABI version and file hash"},
    {"sign", cmd_sign, "build, check and sign an intent's transaction; print it (no broadcast)"},
    {"send", cmd_send, "sign an intent's transaction and broadcast it"},
    {"pause", cmd_pause, "stop all signing at once (the kill switch); durable and audited"},
    {"resume", cmd_resume, "lift steward pause"},
    {"strategy", cmd_strategy, "strategy run NAME | resume NAME | list: one strategy, by hand"},
    {"status", cmd_status, "what the agent is doing: strategies, pauses, paper balances"},
    {"backtest", cmd_backtest, "replay a price file through a strategy on paper chains; report and chart"},
    {"version", cmd_version, "print the version and the key-derivation scheme"},
};

static void usage(FILE *f)
{
    fputs("usage: steward <command> [options]\n\ncommands:\n", f);
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fputs("\nEvery command takes --help. Without -c FILE (or $STEWARD_CONFIG) the embedded\n"
          "default configuration is used: paper trading with a generated DEV secret.\n\n"
          "exit codes:\n"
          "  0  success\n"
          "  1  runtime failure (secret not recoverable, store unusable, audit log tampered, ...)\n"
          "  2  usage or configuration error\n",
          f);
}

int cli_main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    const char *name = argv[1];
    if (strcmp(name, "-h") == 0 || strcmp(name, "--help") == 0 || strcmp(name, "help") == 0) {
        usage(stdout);
        return EXIT_OK;
    }
    if (strcmp(name, "--version") == 0)
        return cmd_version(1, argv + 1);
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(name, commands[i].name) == 0)
            return commands[i].run(argc - 1, argv + 1);
    fprintf(stderr, "steward: unknown command \"%s\" (see steward --help)\n", name);
    return EXIT_USAGE;
}
