/* intent_account.c: accounts (derivation path, public key, address), the audit helper and
 * the clock of an intent environment. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "intent/intent.h"
#include "keys/keys.h"
#include "paper/paper.h"
#include "store/audit.h"

int intent_account(struct intent_env *env, struct loaded_plugin *lp, const char *tenant, uint32_t index,
                   struct intent_account *out, st_err *err)
{
    memset(out, 0, sizeof *out);
    char perr[STW_ERR_MAX] = "";
    if (lp->p->derivation_path(lp->state, index, out->path, sizeof out->path, perr) != 0)
        return st_err_set(err, "chains.%s: derivation_path: %s", lp->chain->name, perr);
    if (keys_public_at(env->root_seed, tenant, (enum key_curve)lp->p->curve, out->path, out->pubkey,
                       &out->pubkey_len, err) != 0)
        return st_err_wrap(err, "chains.%s: %s", lp->chain->name, out->path);
    if (lp->p->address(lp->state, out->pubkey, out->pubkey_len, out->address, sizeof out->address, perr) != 0)
        return st_err_set(err, "chains.%s: address: %s", lp->chain->name, perr);
    out->acct = (struct stw_account){tenant, index, out->path, lp->p->curve, out->pubkey, out->pubkey_len, out->address};
    if (lp->paper && paper_fund(lp->paper, out->address, err) != 0)
        return -1;
    return 0;
}

int intent_audit(struct store *st, const char *kind, const char *tenant, const char *subject, json_t *detail,
                 int64_t *seq, st_err *err)
{
    char *text = detail ? json_dumps(detail, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(detail);
    if (text == NULL)
        return st_err_set(err, "out of memory");
    int rc = audit_append(st, kind, tenant, subject, text, seq, err);
    free(text);
    return rc;
}

int64_t intent_now_ms(const struct intent_env *env)
{
    if (env->now_ms)
        return env->now_ms(env->now_ctx);
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}
