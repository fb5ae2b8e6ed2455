/* test_policy_concurrency.c: the concurrency and crash acceptance.
 *
 * Concurrency: 100 processes, each with its OWN store connection, wait on a barrier (a pipe
 * the parent closes) and then all ask at once for 1 ETH against a 10 ETH rolling-24-hour
 * limit. Exactly 10 are allowed and 90 denied with rule max_per_day (limit 10, used 10), and
 * none fails (SQLITE_BUSY included). Then everything is closed and the store reopened (a
 * restart): the ledger holds 10 ETH in 10 reservations, the audit log verifies and holds
 * exactly 100 policy.decision records.
 *
 * Busy: another connection holds the write lock longer than the waiting connection's busy timeout (set to 1 s here);
 * the decision is retried (and counted) instead of failing with SQLITE_BUSY.
 *
 * Crash: a child is SIGKILLed right after policy_decide returned "allowed"; after reopening,
 * its reservation and audit record are there and count against the limit. */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <sys/wait.h>
#include <time.h>

#include "check.h"
#include "testfs.h"
#include "policy/policy.h"
#include "store/audit.h"
#include "store/store.h"

#define ACTORS 100
#define T0 1700000000000LL
#define E18 "000000000000000000"
#define RULES "{\"tenants\": {\"default\": {\"eth\": {\"ETH\": {\"max_per_day\": \"10\"}}}}}"

struct result {
    int ok;        /* policy_decide returned 0 */
    int allowed;
    char rule[POLICY_RULE_MAX];
    char limit[DECIMAL_MAX_TEXT], used[DECIMAL_MAX_TEXT];
    int busy_retries;
    int64_t reservation_id;
    double wait_ms; /* from the barrier to the decision */
    char err[ST_ERR_MAX];
};

static char root[64];

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int write_all(int fd, const void *p, size_t n)
{
    const char *c = p;
    while (n) {
        ssize_t w = write(fd, c, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        c += w, n -= (size_t)w;
    }
    return 0;
}

static int read_all(int fd, void *p, size_t n)
{
    char *c = p;
    while (n) {
        ssize_t r = read(fd, c, n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return -1;
        c += r, n -= (size_t)r;
    }
    return 0;
}

static void actor(const char *dir, int ready_w, int go_r, int res_w)
{
    struct result res = {0};
    struct store *s = NULL;
    struct policy *p = NULL;
    st_err e = {0};
    if (store_open(dir, &s, &e) != 0 || policy_parse(RULES, &p, &e) != 0) {
        snprintf(res.err, sizeof res.err, "%s", e.msg);
        write_all(ready_w, "x", 1);
        write_all(res_w, &res, sizeof res);
        _exit(1);
    }
    write_all(ready_w, "r", 1);
    char b;
    while (read(go_r, &b, 1) < 0 && errno == EINTR) /* EOF: the barrier opens */
        ;
    double t = now_ms();
    struct policy_request r = {"default", NULL, "eth", "ETH", "0xabc", "1" E18, 18, T0};
    struct policy_decision d;
    res.ok = policy_decide(p, s, &r, &d, &e) == 0;
    res.wait_ms = now_ms() - t;
    res.allowed = d.allowed;
    snprintf(res.rule, sizeof res.rule, "%s", d.rule);
    snprintf(res.limit, sizeof res.limit, "%s", d.limit);
    snprintf(res.used, sizeof res.used, "%s", d.used);
    res.busy_retries = d.busy_retries;
    res.reservation_id = d.reservation_id;
    if (!res.ok)
        snprintf(res.err, sizeof res.err, "%s", e.msg);
    store_close(s);
    policy_free(p);
    write_all(res_w, &res, sizeof res);
    _exit(0);
}

struct count_ctx {
    int decisions, allowed;
};

static int count_rec(const struct audit_record *rec, void *vctx)
{
    struct count_ctx *c = vctx;
    if (strcmp(rec->kind, "policy.decision") == 0) {
        c->decisions++;
        c->allowed += strstr(rec->detail, "\"decision\":\"allowed\"") != NULL;
    }
    return 0;
}

static void test_concurrency(void)
{
    char dir[128];
    snprintf(dir, sizeof dir, "%s/conc", root);
    struct store *s = NULL;
    st_err e = {0};
    if (store_open(dir, &s, &e) != 0) { /* creates the file and runs the migrations once */
        fprintf(stderr, "%s\n", e.msg);
        exit(2);
    }
    store_close(s);

    int ready[2], go[2], res[2];
    if (pipe(ready) || pipe(go) || pipe(res)) {
        perror("pipe");
        exit(2);
    }
    pid_t pids[ACTORS];
    fflush(NULL); /* no buffered output is inherited and written twice */
    for (int i = 0; i < ACTORS; i++) {
        pids[i] = fork();
        if (pids[i] < 0) {
            perror("fork");
            exit(2);
        }
        if (pids[i] == 0) {
            close(ready[0]), close(go[1]), close(res[0]);
            actor(dir, ready[1], go[0], res[1]);
        }
    }
    close(ready[1]), close(go[0]), close(res[1]);
    int n_ready = 0;
    char b;
    while (n_ready < ACTORS && read_all(ready[0], &b, 1) == 0)
        n_ready++;
    CHECK(n_ready == ACTORS);
    double t0 = now_ms();
    close(go[1]); /* all actors start */
    int ok = 0, allowed = 0, denied_day = 0, retries = 0, got = 0;
    double max_wait = 0;
    int64_t ids[ACTORS];
    int nids = 0;
    for (int i = 0; i < ACTORS; i++) {
        struct result r;
        if (read_all(res[0], &r, sizeof r) != 0)
            break;
        got++;
        ok += r.ok;
        if (!r.ok)
            fprintf(stderr, "actor failed: %s\n", r.err);
        if (r.ok && r.allowed && strcmp(r.rule, "allowed") == 0 && r.reservation_id > 0)
            allowed++, ids[nids++] = r.reservation_id;
        if (r.ok && !r.allowed && strcmp(r.rule, "max_per_day") == 0 && strcmp(r.limit, "10") == 0 &&
            strcmp(r.used, "10") == 0)
            denied_day++;
        retries += r.busy_retries;
        if (r.wait_ms > max_wait)
            max_wait = r.wait_ms;
    }
    double elapsed = now_ms() - t0;
    for (int i = 0; i < ACTORS; i++) {
        int st = 0;
        waitpid(pids[i], &st, 0);
        CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
    }
    close(ready[0]), close(res[0]);
    printf("concurrency: %d actors, %d allowed, %d denied (max_per_day), %d failed, %d busy retries, "
           "%.0f ms for all decisions, slowest actor %.0f ms\n",
           got, allowed, denied_day, got - ok, retries, elapsed, max_wait);
    CHECK(got == ACTORS);
    CHECK(ok == ACTORS);
    CHECK(allowed == 10);
    CHECK(denied_day == 90);
    for (int i = 0; i < nids; i++)
        for (int j = i + 1; j < nids; j++)
            CHECK(ids[i] != ids[j]);

    /* Restart: a fresh connection sees what was committed. */
    CHECK(store_open(dir, &s, &e) == 0);
    char sum[DECIMAL_MAX_TEXT];
    int64_t count = 0;
    CHECK(policy_ledger_sum(s, "default", "eth", "ETH", INT64_MIN, sum, sizeof sum, &count, &e) == 0);
    CHECK_STR(sum, "10" E18);
    CHECK(count == 10);
    struct audit_verify_report rep;
    CHECK(audit_verify(s, &rep, &e) == 0 && rep.ok && rep.records == ACTORS);
    struct count_ctx c = {0};
    CHECK(audit_foreach(s, 1, 0, count_rec, &c, &e) == 0);
    CHECK(c.decisions == ACTORS && c.allowed == 10);
    /* And the limit still holds after the restart. */
    struct policy *p = NULL;
    CHECK(policy_parse(RULES, &p, &e) == 0);
    struct policy_request r = {"default", NULL, "eth", "ETH", "0xabc", "1", 18, T0 + 1000};
    struct policy_decision d;
    CHECK(policy_decide(p, s, &r, &d, &e) == 0 && !d.allowed && strcmp(d.rule, "max_per_day") == 0);
    policy_free(p);
    store_close(s);
}

static void test_crash(void)
{
    char dir[128];
    snprintf(dir, sizeof dir, "%s/crash", root);
    int res[2];
    if (pipe(res)) {
        perror("pipe");
        exit(2);
    }
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        close(res[0]);
        struct store *s = NULL;
        struct policy *p = NULL;
        st_err e = {0};
        struct policy_decision d = {0};
        if (store_open(dir, &s, &e) == 0 && policy_parse(RULES, &p, &e) == 0) {
            struct policy_request r = {"default", NULL, "eth", "ETH", "0xabc", "7" E18, 18, T0};
            if (policy_decide(p, s, &r, &d, &e) != 0)
                d.allowed = 0;
        }
        write_all(res[1], &d, sizeof d);
        for (;;)
            pause(); /* killed here, connection open, nothing closed */
    }
    close(res[1]);
    struct policy_decision d;
    int rd = read_all(res[0], &d, sizeof d);
    kill(pid, SIGKILL);
    int st = 0;
    waitpid(pid, &st, 0);
    close(res[0]);
    CHECK(rd == 0 && d.allowed && d.reservation_id > 0);
    CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL);

    struct store *s = NULL;
    st_err e = {0};
    CHECK(store_open(dir, &s, &e) == 0);
    char sum[DECIMAL_MAX_TEXT];
    int64_t count = 0;
    CHECK(policy_ledger_sum(s, "default", "eth", "ETH", INT64_MIN, sum, sizeof sum, &count, &e) == 0);
    CHECK_STR(sum, "7" E18);
    CHECK(count == 1);
    struct audit_verify_report rep;
    CHECK(audit_verify(s, &rep, &e) == 0 && rep.ok && rep.records == 1 && rep.head_seq == d.audit_seq);
    struct policy *p = NULL;
    CHECK(policy_parse(RULES, &p, &e) == 0);
    struct policy_request r = {"default", NULL, "eth", "ETH", "0xabc", "3000000000000000001", 18, T0};
    struct policy_decision d2;
    CHECK(policy_decide(p, s, &r, &d2, &e) == 0 && !d2.allowed && strcmp(d2.used, "7") == 0);
    r.amount = "3" E18;
    CHECK(policy_decide(p, s, &r, &d2, &e) == 0 && d2.allowed);
    policy_free(p);
    store_close(s);
}

/* The child's busy timeout, short so the test does not wait out the 30 s default. */
#define CHILD_BUSY_MS 1000

static void test_busy_retry(void)
{
    char dir[128];
    snprintf(dir, sizeof dir, "%s/busy", root);
    struct store *holder = NULL;
    st_err e = {0};
    if (store_open(dir, &holder, &e) != 0) {
        fprintf(stderr, "%s\n", e.msg);
        exit(2);
    }
    int res[2], sync_[2], go[2];
    if (pipe(res) || pipe(sync_) || pipe(go)) {
        perror("pipe");
        exit(2);
    }
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        close(res[0]);
        /* The child owns no part of the parent's connection: leave it alone. */
        struct result r = {0};
        struct store *s = NULL;
        struct policy *p = NULL;
        st_err ce = {0};
        int opened = store_open(dir, &s, &ce) == 0 && policy_parse(RULES, &p, &ce) == 0;
        store_set_busy_timeout(s, CHILD_BUSY_MS);
        char b;
        write_all(sync_[1], "r", 1);
        read_all(go[0], &b, 1); /* the parent now holds the write lock */
        if (opened) {
            struct policy_request rq = {"default", NULL, "eth", "ETH", "0xabc", "1", 18, T0};
            struct policy_decision d;
            double t = now_ms();
            r.ok = policy_decide(p, s, &rq, &d, &ce) == 0;
            r.wait_ms = now_ms() - t;
            r.allowed = d.allowed;
            r.busy_retries = d.busy_retries;
        }
        snprintf(r.err, sizeof r.err, "%s", ce.msg);
        write_all(res[1], &r, sizeof r);
        store_close(s);
        policy_free(p);
        _exit(0);
    }
    close(res[1]);
    char b;
    CHECK(read_all(sync_[0], &b, 1) == 0);
    CHECK(store_begin(holder, &e) == 0);
    CHECK(write_all(go[1], "g", 1) == 0);
    close(sync_[0]), close(sync_[1]), close(go[0]), close(go[1]);
    struct timespec hold = {CHILD_BUSY_MS / 1000 + 1, 0};
    nanosleep(&hold, NULL);
    CHECK(store_commit(holder, &e) == 0);
    struct result r;
    CHECK(read_all(res[0], &r, sizeof r) == 0);
    close(res[0]);
    waitpid(pid, NULL, 0);
    printf("busy: decided after %.0f ms with %d busy retr%s (%s)\n", r.wait_ms, r.busy_retries,
           r.busy_retries == 1 ? "y" : "ies", r.ok ? "ok" : r.err);
    CHECK(r.ok && r.allowed && r.busy_retries >= 1);
    store_close(holder);
}

int main(void)
{
    testfs_mkdtemp(root, sizeof root, "steward-policy-conc");
    test_concurrency();
    test_crash();
    test_busy_retry();
    testfs_rmtree(root);
    return check_summary();
}
