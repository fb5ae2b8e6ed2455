/* schema.c: the built-in schema migrations, oldest first. Never edit or reorder a released
 * entry: append a new one (see migrate.h and docs/store.md). */
#include "store/migrate.h"

static const struct store_migration migrations[] = {
    {
        "audit log",
        /* seq is the rowid: contiguous from 1, assigned by audit_append. The hash covers
         * every column but hash and sig (docs/store.md gives the encoding). */
        "CREATE TABLE audit ("
        "  seq       INTEGER PRIMARY KEY,"
        "  ts        TEXT NOT NULL,"
        "  kind      TEXT NOT NULL,"
        "  tenant    TEXT,"
        "  subject   TEXT NOT NULL,"
        "  detail    TEXT NOT NULL,"
        "  prev_hash BLOB NOT NULL CHECK (length(prev_hash) = 32),"
        "  hash      BLOB NOT NULL CHECK (length(hash) = 32),"
        "  sig       BLOB"
        ");"
        /* One row: the last record's seq and hash, moved in the same transaction as each
         * append, so deleting the tail of the log is visible. */
        "CREATE TABLE audit_head ("
        "  id   INTEGER PRIMARY KEY CHECK (id = 1),"
        "  seq  INTEGER NOT NULL,"
        "  hash BLOB NOT NULL CHECK (length(hash) = 32)"
        ");"
        "INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, zeroblob(32));"
        /* Guards against accidental edits by steward's own code or an operator's sqlite3
         * shell. They are not the security guarantee (anyone who can write the file can drop
         * them); the hash chain and the head are. */
        "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN"
        "  SELECT RAISE(ABORT, 'audit log is append-only: records cannot be changed');"
        "END;"
        "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN"
        "  SELECT RAISE(ABORT, 'audit log is append-only: records cannot be deleted');"
        "END;"
        "CREATE TRIGGER audit_in_sequence BEFORE INSERT ON audit"
        "  WHEN NEW.seq IS NOT (SELECT seq + 1 FROM audit_head WHERE id = 1) BEGIN"
        "  SELECT RAISE(ABORT, 'audit records are appended in sequence, after the head');"
        "END;"
        "CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head BEGIN"
        "  SELECT RAISE(ABORT, 'the audit head cannot be deleted');"
        "END;"
        "CREATE TRIGGER audit_head_forward BEFORE UPDATE ON audit_head"
        "  WHEN NEW.id IS NOT OLD.id OR NEW.seq IS NOT OLD.seq + 1"
        "    OR NEW.hash IS NOT (SELECT hash FROM audit WHERE seq = NEW.seq) BEGIN"
        "  SELECT RAISE(ABORT, 'the audit head only moves to the record just appended');"
        "END;",
    },
    {
        "strategy state",
        /* Keys and values are bytes (Lua strings are); BLOB comparison keeps listing order
         * byte-wise and deterministic. */
        "CREATE TABLE strategy_state ("
        "  strategy TEXT NOT NULL,"
        "  key      BLOB NOT NULL,"
        "  value    BLOB NOT NULL,"
        "  PRIMARY KEY (strategy, key)"
        ") WITHOUT ROWID;",
    },
    {
        "policy reservations and kill switch",
        /* One row per allowed policy decision (core/policy, docs/policy.md). amount is base
         * units as base-10 text (up to 2^256 - 1); ts_ms is the request's time. A row is
         * never deleted: a request that failed before signing is marked released. */
        "CREATE TABLE policy_reservation ("
        "  id             INTEGER PRIMARY KEY,"
        "  ts_ms          INTEGER NOT NULL,"
        "  tenant         TEXT NOT NULL,"
        "  strategy       TEXT,"
        "  chain          TEXT NOT NULL,"
        "  asset          TEXT NOT NULL,"
        "  to_addr        TEXT NOT NULL,"
        "  amount         TEXT NOT NULL,"
        "  decimals       INTEGER NOT NULL,"
        "  audit_seq      INTEGER,"
        "  released       INTEGER NOT NULL DEFAULT 0 CHECK (released IN (0, 1)),"
        "  release_reason TEXT"
        ");"
        "CREATE INDEX policy_reservation_tenant ON policy_reservation (tenant, chain, asset, ts_ms);"
        "CREATE INDEX policy_reservation_strategy ON policy_reservation (strategy, chain, asset, ts_ms);"
        "CREATE TRIGGER policy_reservation_no_delete BEFORE DELETE ON policy_reservation BEGIN"
        "  SELECT RAISE(ABORT, 'policy reservations cannot be deleted (release them)');"
        "END;"
        /* The global kill switch: one row. */
        "CREATE TABLE policy_switch ("
        "  id     INTEGER PRIMARY KEY CHECK (id = 1),"
        "  paused INTEGER NOT NULL CHECK (paused IN (0, 1)),"
        "  reason TEXT"
        ");"
        "INSERT INTO policy_switch (id, paused, reason) VALUES (1, 0, NULL);",
    },
    {
        "paper ledger and strategy status",
        /* Paper-trading chains (core/paper, docs/paper.md). Balances are base units as
         * base-10 text, keyed by asset symbol. seq moves on every transaction applied from the
         * account (nonce / spent inputs), so a transaction built before it moved is refused. */
        "CREATE TABLE paper_account ("
        "  chain   TEXT NOT NULL,"
        "  address TEXT NOT NULL,"
        "  seq     INTEGER NOT NULL DEFAULT 0,"
        "  PRIMARY KEY (chain, address)"
        ") WITHOUT ROWID;"
        "CREATE TABLE paper_balance ("
        "  chain   TEXT NOT NULL,"
        "  address TEXT NOT NULL,"
        "  asset   TEXT NOT NULL,"
        "  units   TEXT NOT NULL,"
        "  PRIMARY KEY (chain, address, asset)"
        ") WITHOUT ROWID;"
        /* What steward registered when it assembled a transaction, by the hash of its raw
         * form; applied (and marked) when the plugin broadcasts that raw transaction. */
        "CREATE TABLE paper_pending ("
        "  chain        TEXT NOT NULL,"
        "  raw_hash     BLOB NOT NULL,"
        "  txid         TEXT NOT NULL,"
        "  from_addr    TEXT NOT NULL,"
        "  seq_at_build INTEGER NOT NULL,"
        "  description  TEXT NOT NULL,"
        "  swap_buy     TEXT,"
        "  applied      INTEGER NOT NULL DEFAULT 0 CHECK (applied IN (0, 1)),"
        "  PRIMARY KEY (chain, raw_hash)"
        ") WITHOUT ROWID;"
        "CREATE TABLE paper_tx ("
        "  id        INTEGER PRIMARY KEY,"
        "  chain     TEXT NOT NULL,"
        "  txid      TEXT NOT NULL,"
        "  ts_ms     INTEGER NOT NULL,"
        "  kind      TEXT NOT NULL," /* funding, transfer, swap */
        "  from_addr TEXT,"
        "  to_addr   TEXT,"
        "  asset     TEXT,"
        "  amount    TEXT,"
        "  fee       TEXT,"
        "  bought    TEXT,"  /* swap: symbol */
        "  received  TEXT,"  /* swap: base units of the bought asset */
        "  price     TEXT,"  /* swap: the rate used, quote units per sold unit */
        "  UNIQUE (chain, txid)"
        ");"
        /* What `steward status` shows of each strategy, written by the agent after each run. */
        "CREATE TABLE strategy_status ("
        "  name          TEXT PRIMARY KEY,"
        "  runs          INTEGER NOT NULL DEFAULT 0,"
        "  failures      INTEGER NOT NULL DEFAULT 0," /* consecutive */
        "  paused        INTEGER NOT NULL DEFAULT 0 CHECK (paused IN (0, 1)),"
        "  paused_reason TEXT,"
        "  last_run_ms   INTEGER,"
        "  last_status   TEXT,"
        "  last_message  TEXT,"
        "  next_due_ms   INTEGER"
        ") WITHOUT ROWID;",
    },
};

const struct store_migration *store_migrations(int *count)
{
    *count = (int)(sizeof migrations / sizeof migrations[0]);
    return migrations;
}
