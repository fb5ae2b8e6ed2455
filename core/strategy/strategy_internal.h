/* strategy_internal.h: a strategy's fields, shared by the files of core/strategy. */
#ifndef STEWARD_STRATEGY_INTERNAL_H
#define STEWARD_STRATEGY_INTERNAL_H

#include <jansson.h>
#include <lua.h>

#include "strategy/strategy.h"

#define STRATEGY_LOGS_KEPT 8 /* ctx.log messages kept in a run's audit record */

/* What the current run did, for its audit record and log line. */
struct run_log {
    json_t *actions; /* [{kind, chain, txid | denied rule | error}] */
    json_t *logs;    /* the first STRATEGY_LOGS_KEPT ctx.log messages */
    unsigned calls;  /* ctx API calls */
    int actions_ok, denied;
};

struct strategy {
    struct strategy_host *h;
    const struct config_strategy *cs;
    struct sandbox *sb;
    char *ctx_json;   /* {"params":..,"tenant":..,"strategy":..,"paper":..}: tick's argument */
    int64_t next_due_ms;
    int paused;       /* mirrors strategy_status.paused */
    struct run_log run;
    /* C-side results of the current API call. Kept here, not on the C stack, so that a Lua
     * error while pushing them (out of memory under the cap) leaks nothing: the next call,
     * or strategy_free, releases them. */
    json_t *scratch;
    /* Addresses derived so far (ctx.balance and friends are called every tick). */
    struct {
        const struct loaded_plugin *lp;
        uint32_t index;
        char address[128];
    } accounts[16];
    size_t n_accounts;
};

/* Registers the ctx API functions (strategy_api.c). */
int strategy_api_register(struct strategy *s);

/* strategy_status rows (strategy_status.c). */
int strategy_status_load(struct strategy *s, st_err *err);
int strategy_status_record(struct strategy *s, const struct sandbox_result *res, st_err *err);
int strategy_status_set_paused(struct store *st, const char *name, int paused, const char *reason, st_err *err);

/* The strategy behind a ctx function (its upvalue). */
struct strategy *strategy_from(lua_State *L);

#endif
