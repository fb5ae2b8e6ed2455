/* fees.c: see fees.h. */
#include "fees.h"

#include "util/decimal.h"

void eth_wei_to_gwei_text(const u256 *wei, char *out, size_t cap)
{
    uint8_t be[32];
    u256_to_be(wei, be);
    units_to_decimal(be, 9, out, cap);
}

static int merge_one(int cfg_has, const u256 *cfg, int in_has, const u256 *in, const char *field, int *out_has,
                     u256 *out, st_err *err)
{
    if (in_has && cfg_has && u256_cmp(in, cfg) > 0) {
        char a[DECIMAL_MAX_TEXT], b[DECIMAL_MAX_TEXT];
        eth_wei_to_gwei_text(in, a, sizeof a);
        eth_wei_to_gwei_text(cfg, b, sizeof b);
        return st_err_set(err, "%s: %s gwei is above the configured cap of %s gwei (an intent may only lower it)",
                          field, a, b);
    }
    *out_has = cfg_has || in_has;
    if (in_has)
        *out = *in;
    else if (cfg_has)
        *out = *cfg;
    return 0;
}

int eth_fee_caps_merge(const struct eth_fee_caps *configured, const struct eth_fee_caps *intent,
                       struct eth_fee_caps *out, st_err *err)
{
    struct eth_fee_caps r = {0};
    if (merge_one(configured->has_max_fee, &configured->max_fee, intent->has_max_fee, &intent->max_fee,
                  "max_fee_per_gas_gwei", &r.has_max_fee, &r.max_fee, err) != 0 ||
        merge_one(configured->has_max_priority, &configured->max_priority, intent->has_max_priority,
                  &intent->max_priority, "max_priority_fee_per_gas_gwei", &r.has_max_priority, &r.max_priority,
                  err) != 0)
        return -1;
    *out = r;
    return 0;
}

static int check_base(const u256 *base, const struct eth_fee_caps *caps, st_err *err)
{
    if (caps->has_max_fee && u256_cmp(base, &caps->max_fee) > 0) {
        char a[DECIMAL_MAX_TEXT], b[DECIMAL_MAX_TEXT];
        eth_wei_to_gwei_text(base, a, sizeof a);
        eth_wei_to_gwei_text(&caps->max_fee, b, sizeof b);
        return st_err_set(err, "the network's base fee (%s gwei) is above the max_fee_per_gas cap (%s gwei); "
                          "not building a transaction that could not be included", a, b);
    }
    return 0;
}

static u256 capped_tip(const u256 *suggested, const struct eth_fee_caps *caps)
{
    return caps->has_max_priority ? u256_min(*suggested, caps->max_priority) : *suggested;
}

int eth_fees_1559(const u256 *base_fee, const u256 *suggested_tip, const struct eth_fee_caps *caps,
                  u256 *max_fee, u256 *max_priority, st_err *err)
{
    if (check_base(base_fee, caps, err) != 0)
        return -1;
    u256 tip = capped_tip(suggested_tip, caps);
    u256 fee;
    if (u256_add(&fee, base_fee, base_fee) != 0 || u256_add(&fee, &fee, &tip) != 0)
        return st_err_set(err, "fee computation overflows: base fee and priority fee are absurd");
    if (caps->has_max_fee)
        fee = u256_min(fee, caps->max_fee);
    *max_fee = fee;
    *max_priority = u256_min(tip, fee); /* EIP-1559 requires priority <= max fee */
    return 0;
}

int eth_fees_legacy(const u256 *base_fee, const u256 *suggested_tip, const struct eth_fee_caps *caps,
                    u256 *gas_price, st_err *err)
{
    if (check_base(base_fee, caps, err) != 0)
        return -1;
    u256 tip = capped_tip(suggested_tip, caps);
    u256 eighth, price;
    u256_div_u64(&eighth, base_fee, 8, NULL);
    if (u256_add(&price, base_fee, &eighth) != 0 || u256_add(&price, &price, &tip) != 0)
        return st_err_set(err, "fee computation overflows: base fee and priority fee are absurd");
    if (caps->has_max_fee)
        price = u256_min(price, caps->max_fee);
    *gas_price = price;
    return 0;
}

int eth_gas_with_margin(uint64_t estimate, unsigned margin_percent, uint64_t *gas_limit, st_err *err)
{
    u256 g = u256_from_u64(estimate), q;
    uint64_t rem, out;
    if (u256_mul_u64(&g, &g, 100u + (uint64_t)margin_percent) != 0 || u256_div_u64(&q, &g, 100, &rem) != 0)
        return st_err_set(err, "gas limit overflows");
    if (rem) {
        u256 one = u256_from_u64(1);
        u256_add(&q, &q, &one);
    }
    if (u256_to_u64(&q, &out) != 0)
        return st_err_set(err, "gas limit %llu with a %u%% margin does not fit in 64 bits",
                          (unsigned long long)estimate, margin_percent);
    *gas_limit = out;
    return 0;
}
