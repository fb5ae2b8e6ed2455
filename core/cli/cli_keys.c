/* steward keys: the derived public keys, addresses and paths of each tenant. Nothing private
 * is printed; output from a dev secret is labelled. */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cli_common.h"
#include "keys/keys.h"
#include "secret/secret_source.h"

static json_t *tenant_json(const struct tenant_public_keys *k)
{
    return json_pack("{s:s, s:i, s:{s:s, s:s, s:s}, s:{s:s, s:s, s:s, s:s, s:s}, s:{s:s, s:s, s:s}}",
                     "tenant", k->tenant, "index", (int)k->index,
                     "eth", "path", k->eth.path, "pubkey", k->eth.pubkey, "address", k->eth.address,
                     "btc", "path", k->btc.path, "network", k->btc.network, "internal_key",
                     k->btc.internal_key, "output_key", k->btc.output_key, "address", k->btc.address,
                     "sol", "path", k->sol.path, "pubkey", k->sol.pubkey, "address", k->sol.address);
}

static void print_text(const struct tenant_public_keys *k)
{
    printf("tenant %s (index %u)\n", k->tenant, k->index);
    printf("  eth  %-20s %s\n       pubkey %s\n", k->eth.path, k->eth.address, k->eth.pubkey);
    printf("  btc  %-20s %s (%s)\n       internal key %s\n       output key   %s\n", k->btc.path,
           k->btc.address, k->btc.network, k->btc.internal_key, k->btc.output_key);
    printf("  sol  %-20s %s\n       pubkey %s\n", k->sol.path, k->sol.address, k->sol.pubkey);
}

int cmd_keys(int argc, char **argv)
{
    struct cli_opts o;
    if (cli_parse("keys", argc, argv, OPT_CONFIG | OPT_LOG | OPT_TENANT | OPT_INDEX | OPT_JSON, &o) != 0)
        return EXIT_USAGE;
    if (o.help) {
        puts("usage: steward keys [-c FILE] [--tenant T] [--index N] [--json]\n\n"
             "Recovers the master secret from the configured source and prints each tenant's\n"
             "derived public keys, addresses and derivation paths (key derivation v1):\n"
             "  eth  m/44'/60'/0'/0/N    btc  m/86'/C'/0'/0/N (BIP-86)    sol  m/44'/501'/N'/0'\n"
             "--tenant limits the output to one tenant; --index picks N (default 0).\n"
             "No private key is ever printed. Keys of a dev secret are labelled DEV.");
        return EXIT_OK;
    }
    if (o.argc) {
        cli_fail("keys", "unexpected argument \"%s\"", o.argv[0]);
        return EXIT_USAGE;
    }
    struct config cfg = {0};
    if (cli_load_config(&o, &cfg) != 0)
        return EXIT_USAGE;
    int rc = EXIT_RUNTIME;
    struct master_secret ms = {0};
    json_t *list = NULL;
    st_err err = {0};
    if (o.tenant && config_find_tenant(&cfg, o.tenant) == NULL) {
        cli_fail("keys", "tenant \"%s\" is not configured in %s", o.tenant, cfg.source_path);
        rc = EXIT_USAGE;
        goto out;
    }
    if (secmem_init(&err) != 0 || secret_recover(&cfg.secret, cfg.data_dir, &ms, &err) != 0) {
        cli_fail("keys", "%s", err.msg);
        goto out;
    }
    list = json_array();
    if (ms.is_dev && !o.json)
        puts("DEV SECRET: generated for development; never send funds to these addresses.");
    for (size_t i = 0; i < cfg.n_tenants; i++) {
        const char *id = cfg.tenants[i].id;
        if (o.tenant && strcmp(o.tenant, id) != 0)
            continue;
        struct tenant_public_keys k;
        if (keys_derive_public(&ms.root_seed, id, (uint32_t)o.index, cfg.chains.btc_network, &k, &err) != 0) {
            cli_fail("keys", "tenant %s: %s", id, err.msg);
            goto out;
        }
        if (o.json)
            json_array_append_new(list, tenant_json(&k));
        else
            print_text(&k);
    }
    if (o.json) {
        json_t *doc = json_pack("{s:s, s:s, s:b, s:o}", "scheme", KEYS_SCHEME, "secret_source", ms.source,
                                "dev_secret", ms.is_dev, "tenants", list);
        list = NULL;
        char *text = json_dumps(doc, JSON_COMPACT);
        puts(text);
        free(text);
        json_decref(doc);
    }
    rc = EXIT_OK;
out:
    json_decref(list);
    master_secret_free(&ms);
    config_free(&cfg);
    return rc;
}
