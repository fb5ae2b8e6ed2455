/* btc_options.h: the chain options (chains.btc in the configuration, minus plugin/rpc/...).
 *
 *   network                   "mainnet" (default), "testnet", "signet", "regtest"
 *   backend                   "esplora" (default): the rpc URL is an Esplora REST base
 *                             (e.g. https://blockstream.info/api); "bitcoind": Bitcoin Core
 *                             JSON-RPC (no wallet needed)
 *   max_fee_rate_sat_vb       cap on the fee rate, default 100
 *   min_fee_rate_sat_vb       floor: estimates below it are raised to it, fixed rates below it
 *                             refused; default 1 (Bitcoin Core's default minimum relay fee)
 *   fee_rate_sat_vb           a fixed rate instead of the estimator (default: none)
 *   fallback_fee_rate_sat_vb  the rate when the estimator has no estimate (default: none,
 *                             then building fails; regtest nodes often have none)
 *   fee_target_blocks         confirmation target for the estimator, 1..1008, default 6
 *   spend_unconfirmed         true lets coin selection use unconfirmed UTXOs; default false
 * Fee rates are sat/vB, as decimal strings or JSON numbers with at most 3 decimals. Unknown
 * options are an error. */
#ifndef STEWARD_BTC_OPTIONS_H
#define STEWARD_BTC_OPTIONS_H

#include <stdint.h>

#include "btc_network.h"
#include "util/err.h"

enum btc_backend_kind { BTC_BACKEND_ESPLORA = 1, BTC_BACKEND_BITCOIND = 2 };

struct btc_options {
    const struct btc_network *net;
    enum btc_backend_kind backend;
    uint64_t max_fee_rate;      /* sat/kvB */
    uint64_t min_fee_rate;      /* sat/kvB */
    uint64_t fee_rate;          /* sat/kvB; 0: use the estimator */
    uint64_t fallback_fee_rate; /* sat/kvB; 0: none */
    unsigned fee_target_blocks;
    int spend_unconfirmed;
};

/* Parses options_json (a JSON object; NULL or "" mean {}).
 * Fails naming the option: unknown key, wrong type, bad value, or inconsistent rates
 * (min > max, or a fixed or fallback rate outside min..max). */
int btc_options_parse(const char *options_json, struct btc_options *o, st_err *err);

#endif
