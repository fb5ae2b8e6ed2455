/* node.h: the JSON-RPC calls the plugin makes, through the host's rpc_call capability.
 *
 * Each function sends one request to the chain's configured node, checks the answer with
 * rpcparse.h and fails with a one-line error that starts with the method's name. Addresses
 * and data go out as lower-case 0x hex, quantities in the minimal 0x form. Nothing here
 * decides anything: the policy (fees, margins, checks) lives in the callers. */
#ifndef STEWARD_ETH_NODE_H
#define STEWARD_ETH_NODE_H

#include <stddef.h>
#include <stdint.h>

#include "steward_plugin.h"
#include "u256.h"
#include "util/err.h"

/* eth_chainId. */
int eth_node_chain_id(const struct stw_host *h, uint64_t *chain_id, st_err *err);

/* eth_getTransactionCount(addr, "pending"): the next nonce, counting the sender's
 * transactions still in the node's pool. */
int eth_node_nonce(const struct stw_host *h, const uint8_t addr[20], uint64_t *nonce, st_err *err);

/* eth_feeHistory(1, "latest", []): the base fee of the next block. */
int eth_node_next_base_fee(const struct stw_host *h, u256 *base_fee, st_err *err);

/* eth_maxPriorityFeePerGas: the node's suggested tip. */
int eth_node_priority_fee(const struct stw_host *h, u256 *tip, st_err *err);

/* eth_estimateGas({from, to, value, data}). */
int eth_node_estimate_gas(const struct stw_host *h, const uint8_t from[20], const uint8_t to[20], const u256 *value,
                          const uint8_t *data, size_t data_len, uint64_t *gas, st_err *err);

/* eth_getBalance(addr, "latest"), in wei. */
int eth_node_balance(const struct stw_host *h, const uint8_t addr[20], u256 *wei, st_err *err);

/* eth_call({to, data}, "latest"): the returned bytes (malloc'd, NULL when empty). */
int eth_node_call(const struct stw_host *h, const uint8_t to[20], const uint8_t *data, size_t data_len,
                  uint8_t **out, size_t *out_len, st_err *err);

/* eth_sendRawTransaction(raw_hex): the hash the node answered. */
int eth_node_send_raw(const struct stw_host *h, const char *raw_hex, uint8_t txid[32], st_err *err);

/* eth_getTransactionReceipt(txid): *found 0 while the transaction is not mined. */
int eth_node_receipt(const struct stw_host *h, const uint8_t txid[32], int *found, int *status,
                     uint64_t *block_number, uint64_t *gas_used, st_err *err);

#endif
