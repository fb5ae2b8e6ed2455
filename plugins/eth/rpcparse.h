/* rpcparse.h: reading the answers of an Ethereum JSON-RPC node.
 *
 * host->rpc_call hands back the text of a response's "result" member. Everything in it is
 * untrusted: each reader checks the JSON type and the exact form and names the method and
 * field in its error, e.g. "eth_getTransactionCount: result: \"0xzz\" is not a hex quantity".
 *
 * Forms (Ethereum JSON-RPC specification, "hex encoding"):
 *  - quantity: a string "0x" followed by 1 to 64 hex digits (the specification asks for no
 *    leading zeros; they are tolerated because they cannot change the value);
 *  - data: a string "0x" followed by an even number of hex digits;
 *  - hash: data of exactly 32 bytes. */
#ifndef STEWARD_ETH_RPCPARSE_H
#define STEWARD_ETH_RPCPARSE_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "u256.h"
#include "util/err.h"

/* Reads a quantity from a JSON value. `what` names it in errors. */
int eth_json_quantity(const json_t *v, const char *what, u256 *out, st_err *err);

/* Same, for a value that must fit in 64 bits (nonces, gas, chain ids, block numbers). */
int eth_json_quantity_u64(const json_t *v, const char *what, uint64_t *out, st_err *err);

/* Parses result text that must be one quantity. */
int eth_result_quantity(const char *method, const char *result, u256 *out, st_err *err);
int eth_result_quantity_u64(const char *method, const char *result, uint64_t *out, st_err *err);

/* Parses result text that must be a 32-byte hash (e.g. eth_sendRawTransaction). */
int eth_result_hash(const char *method, const char *result, uint8_t out[32], st_err *err);

/* Parses result text that must be data, into a malloc'd buffer (*out NULL when empty;
 * release with free). */
int eth_result_data(const char *method, const char *result, uint8_t **out, size_t *len, st_err *err);

/* eth_feeHistory: the result object's baseFeePerGas array holds one entry per block asked
 * for plus one for the block after the newest, which is the base fee the next transaction
 * meets. *next_base_fee gets that last entry. Fails when the array is missing or empty (a
 * chain without EIP-1559) or an entry is not a quantity. */
int eth_result_fee_history(const char *result, u256 *next_base_fee, st_err *err);

/* eth_getTransactionReceipt. *found is 0 when the result is null (not yet mined). Otherwise
 * *status is 1 (success) or 0 (reverted), and block_number and gas_used are read; every one
 * of status, blockNumber and gasUsed must be present. */
int eth_result_receipt(const char *result, int *found, int *status, uint64_t *block_number,
                       uint64_t *gas_used, st_err *err);

#endif
