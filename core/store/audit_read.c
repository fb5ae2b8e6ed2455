/* audit_read.c: reading the audit log back: audit_foreach for display, audit_verify for the
 * integrity check. */
#include "store/audit.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "util/hex.h"

#define RECORD_COLUMNS "seq, ts, kind, tenant, subject, detail, prev_hash, hash, sig"

/* Fills rec from a row of RECORD_COLUMNS. Returns 0, or -1 with a description of what is
 * malformed in `why` (a row the schema would not have let steward write: only someone
 * editing the file produces one). */
static int decode_row(sqlite3_stmt *st, struct audit_record *rec, char *why, size_t cap)
{
    memset(rec, 0, sizeof *rec);
    rec->seq = sqlite3_column_int64(st, 0);
    static const char *const names[] = {"ts", "kind", "tenant", "subject", "detail"};
    const char **fields[] = {&rec->ts, &rec->kind, &rec->tenant, &rec->subject, &rec->detail};
    for (int i = 0; i < 5; i++) {
        int col = 1 + i;
        if (sqlite3_column_type(st, col) == SQLITE_NULL) {
            if (fields[i] == &rec->tenant)
                continue;
            snprintf(why, cap, "%s is NULL", names[i]);
            return -1;
        }
        const char *t = (const char *)sqlite3_column_text(st, col);
        if (t == NULL) {
            snprintf(why, cap, "%s cannot be read", names[i]);
            return -1;
        }
        /* The hash covers the text up to its length; a NUL inside would make what is shown
         * differ from what is hashed. */
        if (strlen(t) != (size_t)sqlite3_column_bytes(st, col)) {
            snprintf(why, cap, "%s contains a NUL byte", names[i]);
            return -1;
        }
        *fields[i] = t;
    }
    if (sqlite3_column_bytes(st, 6) != AUDIT_HASH_LEN ||
        sqlite3_column_bytes(st, 7) != AUDIT_HASH_LEN) {
        snprintf(why, cap, "prev_hash or hash is not %d bytes", AUDIT_HASH_LEN);
        return -1;
    }
    memcpy(rec->prev_hash, sqlite3_column_blob(st, 6), AUDIT_HASH_LEN);
    memcpy(rec->hash, sqlite3_column_blob(st, 7), AUDIT_HASH_LEN);
    hex_encode(rec->prev_hash_hex, rec->prev_hash, AUDIT_HASH_LEN);
    hex_encode(rec->hash_hex, rec->hash, AUDIT_HASH_LEN);
    if (sqlite3_column_type(st, 8) != SQLITE_NULL) {
        rec->sig = sqlite3_column_blob(st, 8);
        rec->sig_len = (size_t)sqlite3_column_bytes(st, 8);
    }
    return 0;
}

int audit_foreach(struct store *s, int64_t from_seq, int64_t limit, audit_record_fn fn,
                  void *ctx, st_err *err)
{
    sqlite3 *db = store_db(s);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db,
                           "SELECT " RECORD_COLUMNS
                           " FROM audit WHERE seq >= ? ORDER BY seq LIMIT ?",
                           -1, &st, NULL) != SQLITE_OK)
        return st_err_set(err, "audit: %s", sqlite3_errmsg(db));
    sqlite3_bind_int64(st, 1, from_seq);
    sqlite3_bind_int64(st, 2, limit > 0 ? limit : -1); /* LIMIT -1: no limit */
    int rc, ret = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct audit_record rec;
        char why[128];
        if (decode_row(st, &rec, why, sizeof why) != 0) {
            ret = st_err_set(err, "audit: record %lld is malformed: %s",
                             (long long)sqlite3_column_int64(st, 0), why);
            break;
        }
        int r = fn(&rec, ctx);
        if (r < 0) {
            ret = st_err_set(err, "audit: stopped at record %lld", (long long)rec.seq);
            break;
        }
        if (r > 0)
            break;
    }
    if (ret == 0 && rc != SQLITE_ROW && rc != SQLITE_DONE)
        ret = st_err_set(err, "audit: reading the log: %s", sqlite3_errmsg(db));
    sqlite3_finalize(st);
    return ret;
}

static void fail_report(struct audit_verify_report *rep, int64_t seq, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void fail_report(struct audit_verify_report *rep, int64_t seq, const char *fmt, ...)
{
    rep->ok = 0;
    rep->first_bad_seq = seq;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(rep->reason, sizeof rep->reason, fmt, ap);
    va_end(ap);
}

/* Checks the records in seq order. Returns 0 (verdict in rep), or -1 on a read error. */
static int verify_records(sqlite3 *db, struct audit_verify_report *rep, int64_t *last,
                          uint8_t last_hash[AUDIT_HASH_LEN], st_err *err)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, "SELECT " RECORD_COLUMNS " FROM audit ORDER BY seq", -1, &st,
                           NULL) != SQLITE_OK)
        return st_err_set(err, "audit: %s", sqlite3_errmsg(db));
    *last = 0;
    memset(last_hash, 0, AUDIT_HASH_LEN); /* what seq 1's prev_hash must be */
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct audit_record rec;
        char why[128];
        int64_t seq = sqlite3_column_int64(st, 0), want = *last + 1;
        /* Order of checks: position, then form, then the link to the previous record, then
         * the record's own hash. The link comes before the hash so that a record moved or
         * inserted (whose hash no longer fits its new position either) is reported as what
         * it is rather than as an edit. */
        if (seq < want) {
            fail_report(rep, seq, "record %" PRId64 " is out of sequence: the log starts at 1 "
                        "(inserted)", seq);
            break;
        }
        if (seq > want) {
            if (want == 1)
                fail_report(rep, 1, "record 1 missing: the log starts at record %" PRId64
                            " (deleted)", seq);
            else if (seq == want + 1)
                fail_report(rep, want, "record %" PRId64 " missing: sequence jumps from %" PRId64
                            " to %" PRId64 " (deleted)", want, *last, seq);
            else
                fail_report(rep, want, "records %" PRId64 " to %" PRId64 " missing: sequence "
                            "jumps from %" PRId64 " to %" PRId64 " (deleted)",
                            want, seq - 1, *last, seq);
            break;
        }
        if (decode_row(st, &rec, why, sizeof why) != 0) {
            fail_report(rep, seq, "record %" PRId64 ": malformed, %s (edited)", seq, why);
            break;
        }
        if (memcmp(rec.prev_hash, last_hash, AUDIT_HASH_LEN) != 0) {
            if (seq == 1)
                fail_report(rep, 1, "record 1: prev_hash is not 32 zero bytes (inserted or "
                            "reordered)");
            else
                fail_report(rep, seq, "record %" PRId64 ": prev_hash does not match record %"
                            PRId64 " (inserted or reordered, or record %" PRId64 " rewritten)",
                            seq, *last, *last);
            break;
        }
        uint8_t h[AUDIT_HASH_LEN];
        audit_compute_hash(&rec, h);
        if (memcmp(h, rec.hash, AUDIT_HASH_LEN) != 0) {
            fail_report(rep, seq, "record %" PRId64 ": hash does not match its contents (edited)",
                        seq);
            break;
        }
        *last = seq;
        memcpy(last_hash, rec.hash, AUDIT_HASH_LEN);
        rep->records++;
    }
    int ret = 0;
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        ret = st_err_set(err, "audit: reading the log: %s", sqlite3_errmsg(db));
    sqlite3_finalize(st);
    return ret;
}

/* Reads the head row: 1 if present (seq and hash filled, hash_ok 0 if it is not 32 bytes),
 * 0 if missing, -1 on a read error. */
static int load_head(sqlite3 *db, int64_t *seq, uint8_t hash[AUDIT_HASH_LEN], int *hash_ok,
                     st_err *err)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, "SELECT seq, hash FROM audit_head WHERE id = 1", -1, &st,
                           NULL) != SQLITE_OK)
        return st_err_set(err, "audit: %s", sqlite3_errmsg(db));
    int rc = sqlite3_step(st), ret;
    if (rc == SQLITE_ROW) {
        *seq = sqlite3_column_int64(st, 0);
        *hash_ok = sqlite3_column_bytes(st, 1) == AUDIT_HASH_LEN;
        if (*hash_ok)
            memcpy(hash, sqlite3_column_blob(st, 1), AUDIT_HASH_LEN);
        ret = 1;
    } else if (rc == SQLITE_DONE) {
        ret = 0;
    } else {
        ret = st_err_set(err, "audit: reading the head: %s", sqlite3_errmsg(db));
    }
    sqlite3_finalize(st);
    return ret;
}

static void check_head(struct audit_verify_report *rep, int present, int64_t head_seq,
                       const uint8_t head_hash[AUDIT_HASH_LEN], int hash_ok, int64_t last,
                       const uint8_t last_hash[AUDIT_HASH_LEN])
{
    /* The records present form a good chain 1..last; anything wrong is after `last`. */
    if (!present)
        fail_report(rep, last + 1, "the head row is missing (deleted)");
    else if (head_seq > last)
        fail_report(rep, last + 1, "log ends at record %" PRId64 " but the head says %" PRId64
                    " (truncated)", last, head_seq);
    else if (head_seq < last)
        fail_report(rep, head_seq + 1, "log ends at record %" PRId64 " but the head says %"
                    PRId64 " (records added without moving the head, or head rewritten)",
                    last, head_seq);
    else if ((!hash_ok || memcmp(head_hash, last_hash, AUDIT_HASH_LEN) != 0) && last == 0)
        fail_report(rep, 1, "the head's hash does not match an empty log (truncated and head "
                    "rewritten, or head edited)");
    else if (!hash_ok || memcmp(head_hash, last_hash, AUDIT_HASH_LEN) != 0)
        fail_report(rep, last + 1, "the head's hash does not match record %" PRId64
                    " (truncated and head rewritten, or head edited)", last);
}

int audit_verify(struct store *s, struct audit_verify_report *rep, st_err *err)
{
    memset(rep, 0, sizeof *rep);
    rep->ok = 1;
    sqlite3 *db = store_db(s);
    /* One read transaction: the head and the records come from the same snapshot. Inside a
     * caller's transaction we already have one. */
    int own = sqlite3_get_autocommit(db);
    if (own && sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
        return st_err_set(err, "audit: %s", sqlite3_errmsg(db));
    int64_t head_seq = 0, last = 0;
    uint8_t head_hash[AUDIT_HASH_LEN] = {0}, last_hash[AUDIT_HASH_LEN] = {0};
    int hash_ok = 0;
    int ret = -1;
    /* Read the head first: a SELECT starts the snapshot in WAL mode. */
    int present = load_head(db, &head_seq, head_hash, &hash_ok, err);
    if (present < 0)
        goto out;
    rep->head_seq = present ? head_seq : -1;
    if (verify_records(db, rep, &last, last_hash, err) != 0)
        goto out;
    if (rep->ok)
        check_head(rep, present, head_seq, head_hash, hash_ok, last, last_hash);
    ret = 0;
out:
    if (own)
        sqlite3_exec(db, "COMMIT", NULL, NULL, NULL); /* read-only: nothing to lose */
    if (ret == 0 && rep->ok)
        rep->first_bad_seq = 0;
    return ret;
}
