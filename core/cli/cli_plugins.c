/* steward plugins: the loaded chain plugins, their ABI version and file hash. */
#include <jansson.h>
#include <stdio.h>

#include "cli/cli.h"
#include "cli/cli_session.h"
#include "util/hex.h"

int cmd_plugins(int argc, char **argv)
{
    struct cli_opts o;
    if (cli_parse("plugins", argc, argv, OPT_CONFIG | OPT_LOG | OPT_JSON, &o) != 0)
        return EXIT_USAGE;
    if (o.help) {
        puts("usage: steward plugins [-c FILE] [--json]\n\n"
             "Loads every configured chain plugin exactly as the agent does (same checks: ABI\n"
             "version, entry point, duplicate chains, key derivation v1 paths, options) and\n"
             "lists chain, name, version, ABI version, file and its SHA-256. Needs no secret.\n"
             "Exit 2 when a plugin is refused.");
        return EXIT_OK;
    }
    if (o.argc) {
        cli_fail("plugins", "unexpected argument \"%s\"", o.argv[0]);
        return EXIT_USAGE;
    }
    struct session s;
    int rc = session_open("plugins", &o, NEED_PLUGINS, &s);
    if (rc == 0) {
        json_t *list = json_array();
        for (size_t i = 0; i < s.plugins.n; i++) {
            const struct loaded_plugin *lp = &s.plugins.list[i];
            char hash[65];
            hex_encode(hash, lp->sha256, 32);
            if (o.json)
                json_array_append_new(list, json_pack("{s:s, s:s, s:s, s:i, s:s, s:s}", "chain", lp->p->chain, "name",
                                                      lp->p->name ? lp->p->name : "", "version",
                                                      lp->p->version ? lp->p->version : "", "abi",
                                                      (int)lp->p->abi_version, "file", lp->path, "sha256", hash));
            else
                printf("%-8s %s %s (ABI %u)\n         %s\n         sha256 %s\n", lp->p->chain, lp->p->name,
                       lp->p->version, lp->p->abi_version, lp->path, hash);
        }
        if (o.json) {
            char *t = json_dumps(list, JSON_COMPACT);
            puts(t);
            free(t);
        } else if (s.plugins.n == 0) {
            puts("no chains configured");
        }
        json_decref(list);
    }
    session_close(&s);
    return rc;
}
