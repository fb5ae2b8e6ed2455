/* sol_rpc.h: parsing the answers of the Solana JSON-RPC methods the plugin calls.
 *
 * Each function takes the text of the response's "result" member (what host->rpc_call
 * returns), checks its shape strictly and fails with one line naming the method and the
 * field ("getLatestBlockhash: value.blockhash: not 32 bytes of base58"). Integers must be
 * JSON integers in range (no floats, no negatives, nothing above 2^63-1, the most jansson
 * holds); duplicate object keys are refused. Members the plugin does not need are ignored,
 * so nodes may add fields, including integers beyond 64-bit signed range (current nodes
 * answer getAccountInfo with "rentEpoch": 18446744073709551615): those are turned into
 * strings before parsing (sol_rpc_quote_big_ints). */
#ifndef STEWARD_SOL_RPC_H
#define STEWARD_SOL_RPC_H

#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

/* Returns a malloc'd copy of JSON text in which every integer literal outside int64 range,
 * outside strings, is wrapped in quotes (18446744073709551615 -> "18446744073709551615");
 * everything else is copied unchanged. NULL when memory ran out. */
char *sol_rpc_quote_big_ints(const char *json_text);

/* Commitment levels, in increasing strength. */
enum sol_commitment { SOL_PROCESSED = 0, SOL_CONFIRMED = 1, SOL_FINALIZED = 2 };

/* "processed" / "confirmed" / "finalized" <-> the enum; parse returns -1 on another word. */
const char *sol_commitment_name(enum sol_commitment c);
int sol_commitment_parse(const char *s, enum sol_commitment *c);

/* getLatestBlockhash: {"context": {...}, "value": {"blockhash": base58 of 32 bytes,
 * "lastValidBlockHeight": integer}}. */
int sol_rpc_latest_blockhash(const char *result, uint8_t blockhash[32], uint64_t *last_valid_height,
                             st_err *err);

/* getBalance: {"context": {...}, "value": lamports}. */
int sol_rpc_balance(const char *result, uint64_t *lamports, st_err *err);

/* getTokenAccountBalance: {"context": {...}, "value": {"amount": base-10 string of a u64,
 * "decimals": 0..255, ...}}. */
int sol_rpc_token_balance(const char *result, uint64_t *amount, unsigned *decimals, st_err *err);

/* getAccountInfo (any encoding): {"context": {...}, "value": null} when the account does
 * not exist, else {"value": {"owner": base58, "lamports": integer, ...}}. */
struct sol_account_info {
    int exists;
    uint8_t owner[32];
    uint64_t lamports;
};
int sol_rpc_account_info(const char *result, struct sol_account_info *info, st_err *err);

/* A bare non-negative integer result (getMinimumBalanceForRentExemption). */
int sol_rpc_u64(const char *result, const char *method, uint64_t *v, st_err *err);

/* A bare base58 string result of `want_len` bytes: getGenesisHash (32), sendTransaction
 * (64, the transaction's first signature). */
int sol_rpc_base58(const char *result, const char *method, size_t want_len, uint8_t *out, st_err *err);

/* getSignatureStatuses for one signature: {"context": {...}, "value": [status]} where
 * status is null (not seen yet) or {"err": null or a JSON value, "confirmationStatus":
 * "processed"/"confirmed"/"finalized" or null, "confirmations": integer or null, ...}.
 * Without a confirmationStatus (old nodes) null confirmations means finalized and a number
 * means processed (the weakest claim). *failed is 1 when err is not null, and then
 * failure gets its JSON text (truncated to cap). */
struct sol_sig_status {
    int found;
    enum sol_commitment level;
    int failed;
    char failure[256];
};
int sol_rpc_signature_status(const char *result, struct sol_sig_status *st, st_err *err);

#endif
