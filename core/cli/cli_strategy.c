/* steward strategy run NAME | resume NAME | list: one strategy by hand. `run` executes one
 * tick now, through the same API, policy and audit as the agent, and prints what it did. */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cli_session.h"
#include "config/builtin.h"
#include "strategy/strategy.h"

static void print_json(json_t *j)
{
    char *t = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
    puts(t ? t : "{}");
    free(t);
}

static int run_once(struct cli_opts *o, const char *name)
{
    struct session s;
    int rc = session_open("strategy", o, NEED_SIGNER | NEED_PLUGINS | NEED_POLICY | NEED_PRICES, &s);
    if (rc != 0) {
        session_close(&s);
        return rc;
    }
    const struct config_strategy *cs = config_find_strategy(&s.cfg, name);
    struct strategy *st = NULL;
    st_err err = {0};
    struct strategy_host host = {&s.env, &s.cfg, s.prices, 0, 1, 0};
    if (cs == NULL) {
        cli_fail("strategy", "no strategy named \"%s\" in %s", name, s.cfg.source_path);
        rc = EXIT_USAGE;
    } else if (strategy_load(&host, cs, &st, &err) != 0) {
        cli_fail("strategy", "%s", err.msg);
        rc = EXIT_USAGE;
    } else {
        struct strategy_run run;
        int r = strategy_tick(st, &run);
        json_t *out = json_pack("{s:s, s:s, s:s, s:I, s:I, s:i, s:i}", "strategy", name, "status",
                                sandbox_status_name(run.res.status), "value", run.res.value, "instructions",
                                (json_int_t)run.res.instructions, "elapsed_ms", (json_int_t)run.res.elapsed_ms,
                                "actions", run.actions, "denied", run.denied);
        if (r != 0) {
            json_object_set_new(out, "message", json_string(run.res.message));
            if (run.res.traceback[0])
                json_object_set_new(out, "traceback", json_string(run.res.traceback));
            if (run.paused_now)
                json_object_set_new(out, "paused", json_true());
        }
        print_json(out);
        json_decref(out);
        if (r != 0)
            cli_fail("strategy", "%s", run.res.message);
        rc = r == 0 ? EXIT_OK : EXIT_RUNTIME;
    }
    strategy_free(st);
    session_close(&s);
    return rc;
}

static int resume(struct cli_opts *o, const char *name)
{
    struct session s;
    int rc = session_open("strategy", o, NEED_STORE, &s);
    if (rc == 0) {
        st_err err = {0};
        if (config_find_strategy(&s.cfg, name) == NULL) {
            cli_fail("strategy", "no strategy named \"%s\" in %s", name, s.cfg.source_path);
            rc = EXIT_USAGE;
        } else {
            int was = strategy_status_resume(s.store, name, &err);
            if (was < 0) {
                cli_fail("strategy", "%s", err.msg);
                rc = EXIT_RUNTIME;
            } else {
                printf("%s: %s\n", name, was ? "resumed" : "was not paused");
            }
        }
    }
    session_close(&s);
    return rc;
}

static int list(struct cli_opts *o)
{
    struct session s;
    int rc = session_open("strategy", o, 0, &s);
    if (rc == 0) {
        for (size_t i = 0; i < s.cfg.n_strategies; i++) {
            const struct config_strategy *cs = &s.cfg.strategies[i];
            char sched[96];
            if (cs->schedule.cron)
                snprintf(sched, sizeof sched, "cron \"%s\"", cs->schedule.cron);
            else
                snprintf(sched, sizeof sched, "every %llu ms", (unsigned long long)cs->schedule.every_ms);
            printf("%-20s %-8s tenant %-12s %s  %s\n", cs->name, cs->enabled ? "enabled" : "disabled", cs->tenant,
                   sched, cs->file);
        }
        const char *const *names = builtin_strategy_names();
        printf("built in:");
        for (size_t i = 0; names[i]; i++)
            printf(" builtin:%s", names[i]);
        printf("\n");
    }
    session_close(&s);
    return rc;
}

int cmd_strategy(int argc, char **argv)
{
    struct cli_opts o;
    if (cli_parse("strategy", argc, argv, OPT_CONFIG | OPT_LOG, &o) != 0)
        return EXIT_USAGE;
    if (o.help || o.argc == 0) {
        printf("usage: steward strategy run NAME [-c FILE]\n"
               "       steward strategy resume NAME [-c FILE]\n"
               "       steward strategy list [-c FILE]\n\n"
               "run     runs the strategy's tick once, now, with the agent's API, policy and audit\n"
               "        (on paper chains: the paper ledger), and prints JSON: status, value,\n"
               "        actions, instructions, elapsed_ms, and message/traceback on failure.\n"
               "        Exit 0 when the run succeeded, 1 when it failed.\n"
               "resume  lifts the pause a strategy got after consecutive failed runs (audited);\n"
               "        a running agent picks it up at its next scheduled run.\n"
               "list    the configured strategies and the built-in ones.\n");
        return o.help ? EXIT_OK : EXIT_USAGE;
    }
    const char *sub = o.argv[0];
    if (strcmp(sub, "list") == 0 && o.argc == 1)
        return list(&o);
    if ((strcmp(sub, "run") == 0 || strcmp(sub, "resume") == 0) && o.argc == 2)
        return sub[1] == 'u' ? run_once(&o, o.argv[1]) : resume(&o, o.argv[1]);
    cli_fail("strategy", "expected: strategy run NAME | strategy resume NAME | strategy list");
    return EXIT_USAGE;
}
