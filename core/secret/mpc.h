/* mpc.h: the `mpc` secret source — the master secret recovered from the NEAR MPC network by
 * Confidential Key Derivation (DESIGN.md, "NEAR MPC CKD"; the protocol itself is in ckd.h).
 *
 * One recovery:
 *   1. the account key (secret.mpc.account_key: env or a private file holding
 *      "ed25519:<base58 of 64 bytes>") is read into guarded memory and checked (its public half
 *      must match its seed);
 *   2. the network key pk is read from the signer contract's `public_key` view with
 *      {"domain_id": N}; when network_public_key is pinned as well, the two must be equal,
 *      else the recovery is refused (not retried);
 *   3. app_id = ckd_app_id(predecessor, derivation_path), where the predecessor is account_id,
 *      or the proxy contract when secret.mpc.proxy is set (the proxy is then what calls the
 *      signer);
 *   4. a fresh ephemeral request (ckd_request_new) is sent as a FunctionCall of
 *      request_app_private_key (or proxy.method on proxy.contract) with
 *      {"request":{"derivation_path","app_public_key","domain_id"}}, 1 yoctoNEAR and the
 *      configured gas, signed with the account key, through near_rpc_transact;
 *   5. the SuccessValue {"big_y","big_c"} is checked and turned into the secret by ckd_finish
 *      (pairing check, HKDF with the configured salt/info).
 *
 * Retries (at most secret.mpc.retries after the first attempt, with a doubling pause): a
 * failure before anything was sent (node unreachable, view failed) starts the attempt again;
 * a transaction whose outcome is unknown (near_rpc NEAR_TX_UNKNOWN) is NOT sent again — its
 * hash is looked up (near_rpc_tx_status) on the next attempts, with the same ephemeral key,
 * so a retry never submits a second request while one may still be executing. Everything
 * else is final: a contract failure or refusal, a malformed answer, a network key that does
 * not match the pin, and above all a failed pairing check (a corrupted answer or another
 * network key: the secret is refused and steward does not start). No other source is ever
 * tried. */
#ifndef STEWARD_SECRET_MPC_H
#define STEWARD_SECRET_MPC_H

#include <stddef.h>
#include <stdint.h>

#include "config/config.h"
#include "secret/secret_source.h"
#include "util/err.h"
#include "util/secmem.h"

/* Pauses, for tests (a zeroed struct or NULL gives the defaults). */
struct mpc_tuning {
    uint64_t backoff_ms;      /* pause before the first retry, doubled each time, at most 30 s; 0: 1000 */
    uint64_t lookup_delay_ms; /* near_rpc's pause before each `tx` lookup; 0: 2000 */
};

/* What a recovery did (for tests and logs; may be NULL). */
struct mpc_report {
    uint32_t attempts;          /* attempts made (1 + retries used) */
    uint32_t submissions;       /* send_tx POSTs made, over all attempts */
    uint32_t key_views;         /* successful public_key views */
    char predecessor[65];       /* the account app_id was computed for */
    uint8_t app_id[32];
    char tx_hash[48];           /* the request transaction ("" if none was sent) */
};

/* Parses NEAR's text form of an ed25519 secret key, "ed25519:<base58 of 64 bytes>" (seed ‖
 * public key; surrounding whitespace allowed), into guarded memory (64 bytes), checking that
 * the public half is the seed's. what names the source in errors; the key is never shown. */
int mpc_parse_account_key(const char *text, size_t len, const char *what, secbuf *sk, st_err *err);

/* Recovers the master secret (see above). out must be zeroed; on failure it stays empty. */
int mpc_recover(const struct config_mpc *cfg, const struct mpc_tuning *tuning, struct master_secret *out,
                struct mpc_report *report, st_err *err);

#endif
