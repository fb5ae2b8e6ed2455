/* btc_backend.h: the four questions the plugin asks a node, through the host's capabilities
 * (host->http for Esplora, host->rpc_call for Bitcoin Core), with the answers checked by
 * btc_esplora.h / btc_bitcoind.h.
 *
 *                 esplora                         bitcoind
 *   utxos         GET /address/<a>/utxo           scantxoutset "start" [{"desc":"addr(<a>)"}]
 *   fee estimate  GET /fee-estimates              estimatesmartfee <fee_target_blocks>
 *   broadcast     POST /tx (hex, text/plain)      sendrawtransaction <hex>
 *   balance       GET /address/<a>                scantxoutset (confirmed only)
 *
 * An HTTP status other than 200 is an error quoting the start of the body (Esplora puts the
 * node's reason there, e.g. "sendrawtransaction RPC error: ..."). */
#ifndef STEWARD_BTC_BACKEND_H
#define STEWARD_BTC_BACKEND_H

#include <stddef.h>
#include <stdint.h>

#include "btc_options.h"
#include "btc_utxo.h"
#include "steward_plugin.h"
#include "util/err.h"

struct btc_backend {
    const struct stw_host *host;
    const struct btc_options *opt;
};

/* UTXOs of `address`, whose scriptPubKey is script[0..len). */
int btc_backend_utxos(const struct btc_backend *b, const char *address, const uint8_t *script, size_t len,
                      struct btc_utxo_list *out, st_err *err);

/* Out: kvb and have (0: the back end has no estimate; why[0..cap) then says what it said). */
int btc_backend_fee_estimate(const struct btc_backend *b, uint64_t *kvb, int *have, char *why, size_t cap,
                             st_err *err);

/* Out: txid_hex: what the node answered (64 lower-case hex digits). */
int btc_backend_broadcast(const struct btc_backend *b, const char *raw_hex, char txid_hex[65], st_err *err);

/* Satoshis held by `address` (script[0..len)). */
int btc_backend_balance(const struct btc_backend *b, const char *address, const uint8_t *script, size_t len,
                        uint64_t *sats, st_err *err);

#endif
