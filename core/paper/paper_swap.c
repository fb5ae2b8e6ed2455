/* paper_swap.c: the paper exchange's rate (see paper_swap.h), in exact decimal arithmetic. */
#include "paper/paper_swap.h"

#include <stdio.h>
#include <string.h>

#include "util/bigdec.h"
#include "util/decimal.h"

static int price_of(struct paper_chain *pc, const char *symbol, bigdec *out, char *text, size_t cap, st_err *err)
{
    if (pc->price(pc->price_ctx, symbol, text, cap, err) != 0)
        return -1;
    if (bigdec_parse(out, text, strlen(text), err) != 0 || bigdec_sign(out) <= 0)
        return st_err_set(err, "price of %s: \"%s\" is not a positive decimal", symbol, text);
    return 0;
}

int paper_swap_quote(struct paper_chain *pc, const struct paper_asset *sell, const struct paper_asset *buy,
                     const uint8_t amount[32], uint8_t got[32], char *price_out, size_t cap, st_err *err)
{
    if (pc->price == NULL)
        return st_err_set(err, "paper %s: the paper exchange has no price source", pc->chain);
    if (strcmp(sell->symbol, buy->symbol) == 0)
        return st_err_set(err, "paper %s: a swap must buy another asset than it sells (%s)", pc->chain, sell->symbol);
    char ps[96], pb[96], text[BIGDEC_STR_MAX];
    bigdec p_sell, p_buy, qty, value, gross, out, keep, fee_factor, bps10k;
    if (price_of(pc, sell->symbol, &p_sell, ps, sizeof ps, err) != 0 ||
        price_of(pc, buy->symbol, &p_buy, pb, sizeof pb, err) != 0)
        return -1;
    units_to_decimal(amount, sell->decimals, text, sizeof text);
    /* value = qty x price(sell) exactly; bought = value / price(buy) rounded down to buy's
     * decimals; then the fee: bought x (10000 - fee_bps) / 10000, rounded down again. The
     * trader never receives more than the exact rate gives. */
    bigdec_from_i64(&keep, 10000 - (int64_t)pc->fee_bps);
    bigdec_from_i64(&bps10k, 10000);
    if (bigdec_parse(&qty, text, strlen(text), err) != 0 ||
        bigdec_mul(&value, &qty, &p_sell, BIGDEC_EXACT, BIGDEC_DOWN, err) != 0 ||
        bigdec_div(&gross, &value, &p_buy, buy->decimals, BIGDEC_DOWN, err) != 0 ||
        bigdec_div(&fee_factor, &keep, &bps10k, 4, BIGDEC_DOWN, err) != 0 ||
        bigdec_mul(&out, &gross, &fee_factor, (int)buy->decimals, BIGDEC_DOWN, err) != 0)
        return st_err_wrap(err, "paper %s: swap %s for %s", pc->chain, sell->symbol, buy->symbol);
    if (bigdec_sign(&out) <= 0)
        return st_err_set(err, "paper %s: selling %s %s buys nothing after the exchange fee", pc->chain, text,
                          sell->symbol);
    bigdec_to_string(&out, text, sizeof text);
    if (decimal_to_units(text, buy->decimals, got, err) != 0)
        return st_err_wrap(err, "paper %s: swap result", pc->chain);
    snprintf(price_out, cap, "%s/%s", ps, pb);
    return 0;
}
