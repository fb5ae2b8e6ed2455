/* state.c: per-strategy key/value state (see state.h). */
#include "store/state.h"

#include <stdlib.h>
#include <string.h>

static int check_strategy(const char *strategy, st_err *err)
{
    if (strategy == NULL || strategy[0] == '\0')
        return st_err_set(err, "state: strategy id is empty");
    size_t n = strlen(strategy);
    if (n > STATE_STRATEGY_MAX)
        return st_err_set(err, "state: strategy id is %zu bytes, the limit is %d", n,
                          STATE_STRATEGY_MAX);
    return 0;
}

static int check_key(const char *strategy, const void *key, size_t key_len, st_err *err)
{
    if (check_strategy(strategy, err) != 0)
        return -1;
    if (key == NULL || key_len == 0)
        return st_err_set(err, "state: %s: key is empty", strategy);
    if (key_len > STATE_KEY_MAX)
        return st_err_set(err, "state: %s: key is %zu bytes, the limit is %d", strategy, key_len,
                          STATE_KEY_MAX);
    return 0;
}

/* Prepares sql and binds (strategy, key) to parameters 1 and 2. */
static sqlite3_stmt *prepare_key(sqlite3 *db, const char *sql, const char *strategy,
                                 const void *key, size_t key_len, st_err *err)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
        st_err_set(err, "state: %s", sqlite3_errmsg(db));
        return NULL;
    }
    sqlite3_bind_text(st, 1, strategy, -1, SQLITE_STATIC);
    sqlite3_bind_blob(st, 2, key, (int)key_len, SQLITE_STATIC);
    return st;
}

static int step_done(sqlite3 *db, sqlite3_stmt *st, const char *strategy, st_err *err)
{
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return st_err_set(err, "state: %s: %s", strategy, sqlite3_errmsg(db));
    return 0;
}

int state_set(struct store *s, const char *strategy, const void *key, size_t key_len,
              const void *value, size_t value_len, st_err *err)
{
    if (check_key(strategy, key, key_len, err) != 0)
        return -1;
    if (value_len > STATE_VALUE_MAX)
        return st_err_set(err, "state: %s: value is %zu bytes, the limit is %d", strategy,
                          value_len, STATE_VALUE_MAX);
    if (value == NULL && value_len > 0)
        return st_err_set(err, "state: %s: value is NULL", strategy);
    sqlite3 *db = store_db(s);
    sqlite3_stmt *st = prepare_key(db,
                                   "INSERT INTO strategy_state (strategy, key, value)"
                                   " VALUES (?, ?, ?)"
                                   " ON CONFLICT (strategy, key)"
                                   " DO UPDATE SET value = excluded.value",
                                   strategy, key, key_len, err);
    if (st == NULL)
        return -1;
    /* An empty value is stored as a zero-length blob, not NULL (a NULL pointer would bind
     * NULL). */
    sqlite3_bind_blob(st, 3, value_len ? value : "", (int)value_len, SQLITE_STATIC);
    return step_done(db, st, strategy, err);
}

int state_get(struct store *s, const char *strategy, const void *key, size_t key_len,
              void **value, size_t *value_len, int *found, st_err *err)
{
    *value = NULL;
    *value_len = 0;
    *found = 0;
    if (check_key(strategy, key, key_len, err) != 0)
        return -1;
    sqlite3 *db = store_db(s);
    sqlite3_stmt *st = prepare_key(db,
                                   "SELECT value FROM strategy_state"
                                   " WHERE strategy = ? AND key = ?",
                                   strategy, key, key_len, err);
    if (st == NULL)
        return -1;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_DONE) {
        sqlite3_finalize(st);
        return 0;
    }
    if (rc != SQLITE_ROW) {
        st_err_set(err, "state: %s: %s", strategy, sqlite3_errmsg(db));
        sqlite3_finalize(st);
        return -1;
    }
    const void *b = sqlite3_column_blob(st, 0);
    size_t n = (size_t)sqlite3_column_bytes(st, 0);
    char *copy = malloc(n + 1);
    if (copy == NULL) {
        sqlite3_finalize(st);
        return st_err_set(err, "state: out of memory");
    }
    if (n)
        memcpy(copy, b, n);
    copy[n] = '\0';
    sqlite3_finalize(st);
    *value = copy;
    *value_len = n;
    *found = 1;
    return 0;
}

int state_delete(struct store *s, const char *strategy, const void *key, size_t key_len,
                 int *existed, st_err *err)
{
    if (existed)
        *existed = 0;
    if (check_key(strategy, key, key_len, err) != 0)
        return -1;
    sqlite3 *db = store_db(s);
    sqlite3_stmt *st = prepare_key(db, "DELETE FROM strategy_state WHERE strategy = ? AND key = ?",
                                   strategy, key, key_len, err);
    if (st == NULL)
        return -1;
    if (step_done(db, st, strategy, err) != 0)
        return -1;
    if (existed)
        *existed = sqlite3_changes(db) > 0;
    return 0;
}

int state_list(struct store *s, const char *strategy, state_key_fn fn, void *ctx, st_err *err)
{
    if (check_strategy(strategy, err) != 0)
        return -1;
    sqlite3 *db = store_db(s);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, "SELECT key FROM strategy_state WHERE strategy = ? ORDER BY key",
                           -1, &st, NULL) != SQLITE_OK)
        return st_err_set(err, "state: %s", sqlite3_errmsg(db));
    sqlite3_bind_text(st, 1, strategy, -1, SQLITE_STATIC);
    int rc, ret = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int r = fn(sqlite3_column_blob(st, 0), (size_t)sqlite3_column_bytes(st, 0), ctx);
        if (r < 0) {
            ret = st_err_set(err, "state: %s: listing stopped by the caller", strategy);
            break;
        }
        if (r > 0)
            break;
    }
    if (ret == 0 && rc != SQLITE_ROW && rc != SQLITE_DONE)
        ret = st_err_set(err, "state: %s: %s", strategy, sqlite3_errmsg(db));
    sqlite3_finalize(st);
    return ret;
}
