/* steward backtest: replay a price file through one strategy on paper chains, at full speed.
 *
 * Nothing of the configured agent is touched: the backtest runs in a fresh temporary data
 * folder (removed afterwards) with a fresh DEV secret, every chain is made a paper chain (an
 * rpc endpoint is dropped), and prices come only from the file. The configured policy applies,
 * in simulated time. See core/backtest/backtest.h for what is measured. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backtest/backtest.h"
#include "cli/cli.h"
#include "cli/cli_session.h"
#include "paper/paper.h"
#include "util/fsutil.h"

static int parse_time(const char *what, const char *s, int64_t *ms)
{
    char *end;
    long long v = strtoll(s, &end, 10);
    if (*s && *end == '\0' && v >= 0 && v < 100000000000LL) {
        *ms = v * 1000;
        return 0;
    }
    if (prices_time_parse(s, strlen(s), ms) == 0)
        return 0;
    /* A bare date means its midnight, UTC. */
    char full[40];
    if (strlen(s) == 10 && snprintf(full, sizeof full, "%sT00:00:00Z", s) > 0 &&
        prices_time_parse(full, strlen(full), ms) == 0)
        return 0;
    cli_fail("backtest", "%s \"%s\" is not a time (2025-01-31, 2025-01-31T12:00:00Z or unix seconds)", what, s);
    return -1;
}

/* Makes the loaded configuration a backtest's: temporary data folder, DEV secret, paper
 * chains only. */
static int make_throwaway(struct config *cfg, char *dir, size_t cap)
{
    const char *base = getenv("TMPDIR");
    snprintf(dir, cap, "%s/steward-backtest-XXXXXX", base && *base ? base : "/tmp");
    if (mkdtemp(dir) == NULL) {
        cli_fail("backtest", "cannot create a temporary folder in %s", base && *base ? base : "/tmp");
        return -1;
    }
    free(cfg->data_dir);
    cfg->data_dir = strdup(dir);
    cfg->secret.source = SECRET_SOURCE_DEV;
    free(cfg->secret.dev.file);
    cfg->secret.dev.file = NULL;
    for (size_t i = 0; i < cfg->chains.n; i++) {
        struct config_chain *c = &cfg->chains.list[i];
        free(c->rpc);
        c->rpc = NULL;
        if (c->paper_json == NULL)
            c->paper_json = strdup("{}");
    }
    return cfg->data_dir ? 0 : -1;
}

static void print_report(const struct backtest_report *r, const char *strategy, const char *chart, int json)
{
    char from[40], to[40];
    prices_time_format(r->from_ms, from, sizeof from);
    prices_time_format(r->to_ms, to, sizeof to);
    if (json) {
        json_t *o = json_pack("{s:s, s:s, s:s, s:I, s:s, s:s, s:s, s:s, s:f, s:f, s:f, s:I, s:s, s:s, s:I, s:I, s:I, "
                              "s:s?, s:b}",
                              "strategy", strategy, "from", from, "to", to, "rows", (json_int_t)r->rows, "quote",
                              r->quote, "start_value", r->start_value, "end_value", r->end_value, "hold_value",
                              r->hold_value, "return_pct", r->return_pct, "hold_return_pct", r->hold_return_pct,
                              "max_drawdown_pct", r->max_drawdown_pct, "trades", (json_int_t)r->trades,
                              "network_fees", r->network_fees, "exchange_fees", r->exchange_fees, "runs",
                              (json_int_t)r->runs, "failed_runs", (json_int_t)r->failed_runs, "denied",
                              (json_int_t)r->denied, "chart", chart, "paper", 1);
        char *t = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
        puts(t);
        free(t);
        json_decref(o);
        return;
    }
    printf("backtest of %s on paper chains, %s .. %s (%zu rows)\n", strategy, from, to, r->rows);
    printf("  value          %s -> %s %s\n", r->start_value, r->end_value, r->quote);
    printf("  return         %+.4f%%   (buy and hold: %+.4f%%, %s %s)\n", r->return_pct, r->hold_return_pct,
           r->hold_value, r->quote);
    printf("  max drawdown   %.4f%%\n", r->max_drawdown_pct);
    printf("  trades         %lld   (runs %lld, failed %lld, denied by policy %lld)\n", r->trades, r->runs,
           r->failed_runs, r->denied);
    printf("  fees paid      network %s %s, exchange %s %s\n", r->network_fees, r->quote, r->exchange_fees, r->quote);
    if (chart)
        printf("  chart          %s\n", chart);
}

int cmd_backtest(int argc, char **argv)
{
    struct cli_opts o;
    if (cli_parse("backtest", argc, argv, OPT_CONFIG | OPT_LOG | OPT_JSON | OPT_BACKTEST, &o) != 0)
        return EXIT_USAGE;
    if (o.help) {
        puts("usage: steward backtest [-c FILE] --prices CSV [--from TIME] [--to TIME]\n"
             "                        [--strategy NAME] [--chart FILE.svg] [--json]\n\n"
             "Replays the price file (time,SYM,... rows; docs/prices.md) through one strategy (the\n"
             "only enabled one, or --strategy) at full speed, on paper chains in a throwaway store\n"
             "with a throwaway DEV secret; the configured policy applies in simulated time.\n"
             "Prints start and end value, return against buy and hold, trades, network and\n"
             "exchange fees, maximum drawdown; writes a chart of portfolio value and holdings\n"
             "(default backtest.svg). TIME: 2025-01-31, 2025-01-31T12:00:00Z or unix seconds.");
        return EXIT_OK;
    }
    if (o.argc || o.prices == NULL) {
        cli_fail("backtest", o.argc ? "unexpected argument \"%s\"" : "--prices CSV is required%s",
                 o.argc ? o.argv[0] : "");
        return EXIT_USAGE;
    }
    int64_t from = INT64_MIN, to = INT64_MAX;
    if ((o.from_time && parse_time("--from", o.from_time, &from) != 0) ||
        (o.to_time && parse_time("--to", o.to_time, &to) != 0))
        return EXIT_USAGE;
    const char *chart = o.chart ? o.chart : "backtest.svg";
    st_err err = {0};
    struct price_series *series = NULL;
    if (prices_csv_load(o.prices, &series, &err) != 0) {
        fprintf(stderr, "%s\n", err.msg);
        return EXIT_USAGE;
    }
    struct session s;
    memset(&s, 0, sizeof s);
    char dir[512] = "";
    struct strategy *st = NULL;
    struct prices *replay = NULL;
    struct backtest_report rep = {0};
    int rc = EXIT_USAGE;
    if (cli_load_config(&o, &s.cfg) != 0)
        goto out;
    const struct config_strategy *cs = NULL;
    for (size_t i = 0; i < s.cfg.n_strategies; i++) {
        const struct config_strategy *c = &s.cfg.strategies[i];
        if (o.strategy ? strcmp(c->name, o.strategy) == 0 : c->enabled) {
            if (cs && !o.strategy) {
                cli_fail("backtest", "%s has several enabled strategies: name one with --strategy", s.cfg.source_path);
                goto out;
            }
            cs = c;
        }
    }
    if (cs == NULL) {
        cli_fail("backtest", o.strategy ? "no strategy named \"%s\" in %s" : "%s%s has no enabled strategy",
                 o.strategy ? o.strategy : "", s.cfg.source_path);
        goto out;
    }
    if (make_throwaway(&s.cfg, dir, sizeof dir) != 0)
        goto out;
    if ((rc = session_open_loaded("backtest", NEED_SIGNER | NEED_PLUGINS | NEED_POLICY | NEED_PRICES, &s)) != 0)
        goto out;
    rc = EXIT_RUNTIME;
    /* The ledger is throwaway and this process its only user: durability and file locks buy
     * nothing here, and cost an fsync per trade and two fcntl calls per transaction. */
    sqlite3_exec(store_db(s.store), "PRAGMA synchronous = OFF; PRAGMA locking_mode = EXCLUSIVE", NULL, NULL, NULL);
    if (prices_open_series(series, prices_quote(s.prices), prices_max_age_ms(s.prices), &replay, &err) != 0) {
        cli_fail("backtest", "%s", err.msg);
        goto out;
    }
    /* From here on, prices come from the file and time is the file's. */
    prices_free(s.prices);
    s.prices = replay;
    replay = NULL;
    struct backtest_clock clock = {price_series_time_ms(series, 0)};
    s.env.now_ms = backtest_clock;
    s.env.now_ctx = &clock;
    for (size_t i = 0; i < s.plugins.n; i++)
        if (s.plugins.list[i].paper)
            paper_chain_set_clock(s.plugins.list[i].paper, backtest_clock, &clock);
    struct strategy_host host = {&s.env, &s.cfg, s.prices, 1, 0, 1};
    if (strategy_load(&host, cs, &st, &err) != 0) {
        cli_fail("backtest", "%s", err.msg);
        rc = EXIT_USAGE;
        goto out;
    }
    if (backtest_run(&host, st, &clock, series, from, to, o.json ? NULL : stderr, &rep, &err) != 0) {
        cli_fail("backtest", "%s", err.msg);
        goto out;
    }
    char title[256];
    snprintf(title, sizeof title, "steward backtest: %s over %s", cs->name, o.prices);
    if (backtest_chart_svg(&rep, title, chart, &err) != 0) {
        cli_fail("backtest", "%s", err.msg);
        goto out;
    }
    print_report(&rep, cs->name, chart, o.json);
    rc = EXIT_OK;
out:
    backtest_report_free(&rep);
    strategy_free(st);
    prices_free(replay);
    session_close(&s);
    price_series_free(series);
    if (dir[0])
        fs_remove_tree(dir);
    return rc;
}
