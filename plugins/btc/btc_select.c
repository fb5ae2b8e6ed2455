/* btc_select.c: branch-and-bound then largest-first coin selection (see btc_select.h). */
#include "btc_select.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "btc_fee.h"
#include "btc_tx.h"

void btc_selection_free(struct btc_selection *s)
{
    free(s->idx);
    memset(s, 0, sizeof *s);
}

struct cand {
    const struct btc_utxo *u;
    size_t idx; /* position in the caller's array */
};

static int cand_cmp(const void *a, const void *b)
{
    const struct btc_utxo *x = ((const struct cand *)a)->u, *y = ((const struct cand *)b)->u;
    if (x->value != y->value)
        return x->value > y->value ? -1 : 1;
    int c = memcmp(x->txid, y->txid, 32);
    if (c != 0)
        return c;
    return x->vout < y->vout ? -1 : x->vout > y->vout ? 1 : 0;
}

static uint64_t weight_of(const struct btc_select_params *p, size_t k, int change)
{
    size_t lens[2] = { p->dest_script_len, p->change_script_len };
    return btc_spend_weight(k, lens, change ? 2 : 1);
}

static uint64_t fee_at(const struct btc_select_params *p, size_t k, int change, uint64_t rate)
{
    return btc_fee_for_vsize((weight_of(p, k, change) + 3) / 4, rate);
}

/* What creating a change output costs: its fee now plus the fee of spending it later. */
static uint64_t cost_of_change(const struct btc_select_params *p, size_t k)
{
    uint64_t spend_later = btc_fee_for_vsize((BTC_INPUT_WEIGHT_P2TR_KEYPATH + 3) / 4, p->fee_rate);
    return fee_at(p, k, 1, p->fee_rate) - fee_at(p, k, 0, p->fee_rate) + spend_later;
}

/* Fills out for the inputs c[sel[0..k)] (positions into c) with or without change. */
static int finish(const struct cand *c, const size_t *sel, size_t k, const struct btc_select_params *p,
                  int change, int by_bnb, struct btc_selection *out, st_err *err)
{
    out->idx = malloc(k * sizeof *out->idx);
    if (out->idx == NULL)
        return st_err_set(err, "out of memory selecting coins");
    out->n = k;
    out->total_in = 0;
    for (size_t i = 0; i < k; i++) {
        out->idx[i] = c[sel[i]].idx;
        out->total_in += c[sel[i]].u->value;
    }
    out->has_change = change;
    out->weight = weight_of(p, k, change);
    out->vsize = (out->weight + 3) / 4;
    if (change) {
        out->fee = fee_at(p, k, 1, p->fee_rate);
        out->change = out->total_in - p->amount - out->fee;
    } else {
        out->change = 0;
        out->fee = out->total_in - p->amount;
    }
    out->by_bnb = by_bnb;
    return 0;
}

/* Branch and bound over c[0..n) (sorted, economic coins only). On success best[0..*best_n)
 * holds positions into c and 1 is returned; 0 when no changeless set was found. */
static int bnb(const struct cand *c, size_t n, const struct btc_select_params *p, size_t *best, size_t *best_n)
{
    uint64_t *rem = malloc((n + 1) * sizeof *rem);
    size_t *stack = malloc((n ? n : 1) * sizeof *stack);
    int found = 0;
    if (rem == NULL || stack == NULL)
        goto out; /* no changeless search; largest first still runs */
    rem[n] = 0;
    for (size_t i = n; i-- > 0;)
        rem[i] = rem[i + 1] + c[i].u->value;

    uint64_t sum = 0, best_excess = UINT64_MAX;
    size_t depth = 0, i = 0;
    for (unsigned tries = 0; tries < BTC_BNB_MAX_TRIES; tries++) {
        int back = 0;
        size_t k = depth;
        uint64_t lo = p->amount + fee_at(p, k ? k : 1, 0, p->fee_rate);
        if (k > 0 && sum >= lo) {
            uint64_t excess = sum - lo;
            if (excess <= cost_of_change(p, k) && sum - p->amount <= fee_at(p, k, 0, p->max_fee_rate) &&
                weight_of(p, k, 0) <= BTC_MAX_STANDARD_WEIGHT &&
                (excess < best_excess || (excess == best_excess && k < *best_n))) {
                memcpy(best, stack, k * sizeof *stack);
                *best_n = k;
                best_excess = excess;
                found = 1;
            }
            back = 1; /* every further coin is worth more than its fee: the excess only grows */
        } else if (sum + rem[i] < lo) {
            back = 1; /* even every remaining coin cannot reach the target */
        } else if (i == n || k == p->max_inputs) {
            back = 1;
        }
        if (back) {
            if (depth == 0)
                break;
            size_t j = stack[--depth]; /* exclude the last coin included, try the next one */
            sum -= c[j].u->value;
            i = j + 1;
            continue;
        }
        stack[depth++] = i;
        sum += c[i].u->value;
        i++;
    }
out:
    free(rem);
    free(stack);
    return found;
}

int btc_select_coins(const struct btc_utxo *utxos, size_t n, const struct btc_select_params *p,
                     struct btc_selection *out, st_err *err)
{
    memset(out, 0, sizeof *out);
    if (p->amount == 0 || p->amount > BTC_MAX_MONEY)
        return st_err_set(err, "amount %" PRIu64 " sat is out of range", p->amount);
    if (p->fee_rate == 0 || p->fee_rate > p->max_fee_rate || p->max_fee_rate > BTC_FEERATE_MAX_KVB)
        return st_err_set(err, "fee rate out of range");
    if (p->max_inputs == 0)
        return st_err_set(err, "max_inputs must be at least 1");

    struct cand *c = malloc((n ? n : 1) * sizeof *c);
    size_t *sel = malloc((n ? n : 1) * sizeof *sel);
    if (c == NULL || sel == NULL) {
        free(c);
        free(sel);
        return st_err_set(err, "out of memory selecting coins");
    }
    size_t m = 0;
    uint64_t total = 0, unconfirmed = 0, immature = 0;
    for (size_t i = 0; i < n; i++) {
        const struct btc_utxo *u = &utxos[i];
        if (u->immature) {
            immature += u->value;
        } else if (!u->confirmed && !p->allow_unconfirmed) {
            unconfirmed += u->value;
        } else {
            c[m].u = u;
            c[m].idx = i;
            m++;
            total += u->value;
        }
        if (u->value > BTC_MAX_MONEY || total > BTC_MAX_MONEY || unconfirmed > BTC_MAX_MONEY ||
            immature > BTC_MAX_MONEY) {
            free(c);
            free(sel);
            return st_err_set(err, "the UTXOs add up to more than 21 million BTC: the back end's answer is wrong");
        }
    }
    qsort(c, m, sizeof *c, cand_cmp);

    /* 1. Branch and bound over the coins worth more than the fee of their own input
     *    (plus the CompactSize growth at 253 inputs, and one satoshi of rounding). */
    uint64_t marginal = btc_fee_for_vsize((BTC_INPUT_WEIGHT_P2TR_KEYPATH + 8 + 3) / 4, p->fee_rate) + 1;
    size_t econ = 0;
    while (econ < m && c[econ].u->value > marginal)
        econ++;
    size_t best_n = 0;
    if (bnb(c, econ, p, sel, &best_n)) {
        int rc = finish(c, sel, best_n, p, 0, 1, out, err);
        free(c);
        free(sel);
        return rc;
    }

    /* 2. Largest first. */
    uint64_t sum = 0;
    int capped = 0;
    size_t too_many = 0; /* when set: the most inputs one transaction may have */
    for (size_t k = 1; k <= m; k++) {
        sum += c[k - 1].u->value;
        sel[k - 1] = k - 1;
        if (k > p->max_inputs || weight_of(p, k, 0) > BTC_MAX_STANDARD_WEIGHT) {
            too_many = k - 1;
            break;
        }
        uint64_t f1 = fee_at(p, k, 1, p->fee_rate), f0 = fee_at(p, k, 0, p->fee_rate);
        int change = sum >= p->amount + f1 + p->change_dust && weight_of(p, k, 1) <= BTC_MAX_STANDARD_WEIGHT;
        int exact = !change && sum >= p->amount + f0;
        if (exact && sum - p->amount > fee_at(p, k, 0, p->max_fee_rate)) {
            capped = 1; /* the change would be dust, and giving it to the fee breaks the cap */
            continue;
        }
        if (change || exact) {
            int rc = finish(c, sel, k, p, change, 0, out, err);
            free(c);
            free(sel);
            return rc;
        }
    }
    free(c);
    free(sel);

    char rate[24], maxrate[24];
    btc_feerate_format(p->fee_rate, rate, sizeof rate);
    btc_feerate_format(p->max_fee_rate, maxrate, sizeof maxrate);
    if (capped)
        return st_err_set(err, "fee cap exceeded: every selection that pays %" PRIu64 " sat leaves change below the "
                          "dust limit, and adding it to the fee would exceed max_fee_rate_sat_vb %s",
                          p->amount, maxrate);
    uint64_t fee = fee_at(p, m ? m : 1, 0, p->fee_rate);
    uint64_t need = p->amount + fee;
    if (too_many && total >= need)
        return st_err_set(err, "paying %" PRIu64 " sat would take more than %zu inputs (the most one signing request "
                          "may have, or the standard transaction weight); consolidate the UTXOs first",
                          p->amount, too_many);
    char extra[160] = "";
    if (unconfirmed || immature)
        snprintf(extra, sizeof extra, " (not counted: %" PRIu64 " sat unconfirmed, %" PRIu64 " sat immature coinbase)",
                 unconfirmed, immature);
    return st_err_set(err, "insufficient funds: need %" PRIu64 " sat (amount %" PRIu64 " + fee %" PRIu64
                      " at %s sat/vB), have %" PRIu64 " sat in %zu spendable UTXOs%s; short by %" PRIu64 " sat",
                      need, p->amount, fee, rate, total, m, extra, need - total);
}
