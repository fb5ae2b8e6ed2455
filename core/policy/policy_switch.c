/* policy_switch.c: the global kill switch and releasing a reservation. Each change is one
 * store transaction with its audit record. */
#include <jansson.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "policy/policy.h"
#include "store/audit.h"

/* Appends kind with detail (stolen) inside the open transaction. */
static int audit_json(struct store *s, const char *kind, const char *tenant, const char *subject,
                      json_t *detail, st_err *err)
{
    char *txt = detail ? json_dumps(detail, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(detail);
    if (!txt)
        return st_err_set(err, "policy: out of memory");
    int rc = audit_append(s, kind, tenant, subject, txt, NULL, err);
    free(txt);
    return rc;
}

static int set_switch(struct store *s, int paused, const char *reason, st_err *err)
{
    if (store_begin(s, err) != 0)
        return -1;
    sqlite3 *db = store_db(s);
    sqlite3_stmt *st = NULL;
    int was = -1;
    if (policy_paused(s, &was, err) != 0)
        goto fail;
    if (sqlite3_prepare_v2(db, "UPDATE policy_switch SET paused = ?1, reason = ?2 WHERE id = 1", -1, &st, NULL) != SQLITE_OK) {
        st_err_set(err, "policy: %s", sqlite3_errmsg(db));
        goto fail;
    }
    sqlite3_bind_int(st, 1, paused);
    if (reason)
        sqlite3_bind_text(st, 2, reason, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, 2);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        st_err_set(err, "policy: cannot set the kill switch: %s", sqlite3_errmsg(db));
        goto fail;
    }
    json_t *d = json_pack("{s:b, s:s?}", "was_paused", was, "reason", reason);
    if (audit_json(s, paused ? "policy.pause" : "policy.resume", NULL, "steward", d, err) != 0)
        goto fail;
    return store_commit(s, err);
fail:
    store_rollback(s, NULL);
    return -1;
}

int policy_pause(struct store *s, const char *reason, st_err *err)
{
    return set_switch(s, 1, reason, err);
}

int policy_resume(struct store *s, st_err *err)
{
    return set_switch(s, 0, NULL, err);
}

int policy_paused(struct store *s, int *paused, st_err *err)
{
    sqlite3 *db = store_db(s);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, "SELECT paused FROM policy_switch WHERE id = 1", -1, &st, NULL) != SQLITE_OK)
        return st_err_set(err, "policy: %s", sqlite3_errmsg(db));
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        st_err_set(err, "policy: cannot read the kill switch: %s",
                   rc == SQLITE_DONE ? "no row" : sqlite3_errmsg(db));
        sqlite3_finalize(st);
        return -1;
    }
    *paused = sqlite3_column_int(st, 0) != 0;
    sqlite3_finalize(st);
    return 0;
}

int policy_release(struct store *s, int64_t reservation_id, const char *reason, st_err *err)
{
    if (store_begin(s, err) != 0)
        return -1;
    sqlite3 *db = store_db(s);
    sqlite3_stmt *st = NULL;
    json_t *d = NULL;
    if (sqlite3_prepare_v2(db, "SELECT tenant, chain, asset, amount, released FROM policy_reservation WHERE id = ?1",
                           -1, &st, NULL) != SQLITE_OK) {
        st_err_set(err, "policy: %s", sqlite3_errmsg(db));
        goto fail;
    }
    sqlite3_bind_int64(st, 1, reservation_id);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        if (rc == SQLITE_DONE)
            st_err_set(err, "policy: no reservation %lld", (long long)reservation_id);
        else
            st_err_set(err, "policy: %s", sqlite3_errmsg(db));
        goto fail;
    }
    if (sqlite3_column_int(st, 4) != 0) {
        st_err_set(err, "policy: reservation %lld is already released", (long long)reservation_id);
        goto fail;
    }
    d = json_pack("{s:I, s:s, s:s, s:s?}", "reservation", (json_int_t)reservation_id, "asset",
                  (const char *)sqlite3_column_text(st, 2), "amount_units",
                  (const char *)sqlite3_column_text(st, 3), "reason", reason);
    char *tenant = NULL, *chain = NULL;
    const char *t = (const char *)sqlite3_column_text(st, 0), *c = (const char *)sqlite3_column_text(st, 1);
    tenant = t ? strdup(t) : NULL;
    chain = c ? strdup(c) : NULL;
    sqlite3_finalize(st);
    st = NULL;
    if (!d || !tenant || !chain) {
        free(tenant);
        free(chain);
        st_err_set(err, "policy: out of memory");
        goto fail;
    }
    if (sqlite3_prepare_v2(db, "UPDATE policy_reservation SET released = 1, release_reason = ?2 WHERE id = ?1",
                           -1, &st, NULL) != SQLITE_OK) {
        free(tenant);
        free(chain);
        st_err_set(err, "policy: %s", sqlite3_errmsg(db));
        goto fail;
    }
    sqlite3_bind_int64(st, 1, reservation_id);
    if (reason)
        sqlite3_bind_text(st, 2, reason, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, 2);
    rc = sqlite3_step(st);
    sqlite3_finalize(st);
    st = NULL;
    if (rc != SQLITE_DONE) {
        free(tenant);
        free(chain);
        st_err_set(err, "policy: cannot release: %s", sqlite3_errmsg(db));
        goto fail;
    }
    rc = audit_json(s, "policy.release", tenant, chain, d, err);
    d = NULL;
    free(tenant);
    free(chain);
    if (rc != 0)
        goto fail;
    return store_commit(s, err);
fail:
    sqlite3_finalize(st);
    json_decref(d);
    store_rollback(s, NULL);
    return -1;
}
