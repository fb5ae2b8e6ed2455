/* strategies: the Lua scripts the scheduler runs, each bound to one tenant. */
#include "config/schema.h"

#include <stdio.h>
#include <string.h>

#include "config/builtin.h"
#include "config/cron.h"
#include "config/params.h"

static int read_schedule(struct walk *w, const struct ynode *m, struct config_schedule *s)
{
    static const char *const keys[] = {"every", "cron", "jitter", "run_on_start", NULL};
    if (walk_mapping(w, m) != 0 || walk_known_keys(w, m, keys, "key") != 0)
        return -1;
    const struct ynode *every = ynode_get(m, "every"), *cron = ynode_get(m, "cron"), *n;
    if (every == NULL && cron == NULL)
        return walk_error(w, m, "needs every (a duration like 30s) or cron (five fields like \"*/5 * * * *\")");
    if (every != NULL && cron != NULL) {
        const struct ynode *later = every->key->line > cron->key->line ||
                                            (every->key->line == cron->key->line && every->key->col > cron->key->col)
                                        ? every
                                        : cron;
        return walk_error(w, later->key, "give either every or cron, not both");
    }
    char q[256], why[160];
    if (every != NULL) {
        if (walk_duration(w, every, 1000, &s->every_ms) != 0)
            return -1;
    } else {
        const char *t;
        if (walk_string(w, cron, &t, NULL) != 0)
            return -1;
        if (cron_check(t, why, sizeof why) != 0)
            return walk_error(w, cron, "bad cron expression %s: %s", walk_show(cron, q, sizeof q), why);
        if ((s->cron = strdup(t)) == NULL)
            return walk_error(w, cron, "out of memory");
    }
    if ((n = ynode_get(m, "jitter")) != NULL) {
        if (walk_duration(w, n, 0, &s->jitter_ms) != 0)
            return -1;
        if (every != NULL && s->jitter_ms >= s->every_ms)
            return walk_error(w, n, "jitter %s must be shorter than every (%llu ms)", walk_show(n, q, sizeof q),
                              (unsigned long long)s->every_ms);
    }
    if ((n = ynode_get(m, "run_on_start")) != NULL && walk_bool(w, n, &s->run_on_start) != 0)
        return -1;
    return 0;
}

static int read_limits(struct walk *w, const struct ynode *m, struct config_limits *l)
{
    static const char *const keys[] = {"memory_mib", "instructions", "deadline", "max_failures", NULL};
    const struct ynode *n;
    uint64_t u;
    if (walk_mapping(w, m) != 0 || walk_known_keys(w, m, keys, "key") != 0)
        return -1;
    if ((n = ynode_get(m, "memory_mib")) != NULL) {
        if (walk_uint(w, n, 1, 1024, &u) != 0)
            return -1;
        l->memory_bytes = u << 20;
    }
    if ((n = ynode_get(m, "instructions")) != NULL && walk_uint(w, n, 1000, 10000000000ull, &l->instructions) != 0)
        return -1;
    if ((n = ynode_get(m, "deadline")) != NULL) {
        if (walk_duration(w, n, 10, &l->deadline_ms) != 0)
            return -1;
        if (l->deadline_ms > 600000)
            return walk_error(w, n, "deadline must be at most 10m");
    }
    if ((n = ynode_get(m, "max_failures")) != NULL) {
        if (walk_uint(w, n, 1, 1000, &u) != 0)
            return -1;
        l->max_failures = (uint32_t)u;
    }
    return 0;
}

/* contracts: {chain: [address, ...]}: each chain must be configured; addresses are strings
 * (their format is the plugin's to check when a call is built). */
static int read_contracts(struct walk *w, const struct ynode *m, const struct config *cfg)
{
    char q[256];
    if (walk_mapping(w, m) != 0)
        return -1;
    for (const struct ynode *c = m->first; c; c = c->next) {
        if (config_find_chain(cfg, c->key->text) == NULL)
            return walk_error(w, c->key, "chain %s is not configured under chains",
                              walk_show(c->key, q, sizeof q));
        if (walk_sequence(w, c) != 0)
            return -1;
        for (const struct ynode *a = c->first; a; a = a->next) {
            const char *t;
            if (walk_string(w, a, &t, NULL) != 0)
                return -1;
            if (!t[0] || strlen(t) > 128)
                return walk_error(w, a, "a contract address must be 1 to 128 characters");
        }
    }
    return 0;
}

static int read_strategy(struct walk *w, const struct ynode *m, const struct ynode **names, struct config *cfg,
                         struct config_strategy *st)
{
    static const char *const keys[] = {"name", "file",     "tenant", "enabled", "schedule",
                                       "params", "limits", "contracts", NULL};
    const struct ynode *n;
    char q[256];
    if (walk_mapping(w, m) != 0 || walk_known_keys(w, m, keys, "key") != 0)
        return -1;

    if (walk_require(w, m, "name", &n) != 0 || walk_string_dup(w, n, &st->name) != 0)
        return -1;
    if (!walk_is_name(st->name))
        return walk_error(w, n, "strategy name %s must be 1 to 64 of a-z 0-9 _ - (starting with a letter or digit)",
                          walk_show(n, q, sizeof q));
    for (size_t j = 0; j < m->index; j++)
        if (strcmp(cfg->strategies[j].name, st->name) == 0)
            return walk_error(w, n, "duplicate strategy name %s (also strategies[%zu] at line %u)",
                              walk_show(n, q, sizeof q), j, names[j]->line);
    names[m->index] = n;

    if (walk_require(w, m, "file", &n) != 0)
        return -1;
    const char *file;
    if (walk_string(w, n, &file, NULL) != 0)
        return -1;
    if (strncmp(file, BUILTIN_PREFIX, strlen(BUILTIN_PREFIX)) == 0) {
        const char *text;
        size_t len;
        if (builtin_strategy(file + strlen(BUILTIN_PREFIX), &text, &len) != 0)
            return walk_error(w, n, "%s is not a built-in strategy (built in: builtin:rebalance, "
                                    "builtin:take_profit, builtin:dca)",
                              walk_show(n, q, sizeof q));
        if ((st->file = strdup(file)) == NULL)
            return walk_error(w, n, "out of memory");
    } else if (walk_path(w, n, &st->file) != 0 || walk_check_file(w, n, st->file, 0) != 0) {
        return -1;
    }

    const char *tenant = "default";
    if ((n = ynode_get(m, "tenant")) != NULL && walk_string(w, n, &tenant, NULL) != 0)
        return -1;
    if (config_find_tenant(cfg, tenant) == NULL) {
        if (n != NULL)
            return walk_error(w, n, "tenant %s is not configured under tenants", walk_show(n, q, sizeof q));
        return walk_error_key(w, m, "tenant", "the default tenant \"default\" is not configured under tenants; "
                                              "name one with tenant:");
    }
    if ((st->tenant = strdup(tenant)) == NULL)
        return walk_error(w, m, "out of memory");

    st->enabled = 1;
    if ((n = ynode_get(m, "enabled")) != NULL && walk_bool(w, n, &st->enabled) != 0)
        return -1;
    if (walk_require(w, m, "schedule", &n) != 0 || read_schedule(w, n, &st->schedule) != 0)
        return -1;
    if ((n = ynode_get(m, "limits")) != NULL && read_limits(w, n, &st->limits) != 0)
        return -1;
    if ((n = ynode_get(m, "contracts")) != NULL && read_contracts(w, n, cfg) != 0)
        return -1;
    if (params_to_json(w, n, &st->contracts_json) != 0)
        return -1;
    n = ynode_get(m, "params");
    if (n != NULL && walk_mapping(w, n) != 0)
        return -1;
    return params_to_json(w, n, &st->params_json);
}

int schema_strategies(struct walk *w, const struct ynode *n, struct config *cfg)
{
    if (n == NULL)
        return 0;
    if (walk_sequence(w, n) != 0)
        return -1;
    const struct ynode *names[CONFIG_MAX_STRATEGIES];
    for (const struct ynode *item = n->first; item; item = item->next) {
        if (item->index >= CONFIG_MAX_STRATEGIES)
            return walk_error(w, item, "too many strategies: at most %d", CONFIG_MAX_STRATEGIES);
        /* Counted before reading, so that config_free releases a half-read entry. */
        cfg->n_strategies = item->index + 1;
        if (read_strategy(w, item, names, cfg, &cfg->strategies[item->index]) != 0)
            return -1;
    }
    return 0;
}
