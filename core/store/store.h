/* store.h: steward's embedded database (SQLite), opened once per process and shared by the
 * modules that persist things: the audit log (store/audit.h), per-strategy state
 * (store/state.h) and, later, policy reservations.
 *
 * Durability. Anything that authorises spending (a policy reservation, the audit record of a
 * signature) must be on disk before it takes effect, so the database runs in WAL mode with
 * synchronous=FULL: every COMMIT fsyncs the write-ahead log before it returns. With
 * synchronous=NORMAL, WAL commits are only fsynced at checkpoints; the database stays
 * consistent after a power loss but the last committed transactions can vanish. For steward
 * that would mean a spend whose reservation (and audit record) is forgotten after a crash, so
 * the budget could be spent twice and the log would miss a signature. FULL costs one fsync per
 * commit, which is small next to a chain transaction.
 *
 * Threads. A `struct store` is one SQLite connection with its own transaction state: use it
 * from one thread at a time (or open one store per thread; SQLite serialises writers across
 * connections and processes, waiting up to the busy timeout).
 *
 * Schema. store_open applies versioned migrations (store/migrate.h, docs/store.md). A database
 * written by a newer steward (a higher schema version than this build knows) is refused,
 * never "downgraded". */
#ifndef STEWARD_STORE_STORE_H
#define STEWARD_STORE_STORE_H

#include <sqlite3.h>

#include "util/err.h"

struct store;

/* File name of the database inside the data folder. */
#define STORE_DB_NAME "steward.db"

/* How long a statement waits for another connection's write lock before failing (ms), by
 * default. Generous on purpose: a refused audit append means a refused signature, and under a
 * burst of writers (100 `steward sign` processes, each committing with an fsync) the queue
 * can take seconds on a slow disk. */
#define STORE_BUSY_TIMEOUT_MS 30000

/* Opens (creating if needed) data_dir/steward.db.
 *  - data_dir and missing parents are created with mode 0700; an existing folder is used as
 *    is (a warning is logged when it is open to group or others).
 *  - a new database file is created with mode 0600 (SQLite gives its -wal and -shm files the
 *    same mode); an existing file open to group or others is tightened to 0600 with a warning.
 *  - sets journal_mode=WAL, synchronous=FULL, foreign_keys=ON, the busy timeout, and checks
 *    that each setting took effect.
 *  - applies pending schema migrations, each in its own transaction with its version bump.
 * On success *out owns the connection (free it with store_close). On failure *out is NULL and
 * err names the path and the cause. */
int store_open(const char *data_dir, struct store **out, st_err *err);

/* Closes the connection. An open transaction is rolled back (and a warning logged). NULL is
 * a no-op. */
void store_close(struct store *s);

/* Changes how long this connection waits for a lock (ms, > 0) before a statement fails with
 * SQLITE_BUSY. Waiting sleeps in short random steps (1-8 ms) rather than SQLite's default
 * backoff up to 100 ms, so a writer that has waited long is not starved by newcomers. */
void store_set_busy_timeout(struct store *s, int ms);

/* The schema version of the open database (PRAGMA user_version), or -1 on error. After a
 * successful store_open it equals store_schema_latest(). */
int store_schema_version(struct store *s);

/* The schema version this build migrates to. */
int store_schema_latest(void);

/* The underlying connection, for modules that run their own statements. Do not close it, and
 * do not issue BEGIN/COMMIT/ROLLBACK on it: use the functions below so nesting stays right. */
sqlite3 *store_db(struct store *s);

/* Transactions.
 *
 * store_begin opens a write transaction with BEGIN IMMEDIATE: the write lock is taken at the
 * start, so a read-then-write step (read the budget, reserve it, append the audit record)
 * cannot be interleaved with another writer and never fails half-way with SQLITE_BUSY on
 * upgrade. Calls nest: inside an open transaction store_begin creates a savepoint, and the
 * matching store_commit/store_rollback releases or undoes only that level. Nothing is durable
 * until the outermost store_commit returns 0.
 *
 * Every store_begin that returned 0 must be matched by exactly one store_commit or
 * store_rollback. store_commit returns -1 (and the level is closed, its work undone) if the
 * commit fails, including when SQLite already rolled the transaction back after an earlier
 * error. store_rollback returns -1 only if SQLite refuses the rollback; the level is closed
 * either way. */
int store_begin(struct store *s, st_err *err);
int store_commit(struct store *s, st_err *err);
int store_rollback(struct store *s, st_err *err);

/* Depth of open store transactions (0 when none). */
int store_tx_depth(struct store *s);

/* Runs fn inside one store_begin/store_commit. fn returns 0 to commit or -1 to roll back (and
 * should set err). Returns 0 if fn succeeded and the commit succeeded, else -1. Nests like
 * store_begin. */
typedef int (*store_tx_fn)(struct store *s, void *ctx, st_err *err);
int store_tx(struct store *s, store_tx_fn fn, void *ctx, st_err *err);

#endif
