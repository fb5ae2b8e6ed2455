#include "cli/cli_session.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "keys/keys.h"
#include "store/audit.h"

int session_open(const char *cmd, const struct cli_opts *o, unsigned need, struct session *s)
{
    memset(s, 0, sizeof *s);
    if (need & NEED_SIGNER)
        need |= NEED_SECRET | NEED_STORE;
    if (cli_load_config(o, &s->cfg) != 0)
        return EXIT_USAGE;
    st_err err = {0};
    if (secmem_init(&err) != 0) {
        cli_fail(cmd, "%s", err.msg);
        return EXIT_RUNTIME;
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
    if (need & NEED_POLICY) {
        if (policy_parse(s->cfg.policy_json ? s->cfg.policy_json : "{}", &s->policy, &err) != 0) {
            fprintf(stderr, "%s:%u:%u: %s\n", s->cfg.source_path, s->cfg.policy_line ? s->cfg.policy_line : 1,
                    s->cfg.policy_col ? s->cfg.policy_col : 1, err.msg);
            return EXIT_USAGE;
        }
    }
    /* A plugin that cannot be loaded is a configuration problem: exit 2, fail closed. */
    if ((need & NEED_PLUGINS) && plugins_load(&s->cfg, s->signer, &s->plugins, &err) != 0) {
        fprintf(stderr, "%s\n", err.msg);
        return EXIT_USAGE;
    }
    return 0;
}

void session_close(struct session *s)
{
    plugins_unload(&s->plugins);
    policy_free(s->policy);
    signer_free(s->signer);
    store_close(s->store);
    master_secret_free(&s->ms);
    config_free(&s->cfg);
    memset(s, 0, sizeof *s);
}

int session_account(struct session *s, struct loaded_plugin *lp, const char *tenant, uint32_t index,
                    struct session_account *out, st_err *err)
{
    memset(out, 0, sizeof *out);
    char perr[STW_ERR_MAX] = "";
    if (lp->p->derivation_path(lp->state, index, out->path, sizeof out->path, perr) != 0)
        return st_err_set(err, "chains.%s: derivation_path: %s", lp->chain->name, perr);
    if (keys_public_at(&s->ms.root_seed, tenant, (enum key_curve)lp->p->curve, out->path, out->pubkey,
                       &out->pubkey_len, err) != 0)
        return st_err_wrap(err, "chains.%s: %s", lp->chain->name, out->path);
    if (lp->p->address(lp->state, out->pubkey, out->pubkey_len, out->address, sizeof out->address, perr) != 0)
        return st_err_set(err, "chains.%s: address: %s", lp->chain->name, perr);
    out->acct = (struct stw_account){tenant, index, out->path, lp->p->curve, out->pubkey, out->pubkey_len, out->address};
    return 0;
}

int session_audit(struct session *s, const char *kind, const char *tenant, const char *subject, json_t *detail,
                  int64_t *seq, st_err *err)
{
    char *text = detail ? json_dumps(detail, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(detail);
    if (text == NULL)
        return st_err_set(err, "out of memory");
    int rc = audit_append(s->store, kind, tenant, subject, text, seq, err);
    free(text);
    return rc;
}
