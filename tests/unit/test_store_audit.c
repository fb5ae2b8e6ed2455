/* test_store_audit.c: appending to and reading the audit log: the hash encoding against a
 * fixed vector, a clean log of 1000 records, reopening, input checks, transactions, and the
 * append-only triggers. Tampering is in test_store_audit_tamper.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "check.h"
#include "testfs.h"
#include "store/audit.h"
#include "store/store.h"
#include "util/hex.h"

static char tmp_root[64];

static struct store *open_in(const char *rel)
{
    char dir[256];
    snprintf(dir, sizeof dir, "%s/%s", tmp_root, rel);
    st_err err = {0};
    struct store *s = NULL;
    if (store_open(dir, &s, &err) != 0) {
        fprintf(stderr, "store_open %s: %s\n", dir, err.msg);
        exit(2);
    }
    return s;
}

static int head_seq(struct store *s)
{
    int64_t seq = -1;
    uint8_t h[AUDIT_HASH_LEN];
    if (audit_get_head(s, &seq, h, NULL) != 0)
        return -1;
    return (int)seq;
}

/* The encoding in docs/store.md, recomputed independently (Python hashlib) for two records. */
static void test_hash_vector(void)
{
    struct audit_record r = {.seq = 1,
                             .ts = "2025-01-01T00:00:00.000Z",
                             .kind = "agent.start",
                             .tenant = NULL,
                             .subject = "steward",
                             .detail = "{\"version\":\"0.1.0\"}"};
    uint8_t h1[32], h2[32];
    char hex[65];
    audit_compute_hash(&r, h1);
    hex_encode(hex, h1, 32);
    CHECK_STR(hex, "01d9ccf6353e34328457a826c1d799292afdd8465741f6fb77749c50a53be207");

    struct audit_record r2 = {.seq = 2,
                              .ts = "2025-01-01T00:00:01.500Z",
                              .kind = "policy.decision",
                              .tenant = "alice",
                              .subject = "eth",
                              .detail = "{\"amount\":\"0.1\"}"};
    memcpy(r2.prev_hash, h1, 32);
    audit_compute_hash(&r2, h2);
    hex_encode(hex, h2, 32);
    CHECK_STR(hex, "ffb39e34c9b5de82db5dafab40fd8031cc6ca41d655fae5adb8fa2b8147ee06b");

    /* An empty tenant is not "no tenant". */
    r2.tenant = "";
    audit_compute_hash(&r2, h2);
    hex_encode(hex, h2, 32);
    CHECK_STR(hex, "783a1752adb8ee161b963b1bd62cd9455df11e2fffcb7516b3131d1987c47f69");
}

struct collect {
    int n;
    int64_t seqs[8];
    char hash_hex[8][65];
    char prev_hex[8][65];
    char detail[8][64];
    int tenant_null[8];
    int stop_after; /* > 0: return 1 after this many; < 0: return -1 at once */
};

static int collect_fn(const struct audit_record *rec, void *ctx)
{
    struct collect *c = ctx;
    if (c->stop_after < 0)
        return -1;
    if (c->n < 8) {
        c->seqs[c->n] = rec->seq;
        snprintf(c->hash_hex[c->n], 65, "%s", rec->hash_hex);
        snprintf(c->prev_hex[c->n], 65, "%s", rec->prev_hash_hex);
        snprintf(c->detail[c->n], 64, "%s", rec->detail);
        c->tenant_null[c->n] = rec->tenant == NULL;
        /* The hex fields are the binary ones, and the hash is the record's own. */
        char hx[65];
        hex_encode(hx, rec->hash, 32);
        CHECK_STR(hx, rec->hash_hex);
        uint8_t h[32];
        audit_compute_hash(rec, h);
        CHECK_MEM(h, rec->hash, 32);
        CHECK(rec->sig == NULL);
        CHECK(strlen(rec->ts) == 24 && rec->ts[10] == 'T' && rec->ts[19] == '.' &&
              rec->ts[23] == 'Z');
    }
    c->n++;
    return c->stop_after > 0 && c->n >= c->stop_after ? 1 : 0;
}

static void test_clean_log_and_reopen(void)
{
    struct store *s = open_in("clean");
    st_err err = {0};
    struct audit_verify_report rep;

    /* An empty log verifies. */
    CHECK(audit_verify(s, &rep, &err) == 0);
    CHECK(rep.ok == 1 && rep.records == 0 && rep.head_seq == 0 && rep.first_bad_seq == 0);
    CHECK_STR(rep.reason, "");

    int append_failures = 0;
    for (int i = 1; i <= 1000; i++) {
        char detail[64];
        snprintf(detail, sizeof detail, "{\"i\": %d, \"note\": \"record\"}", i);
        int64_t seq = 0;
        if (audit_append(s, i == 1 ? "agent.start" : "test.record", i % 3 ? "alice" : NULL,
                         "subject", detail, &seq, &err) != 0 ||
            seq != i)
            append_failures++;
    }
    CHECK(append_failures == 0);
    if (append_failures)
        fprintf(stderr, "append: %s\n", err.msg);
    CHECK(head_seq(s) == 1000);
    CHECK(audit_verify(s, &rep, &err) == 0);
    CHECK(rep.ok == 1);
    CHECK(rep.records == 1000);
    CHECK(rep.head_seq == 1000);
    CHECK(rep.first_bad_seq == 0);

    /* Iteration: from 998 to the end, fields as appended, chained. */
    struct collect c = {0};
    CHECK(audit_foreach(s, 998, 0, collect_fn, &c, &err) == 0);
    CHECK(c.n == 3);
    CHECK(c.seqs[0] == 998 && c.seqs[2] == 1000);
    CHECK_STR(c.detail[0], "{\"i\": 998, \"note\": \"record\"}"); /* stored verbatim */
    CHECK(c.tenant_null[1] == 1);                                   /* 999 % 3 == 0 */
    CHECK(c.tenant_null[0] == 0);
    CHECK_STR(c.prev_hex[1], c.hash_hex[0]);
    CHECK_STR(c.prev_hex[2], c.hash_hex[1]);
    char last_hash[65];
    snprintf(last_hash, sizeof last_hash, "%s", c.hash_hex[2]);

    struct collect first = {0};
    CHECK(audit_foreach(s, 1, 2, collect_fn, &first, &err) == 0);
    CHECK(first.n == 2 && first.seqs[0] == 1 && first.seqs[1] == 2);
    CHECK_STR(first.prev_hex[0],
              "0000000000000000000000000000000000000000000000000000000000000000");
    struct collect stop = {.stop_after = 1};
    CHECK(audit_foreach(s, 10, 0, collect_fn, &stop, &err) == 0);
    CHECK(stop.n == 1);
    struct collect bad = {.stop_after = -1};
    st_err_clear(&err);
    CHECK(audit_foreach(s, 10, 0, collect_fn, &bad, &err) == -1);
    CHECK(strstr(err.msg, "record 10") != NULL);
    st_err_clear(&err);
    store_close(s);

    /* Reopen: the chain continues from the head. */
    s = open_in("clean");
    CHECK(head_seq(s) == 1000);
    int64_t seq = 0;
    CHECK(audit_append(s, "agent.start", NULL, "", "{}", &seq, &err) == 0);
    CHECK(seq == 1001);
    struct collect next = {0};
    CHECK(audit_foreach(s, 1001, 0, collect_fn, &next, &err) == 0);
    CHECK(next.n == 1);
    CHECK_STR(next.prev_hex[0], last_hash);
    CHECK(audit_verify(s, &rep, &err) == 0);
    CHECK(rep.ok == 1 && rep.records == 1001 && rep.head_seq == 1001);
    store_close(s);
}

static void expect_refused(struct store *s, const char *kind, const char *tenant,
                           const char *subject, const char *detail, const char *msg_part)
{
    st_err err = {0};
    int64_t seq = -7;
    int before = head_seq(s);
    CHECK(audit_append(s, kind, tenant, subject, detail, &seq, &err) == -1);
    CHECK(seq == -7);
    CHECK(head_seq(s) == before);
    if (strstr(err.msg, msg_part) == NULL) {
        CHECK(!"error message");
        fprintf(stderr, "  got: %s\n  want part: %s\n", err.msg, msg_part);
    }
}

static void test_input_checks(void)
{
    struct store *s = open_in("inputs");
    expect_refused(s, "k", NULL, "s", "[1, 2]", "must be a JSON object");
    expect_refused(s, "k", NULL, "s", "\"text\"", "must be a JSON object");
    expect_refused(s, "k", NULL, "s", "42", "must be a JSON object");
    expect_refused(s, "k", NULL, "s", "null", "must be a JSON object");
    expect_refused(s, "k", NULL, "s", "not json", "not valid JSON");
    expect_refused(s, "k", NULL, "s", "{\"a\": 1} trailing", "not valid JSON");
    expect_refused(s, "k", NULL, "s", "{\"a\": 1, \"a\": 2}", "not valid JSON");
    expect_refused(s, "k", NULL, "s", "", "not valid JSON");
    expect_refused(s, "k", NULL, "s", NULL, "detail is required");
    expect_refused(s, "", NULL, "s", "{}", "kind is empty");
    expect_refused(s, NULL, NULL, "s", "{}", "kind is required");
    expect_refused(s, "has space", NULL, "s", "{}", "may hold only");
    char long_kind[AUDIT_KIND_MAX + 2];
    memset(long_kind, 'k', sizeof long_kind - 1);
    long_kind[sizeof long_kind - 1] = '\0';
    expect_refused(s, long_kind, NULL, "s", "{}", "kind is 65 bytes");
    expect_refused(s, "k", "", "s", "{}", "tenant is empty");
    expect_refused(s, "k", NULL, NULL, "{}", "subject is required");
    expect_refused(s, "k", NULL, "bad \xff utf8", "{}", "not valid UTF-8");
    static char big[AUDIT_DETAIL_MAX + 16];
    memset(big, ' ', sizeof big - 1);
    big[0] = '{';
    big[sizeof big - 2] = '}';
    expect_refused(s, "k", NULL, "s", big, "the limit is 65536");

    /* The limits themselves are accepted. */
    st_err err = {0};
    long_kind[AUDIT_KIND_MAX] = '\0';
    CHECK(audit_append(s, long_kind, "t\xc3\xa9nant", "", "{}", NULL, &err) == 0);
    big[AUDIT_DETAIL_MAX - 1] = '}';
    big[AUDIT_DETAIL_MAX] = '\0';
    CHECK(audit_append(s, "k", NULL, "s", big, NULL, &err) == 0);
    CHECK(head_seq(s) == 2);
    struct audit_verify_report rep;
    CHECK(audit_verify(s, &rep, &err) == 0 && rep.ok);
    store_close(s);
}

static void test_transactions(void)
{
    struct store *s = open_in("tx");
    st_err err = {0};
    int64_t seq = 0;
    CHECK(audit_append(s, "a", NULL, "", "{}", &seq, &err) == 0 && seq == 1);

    /* Rolled back with the caller's transaction. */
    CHECK(store_begin(s, &err) == 0);
    CHECK(audit_append(s, "b", NULL, "", "{}", &seq, &err) == 0 && seq == 2);
    CHECK(store_tx_depth(s) == 1);
    CHECK(store_rollback(s, &err) == 0);
    CHECK(head_seq(s) == 1);

    /* A refused append inside a transaction leaves it usable. */
    CHECK(store_begin(s, &err) == 0);
    CHECK(audit_append(s, "c", NULL, "", "{}", &seq, &err) == 0 && seq == 2);
    st_err e2 = {0};
    CHECK(audit_append(s, "d", NULL, "", "[]", &seq, &e2) == -1);
    CHECK(audit_append(s, "e", NULL, "", "{}", &seq, &err) == 0 && seq == 3);
    CHECK(store_commit(s, &err) == 0);
    CHECK(head_seq(s) == 3);

    struct audit_verify_report rep;
    CHECK(audit_verify(s, &rep, &err) == 0 && rep.ok && rep.records == 3);
    /* Verifying inside a transaction sees that transaction's records. */
    CHECK(store_begin(s, &err) == 0);
    CHECK(audit_append(s, "f", NULL, "", "{}", &seq, &err) == 0 && seq == 4);
    CHECK(audit_verify(s, &rep, &err) == 0 && rep.ok && rep.records == 4);
    CHECK(store_commit(s, &err) == 0);
    store_close(s);
}

static int exec_ok(sqlite3 *db, const char *sql, const char *want_err)
{
    char *msg = NULL;
    int rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
    int refused = rc != SQLITE_OK && msg && strstr(msg, want_err);
    if (!refused)
        fprintf(stderr, "  %s -> %s\n", sql, msg ? msg : "accepted");
    sqlite3_free(msg);
    return refused;
}

/* The triggers refuse ordinary edits (the tamper tests drop them first). */
static void test_triggers(void)
{
    struct store *s = open_in("triggers");
    st_err err = {0};
    for (int i = 0; i < 3; i++)
        CHECK(audit_append(s, "k", NULL, "", "{}", NULL, &err) == 0);
    sqlite3 *db = store_db(s);
    CHECK(exec_ok(db, "UPDATE audit SET detail = '{\"x\":1}' WHERE seq = 2", "append-only"));
    CHECK(exec_ok(db, "UPDATE audit SET sig = x'00' WHERE seq = 2", "append-only"));
    CHECK(exec_ok(db, "DELETE FROM audit WHERE seq = 3", "append-only"));
    CHECK(exec_ok(db, "INSERT INTO audit SELECT 9, ts, kind, tenant, subject, detail, "
                      "prev_hash, hash, sig FROM audit WHERE seq = 3", "in sequence"));
    CHECK(exec_ok(db,
                  "UPDATE audit_head SET seq = 2, hash = (SELECT hash FROM audit WHERE seq = 2)",
                  "only moves"));
    CHECK(exec_ok(db, "DELETE FROM audit_head", "cannot be deleted"));
    struct audit_verify_report rep;
    CHECK(audit_verify(s, &rep, &err) == 0 && rep.ok && rep.records == 3);
    store_close(s);
}

int main(void)
{
    testfs_mkdtemp(tmp_root, sizeof tmp_root, "steward-store-audit");
    test_hash_vector();
    test_clean_log_and_reopen();
    test_input_checks();
    test_transactions();
    test_triggers();
    testfs_rmtree(tmp_root);
    return check_summary();
}
