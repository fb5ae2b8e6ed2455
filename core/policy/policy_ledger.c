/* policy_ledger.c: reading windows of, and adding to, the reservation table. */
#include <inttypes.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "policy/policy.h"
#include "policy/policy_ledger.h"
#include "util/decimal.h"

static int prep(sqlite3 *db, const char *sql, sqlite3_stmt **st, st_err *err)
{
    if (sqlite3_prepare_v2(db, sql, -1, st, NULL) != SQLITE_OK)
        return st_err_set(err, "policy: %s", sqlite3_errmsg(db));
    return 0;
}

int ledger_window(struct store *s, enum ledger_scope scope, const char *who, const char *chain,
                  const char *asset, int64_t since_ms, uint8_t sum[32], int64_t *count,
                  st_err *err)
{
    sqlite3 *db = store_db(s);
    sqlite3_stmt *st = NULL;
    const char *sql = scope == LEDGER_TENANT
        ? "SELECT amount FROM policy_reservation WHERE tenant = ?1 AND chain = ?2 AND asset = ?3"
          " AND ts_ms > ?4 AND released = 0"
        : "SELECT amount FROM policy_reservation WHERE strategy = ?1 AND chain = ?2 AND asset = ?3"
          " AND ts_ms > ?4 AND released = 0";
    if (prep(db, sql, &st, err) != 0)
        return -1;
    sqlite3_bind_text(st, 1, who, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, chain, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, asset, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 4, since_ms);
    memset(sum, 0, 32);
    int64_t n = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        uint8_t a[32];
        const char *txt = (const char *)sqlite3_column_text(st, 0);
        if (!txt || units_from_string(txt, a) != 0) {
            sqlite3_finalize(st);
            return st_err_set(err, "policy: a reservation holds a bad amount");
        }
        if (units_add(sum, sum, a) != 0)
            memset(sum, 0xff, 32); /* saturate: beyond any limit */
        n++;
    }
    if (rc != SQLITE_DONE) {
        st_err_set(err, "policy: reading reservations: %s", sqlite3_errmsg(db));
        sqlite3_finalize(st);
        return -1;
    }
    sqlite3_finalize(st);
    *count = n;
    return 0;
}

int ledger_insert(struct store *s, int64_t ts_ms, const char *tenant, const char *strategy,
                  const char *chain, const char *asset, const char *to, const char *amount,
                  unsigned decimals, int64_t *id_out, st_err *err)
{
    sqlite3 *db = store_db(s);
    sqlite3_stmt *st = NULL;
    if (prep(db,
             "INSERT INTO policy_reservation (ts_ms, tenant, strategy, chain, asset, to_addr, amount, decimals)"
             " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
             &st, err) != 0)
        return -1;
    sqlite3_bind_int64(st, 1, ts_ms);
    sqlite3_bind_text(st, 2, tenant, -1, SQLITE_STATIC);
    if (strategy)
        sqlite3_bind_text(st, 3, strategy, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, 3);
    sqlite3_bind_text(st, 4, chain, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, asset, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, to, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 7, amount, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 8, (int)decimals);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return st_err_set(err, "policy: cannot insert the reservation: %s", sqlite3_errmsg(db));
    *id_out = sqlite3_last_insert_rowid(db);
    return 0;
}

int ledger_set_audit_seq(struct store *s, int64_t id, int64_t seq, st_err *err)
{
    sqlite3 *db = store_db(s);
    sqlite3_stmt *st = NULL;
    if (prep(db, "UPDATE policy_reservation SET audit_seq = ?1 WHERE id = ?2", &st, err) != 0)
        return -1;
    sqlite3_bind_int64(st, 1, seq);
    sqlite3_bind_int64(st, 2, id);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return st_err_set(err, "policy: cannot update the reservation: %s", sqlite3_errmsg(db));
    return 0;
}

int policy_ledger_sum(struct store *s, const char *tenant, const char *chain, const char *asset,
                      int64_t since_ms, char *sum_out, size_t cap, int64_t *count_out,
                      st_err *err)
{
    uint8_t sum[32];
    int64_t n = 0;
    if (ledger_window(s, LEDGER_TENANT, tenant, chain, asset, since_ms, sum, &n, err) != 0)
        return -1;
    if (sum_out)
        units_to_string(sum, sum_out, cap);
    if (count_out)
        *count_out = n;
    return 0;
}
