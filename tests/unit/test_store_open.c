/* test_store_open.c: opening the store: folder and file modes, pragmas, schema migrations
 * (from empty, refusing a newer schema, rolling back a failed one), transactions. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "testfs.h"
#include "store/migrate.h"
#include "store/store.h"

static char tmp_root[64];

static void path_in(char *out, size_t cap, const char *rel)
{
    snprintf(out, cap, "%s/%s", tmp_root, rel);
}

static int file_mode(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? (int)(st.st_mode & 0777) : -1;
}

static void pragma(struct store *s, const char *sql, char *out, size_t cap)
{
    sqlite3_stmt *st = NULL;
    out[0] = '\0';
    if (sqlite3_prepare_v2(store_db(s), sql, -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        snprintf(out, cap, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
}

static int count_rows(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st = NULL;
    int n = -1;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        n = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return n;
}

static int table_exists(sqlite3 *db, const char *name)
{
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM sqlite_master WHERE type='table' AND name='%s'",
             name);
    return count_rows(db, sql) == 1;
}

/* A new data folder (and missing parents) is 0700, the database 0600, even with umask 0. */
static void test_create_modes_and_pragmas(void)
{
    char dir[256], db[300], wal[310];
    path_in(dir, sizeof dir, "new/data");
    snprintf(db, sizeof db, "%s/" STORE_DB_NAME, dir);
    snprintf(wal, sizeof wal, "%s-wal", db);
    mode_t old = umask(0);
    st_err err = {0};
    struct store *s = NULL;
    CHECK(store_open(dir, &s, &err) == 0);
    umask(old);
    if (s == NULL) {
        fprintf(stderr, "store_open: %s\n", err.msg);
        return;
    }
    CHECK(file_mode(dir) == 0700);
    CHECK(file_mode(db) == 0600);
    /* The WAL file exists while the connection is open (the migrations wrote through it) and
     * takes the main file's mode. */
    CHECK(file_mode(wal) == 0600);

    char v[64];
    pragma(s, "PRAGMA journal_mode", v, sizeof v);
    CHECK_STR(v, "wal");
    pragma(s, "PRAGMA synchronous", v, sizeof v);
    CHECK_STR(v, "2"); /* FULL */
    pragma(s, "PRAGMA foreign_keys", v, sizeof v);
    CHECK_STR(v, "1");
    /* The busy wait is steward's own handler (store_set_busy_timeout), not SQLite's. */
    pragma(s, "PRAGMA busy_timeout", v, sizeof v);
    CHECK_STR(v, "0");

    CHECK(store_schema_latest() >= 2);
    CHECK(store_schema_version(s) == store_schema_latest());
    CHECK(table_exists(store_db(s), "audit"));
    CHECK(table_exists(store_db(s), "audit_head"));
    CHECK(table_exists(store_db(s), "strategy_state"));
    store_close(s);

    /* Reopening finds the schema current and changes nothing. */
    s = NULL;
    CHECK(store_open(dir, &s, &err) == 0);
    if (s) {
        CHECK(store_schema_version(s) == store_schema_latest());
        CHECK(count_rows(store_db(s), "SELECT count(*) FROM audit_head") == 1);
        store_close(s);
    }
}

/* An existing empty file (version 0) is migrated, and a loose mode is tightened. */
static void test_migrate_existing_empty_file(void)
{
    char dir[256], db[300];
    path_in(dir, sizeof dir, "empty");
    snprintf(db, sizeof db, "%s/" STORE_DB_NAME, dir);
    CHECK(mkdir(dir, 0700) == 0);
    FILE *f = fopen(db, "w");
    CHECK(f != NULL);
    if (f)
        fclose(f);
    CHECK(chmod(db, 0644) == 0);
    st_err err = {0};
    struct store *s = NULL;
    CHECK(store_open(dir, &s, &err) == 0);
    CHECK(file_mode(db) == 0600);
    if (s) {
        CHECK(store_schema_version(s) == store_schema_latest());
        store_close(s);
    }
}

/* A database from a newer build is refused and left untouched. */
static void test_refuse_future_version(void)
{
    char dir[256], db[300];
    path_in(dir, sizeof dir, "future");
    snprintf(db, sizeof db, "%s/" STORE_DB_NAME, dir);
    st_err err = {0};
    struct store *s = NULL;
    CHECK(store_open(dir, &s, &err) == 0);
    store_close(s);

    sqlite3 *raw = NULL;
    CHECK(sqlite3_open(db, &raw) == SQLITE_OK);
    char sql[64];
    int future = store_schema_latest() + 1;
    snprintf(sql, sizeof sql, "PRAGMA user_version = %d", future);
    CHECK(sqlite3_exec(raw, sql, NULL, NULL, NULL) == SQLITE_OK);
    sqlite3_close(raw);

    s = NULL;
    CHECK(store_open(dir, &s, &err) == -1);
    CHECK(s == NULL);
    CHECK(strstr(err.msg, "newer than this build knows") != NULL);
    CHECK(strstr(err.msg, STORE_DB_NAME) != NULL);

    CHECK(sqlite3_open(db, &raw) == SQLITE_OK);
    CHECK(count_rows(raw, "PRAGMA user_version") == future);
    sqlite3_close(raw);
}

/* A failing migration is rolled back with its version bump; earlier ones stay. */
static void test_failed_migration_rolls_back(void)
{
    sqlite3 *db = NULL;
    char path[256];
    path_in(path, sizeof path, "migrate.db");
    CHECK(sqlite3_open(path, &db) == SQLITE_OK);
    const struct store_migration bad[] = {
        {"first", "CREATE TABLE one (x INTEGER);"},
        {"second", "CREATE TABLE two (x INTEGER); INSERT INTO two VALUES (1);"
                   "INSERT INTO no_such_table VALUES (1);"},
    };
    st_err err = {0};
    CHECK(store_migrate(db, bad, 2, &err) == -1);
    CHECK(strstr(err.msg, "schema migration 2 (second) failed") != NULL);
    CHECK(strstr(err.msg, "no_such_table") != NULL);
    CHECK(count_rows(db, "PRAGMA user_version") == 1);
    CHECK(table_exists(db, "one"));
    CHECK(!table_exists(db, "two"));
    CHECK(sqlite3_get_autocommit(db)); /* no transaction left open */

    const struct store_migration good[] = {
        bad[0],
        {"second", "CREATE TABLE two (x INTEGER); INSERT INTO two VALUES (1);"},
    };
    st_err_clear(&err);
    CHECK(store_migrate(db, good, 2, &err) == 0);
    CHECK(count_rows(db, "PRAGMA user_version") == 2);
    CHECK(count_rows(db, "SELECT count(*) FROM two") == 1);
    /* Applying again is a no-op. */
    CHECK(store_migrate(db, good, 2, &err) == 0);
    CHECK(count_rows(db, "SELECT count(*) FROM two") == 1);
    /* A list shorter than the database's version is a newer database. */
    st_err_clear(&err);
    CHECK(store_migrate(db, good, 1, &err) == -1);
    CHECK(strstr(err.msg, "newer") != NULL);
    sqlite3_close(db);
}

static void test_open_errors(void)
{
    char file[256];
    path_in(file, sizeof file, "plainfile");
    FILE *f = fopen(file, "w");
    if (f)
        fclose(f);
    st_err err = {0};
    struct store *s = NULL;
    CHECK(store_open(file, &s, &err) == -1);
    CHECK(s == NULL);
    CHECK(strstr(err.msg, "plainfile") != NULL);
    st_err_clear(&err);
    CHECK(store_open("", &s, &err) == -1);
}

static int insert_and(struct store *s, void *ctx, st_err *err)
{
    int fail = *(int *)ctx;
    if (sqlite3_exec(store_db(s), "INSERT INTO t VALUES ('tx')", NULL, NULL, NULL) != SQLITE_OK)
        return st_err_set(err, "insert failed");
    return fail ? st_err_set(err, "asked to fail") : 0;
}

static void test_transactions(void)
{
    char dir[256];
    path_in(dir, sizeof dir, "tx");
    st_err err = {0};
    struct store *s = NULL;
    CHECK(store_open(dir, &s, &err) == 0);
    if (s == NULL)
        return;
    sqlite3 *db = store_db(s);
    CHECK(sqlite3_exec(db, "CREATE TABLE t (v TEXT)", NULL, NULL, NULL) == SQLITE_OK);

    CHECK(store_tx_depth(s) == 0);
    CHECK(store_begin(s, &err) == 0);
    CHECK(!sqlite3_get_autocommit(db));
    CHECK(sqlite3_exec(db, "INSERT INTO t VALUES ('a')", NULL, NULL, NULL) == SQLITE_OK);
    CHECK(store_rollback(s, &err) == 0);
    CHECK(count_rows(db, "SELECT count(*) FROM t") == 0);

    /* Nesting: an inner rollback undoes only the inner level. */
    CHECK(store_begin(s, &err) == 0);
    CHECK(sqlite3_exec(db, "INSERT INTO t VALUES ('outer1')", NULL, NULL, NULL) == SQLITE_OK);
    CHECK(store_begin(s, &err) == 0);
    CHECK(store_tx_depth(s) == 2);
    CHECK(sqlite3_exec(db, "INSERT INTO t VALUES ('inner')", NULL, NULL, NULL) == SQLITE_OK);
    CHECK(store_rollback(s, &err) == 0);
    CHECK(store_begin(s, &err) == 0);
    CHECK(sqlite3_exec(db, "INSERT INTO t VALUES ('inner2')", NULL, NULL, NULL) == SQLITE_OK);
    CHECK(store_commit(s, &err) == 0);
    CHECK(!sqlite3_get_autocommit(db)); /* the outer level is still open */
    CHECK(sqlite3_exec(db, "INSERT INTO t VALUES ('outer2')", NULL, NULL, NULL) == SQLITE_OK);
    CHECK(store_commit(s, &err) == 0);
    CHECK(store_tx_depth(s) == 0);
    CHECK(sqlite3_get_autocommit(db));
    CHECK(count_rows(db, "SELECT count(*) FROM t") == 3);
    CHECK(count_rows(db, "SELECT count(*) FROM t WHERE v = 'inner'") == 0);

    /* An outer rollback undoes a committed inner level. */
    CHECK(store_begin(s, &err) == 0);
    CHECK(store_begin(s, &err) == 0);
    CHECK(sqlite3_exec(db, "INSERT INTO t VALUES ('lost')", NULL, NULL, NULL) == SQLITE_OK);
    CHECK(store_commit(s, &err) == 0);
    CHECK(store_rollback(s, &err) == 0);
    CHECK(count_rows(db, "SELECT count(*) FROM t WHERE v = 'lost'") == 0);

    int fail = 1;
    st_err_clear(&err);
    CHECK(store_tx(s, insert_and, &fail, &err) == -1);
    CHECK_STR(err.msg, "asked to fail");
    CHECK(count_rows(db, "SELECT count(*) FROM t WHERE v = 'tx'") == 0);
    CHECK(store_tx_depth(s) == 0);
    fail = 0;
    CHECK(store_tx(s, insert_and, &fail, &err) == 0);
    CHECK(count_rows(db, "SELECT count(*) FROM t WHERE v = 'tx'") == 1);

    st_err_clear(&err);
    CHECK(store_commit(s, &err) == -1);
    CHECK(strstr(err.msg, "without an open transaction") != NULL);
    st_err_clear(&err);
    CHECK(store_rollback(s, &err) == -1);

    /* BEGIN IMMEDIATE takes the write lock at once: a second connection cannot start a write
     * transaction until the first ends. */
    struct store *b = NULL;
    CHECK(store_open(dir, &b, &err) == 0);
    if (b) {
        sqlite3_busy_timeout(store_db(b), 50);
        CHECK(store_begin(s, &err) == 0);
        st_err_clear(&err);
        CHECK(store_begin(b, &err) == -1);
        CHECK(strstr(err.msg, "locked") != NULL);
        CHECK(store_tx_depth(b) == 0);
        CHECK(store_commit(s, &err) == 0);
        st_err_clear(&err);
        CHECK(store_begin(b, &err) == 0);
        CHECK(store_commit(b, &err) == 0);
        store_close(b);
    }

    /* Closing with an open transaction rolls it back. */
    CHECK(store_begin(s, &err) == 0);
    CHECK(sqlite3_exec(db, "INSERT INTO t VALUES ('unfinished')", NULL, NULL, NULL) == SQLITE_OK);
    store_close(s);
    s = NULL;
    CHECK(store_open(dir, &s, &err) == 0);
    if (s) {
        CHECK(count_rows(store_db(s), "SELECT count(*) FROM t WHERE v = 'unfinished'") == 0);
        store_close(s);
    }
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* The busy handler waits for the configured time, no less and not much more, then fails with
 * SQLITE_BUSY; a lock released during the wait lets the waiter through. */
static void test_busy_wait(void)
{
    char dir[512];
    path_in(dir, sizeof dir, "busy");
    st_err err = {0};
    struct store *a = NULL, *b = NULL;
    CHECK(store_open(dir, &a, &err) == 0 && store_open(dir, &b, &err) == 0);
    if (!a || !b) {
        store_close(a);
        store_close(b);
        return;
    }
    store_set_busy_timeout(b, 300);
    CHECK(store_begin(a, &err) == 0);
    double t = now_ms();
    CHECK(store_begin(b, &err) == -1);
    double waited = now_ms() - t;
    CHECK((sqlite3_errcode(store_db(b)) & 0xff) == SQLITE_BUSY);
    CHECK(strstr(err.msg, "locked") != NULL);
    printf("busy: gave up after %.0f ms (timeout 300 ms)\n", waited);
    CHECK(waited >= 295 && waited < 10000);
    CHECK(store_commit(a, &err) == 0);
    /* Now the lock is free: the next begin succeeds at once. */
    CHECK(store_begin(b, &err) == 0);
    CHECK(store_commit(b, &err) == 0);
    store_close(a);
    store_close(b);
}

int main(void)
{
    testfs_mkdtemp(tmp_root, sizeof tmp_root, "steward-store-open");
    test_create_modes_and_pragmas();
    test_migrate_existing_empty_file();
    test_refuse_future_version();
    test_failed_migration_rolls_back();
    test_open_errors();
    test_transactions();
    test_busy_wait();
    testfs_rmtree(tmp_root);
    return check_summary();
}
