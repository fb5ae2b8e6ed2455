/* store.c: opening the database (files, modes, pragmas, migrations) and transactions. */
#include "store/store.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "store/migrate.h"
#include "util/fsutil.h"
#include "util/log.h"

struct store {
    sqlite3 *db;
    int depth;     /* open store_begin levels */
    int top_begun; /* 1 if level 1 issued BEGIN (else it is a savepoint in a foreign tx) */
    int busy_timeout_ms;
    long long busy_started_ms; /* when the current wait began (busy handler count 0) */
    unsigned busy_rand;        /* xorshift state for the sleep steps */
};

static long long monotonic_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* SQLite calls this while a lock is held elsewhere; returning 0 gives up (SQLITE_BUSY).
 * SQLite's own handler backs off to 100 ms sleeps, which lets fresh writers overtake one
 * that has waited long; short random steps keep the wait roughly first-come, fair. */
static int busy_wait(void *arg, int count)
{
    struct store *s = arg;
    long long now = monotonic_ms();
    if (count == 0)
        s->busy_started_ms = now;
    if (now - s->busy_started_ms >= s->busy_timeout_ms)
        return 0;
    s->busy_rand ^= s->busy_rand << 13;
    s->busy_rand ^= s->busy_rand >> 17;
    s->busy_rand ^= s->busy_rand << 5;
    struct timespec ts = {0, (long)(1 + s->busy_rand % 8) * 1000000L};
    nanosleep(&ts, NULL);
    return 1;
}

void store_set_busy_timeout(struct store *s, int ms)
{
    if (s && ms > 0)
        s->busy_timeout_ms = ms;
}

static int exec(sqlite3 *db, const char *sql, st_err *err)
{
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        st_err_set(err, "%s: %s", sql, msg ? msg : sqlite3_errmsg(db));
        sqlite3_free(msg);
        return -1;
    }
    return 0;
}

/* Runs a pragma that returns one row and copies its first column as text. */
static int pragma_text(sqlite3 *db, const char *sql, char *out, size_t cap, st_err *err)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        return st_err_set(err, "%s: %s", sql, sqlite3_errmsg(db));
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        st_err_set(err, "%s: %s", sql, rc == SQLITE_DONE ? "no result" : sqlite3_errmsg(db));
        sqlite3_finalize(st);
        return -1;
    }
    const unsigned char *t = sqlite3_column_text(st, 0);
    snprintf(out, cap, "%s", t ? (const char *)t : "");
    sqlite3_finalize(st);
    return 0;
}

/* Sets a pragma and reads it back: a setting SQLite silently ignores (WAL on a file system
 * without shared memory, say) must not pass for one that took effect. */
static int pragma_check(sqlite3 *db, const char *set, const char *get, const char *want,
                        st_err *err)
{
    char got[64];
    if (exec(db, set, err) != 0 || pragma_text(db, get, got, sizeof got, err) != 0)
        return -1;
    if (strcmp(got, want) != 0)
        return st_err_set(err, "%s did not take effect (reads back \"%s\", want \"%s\")", set,
                          got, want);
    return 0;
}

/* Creates the database file with mode 0600 before SQLite opens it: SQLite would create it
 * with 0644 (minus umask), and the WAL and shared-memory files copy the main file's mode. */
static int prepare_db_file(const char *dir, const char *path, st_err *err)
{
    int fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd >= 0) {
        /* The umask may have removed owner bits; set exactly 0600. */
        int rc = fchmod(fd, 0600);
        int e = errno;
        close(fd);
        if (rc != 0)
            return st_err_set(err, "%s: cannot set mode 0600: %s", path, strerror(e));
        /* Make the new directory entry durable. */
        int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (dfd >= 0) {
            fsync(dfd);
            close(dfd);
        }
        return 0;
    }
    if (errno != EEXIST)
        return st_err_set(err, "%s: cannot create: %s", path, strerror(errno));
    struct stat st;
    if (lstat(path, &st) != 0)
        return st_err_set(err, "%s: %s", path, strerror(errno));
    if (!S_ISREG(st.st_mode))
        return st_err_set(err, "%s: not a regular file", path);
    if (st.st_mode & 077) {
        if (chmod(path, 0600) != 0)
            return st_err_set(err, "%s: mode %03o is open to others and cannot be tightened: %s",
                              path, (unsigned)(st.st_mode & 0777), strerror(errno));
        log_warn("store.mode", "%s: mode was %03o, tightened to 600", path,
                 (unsigned)(st.st_mode & 0777));
    }
    return 0;
}

static int prepare_dir(const char *dir, st_err *err)
{
    int existed = fs_exists(dir);
    if (fs_mkdir_p(dir, 0700, err) != 0)
        return -1;
    if (!existed) {
        if (chmod(dir, 0700) != 0) /* exactly 0700, whatever the umask */
            return st_err_set(err, "%s: cannot set mode 0700: %s", dir, strerror(errno));
        return 0;
    }
    struct stat st;
    if (stat(dir, &st) == 0 && (st.st_mode & 077))
        log_warn("store.mode", "data folder %s has mode %03o; 700 is recommended", dir,
                 (unsigned)(st.st_mode & 0777));
    return 0;
}

int store_open(const char *data_dir, struct store **out, st_err *err)
{
    *out = NULL;
    if (data_dir == NULL || data_dir[0] == '\0')
        return st_err_set(err, "store: no data folder given");
    if (prepare_dir(data_dir, err) != 0)
        return -1;
    size_t n = strlen(data_dir) + sizeof "/" STORE_DB_NAME;
    char *path = malloc(n);
    if (path == NULL)
        return st_err_set(err, "store: out of memory");
    snprintf(path, n, "%s/%s", data_dir, STORE_DB_NAME);
    if (prepare_db_file(data_dir, path, err) != 0) {
        free(path);
        return -1;
    }

    struct store *s = calloc(1, sizeof *s);
    if (s == NULL) {
        free(path);
        return st_err_set(err, "store: out of memory");
    }
    /* READWRITE without CREATE: the file exists (prepare_db_file), and if it vanished in
     * between we want an error, not a new file with the default mode. */
    int rc = sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW, NULL);
    if (rc != SQLITE_OK) {
        st_err_set(err, "%s: cannot open: %s", path,
                   s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc));
        goto fail;
    }
    sqlite3_extended_result_codes(s->db, 1);
    s->busy_timeout_ms = STORE_BUSY_TIMEOUT_MS;
    s->busy_rand = ((unsigned)getpid() * 2654435761u ^ (unsigned)monotonic_ms()) | 1u;
    sqlite3_busy_handler(s->db, busy_wait, s);
    /* The schema is ours alone: do not let it run functions with side effects. */
    if (exec(s->db, "PRAGMA trusted_schema = OFF", err) != 0 ||
        pragma_check(s->db, "PRAGMA journal_mode = WAL", "PRAGMA journal_mode", "wal", err) != 0 ||
        pragma_check(s->db, "PRAGMA synchronous = FULL", "PRAGMA synchronous", "2", err) != 0 ||
        pragma_check(s->db, "PRAGMA foreign_keys = ON", "PRAGMA foreign_keys", "1", err) != 0)
        goto fail_wrap;
    int count;
    const struct store_migration *list = store_migrations(&count);
    if (store_migrate(s->db, list, count, err) != 0)
        goto fail_wrap;
    free(path);
    *out = s;
    return 0;

fail_wrap:
    st_err_wrap(err, "%s", path);
fail:
    sqlite3_close_v2(s->db);
    free(s);
    free(path);
    return -1;
}

void store_close(struct store *s)
{
    if (s == NULL)
        return;
    if (s->depth > 0 || !sqlite3_get_autocommit(s->db)) {
        log_warn("store.close", "closing the store with an open transaction; rolling it back");
        if (!sqlite3_get_autocommit(s->db))
            exec(s->db, "ROLLBACK", NULL);
    }
    sqlite3_close_v2(s->db);
    free(s);
}

int store_schema_version(struct store *s)
{
    int v;
    if (store_user_version(s->db, &v, NULL) != 0)
        return -1;
    return v;
}

int store_schema_latest(void)
{
    int count;
    store_migrations(&count);
    return count;
}

sqlite3 *store_db(struct store *s)
{
    return s->db;
}

int store_tx_depth(struct store *s)
{
    return s->depth;
}

/* Levels: level 1 is BEGIN IMMEDIATE when no transaction is open on the connection (the normal
 * case); every deeper level, and level 1 inside a transaction someone else opened, is a
 * savepoint. One savepoint name serves all levels: RELEASE and ROLLBACK TO act on the most
 * recent savepoint of that name, which is the innermost level. */
int store_begin(struct store *s, st_err *err)
{
    if (s->depth > 0 && sqlite3_get_autocommit(s->db))
        return st_err_set(err, "store: the transaction was rolled back after an earlier error");
    int top = s->depth == 0 && sqlite3_get_autocommit(s->db);
    if (exec(s->db, top ? "BEGIN IMMEDIATE" : "SAVEPOINT steward_tx", err) != 0)
        return st_err_wrap(err, "store: cannot start a transaction");
    if (s->depth == 0)
        s->top_begun = top;
    s->depth++;
    return 0;
}

static int level_is_savepoint(const struct store *s)
{
    return s->depth > 1 || !s->top_begun;
}

int store_commit(struct store *s, st_err *err)
{
    if (s->depth == 0)
        return st_err_set(err, "store: commit without an open transaction");
    int savepoint = level_is_savepoint(s);
    s->depth--;
    if (sqlite3_get_autocommit(s->db)) {
        /* SQLite rolled the whole transaction back after an error (disk full, I/O error,
         * interrupt): whatever this level did is gone, so it must not report success. */
        return st_err_set(err, "store: the transaction was rolled back after an earlier error");
    }
    if (savepoint)
        return exec(s->db, "RELEASE steward_tx", err) == 0
                   ? 0
                   : st_err_wrap(err, "store: cannot commit");
    if (exec(s->db, "COMMIT", err) != 0) {
        if (!sqlite3_get_autocommit(s->db))
            exec(s->db, "ROLLBACK", NULL);
        return st_err_wrap(err, "store: commit failed, the transaction was rolled back");
    }
    return 0;
}

int store_rollback(struct store *s, st_err *err)
{
    if (s->depth == 0)
        return st_err_set(err, "store: rollback without an open transaction");
    int savepoint = level_is_savepoint(s);
    s->depth--;
    if (sqlite3_get_autocommit(s->db))
        return 0; /* already rolled back by SQLite */
    if (savepoint) {
        /* ROLLBACK TO undoes the level's work but keeps the savepoint; RELEASE closes it. */
        if (exec(s->db, "ROLLBACK TO steward_tx", err) != 0 ||
            exec(s->db, "RELEASE steward_tx", err) != 0)
            return st_err_wrap(err, "store: cannot roll back");
        return 0;
    }
    if (exec(s->db, "ROLLBACK", err) != 0)
        return st_err_wrap(err, "store: cannot roll back");
    return 0;
}

int store_tx(struct store *s, store_tx_fn fn, void *ctx, st_err *err)
{
    if (store_begin(s, err) != 0)
        return -1;
    if (fn(s, ctx, err) != 0) {
        store_rollback(s, NULL);
        return -1;
    }
    return store_commit(s, err);
}
