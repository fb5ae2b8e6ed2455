/* strategy_status.c: the strategy_status rows (what `steward status` shows) and the run
 * audit record. The pause flag lives here so that another process (steward strategy resume)
 * can lift it while the agent runs. */
#include <stdio.h>
#include <string.h>

#include "store/audit.h"
#include "strategy/strategy_internal.h"
#include "util/log.h"

static int db_err(sqlite3 *db, st_err *err, const char *what)
{
    return st_err_set(err, "strategy status: %s: %s", what, sqlite3_errmsg(db));
}

static int read_paused(struct store *st, const char *name, int *paused, st_err *err)
{
    sqlite3 *db = store_db(st);
    sqlite3_stmt *q = NULL;
    *paused = 0;
    if (sqlite3_prepare_v2(db, "SELECT paused FROM strategy_status WHERE name = ?", -1, &q, NULL) != SQLITE_OK)
        return db_err(db, err, "read");
    sqlite3_bind_text(q, 1, name, -1, SQLITE_STATIC);
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW)
        *paused = sqlite3_column_int(q, 0);
    sqlite3_finalize(q);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_err(db, err, "read");
}

int strategy_status_load(struct strategy *s, st_err *err)
{
    return read_paused(s->h->env->store, s->cs->name, &s->paused, err);
}

int strategy_sync(struct strategy *s, st_err *err)
{
    int paused;
    if (read_paused(s->h->env->store, s->cs->name, &paused, err) != 0)
        return -1;
    if (s->paused && !paused) {
        sandbox_resume(s->sb);
        log_info("strategy.resumed", "%s: resumed", s->cs->name);
    }
    s->paused = paused;
    return 0;
}

struct record_ctx {
    struct strategy *s;
    const struct sandbox_result *res;
};

static int record(struct store *st, void *arg, st_err *err)
{
    struct record_ctx *c = arg;
    struct strategy *s = c->s;
    const struct sandbox_result *r = c->res;
    sqlite3 *db = store_db(st);
    sqlite3_stmt *q = NULL;
    int ok = r->status == SANDBOX_OK;
    if (sqlite3_prepare_v2(db,
                           "INSERT INTO strategy_status (name, runs, failures, last_run_ms, last_status, last_message, "
                           "next_due_ms) VALUES (?1, 1, ?2, ?3, ?4, ?5, ?6) "
                           "ON CONFLICT (name) DO UPDATE SET runs = runs + 1, "
                           "failures = CASE WHEN ?2 = 0 THEN 0 ELSE failures + 1 END, last_run_ms = ?3, "
                           "last_status = ?4, last_message = ?5, next_due_ms = ?6",
                           -1, &q, NULL) != SQLITE_OK)
        return db_err(db, err, "record");
    sqlite3_bind_text(q, 1, s->cs->name, -1, SQLITE_STATIC);
    sqlite3_bind_int(q, 2, ok ? 0 : 1);
    sqlite3_bind_int64(q, 3, intent_now_ms(s->h->env));
    sqlite3_bind_text(q, 4, sandbox_status_name(r->status), -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 5, ok ? r->value : r->message, -1, SQLITE_STATIC);
    if (s->next_due_ms)
        sqlite3_bind_int64(q, 6, s->next_due_ms);
    else
        sqlite3_bind_null(q, 6);
    int rc = sqlite3_step(q);
    sqlite3_finalize(q);
    if (rc != SQLITE_DONE)
        return db_err(db, err, "record");
    /* The run's audit record: what it did, or why it failed. Quiet hosts (backtests) skip
     * runs that neither acted nor failed. */
    if (ok && s->h->audit_quiet_runs && json_array_size(s->run.actions) == 0)
        return 0;
    json_t *d = json_pack("{s:s, s:I, s:I, s:O, s:O, s:i}", "status", sandbox_status_name(r->status), "instructions",
                          (json_int_t)r->instructions, "elapsed_ms", (json_int_t)r->elapsed_ms, "actions",
                          s->run.actions, "logs", s->run.logs, "calls", (int)s->run.calls);
    if (!ok) {
        json_object_set_new(d, "message", json_string(r->message));
        if (r->traceback[0])
            json_object_set_new(d, "traceback", json_string(r->traceback));
    }
    char *text = json_dumps(d, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(d);
    if (text == NULL)
        return st_err_set(err, "out of memory");
    rc = audit_append(st, "strategy.run", s->cs->tenant, s->cs->name, text, NULL, err);
    free(text);
    return rc;
}

int strategy_status_record(struct strategy *s, const struct sandbox_result *res, st_err *err)
{
    struct record_ctx c = {s, res};
    return store_tx(s->h->env->store, record, &c, err);
}

struct pause_ctx {
    const char *name;
    int paused;
    const char *reason;
    int was;
};

static int set_paused(struct store *st, void *arg, st_err *err)
{
    struct pause_ctx *c = arg;
    sqlite3 *db = store_db(st);
    if (read_paused(st, c->name, &c->was, err) != 0)
        return -1;
    if (c->was == c->paused)
        return 0;
    sqlite3_stmt *q = NULL;
    if (sqlite3_prepare_v2(db,
                           "INSERT INTO strategy_status (name, paused, paused_reason) VALUES (?1, ?2, ?3) "
                           "ON CONFLICT (name) DO UPDATE SET paused = ?2, paused_reason = ?3, "
                           "failures = CASE WHEN ?2 = 0 THEN 0 ELSE failures END",
                           -1, &q, NULL) != SQLITE_OK)
        return db_err(db, err, "pause");
    sqlite3_bind_text(q, 1, c->name, -1, SQLITE_STATIC);
    sqlite3_bind_int(q, 2, c->paused);
    if (c->reason)
        sqlite3_bind_text(q, 3, c->reason, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(q, 3);
    int rc = sqlite3_step(q);
    sqlite3_finalize(q);
    if (rc != SQLITE_DONE)
        return db_err(db, err, "pause");
    json_t *d = json_pack("{s:s?}", "reason", c->reason);
    char *text = json_dumps(d, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(d);
    rc = audit_append(st, c->paused ? "strategy.paused" : "strategy.resumed", NULL, c->name, text ? text : "{}", NULL,
                      err);
    free(text);
    return rc;
}

int strategy_status_set_paused(struct store *st, const char *name, int paused, const char *reason, st_err *err)
{
    struct pause_ctx c = {name, paused, reason, 0};
    return store_tx(st, set_paused, &c, err);
}

int strategy_status_resume(struct store *st, const char *name, st_err *err)
{
    struct pause_ctx c = {name, 0, NULL, 0};
    if (store_tx(st, set_paused, &c, err) != 0)
        return -1;
    return c.was;
}
