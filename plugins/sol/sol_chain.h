/* sol_chain.h: the plugin's work that talks to the host: JSON-RPC reads, signing through the
 * capability, broadcasting and confirmation. plugin.c is only the ABI glue around these.
 *
 * RPC calls (all through host->rpc_call, with the configured commitment where the method
 * takes one):
 *   getGenesisHash                    once per start, unless cluster is localnet: the endpoint
 *                                     must serve the configured cluster
 *   getLatestBlockhash                build: the message's recent blockhash
 *   getAccountInfo                    build (token): does the destination ATA exist, and is it
 *                                     a token account of the right program; balance (token)
 *   getMinimumBalanceForRentExemption build (token, when creating the ATA): its rent
 *   getBalance / getTokenAccountBalance   balance
 *   sendTransaction                   broadcast, base64, with preflight at the commitment
 *   getSignatureStatuses              broadcast: polled every 400 ms up to confirm_timeout */
#ifndef STEWARD_SOL_CHAIN_H
#define STEWARD_SOL_CHAIN_H

#include <stddef.h>
#include <stdint.h>

#include "sol_options.h"
#include "sol_tx.h"
#include "steward_plugin.h"
#include "util/err.h"

struct sol_state {
    const struct stw_host *host;
    struct sol_options opt;
    int cluster_checked;
};

/* Size of the token account the ATA program creates: 165 bytes for the Token program; for
 * Token-2022 165 + 1 (account type) + 4 (ImmutableOwner extension header, no data) = 170,
 * more when the mint requires account extensions (transfer fees...), which steward does not
 * inspect (docs/plugins/sol.md). */
#define SOL_TOKEN_ACCOUNT_LEN 165u
#define SOL_TOKEN_2022_ATA_LEN 170u

/* Checks the endpoint's genesis hash against the configured cluster (once). */
int sol_chain_check_cluster(struct sol_state *s, st_err *err);

/* Parses the intent, fetches the chain state it needs and builds the transaction into tx. */
int sol_chain_build(struct sol_state *s, const uint8_t payer[32], const char *intent_json, struct stw_tx *tx,
                    st_err *err);

/* Signs tx's message with host->sign (STW_SIG_ED25519 over the serialised message) for
 * `from`, which must be the fee payer, and verifies the signature under from's public key
 * before keeping it. Refuses a transaction already signed. */
int sol_chain_sign(struct sol_state *s, struct stw_tx *tx, const struct stw_account *from,
                   struct stw_sign_cap *cap, st_err *err);

/* Sends a base64 wire transaction and waits for the configured commitment (up to
 * confirm_timeout seconds). sig gets the transaction's first signature, which must equal
 * the one the node answers. Fails when the raw text is not a legacy Solana transaction, the
 * node refuses it (preflight), answers another signature, or the transaction is confirmed
 * with an error. A transaction still unconfirmed at the deadline is NOT a failure: it was
 * accepted and may yet land, and calling it failed would invite a retry that pays twice; a
 * warning is logged instead. For the same reason an error while polling (transport, a bad
 * getSignatureStatuses answer) is logged and polling continues. */
int sol_chain_broadcast(struct sol_state *s, const char *raw_b64, uint8_t sig[64], st_err *err);

/* Balance of address in asset (NULL or "SOL": lamports; a configured symbol or a mint's
 * base58: the token balance of the address's ATA, "0" when that account does not exist) as
 * a decimal display amount into out. */
int sol_chain_balance(struct sol_state *s, const char *address, const char *asset, char *out, size_t cap,
                      st_err *err);

#endif
