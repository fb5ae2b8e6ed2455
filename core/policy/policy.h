/* policy.h: the policy engine. Every request to sign a transfer passes through policy_decide,
 * which checks the kill switch, the destination and asset lists and the spending limits of
 * the tenant and of the strategy, and reserves the amount, in ONE store transaction
 * (BEGIN IMMEDIATE ... COMMIT with synchronous=FULL): concurrent requests, from threads or
 * processes each with their own connection, are serialised by the write lock, so they cannot
 * jointly pass a limit, and a reservation is on disk before the caller is told "allowed", so a
 * crash cannot forget spending. Every decision, allowed or denied, is an audit record
 * ("policy.decision") committed in the same transaction.
 *
 * docs/policy.md gives the JSON shape of the rules, the order of checks and what "rolling 24
 * hours" means. */
#ifndef STEWARD_POLICY_POLICY_H
#define STEWARD_POLICY_POLICY_H

#include <stdint.h>

#include "store/store.h"
#include "util/decimal.h"
#include "util/err.h"

struct policy;

/* Parses the rules (JSON text, see docs/policy.md). Unknown keys, wrong types, bad amounts
 * and duplicate keys are refused; the error names the key path, e.g.
 * "policy.tenants.default.eth.ETH.max_per_day: ...". On success *out owns the rules (free with
 * policy_free); on failure *out is NULL. */
int policy_parse(const char *json, struct policy **out, st_err *err);
void policy_free(struct policy *p);

/* One request to move funds, as described by the chain plugin. */
struct policy_request {
    const char *tenant;   /* required */
    const char *strategy; /* the strategy asking, or NULL for a manual `steward sign` */
    const char *chain;    /* "eth", "btc", "sol", ... */
    const char *asset;    /* "ETH", "USDC", ... */
    const char *to;       /* destination address, compared byte for byte */
    const char *amount;   /* base units, base-10 digits */
    unsigned decimals;    /* of the asset: converts the display-unit limits */
    int64_t now_ms;       /* the request's time (ms since the epoch); the windows use it */
};

#define POLICY_RULE_MAX 32
#define POLICY_SCOPE_MAX 16

struct policy_decision {
    int allowed;                      /* 1 allowed (and reserved), 0 denied */
    char rule[POLICY_RULE_MAX];       /* "allowed", "paused", "deny_to", "allow_to",
                                         "asset_allowlist", "max_per_tx", "max_per_day",
                                         "max_tx_per_hour" */
    char scope[POLICY_SCOPE_MAX];     /* "tenant", "strategy", "global" (paused), "" (allowed) */
    char limit[DECIMAL_MAX_TEXT];     /* the deciding limit, display units (a count for
                                         max_tx_per_hour); "" when no limit decided */
    char used[DECIMAL_MAX_TEXT];      /* what the window held before this request, same unit */
    int64_t reservation_id;           /* > 0 when allowed, else 0 */
    int64_t audit_seq;                /* the policy.decision record */
    int busy_retries;                 /* whole-transaction retries after SQLITE_BUSY */
};

/* The one atomic, durable decision step (see the top of this file and docs/policy.md).
 * Returns 0 when a decision was made and committed (allowed or denied: see out->allowed);
 * -1 (with err, nothing reserved, nothing audited) when the request is malformed, a limit
 * cannot be expressed in the asset's decimals, or the store fails. A caller must treat -1 as
 * "not allowed". If called inside an open store transaction the step joins it as a savepoint
 * and becomes durable only with the caller's outermost commit (and is not retried on BUSY). */
int policy_decide(struct policy *p, struct store *s, const struct policy_request *req,
                  struct policy_decision *out, st_err *err);

/* Marks an allowed reservation released, for a request that failed BEFORE anything was
 * signed; its amount no longer counts in any window. Audited ("policy.release"). Refuses an
 * unknown or already released reservation. */
int policy_release(struct store *s, int64_t reservation_id, const char *reason, st_err *err);

/* The global kill switch, durable in the store. While paused every policy_decide is denied
 * with rule "paused". pause/resume are audited ("policy.pause", "policy.resume") even when
 * the switch was already in that position; reason may be NULL. */
int policy_pause(struct store *s, const char *reason, st_err *err);
int policy_resume(struct store *s, st_err *err);
int policy_paused(struct store *s, int *paused, st_err *err);

/* Ledger: the sum (base units, base-10 text) and count of unreleased reservations of a
 * tenant/chain/asset with a timestamp after since_ms (pass INT64_MIN for all). For status
 * output and tests. */
int policy_ledger_sum(struct store *s, const char *tenant, const char *chain, const char *asset,
                      int64_t since_ms, char *sum_out, size_t cap, int64_t *count_out,
                      st_err *err);

/* Process-wide count of BUSY retries since start (all connections of this process). */
long policy_busy_retries_total(void);

#endif
