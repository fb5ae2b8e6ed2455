/* test_secret_mpc.c: the `mpc` secret source (core/secret/mpc.c) against a fake NEAR node
 * (libmicrohttpd on loopback) that plays the signer contract and the MPC network at once.
 *
 * The node holds a master secret key msk (network key pk = msk·G2). It answers
 * view_access_key, block, the public_key view and send_tx; for a send it decodes the signed
 * transaction (borsh), checks the ed25519 signature, reads the FunctionCall
 * (request_app_private_key on the signer, or the proxy's method on the proxy, whose account
 * is then the predecessor), and answers as the network does: Y = y·G1, C = msk·H + y·A with
 * H = hash_to_curve(pk ‖ app_id) (ckd_hash_point) and A the request's app_public_key, as a
 * SuccessValue {"big_y","big_c"}. It counts sends, lookups and distinct transactions.
 *
 * Checked: two recoveries give the same secret (with different ephemeral keys), equal to
 * HKDF(msk·H) computed here independently; HKDF salt/info; the dispatcher (secret_recover);
 * a corrupted big_c is refused (pairing check) and not retried; a pinned network key that
 * equals the contract's works and one that differs is refused before anything is sent; a
 * proxy makes the proxy the predecessor; a node that fails twice then answers is recovered
 * within the retries, one submission; a send whose outcome is unknown is looked up, never
 * sent as a second request; a contract panic is final; bad account keys are refused. */
#include <microhttpd.h>
#include <pthread.h>
#include <sodium.h>
#include <unistd.h>

#include "testhttp.h"
#include "check.h"
#include "testfs.h"
#include "crypto/base58.h"
#include "crypto/bls_g1.h"
#include "crypto/bls_g2.h"
#include "crypto/hash.h"
#include "near/near_rpc.h"
#include "secret/ckd.h"
#include "secret/mpc.h"
#include "secret/secret_source.h"

#define MAX_SENT 16
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static struct {
    int fail_next;          /* this many requests (any method) get HTTP 503 */
    int fail_access_key;    /* this many view_access_key queries get HTTP 503 */
    int corrupt;            /* answer a wrong big_c (a valid point) */
    int panic;              /* the contract panics */
    int slow_sends;         /* every send executes, then answers too late */
    int hide_lookups;       /* this many `tx` lookups answer UNKNOWN_TRANSACTION */
    int sends, lookups, views, key_views, requests;
    int sig_ok;
    char *sent[MAX_SENT];
    char exec_hash[MAX_SENT][64];   /* distinct executed transactions */
    char *exec_outcome[MAX_SENT];
    int n_exec;
    char app_pks[MAX_SENT][128];    /* app_public_key of each executed request */
    char last_receiver[80], last_method[80], last_signer[80], last_path[200], last_predecessor[80];
    uint64_t last_gas;
    uint64_t last_deposit_lo, last_deposit_hi;
    long last_domain;
    char last_view_args[128];
} st;

static uint8_t msk[32], net_pk[96], acct_pk[32];
static char net_pk_text[200];
static const char *SIGNER = "v1.signer", *PROXY = "proxy.near", *PROXY_METHOD = "get_key";

static void reset(void)
{
    pthread_mutex_lock(&mu);
    for (int i = 0; i < MAX_SENT; i++) {
        free(st.sent[i]);
        free(st.exec_outcome[i]);
    }
    memset(&st, 0, sizeof st);
    st.sig_ok = 1;
    pthread_mutex_unlock(&mu);
}

static void block_hash_text(char out[64])
{
    uint8_t h[32];
    sha256((const uint8_t *)"block0", 6, h);
    base58_encode(h, 32, out, 64, NULL);
}

static enum MHD_Result rpc_error(struct MHD_Connection *c, const char *name, const char *cause, const char *info)
{
    char buf[1024];
    snprintf(buf, sizeof buf,
             "{\"jsonrpc\":\"2.0\",\"id\":\"steward\",\"error\":{\"name\":\"%s\",\"cause\":{\"name\":\"%s\",\"info\":%s},"
             "\"code\":-32000,\"message\":\"Server error\",\"data\":%s}}",
             name, cause, info, info);
    return testhttp_reply(c, 200, buf);
}

/* ---- borsh reading of a SignedTransaction with one FunctionCall ---- */
struct rd {
    const uint8_t *p;
    size_t n, off;
    int bad;
};
static uint64_t rd_u(struct rd *r, int bytes)
{
    uint64_t v = 0;
    if (r->off + (size_t)bytes > r->n) {
        r->bad = 1;
        return 0;
    }
    for (int i = bytes - 1; i >= 0; i--)
        v = v << 8 | r->p[r->off + i];
    r->off += bytes;
    return v;
}
static const uint8_t *rd_bytes(struct rd *r, size_t len)
{
    if (r->bad || r->off + len > r->n) {
        r->bad = 1;
        return NULL;
    }
    const uint8_t *p = r->p + r->off;
    r->off += len;
    return p;
}
static void rd_str(struct rd *r, char *out, size_t cap)
{
    size_t len = (size_t)rd_u(r, 4);
    const uint8_t *p = rd_bytes(r, len);
    if (p == NULL || len >= cap) {
        r->bad = 1;
        out[0] = 0;
        return;
    }
    memcpy(out, p, len);
    out[len] = 0;
}

struct fcall {
    char signer[80], receiver[80], method[80], hash[64];
    char *args; /* malloc'd, NUL-terminated */
    uint64_t gas, dep_lo, dep_hi;
    int sig_ok;
};

static int parse_fcall(const char *b64, struct fcall *f)
{
    uint8_t *raw = NULL;
    size_t n = 0;
    st_err e = {0};
    memset(f, 0, sizeof *f);
    if (near_base64_decode(b64, &raw, &n, &e) != 0 || n < 65)
        return -1;
    struct rd r = {raw, n - 65, 0, 0};
    rd_str(&r, f->signer, sizeof f->signer);
    rd_bytes(&r, 33);
    rd_u(&r, 8);
    rd_str(&r, f->receiver, sizeof f->receiver);
    rd_bytes(&r, 32);
    uint64_t n_actions = rd_u(&r, 4), tag = rd_u(&r, 1);
    rd_str(&r, f->method, sizeof f->method);
    size_t alen = (size_t)rd_u(&r, 4);
    const uint8_t *args = rd_bytes(&r, alen);
    f->gas = rd_u(&r, 8);
    f->dep_lo = rd_u(&r, 8);
    f->dep_hi = rd_u(&r, 8);
    int ok = !r.bad && r.off == n - 65 && n_actions == 1 && tag == 2;
    if (ok) {
        f->args = malloc(alen + 1);
        memcpy(f->args, args, alen);
        f->args[alen] = 0;
        uint8_t h[32];
        sha256(raw, n - 65, h);
        base58_encode(h, 32, f->hash, 64, NULL);
        f->sig_ok = raw[n - 65] == 0 && crypto_sign_verify_detached(raw + n - 64, h, 32, acct_pk) == 0;
    }
    free(raw);
    return ok ? 0 : -1;
}

/* The network's answer for a request: {"big_y","big_c"} as JSON text into out. */
static int network_answer(const char *predecessor, const char *path, const char *app_pk_text, int corrupt, char *out,
                          size_t cap)
{
    uint8_t app_id[32], h[48], a[48], y[32], yb[48], cb[48];
    st_err e = {0};
    ckd_app_id(predecessor, path, app_id);
    if (ckd_hash_point(net_pk, app_id, h, &e) != 0 || ckd_point_parse(app_pk_text, a, 48, &e) != 0)
        return -1;
    g1 H, A, Y, C, yA;
    if (g1_decompress(&H, h) != 0 || g1_decompress(&A, a) != 0)
        return -1;
    randombytes_buf(y, sizeof y);
    y[0] &= 0x3f; /* < r */
    g1_mul_vartime(&Y, &G1_GENERATOR, y);
    g1_mul_vartime(&C, &H, msk);
    g1_mul_vartime(&yA, &A, y);
    g1_add(&C, &C, &yA);
    if (corrupt)
        g1_add(&C, &C, &G1_GENERATOR);
    g1_compress(yb, &Y);
    g1_compress(cb, &C);
    char ty[128], tc[128];
    ckd_point_text(yb, 48, ty, sizeof ty, &e);
    ckd_point_text(cb, 48, tc, sizeof tc, &e);
    snprintf(out, cap, "{\"big_y\":\"%s\",\"big_c\":\"%s\"}", ty, tc);
    return 0;
}

static char *outcome_ok(const char *value)
{
    char *b64 = near_base64((const uint8_t *)value, strlen(value));
    size_t cap = strlen(b64) + 512;
    char *o = malloc(cap);
    snprintf(o, cap,
             "{\"jsonrpc\":\"2.0\",\"id\":\"steward\",\"result\":{\"final_execution_status\":\"FINAL\","
             "\"status\":{\"SuccessValue\":\"%s\"},\"transaction\":{},\"transaction_outcome\":{},\"receipts_outcome\":[]}}",
             b64);
    free(b64);
    return o;
}

static const char *OUTCOME_PANIC =
    "{\"jsonrpc\":\"2.0\",\"id\":\"steward\",\"result\":{\"final_execution_status\":\"FINAL\","
    "\"status\":{\"Failure\":{\"ActionError\":{\"index\":0,\"kind\":{\"FunctionCallError\":{\"ExecutionError\":"
    "\"Smart contract panicked: domain is not a CKD domain\"}}}}},\"transaction\":{},\"receipts_outcome\":[]}}";

static enum MHD_Result handle_send(struct MHD_Connection *c, const char *b64)
{
    struct fcall f;
    if (b64 == NULL || parse_fcall(b64, &f) != 0)
        return rpc_error(c, "REQUEST_VALIDATION_ERROR", "PARSE_ERROR", "{\"error_message\":\"bad tx\"}");
    pthread_mutex_lock(&mu);
    int i = st.sends++;
    if (i < MAX_SENT)
        st.sent[i] = strdup(b64);
    if (!f.sig_ok)
        st.sig_ok = 0;
    int known = -1;
    for (int k = 0; k < st.n_exec; k++)
        if (strcmp(st.exec_hash[k], f.hash) == 0)
            known = k;
    int panic = st.panic, corrupt = st.corrupt, slow = st.slow_sends;
    snprintf(st.last_receiver, sizeof st.last_receiver, "%s", f.receiver);
    snprintf(st.last_method, sizeof st.last_method, "%s", f.method);
    snprintf(st.last_signer, sizeof st.last_signer, "%s", f.signer);
    st.last_gas = f.gas;
    st.last_deposit_lo = f.dep_lo;
    st.last_deposit_hi = f.dep_hi;
    pthread_mutex_unlock(&mu);

    char *outcome = NULL;
    if (known >= 0) { /* the same bytes again: NEAR executes a transaction once */
        pthread_mutex_lock(&mu);
        outcome = strdup(st.exec_outcome[known]);
        pthread_mutex_unlock(&mu);
    } else {
        const char *predecessor = NULL;
        if (strcmp(f.receiver, SIGNER) == 0 && strcmp(f.method, "request_app_private_key") == 0)
            predecessor = f.signer;
        else if (strcmp(f.receiver, PROXY) == 0 && strcmp(f.method, PROXY_METHOD) == 0)
            predecessor = PROXY; /* the proxy calls the signer: it is the predecessor */
        json_t *args = json_loads(f.args, 0, NULL), *rq = json_object_get(args, "request");
        const char *path = json_string_value(json_object_get(rq, "derivation_path"));
        const char *app_pk = json_string_value(json_object_get(rq, "app_public_key"));
        json_int_t domain = json_integer_value(json_object_get(rq, "domain_id"));
        char answer[512];
        if (panic || predecessor == NULL || path == NULL || app_pk == NULL || domain != 2 ||
            json_object_size(args) != 1 || json_object_size(rq) != 3 || f.dep_lo != 1 || f.dep_hi != 0 ||
            network_answer(predecessor, path, app_pk, corrupt, answer, sizeof answer) != 0)
            outcome = strdup(OUTCOME_PANIC);
        else
            outcome = outcome_ok(answer);
        pthread_mutex_lock(&mu);
        if (st.n_exec < MAX_SENT) {
            snprintf(st.exec_hash[st.n_exec], 64, "%s", f.hash);
            st.exec_outcome[st.n_exec] = strdup(outcome);
            snprintf(st.app_pks[st.n_exec], 128, "%s", app_pk ? app_pk : "");
            st.n_exec++;
        }
        snprintf(st.last_path, sizeof st.last_path, "%s", path ? path : "");
        snprintf(st.last_predecessor, sizeof st.last_predecessor, "%s", predecessor ? predecessor : "");
        st.last_domain = (long)domain;
        pthread_mutex_unlock(&mu);
        json_decref(args);
    }
    free(f.args);
    if (slow)
        usleep(700 * 1000); /* executed, but the client has given up by now */
    enum MHD_Result r = testhttp_reply(c, 200, outcome);
    free(outcome);
    return r;
}

static enum MHD_Result handle(struct MHD_Connection *c, json_t *req)
{
    const char *method = json_string_value(json_object_get(req, "method"));
    json_t *params = json_object_get(req, "params");
    char buf[1024], bh[64];
    pthread_mutex_lock(&mu);
    st.requests++;
    int fail = st.fail_next > 0;
    if (fail)
        st.fail_next--;
    pthread_mutex_unlock(&mu);
    if (fail)
        return testhttp_reply(c, 503, "busy");
    if (method == NULL)
        return testhttp_reply(c, 400, "bad");
    block_hash_text(bh);
    if (strcmp(method, "query") == 0) {
        const char *rt = json_string_value(json_object_get(params, "request_type"));
        if (rt && strcmp(rt, "view_access_key") == 0) {
            pthread_mutex_lock(&mu);
            st.views++;
            int down = st.fail_access_key > 0;
            if (down)
                st.fail_access_key--;
            pthread_mutex_unlock(&mu);
            if (down)
                return testhttp_reply(c, 503, "busy");
            snprintf(buf, sizeof buf,
                     "{\"jsonrpc\":\"2.0\",\"id\":\"steward\",\"result\":{\"nonce\":7,\"permission\":\"FullAccess\","
                     "\"block_height\":100,\"block_hash\":\"%s\"}}",
                     bh);
            return testhttp_reply(c, 200, buf);
        }
        if (rt && strcmp(rt, "call_function") == 0) {
            const char *m = json_string_value(json_object_get(params, "method_name"));
            const char *acct = json_string_value(json_object_get(params, "account_id"));
            const char *args = json_string_value(json_object_get(params, "args_base64"));
            if (m == NULL || strcmp(m, "public_key") != 0 || acct == NULL || strcmp(acct, SIGNER) != 0)
                return rpc_error(c, "HANDLER_ERROR", "CONTRACT_EXECUTION_ERROR",
                                 "{\"vm_error\":\"Smart contract panicked: no such view\",\"block_height\":1}");
            uint8_t *raw = NULL;
            size_t n = 0;
            st_err e = {0};
            if (args)
                near_base64_decode(args, &raw, &n, &e);
            pthread_mutex_lock(&mu);
            st.key_views++;
            snprintf(st.last_view_args, sizeof st.last_view_args, "%s", raw ? (char *)raw : "");
            pthread_mutex_unlock(&mu);
            free(raw);
            char value[256];
            snprintf(value, sizeof value, "\"%s\"", net_pk_text);
            struct bytebuf b = BYTEBUF_INIT;
            bytebuf_puts(&b, "{\"jsonrpc\":\"2.0\",\"id\":\"steward\",\"result\":{\"result\":[");
            for (size_t i = 0; value[i]; i++) {
                char num[8];
                snprintf(num, sizeof num, "%s%u", i ? "," : "", (unsigned char)value[i]);
                bytebuf_puts(&b, num);
            }
            bytebuf_puts(&b, "],\"logs\":[],\"block_height\":100,\"block_hash\":\"x\"}}");
            enum MHD_Result r = testhttp_reply(c, 200, bytebuf_str(&b));
            bytebuf_free(&b);
            return r;
        }
        return testhttp_reply(c, 400, "unknown request_type");
    }
    if (strcmp(method, "block") == 0) {
        snprintf(buf, sizeof buf,
                 "{\"jsonrpc\":\"2.0\",\"id\":\"steward\",\"result\":{\"header\":{\"hash\":\"%s\",\"height\":1000},"
                 "\"chunks\":[]}}",
                 bh);
        return testhttp_reply(c, 200, buf);
    }
    if (strcmp(method, "send_tx") == 0)
        return handle_send(c, json_string_value(json_object_get(params, "signed_tx_base64")));
    if (strcmp(method, "tx") == 0) {
        const char *h = json_string_value(json_object_get(params, "tx_hash"));
        char *outcome = NULL;
        pthread_mutex_lock(&mu);
        st.lookups++;
        int hide = st.hide_lookups > 0;
        if (hide)
            st.hide_lookups--;
        for (int k = 0; k < st.n_exec && !hide && h; k++)
            if (strcmp(st.exec_hash[k], h) == 0)
                outcome = strdup(st.exec_outcome[k]);
        pthread_mutex_unlock(&mu);
        if (outcome == NULL)
            return rpc_error(c, "HANDLER_ERROR", "UNKNOWN_TRANSACTION", "{\"requested_transaction_hash\":\"x\"}");
        enum MHD_Result r = testhttp_reply(c, 200, outcome);
        free(outcome);
        return r;
    }
    return testhttp_reply(c, 200, "{\"jsonrpc\":\"2.0\",\"id\":\"steward\",\"error\":{\"code\":-32601,\"message\":\"Method not found\"}}");
}

static enum MHD_Result handler(struct MHD_Connection *c, const char *url, const char *method, const char *body)
{
    (void)url, (void)method;
    json_t *req = json_loads(body, 0, NULL);
    enum MHD_Result r = req ? handle(c, req) : testhttp_reply(c, 400, "not json");
    json_decref(req);
    return r;
}

/* ---- the test side ---- */

static char dir[256], key_path[512], url[64];
static uint8_t acct_sk[64];
static const struct mpc_tuning FAST = {5, 10};

/* The secret the network's protocol gives for a predecessor and path: HKDF(msk·H), computed
 * here from msk directly (no ephemeral key involved). */
static void expected_secret(const char *predecessor, const char *path, const char *salt, const char *info,
                            uint8_t out[32])
{
    uint8_t app_id[32], h[48], s[48];
    st_err e = {0};
    ckd_app_id(predecessor, path, app_id);
    CHECK(ckd_hash_point(net_pk, app_id, h, &e) == 0);
    g1 H, S;
    CHECK(g1_decompress(&H, h) == 0);
    g1_mul_vartime(&S, &H, msk);
    g1_compress(s, &S);
    CHECK(hkdf_sha256(s, 48, (const uint8_t *)salt, salt ? strlen(salt) : 0, (const uint8_t *)info,
                      info ? strlen(info) : 0, out, 32) == 0);
}

static void base_cfg(struct config_mpc *c)
{
    memset(c, 0, sizeof *c);
    c->rpc_url = url;
    c->signer_contract = (char *)SIGNER;
    c->account_id = "steward.near";
    c->derivation_path = "steward/master/v1";
    c->domain_id = 2;
    c->account_key_file = key_path;
    c->gas = 300000000000000ull;
    c->retries = 5;
    c->timeout_ms = 2000;
}

static int secret_is(const struct master_secret *ms, const uint8_t want[32])
{
    return ms->root_seed.p != NULL && ms->root_seed.len == 32 && memcmp(ms->root_seed.p, want, 32) == 0;
}

static void test_recover_twice(void)
{
    struct config_mpc c;
    base_cfg(&c);
    uint8_t want[32];
    expected_secret("steward.near", "steward/master/v1", NULL, NULL, want);
    struct master_secret a = {0}, b = {0};
    struct mpc_report r1, r2;
    st_err e = {0};
    reset();
    CHECK(mpc_recover(&c, &FAST, &a, &r1, &e) == 0);
    if (e.set)
        fprintf(stderr, "recover: %s\n", e.msg);
    CHECK(secret_is(&a, want));
    CHECK_STR(a.source, "mpc");
    CHECK(a.is_dev == 0 && a.created == 0);
    CHECK(r1.attempts == 1 && r1.submissions == 1 && r1.key_views == 1);
    CHECK_STR(r1.predecessor, "steward.near");
    uint8_t id[32];
    ckd_app_id("steward.near", "steward/master/v1", id);
    CHECK_MEM(r1.app_id, id, 32);
    CHECK(st.sends == 1 && st.n_exec == 1 && st.sig_ok);
    CHECK_STR(st.last_signer, "steward.near");
    CHECK_STR(st.last_receiver, "v1.signer");
    CHECK_STR(st.last_method, "request_app_private_key");
    CHECK_STR(st.last_path, "steward/master/v1");
    CHECK(st.last_domain == 2 && st.last_gas == 300000000000000ull && st.last_deposit_lo == 1 && st.last_deposit_hi == 0);
    CHECK_STR(st.last_view_args, "{\"domain_id\":2}");
    CHECK_STR(r1.tx_hash, st.exec_hash[0]);

    CHECK(mpc_recover(&c, &FAST, &b, &r2, &e) == 0);
    CHECK(secret_is(&b, want));
    CHECK(st.n_exec == 2 && strcmp(st.app_pks[0], st.app_pks[1]) != 0); /* fresh ephemeral keys */
    CHECK(strncmp(st.app_pks[0], "bls12381g1:", 11) == 0);
    master_secret_free(&a);
    master_secret_free(&b);
    CHECK(a.root_seed.p == NULL && a.source == NULL);

    /* Another path: another secret. */
    c.derivation_path = "steward/master/v2";
    expected_secret("steward.near", "steward/master/v2", NULL, NULL, want);
    CHECK(mpc_recover(&c, &FAST, &a, NULL, &e) == 0 && secret_is(&a, want));
    master_secret_free(&a);

    /* HKDF salt and info. */
    base_cfg(&c);
    c.hkdf_salt = "pepper";
    c.hkdf_info = "steward master";
    expected_secret("steward.near", "steward/master/v1", "pepper", "steward master", want);
    CHECK(mpc_recover(&c, &FAST, &a, NULL, &e) == 0 && secret_is(&a, want));
    master_secret_free(&a);
}

static void test_dispatcher(void)
{
    struct config_secret cs;
    memset(&cs, 0, sizeof cs);
    cs.source = SECRET_SOURCE_MPC;
    base_cfg(&cs.mpc);
    uint8_t want[32];
    expected_secret("steward.near", "steward/master/v1", NULL, NULL, want);
    struct master_secret ms;
    st_err e = {0};
    reset();
    CHECK(secret_recover(&cs, dir, &ms, &e) == 0);
    if (e.set)
        fprintf(stderr, "secret_recover: %s\n", e.msg);
    CHECK(secret_is(&ms, want));
    CHECK_STR(ms.source, "mpc");
    CHECK(ms.is_dev == 0 && st.sends == 1);
    master_secret_free(&ms);
}

static void test_corrupt_answer(void)
{
    struct config_mpc c;
    base_cfg(&c);
    struct master_secret ms = {0};
    struct mpc_report r;
    st_err e = {0};
    reset();
    st.corrupt = 1;
    CHECK(mpc_recover(&c, &FAST, &ms, &r, &e) == -1);
    CHECK(strstr(e.msg, "pairing check failed") != NULL && strstr(e.msg, "e(H, pk) != e(sig, G2)") != NULL);
    CHECK(strstr(e.msg, "refusing to start") != NULL);
    CHECK(ms.root_seed.p == NULL);
    CHECK(r.attempts == 1 && st.sends == 1 && st.n_exec == 1); /* not retried */
    if (getenv("STEWARD_TEST_VERBOSE"))
        printf("corrupt: %s\n", e.msg);
}

static void test_pinned_key(void)
{
    struct config_mpc c;
    base_cfg(&c);
    uint8_t want[32];
    expected_secret("steward.near", "steward/master/v1", NULL, NULL, want);
    struct master_secret ms = {0};
    st_err e = {0};
    reset();
    c.network_public_key = net_pk_text; /* the same key: fine */
    CHECK(mpc_recover(&c, &FAST, &ms, NULL, &e) == 0 && secret_is(&ms, want));
    master_secret_free(&ms);

    /* Another network key pinned: refused before anything is sent. */
    uint8_t k2[32], pk2[96];
    memset(k2, 0, sizeof k2);
    k2[31] = 5;
    g2 P;
    g2_mul_vartime(&P, &G2_GENERATOR, k2);
    g2_compress(pk2, &P);
    char other[200];
    CHECK(ckd_point_text(pk2, 96, other, sizeof other, &e) == 0);
    c.network_public_key = other;
    reset();
    st_err e2 = {0};
    CHECK(mpc_recover(&c, &FAST, &ms, NULL, &e2) == -1 && ms.root_seed.p == NULL);
    CHECK(strstr(e2.msg, "not the pinned network_public_key") != NULL && strstr(e2.msg, "refusing to start"));
    CHECK(st.sends == 0 && st.key_views == 1);

    /* A malformed pin. */
    c.network_public_key = "bls12381g2:abc";
    st_err e3 = {0};
    CHECK(mpc_recover(&c, &FAST, &ms, NULL, &e3) == -1 && strstr(e3.msg, "network_public_key") != NULL);
}

static void test_proxy(void)
{
    struct config_mpc c;
    base_cfg(&c);
    c.proxy_contract = (char *)PROXY;
    c.proxy_method = (char *)PROXY_METHOD;
    uint8_t want[32], direct[32];
    expected_secret(PROXY, "steward/master/v1", NULL, NULL, want);
    expected_secret("steward.near", "steward/master/v1", NULL, NULL, direct);
    CHECK(memcmp(want, direct, 32) != 0);
    struct master_secret ms = {0};
    struct mpc_report r;
    st_err e = {0};
    reset();
    CHECK(mpc_recover(&c, &FAST, &ms, &r, &e) == 0 && secret_is(&ms, want));
    if (e.set)
        fprintf(stderr, "proxy: %s\n", e.msg);
    CHECK_STR(r.predecessor, PROXY);
    uint8_t id[32];
    ckd_app_id(PROXY, "steward/master/v1", id);
    CHECK_MEM(r.app_id, id, 32);
    CHECK_STR(st.last_receiver, PROXY);
    CHECK_STR(st.last_method, PROXY_METHOD);
    CHECK_STR(st.last_signer, "steward.near");
    CHECK_STR(st.last_predecessor, PROXY);
    CHECK(st.sends == 1);
    master_secret_free(&ms);
}

static void test_retries(void)
{
    struct config_mpc c;
    base_cfg(&c);
    uint8_t want[32];
    expected_secret("steward.near", "steward/master/v1", NULL, NULL, want);
    struct master_secret ms = {0};
    struct mpc_report r;
    st_err e = {0};

    /* Fails twice (HTTP 503), then answers: recovered, one submission. */
    reset();
    st.fail_next = 2;
    CHECK(mpc_recover(&c, &FAST, &ms, &r, &e) == 0 && secret_is(&ms, want));
    CHECK(r.attempts == 3 && r.submissions == 1 && st.sends == 1 && st.n_exec == 1);
    master_secret_free(&ms);

    /* A failure after the key view (view_access_key fails twice): nothing sent, retried; the
     * network key is not read again. */
    reset();
    st.fail_access_key = 2;
    CHECK(mpc_recover(&c, &FAST, &ms, &r, &e) == 0 && secret_is(&ms, want));
    CHECK(r.attempts == 3 && r.key_views == 1 && st.key_views == 1 && st.sends == 1);
    master_secret_free(&ms);

    /* Not enough retries: a clear error, nothing else tried. */
    c.retries = 1;
    reset();
    st.fail_next = 5;
    st_err e2 = {0};
    CHECK(mpc_recover(&c, &FAST, &ms, &r, &e2) == -1 && ms.root_seed.p == NULL);
    CHECK(strstr(e2.msg, "no answer after 2 attempts") != NULL && r.attempts == 2 && st.sends == 0);
    if (getenv("STEWARD_TEST_VERBOSE"))
        printf("retries: %s\n", e2.msg);

    /* A contract panic: final, not retried. */
    c.retries = 5;
    reset();
    st.panic = 1;
    st_err e3 = {0};
    CHECK(mpc_recover(&c, &FAST, &ms, &r, &e3) == -1 && ms.root_seed.p == NULL);
    CHECK(strstr(e3.msg, "Smart contract panicked: domain is not a CKD domain") != NULL);
    CHECK(r.attempts == 1 && st.sends == 1);
}

static void test_unknown_outcome(void)
{
    struct config_mpc c;
    base_cfg(&c);
    c.timeout_ms = 300;
    uint8_t want[32];
    expected_secret("steward.near", "steward/master/v1", NULL, NULL, want);
    struct master_secret ms = {0};
    struct mpc_report r;
    st_err e = {0};

    /* Every send executes but answers too late, and near_rpc's lookups do not see it yet:
     * near_rpc gives up with "unknown"; the next attempt looks the SAME transaction up (and
     * finds it) instead of sending a second request. */
    reset();
    st.slow_sends = 1;
    st.hide_lookups = 6; /* near_rpc: 3 lookups, the identical resend (also late), 3 more lookups */
    CHECK(mpc_recover(&c, &FAST, &ms, &r, &e) == 0 && secret_is(&ms, want));
    if (e.set)
        fprintf(stderr, "unknown: %s\n", e.msg);
    CHECK(r.attempts == 2 && st.n_exec == 1);
    CHECK(st.sends == 2 && st.sent[0] && st.sent[1] && strcmp(st.sent[0], st.sent[1]) == 0); /* identical bytes */
    CHECK_STR(r.tx_hash, st.exec_hash[0]);
    master_secret_free(&ms);

    /* Never found: a clear error with the hash, still one request. */
    c.retries = 1;
    reset();
    st.slow_sends = 1;
    st.hide_lookups = 1000;
    st_err e2 = {0};
    CHECK(mpc_recover(&c, &FAST, &ms, &r, &e2) == -1 && ms.root_seed.p == NULL);
    CHECK(strstr(e2.msg, "outcome is still unknown") != NULL && strstr(e2.msg, r.tx_hash) != NULL);
    CHECK(strstr(e2.msg, "not sending another") != NULL);
    CHECK(st.n_exec == 1 && r.attempts == 2);
    if (getenv("STEWARD_TEST_VERBOSE"))
        printf("unknown: %s\n", e2.msg);
}

static void test_account_keys(void)
{
    struct config_mpc c;
    base_cfg(&c);
    struct master_secret ms = {0};
    char path[600], text[200], b58[120];
    st_err e = {0};

    /* From an environment variable: read, then wiped and removed. */
    base58_encode(acct_sk, 64, b58, sizeof b58, &e);
    snprintf(text, sizeof text, "ed25519:%s", b58);
    setenv("STEWARD_TEST_NEAR_KEY", text, 1);
    c.account_key_file = NULL;
    c.account_key_env = "STEWARD_TEST_NEAR_KEY";
    reset();
    CHECK(mpc_recover(&c, &FAST, &ms, NULL, &e) == 0 && ms.root_seed.p != NULL);
    CHECK(getenv("STEWARD_TEST_NEAR_KEY") == NULL);
    master_secret_free(&ms);
    st_err e1 = {0};
    CHECK(mpc_recover(&c, &FAST, &ms, NULL, &e1) == -1 && strstr(e1.msg, "STEWARD_TEST_NEAR_KEY") != NULL);

    /* Bad key texts in a file: refused, nothing sent, the key never in the message. */
    const char *bad[] = {"secp256k1:abc\n", "ed25519:0OIl\n", "ed25519:abc\n", NULL};
    uint8_t other[64];
    memcpy(other, acct_sk, 64);
    other[40] ^= 1; /* public half not the seed's */
    char inconsistent[200];
    base58_encode(other, 64, b58, sizeof b58, &e);
    snprintf(inconsistent, sizeof inconsistent, "ed25519:%s\n", b58);
    snprintf(path, sizeof path, "%s/bad.key", dir);
    base_cfg(&c);
    c.account_key_file = path;
    for (int i = 0; i < 4; i++) {
        const char *t = i < 3 ? bad[i] : inconsistent;
        testfs_write_file(path, t, strlen(t), 0600);
        reset();
        st_err eb = {0};
        CHECK(mpc_recover(&c, &FAST, &ms, NULL, &eb) == -1 && ms.root_seed.p == NULL && st.sends == 0);
        CHECK(strstr(eb.msg, "account key") != NULL && strstr(eb.msg, path) != NULL);
        CHECK(i < 3 || strstr(eb.msg, "inconsistent") != NULL);
        CHECK(strstr(eb.msg, b58) == NULL);
    }
    /* A file readable by others is refused at recovery too. */
    testfs_write_file(path, text, strlen(text), 0644);
    st_err ep = {0};
    CHECK(mpc_recover(&c, &FAST, &ms, NULL, &ep) == -1 && st.sends == 0);
    /* A bad account id. */
    base_cfg(&c);
    c.account_id = "Steward";
    st_err ea = {0};
    CHECK(mpc_recover(&c, &FAST, &ms, NULL, &ea) == -1 && strstr(ea.msg, "secret.mpc.account_id") != NULL);
}

int main(void)
{
    if (sodium_init() < 0)
        return 2;
    /* The network. */
    memset(msk, 0, sizeof msk);
    randombytes_buf(msk + 1, 31); /* < r */
    g2 P;
    g2_mul_vartime(&P, &G2_GENERATOR, msk);
    g2_compress(net_pk, &P);
    st_err e = {0};
    if (ckd_point_text(net_pk, 96, net_pk_text, sizeof net_pk_text, &e) != 0)
        return 2;
    /* The account. */
    uint8_t seed[32];
    memset(seed, 9, sizeof seed);
    crypto_sign_seed_keypair(acct_pk, acct_sk, seed);
    testfs_mkdtemp(dir, sizeof dir, "steward-mpc");
    char b58[120], text[200];
    base58_encode(acct_sk, 64, b58, sizeof b58, &e);
    snprintf(text, sizeof text, "ed25519:%s\n", b58);
    snprintf(key_path, sizeof key_path, "%s/near.key", dir);
    testfs_write_file(key_path, text, strlen(text), 0600);

    unsigned port;
    struct MHD_Daemon *d = testhttp_start(handler, &port);
    if (d == NULL)
        return 2;
    snprintf(url, sizeof url, "http://127.0.0.1:%u", port);

    test_recover_twice();
    test_dispatcher();
    test_corrupt_answer();
    test_pinned_key();
    test_proxy();
    test_retries();
    test_unknown_outcome();
    test_account_keys();

    MHD_stop_daemon(d);
    reset();
    if (testfs_rmtree(dir) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
    return check_summary();
}
