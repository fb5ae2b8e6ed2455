/* fees.h: choosing gas prices from what the network reports, within the configured caps.
 *
 * Inputs are the base fee of the next block (the last entry of eth_feeHistory's
 * baseFeePerGas) and the node's suggested priority fee (eth_maxPriorityFeePerGas). Caps come
 * from the chain's options and may be lowered, never raised, by an intent.
 *
 * EIP-1559 (type 2):
 *     tip     = min(suggested, priority cap)
 *     max fee = min(2 * base + tip, max-fee cap)       then tip = min(tip, max fee)
 * 2 * base leaves room for six consecutive full blocks (the base fee rises at most 12.5%
 * per block) while the sender still pays only base + tip per gas.
 * Legacy: the whole gas price is paid, so it is kept close to the current price:
 *     gas price = min(base + base / 8 + tip, max-fee cap)
 * that is, one block of maximal base fee increase plus the tip.
 *
 * In both cases a base fee already above the max-fee cap refuses the build: the transaction
 * could not be included until the network calms down, and steward does not leave such a
 * transaction pending. All amounts are wei. */
#ifndef STEWARD_ETH_FEES_H
#define STEWARD_ETH_FEES_H

#include "u256.h"
#include "util/err.h"

struct eth_fee_caps {
    int has_max_fee;      /* 1 if max_fee is a cap */
    u256 max_fee;         /* max_fee_per_gas (legacy: gas price) cap, wei */
    int has_max_priority; /* 1 if max_priority is a cap */
    u256 max_priority;    /* max_priority_fee_per_gas cap, wei */
};

/* Combines the configured caps with an intent's: an intent's cap must not exceed the
 * configured one (error naming the field), and the lower applies. Either may be absent. */
int eth_fee_caps_merge(const struct eth_fee_caps *configured, const struct eth_fee_caps *intent,
                       struct eth_fee_caps *out, st_err *err);

/* Type-2 fees, as described above. Fails when base exceeds the max-fee cap or 2 * base + tip
 * overflows 256 bits. */
int eth_fees_1559(const u256 *base_fee, const u256 *suggested_tip, const struct eth_fee_caps *caps,
                  u256 *max_fee, u256 *max_priority, st_err *err);

/* Legacy gas price, as described above. Fails as eth_fees_1559 does. */
int eth_fees_legacy(const u256 *base_fee, const u256 *suggested_tip, const struct eth_fee_caps *caps,
                    u256 *gas_price, st_err *err);

/* gas_limit = ceil(estimate * (100 + margin_percent) / 100). Fails when the result does not
 * fit in 64 bits. */
int eth_gas_with_margin(uint64_t estimate, unsigned margin_percent, uint64_t *gas_limit, st_err *err);

/* Formats wei as a gwei decimal string ("1.5"), for messages. cap >= 82 suffices. */
void eth_wei_to_gwei_text(const u256 *wei, char *out, size_t cap);

#endif
