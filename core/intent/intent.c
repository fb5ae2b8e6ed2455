/* intent.c: the intent pipeline (see intent.h). */
#include "intent/intent.h"

#include <stdio.h>
#include <string.h>

#include "config/config.h"
#include "paper/paper.h"
#include "util/decimal.h"
#include "util/log.h"

/* The host's own check of a plugin's description: well-formed, a sane number of digests,
 * and — for intents that carry an amount — exactly the intent's amount. */
static int check_description(const json_t *intent, json_t *desc, uint32_t *digests, st_err *err)
{
    json_t *d = json_object_get(desc, "digests"), *amount = json_object_get(desc, "amount"),
           *dec = json_object_get(desc, "decimals");
    if (!json_is_integer(d) || json_integer_value(d) < 1 || json_integer_value(d) > 64)
        return st_err_set(err, "the plugin's description has no valid \"digests\" (1..64)");
    *digests = (uint32_t)json_integer_value(d);
    const char *want = json_string_value(json_object_get(intent, "amount"));
    if (want == NULL)
        return 0;
    if (!json_is_string(amount) || !json_is_integer(dec) || json_integer_value(dec) < 0 || json_integer_value(dec) > 77)
        return st_err_set(err, "the plugin's description lacks amount/decimals");
    uint8_t a[32], b[32];
    if (decimal_to_units(want, (unsigned)json_integer_value(dec), a, err) != 0)
        return st_err_wrap(err, "intent amount");
    if (units_from_string(json_string_value(amount), b) != 0 || memcmp(a, b, 32) != 0)
        return st_err_set(err, "the plugin describes amount %s (base units) but the intent asks for %s",
                          json_string_value(amount), want);
    return 0;
}

static int is_message_kind(const char *kind)
{
    return kind && (strcmp(kind, "message") == 0 || strcmp(kind, "typed_data") == 0);
}

/* An off-chain message: audited request, a one-signature capability, the plugin's signature. */
static int sign_message(struct intent_env *env, const struct intent_request *rq, struct loaded_plugin *lp,
                        struct intent_account *a, const char *intent_text, struct intent_outcome *out, st_err *err)
{
    const char *kind = json_string_value(json_object_get(rq->intent, "kind"));
    char perr[STW_ERR_MAX] = "";
    int paused = 0;
    int64_t req_seq = 0;
    struct stw_sign_cap *cap = NULL;
    char *sig_json = NULL;
    if (rq->broadcast) {
        out->status = INTENT_INVALID;
        return st_err_set(err, "a %s is signed, not sent: use steward sign", kind);
    }
    if (policy_paused(env->store, &paused, err) != 0)
        return -1;
    if (paused)
        return st_err_set(err, "signing is paused (steward resume lifts it)");
    if (lp->p->sign_message == NULL)
        return st_err_set(err, "chains.%s: the plugin signs no off-chain messages", lp->chain->name);
    if (intent_audit(env->store, "message.request", rq->tenant, lp->chain->name,
                     json_pack("{s:s, s:s, s:o, s:s?}", "from", a->address, "path", a->path, "intent",
                               json_loads(intent_text, 0, NULL), "strategy", rq->strategy),
                     &req_seq, err) != 0 ||
        signer_issue(env->signer, lp->chain->name, &a->acct, lp->p->scheme, 1, req_seq, &cap, err) != 0)
        return -1;
    int r = lp->p->sign_message(lp->state, &a->acct, intent_text, cap, &sig_json, perr);
    signer_revoke(env->signer, cap);
    if (r != 0)
        return st_err_set(err, "chains.%s: %s", lp->chain->name, perr);
    json_t *sig = json_loads(sig_json, 0, NULL);
    lp->host.free(sig_json);
    out->result = json_pack("{s:s, s:s, s:s, s:s, s:I, s:o}", "chain", lp->chain->name, "tenant", rq->tenant, "from",
                            a->address, "kind", kind, "request_seq", (json_int_t)req_seq, "signature",
                            sig ? sig : json_null());
    out->status = INTENT_DONE;
    return 0;
}

/* Everything one transaction holds while it goes through the pipeline. */
struct run {
    struct intent_env *env;
    const struct intent_request *rq;
    struct loaded_plugin *lp;
    struct intent_account a;
    struct stw_tx *tx;
    char *desc_text, *raw, *txid, *sent_txid;
    json_t *desc;
    int64_t req_seq, reservation, paper_seq;
    int signed_any;
};

static int build_and_check(struct run *r, const char *intent_text, uint32_t *digests, st_err *err)
{
    char perr[STW_ERR_MAX] = "";
    struct loaded_plugin *lp = r->lp;
    if (lp->paper && paper_account_seq(lp->paper, r->a.address, &r->paper_seq, err) != 0)
        return -1;
    if (lp->p->build(lp->state, &r->a.acct, intent_text, &r->tx, perr) != 0)
        return st_err_set(err, "chains.%s: cannot build the transaction: %s", lp->chain->name, perr);
    if (lp->p->describe(lp->state, r->tx, &r->desc_text, perr) != 0)
        return st_err_set(err, "chains.%s: cannot describe the transaction: %s", lp->chain->name, perr);
    r->desc = json_loads(r->desc_text, 0, NULL);
    if (!json_is_object(r->desc))
        return st_err_set(err, "chains.%s: the description is not a JSON object", lp->chain->name);
    if (check_description(r->rq->intent, r->desc, digests, err) != 0)
        return st_err_wrap(err, "chains.%s: refused", lp->chain->name);
    return 0;
}

/* The policy engine decides and reserves in one durable step (limits, lists, rates, the kill
 * switch); a denial is audited there and reported with the rule that decided. */
static int decide(struct run *r, struct intent_outcome *out, st_err *err)
{
    struct policy_request preq = {
        r->rq->tenant,
        r->rq->strategy,
        r->lp->chain->name,
        json_string_value(json_object_get(r->desc, "asset")),
        json_string_value(json_object_get(r->desc, "to")),
        json_string_value(json_object_get(r->desc, "amount")),
        (unsigned)json_integer_value(json_object_get(r->desc, "decimals")),
        intent_now_ms(r->env)};
    struct policy_decision dec;
    if (preq.asset == NULL || preq.to == NULL || preq.amount == NULL)
        return st_err_set(err, "chains.%s: the description lacks asset, to or amount", r->lp->chain->name);
    if (policy_decide(r->env->policy, r->env->store, &preq, &dec, err) != 0)
        return -1;
    char shown[DECIMAL_MAX_TEXT];
    uint8_t units[32];
    if (units_from_string(preq.amount, units) == 0)
        units_to_decimal(units, preq.decimals, shown, sizeof shown);
    else
        snprintf(shown, sizeof shown, "%s base units", preq.amount);
    const char *who = r->rq->strategy ? r->rq->strategy : "cli";
    if (!dec.allowed) {
        log_warn("policy.denied", "%s: %s %s on %s to %s: denied by %s%s%s (limit %s, used %s)", who, shown,
                 preq.asset, preq.chain, preq.to, dec.rule, *dec.scope ? " of the " : "", dec.scope,
                 *dec.limit ? dec.limit : "-", *dec.used ? dec.used : "-");
        out->status = INTENT_DENIED;
        out->result = json_pack("{s:b, s:s, s:s, s:s, s:s, s:I}", "denied", 1, "rule", dec.rule, "scope", dec.scope,
                                "limit", dec.limit, "used", dec.used, "audit_seq", (json_int_t)dec.audit_seq);
        return st_err_set(err, "policy denied the request: %s%s%s (limit %s, used %s)", dec.rule,
                          *dec.scope ? " of the " : "", dec.scope, *dec.limit ? dec.limit : "-",
                          *dec.used ? dec.used : "-");
    }
    r->reservation = dec.reservation_id;
    log_info("policy.allowed", "%s: %s %s on %s to %s: allowed (reservation %lld, audit %lld)", who, shown, preq.asset,
             preq.chain, preq.to, (long long)dec.reservation_id, (long long)dec.audit_seq);
    /* Durable before anything is signed: what was approved, for whom, from which key. */
    return intent_audit(r->env->store, "tx.request", r->rq->tenant, r->lp->chain->name,
                        json_pack("{s:s, s:s, s:O, s:O, s:I, s:I, s:s?, s:s?, s:b}", "from", r->a.address, "path",
                                  r->a.path, "description", r->desc, "intent", r->rq->intent, "reservation",
                                  (json_int_t)r->reservation, "policy_seq", (json_int_t)dec.audit_seq, "strategy",
                                  r->rq->strategy, "swap_buy", r->rq->swap_buy, "paper", r->lp->paper != NULL),
                        &r->req_seq, err);
}

static int sign_and_assemble(struct run *r, uint32_t digests, st_err *err)
{
    char perr[STW_ERR_MAX] = "";
    struct loaded_plugin *lp = r->lp;
    struct stw_sign_cap *cap = NULL;
    if (signer_issue(r->env->signer, lp->chain->name, &r->a.acct, lp->p->scheme, digests, r->req_seq, &cap, err) != 0)
        return -1;
    int rc = lp->p->sign(lp->state, r->tx, &r->a.acct, cap, perr);
    uint32_t used = signer_cap_used(cap);
    r->signed_any = used > 0;
    signer_revoke(r->env->signer, cap); /* one-shot: whatever the plugin kept is now useless */
    if (rc != 0)
        return st_err_set(err, "chains.%s: signing failed: %s", lp->chain->name, perr);
    if (used != digests)
        return st_err_set(err, "chains.%s: the plugin described %u signatures but made %u", lp->chain->name, digests,
                          used);
    if (lp->p->assemble(lp->state, r->tx, &r->raw, &r->txid, perr) != 0)
        return st_err_set(err, "chains.%s: cannot assemble: %s", lp->chain->name, perr);
    if (lp->paper && paper_expect(lp->paper, r->raw, r->txid, r->a.address, r->paper_seq, r->desc_text,
                                  r->rq->swap_buy, err) != 0)
        return -1;
    log_info("tx.signed", "chains.%s: %s signed (%u signature%s, request %lld)%s", lp->chain->name, r->txid, used,
             used == 1 ? "" : "s", (long long)r->req_seq, lp->paper ? " [paper]" : "");
    return intent_audit(r->env->store, "tx.signed", r->rq->tenant, lp->chain->name,
                        json_pack("{s:I, s:s, s:i}", "request_seq", (json_int_t)r->req_seq, "txid", r->txid,
                                  "signatures", (int)used),
                        NULL, err);
}

static int broadcast(struct run *r, st_err *err)
{
    char perr[STW_ERR_MAX] = "";
    struct loaded_plugin *lp = r->lp;
    int b = lp->p->broadcast(lp->state, r->raw, &r->sent_txid, perr);
    st_err e2 = {0};
    /* The outcome is recorded whatever it is; a failure to record it is reported below only
     * if the broadcast itself succeeded (the chain has the transaction either way). */
    int audited = intent_audit(r->env->store, "tx.broadcast", r->rq->tenant, lp->chain->name,
                               b == 0 ? json_pack("{s:I, s:s, s:s}", "request_seq", (json_int_t)r->req_seq, "outcome",
                                                  "accepted", "txid", r->sent_txid)
                                      : json_pack("{s:I, s:s, s:s}", "request_seq", (json_int_t)r->req_seq, "outcome",
                                                  "refused", "error", perr),
                               NULL, &e2);
    if (b != 0) {
        log_warn("tx.refused", "chains.%s: broadcast of %s refused: %s", lp->chain->name, r->txid, perr);
        return st_err_set(err, "chains.%s: broadcast refused: %s (the signed transaction was %s)", lp->chain->name,
                          perr, r->txid);
    }
    log_info("tx.broadcast", "chains.%s: %s accepted%s", lp->chain->name, r->sent_txid,
             lp->paper ? " by the paper ledger" : "");
    if (audited != 0)
        return st_err_set(err, "chains.%s: broadcast accepted as %s but not recorded: %s", lp->chain->name,
                          r->sent_txid, e2.msg);
    return 0;
}

static int check_request(struct intent_env *env, const struct intent_request *rq, struct loaded_plugin **lp,
                         st_err *err)
{
    const char *chain = json_string_value(json_object_get(rq->intent, "chain"));
    if (!json_is_object(rq->intent))
        return st_err_set(err, "the intent must be a JSON object");
    if (chain == NULL)
        return st_err_set(err, "the intent names no \"chain\"");
    if (rq->tenant == NULL || rq->tenant[0] == '\0')
        return st_err_set(err, "no tenant");
    if ((*lp = plugins_find(env->plugins, chain)) == NULL)
        return st_err_set(err, "chain \"%s\" is not configured (chains.%s)", chain, chain);
    if (rq->swap_buy) {
        if ((*lp)->paper == NULL)
            return st_err_set(err, "chains.%s: swaps go through the paper exchange, which only paper chains have; on "
                                   "a live chain call an allowlisted exchange contract",
                              chain);
        const char *to = json_string_value(json_object_get(rq->intent, "to"));
        if (to == NULL || strcmp(to, paper_exchange_address((*lp)->paper)) != 0)
            return st_err_set(err, "chains.%s: a swap must pay the paper exchange", chain);
        if (paper_check_swap((*lp)->paper, json_string_value(json_object_get(rq->intent, "asset")), rq->swap_buy,
                             err) != 0)
            return -1;
    }
    return 0;
}

int intent_execute(struct intent_env *env, const struct intent_request *rq, struct intent_outcome *out, st_err *err)
{
    memset(out, 0, sizeof *out);
    out->status = INTENT_REFUSED;
    struct run r = {0};
    r.env = env;
    r.rq = rq;
    if (check_request(env, rq, &r.lp, err) != 0) {
        out->status = INTENT_INVALID;
        return -1;
    }
    struct loaded_plugin *lp = r.lp;
    char *intent_text = json_dumps(rq->intent, JSON_COMPACT | JSON_SORT_KEYS);
    const char *kind = json_string_value(json_object_get(rq->intent, "kind"));
    uint32_t digests = 0;
    int rc = -1;
    if (intent_text == NULL) {
        st_err_set(err, "out of memory");
        goto done;
    }
    if (intent_account(env, lp, rq->tenant, rq->index, &r.a, err) != 0)
        goto done;
    if (is_message_kind(kind)) {
        rc = sign_message(env, rq, lp, &r.a, intent_text, out, err);
        goto done;
    }
    if (build_and_check(&r, intent_text, &digests, err) != 0 || decide(&r, out, err) != 0 ||
        sign_and_assemble(&r, digests, err) != 0)
        goto done;
    out->result = json_pack("{s:s, s:s, s:s, s:s, s:s, s:O, s:I}", "chain", lp->chain->name, "tenant", rq->tenant,
                            "from", r.a.address, "raw", r.raw, "txid", r.txid, "description", r.desc, "request_seq",
                            (json_int_t)r.req_seq);
    if (lp->paper)
        json_object_set_new(out->result, "paper", json_true());
    if (rq->broadcast) {
        if (broadcast(&r, err) != 0)
            goto done;
        json_object_set_new(out->result, "broadcast", json_pack("{s:s}", "txid", r.sent_txid));
    }
    out->status = INTENT_DONE;
    rc = 0;
done:
    /* Nothing was signed: the amount was never at risk, so its reservation is given back. Once
     * a signature exists the reservation stays, whatever happens to the broadcast. */
    if (rc != 0 && r.reservation > 0 && !r.signed_any) {
        st_err e2 = {0};
        if (policy_release(env->store, r.reservation, err->msg, &e2) != 0)
            st_err_wrap(err, "(and reservation %lld could not be released: %s)", (long long)r.reservation, e2.msg);
    }
    if (rc != 0 && out->status == INTENT_DONE)
        out->status = INTENT_REFUSED;
    if (r.tx)
        lp->p->tx_free(lp->state, r.tx);
    lp->host.free(r.desc_text);
    lp->host.free(r.raw);
    lp->host.free(r.txid);
    lp->host.free(r.sent_txid);
    json_decref(r.desc);
    free(intent_text);
    return rc;
}
