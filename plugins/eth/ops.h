/* ops.h: the plugin's operations, with the exact signatures of struct stw_plugin.
 *
 * plugin.c only puts these into the table it exports; they live in the static library so
 * the unit tests can drive them with a fake host (canned RPC answers, a test signer).
 * ops_setup.c has the account-level functions, ops_tx.c the transaction ones, ops_balance.c
 * balances and ops_message.c off-chain signatures; ops_common.h what they share.
 *
 *   eth_op_derivation_path  m/44'/60'/0'/0/<index> (key derivation v1); index < 2^31
 *   eth_op_init             parses the options (options.h); nothing is sent to the node
 *   eth_op_address          EIP-55 address of a 33-byte compressed secp256k1 key
 *   eth_op_build            intent -> unsigned transaction (transfer, token_transfer, call):
 *                           checks the intent, checks eth_chainId against chain_id, asks the
 *                           pending nonce, the next base fee (eth_feeHistory) and the tip
 *                           (eth_maxPriorityFeePerGas), applies the fee caps (fees.h),
 *                           estimates gas and adds the margin (unless a call gives gas_limit),
 *                           and refuses when the sender's balance cannot cover
 *                           value + gas_limit * max fee
 *   eth_op_describe         {"to", "asset", "amount", "decimals", "fee_max", "digests": 1,
 *                           "summary", and "from", "nonce", "chain_id", "tx_type",
 *                           "gas_limit", "max_fee_per_gas", "contract" (tokens, calls),
 *                           "selector" and "data_len" (calls)}; a call's "to" is the
 *                           contract and its amount the ETH value in wei
 *   eth_op_sign             one digest (the signing hash) through host->sign; the returned
 *                           signature must recover to the sender's key and have a low s
 *   eth_op_assemble         "0x"-hex of the signed transaction; txid = keccak256 of it
 *   eth_op_broadcast        eth_sendRawTransaction; the node's hash must equal keccak256 of
 *                           the bytes; with receipt_timeout_seconds > 0, polls
 *                           eth_getTransactionReceipt once a second and fails on a revert
 *   eth_op_balance          ETH (asset NULL or "ETH"), a configured token symbol, or a token
 *                           contract address (decimals asked with decimals() unless configured)
 *   eth_op_sign_message     "message"/"personal_sign" (EIP-191) and "typed_data" (EIP-712):
 *                           {"signature": 0x r||s||v (65 bytes, v = 27 + recid), "digest",
 *                           "address", "kind"} */
#ifndef STEWARD_ETH_OPS_H
#define STEWARD_ETH_OPS_H

#include "steward_plugin.h"

int eth_op_derivation_path(void *state, uint32_t index, char *out, size_t cap, char err[STW_ERR_MAX]);
int eth_op_init(const struct stw_host *host, const char *options_json, void **state, char err[STW_ERR_MAX]);
void eth_op_shutdown(void *state);
int eth_op_address(void *state, const uint8_t *pubkey, size_t pubkey_len, char *out, size_t cap,
                   char err[STW_ERR_MAX]);
int eth_op_build(void *state, const struct stw_account *from, const char *intent_json, struct stw_tx **tx,
                 char err[STW_ERR_MAX]);
int eth_op_describe(void *state, const struct stw_tx *tx, char **description_json, char err[STW_ERR_MAX]);
int eth_op_sign(void *state, struct stw_tx *tx, const struct stw_account *from, struct stw_sign_cap *cap,
                char err[STW_ERR_MAX]);
int eth_op_assemble(void *state, const struct stw_tx *tx, char **raw, char **txid, char err[STW_ERR_MAX]);
int eth_op_broadcast(void *state, const char *raw, char **txid, char err[STW_ERR_MAX]);
int eth_op_balance(void *state, const char *address, const char *asset, char **amount, char err[STW_ERR_MAX]);
int eth_op_sign_message(void *state, const struct stw_account *from, const char *intent_json,
                        struct stw_sign_cap *cap, char **signature_json, char err[STW_ERR_MAX]);
void eth_op_tx_free(void *state, struct stw_tx *tx);

#endif
