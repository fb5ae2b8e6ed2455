#include <stdio.h>

#include "cli/cli.h"
#include "cli/cli_common.h"

#ifndef STEWARD_VERSION
#define STEWARD_VERSION "0.0.0-unknown"
#endif

int cmd_version(int argc, char **argv)
{
    struct cli_opts o;
    if (cli_parse("version", argc, argv, OPT_JSON, &o) != 0)
        return EXIT_USAGE;
    if (o.help) {
        puts("usage: steward version [--json]\n\nPrints steward's version and the key-derivation scheme it implements.");
        return EXIT_OK;
    }
    if (o.argc) {
        cli_fail("version", "unexpected argument \"%s\"", o.argv[0]);
        return EXIT_USAGE;
    }
    if (o.json)
        printf("{\"version\":\"%s\",\"key_derivation\":\"v1\"}\n", STEWARD_VERSION);
    else
        printf("steward %s (key derivation v1)\n", STEWARD_VERSION);
    return EXIT_OK;
}
