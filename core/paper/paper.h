/* paper.h: paper-trading chains. A chain configured with `paper:` is simulated by steward:
 * its plugin is the real one (it builds, describes and signs every transaction exactly as on a
 * live chain), but the plugin's chain RPC is answered by a simulated node backed by the paper
 * ledger in steward's store, and a broadcast lands in that ledger instead of a network.
 *
 *   plugin --rpc_call/http--> host --(paper chain)--> paper node (per chain family: eth, btc,
 *   sol) --> paper ledger (SQLite: balances, account sequence numbers, transactions)
 *
 * The ledger applies a broadcast transaction from what steward itself recorded when the
 * transaction was assembled (paper_expect: the plugin's description, the sender, the sender's
 * sequence number when the transaction was built), keyed by the hash of the raw transaction.
 * So the simulated nodes never have to decode transactions, and a transaction built against
 * an older state of its sender (a reused nonce, spent inputs, a replay) is refused at
 * broadcast, as a real chain would refuse it. Every account is funded once, the first time
 * steward derives it on that chain, with the configured opening balances.
 *
 * Swaps. Each paper chain has a paper exchange: an address no one holds a key to. A transfer
 * to it that was registered as a swap (paper_expect with `swap_buy`) pays the sender the
 * bought asset at the current price, less the exchange fee, in the same ledger transaction.
 *
 * Everything here is simulated and every output derived from it says so (log events and
 * results carry "paper"). See docs/paper.md. */
#ifndef STEWARD_PAPER_PAPER_H
#define STEWARD_PAPER_PAPER_H

#include <stddef.h>
#include <stdint.h>

#include "store/store.h"
#include "util/err.h"

struct paper_chain;

/* Price lookup used for swaps: writes the price of `symbol` in the quote currency as a
 * decimal string. Returns 0, or -1 with err set (a missing or stale price: the swap fails). */
typedef int (*paper_price_fn)(void *ctx, const char *symbol, char *out, size_t cap, st_err *err);

/* Opens the simulated node for chain `chain` served by the plugin of family `family` ("eth",
 * "btc", "sol": the plugin's own chain id). paper_json is the chain's `paper:` mapping as
 * JSON ("{}" for defaults); options_json the plugin's options (the node reads what it shares
 * with the plugin, e.g. the ERC-20 token table). exchange_address is the chain's paper
 * exchange address, in the chain's format. The store must outlive the chain. Errors name the
 * key path ("paper.balances.ETH: ..."). */
int paper_chain_open(struct store *st, const char *chain, const char *family, const char *paper_json,
                     const char *options_json, const char *exchange_address, struct paper_chain **out, st_err *err);

void paper_chain_close(struct paper_chain *pc);

/* Sets the price source for swaps (NULL: swaps fail) and the clock paper transactions are
 * stamped with (NULL: the wall clock). */
void paper_chain_set_price(struct paper_chain *pc, paper_price_fn fn, void *ctx);
void paper_chain_set_clock(struct paper_chain *pc, int64_t (*now_ms)(void *ctx), void *ctx);

const char *paper_chain_name(const struct paper_chain *pc);
const char *paper_exchange_address(const struct paper_chain *pc);

/* Whether a family has a paper node ("eth", "btc", "sol"). */
int paper_family_supported(const char *family);

/* The chain capabilities, in place of the network: a JSON-RPC call (result as JSON text,
 * malloc'd) and an HTTP request (REST back ends such as Esplora). A refusal by the simulated
 * node (an unknown method, a rejected transaction) is an error, as the node would answer. */
int paper_rpc(struct paper_chain *pc, const char *method, const char *params_json, char **result_json, st_err *err);
int paper_http(struct paper_chain *pc, const char *verb, const char *path, const char *body, long *status,
               char **response, st_err *err);

/* Funds `address` with the opening balances if the ledger has never seen it (idempotent,
 * durable). Call it whenever an account is derived on a paper chain. */
int paper_fund(struct paper_chain *pc, const char *address, st_err *err);

/* The sender's sequence number: it moves on every transaction the ledger applies from that
 * address. Read it before building, pass it to paper_expect. */
int paper_account_seq(struct paper_chain *pc, const char *address, int64_t *seq, st_err *err);

/* Registers an assembled transaction so that broadcasting `raw` applies it: the plugin's
 * description (JSON text: to, asset, amount, decimals, fee_max), the sender, its sequence
 * number when the transaction was built, and for a swap the symbol bought (NULL otherwise;
 * then `to` must be the exchange address). Durable. */
int paper_expect(struct paper_chain *pc, const char *raw, const char *txid, const char *from, int64_t seq_at_build,
                 const char *description_json, const char *swap_buy, st_err *err);

/* Checks a swap before anything is signed: both assets exist on the chain and differ (sell
 * NULL: the native asset), and a price source is set. */
int paper_check_swap(struct paper_chain *pc, const char *sell, const char *buy, st_err *err);

/* The decimals of an asset of the chain (by symbol or the chain's identifier). */
int paper_asset_decimals(struct paper_chain *pc, const char *asset, unsigned *decimals, st_err *err);

/* A balance from the ledger in the asset's display unit ("1.5"); asset NULL: the native
 * asset. Unknown accounts hold 0. */
int paper_balance(struct paper_chain *pc, const char *address, const char *asset, char *out, size_t cap, st_err *err);

/* The assets the ledger knows for this chain (the native asset first, then those with opening
 * balances), as symbols. Returns the count written (at most cap). */
size_t paper_assets(const struct paper_chain *pc, const char **out, size_t cap);

#endif
