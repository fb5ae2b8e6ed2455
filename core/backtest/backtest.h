/* backtest.h: replaying a price series through one strategy at full speed.
 *
 * The strategy runs in its real sandbox with the real ctx API, against paper chains (every
 * chain of a backtest is a paper chain) whose ledger lives in a throwaway store; transactions
 * are built, policy-checked and signed by the real plugins exactly as in paper trading. Time
 * is simulated: ctx.now(), the policy's rolling windows, the paper ledger and the prices all
 * read the clock of the current row. The strategy runs on the first row and then whenever its
 * schedule falls due in simulated time (`every`: at the first row at least that long after the
 * previous run; `cron`: at the first row at or after the next match), at most once per row.
 *
 * Measured per row: the value of the strategy tenant's paper holdings in the quote currency
 * (every asset of every paper chain, at the row's prices) and each asset's share. Reported:
 * start and end value, return, the buy-and-hold return of the starting holdings, trades,
 * network fees and exchange fees paid (valued at the time of each trade), maximum drawdown,
 * runs and failed runs. */
#ifndef STEWARD_BACKTEST_BACKTEST_H
#define STEWARD_BACKTEST_BACKTEST_H

#include <stdint.h>
#include <stdio.h>

#include "prices/prices.h"
#include "strategy/strategy.h"

/* One point of the value series (reporting only: doubles are fine here, the ledger is exact). */
struct backtest_point {
    int64_t t_ms;
    double value;
};

#define BACKTEST_MAX_ASSETS 16

struct backtest_report {
    char quote[PRICES_SYMBOL_MAX + 1];
    char start_value[96], end_value[96], hold_value[96]; /* exact decimal strings */
    double return_pct, hold_return_pct, max_drawdown_pct;
    char network_fees[96], exchange_fees[96];            /* in the quote currency */
    long long trades, runs, failed_runs, denied;
    int64_t from_ms, to_ms;
    size_t rows;
    /* The series for the chart: value and each asset's value per row. */
    size_t n_points;
    struct backtest_point *points;
    size_t n_assets;
    char asset_names[BACKTEST_MAX_ASSETS][40];           /* "eth:ETH" */
    double *asset_values;                                /* n_points x n_assets */
};

/* The clock the whole backtest reads; pass backtest_clock as the intent_env's and the paper
 * chains' clock with this struct as its context. */
struct backtest_clock {
    int64_t now_ms;
};
int64_t backtest_clock(void *ctx);

/* Runs the strategy over the rows of `series` with times in [from_ms, to_ms] (inclusive).
 * host->env->now_ms must be backtest_clock over `clock`, host->prices a replay of `series`,
 * and every chain a paper chain. progress (may be NULL) gets a line every 10% of the rows.
 * Fills *rep (free it with backtest_report_free). */
int backtest_run(struct strategy_host *host, struct strategy *st, struct backtest_clock *clock,
                 const struct price_series *series, int64_t from_ms, int64_t to_ms, FILE *progress,
                 struct backtest_report *rep, st_err *err);

void backtest_report_free(struct backtest_report *rep);

/* Writes the chart (portfolio value, and each asset's value, over time) as a standalone SVG
 * file that opens in a browser. */
int backtest_chart_svg(const struct backtest_report *rep, const char *title, const char *path, st_err *err);

#endif
