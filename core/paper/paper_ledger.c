/* paper_ledger.c: balances, account sequence numbers, opening funds, and applying a broadcast
 * transaction in one durable store transaction. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "paper/paper_internal.h"
#include "paper/paper_swap.h"
#include "util/decimal.h"
#include "util/log.h"

static int db_err(struct paper_chain *pc, st_err *err, const char *what)
{
    return st_err_set(err, "paper %s: %s: %s", pc->chain, what, sqlite3_errmsg(store_db(pc->st)));
}

static sqlite3_stmt *prep(struct paper_chain *pc, const char *sql, st_err *err)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(store_db(pc->st), sql, -1, &st, NULL) != SQLITE_OK) {
        db_err(pc, err, "prepare");
        return NULL;
    }
    return st;
}

int paper_units(struct paper_chain *pc, const char *address, const char *symbol, uint8_t units[32], st_err *err)
{
    memset(units, 0, 32);
    sqlite3_stmt *st = prep(pc, "SELECT units FROM paper_balance WHERE chain = ? AND address = ? AND asset = ?", err);
    if (st == NULL)
        return -1;
    sqlite3_bind_text(st, 1, pc->chain, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, address, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, symbol, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW && units_from_string((const char *)sqlite3_column_text(st, 0), units) != 0)
        rc = SQLITE_CORRUPT;
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return db_err(pc, err, "balance");
    return 0;
}

static int set_units(struct paper_chain *pc, const char *address, const char *symbol, const uint8_t units[32],
                     st_err *err)
{
    char text[80];
    units_to_string(units, text, sizeof text);
    sqlite3_stmt *st = prep(pc,
                            "INSERT INTO paper_balance (chain, address, asset, units) VALUES (?, ?, ?, ?) "
                            "ON CONFLICT (chain, address, asset) DO UPDATE SET units = excluded.units",
                            err);
    if (st == NULL)
        return -1;
    sqlite3_bind_text(st, 1, pc->chain, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, address, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, symbol, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, text, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : db_err(pc, err, "update balance");
}

/* Adds (sign > 0) or takes (sign < 0) units; taking more than the balance is refused with a
 * node-like "insufficient funds" naming both amounts in display units. */
static int move_units(struct paper_chain *pc, const char *address, const char *symbol, unsigned decimals,
                      const uint8_t amount[32], int sign, st_err *err)
{
    uint8_t bal[32];
    if (paper_units(pc, address, symbol, bal, err) != 0)
        return -1;
    if (sign > 0 ? units_add(bal, bal, amount) != 0 : units_sub(bal, bal, amount) != 0) {
        char have[96], want[96];
        if (paper_units(pc, address, symbol, bal, err) != 0)
            return -1;
        units_to_decimal(bal, decimals, have, sizeof have);
        units_to_decimal(amount, decimals, want, sizeof want);
        return sign > 0 ? st_err_set(err, "paper %s: balance overflow", pc->chain)
                        : st_err_set(err, "insufficient funds: %s holds %s %s, the transaction needs %s", address, have,
                                     symbol, want);
    }
    return set_units(pc, address, symbol, bal, err);
}

int paper_balance(struct paper_chain *pc, const char *address, const char *asset, char *out, size_t cap, st_err *err)
{
    struct paper_asset a;
    if (pc->node->asset(pc, asset ? asset : pc->node->native, &a, err) != 0)
        return -1;
    uint8_t u[32];
    if (paper_units(pc, address, a.symbol, u, err) != 0)
        return -1;
    units_to_decimal(u, a.decimals, out, cap);
    return 0;
}

int paper_account_seq(struct paper_chain *pc, const char *address, int64_t *seq, st_err *err)
{
    *seq = 0;
    sqlite3_stmt *st = prep(pc, "SELECT seq FROM paper_account WHERE chain = ? AND address = ?", err);
    if (st == NULL)
        return -1;
    sqlite3_bind_text(st, 1, pc->chain, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, address, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *seq = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_err(pc, err, "account");
}

static int record_tx(struct paper_chain *pc, const char *txid, const char *kind, const char *from, const char *to,
                     const char *asset, const char *amount, const char *fee, const char *bought, const char *received,
                     const char *price, st_err *err)
{
    sqlite3_stmt *st = prep(pc,
                            "INSERT INTO paper_tx (chain, txid, ts_ms, kind, from_addr, to_addr, asset, amount, fee, "
                            "bought, received, price) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                            err);
    if (st == NULL)
        return -1;
    const char *v[] = {pc->chain, txid, NULL, kind, from, to, asset, amount, fee, bought, received, price};
    for (int i = 0; i < 12; i++) {
        if (i == 2)
            sqlite3_bind_int64(st, 3, paper_now_ms(pc));
        else if (v[i])
            sqlite3_bind_text(st, i + 1, v[i], -1, SQLITE_STATIC);
    }
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : db_err(pc, err, "record transaction");
}

struct fund_ctx {
    struct paper_chain *pc;
    const char *address;
    int funded;
};

static int fund_tx(struct store *s, void *arg, st_err *err)
{
    (void)s;
    struct fund_ctx *f = arg;
    struct paper_chain *pc = f->pc;
    sqlite3_stmt *st = prep(pc, "INSERT OR IGNORE INTO paper_account (chain, address, seq) VALUES (?, ?, 0)", err);
    if (st == NULL)
        return -1;
    sqlite3_bind_text(st, 1, pc->chain, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, f->address, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return db_err(pc, err, "account");
    if (sqlite3_changes(store_db(pc->st)) == 0)
        return 0; /* known already: funded once, long ago */
    for (size_t i = 0; i < pc->n_opening; i++) {
        const struct paper_opening *o = &pc->opening[i];
        char amount[80], txid[96];
        units_to_string(o->units, amount, sizeof amount);
        snprintf(txid, sizeof txid, "funding:%s:%s", o->symbol, f->address);
        if (move_units(pc, f->address, o->symbol, o->decimals, o->units, 1, err) != 0 ||
            record_tx(pc, txid, "funding", NULL, f->address, o->symbol, amount, "0", NULL, NULL, NULL, err) != 0)
            return -1;
    }
    f->funded = 1;
    return 0;
}

int paper_fund(struct paper_chain *pc, const char *address, st_err *err)
{
    struct fund_ctx f = {pc, address, 0};
    if (store_tx(pc->st, fund_tx, &f, err) != 0)
        return st_err_wrap(err, "paper %s: funding %s", pc->chain, address);
    if (f.funded)
        log_emit(LOG_INFO, "paper.funded", "chain=%s address=%s assets=%zu (paper trading: simulated funds)",
                 pc->chain, address, pc->n_opening);
    return 0;
}

int paper_tx_applied(struct paper_chain *pc, const char *txid, int *applied, int64_t *ts_ms, st_err *err)
{
    *applied = 0;
    if (ts_ms)
        *ts_ms = 0;
    sqlite3_stmt *st = prep(pc, "SELECT ts_ms FROM paper_tx WHERE chain = ? AND txid = ?", err);
    if (st == NULL)
        return -1;
    sqlite3_bind_text(st, 1, pc->chain, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, txid, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *applied = 1;
        if (ts_ms)
            *ts_ms = sqlite3_column_int64(st, 0);
    }
    sqlite3_finalize(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_err(pc, err, "transaction lookup");
}

struct submit_ctx {
    struct paper_chain *pc;
    uint8_t hash[32];
    char *txid;
    size_t cap;
};

static int get_units(const json_t *d, const char *key, uint8_t out[32])
{
    const char *s = json_string_value(json_object_get(d, key));
    return s && units_from_string(s, out) == 0 ? 0 : -1;
}

static int apply(struct store *s, void *arg, st_err *err)
{
    (void)s;
    struct submit_ctx *c = arg;
    struct paper_chain *pc = c->pc;
    sqlite3_stmt *st = prep(pc,
                            "SELECT txid, from_addr, seq_at_build, description, swap_buy, applied FROM paper_pending "
                            "WHERE chain = ? AND raw_hash = ?",
                            err);
    if (st == NULL)
        return -1;
    sqlite3_bind_text(st, 1, pc->chain, -1, SQLITE_STATIC);
    sqlite3_bind_blob(st, 2, c->hash, 32, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        sqlite3_finalize(st);
        return rc == SQLITE_DONE ? st_err_set(err, "transaction unknown to the paper ledger (only transactions "
                                                   "steward assembled can be broadcast on a paper chain)")
                                 : db_err(pc, err, "pending lookup");
    }
    char txid[128], from[128], buy[PAPER_SYMBOL_MAX + 1] = "";
    snprintf(txid, sizeof txid, "%s", (const char *)sqlite3_column_text(st, 0));
    snprintf(from, sizeof from, "%s", (const char *)sqlite3_column_text(st, 1));
    int64_t built_at = sqlite3_column_int64(st, 2);
    json_t *d = json_loads((const char *)sqlite3_column_text(st, 3), 0, NULL);
    if (sqlite3_column_type(st, 4) == SQLITE_TEXT)
        snprintf(buy, sizeof buy, "%s", (const char *)sqlite3_column_text(st, 4));
    int applied = sqlite3_column_int(st, 5);
    sqlite3_finalize(st);

    int ret = -1;
    int64_t seq;
    struct paper_asset a, native;
    uint8_t amount[32], fee[32] = {0};
    const char *to = json_string_value(json_object_get(d, "to"));
    if (applied) {
        st_err_set(err, "already applied: %s", txid);
        goto out;
    }
    if (paper_account_seq(pc, from, &seq, err) != 0)
        goto out;
    if (seq != built_at) {
        st_err_set(err, "stale: the sender moved since this transaction was built (sequence %" PRId64 " then, %" PRId64
                        " now; nonce too low or inputs already spent)",
                   built_at, seq);
        goto out;
    }
    if (!json_is_object(d) || to == NULL || get_units(d, "amount", amount) != 0 ||
        pc->node->asset(pc, json_string_value(json_object_get(d, "asset")), &a, err) != 0 ||
        pc->node->asset(pc, pc->node->native, &native, err) != 0) {
        if (!err->msg[0])
            st_err_set(err, "the recorded description is malformed");
        goto out;
    }
    get_units(d, "fee_max", fee); /* absent: no fee */
    if (move_units(pc, from, a.symbol, a.decimals, amount, -1, err) != 0 ||
        move_units(pc, from, native.symbol, native.decimals, fee, -1, err) != 0)
        goto out;
    char amount_s[80], fee_s[80], got_s[80] = "", price_s[96] = "";
    units_to_string(amount, amount_s, sizeof amount_s);
    units_to_string(fee, fee_s, sizeof fee_s);
    if (buy[0]) {
        struct paper_asset b;
        uint8_t got[32];
        if (pc->node->asset(pc, buy, &b, err) != 0 ||
            paper_swap_quote(pc, &a, &b, amount, got, price_s, sizeof price_s, err) != 0 ||
            move_units(pc, from, b.symbol, b.decimals, got, 1, err) != 0)
            goto out;
        units_to_string(got, got_s, sizeof got_s);
    } else if (move_units(pc, to, a.symbol, a.decimals, amount, 1, err) != 0) {
        goto out;
    }
    sqlite3_stmt *up = prep(pc,
                            "INSERT INTO paper_account (chain, address, seq) VALUES (?, ?, 1) "
                            "ON CONFLICT (chain, address) DO UPDATE SET seq = seq + 1",
                            err);
    if (up == NULL)
        goto out;
    sqlite3_bind_text(up, 1, pc->chain, -1, SQLITE_STATIC);
    sqlite3_bind_text(up, 2, from, -1, SQLITE_STATIC);
    rc = sqlite3_step(up);
    sqlite3_finalize(up);
    if (rc != SQLITE_DONE) {
        db_err(pc, err, "sequence");
        goto out;
    }
    if ((up = prep(pc, "UPDATE paper_pending SET applied = 1 WHERE chain = ? AND raw_hash = ?", err)) == NULL)
        goto out;
    sqlite3_bind_text(up, 1, pc->chain, -1, SQLITE_STATIC);
    sqlite3_bind_blob(up, 2, c->hash, 32, SQLITE_STATIC);
    rc = sqlite3_step(up);
    sqlite3_finalize(up);
    if (rc != SQLITE_DONE) {
        db_err(pc, err, "pending");
        goto out;
    }
    if (record_tx(pc, txid, buy[0] ? "swap" : "transfer", from, to, a.symbol, amount_s, fee_s, buy[0] ? buy : NULL,
                  buy[0] ? got_s : NULL, buy[0] ? price_s : NULL, err) != 0)
        goto out;
    snprintf(c->txid, c->cap, "%s", txid);
    ret = 0;
out:
    json_decref(d);
    return ret;
}

int paper_submit(struct paper_chain *pc, const char *raw, char *txid, size_t cap, st_err *err)
{
    struct submit_ctx c = {pc, {0}, txid, cap};
    crypto_hash_sha256(c.hash, (const unsigned char *)raw, strlen(raw));
    if (store_tx(pc->st, apply, &c, err) != 0)
        return -1;
    log_emit(LOG_INFO, "paper.applied", "chain=%s txid=%s (paper trading: simulated ledger)", pc->chain, txid);
    return 0;
}
