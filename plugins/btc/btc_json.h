/* btc_json.h: small helpers for reading JSON from options, intents and back ends.
 *
 * Answers from back ends are untrusted: every helper checks the type and range of what it
 * reads and fails with a message naming the field. */
#ifndef STEWARD_BTC_JSON_H
#define STEWARD_BTC_JSON_H

#include <jansson.h>
#include <stdint.h>

#include "util/err.h"

/* json_loads with duplicate keys refused and any top-level value allowed. `what` names the
 * source in the message ("esplora /fee-estimates"). */
json_t *btc_json_parse(const char *text, const char *what, st_err *err);

/* A decimal text for a fee rate or similar field that may be written as a JSON string
 * ("2.5"), an integer (2) or a real (2.5). A real is accepted only when it is exactly a
 * decimal with at most `decimals` fraction digits as written, so that 0.1 is "0.1" and never
 * 0.1000000000000000055. Out: buf (cap >= 48). Fails naming `what`. */
int btc_json_decimal_text(const json_t *v, unsigned decimals, const char *what, char *buf, size_t cap,
                          st_err *err);

/* A bitcoind amount in BTC (a JSON number with at most 8 decimals) converted to satoshis.
 * Fails when it is not a number, negative, above 21 million BTC or not a whole number of
 * satoshis. */
int btc_json_btc_amount(const json_t *v, const char *what, uint64_t *sats, st_err *err);

/* A non-negative JSON integer no larger than max. */
int btc_json_uint(const json_t *v, const char *what, uint64_t max, uint64_t *out, st_err *err);

struct btc_utxo;

/* The outpoint of entry i of a back end's UTXO list: e must be an object whose "txid" is 64
 * hex digits and whose "vout" is an integer up to 2^32-1. Messages name the entry as
 * "<what>: <noun> <i>" ("esplora /address/.../utxo: entry 3: ...").
 * Out: u->txid (internal byte order), u->vout; the other fields are not touched. */
int btc_json_outpoint(const json_t *e, const char *what, const char *noun, size_t i, struct btc_utxo *u,
                      st_err *err);

#endif
