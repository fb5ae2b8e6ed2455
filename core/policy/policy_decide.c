/* policy_decide.c: the decision step. One store transaction: kill switch, lists, limits,
 * reservation, audit record, commit (docs/policy.md gives the order). */
#include <inttypes.h>
#include <jansson.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "policy/policy.h"
#include "policy/policy_ledger.h"
#include "policy/policy_rules.h"
#include "store/audit.h"

#define DAY_MS (24LL * 60 * 60 * 1000)
#define HOUR_MS (60LL * 60 * 1000)
#define BUSY_ATTEMPTS 20

static atomic_long busy_total;

long policy_busy_retries_total(void)
{
    return atomic_load(&busy_total);
}

static void set_rule(struct policy_decision *d, int allowed, const char *rule, const char *scope)
{
    d->allowed = allowed;
    snprintf(d->rule, sizeof d->rule, "%s", rule);
    snprintf(d->scope, sizeof d->scope, "%s", scope);
}

struct scope_set {
    const struct policy_ruleset *rs;
    const char *scope; /* "tenant" / "strategy" */
    enum ledger_scope ledger;
    const char *who;
};

/* Converts a display-unit limit to base units with the asset's decimals. */
static int limit_units(const char *limit, const char *scope, const char *who, const struct policy_request *r,
                       const char *key, uint8_t out[32], st_err *err)
{
    st_err e = {0};
    if (decimal_to_units(limit, r->decimals, out, &e) != 0)
        return st_err_set(err, "policy.%s.%s.%s.%s.%s: %s (the asset has %u decimals)",
                          strcmp(scope, "tenant") == 0 ? "tenants" : "strategies", who, r->chain,
                          r->asset, key, e.msg, r->decimals);
    return 0;
}

/* Runs the checks (inside the open transaction). Returns 0 with d->allowed/rule/scope/limit/
 * used set, or -1 on a store or configuration error. */
static int evaluate(struct policy *p, struct store *s, const struct policy_request *r, const uint8_t amount[32],
                    struct policy_decision *d, st_err *err)
{
    int paused = 0;
    if (policy_paused(s, &paused, err) != 0)
        return -1;
    if (paused) {
        set_rule(d, 0, "paused", "global");
        return 0;
    }
    struct scope_set sets[2];
    int n = 0;
    const struct policy_ruleset *t = p ? policy_find_set(p->tenants, p->ntenants, r->tenant) : NULL;
    if (t)
        sets[n++] = (struct scope_set){t, "tenant", LEDGER_TENANT, r->tenant};
    const struct policy_ruleset *g = p && r->strategy ? policy_find_set(p->strategies, p->nstrategies, r->strategy) : NULL;
    if (g)
        sets[n++] = (struct scope_set){g, "strategy", LEDGER_STRATEGY, r->strategy};

    /* Lists: denylist first (it wins over the allowlist), then allowlist, then assets. */
    for (int i = 0; i < n; i++)
        if (policy_list_has(policy_find_list(sets[i].rs->deny_to, sets[i].rs->ndeny, r->chain), r->to)) {
            set_rule(d, 0, "deny_to", sets[i].scope);
            return 0;
        }
    for (int i = 0; i < n; i++) {
        const struct policy_list *l = policy_find_list(sets[i].rs->allow_to, sets[i].rs->nallow, r->chain);
        if (l && !policy_list_has(l, r->to)) {
            set_rule(d, 0, "allow_to", sets[i].scope);
            return 0;
        }
    }
    for (int i = 0; i < n; i++) {
        const struct policy_list *l = policy_find_list(sets[i].rs->assets, sets[i].rs->nassets, r->chain);
        if (l && !policy_list_has(l, r->asset)) {
            set_rule(d, 0, "asset_allowlist", sets[i].scope);
            return 0;
        }
    }

    /* Per transaction. */
    uint8_t lim[32], used[32], total[32];
    for (int i = 0; i < n; i++) {
        const struct policy_limits *l = policy_find_limits(sets[i].rs, r->chain, r->asset);
        if (!l || !l->max_per_tx)
            continue;
        if (limit_units(l->max_per_tx, sets[i].scope, sets[i].who, r, "max_per_tx", lim, err) != 0)
            return -1;
        if (units_cmp(amount, lim) > 0) {
            set_rule(d, 0, "max_per_tx", sets[i].scope);
            units_to_decimal(lim, r->decimals, d->limit, sizeof d->limit);
            units_to_decimal(amount, r->decimals, d->used, sizeof d->used);
            return 0;
        }
    }
    /* Rolling 24 hours: reservations with ts_ms in (now - 24 h, +inf). */
    for (int i = 0; i < n; i++) {
        const struct policy_limits *l = policy_find_limits(sets[i].rs, r->chain, r->asset);
        if (!l || !l->max_per_day)
            continue;
        if (limit_units(l->max_per_day, sets[i].scope, sets[i].who, r, "max_per_day", lim, err) != 0)
            return -1;
        int64_t cnt = 0;
        if (ledger_window(s, sets[i].ledger, sets[i].who, r->chain, r->asset, r->now_ms - DAY_MS, used, &cnt, err) != 0)
            return -1;
        if (units_add(total, used, amount) != 0 || units_cmp(total, lim) > 0) {
            set_rule(d, 0, "max_per_day", sets[i].scope);
            units_to_decimal(lim, r->decimals, d->limit, sizeof d->limit);
            units_to_decimal(used, r->decimals, d->used, sizeof d->used);
            return 0;
        }
    }
    /* Transactions in the last hour. */
    for (int i = 0; i < n; i++) {
        const struct policy_limits *l = policy_find_limits(sets[i].rs, r->chain, r->asset);
        if (!l || l->max_tx_per_hour < 0)
            continue;
        int64_t cnt = 0;
        if (ledger_window(s, sets[i].ledger, sets[i].who, r->chain, r->asset, r->now_ms - HOUR_MS, used, &cnt, err) != 0)
            return -1;
        if (cnt + 1 > l->max_tx_per_hour) {
            set_rule(d, 0, "max_tx_per_hour", sets[i].scope);
            snprintf(d->limit, sizeof d->limit, "%" PRId64, l->max_tx_per_hour);
            snprintf(d->used, sizeof d->used, "%" PRId64, cnt);
            return 0;
        }
    }
    set_rule(d, 1, "allowed", "");
    return 0;
}

static int audit_decision(struct store *s, const struct policy_request *r, const uint8_t amount[32],
                          const struct policy_decision *d, int64_t *seq, st_err *err)
{
    char disp[DECIMAL_MAX_TEXT];
    units_to_decimal(amount, r->decimals, disp, sizeof disp);
    json_t *j = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s?, s:I, s:i}",
                          "decision", d->allowed ? "allowed" : "denied", "rule", d->rule,
                          "scope", d->scope, "limit", d->limit, "used", d->used,
                          "amount", disp, "amount_units", r->amount, "asset", r->asset,
                          "to", r->to, "strategy", r->strategy, "now_ms", (json_int_t)r->now_ms,
                          "decimals", (int)r->decimals);
    if (!j)
        return st_err_set(err, "policy: cannot encode the audit record (bad UTF-8 in the request?)");
    if (d->reservation_id > 0)
        json_object_set_new(j, "reservation", json_integer((json_int_t)d->reservation_id));
    char *txt = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(j);
    if (!txt)
        return st_err_set(err, "policy: out of memory");
    int rc = audit_append(s, "policy.decision", r->tenant, r->chain, txt, seq, err);
    free(txt);
    return rc;
}

static int is_busy(struct store *s)
{
    return (sqlite3_errcode(store_db(s)) & 0xff) == SQLITE_BUSY;
}

/* One attempt. Returns 0 (decided and committed), -1 (error), 1 (SQLITE_BUSY: retry). */
static int attempt(struct policy *p, struct store *s, const struct policy_request *r, const uint8_t amount[32],
                   struct policy_decision *d, st_err *err)
{
    st_err e = {0};
    if (store_begin(s, &e) != 0) {
        if (is_busy(s))
            return 1;
        *err = e;
        return -1;
    }
    int busy = 0;
    if (evaluate(p, s, r, amount, d, &e) != 0)
        goto fail;
    if (d->allowed && ledger_insert(s, r->now_ms, r->tenant, r->strategy, r->chain, r->asset, r->to,
                                    r->amount, r->decimals, &d->reservation_id, &e) != 0)
        goto fail;
    if (audit_decision(s, r, amount, d, &d->audit_seq, &e) != 0)
        goto fail;
    if (d->allowed && ledger_set_audit_seq(s, d->reservation_id, d->audit_seq, &e) != 0)
        goto fail;
    if (store_commit(s, &e) != 0) {
        busy = is_busy(s);
        goto failed_commit;
    }
    return 0;
fail:
    busy = is_busy(s);
    store_rollback(s, NULL);
failed_commit:
    if (busy && store_tx_depth(s) == 0)
        return 1;
    *err = e;
    return -1;
}

int policy_decide(struct policy *p, struct store *s, const struct policy_request *req,
                  struct policy_decision *out, st_err *err)
{
    memset(out, 0, sizeof *out);
    if (!req || !req->tenant || !req->tenant[0] || !req->chain || !req->chain[0] || !req->asset ||
        !req->asset[0] || !req->to || !req->amount)
        return st_err_set(err, "policy: a request needs tenant, chain, asset, to and amount");
    if (req->strategy && !req->strategy[0])
        return st_err_set(err, "policy: the strategy name cannot be empty (NULL for none)");
    if (req->decimals > 77)
        return st_err_set(err, "policy: an asset cannot have %u decimals", req->decimals);
    uint8_t amount[32];
    if (units_from_string(req->amount, amount) != 0)
        return st_err_set(err, "policy: amount \"%.80s\" is not a base-10 integer of base units", req->amount);
    int outer = store_tx_depth(s) > 0;
    for (int i = 0;; i++) {
        int retries = out->busy_retries;
        memset(out, 0, sizeof *out);
        out->busy_retries = retries;
        int rc = attempt(p, s, req, amount, out, err);
        if (rc <= 0)
            return rc;
        if (outer || i + 1 >= BUSY_ATTEMPTS)
            return st_err_set(err, "policy: the store stayed busy after %d attempts", i + 1);
        out->busy_retries++;
        atomic_fetch_add(&busy_total, 1);
        struct timespec ts = {0, (long)(5 + (i * 7) % 50) * 1000000L};
        nanosleep(&ts, NULL);
    }
}
