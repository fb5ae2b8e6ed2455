/* migrate.h: versioned schema migrations, keyed on SQLite's PRAGMA user_version.
 *
 * The schema is an ordered list: entry i (0-based) takes the database from version i to
 * version i+1. An empty database has version 0. Released entries are never edited or
 * reordered (databases in the field already ran them); a schema change is a new entry at the
 * end. store_open runs store_migrate with the built-in list; tests run it with their own.
 *
 * Each migration runs in its own BEGIN IMMEDIATE transaction together with its
 * `PRAGMA user_version = i+1`, so a migration either lands whole with its version bump or not
 * at all, and two processes opening the same database cannot both apply it. */
#ifndef STEWARD_STORE_MIGRATE_H
#define STEWARD_STORE_MIGRATE_H

#include <sqlite3.h>

#include "util/err.h"

struct store_migration {
    const char *name; /* short description, used in error messages */
    const char *sql;  /* one or more statements; no BEGIN/COMMIT of its own */
};

/* The built-in migrations; *count gets their number (= store_schema_latest()). */
const struct store_migration *store_migrations(int *count);

/* Brings db up to version `count` with list[version..count-1].
 * Refuses (without changing anything) a database whose user_version is above `count`: it was
 * written by a newer build whose schema this one does not know. A failing migration is rolled
 * back, leaving the database at the version before it; the error names the migration.
 * Migrations already applied before the failing one stay applied. */
int store_migrate(sqlite3 *db, const struct store_migration *list, int count, st_err *err);

/* Reads PRAGMA user_version into *version. */
int store_user_version(sqlite3 *db, int *version, st_err *err);

#endif
