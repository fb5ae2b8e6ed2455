/* near_rpc.h: the NEAR JSON-RPC calls the agent makes (view an access key, call a view
 * function, read the final block, send a transaction and wait for its outcome), over
 * net/http_client.
 *
 * Reads (query, block, tx) use the endpoint's own retry rules (http_client.h: connection
 * failures, 429 and 5xx are retried): they change nothing, so repeating them is harmless.
 *
 * Sending (near_rpc_transact) follows these rules, which are what make it impossible for a
 * retry to get one intent executed twice:
 *
 *   1. Every POST of send_tx is made exactly once (the endpoint is copied with retries = 0):
 *      the HTTP layer never repeats a broadcast.
 *   2. A transaction is REBUILT (new nonce and/or new block hash, hence a new tx hash) only
 *      when the node ANSWERED that the transaction was refused before execution, and only
 *      when every send of that exact transaction was answered (none was ambiguous):
 *        - InvalidTxError::InvalidNonce: the access key's nonce is already >= ours. The
 *          transaction was refused by validation, so it is in no pool and cannot execute
 *          later; the rebuild takes nonce = max(ak_nonce from the error, a fresh
 *          view_access_key) + 1.
 *        - InvalidTxError::Expired: the block hash is too old; refused likewise; the rebuild
 *          takes a fresh final block hash (and a fresh nonce).
 *      The same holds when an answered send_tx reports these two as its status
 *      (status.Failure.InvalidTxError): a transaction failing validation is not executed.
 *      At most `max_rebuilds` rebuilds are made, then the last refusal is reported.
 *   3. An AMBIGUOUS send — a transport failure (timeout, reset, HTTP 5xx or 429, a garbled
 *      answer) or the node's own TIMEOUT_ERROR (HTTP 408) — may have reached the network. It
 *      is never followed by a rebuild. Instead the transaction is looked up by its hash with
 *      the `tx` method (sender_account_id + tx_hash, same wait_until), up to
 *      `lookup_attempts` times `lookup_delay_ms` apart:
 *        - found: its outcome is the answer (success or failure), nothing is resent;
 *        - still unknown after all lookups: the IDENTICAL signed bytes (same nonce, same
 *          hash) are sent once more (at most `max_resends` times). NEAR executes a given
 *          (access key, nonce) at most once, so re-sending the same bytes can at worst be
 *          refused; it can never cause a second execution. A refusal of such a resend
 *          (InvalidNonce, or anything else) triggers one more lookup, and if the transaction
 *          is still not found the call fails with NEAR_TX_UNKNOWN and the tx hash, for the
 *          caller to resolve later (near_rpc_tx_status) — it does not rebuild.
 *   4. Everything else is final and not retried: an executed transaction whose status is
 *      Failure (ActionError such as FunctionCallError — the message carries the contract's
 *      panic text — or any other failure), any other InvalidTxError (not enough balance,
 *      invalid signature, ...), a request the node could not parse.
 *
 * wait_until must be one that returns an execution status: "EXECUTED_OPTIMISTIC",
 * "EXECUTED" or "FINAL". */
#ifndef STEWARD_NEAR_RPC_H
#define STEWARD_NEAR_RPC_H

#include <stddef.h>
#include <stdint.h>

#include "near/near_tx.h"
#include "net/http_client.h"
#include "util/err.h"

struct near_rpc {
    struct http_endpoint ep;  /* url, name (for errors), timeout, retries for reads */
    const char *wait_until;   /* NULL: "FINAL" */
    uint32_t max_rebuilds;    /* InvalidNonce / Expired rebuilds (e.g. 3) */
    uint32_t lookup_attempts; /* `tx` lookups after an ambiguous send (0 taken as 1) */
    uint64_t lookup_delay_ms; /* pause before each lookup */
    uint32_t max_resends;     /* identical re-sends after an unknown lookup (e.g. 1) */
};

/* query view_access_key at finality "final". Out: the key's nonce and the block hash the
 * answer was read at. A missing key fails ("access key ... does not exist"). */
int near_rpc_view_access_key(const struct near_rpc *rpc, const char *account_id, const struct near_pubkey *pk,
                             uint64_t *nonce, uint8_t block_hash[NEAR_HASH_LEN], st_err *err);

/* block {"finality":"final"}: the final block's hash and height. */
int near_rpc_final_block(const struct near_rpc *rpc, uint8_t hash[NEAR_HASH_LEN], uint64_t *height, st_err *err);

/* query call_function at finality "final": args are sent as base64, the result (an array of
 * byte values) comes back as malloc'd bytes with a NUL after them (*len bytes), so a JSON
 * result can be used as a string. A contract panic fails with its message. */
int near_rpc_call_function(const struct near_rpc *rpc, const char *contract_id, const char *method,
                           const uint8_t *args, size_t args_len, char **result, size_t *len, st_err *err);

/* What happened to a transaction. */
enum near_tx_status {
    NEAR_TX_SUCCESS = 0,       /* executed, status SuccessValue */
    NEAR_TX_FAILED,            /* executed, status Failure (ActionError ...): not retried */
    NEAR_TX_REFUSED,           /* refused before execution (InvalidTxError), retries used up */
    NEAR_TX_UNKNOWN,           /* sent, but no node confirmed it: look it up by tx_hash later */
    NEAR_TX_NOT_SENT,          /* failed before anything was sent (bad input, node down) */
};

struct near_outcome {
    enum near_tx_status status;
    char tx_hash[NEAR_HASH_TEXT_MAX]; /* base58, of the last transaction sent ("" if none) */
    uint64_t nonce;                   /* nonce of that transaction */
    uint8_t *value;                   /* SuccessValue, base64-decoded, NUL after; malloc'd */
    size_t value_len;
    char *failure_json;               /* status.Failure as JSON text (malloc'd) when FAILED */
    char *outcome_json;               /* the whole final execution outcome (the RPC result:
                                       * status, transaction, transaction_outcome,
                                       * receipts_outcome...) as JSON text, malloc'd, when
                                       * SUCCESS or FAILED */
    uint32_t submissions;             /* send_tx POSTs made (all transactions) */
    uint32_t rebuilds;                /* rebuilds after InvalidNonce / Expired */
    uint32_t lookups;                 /* `tx` lookups made */
};

void near_outcome_free(struct near_outcome *o);

/* Looks a transaction up by hash (`tx` with sender_account_id and wait_until), once per
 * lookup_attempts (lookup_delay_ms apart) until an execution outcome is found. For a caller
 * holding a NEAR_TX_UNKNOWN hash. Returns 0 for SUCCESS; otherwise -1 with out->status FAILED
 * (executed and failed, err has the reason) or UNKNOWN (not found / not final yet). */
int near_rpc_tx_status(const struct near_rpc *rpc, const char *signer_id, const char *tx_hash,
                       struct near_outcome *out, st_err *err);

/* A caller that got NEAR_TX_UNKNOWN must resolve that hash (near_rpc_tx_status) before it
 * asks for the same effect again: a new call builds a new transaction from the key's current
 * nonce, and the network cannot know the two are meant to be one.
 *
 * Builds, signs and sends a transaction from signer_id with the ed25519 key sk (libsodium
 * 64-byte secret key; its public half names the access key), following the rules above.
 * Returns 0 only for NEAR_TX_SUCCESS; otherwise -1 with out->status saying which case and
 * err the reason (for NEAR_TX_FAILED the contract's panic text, e.g.
 * "action 0: FunctionCallError: Smart contract panicked: ..."). out is always initialised
 * (free it with near_outcome_free). */
int near_rpc_transact(const struct near_rpc *rpc, const char *signer_id, const uint8_t sk[NEAR_ED25519_SK_LEN],
                      const char *receiver_id, const struct near_action *actions, size_t n_actions,
                      struct near_outcome *out, st_err *err);

#endif
