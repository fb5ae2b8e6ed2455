/* options.h: the chain options the plugin is configured with (init's options_json).
 *
 *   chain_id                        required; integer (or its decimal string), 1..ETH_CHAIN_ID_MAX;
 *                                   every transaction and EIP-712 domain is bound to it, and the
 *                                   node's eth_chainId must agree
 *   tx_type                         "1559" (default; also "eip1559" or the integer 1559 or 2) or
 *                                   "legacy" (also "eip155" or 0): EIP-155 legacy transactions
 *   max_fee_per_gas_gwei            cap on max_fee_per_gas (legacy: on the gas price), decimal
 *                                   gwei; absent: no cap from the configuration
 *   max_priority_fee_per_gas_gwei   cap on the priority fee, decimal gwei; absent: no cap
 *   gas_limit_margin_percent        added to eth_estimateGas's answer, 0..1000, default 20
 *   erc20                           mapping symbol -> {address, decimals} of the tokens intents
 *                                   may name by symbol
 *   receipt_timeout_seconds         0..3600, default 0: when > 0, broadcast waits that long for
 *                                   the receipt and fails if the transaction reverted
 *   network                         a free label for messages ("mainnet", "sepolia", "hardhat")
 *
 * Any other key is an error naming it. Numbers may be JSON integers or decimal strings (a YAML
 * scalar may arrive either way); a JSON real is refused, since amounts are exact. */
#ifndef STEWARD_ETH_OPTIONS_H
#define STEWARD_ETH_OPTIONS_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "fees.h"
#include "tx.h"
#include "util/err.h"

#define ETH_SYMBOL_MAX 32
#define ETH_NETWORK_MAX 64
#define ETH_DECIMALS_MAX 77 /* 10^77 < 2^256 < 10^78 */

struct eth_token {
    char symbol[ETH_SYMBOL_MAX + 1];
    uint8_t address[20];
    unsigned decimals;
};

struct eth_options {
    uint64_t chain_id;
    enum eth_tx_type tx_type;
    struct eth_fee_caps caps;
    unsigned gas_margin_percent;
    unsigned receipt_timeout_seconds;
    char network[ETH_NETWORK_MAX + 1];
    struct eth_token *tokens; /* malloc'd array */
    size_t ntokens;
};

/* Parses options_json into *o. Returns 0, or -1 with an error naming the option. On failure
 * *o holds nothing to release. */
int eth_options_parse(const char *options_json, struct eth_options *o, st_err *err);

/* Releases what eth_options_parse allocated. */
void eth_options_free(struct eth_options *o);

/* The configured token with this symbol (exact, case-sensitive) or address, or NULL. */
const struct eth_token *eth_options_token_by_symbol(const struct eth_options *o, const char *symbol);
const struct eth_token *eth_options_token_by_address(const struct eth_options *o, const uint8_t addr[20]);

/* Reads an unsigned integer given as a JSON integer or a string of decimal digits, at most
 * `max`. `field` names it in errors. Shared with the intent reader. */
int eth_json_uint(const json_t *v, const char *field, uint64_t max, uint64_t *out, st_err *err);

/* Reads a fee cap in decimal gwei (a string, or a JSON integer) into wei. */
int eth_json_gwei(const json_t *v, const char *field, u256 *wei, st_err *err);

#endif
