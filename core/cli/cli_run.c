/* steward run: start the agent. Loads the configuration, recovers the master secret, opens
 * the store, loads the plugins (attaching paper chains), derives every tenant's keys, loads
 * every enabled strategy (a script that does not compile stops the start), records the start
 * in the audit log, logs readiness, and then runs the strategies on their schedules until
 * SIGINT or SIGTERM; the stop is recorded and the exit is 0.
 *
 * One thread runs the strategies one after another: a run never overlaps another run, and a
 * run's budgets (instructions, memory, deadline) bound how long it can hold up the others. */
#include <errno.h>
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cli_session.h"
#include "keys/keys.h"
#include "secret/secret_source.h"
#include "store/audit.h"
#include "store/store.h"
#include "sched/sched.h"
#include "strategy/strategy.h"
#include "util/log.h"

#ifndef STEWARD_VERSION
#define STEWARD_VERSION "0.0.0-unknown"
#endif

/* Derives every tenant's keys once at start (core derivation, and each chain's address from
 * its plugin): a failure stops the agent before it reports ready, and the log shows which
 * addresses this agent controls. */
static int derive_all(struct session *s, st_err *err)
{
    for (size_t i = 0; i < s->cfg.n_tenants; i++) {
        const char *tenant = s->cfg.tenants[i].id;
        struct tenant_public_keys k;
        if (keys_derive_public(&s->ms.root_seed, tenant, 0, s->cfg.chains.btc_network, &k, err) != 0)
            return st_err_wrap(err, "tenant %s", tenant);
        for (size_t c = 0; c < s->plugins.n; c++) {
            struct intent_account a;
            if (session_account(s, &s->plugins.list[c], tenant, 0, &a, err) != 0)
                return st_err_wrap(err, "tenant %s", tenant);
            log_info("keys.derived", "tenant %s: %s %s (%s)", tenant, s->plugins.list[c].chain->name, a.address, a.path);
        }
    }
    return 0;
}

struct agent_strategy {
    struct strategy *st;
    struct schedule sch;
};

static int load_strategies(struct strategy_host *host, const struct config *cfg, struct agent_strategy *out,
                           size_t *n, st_err *err)
{
    struct sched_clock now;
    sched_clock_now(&now);
    for (size_t i = 0; i < cfg->n_strategies; i++) {
        const struct config_strategy *cs = &cfg->strategies[i];
        if (!cs->enabled) {
            log_info("strategy.disabled", "%s: enabled: false", cs->name);
            continue;
        }
        struct agent_strategy *a = &out[*n];
        if (strategy_load(host, cs, &a->st, err) != 0)
            return -1;
        (*n)++;
        if (sched_init(&a->sch, &cs->schedule, cs->name, &now, err) != 0)
            return st_err_wrap(err, "strategies.%s", cs->name);
        char when[96];
        if (cs->schedule.cron)
            snprintf(when, sizeof when, "cron \"%s\" (UTC)", cs->schedule.cron);
        else
            snprintf(when, sizeof when, "every %llu ms", (unsigned long long)cs->schedule.every_ms);
        log_info("strategy.loaded", "%s: %s for tenant %s, %s%s", cs->name, cs->file, cs->tenant, when,
                 cs->schedule.run_on_start ? ", first run now" : "");
        if (strategy_paused(a->st))
            log_warn("strategy.paused", "%s: paused from an earlier run (steward strategy resume %s)", cs->name,
                     cs->name);
    }
    return 0;
}

/* The wall-clock time of a schedule's pending run (intervals are kept on the monotonic
 * clock, cron times on the wall clock), for steward status. */
static int64_t due_wall_ms(const struct schedule *sch, const struct sched_clock *now)
{
    if (!sch->has_due)
        return 0;
    return sch->is_cron ? sch->due_ms : now->wall_ms + (sch->due_ms - now->mono_ms);
}

/* Runs due strategies until a stop signal arrives; returns the signal. */
static int drive(struct session *s, struct agent_strategy *list, size_t n, const sigset_t *stop)
{
    (void)s;
    for (;;) {
        struct sched_clock now;
        sched_clock_now(&now);
        int64_t wait = 60000; /* at least once a minute: notice a strategy resume */
        for (size_t i = 0; i < n; i++) {
            struct agent_strategy *a = &list[i];
            int64_t w = 0;
            int due = sched_next_due(&a->sch, &now, &w);
            if (due == 1) {
                sched_on_run_start(&a->sch, &now);
                struct strategy_run run;
                strategy_set_next_due(a->st, due_wall_ms(&a->sch, &now));
                strategy_tick(a->st, &run);
                sched_clock_now(&now);
                sched_on_run_end(&a->sch, &now);
                /* A stop requested during the run is honoured before the next one. */
                sigset_t pending;
                if (sigpending(&pending) == 0 && (sigismember(&pending, SIGINT) || sigismember(&pending, SIGTERM)))
                    wait = 0;
                if (sched_next_due(&a->sch, &now, &w) == 0 && w < wait)
                    wait = w;
            } else if (due == 0 && w < wait) {
                wait = w;
            }
        }
        if (wait < 0)
            wait = 0;
        struct timespec ts = {wait / 1000, (wait % 1000) * 1000000L};
        int sig = sigtimedwait(stop, NULL, &ts);
        if (sig == SIGINT || sig == SIGTERM)
            return sig;
    }
}

int cmd_run(int argc, char **argv)
{
    struct cli_opts o;
    if (cli_parse("run", argc, argv, OPT_CONFIG | OPT_LOG, &o) != 0)
        return EXIT_USAGE;
    if (o.help) {
        puts("usage: steward run [-c FILE] [--log-format text|json] [--log-level LEVEL]\n\n"
             "Starts the agent: loads the configuration, recovers the master secret from the\n"
             "configured source (never another), opens the store, derives each tenant's keys,\n"
             "logs agent.ready and runs until SIGINT or SIGTERM, then stops cleanly (exit 0).\n"
             "Logs go to stderr. Exit 1 when the secret or the store cannot be had, 2 on a\n"
             "configuration error.");
        return EXIT_OK;
    }
    if (o.argc) {
        cli_fail("run", "unexpected argument \"%s\"", o.argv[0]);
        return EXIT_USAGE;
    }
    /* Block the stop signals before anything slow happens, so a signal during start-up is
     * queued and handled as a clean stop right after readiness, not a kill mid-write. */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    sigprocmask(SIG_BLOCK, &stop, NULL);

    struct session s;
    st_err err = {0};
    struct agent_strategy strategies[CONFIG_MAX_STRATEGIES];
    size_t n_strategies = 0;
    int rc = session_open("run", &o, NEED_SIGNER | NEED_PLUGINS | NEED_POLICY | NEED_PRICES, &s);
    if (rc != 0)
        goto out;
    rc = EXIT_RUNTIME;
    log_info("agent.start", "steward %s started with %s; master secret from source %s%s", STEWARD_VERSION,
             s.cfg.source_path, s.ms.source, s.ms.created ? " (created on this boot)" : "");
    for (size_t i = 0; i < s.plugins.n; i++)
        log_info("plugin.loaded", "chains.%s: %s %s (ABI %u) from %s", s.plugins.list[i].chain->name,
                 s.plugins.list[i].p->name, s.plugins.list[i].p->version, s.plugins.list[i].p->abi_version,
                 s.plugins.list[i].path);
    if (derive_all(&s, &err) != 0) {
        log_error("keys.failed", "%s", err.msg);
        goto out;
    }
    char desc[256], papers[256] = "";
    prices_describe(s.prices, desc, sizeof desc);
    log_info("prices.source", "prices: %s, quoted in %s, max age %llu ms", desc, prices_quote(s.prices),
             (unsigned long long)prices_max_age_ms(s.prices));
    for (size_t i = 0; i < s.plugins.n; i++)
        if (s.plugins.list[i].paper)
            snprintf(papers + strlen(papers), sizeof papers - strlen(papers), "%s%s", papers[0] ? ", " : "",
                     s.plugins.list[i].chain->name);
    if (papers[0])
        log_info("paper.chains", "PAPER TRADING on %s: the plugins sign for real, broadcasts land in the simulated "
                                 "ledger (steward status shows balances)",
                 papers);
    struct strategy_host host = {&s.env, &s.cfg, s.prices, 0, 1, 0};
    if (load_strategies(&host, &s.cfg, strategies, &n_strategies, &err) != 0) {
        log_error("strategy.load_failed", "%s", err.msg);
        rc = EXIT_USAGE;
        goto out;
    }
    if (session_audit(&s, "agent.start", NULL, "agent",
                      json_pack("{s:s, s:s, s:s, s:b, s:b, s:i, s:i, s:i}", "version", STEWARD_VERSION, "config",
                                s.cfg.source_path, "secret_source", s.ms.source, "dev_secret", s.ms.is_dev,
                                "secret_created", s.ms.created, "tenants", (int)s.cfg.n_tenants, "strategies",
                                (int)s.cfg.n_strategies, "plugins", (int)s.plugins.n),
                      NULL, &err) != 0) {
        log_error("audit.failed", "%s", err.msg);
        goto out;
    }
    log_info("agent.ready", "ready: %zu tenant%s, %zu chain%s, %zu strateg%s, secret source %s%s, data %s",
             s.cfg.n_tenants, s.cfg.n_tenants == 1 ? "" : "s", s.plugins.n, s.plugins.n == 1 ? "" : "s",
             s.cfg.n_strategies, s.cfg.n_strategies == 1 ? "y" : "ies", s.ms.source, s.ms.is_dev ? " (DEV)" : "",
             s.cfg.data_dir);

    int sig = drive(&s, strategies, n_strategies, &stop);
    log_info("agent.stopping", "received %s", sig == SIGINT ? "SIGINT" : "SIGTERM");
    if (session_audit(&s, "agent.stop", NULL, "agent", json_pack("{s:s}", "signal", sig == SIGINT ? "SIGINT" : "SIGTERM"),
                      NULL, &err) != 0) {
        log_error("audit.failed", "%s", err.msg);
        goto out;
    }
    log_info("agent.stop", "stopped cleanly");
    rc = EXIT_OK;
out:
    for (size_t i = 0; i < n_strategies; i++)
        strategy_free(strategies[i].st);
    session_close(&s);
    return rc;
}
