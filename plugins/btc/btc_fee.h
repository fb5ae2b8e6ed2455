/* btc_fee.h: fee rates, and the exact weight of the transactions this plugin builds.
 *
 * Fee rates are held as integers in sat per 1000 vB ("sat/kvB", Bitcoin Core's CFeeRate unit)
 * so that rates such as 2.5 sat/vB are exact. In options and intents they are written in
 * sat/vB as a decimal with at most 3 fraction digits ("2", "2.5", "0.125"). A fee is
 * ceil(vsize * rate / 1000), which is how Bitcoin Core rounds (CFeeRate::GetFee), so the
 * resulting transaction pays at least the rate.
 *
 * The plugin's transactions spend only P2TR outputs by key path with SIGHASH_DEFAULT, whose
 * witness is always one 64-byte signature. Their weight is therefore known before signing:
 *   per input   (32 + 4 + 1 + 4) * 4 = 164 WU, plus witness 1 + 1 + 64 = 66 WU: 230 WU = 57.5 vB
 *   per output  (8 + CompactSize(len) + len) * 4 WU (P2TR 43 vB, P2WPKH 31 vB, ...)
 *   overhead    (4 + 4 + CompactSize(#in) + CompactSize(#out)) * 4 WU + 2 WU (segwit marker, flag)
 * and vsize = ceil(weight / 4). */
#ifndef STEWARD_BTC_FEE_H
#define STEWARD_BTC_FEE_H

#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

#define BTC_INPUT_WEIGHT_P2TR_KEYPATH 230u

/* Highest rate accepted anywhere: 1,000,000 sat/vB. It keeps every product below 2^64. */
#define BTC_FEERATE_MAX_KVB 1000000000ull

/* Parses a decimal sat/vB ("2.5") into sat/kvB. `what` names the field in the message.
 * Fails on bad syntax, more than 3 fraction digits, zero, or a rate above the maximum. */
int btc_feerate_parse(const char *s, const char *what, uint64_t *kvb, st_err *err);

/* Formats sat/kvB as a decimal sat/vB ("2.5"); cap >= 24 suffices. */
void btc_feerate_format(uint64_t kvb, char *out, size_t cap);

/* ceil(vsize * kvb / 1000). */
uint64_t btc_fee_for_vsize(uint64_t vsize, uint64_t kvb);

/* Weight of a transaction with n_in P2TR key-path inputs (SIGHASH_DEFAULT) and n_out outputs
 * whose scripts have the given lengths. Equal to btc_tx_weight of the signed transaction. */
uint64_t btc_spend_weight(size_t n_in, const size_t *out_script_lens, size_t n_out);


/* Where the fee rate of one request comes from, in order of precedence. All rates sat/kvB,
 * 0 meaning "not given". */
struct btc_fee_sources {
    uint64_t intent_rate;   /* the intent's fee_rate_sat_vb */
    uint64_t intent_max;    /* the intent's max_fee_rate_sat_vb */
    uint64_t option_rate;   /* option fee_rate_sat_vb */
    uint64_t option_max;    /* option max_fee_rate_sat_vb (always set) */
    uint64_t option_min;    /* option min_fee_rate_sat_vb (always set) */
    uint64_t fallback;      /* option fallback_fee_rate_sat_vb */
    int have_estimate;      /* the back end gave an estimate */
    uint64_t estimate;
    const char *no_estimate_reason; /* why not, for the message (may be NULL) */
};

/* 1 when the estimator must be asked (neither the intent nor the options fix the rate). */
int btc_fee_needs_estimate(const struct btc_fee_sources *s);

/* Chooses the rate and the cap of a request:
 *   cap  = the option's max, lowered by the intent's max (an intent raising it is refused);
 *   rate = the intent's rate, else the option's fixed rate, else the estimate raised to the
 *          minimum, else the fallback; none of them: refused;
 * and refuses a rate above the cap ("fee cap exceeded") or an intent's rate below the minimum.
 * Out: rate, cap (sat/kvB); source: a static word for the summary. */
int btc_fee_resolve(const struct btc_fee_sources *s, uint64_t *rate, uint64_t *cap, const char **source,
                    st_err *err);

#endif
