/* paper_swap.h: the paper exchange's rate. Internal to core/paper. */
#ifndef STEWARD_PAPER_SWAP_H
#define STEWARD_PAPER_SWAP_H

#include "paper/paper_internal.h"

/* What selling `amount` base units of `sell` buys of `buy`: amount x price(sell) / price(buy),
 * less the exchange fee (fee_bps of the result), rounded down to buy's decimals. price_out
 * gets the rate used (quote units per sold unit, then per bought unit: "3000/1"). Fails when
 * no price source is set or a price is missing or stale, or when the result is 0. */
int paper_swap_quote(struct paper_chain *pc, const struct paper_asset *sell, const struct paper_asset *buy,
                     const uint8_t amount[32], uint8_t got[32], char *price_out, size_t cap, st_err *err);

#endif
