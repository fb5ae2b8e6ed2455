/* migrate.c: applies store_migration lists (see migrate.h). */
#include "store/migrate.h"

#include <stdio.h>

static int exec(sqlite3 *db, const char *sql, st_err *err)
{
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        st_err_set(err, "%s", msg ? msg : sqlite3_errmsg(db));
        sqlite3_free(msg);
        return -1;
    }
    return 0;
}

int store_user_version(sqlite3 *db, int *version, st_err *err)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK)
        return st_err_set(err, "reading the schema version: %s", sqlite3_errmsg(db));
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        st_err_set(err, "reading the schema version: %s", sqlite3_errmsg(db));
        sqlite3_finalize(st);
        return -1;
    }
    *version = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return 0;
}

/* Applies list[v] inside the caller's transaction, with the bump to v+1. */
static int apply_one(sqlite3 *db, const struct store_migration *m, int v, st_err *err)
{
    if (exec(db, m->sql, err) != 0)
        return st_err_wrap(err, "schema migration %d (%s) failed", v + 1, m->name);
    char bump[64];
    snprintf(bump, sizeof bump, "PRAGMA user_version = %d", v + 1);
    if (exec(db, bump, err) != 0)
        return st_err_wrap(err, "schema migration %d (%s): setting the version", v + 1, m->name);
    return 0;
}

int store_migrate(sqlite3 *db, const struct store_migration *list, int count, st_err *err)
{
    /* The common case, a current schema, is settled by a plain read: opening the store must
     * not take the write lock, or many processes opening it at once (concurrent sign
     * requests) would queue behind each other and time out. */
    int current;
    if (store_user_version(db, &current, err) != 0)
        return -1;
    if (current == count)
        return 0;
    for (;;) {
        /* The version is re-read inside each write transaction: another process may have
         * migrated between our iterations, and BEGIN IMMEDIATE makes the read-then-apply
         * step exclusive. */
        if (exec(db, "BEGIN IMMEDIATE", err) != 0)
            return st_err_wrap(err, "starting a schema migration");
        int v;
        if (store_user_version(db, &v, err) != 0) {
            exec(db, "ROLLBACK", NULL);
            return -1;
        }
        if (v > count) {
            exec(db, "ROLLBACK", NULL);
            return st_err_set(err,
                              "database schema version %d is newer than this build knows (%d): "
                              "it was written by a newer steward; refusing to open it",
                              v, count);
        }
        if (v < 0) {
            exec(db, "ROLLBACK", NULL);
            return st_err_set(err, "database schema version %d is invalid", v);
        }
        if (v == count) {
            exec(db, "ROLLBACK", NULL); /* nothing was written */
            return 0;
        }
        if (apply_one(db, &list[v], v, err) != 0 || exec(db, "COMMIT", err) != 0) {
            /* A failed statement may already have ended the transaction; ROLLBACK then
             * reports an error we do not need. */
            if (!sqlite3_get_autocommit(db))
                exec(db, "ROLLBACK", NULL);
            return -1;
        }
    }
}
