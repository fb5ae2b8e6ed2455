/* intent.h: one intent, end to end — the single path by which anything in steward gets a
 * transaction signed (`steward sign/send` and strategies' ctx.transfer / ctx.swap / ctx.call):
 *
 *   plugin builds the unsigned transaction → plugin describes it → the host checks the
 *   description against the intent (the amount must be exactly the intent's) → the policy
 *   engine decides and reserves (audited, durable) → the request is audited (tx.request),
 *   durably, before anything is signed → a one-shot capability for the described number of
 *   signatures → the plugin signs through it → the capability is revoked → assemble →
 *   tx.signed → (broadcast → tx.broadcast).
 *
 * If nothing was signed, the policy reservation is released; once a signature exists it stays,
 * whatever happens to the broadcast. On a paper chain (core/paper) every step is the same; the
 * assembled transaction is registered with the paper ledger so that its broadcast lands there.
 * Off-chain messages (kinds "message", "typed_data") take the plugin's sign_message path with a
 * one-signature capability, and are refused while signing is paused. */
#ifndef STEWARD_INTENT_INTENT_H
#define STEWARD_INTENT_INTENT_H

#include <jansson.h>
#include <stdint.h>

#include "plugin/host.h"
#include "policy/policy.h"
#include "signer/signer.h"
#include "store/store.h"
#include "util/secmem.h"

/* What the pipeline runs against. Everything is borrowed. */
struct intent_env {
    struct store *store;
    struct signer *signer;
    struct policy *policy;
    const secbuf *root_seed;  /* for deriving public keys and addresses */
    struct plugin_set *plugins;
    /* The time policy windows are measured in (NULL: the wall clock). Backtests pass
     * simulated time. */
    int64_t (*now_ms)(void *ctx);
    void *now_ctx;
};

/* The public side of one account on one chain, with the ABI view of it. */
struct intent_account {
    char path[128];
    uint8_t pubkey[33];
    size_t pubkey_len;
    char address[128];
    struct stw_account acct; /* points into this struct */
};

struct intent_request {
    const char *tenant;    /* required */
    const char *strategy;  /* the strategy asking, for its policy budget and the audit; NULL: none */
    uint32_t index;        /* account index i of the derivation path */
    const json_t *intent;  /* the intent object (docs/intents.md); its "chain" picks the plugin */
    int broadcast;         /* 1: send after signing */
    /* A paper-exchange swap: the symbol bought. The intent must pay the chain's paper exchange
     * (paper_exchange_address) and the chain must be a paper chain. NULL otherwise. */
    const char *swap_buy;
};

enum intent_status {
    INTENT_DONE = 0,  /* signed (and broadcast, when asked) */
    INTENT_DENIED,    /* the policy engine said no: see denial */
    INTENT_REFUSED,   /* the chain, the plugin, the signer or the broadcast refused: see err */
    INTENT_INVALID,   /* the request itself is wrong (unknown chain or tenant, bad intent) */
};

struct intent_outcome {
    enum intent_status status;
    /* INTENT_DONE: {"chain","tenant","from","raw","txid","description","request_seq"
     * [,"broadcast":{"txid"}] [,"paper":true]} or, for messages, {..., "signature"}.
     * INTENT_DENIED: {"denied":true,"rule","scope","limit","used","audit_seq"}.
     * Also set for INTENT_REFUSED when a broadcast was refused after signing (the signed
     * transaction, without "broadcast"). Owned by the caller: json_decref. */
    json_t *result;
};

/* Runs the pipeline. Returns 0 when status is INTENT_DONE, -1 otherwise (err says why; for a
 * denial, "policy denied the request: <rule> ..."). Never prints. */
int intent_execute(struct intent_env *env, const struct intent_request *rq, struct intent_outcome *out, st_err *err);

/* Derives tenant's account `index` on a loaded chain: path from the plugin, public key from
 * the root seed, address from the plugin. On a paper chain the account is funded with the
 * opening balances the first time it is seen. */
int intent_account(struct intent_env *env, struct loaded_plugin *lp, const char *tenant, uint32_t index,
                   struct intent_account *out, st_err *err);

/* Appends an audit record with a JSON detail (consumed). *seq (may be NULL) gets its seq. */
int intent_audit(struct store *st, const char *kind, const char *tenant, const char *subject, json_t *detail,
                 int64_t *seq, st_err *err);

/* The environment's clock. */
int64_t intent_now_ms(const struct intent_env *env);

#endif
