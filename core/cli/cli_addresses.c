/* steward addresses: each configured chain's address of each tenant, from its plugin. */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cli_session.h"
#include "util/hex.h"

int cmd_addresses(int argc, char **argv)
{
    struct cli_opts o;
    if (cli_parse("addresses", argc, argv, OPT_CONFIG | OPT_LOG | OPT_TENANT | OPT_INDEX | OPT_JSON, &o) != 0)
        return EXIT_USAGE;
    if (o.help) {
        puts("usage: steward addresses [-c FILE] [--tenant T] [--index N] [--json]\n\n"
             "For every configured chain and tenant: chain, address, derivation path and public\n"
             "key, with the address computed by the chain's plugin from the key steward derives.");
        return EXIT_OK;
    }
    if (o.argc) {
        cli_fail("addresses", "unexpected argument \"%s\"", o.argv[0]);
        return EXIT_USAGE;
    }
    struct session s;
    int rc = session_open("addresses", &o, NEED_SECRET | NEED_PLUGINS, &s);
    if (rc != 0)
        goto out;
    if (o.tenant && config_find_tenant(&s.cfg, o.tenant) == NULL) {
        cli_fail("addresses", "tenant \"%s\" is not configured in %s", o.tenant, s.cfg.source_path);
        rc = EXIT_USAGE;
        goto out;
    }
    json_t *list = json_array();
    if (s.ms.is_dev && !o.json)
        puts("DEV SECRET: generated for development; never send funds to these addresses.");
    for (size_t t = 0; t < s.cfg.n_tenants; t++) {
        const char *tenant = s.cfg.tenants[t].id;
        if (o.tenant && strcmp(o.tenant, tenant) != 0)
            continue;
        for (size_t i = 0; i < s.plugins.n; i++) {
            struct loaded_plugin *lp = &s.plugins.list[i];
            struct intent_account a;
            st_err err = {0};
            if (session_account(&s, lp, tenant, (uint32_t)o.index, &a, &err) != 0) {
                cli_fail("addresses", "tenant %s: %s", tenant, err.msg);
                json_decref(list);
                rc = EXIT_RUNTIME;
                goto out;
            }
            char pub[67];
            hex_encode(pub, a.pubkey, a.pubkey_len);
            if (o.json)
                json_array_append_new(list, json_pack("{s:s, s:s, s:s, s:s, s:s, s:i}", "tenant", tenant, "chain",
                                                      lp->chain->name, "address", a.address, "path", a.path,
                                                      "public_key", pub, "index", (int)o.index));
            else
                printf("%-10s %-5s %-22s %s\n", tenant, lp->chain->name, a.path, a.address);
        }
    }
    if (o.json) {
        json_t *doc = json_pack("{s:b, s:o}", "dev_secret", s.ms.is_dev, "addresses", list);
        char *text = json_dumps(doc, JSON_COMPACT);
        puts(text);
        free(text);
        json_decref(doc);
    } else {
        json_decref(list);
    }
out:
    session_close(&s);
    return rc;
}
