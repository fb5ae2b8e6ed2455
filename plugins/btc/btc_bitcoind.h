/* btc_bitcoind.h: parsing Bitcoin Core JSON-RPC results (the "result" member).
 *
 * The plugin needs no wallet in the node: UTXOs and balances come from
 *   scantxoutset "start" [{"desc": "addr(<a>)"}]
 *     {"success": true, "height": tip, "unspents": [{"txid", "vout", "scriptPubKey", "amount",
 *      "coinbase", "height", ...}], "total_amount": ...}
 * fee rates from
 *   estimatesmartfee <blocks>   {"feerate": BTC/kvB, "blocks": n} or {"errors": [...], "blocks": n}
 * and broadcasting from
 *   sendrawtransaction <hex>    "<txid>"
 * scantxoutset reads the UTXO set, so every output it reports is confirmed. Amounts are JSON
 * numbers in BTC with 8 decimals and are converted to satoshis exactly (btc_json_btc_amount).
 * Malformed results are refused, naming the field. */
#ifndef STEWARD_BTC_BITCOIND_H
#define STEWARD_BTC_BITCOIND_H

#include <stddef.h>
#include <stdint.h>

#include "btc_utxo.h"
#include "util/err.h"

/* Coinbase outputs may be spent only after 100 blocks (COINBASE_MATURITY). */
#define BTC_COINBASE_MATURITY 100u

/* UTXOs from a scantxoutset result. Every unspent's scriptPubKey must equal script[0..len)
 * (the scan was for that one address). A coinbase output is `immature` while
 * tip + 1 - its height < 100: the next block could not include its spend yet.
 * Fails when "success" is not true, on a missing or mistyped field, an amount that is not a
 * whole number of satoshis, another scriptPubKey, or a repeated outpoint. */
int btc_bitcoind_parse_scan(const char *result, const uint8_t *script, size_t len, struct btc_utxo_list *out,
                            st_err *err);

/* The rate from an estimatesmartfee result, in sat/kvB (BTC/kvB * 1e8), rounded up.
 * Out: have 0 when the node has no estimate (it answers "errors" without "feerate");
 *      errors_out (may be NULL, cap >= 1): the node's first error text in that case. */
int btc_bitcoind_parse_feerate(const char *result, uint64_t *kvb, int *have, char *errors_out, size_t cap,
                               st_err *err);

/* The txid string sendrawtransaction answered, as 64 lower-case hex digits. */
int btc_bitcoind_parse_txid(const char *result, char txid_hex[65], st_err *err);

#endif
