/* backtest.c: the replay loop, valuation and the report (see backtest.h). */
#include "backtest/backtest.h"

#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "config/cron.h"
#include "paper/paper.h"
#include "sched/sched.h"
#include "util/bigdec.h"
#include "util/decimal.h"

int64_t backtest_clock(void *ctx)
{
    return ((struct backtest_clock *)ctx)->now_ms;
}

/* One valued holding: a paper chain's asset in the tenant's account 0. */
struct holding {
    struct paper_chain *pc;
    char address[128];
    char symbol[40];
    unsigned decimals;
};

struct bt {
    struct strategy_host *host;
    struct holding h[BACKTEST_MAX_ASSETS];
    size_t n;
    int64_t last_tx_id;
    bigdec net_fees, ex_fees;
};

static int price_dec(struct bt *b, const char *symbol, int64_t t, bigdec *out, st_err *err)
{
    char p[PRICES_TEXT_MAX];
    if (prices_get(b->host->prices, symbol, t, p, sizeof p, NULL, err) != 0)
        return -1;
    return bigdec_parse(out, p, strlen(p), err);
}

static int units_dec(const char *units_text, unsigned decimals, bigdec *out, st_err *err)
{
    uint8_t u[32];
    char text[100];
    if (units_from_string(units_text, u) != 0)
        return st_err_set(err, "bad amount in the paper ledger: %s", units_text);
    units_to_decimal(u, decimals, text, sizeof text);
    return bigdec_parse(out, text, strlen(text), err);
}

/* The tenant's holdings: every asset of every paper chain that the price file prices. */
static int find_holdings(struct bt *b, struct strategy *st, const struct price_series *series, st_err *err)
{
    struct plugin_set *ps = b->host->env->plugins;
    const struct config_strategy *cs = strategy_config(st);
    for (size_t c = 0; c < ps->n; c++) {
        struct loaded_plugin *lp = &ps->list[c];
        if (lp->paper == NULL)
            return st_err_set(err, "chains.%s is not a paper chain; a backtest runs on paper chains only",
                              lp->chain->name);
        struct intent_account a;
        if (intent_account(b->host->env, lp, cs->tenant, 0, &a, err) != 0)
            return -1;
        const char *assets[16];
        size_t k = paper_assets(lp->paper, assets, 16);
        for (size_t j = 0; j < k && b->n < BACKTEST_MAX_ASSETS; j++) {
            int priced = 0;
            for (size_t i = 0; i < price_series_symbol_count(series) && !priced; i++)
                priced = strcmp(price_series_symbol(series, i), assets[j]) == 0;
            if (!priced)
                continue; /* not valued: the report lists only what the file prices */
            struct holding *h = &b->h[b->n++];
            h->pc = lp->paper;
            snprintf(h->address, sizeof h->address, "%s", a.address);
            snprintf(h->symbol, sizeof h->symbol, "%s", assets[j]);
            if (paper_asset_decimals(lp->paper, assets[j], &h->decimals, err) != 0)
                return -1;
        }
    }
    if (b->n == 0)
        return st_err_set(err, "the price file prices none of the paper chains' assets");
    return 0;
}

/* Values every holding at time t: total (exact) and per asset (double, for the chart). */
static int value_at(struct bt *b, int64_t t, bigdec *total, double *per_asset, bigdec *amounts, st_err *err)
{
    bigdec_from_i64(total, 0);
    for (size_t i = 0; i < b->n; i++) {
        struct holding *h = &b->h[i];
        char text[100];
        bigdec amt, p, v, sum;
        if (paper_balance(h->pc, h->address, h->symbol, text, sizeof text, err) != 0 ||
            bigdec_parse(&amt, text, strlen(text), err) != 0)
            return -1;
        if (amounts)
            amounts[i] = amt;
        if (bigdec_is_zero(&amt)) {
            if (per_asset)
                per_asset[i] = 0;
            continue;
        }
        if (price_dec(b, h->symbol, t, &p, err) != 0 || bigdec_mul(&v, &amt, &p, 8, BIGDEC_DOWN, err) != 0 ||
            bigdec_add(&sum, total, &v, err) != 0)
            return -1;
        *total = sum;
        if (per_asset) {
            char vt[BIGDEC_STR_MAX];
            bigdec_to_string(&v, vt, sizeof vt);
            per_asset[i] = strtod(vt, NULL);
        }
    }
    return 0;
}

/* Adds the fees of the paper transactions applied since the last call, valued at time t:
 * network fees in each chain's native asset, and for swaps the exchange's cut (the value sold
 * minus the value received). Returns the number of transactions. */
static long long account_fees(struct bt *b, int64_t t, st_err *err)
{
    sqlite3 *db = store_db(b->host->env->store);
    sqlite3_stmt *q = NULL;
    if (sqlite3_prepare_v2(db,
                           "SELECT id, chain, kind, asset, amount, fee, bought, received FROM paper_tx "
                           "WHERE id > ? AND kind != 'funding' ORDER BY id",
                           -1, &q, NULL) != SQLITE_OK)
        return st_err_set(err, "backtest: %s", sqlite3_errmsg(db));
    sqlite3_bind_int64(q, 1, b->last_tx_id);
    long long n = 0;
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        b->last_tx_id = sqlite3_column_int64(q, 0);
        n++;
        const char *chain = (const char *)sqlite3_column_text(q, 1);
        struct loaded_plugin *lp = plugins_find(b->host->env->plugins, chain);
        if (lp == NULL || lp->paper == NULL)
            continue;
        const char *assets[1];
        paper_assets(lp->paper, assets, 1);
        unsigned dec;
        bigdec fee, p, v, sum;
        if (paper_asset_decimals(lp->paper, assets[0], &dec, err) != 0 ||
            units_dec((const char *)sqlite3_column_text(q, 5), dec, &fee, err) != 0)
            goto fail;
        if (!bigdec_is_zero(&fee)) {
            if (price_dec(b, assets[0], t, &p, err) != 0 || bigdec_mul(&v, &fee, &p, 8, BIGDEC_DOWN, err) != 0 ||
                bigdec_add(&sum, &b->net_fees, &v, err) != 0)
                goto fail;
            b->net_fees = sum;
        }
        if (strcmp((const char *)sqlite3_column_text(q, 2), "swap") == 0) {
            const char *sell = (const char *)sqlite3_column_text(q, 3), *buy = (const char *)sqlite3_column_text(q, 6);
            unsigned ds, db_;
            bigdec sold, got, ps, pb, vs, vb, cut;
            if (paper_asset_decimals(lp->paper, sell, &ds, err) != 0 ||
                paper_asset_decimals(lp->paper, buy, &db_, err) != 0 ||
                units_dec((const char *)sqlite3_column_text(q, 4), ds, &sold, err) != 0 ||
                units_dec((const char *)sqlite3_column_text(q, 7), db_, &got, err) != 0 ||
                price_dec(b, sell, t, &ps, err) != 0 || price_dec(b, buy, t, &pb, err) != 0 ||
                bigdec_mul(&vs, &sold, &ps, 8, BIGDEC_DOWN, err) != 0 ||
                bigdec_mul(&vb, &got, &pb, 8, BIGDEC_DOWN, err) != 0 || bigdec_sub(&cut, &vs, &vb, err) != 0 ||
                bigdec_add(&sum, &b->ex_fees, &cut, err) != 0)
                goto fail;
            b->ex_fees = sum;
        }
    }
    sqlite3_finalize(q);
    return rc == SQLITE_DONE ? n : st_err_set(err, "backtest: %s", sqlite3_errmsg(db));
fail:
    sqlite3_finalize(q);
    return -1;
}

/* Whether the strategy is due at t in simulated time (see backtest.h). */
static int due(const struct config_schedule *s, const struct cron_spec *cron, int64_t last, int64_t t)
{
    if (last == INT64_MIN)
        return 1;
    if (s->cron) {
        int64_t next;
        return cron_next(cron, last / 1000, &next) == 0 && t >= next * 1000;
    }
    return t - last >= (int64_t)s->every_ms;
}

static double pct(const bigdec *a, const bigdec *b)
{
    char x[BIGDEC_STR_MAX], y[BIGDEC_STR_MAX];
    bigdec_to_string(a, x, sizeof x);
    bigdec_to_string(b, y, sizeof y);
    double dy = strtod(y, NULL);
    return dy > 0 ? (strtod(x, NULL) / dy - 1.0) * 100.0 : 0.0;
}

int backtest_run(struct strategy_host *host, struct strategy *st, struct backtest_clock *clock,
                 const struct price_series *series, int64_t from_ms, int64_t to_ms, FILE *progress,
                 struct backtest_report *rep, st_err *err)
{
    memset(rep, 0, sizeof *rep);
    struct bt b = {0};
    b.host = host;
    bigdec_from_i64(&b.net_fees, 0);
    bigdec_from_i64(&b.ex_fees, 0);
    size_t rows = price_series_rows(series), first = rows, last = 0;
    for (size_t r = 0; r < rows; r++) {
        int64_t t = price_series_time_ms(series, r);
        if (t >= from_ms && t <= to_ms) {
            if (first == rows)
                first = r;
            last = r;
        }
    }
    if (first == rows)
        return st_err_set(err, "%s: no rows between --from and --to", price_series_path(series));
    clock->now_ms = price_series_time_ms(series, first);
    if (find_holdings(&b, st, series, err) != 0)
        return -1;
    const struct config_strategy *cs = strategy_config(st);
    struct cron_spec cron;
    char why[160];
    if (cs->schedule.cron && cron_parse(cs->schedule.cron, &cron, why, sizeof why) != 0)
        return st_err_set(err, "strategies.%s: %s", cs->name, why);

    size_t n = last - first + 1;
    rep->points = calloc(n, sizeof *rep->points);
    rep->asset_values = calloc(n * b.n, sizeof *rep->asset_values);
    if (rep->points == NULL || rep->asset_values == NULL)
        return st_err_set(err, "backtest: out of memory for %zu rows", n);
    rep->n_assets = b.n;
    for (size_t i = 0; i < b.n; i++)
        snprintf(rep->asset_names[i], sizeof rep->asset_names[i], "%.15s:%.23s", paper_chain_name(b.h[i].pc),
                 b.h[i].symbol);
    snprintf(rep->quote, sizeof rep->quote, "%s", prices_quote(host->prices));

    bigdec start, total, peak, start_amounts[BACKTEST_MAX_ASSETS];
    if (value_at(&b, clock->now_ms, &start, NULL, start_amounts, err) != 0)
        return st_err_wrap(err, "backtest: valuing the starting holdings");
    peak = start;
    double max_dd = 0;
    int64_t last_run = INT64_MIN;
    for (size_t r = first; r <= last; r++) {
        int64_t t = price_series_time_ms(series, r);
        clock->now_ms = t;
        if (due(&cs->schedule, &cron, last_run, t)) {
            last_run = t;
            struct strategy_run run;
            if (strategy_tick(st, &run) != 0)
                rep->failed_runs++;
            rep->runs++;
            rep->denied += run.denied;
            if (run.actions > 0) {
                long long k = account_fees(&b, t, err);
                if (k < 0)
                    return -1;
                rep->trades += k;
            }
        }
        size_t i = r - first;
        if (value_at(&b, t, &total, &rep->asset_values[i * b.n], NULL, err) != 0)
            return st_err_wrap(err, "backtest: valuing at row %zu", r + 2);
        char vt[BIGDEC_STR_MAX];
        bigdec_to_string(&total, vt, sizeof vt);
        rep->points[i] = (struct backtest_point){t, strtod(vt, NULL)};
        if (bigdec_cmp(&total, &peak) > 0)
            peak = total;
        double dd = -pct(&total, &peak);
        if (dd > max_dd)
            max_dd = dd;
        if (progress && n >= 10 && i % (n / 10) == 0 && i > 0)
            fprintf(progress, "backtest: %zu%% (%zu of %zu rows)\n", i * 100 / n, i, n);
    }
    rep->n_points = n;
    rep->rows = n;
    rep->from_ms = price_series_time_ms(series, first);
    rep->to_ms = price_series_time_ms(series, last);
    /* Buy and hold: the starting amounts at the last row's prices. */
    bigdec hold, v, p, sum;
    bigdec_from_i64(&hold, 0);
    for (size_t i = 0; i < b.n; i++) {
        if (bigdec_is_zero(&start_amounts[i]))
            continue;
        if (price_dec(&b, b.h[i].symbol, rep->to_ms, &p, err) != 0 ||
            bigdec_mul(&v, &start_amounts[i], &p, 8, BIGDEC_DOWN, err) != 0 || bigdec_add(&sum, &hold, &v, err) != 0)
            return -1;
        hold = sum;
    }
    bigdec_to_string(&start, rep->start_value, sizeof rep->start_value);
    bigdec_to_string(&total, rep->end_value, sizeof rep->end_value);
    bigdec_to_string(&hold, rep->hold_value, sizeof rep->hold_value);
    bigdec_to_string(&b.net_fees, rep->network_fees, sizeof rep->network_fees);
    bigdec_to_string(&b.ex_fees, rep->exchange_fees, sizeof rep->exchange_fees);
    rep->return_pct = pct(&total, &start);
    rep->hold_return_pct = pct(&hold, &start);
    rep->max_drawdown_pct = max_dd;
    return 0;
}

void backtest_report_free(struct backtest_report *rep)
{
    free(rep->points);
    free(rep->asset_values);
    memset(rep, 0, sizeof *rep);
}
