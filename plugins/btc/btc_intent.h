/* btc_intent.h: the transfer intent the plugin accepts.
 *
 *   {"chain": "btc", "kind": "transfer", "to": "<address>", "amount": "0.001",
 *    "asset": "BTC", "fee_rate_sat_vb": "12.5", "max_fee_rate_sat_vb": "20"}
 *
 *   chain                optional; when present must be "btc"
 *   kind                 "transfer" (the only kind)
 *   to                   an address of the configured network (btc_script.h: P2WPKH,
 *                        P2WSH, P2TR, P2PKH, P2SH)
 *   amount               BTC as a decimal string with at most 8 decimals, above 0
 *   asset                optional; when present must be "BTC"
 *   fee_rate_sat_vb      optional: use this rate instead of the estimator (or the option's
 *                        fixed rate); it must not exceed the cap
 *   max_fee_rate_sat_vb  optional: a lower cap for this request; it may only lower the
 *                        configured max_fee_rate_sat_vb, never raise it
 * Any other member is refused, so that a field the plugin does not understand (a memo, a
 * "subtract fee" flag...) can never be silently ignored. */
#ifndef STEWARD_BTC_INTENT_H
#define STEWARD_BTC_INTENT_H

#include <stdint.h>

#include "btc_network.h"
#include "btc_script.h"
#include "crypto/bech32.h"
#include "util/err.h"

struct btc_intent {
    char to[BECH32_MAX_LEN + 1];
    uint8_t script[BTC_SCRIPT_MAX];
    size_t script_len;
    enum btc_script_type type;
    uint64_t amount;       /* satoshis */
    uint64_t fee_rate;     /* sat/kvB, 0 when absent */
    uint64_t max_fee_rate; /* sat/kvB, 0 when absent */
};

/* Parses and checks intent_json for network `net`. Fails naming the field. (Checks that need
 * the options, such as the cap, are made when building.) */
int btc_intent_parse(const char *intent_json, const struct btc_network *net, struct btc_intent *out, st_err *err);

#endif
