/* test_policy_rules.c: each rule allows at its boundary and denies just above it (rule,
 * scope, limit and used checked), the rolling windows with a controlled now_ms, tenant and
 * strategy limits applied together, lists, the kill switch, release, 18-decimal amounts
 * beyond 2^64, and the audit trail of every decision. */
#include <stdint.h>

#include "check.h"
#include "testfs.h"
#include "policy/policy.h"
#include "store/audit.h"
#include "store/store.h"

#define DAY (24LL * 3600 * 1000)
#define HOUR (3600LL * 1000)
#define T0 1700000000000LL
#define E18 "000000000000000000"

static char root[64];
static int ndirs;
static struct store *S;
static struct policy *P;

static void setup(const char *json)
{
    if (S)
        store_close(S);
    policy_free(P);
    char dir[128];
    snprintf(dir, sizeof dir, "%s/db%d", root, ndirs++);
    st_err e = {0};
    if (store_open(dir, &S, &e) != 0 || policy_parse(json, &P, &e) != 0) {
        fprintf(stderr, "setup: %s\n", e.msg);
        exit(2);
    }
}

static struct policy_decision ask_full(const char *tenant, const char *strategy, const char *chain,
                                       const char *asset, const char *to, const char *units,
                                       unsigned decimals, int64_t now)
{
    struct policy_request r = {tenant, strategy, chain, asset, to, units, decimals, now};
    struct policy_decision d;
    st_err e = {0};
    if (policy_decide(P, S, &r, &d, &e) != 0) {
        fprintf(stderr, "policy_decide: %s\n", e.msg);
        memset(&d, 0, sizeof d);
        snprintf(d.rule, sizeof d.rule, "ERROR");
    }
    return d;
}

/* ETH, 18 decimals, tenant "default", manual request. */
static struct policy_decision ask(const char *units, int64_t now)
{
    return ask_full("default", NULL, "eth", "ETH", "0xabc", units, 18, now);
}

static void expect(struct policy_decision d, int allowed, const char *rule, const char *scope,
                   const char *limit, const char *used, int line)
{
    check_count++;
    if (d.allowed != allowed || strcmp(d.rule, rule) || strcmp(d.scope, scope) || strcmp(d.limit, limit) ||
        strcmp(d.used, used) || (allowed ? d.reservation_id <= 0 : d.reservation_id != 0) || d.audit_seq <= 0) {
        check_failed++;
        fprintf(stderr, "%s:%d: got allowed=%d rule=%s scope=%s limit=%s used=%s res=%lld seq=%lld\n"
                        "   want allowed=%d rule=%s scope=%s limit=%s used=%s\n",
                __FILE__, line, d.allowed, d.rule, d.scope, d.limit, d.used, (long long)d.reservation_id,
                (long long)d.audit_seq, allowed, rule, scope, limit, used);
    }
}
#define ALLOWED(d) expect((d), 1, "allowed", "", "", "", __LINE__)
#define DENIED(d, rule, scope, limit, used) expect((d), 0, rule, scope, limit, used, __LINE__)

static void ledger_is(const char *tenant, const char *asset, const char *want, int line)
{
    char sum[DECIMAL_MAX_TEXT];
    st_err e = {0};
    check_count++;
    if (policy_ledger_sum(S, tenant, "eth", asset, INT64_MIN, sum, sizeof sum, NULL, &e) != 0 || strcmp(sum, want)) {
        check_failed++;
        fprintf(stderr, "%s:%d: ledger %s, want %s (%s)\n", __FILE__, line, sum, want, e.msg);
    }
}
#define LEDGER(t, a, w) ledger_is(t, a, w, __LINE__)

static void test_max_per_tx(void)
{
    setup("{\"tenants\": {\"default\": {\"eth\": {\"ETH\": {\"max_per_tx\": \"0.5\"}}}}}");
    ALLOWED(ask("500000000000000000", T0));
    DENIED(ask("500000000000000001", T0), "max_per_tx", "tenant", "0.5", "0.500000000000000001");
    ALLOWED(ask("0", T0));
    LEDGER("default", "ETH", "500000000000000000");
}

static void test_max_per_day_and_window(void)
{
    setup("{\"tenants\": {\"default\": {\"eth\": {\"ETH\": {\"max_per_day\": \"2\"}}}}}");
    ALLOWED(ask("1" E18, T0));
    ALLOWED(ask("1" E18, T0 + HOUR));
    DENIED(ask("1", T0 + 2 * HOUR), "max_per_day", "tenant", "2", "2");
    /* Rolling: the first reservation counts until exactly 24 h have passed. */
    DENIED(ask("1", T0 + DAY - 1), "max_per_day", "tenant", "2", "2");
    ALLOWED(ask("1" E18, T0 + DAY));
    DENIED(ask("1", T0 + DAY), "max_per_day", "tenant", "2", "2");
    /* Another asset and another tenant have their own windows. */
    ALLOWED(ask_full("other", NULL, "eth", "ETH", "0xabc", "5" E18, 18, T0));
    ALLOWED(ask_full("default", NULL, "eth", "USDC", "0xabc", "5000000", 6, T0));
    /* Two days later everything has expired. */
    ALLOWED(ask("2" E18, T0 + 3 * DAY));
    DENIED(ask("1", T0 + 3 * DAY), "max_per_day", "tenant", "2", "2");
    /* A reservation stamped in the future (clock stepped back) still counts. */
    setup("{\"tenants\": {\"default\": {\"eth\": {\"ETH\": {\"max_per_day\": \"1\"}}}}}");
    ALLOWED(ask("1" E18, T0 + HOUR));
    DENIED(ask("1", T0), "max_per_day", "tenant", "1", "1");
}

static void test_max_tx_per_hour(void)
{
    setup("{\"tenants\": {\"default\": {\"eth\": {\"ETH\": {\"max_tx_per_hour\": 3}}}}}");
    ALLOWED(ask("1", T0));
    ALLOWED(ask("1", T0 + 1000));
    ALLOWED(ask("1", T0 + 2000));
    DENIED(ask("1", T0 + 3000), "max_tx_per_hour", "tenant", "3", "3");
    DENIED(ask("1", T0 + HOUR - 1), "max_tx_per_hour", "tenant", "3", "3");
    ALLOWED(ask("1", T0 + HOUR));
    /* Now T0+1000, T0+2000 and T0+HOUR count; T0+1000 leaves the window at T0+HOUR+1000. */
    DENIED(ask("1", T0 + HOUR + 999), "max_tx_per_hour", "tenant", "3", "3");
    ALLOWED(ask("1", T0 + HOUR + 1000));
    setup("{\"tenants\": {\"default\": {\"eth\": {\"ETH\": {\"max_tx_per_hour\": 0}}}}}");
    DENIED(ask("1", T0), "max_tx_per_hour", "tenant", "0", "0");
}

static void test_tenant_and_strategy(void)
{
    setup("{\"tenants\": {\"default\": {\"eth\": {\"ETH\": {\"max_per_day\": \"5\"}}}},"
          " \"strategies\": {\"rebalance\": {\"eth\": {\"ETH\": {\"max_per_day\": \"2\", \"max_per_tx\": \"1.5\"}}}}}");
    struct policy_decision d;
    ALLOWED(ask_full("default", "rebalance", "eth", "ETH", "0xabc", "1" E18, 18, T0));
    d = ask_full("default", "rebalance", "eth", "ETH", "0xabc", "1500000000000000001", 18, T0);
    DENIED(d, "max_per_tx", "strategy", "1.5", "1.500000000000000001");
    ALLOWED(ask_full("default", "rebalance", "eth", "ETH", "0xabc", "1" E18, 18, T0));
    DENIED(ask_full("default", "rebalance", "eth", "ETH", "0xabc", "1", 18, T0), "max_per_day", "strategy", "2", "2");
    /* Manual requests and an unconfigured strategy only meet the tenant's limit, which counts
     * the strategy's spending too. */
    ALLOWED(ask("2" E18, T0));
    ALLOWED(ask_full("default", "dca", "eth", "ETH", "0xabc", "1" E18, 18, T0));
    DENIED(ask_full("default", "dca", "eth", "ETH", "0xabc", "1", 18, T0), "max_per_day", "tenant", "5", "5");
    DENIED(ask("1", T0), "max_per_day", "tenant", "5", "5");
    /* The tenant's limit binds a strategy whose own budget is not exhausted. */
    setup("{\"tenants\": {\"default\": {\"eth\": {\"ETH\": {\"max_per_day\": \"1\"}}}},"
          " \"strategies\": {\"rebalance\": {\"eth\": {\"ETH\": {\"max_per_day\": \"10\", \"max_tx_per_hour\": 5}}}}}");
    ALLOWED(ask_full("default", "rebalance", "eth", "ETH", "0xabc", "1" E18, 18, T0));
    DENIED(ask_full("default", "rebalance", "eth", "ETH", "0xabc", "1", 18, T0), "max_per_day", "tenant", "1", "1");
    /* A strategy's budget spans tenants. */
    ALLOWED(ask_full("t2", "rebalance", "eth", "ETH", "0xabc", "9" E18, 18, T0));
    DENIED(ask_full("t3", "rebalance", "eth", "ETH", "0xabc", "1", 18, T0), "max_per_day", "strategy", "10", "10");
    ALLOWED(ask_full("t3", "rebalance", "eth", "ETH", "0xabc", "0", 18, T0));
    ALLOWED(ask_full("t3", "rebalance", "eth", "ETH", "0xabc", "0", 18, T0));
    ALLOWED(ask_full("t4", "rebalance", "eth", "ETH", "0xabc", "0", 18, T0));
    DENIED(ask_full("t3", "rebalance", "eth", "ETH", "0xabc", "0", 18, T0), "max_tx_per_hour", "strategy", "5", "5");
}

static void test_lists(void)
{
    setup("{\"tenants\": {\"default\": {"
          "  \"allow_to\": {\"eth\": [\"0xaaa\", \"0xbbb\"]},"
          "  \"deny_to\": {\"eth\": [\"0xbbb\"], \"btc\": [\"bc1bad\"]},"
          "  \"assets\": {\"eth\": [\"ETH\"]}}},"
          " \"strategies\": {\"dca\": {\"allow_to\": {\"eth\": [\"0xaaa\"]}, \"deny_to\": {\"sol\": [\"SoLbad\"]}}}}");
    ALLOWED(ask_full("default", NULL, "eth", "ETH", "0xaaa", "1", 18, T0));
    DENIED(ask_full("default", NULL, "eth", "ETH", "0xbbb", "1", 18, T0), "deny_to", "tenant", "", "");
    DENIED(ask_full("default", NULL, "eth", "ETH", "0xccc", "1", 18, T0), "allow_to", "tenant", "", "");
    /* Exact byte comparison: another spelling of an address is another address. */
    DENIED(ask_full("default", NULL, "eth", "ETH", "0xAAA", "1", 18, T0), "allow_to", "tenant", "", "");
    DENIED(ask_full("default", NULL, "eth", "USDC", "0xaaa", "1", 6, T0), "asset_allowlist", "tenant", "", "");
    /* Lists are per chain: btc has only a denylist, no allowlist and no asset list. */
    ALLOWED(ask_full("default", NULL, "btc", "BTC", "bc1good", "1", 8, T0));
    DENIED(ask_full("default", NULL, "btc", "BTC", "bc1bad", "1", 8, T0), "deny_to", "tenant", "", "");
    /* The strategy's lists apply on top of the tenant's. */
    DENIED(ask_full("default", "dca", "eth", "ETH", "0xbbb", "1", 18, T0), "deny_to", "tenant", "", "");
    ALLOWED(ask_full("default", "dca", "eth", "ETH", "0xaaa", "1", 18, T0));
    DENIED(ask_full("other", "dca", "eth", "ETH", "0xccc", "1", 18, T0), "allow_to", "strategy", "", "");
    DENIED(ask_full("other", "dca", "sol", "SOL", "SoLbad", "1", 9, T0), "deny_to", "strategy", "", "");
    ALLOWED(ask_full("other", "dca", "sol", "SOL", "SoLgood", "1", 9, T0));
    /* An empty allowlist allows nothing on that chain. */
    setup("{\"tenants\": {\"default\": {\"allow_to\": {\"eth\": []}, \"assets\": {\"eth\": []}}}}");
    DENIED(ask("1", T0), "allow_to", "tenant", "", "");
}

static void test_kill_switch(void)
{
    setup("{\"tenants\": {\"default\": {\"eth\": {\"ETH\": {\"max_per_day\": \"2\"}}}}}");
    st_err e = {0};
    int paused = -1;
    CHECK(policy_paused(S, &paused, &e) == 0 && paused == 0);
    ALLOWED(ask("1", T0));
    CHECK(policy_pause(S, "incident 42", &e) == 0);
    CHECK(policy_paused(S, &paused, &e) == 0 && paused == 1);
    DENIED(ask("1", T0), "paused", "global", "", "");
    /* Paused wins over everything, for every tenant and list. */
    DENIED(ask_full("nobody", "x", "sol", "SOL", "any", "0", 9, T0), "paused", "global", "", "");
    LEDGER("default", "ETH", "1");
    /* Durable: a reopened store is still paused. */
    char dir[128];
    snprintf(dir, sizeof dir, "%s/db%d", root, ndirs - 1);
    store_close(S);
    CHECK(store_open(dir, &S, &e) == 0);
    CHECK(policy_paused(S, &paused, &e) == 0 && paused == 1);
    DENIED(ask("1", T0), "paused", "global", "", "");
    CHECK(policy_resume(S, &e) == 0);
    CHECK(policy_paused(S, &paused, &e) == 0 && paused == 0);
    ALLOWED(ask("1", T0));
    CHECK(policy_resume(S, &e) == 0); /* idempotent, still audited */
    LEDGER("default", "ETH", "2");
}

static void test_release(void)
{
    setup("{\"tenants\": {\"default\": {\"eth\": {\"ETH\": {\"max_per_day\": \"1\", \"max_tx_per_hour\": 1}}}}}");
    struct policy_decision d = ask("1" E18, T0);
    ALLOWED(d);
    DENIED(ask("1", T0), "max_per_day", "tenant", "1", "1");
    st_err e = {0};
    CHECK(policy_release(S, d.reservation_id, "rpc failed before signing", &e) == 0);
    LEDGER("default", "ETH", "0");
    ALLOWED(ask("1" E18, T0));
    st_err e2 = {0};
    CHECK(policy_release(S, d.reservation_id, "again", &e2) == -1 && strstr(e2.msg, "already released"));
    st_err e3 = {0};
    CHECK(policy_release(S, 999999, NULL, &e3) == -1 && strstr(e3.msg, "no reservation 999999"));
}

static void test_big_amounts(void)
{
    /* 100 ETH = 10^20 wei > 2^64 - 1 (about 1.8 * 10^19). */
    setup("{\"tenants\": {\"default\": {\"eth\": {\"ETH\": {\"max_per_tx\": \"60\", \"max_per_day\": \"100\"}}}}}");
    ALLOWED(ask("60" E18, T0));
    ALLOWED(ask("40" E18, T0));
    DENIED(ask("1", T0), "max_per_day", "tenant", "100", "100");
    DENIED(ask("60000000000000000001", T0 + 2 * DAY), "max_per_tx", "tenant", "60", "60.000000000000000001");
    LEDGER("default", "ETH", "100" E18);
    /* A request near 2^256 does not wrap around. */
    DENIED(ask("115792089237316195423570985008687907853269984665640564039457584007913129639935", T0),
           "max_per_tx", "tenant", "60",
           "115792089237316195423570985008687907853269984665640564039457.584007913129639935");
}

static void test_errors(void)
{
    setup("{\"tenants\": {\"default\": {\"eth\": {\"USDC\": {\"max_per_day\": \"0.0000001\"}}}}}");
    struct policy_request r = {"default", NULL, "eth", "USDC", "0xabc", "1", 6, T0};
    struct policy_decision d;
    st_err e = {0};
    CHECK(policy_decide(P, S, &r, &d, &e) == -1);
    CHECK(strstr(e.msg, "policy.tenants.default.eth.USDC.max_per_day") != NULL);
    r.amount = "1.5";
    st_err e2 = {0};
    CHECK(policy_decide(P, S, &r, &d, &e2) == -1 && strstr(e2.msg, "base units"));
    r.amount = "1";
    r.tenant = "";
    st_err e3 = {0};
    CHECK(policy_decide(P, S, &r, &d, &e3) == -1);
    LEDGER("default", "USDC", "0");
    /* No rules at all: nothing limits (docs/policy.md), but the decision is still audited. */
    struct policy_request r2 = {"default", NULL, "eth", "ETH", "0xabc", "7", 18, T0};
    st_err e4 = {0};
    CHECK(policy_decide(NULL, S, &r2, &d, &e4) == 0 && d.allowed == 1);
}

struct count_ctx {
    int decisions, allowed, denied, other;
    int saw_detail;
};

static int count_rec(const struct audit_record *rec, void *vctx)
{
    struct count_ctx *c = vctx;
    if (strcmp(rec->kind, "policy.decision") == 0) {
        c->decisions++;
        if (strstr(rec->detail, "\"decision\":\"allowed\""))
            c->allowed++;
        else
            c->denied++;
        if (strstr(rec->detail, "\"rule\":\"max_per_day\"") && strstr(rec->detail, "\"limit\":\"2\"") &&
            strstr(rec->detail, "\"used\":\"2\"") && strstr(rec->detail, "\"amount\":\"0.000000000000000001\"") &&
            rec->tenant && strcmp(rec->tenant, "default") == 0 && strcmp(rec->subject, "eth") == 0)
            c->saw_detail = 1;
    } else {
        c->other++;
    }
    return 0;
}

static void test_audit_trail(void)
{
    setup("{\"tenants\": {\"default\": {\"eth\": {\"ETH\": {\"max_per_day\": \"2\"}}}}}");
    ALLOWED(ask("2" E18, T0));
    DENIED(ask("1", T0), "max_per_day", "tenant", "2", "2");
    st_err e = {0};
    CHECK(policy_pause(S, NULL, &e) == 0);
    DENIED(ask("1", T0), "paused", "global", "", "");
    CHECK(policy_resume(S, &e) == 0);
    struct count_ctx c = {0};
    CHECK(audit_foreach(S, 1, 0, count_rec, &c, &e) == 0);
    CHECK(c.decisions == 3 && c.allowed == 1 && c.denied == 2 && c.other == 2 && c.saw_detail);
    struct audit_verify_report rep;
    CHECK(audit_verify(S, &rep, &e) == 0 && rep.ok && rep.records == 5);
}

int main(void)
{
    testfs_mkdtemp(root, sizeof root, "steward-policy");
    test_max_per_tx();
    test_max_per_day_and_window();
    test_max_tx_per_hour();
    test_tenant_and_strategy();
    test_lists();
    test_kill_switch();
    test_release();
    test_big_amounts();
    test_errors();
    test_audit_trail();
    store_close(S);
    policy_free(P);
    testfs_rmtree(root);
    return check_summary();
}
