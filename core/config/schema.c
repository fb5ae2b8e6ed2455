/* The top level of the schema: version, data_dir, log, tenants, chains, and the order in
 * which sections are read (tenants before strategies, which refer to them; data_dir before
 * secret, whose default files live in it). */
#include "config/schema.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/pathnorm.h"
#include "util/log.h"

char *schema_join(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s/%s", dir, name);
    return p;
}

static int read_log(struct walk *w, const struct ynode *n, struct config *cfg)
{
    static const char *const keys[] = {"level", "format", NULL};
    static const char *const levels[] = {"debug", "info", "warn", "error", NULL};
    static const char *const formats[] = {"text", "json", NULL};
    cfg->log_level = LOG_INFO;
    cfg->log_format = LOG_FORMAT_TEXT;
    if (n == NULL)
        return 0;
    if (walk_mapping(w, n) != 0 || walk_known_keys(w, n, keys, "key") != 0)
        return -1;
    const struct ynode *v;
    int i;
    enum log_level lvl;
    enum log_format fmt;
    if ((v = ynode_get(n, "level")) != NULL) {
        if (walk_choice(w, v, levels, &i) != 0 || log_level_parse(levels[i], &lvl) != 0)
            return -1;
        cfg->log_level = (int)lvl;
    }
    if ((v = ynode_get(n, "format")) != NULL) {
        if (walk_choice(w, v, formats, &i) != 0 || log_format_parse(formats[i], &fmt) != 0)
            return -1;
        cfg->log_format = (int)fmt;
    }
    return 0;
}

static int read_tenants(struct walk *w, const struct ynode *n, struct config *cfg)
{
    static const char *const keys[] = {"id", NULL};
    if (n == NULL) {
        strcpy(cfg->tenants[0].id, "default");
        cfg->n_tenants = 1;
        return 0;
    }
    if (walk_sequence(w, n) != 0)
        return -1;
    if (n->count == 0)
        return walk_error(w, n, "must list at least one tenant (leave tenants out for the single tenant \"default\")");
    const struct ynode *ids[CONFIG_MAX_TENANTS];
    for (const struct ynode *item = n->first; item; item = item->next) {
        size_t i = item->index;
        if (i >= CONFIG_MAX_TENANTS)
            return walk_error(w, item, "too many tenants: at most %d", CONFIG_MAX_TENANTS);
        const struct ynode *idn;
        const char *id;
        if (walk_mapping(w, item) != 0 || walk_known_keys(w, item, keys, "key") != 0 ||
            walk_require(w, item, "id", &idn) != 0 || walk_string(w, idn, &id, NULL) != 0)
            return -1;
        char s[256];
        if (!walk_is_name(id))
            return walk_error(w, idn, "tenant id %s must be 1 to 64 of a-z 0-9 _ - (starting with a letter or digit)",
                              walk_show(idn, s, sizeof s));
        for (size_t j = 0; j < i; j++)
            if (strcmp(cfg->tenants[j].id, id) == 0)
                return walk_error(w, idn, "duplicate tenant id %s (also tenants[%zu] at line %u)",
                                  walk_show(idn, s, sizeof s), j, ids[j]->line);
        ids[i] = idn;
        strcpy(cfg->tenants[i].id, id);
        cfg->n_tenants = i + 1;
    }
    return 0;
}

static int read_chains(struct walk *w, const struct ynode *n, struct config *cfg)
{
    static const char *const chains[] = {"btc", "eth", "sol", NULL};
    static const char *const btc_keys[] = {"network", NULL};
    static const char *const networks[] = {"mainnet", "testnet", "signet", "regtest", NULL};
    static const char *const eth_keys[] = {"chain_id", NULL};
    static const char *const sol_keys[] = {NULL};
    cfg->chains.btc_network = BTC_MAINNET;
    cfg->chains.eth_chain_id = 1;
    if (n == NULL)
        return 0;
    if (walk_mapping(w, n) != 0 || walk_known_keys(w, n, chains, "chain") != 0)
        return -1;
    const struct ynode *c, *v;
    if ((c = ynode_get(n, "btc")) != NULL) {
        if (walk_mapping(w, c) != 0 || walk_known_keys(w, c, btc_keys, "key") != 0)
            return -1;
        int net;
        if ((v = ynode_get(c, "network")) != NULL) {
            if (walk_choice(w, v, networks, &net) != 0)
                return -1;
            cfg->chains.btc_network = (enum btc_network)net;
        }
    }
    if ((c = ynode_get(n, "eth")) != NULL) {
        if (walk_mapping(w, c) != 0 || walk_known_keys(w, c, eth_keys, "key") != 0)
            return -1;
        uint64_t id;
        if ((v = ynode_get(c, "chain_id")) != NULL) {
            if (walk_uint(w, v, 1, UINT32_MAX, &id) != 0)
                return -1;
            cfg->chains.eth_chain_id = (uint32_t)id;
        }
    }
    if ((c = ynode_get(n, "sol")) != NULL)
        if (walk_mapping(w, c) != 0 || walk_known_keys(w, c, sol_keys, "key") != 0)
            return -1;
    return 0;
}

int schema_read(struct walk *w, const struct ynode *root, struct config *cfg)
{
    static const char *const keys[] = {"version", "data_dir", "log", "secret", "tenants", "chains", "strategies", NULL};
    char s[256];
    if (root->kind != YNODE_MAPPING)
        return walk_error(w, root, "the top level must be a mapping (version: 1, secret: ...), got %s",
                          walk_show(root, s, sizeof s));
    if (walk_known_keys(w, root, keys, "key") != 0)
        return -1;

    const struct ynode *n;
    uint64_t version;
    if (walk_require(w, root, "version", &n) != 0 || walk_uint(w, n, 0, UINT32_MAX, &version) != 0)
        return -1;
    if (version != 1)
        return walk_error(w, n, "unsupported version %llu: this steward reads version 1",
                          (unsigned long long)version);
    cfg->version = 1;

    if ((n = ynode_get(root, "data_dir")) != NULL) {
        if (walk_path(w, n, &cfg->data_dir) != 0)
            return -1;
    } else if ((cfg->data_dir = path_resolve(w->base_dir, "steward-data")) == NULL) {
        return walk_error(w, root, "out of memory");
    }

    if (read_log(w, ynode_get(root, "log"), cfg) != 0 || read_tenants(w, ynode_get(root, "tenants"), cfg) != 0 ||
        read_chains(w, ynode_get(root, "chains"), cfg) != 0)
        return -1;
    if (walk_require(w, root, "secret", &n) != 0 || schema_secret(w, n, cfg) != 0)
        return -1;
    return schema_strategies(w, ynode_get(root, "strategies"), cfg);
}
