/* intent.h: reading an intent (docs/intents.md, docs/plugins/eth.md) into a checked form.
 *
 * Kinds and their fields (any other field is an error naming it):
 *   transfer        to, amount [, asset] [, fee caps]      native ETH, 18 decimals; an asset
 *                                                          other than "ETH" makes it a token
 *                                                          transfer, exactly as below
 *   token_transfer  to, amount, asset [, decimals] [, fee caps]
 *                   asset: a symbol configured under the erc20 option, or a contract address,
 *                   which then needs "decimals" unless it is a configured token (then a
 *                   "decimals" given must agree)
 *   message         message [, encoding]                   EIP-191 personal_sign; also kind
 *   personal_sign                                          "personal_sign"
 *                   message: UTF-8 text, or "0x" + even hex digits meaning those bytes;
 *                   encoding "utf8" or "hex" forces one reading
 *   typed_data      typed_data                             EIP-712: the typed-data object
 *                                                          {types, primaryType, domain,
 *                                                          message} or its JSON text
 *   call            to, data, amount [, gas_limit] [, fee caps]
 *                   a contract call: "to" the contract, "data" the call data ("0x" and an even
 *                   number of hex digits, ETH_CALL_DATA_MIN..ETH_CALL_DATA_MAX bytes: at
 *                   least the function selector), "amount" the ETH sent with it (may be "0"),
 *                   "gas_limit" a decimal integer used as is (otherwise estimated), at least
 *                   the transaction's intrinsic gas and at most ETH_GAS_LIMIT_MAX
 * Every kind may carry "chain", which must be "eth".
 * Fee caps: "max_fee_per_gas_gwei", "max_priority_fee_per_gas_gwei" (decimal gwei strings).
 * Amounts are decimal strings in the asset's display unit, converted exactly; more fraction
 * digits than the asset has, a sign, an exponent, zero (except for a call's value) or a JSON
 * number are refused. "to" must be an address (EIP-55 checked when mixed case) and not the
 * zero address. */
#ifndef STEWARD_ETH_INTENT_H
#define STEWARD_ETH_INTENT_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "fees.h"
#include "options.h"
#include "u256.h"
#include "util/err.h"

#define ETH_CALL_DATA_MIN 4         /* a function selector */
#define ETH_CALL_DATA_MAX 65536     /* bytes of call data a "call" intent may carry */
#define ETH_GAS_LIMIT_MAX 1000000000 /* an explicit gas_limit above this is a mistake on any chain */

enum eth_intent_kind {
    ETH_INTENT_TRANSFER,       /* native */
    ETH_INTENT_TOKEN_TRANSFER, /* ERC-20 transfer(to, amount) */
    ETH_INTENT_PERSONAL_SIGN,  /* EIP-191 */
    ETH_INTENT_TYPED_DATA,     /* EIP-712 */
    ETH_INTENT_CALL            /* a contract call with call data and an ETH value */
};

struct eth_intent {
    enum eth_intent_kind kind;

    /* transfers and calls */
    uint8_t to[20];            /* the recipient (of the ETH, or of the tokens); a call's contract */
    u256 amount;               /* base units (a call: the value in wei, possibly 0) */
    unsigned decimals;         /* 18 for ETH */
    uint8_t contract[20];      /* token transfers: the ERC-20 contract */
    char asset[ETH_SYMBOL_MAX + 11]; /* "ETH", the token's symbol, or its checksummed address */
    struct eth_fee_caps caps;  /* the intent's own caps (not yet merged with the configured) */

    /* calls */
    uint8_t *data;             /* malloc'd call data, data_len >= ETH_CALL_DATA_MIN */
    size_t data_len;
    int has_gas_limit;         /* 1 if the intent gave gas_limit (then no estimate is made) */
    uint64_t gas_limit;

    /* personal_sign */
    uint8_t *message;          /* malloc'd (NULL when empty) */
    size_t message_len;

    /* typed_data: a reference the intent owns */
    json_t *typed_data;
};

/* Parses intent_json with the chain's options (tokens). Returns 0, or -1 with an error that
 * names the field. On failure nothing needs releasing. */
int eth_intent_parse(const char *intent_json, const struct eth_options *o, struct eth_intent *out, st_err *err);

/* Releases what eth_intent_parse allocated. */
void eth_intent_free(struct eth_intent *in);

#endif
