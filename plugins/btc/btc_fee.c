/* btc_fee.c: fee-rate arithmetic and the weight of key-path spends (see btc_fee.h). */
#include "btc_fee.h"

#include <stdio.h>

#include "btc_buf.h"
#include "util/decimal.h"

int btc_feerate_parse(const char *s, const char *what, uint64_t *kvb, st_err *err)
{
    st_err e = { 0 };
    *kvb = 0;
    if (decimal_to_u64(s, 3, kvb, &e) != 0)
        return st_err_set(err, "%s: \"%.40s\" is not a fee rate in sat/vB with at most 3 decimals (%s)", what, s,
                          e.msg);
    if (*kvb == 0)
        return st_err_set(err, "%s: the fee rate must be above 0", what);
    if (*kvb > BTC_FEERATE_MAX_KVB)
        return st_err_set(err, "%s: fee rate %.40s sat/vB is above the limit of 1000000", what, s);
    return 0;
}

void btc_feerate_format(uint64_t kvb, char *out, size_t cap)
{
    u64_to_decimal(kvb, 3, out, cap);
}

uint64_t btc_fee_for_vsize(uint64_t vsize, uint64_t kvb)
{
    /* vsize <= 100000 (standard weight) and kvb <= 1e9 keep the product far below 2^64. */
    return (vsize * kvb + 999) / 1000;
}

uint64_t btc_spend_weight(size_t n_in, const size_t *out_script_lens, size_t n_out)
{
    uint64_t base = 4 + 4 + btc_compact_size_len(n_in) + btc_compact_size_len(n_out);
    for (size_t i = 0; i < n_out; i++)
        base += 8 + btc_compact_size_len(out_script_lens[i]) + out_script_lens[i];
    return base * 4 + 2 + (uint64_t)n_in * BTC_INPUT_WEIGHT_P2TR_KEYPATH;
}

int btc_fee_needs_estimate(const struct btc_fee_sources *s)
{
    return s->intent_rate == 0 && s->option_rate == 0;
}

int btc_fee_resolve(const struct btc_fee_sources *s, uint64_t *rate, uint64_t *cap, const char **source,
                    st_err *err)
{
    char a[24], b[24];
    *rate = 0;
    *cap = s->option_max;
    *source = "";
    if (s->intent_max) {
        if (s->intent_max > s->option_max) {
            btc_feerate_format(s->intent_max, a, sizeof a);
            btc_feerate_format(s->option_max, b, sizeof b);
            return st_err_set(err, "intent max_fee_rate_sat_vb %s is above the configured max_fee_rate_sat_vb %s "
                              "(an intent may only lower the cap)", a, b);
        }
        *cap = s->intent_max;
    }
    if (s->intent_rate) {
        *rate = s->intent_rate;
        *source = "intent";
        if (*rate < s->option_min) {
            btc_feerate_format(*rate, a, sizeof a);
            btc_feerate_format(s->option_min, b, sizeof b);
            return st_err_set(err, "intent fee_rate_sat_vb %s is below min_fee_rate_sat_vb %s, which nodes would "
                              "not relay", a, b);
        }
    } else if (s->option_rate) {
        *rate = s->option_rate;
        *source = "fixed";
    } else if (s->have_estimate) {
        *rate = s->estimate < s->option_min ? s->option_min : s->estimate;
        *source = "estimate";
    } else if (s->fallback) {
        *rate = s->fallback;
        *source = "fallback";
    } else {
        return st_err_set(err, "no fee rate: the back end has no estimate (%s); give fee_rate_sat_vb in the intent "
                          "or set the option fallback_fee_rate_sat_vb",
                          s->no_estimate_reason ? s->no_estimate_reason : "empty answer");
    }
    if (*rate > *cap) {
        btc_feerate_format(*rate, a, sizeof a);
        btc_feerate_format(*cap, b, sizeof b);
        return st_err_set(err, "fee cap exceeded: the fee rate %s sat/vB (%s) is above max_fee_rate_sat_vb %s", a,
                          *source, b);
    }
    return 0;
}
