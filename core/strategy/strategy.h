/* strategy.h: a configured Lua strategy, bound to the agent through the ctx API.
 *
 * A strategy is one sandbox (core/lua/sandbox.h) holding the script, with the budgets from its
 * YAML `limits`, the `decimal` module, and the ctx API (strategies/README.md):
 *
 *   ctx.params ctx.tenant ctx.strategy ctx.paper ctx.now() ctx.address(chain [, index])
 *   ctx.balance(chain [, asset]) ctx.price(symbol) ctx.portfolio([{chain, asset}...])
 *   ctx.transfer{...} ctx.swap{...} ctx.call{...} ctx.state.get(key) ctx.state.set(key, value)
 *   ctx.log(message)
 *
 * Reads (balance, price, portfolio) return a value, or nil and an error table
 * {error = "..."}. Actions (transfer, swap, call) go through the one intent pipeline
 * (core/intent: plugin build, policy with the strategy's name, audit, one-shot sign, broadcast)
 * and return a result table, or nil and {denied = true, rule, scope, limit, used} for a policy
 * denial or {error = "..."} for any other refusal. Misuse (a wrong argument type, an unknown
 * chain, a float amount) raises a Lua error: the run fails with script:line.
 *
 * Each run is recorded: the strategy_status row (`steward status`), log events strategy.run /
 * strategy.failed / strategy.paused, and an audit record strategy.run (with the actions the run
 * took) unless the host asks for audit only of runs that acted or failed (backtests).
 * After limits.max_failures consecutive failed runs the strategy is paused (strategy.paused in
 * the log and the audit log, paused in steward status) until `steward strategy resume NAME`. */
#ifndef STEWARD_STRATEGY_STRATEGY_H
#define STEWARD_STRATEGY_STRATEGY_H

#include <stdint.h>

#include "config/config.h"
#include "intent/intent.h"
#include "lua/sandbox.h"
#include "prices/prices.h"

/* What every strategy of an agent shares. Borrowed; must outlive the strategies. */
struct strategy_host {
    struct intent_env *env;    /* the pipeline (its clock is the strategies' ctx.now) */
    const struct config *cfg;
    struct prices *prices;     /* NULL: ctx.price fails */
    int audit_quiet_runs;      /* 1: no strategy.run record for a run that took no action */
    int log_runs;              /* 1: log every run (strategy.run); 0: only failures and actions */
    /* 1: nobody else reads or changes this store while it runs (a backtest's throwaway one):
     * the pause flag is not re-read before each run, and the status row is written only for
     * runs that acted or failed. */
    int private_store;
};

/* Default per-run budgets for strategies (the sandbox's own defaults are for tests). The
 * deadline counts time in host calls too, so it leaves room for chain RPC. */
#define STRATEGY_DEFAULT_DEADLINE_MS 30000u

struct strategy;

/* Reads the script, creates the sandbox with the configured budgets, registers the API and
 * runs the script's top level. The script must define a global function tick(ctx). Errors
 * name the strategy and, for a script error, script:line. */
int strategy_load(struct strategy_host *h, const struct config_strategy *cs, struct strategy **out, st_err *err);

struct strategy_run {
    struct sandbox_result res;
    int actions;           /* transfers, swaps and calls that were signed */
    int denied;            /* actions the policy engine denied */
    int paused_now;        /* this run's failure paused the strategy */
};

/* Runs tick(ctx) once, records it, and returns 0 when the run succeeded. A paused strategy is
 * not run (res.status SANDBOX_PAUSED). Never raises, never takes the host down. */
int strategy_tick(struct strategy *s, struct strategy_run *run);

/* Pause state is kept in the store (strategy_status), so `steward strategy resume` in another
 * process reaches a running agent: strategy_sync reads it and resumes the sandbox when the
 * operator has lifted the pause. */
int strategy_sync(struct strategy *s, st_err *err);
int strategy_paused(const struct strategy *s);

/* Records the next due time for steward status (wall clock ms; 0: unknown). */
void strategy_set_next_due(struct strategy *s, int64_t wall_ms);

const char *strategy_name(const struct strategy *s);
const struct config_strategy *strategy_config(const struct strategy *s);
struct sandbox *strategy_sandbox(struct strategy *s);

void strategy_free(struct strategy *s);

/* Store-side status for commands that do not run strategies (steward status / strategy
 * resume): clears a pause (and the failure count), audited as strategy.resumed. Returns 1 when
 * the strategy was paused, 0 when it was not, -1 on error. */
int strategy_status_resume(struct store *st, const char *name, st_err *err);

#endif
