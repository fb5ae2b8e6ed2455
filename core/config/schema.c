/* The top level of the schema: version, data_dir, log, tenants, chains, and the order in
 * which sections are read (tenants before strategies, which refer to them; data_dir before
 * secret, whose default files live in it). */
#include "config/schema.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/params.h"
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

/* chains.<name>: the host's keys (plugin, rpc, rpc_timeout, rpc_retries) and the plugin's
 * options (every other key, checked by the plugin's init). btc.network and eth.chain_id are
 * also read here: key derivation (btc coin type) and the address book need them without a
 * plugin loaded. */
static const char *const chain_host_keys[] = {"plugin", "rpc", "rpc_timeout", "rpc_retries", "paper", NULL};

static int read_chain(struct walk *w, const struct ynode *c, struct config *cfg, struct config_chain *out)
{
    static const char *const networks[] = {"mainnet", "testnet", "signet", "regtest", NULL};
    const char *name = c->key->text;
    const struct ynode *v;
    char s[256];
    if (!walk_is_name(name) || strlen(name) > CONFIG_CHAIN_NAME_MAX)
        return walk_error(w, c->key, "chain name %s must match [a-z0-9][a-z0-9_-]{0,31}",
                          walk_show(c->key, s, sizeof s));
    strcpy(out->name, name);
    out->line = c->key->line; /* the chain's name, where an error about it should point */
    out->col = c->key->col;
    out->rpc_timeout_ms = 10000;
    out->rpc_retries = 2;
    if (!ynode_is_null(c) && walk_mapping(w, c) != 0)
        return -1;
    if ((v = ynode_get(c, "plugin")) != NULL &&
        (walk_path(w, v, &out->plugin) != 0 || walk_check_file(w, v, out->plugin, 0) != 0))
        return -1;
    if ((v = ynode_get(c, "rpc")) != NULL) {
        if (walk_string_dup(w, v, &out->rpc) != 0)
            return -1;
        if (!((strncmp(out->rpc, "http://", 7) == 0 && out->rpc[7]) ||
              (strncmp(out->rpc, "https://", 8) == 0 && out->rpc[8])))
            return walk_error(w, v, "%s must be an http:// or https:// URL", walk_show(v, s, sizeof s));
    }
    if ((v = ynode_get(c, "rpc_timeout")) != NULL && walk_duration(w, v, 100, &out->rpc_timeout_ms) != 0)
        return -1;
    uint64_t u;
    if ((v = ynode_get(c, "rpc_retries")) != NULL) {
        if (walk_uint(w, v, 0, 10, &u) != 0)
            return -1;
        out->rpc_retries = (uint32_t)u;
    }
    /* The paper section is the paper ledger's to validate (docs/paper.md); here it only has
     * to be a mapping (or empty: paper mode with defaults). */
    if ((v = ynode_get(c, "paper")) != NULL) {
        if ((!ynode_is_null(v) && walk_mapping(w, v) != 0) || params_to_json(w, v, &out->paper_json) != 0)
            return -1;
        out->paper_line = v->key->line;
        out->paper_col = v->key->col;
        if (out->rpc != NULL)
            return walk_error(w, v->key, "a chain is live (rpc) or simulated (paper), not both");
    }
    if (strcmp(name, "btc") == 0 && (v = ynode_get(c, "network")) != NULL) {
        int net;
        if (walk_choice(w, v, networks, &net) != 0)
            return -1;
        cfg->chains.btc_network = (enum btc_network)net;
    }
    if (strcmp(name, "eth") == 0 && (v = ynode_get(c, "chain_id")) != NULL) {
        if (walk_uint(w, v, 1, UINT32_MAX, &u) != 0)
            return -1;
        cfg->chains.eth_chain_id = (uint32_t)u;
    }
    return params_to_json_except(w, ynode_is_null(c) ? NULL : c, chain_host_keys, &out->options_json);
}

static int read_chains(struct walk *w, const struct ynode *n, struct config *cfg)
{
    cfg->chains.btc_network = BTC_MAINNET;
    cfg->chains.eth_chain_id = 1;
    if (n == NULL)
        return 0;
    if (walk_mapping(w, n) != 0)
        return -1;
    if (n->count > CONFIG_MAX_CHAINS)
        return walk_error(w, n, "%zu chains configured; at most %d", n->count, CONFIG_MAX_CHAINS);
    for (const struct ynode *c = n->first; c; c = c->next) {
        struct config_chain *out = &cfg->chains.list[cfg->chains.n++];
        if (read_chain(w, c, cfg, out) != 0)
            return -1;
    }
    return 0;
}

int schema_read(struct walk *w, const struct ynode *root, struct config *cfg)
{
    static const char *const keys[] = {"version", "data_dir", "log", "secret", "tenants", "chains",
                                       "strategies", "policy", "prices", NULL};
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
    /* The policy section is the policy engine's to validate (docs/policy.md); here it only
     * has to be a mapping, and it travels as JSON like a strategy's params. */
    if ((n = ynode_get(root, "policy")) != NULL) {
        if ((!ynode_is_null(n) && walk_mapping(w, n) != 0) || params_to_json(w, n, &cfg->policy_json) != 0)
            return -1;
        cfg->policy_line = n->key->line;
        cfg->policy_col = n->key->col;
    }
    /* Likewise the prices section belongs to the price module (docs/prices.md). */
    if ((n = ynode_get(root, "prices")) != NULL) {
        if ((!ynode_is_null(n) && walk_mapping(w, n) != 0) || params_to_json(w, n, &cfg->prices_json) != 0)
            return -1;
        cfg->prices_line = n->key->line;
        cfg->prices_col = n->key->col;
    }
    return schema_strategies(w, ynode_get(root, "strategies"), cfg);
}
