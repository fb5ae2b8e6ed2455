/* steward status: what the agent is doing, read from the store (so it works while the agent
 * runs, from another process): the signing kill switch, each strategy's runs, failures, pause
 * and next run, and the balances of every paper-chain account (labelled PAPER). */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cli_session.h"
#include "paper/paper.h"
#include "prices/prices.h"

static json_t *strategies_json(struct session *s)
{
    json_t *arr = json_array();
    sqlite3_stmt *q = NULL;
    if (sqlite3_prepare_v2(store_db(s->store),
                           "SELECT runs, failures, paused, paused_reason, last_run_ms, last_status, last_message, "
                           "next_due_ms FROM strategy_status WHERE name = ?",
                           -1, &q, NULL) != SQLITE_OK)
        return arr;
    for (size_t i = 0; i < s->cfg.n_strategies; i++) {
        const struct config_strategy *cs = &s->cfg.strategies[i];
        sqlite3_reset(q);
        sqlite3_bind_text(q, 1, cs->name, -1, SQLITE_STATIC);
        json_t *o = json_pack("{s:s, s:s, s:b}", "name", cs->name, "tenant", cs->tenant, "enabled", cs->enabled);
        if (sqlite3_step(q) == SQLITE_ROW) {
            char t[40];
            json_object_set_new(o, "runs", json_integer(sqlite3_column_int64(q, 0)));
            json_object_set_new(o, "failures", json_integer(sqlite3_column_int64(q, 1)));
            json_object_set_new(o, "paused", json_boolean(sqlite3_column_int(q, 2)));
            if (sqlite3_column_type(q, 3) == SQLITE_TEXT)
                json_object_set_new(o, "paused_reason", json_string((const char *)sqlite3_column_text(q, 3)));
            if (sqlite3_column_type(q, 4) == SQLITE_INTEGER) {
                prices_time_format(sqlite3_column_int64(q, 4), t, sizeof t);
                json_object_set_new(o, "last_run", json_string(t));
            }
            if (sqlite3_column_type(q, 5) == SQLITE_TEXT)
                json_object_set_new(o, "last_status", json_string((const char *)sqlite3_column_text(q, 5)));
            if (sqlite3_column_type(q, 6) == SQLITE_TEXT)
                json_object_set_new(o, "last_message", json_string((const char *)sqlite3_column_text(q, 6)));
            if (sqlite3_column_type(q, 7) == SQLITE_INTEGER) {
                prices_time_format(sqlite3_column_int64(q, 7), t, sizeof t);
                json_object_set_new(o, "next_run", json_string(t));
            }
        } else {
            json_object_set_new(o, "runs", json_integer(0));
            json_object_set_new(o, "paused", json_false());
        }
        json_array_append_new(arr, o);
    }
    sqlite3_finalize(q);
    return arr;
}

/* Every account the paper ledger knows, per paper chain, with its balances. */
static json_t *paper_json(struct session *s)
{
    json_t *arr = json_array();
    sqlite3_stmt *q = NULL;
    if (sqlite3_prepare_v2(store_db(s->store), "SELECT DISTINCT address FROM paper_balance WHERE chain = ? ORDER BY address",
                           -1, &q, NULL) != SQLITE_OK)
        return arr;
    for (size_t i = 0; i < s->plugins.n; i++) {
        struct paper_chain *pc = s->plugins.list[i].paper;
        if (pc == NULL)
            continue;
        const char *assets[16];
        size_t n = paper_assets(pc, assets, 16);
        sqlite3_reset(q);
        sqlite3_bind_text(q, 1, paper_chain_name(pc), -1, SQLITE_STATIC);
        while (sqlite3_step(q) == SQLITE_ROW) {
            const char *addr = (const char *)sqlite3_column_text(q, 0);
            json_t *bal = json_object();
            for (size_t k = 0; k < n; k++) {
                char amount[128];
                st_err err = {0};
                if (paper_balance(pc, addr, assets[k], amount, sizeof amount, &err) == 0)
                    json_object_set_new(bal, assets[k], json_string(amount));
            }
            json_array_append_new(arr, json_pack("{s:s, s:s, s:o}", "chain", paper_chain_name(pc), "address", addr,
                                                 "balances", bal));
        }
    }
    sqlite3_finalize(q);
    return arr;
}

static void print_text(json_t *st)
{
    json_t *v;
    size_t i;
    printf("signing: %s\n", json_is_true(json_object_get(st, "signing_paused")) ? "PAUSED (steward resume)" : "active");
    printf("strategies:\n");
    json_array_foreach(json_object_get(st, "strategies"), i, v) {
        const char *reason = json_string_value(json_object_get(v, "paused_reason"));
        printf("  %-18s runs %-6lld failures %-3lld %s%s%s  last %s %s  next %s\n",
               json_string_value(json_object_get(v, "name")), (long long)json_integer_value(json_object_get(v, "runs")),
               (long long)json_integer_value(json_object_get(v, "failures")),
               json_is_true(json_object_get(v, "paused")) ? "PAUSED" : "running",
               reason ? ": " : "", reason ? reason : "",
               json_string_value(json_object_get(v, "last_run")) ? json_string_value(json_object_get(v, "last_run")) : "-",
               json_string_value(json_object_get(v, "last_status")) ? json_string_value(json_object_get(v, "last_status")) : "",
               json_string_value(json_object_get(v, "next_run")) ? json_string_value(json_object_get(v, "next_run")) : "-");
    }
    json_t *paper = json_object_get(st, "paper");
    if (json_array_size(paper))
        printf("paper balances (PAPER TRADING: simulated):\n");
    json_array_foreach(paper, i, v) {
        printf("  %-5s %s", json_string_value(json_object_get(v, "chain")), json_string_value(json_object_get(v, "address")));
        const char *k;
        json_t *a;
        json_object_foreach(json_object_get(v, "balances"), k, a)
            printf("  %s %s", json_string_value(a), k);
        printf("\n");
    }
}

int cmd_status(int argc, char **argv)
{
    struct cli_opts o;
    if (cli_parse("status", argc, argv, OPT_CONFIG | OPT_LOG | OPT_JSON, &o) != 0)
        return EXIT_USAGE;
    if (o.help) {
        puts("usage: steward status [-c FILE] [--json]\n\n"
             "Reads the store (works while the agent runs): whether signing is paused, each\n"
             "strategy's runs, consecutive failures, pause (with the reason), last and next run,\n"
             "and the balances of every account on the paper chains (simulated).");
        return EXIT_OK;
    }
    if (o.argc) {
        cli_fail("status", "unexpected argument \"%s\"", o.argv[0]);
        return EXIT_USAGE;
    }
    struct session s;
    int rc = session_open("status", &o, NEED_STORE | NEED_PLUGINS, &s);
    if (rc == 0) {
        int paused = 0;
        st_err err = {0};
        if (policy_paused(s.store, &paused, &err) != 0) {
            cli_fail("status", "%s", err.msg);
            rc = EXIT_RUNTIME;
        } else {
            json_t *st = json_pack("{s:b, s:o, s:o}", "signing_paused", paused, "strategies", strategies_json(&s),
                                   "paper", paper_json(&s));
            if (o.json) {
                char *t = json_dumps(st, JSON_COMPACT | JSON_SORT_KEYS);
                puts(t);
                free(t);
            } else {
                print_text(st);
            }
            json_decref(st);
        }
    }
    session_close(&s);
    return rc;
}
