#include "cli/cli_session.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "keys/keys.h"
#include "store/audit.h"

/* The paper exchange's prices: the configured source, at the session's clock. */
static int paper_price(void *ctx, const char *symbol, char *out, size_t cap, st_err *err)
{
    struct session *s = ctx;
    if (s->prices == NULL)
        return st_err_set(err, "price of %s: no price source", symbol);
    return prices_get(s->prices, symbol, intent_now_ms(&s->env), out, cap, NULL, err);
}

int session_open(const char *cmd, const struct cli_opts *o, unsigned need, struct session *s)
{
    memset(s, 0, sizeof *s);
    if (cli_load_config(o, &s->cfg) != 0)
        return EXIT_USAGE;
    return session_open_loaded(cmd, need, s);
}

/* Reports a paper section error at the chain's paper key. */
static void paper_error(struct session *s, const st_err *err)
{
    const struct config_chain *bad = NULL;
    for (size_t i = 0; i < s->cfg.chains.n; i++) {
        const struct config_chain *c = &s->cfg.chains.list[i];
        size_t n = strlen(c->name);
        if (c->paper_json && strncmp(err->msg, "chains.", 7) == 0 && strncmp(err->msg + 7, c->name, n) == 0 &&
            err->msg[7 + n] == ':')
            bad = c;
    }
    fprintf(stderr, "%s:%u:%u: %s\n", s->cfg.source_path, bad ? bad->paper_line : 1, bad ? bad->paper_col : 1,
            err->msg);
}

int session_open_loaded(const char *cmd, unsigned need, struct session *s)
{
    if (need & NEED_SIGNER)
        need |= NEED_SECRET | NEED_STORE;
    st_err err = {0};
    if (secmem_init(&err) != 0) {
        cli_fail(cmd, "%s", err.msg);
        return EXIT_RUNTIME;
    }
    /* Everything the configuration alone decides is checked first, so a configuration error
     * is the one line on stderr, before any secret or store is touched. */
    if (need & NEED_POLICY) {
        if (policy_parse(s->cfg.policy_json ? s->cfg.policy_json : "{}", &s->policy, &err) != 0) {
            fprintf(stderr, "%s:%u:%u: %s\n", s->cfg.source_path, s->cfg.policy_line ? s->cfg.policy_line : 1,
                    s->cfg.policy_col ? s->cfg.policy_col : 1, err.msg);
            return EXIT_USAGE;
        }
    }
    if (need & NEED_PRICES) {
        if (prices_open(s->cfg.prices_json, &s->prices, &err) != 0) {
            fprintf(stderr, "%s:%u:%u: %s\n", s->cfg.source_path, s->cfg.prices_line ? s->cfg.prices_line : 1,
                    s->cfg.prices_col ? s->cfg.prices_col : 1, err.msg);
            return EXIT_USAGE;
        }
    }
    /* A plugin that cannot be loaded is a configuration problem: exit 2, fail closed. The
     * paper sections are validated here too (without a store nothing stays attached). */
    if (need & NEED_PLUGINS) {
        if (plugins_load(&s->cfg, NULL, &s->plugins, &err) != 0) {
            fprintf(stderr, "%s\n", err.msg);
            return EXIT_USAGE;
        }
        if (plugins_attach_paper(&s->plugins, NULL, &err) != 0) {
            paper_error(s, &err);
            return EXIT_USAGE;
        }
    }
    if ((need & NEED_SECRET) && secret_recover(&s->cfg.secret, s->cfg.data_dir, &s->ms, &err) != 0) {
        cli_fail(cmd, "%s", err.msg);
        return EXIT_RUNTIME;
    }
    if ((need & NEED_STORE) && store_open(s->cfg.data_dir, &s->store, &err) != 0) {
        cli_fail(cmd, "%s", err.msg);
        return EXIT_RUNTIME;
    }
    if ((need & NEED_SIGNER) && signer_new(&s->ms.root_seed, s->store, &s->signer, &err) != 0) {
        cli_fail(cmd, "%s", err.msg);
        return EXIT_RUNTIME;
    }
    for (size_t i = 0; i < s->plugins.n; i++)
        s->plugins.list[i].signer = s->signer;
    /* Paper chains keep their ledger in the store. */
    if ((need & NEED_PLUGINS) && s->store && plugins_attach_paper(&s->plugins, s->store, &err) != 0) {
        paper_error(s, &err);
        return EXIT_USAGE;
    }
    s->env = (struct intent_env){s->store, s->signer, s->policy, &s->ms.root_seed, &s->plugins, NULL, NULL};
    for (size_t i = 0; i < s->plugins.n; i++)
        if (s->plugins.list[i].paper)
            paper_chain_set_price(s->plugins.list[i].paper, paper_price, s);
    return 0;
}

void session_close(struct session *s)
{
    plugins_unload(&s->plugins);
    prices_free(s->prices);
    policy_free(s->policy);
    signer_free(s->signer);
    store_close(s->store);
    master_secret_free(&s->ms);
    config_free(&s->cfg);
    memset(s, 0, sizeof *s);
}

int session_account(struct session *s, struct loaded_plugin *lp, const char *tenant, uint32_t index,
                    struct intent_account *out, st_err *err)
{
    return intent_account(&s->env, lp, tenant, index, out, err);
}

int session_audit(struct session *s, const char *kind, const char *tenant, const char *subject, json_t *detail,
                  int64_t *seq, st_err *err)
{
    return intent_audit(s->store, kind, tenant, subject, detail, seq, err);
}
