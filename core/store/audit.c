/* audit.c: appending audit records and reading the head. Reading and verifying the log is in
 * audit_read.c, the hash encoding in audit_hash.c. */
#include "store/audit.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

/* "YYYY-MM-DDTHH:MM:SS.mmmZ", UTC. */
static int now_iso8601(char out[32], st_err *err)
{
    struct timespec ts;
    struct tm tm;
    if (clock_gettime(CLOCK_REALTIME, &ts) != 0 || gmtime_r(&ts.tv_sec, &tm) == NULL)
        return st_err_set(err, "audit: cannot read the clock");
    size_t n = strftime(out, 32, "%Y-%m-%dT%H:%M:%S", &tm);
    if (n == 0)
        return st_err_set(err, "audit: cannot format the time");
    snprintf(out + n, 32 - n, ".%03ldZ", ts.tv_nsec / 1000000L);
    return 0;
}

/* jansson refuses to build a string from invalid UTF-8; that is exactly the check we need. */
static int is_utf8(const char *s)
{
    json_t *j = json_string(s);
    if (j == NULL)
        return 0;
    json_decref(j);
    return 1;
}

static int check_text(const char *what, const char *s, size_t max, int allow_empty, st_err *err)
{
    if (s == NULL)
        return st_err_set(err, "audit: %s is required", what);
    size_t n = strlen(s);
    if (n == 0 && !allow_empty)
        return st_err_set(err, "audit: %s is empty", what);
    if (n > max)
        return st_err_set(err, "audit: %s is %zu bytes, the limit is %zu", what, n, max);
    if (!is_utf8(s))
        return st_err_set(err, "audit: %s is not valid UTF-8", what);
    return 0;
}

static int check_inputs(const char *kind, const char *tenant, const char *subject,
                        const char *detail, st_err *err)
{
    if (check_text("kind", kind, AUDIT_KIND_MAX, 0, err) != 0)
        return -1;
    if (strspn(kind, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") !=
        strlen(kind))
        return st_err_set(err, "audit: kind \"%s\" may hold only letters, digits, '.', '_', '-'",
                          kind);
    if (tenant != NULL && check_text("tenant", tenant, AUDIT_TENANT_MAX, 0, err) != 0)
        return -1;
    if (check_text("subject", subject, AUDIT_SUBJECT_MAX, 1, err) != 0)
        return -1;
    if (detail == NULL)
        return st_err_set(err, "audit: detail is required (use \"{}\" for none)");
    size_t n = strlen(detail);
    if (n > AUDIT_DETAIL_MAX)
        return st_err_set(err, "audit: detail is %zu bytes, the limit is %d", n, AUDIT_DETAIL_MAX);
    /* DECODE_ANY: a scalar parses, so it gets the clearer "must be a JSON object" error. */
    json_error_t je;
    json_t *j = json_loadb(detail, n, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &je);
    if (j == NULL)
        return st_err_set(err, "audit: detail is not valid JSON (column %d: %s)", je.column,
                          je.text);
    int is_obj = json_is_object(j);
    json_decref(j);
    if (!is_obj)
        return st_err_set(err, "audit: detail must be a JSON object");
    return 0;
}

static int read_head(sqlite3 *db, int64_t *seq, uint8_t hash[AUDIT_HASH_LEN], st_err *err)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db, "SELECT seq, hash FROM audit_head WHERE id = 1", -1, &st,
                                NULL);
    if (rc != SQLITE_OK)
        return st_err_set(err, "audit: reading the head: %s", sqlite3_errmsg(db));
    rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        st_err_set(err, "audit: reading the head: %s",
                   rc == SQLITE_DONE ? "the head row is missing" : sqlite3_errmsg(db));
        sqlite3_finalize(st);
        return -1;
    }
    if (sqlite3_column_bytes(st, 1) != AUDIT_HASH_LEN) {
        sqlite3_finalize(st);
        return st_err_set(err, "audit: the head's hash is not %d bytes", AUDIT_HASH_LEN);
    }
    *seq = sqlite3_column_int64(st, 0);
    memcpy(hash, sqlite3_column_blob(st, 1), AUDIT_HASH_LEN);
    sqlite3_finalize(st);
    return 0;
}

int audit_get_head(struct store *s, int64_t *seq, uint8_t hash[AUDIT_HASH_LEN], st_err *err)
{
    return read_head(store_db(s), seq, hash, err);
}

static int step_done(sqlite3 *db, sqlite3_stmt *st, const char *what, st_err *err)
{
    int rc = sqlite3_step(st);
    if (rc != SQLITE_DONE)
        st_err_set(err, "audit: %s: %s", what, sqlite3_errmsg(db));
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

/* Inserts record rec and moves the head to it; the caller holds the transaction. */
static int insert_record(sqlite3 *db, const struct audit_record *rec, st_err *err)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db,
                           "INSERT INTO audit (seq, ts, kind, tenant, subject, detail, prev_hash,"
                           " hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                           -1, &st, NULL) != SQLITE_OK)
        return st_err_set(err, "audit: %s", sqlite3_errmsg(db));
    sqlite3_bind_int64(st, 1, rec->seq);
    sqlite3_bind_text(st, 2, rec->ts, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, rec->kind, -1, SQLITE_STATIC);
    if (rec->tenant)
        sqlite3_bind_text(st, 4, rec->tenant, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, 4);
    sqlite3_bind_text(st, 5, rec->subject, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, rec->detail, -1, SQLITE_STATIC);
    sqlite3_bind_blob(st, 7, rec->prev_hash, AUDIT_HASH_LEN, SQLITE_STATIC);
    sqlite3_bind_blob(st, 8, rec->hash, AUDIT_HASH_LEN, SQLITE_STATIC);
    if (step_done(db, st, "appending a record", err) != 0)
        return -1;

    if (sqlite3_prepare_v2(db, "UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1", -1, &st,
                           NULL) != SQLITE_OK)
        return st_err_set(err, "audit: %s", sqlite3_errmsg(db));
    sqlite3_bind_int64(st, 1, rec->seq);
    sqlite3_bind_blob(st, 2, rec->hash, AUDIT_HASH_LEN, SQLITE_STATIC);
    if (step_done(db, st, "moving the head", err) != 0)
        return -1;
    if (sqlite3_changes(db) != 1)
        return st_err_set(err, "audit: the head row is missing");
    return 0;
}

int audit_append(struct store *s, const char *kind, const char *tenant, const char *subject,
                 const char *detail_json, int64_t *seq_out, st_err *err)
{
    if (check_inputs(kind, tenant, subject, detail_json, err) != 0)
        return -1;
    char ts[32];
    if (now_iso8601(ts, err) != 0)
        return -1;
    /* Own transaction, or a savepoint inside the caller's: the record and the head move
     * together or not at all, and a failure here leaves the caller's transaction usable. */
    if (store_begin(s, err) != 0)
        return st_err_wrap(err, "audit: cannot append");
    sqlite3 *db = store_db(s);
    struct audit_record rec = {
        .ts = ts, .kind = kind, .tenant = tenant, .subject = subject, .detail = detail_json};
    int64_t head_seq = 0;
    if (read_head(db, &head_seq, rec.prev_hash, err) != 0)
        goto fail;
    rec.seq = head_seq + 1;
    audit_compute_hash(&rec, rec.hash);
    if (insert_record(db, &rec, err) != 0)
        goto fail;
    if (store_commit(s, err) != 0)
        return st_err_wrap(err, "audit: record %lld not appended", (long long)rec.seq);
    if (seq_out)
        *seq_out = rec.seq;
    return 0;
fail:
    store_rollback(s, NULL);
    return -1;
}
