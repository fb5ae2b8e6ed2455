/* btc_esplora.h: parsing the answers of an Esplora-compatible REST API (Blockstream's
 * esplora, mempool.space, electrs' HTTP API).
 *
 *   GET  /address/<a>/utxo   [{"txid": hex, "vout": n, "value": sats,
 *                              "status": {"confirmed": bool, "block_height": n, ...}}, ...]
 *   GET  /fee-estimates      {"<blocks>": sat/vB, ...}, e.g. {"1": 87.88, "6": 20.1, "144": 1.03}
 *   GET  /address/<a>        {"address": a, "chain_stats": {"funded_txo_sum": sats,
 *                              "spent_txo_sum": sats, ...}, "mempool_stats": {...}}
 *   POST /tx (raw hex body)  the txid as plain text
 *
 * Every parser refuses an answer that does not have this shape (missing or mistyped fields,
 * amounts outside 0..21M BTC, a txid that is not 64 hex digits, duplicate outpoints), naming
 * the field. Esplora does not flag coinbase outputs, so `immature` is always 0 here; a node
 * refuses a premature coinbase spend at broadcast. */
#ifndef STEWARD_BTC_ESPLORA_H
#define STEWARD_BTC_ESPLORA_H

#include <stdint.h>

#include "btc_utxo.h"
#include "util/err.h"

int btc_esplora_parse_utxos(const char *body, struct btc_utxo_list *out, st_err *err);

/* The estimate for `target_blocks`: the entry with the largest target not above it (the
 * fastest confirmation we asked for or faster), else the smallest target offered. Rates are
 * rounded up to whole sat/kvB.
 * Out: kvb (sat/kvB; 0 when the estimate is 0, which callers raise to their minimum);
 *      have: 0 when the object is empty (no estimate available). */
int btc_esplora_parse_fee_estimates(const char *body, unsigned target_blocks, uint64_t *kvb, int *have,
                                    st_err *err);

/* Confirmed plus unconfirmed balance: (chain funded + mempool funded) - (chain spent +
 * mempool spent). `address` must match the answer's "address" when it has one. */
int btc_esplora_parse_balance(const char *body, const char *address, uint64_t *sats, st_err *err);

/* The txid POST /tx answered (64 hex digits, surrounding white space allowed).
 * Out: txid_hex: lower case. */
int btc_esplora_parse_txid(const char *body, char txid_hex[65], st_err *err);

#endif
