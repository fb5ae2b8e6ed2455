/* strategy.c: loading a strategy and running its tick (see strategy.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/builtin.h"
#include "lua/decimal_lua.h"
#include "strategy/strategy_internal.h"
#include "util/fsutil.h"
#include "util/log.h"

#define SCRIPT_MAX (1u << 20) /* a strategy script larger than 1 MiB is refused */

static char *read_script(const char *path, size_t *len, st_err *err)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return st_err_set(err, "%s: cannot open: %s", path, strerror(errno)), NULL;
    char *buf = malloc(SCRIPT_MAX + 1);
    size_t n = buf ? fread(buf, 1, SCRIPT_MAX + 1, f) : 0;
    int bad = ferror(f);
    fclose(f);
    if (buf == NULL || bad || n > SCRIPT_MAX) {
        free(buf);
        st_err_set(err, "%s: %s", path, buf == NULL ? "out of memory" : bad ? "read error" : "larger than 1 MiB");
        return NULL;
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}

static int any_paper(const struct strategy_host *h)
{
    for (size_t i = 0; i < h->env->plugins->n; i++)
        if (h->env->plugins->list[i].paper)
            return 1;
    return 0;
}

int strategy_load(struct strategy_host *h, const struct config_strategy *cs, struct strategy **out, st_err *err)
{
    *out = NULL;
    struct strategy *s = calloc(1, sizeof *s);
    if (s == NULL)
        return st_err_set(err, "strategies.%s: out of memory", cs->name);
    s->h = h;
    s->cs = cs;
    struct sandbox_limits lim;
    sandbox_limits_default(&lim);
    lim.deadline_ms = STRATEGY_DEFAULT_DEADLINE_MS;
    if (cs->limits.memory_bytes)
        lim.memory_bytes = cs->limits.memory_bytes;
    if (cs->limits.instructions)
        lim.instructions = cs->limits.instructions;
    if (cs->limits.deadline_ms)
        lim.deadline_ms = cs->limits.deadline_ms;
    if (cs->limits.max_failures)
        lim.max_failures = cs->limits.max_failures;
    size_t len = 0;
    const char *builtin = NULL;
    char *src = NULL;
    if (strncmp(cs->file, BUILTIN_PREFIX, strlen(BUILTIN_PREFIX)) == 0) {
        if (builtin_strategy(cs->file + strlen(BUILTIN_PREFIX), &builtin, &len) != 0) {
            st_err_set(err, "strategies.%s: %s is not a built-in strategy", cs->name, cs->file);
            goto fail;
        }
    } else if ((src = read_script(cs->file, &len, err)) == NULL) {
        goto fail;
    }
    /* The chunk is named after the strategy so errors read "rebalance:12: ...". */
    int rc = sandbox_new(cs->name, builtin ? builtin : src, len, &lim, &s->sb, err);
    free(src);
    if (rc != 0)
        goto fail;
    json_t *ctx = json_pack("{s:s, s:s, s:b}", "tenant", cs->tenant, "strategy", cs->name, "paper", any_paper(h));
    json_t *params = json_loads(cs->params_json ? cs->params_json : "{}", 0, NULL);
    json_object_set_new(ctx, "params", params ? params : json_object());
    s->ctx_json = json_dumps(ctx, JSON_COMPACT);
    json_decref(ctx);
    if (s->ctx_json == NULL || decimal_lua_register(s->sb) != 0 || strategy_api_register(s) != 0) {
        st_err_set(err, "strategies.%s: cannot set up the API (out of memory)", cs->name);
        goto fail;
    }
    /* The entry point must exist before the agent counts on it. */
    lua_State *L = sandbox_state(s->sb);
    lua_getglobal(L, "tick");
    int has_tick = lua_type(L, -1) == LUA_TFUNCTION;
    lua_pop(L, 1);
    if (!has_tick) {
        st_err_set(err, "strategies.%s: %s defines no function tick(ctx)", cs->name, cs->file);
        goto fail;
    }
    if (strategy_status_load(s, err) != 0)
        goto fail;
    *out = s;
    return 0;
fail:
    if (strncmp(err->msg, "strategies.", 11) != 0)
        st_err_wrap(err, "strategies.%s", cs->name);
    strategy_free(s);
    return -1;
}

static void run_log_reset(struct run_log *r)
{
    json_decref(r->actions);
    json_decref(r->logs);
    memset(r, 0, sizeof *r);
    r->actions = json_array();
    r->logs = json_array();
}

int strategy_tick(struct strategy *s, struct strategy_run *run)
{
    memset(run, 0, sizeof *run);
    st_err err = {0};
    if (!s->h->private_store && strategy_sync(s, &err) != 0)
        log_warn("strategy.status", "%s: %s", s->cs->name, err.msg);
    if (s->paused) {
        run->res.status = SANDBOX_PAUSED;
        snprintf(run->res.message, sizeof run->res.message, "%s: paused (steward strategy resume %s)", s->cs->name,
                 s->cs->name);
        return -1;
    }
    run_log_reset(&s->run);
    int was_paused = sandbox_paused(s->sb);
    int rc = sandbox_run(s->sb, "tick", s->ctx_json, &run->res);
    run->actions = s->run.actions_ok;
    run->denied = s->run.denied;
    run->paused_now = !was_paused && sandbox_paused(s->sb);
    const struct sandbox_result *r = &run->res;
    if (rc == 0) {
        if (s->h->log_runs || s->run.actions_ok || s->run.denied)
            log_info("strategy.run", "%s: ok in %llu ms, %llu instructions, %d action%s%s%s", s->cs->name,
                     (unsigned long long)r->elapsed_ms, (unsigned long long)r->instructions, s->run.actions_ok,
                     s->run.actions_ok == 1 ? "" : "s", s->run.denied ? ", denied " : "",
                     s->run.denied ? "by policy" : "");
    } else {
        log_warn("strategy.failed", "%s: %s: %s (%u consecutive)", s->cs->name, sandbox_status_name(r->status),
                 r->message, sandbox_consecutive_failures(s->sb));
    }
    if ((!s->h->private_store || rc != 0 || s->run.actions_ok || s->run.denied) &&
        strategy_status_record(s, r, &err) != 0)
        log_error("strategy.status", "%s: %s", s->cs->name, err.msg);
    if (run->paused_now) {
        char why[SANDBOX_MSG_MAX + 64];
        snprintf(why, sizeof why, "%u consecutive failed runs; last: %s", sandbox_consecutive_failures(s->sb),
                 r->message);
        log_warn("strategy.paused", "%s: paused after %s (steward strategy resume %s lifts it)", s->cs->name, why,
                 s->cs->name);
        if (strategy_status_set_paused(s->h->env->store, s->cs->name, 1, why, &err) != 0)
            log_error("strategy.status", "%s: %s", s->cs->name, err.msg);
        s->paused = 1;
    }
    return rc;
}

int strategy_paused(const struct strategy *s)
{
    return s->paused;
}

void strategy_set_next_due(struct strategy *s, int64_t wall_ms)
{
    s->next_due_ms = wall_ms;
}

const char *strategy_name(const struct strategy *s)
{
    return s->cs->name;
}

const struct config_strategy *strategy_config(const struct strategy *s)
{
    return s->cs;
}

struct sandbox *strategy_sandbox(struct strategy *s)
{
    return s->sb;
}

void strategy_free(struct strategy *s)
{
    if (s == NULL)
        return;
    sandbox_free(s->sb);
    free(s->ctx_json);
    json_decref(s->run.actions);
    json_decref(s->run.logs);
    json_decref(s->scratch);
    free(s);
}
