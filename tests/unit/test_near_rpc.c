/* The NEAR RPC client (core/near/near_rpc.c) against a fake NEAR node (libmicrohttpd on
 * loopback) that decodes every transaction it is sent, checks its hash and signature, and
 * counts submissions. Covers the views, success, the InvalidNonce and Expired rebuilds, the
 * mapping of a contract panic, and the timeout-after-send rules: the transaction is looked up
 * by hash before anything is resent, only identical bytes are ever resent, and a transaction
 * that may have gone through is never rebuilt with a new nonce. */
#include <microhttpd.h>
#include <pthread.h>
#include <sodium.h>
#include <unistd.h>

#include "testhttp.h"
#include "check.h"
#include "crypto/base58.h"
#include "crypto/hash.h"
#include "near/near_rpc.h"

enum step { OK, NONCE, EXPIRED, PANIC, SLOW_EXEC, SLOW_LOST, TIMEOUT408, HTTP503, SLOW_EXEC_HIDDEN, DENIED, STATUS_NONCE };

#define MAX_SENT 8
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static struct {
    enum step script[MAX_SENT];
    int n_script;
    int sends, lookups, views, blocks, calls;
    char *sent[MAX_SENT];      /* signed_tx_base64 of each send */
    uint64_t view_nonce;       /* what view_access_key answers */
    uint64_t err_ak_nonce;     /* ak_nonce in an InvalidNonce answer */
    int block_ver;             /* the final block hash changes with it */
    char executed[64];         /* hash of the transaction that executed, "" if none */
    int hide_lookups;          /* this many lookups answer UNKNOWN_TRANSACTION regardless */
    int sig_ok, hash_ok;       /* every transaction had a good signature and expected hash */
    char last_lookup[512];
    int key_missing;
} st;
static uint8_t pk_bytes[32];

static void reset(void)
{
    pthread_mutex_lock(&mu);
    for (int i = 0; i < MAX_SENT; i++)
        free(st.sent[i]);
    memset(&st, 0, sizeof st);
    st.view_nonce = 5;
    st.sig_ok = st.hash_ok = 1;
    pthread_mutex_unlock(&mu);
}

static void block_hash(int ver, uint8_t h[32])
{
    char seed[16];
    snprintf(seed, sizeof seed, "block%d", ver);
    sha256((const uint8_t *)seed, strlen(seed), h);
}

static void block_hash_text(int ver, char out[64])
{
    uint8_t h[32];
    block_hash(ver, h);
    base58_encode(h, 32, out, 64, NULL);
}

/* Decodes a signed transaction: nonce, block hash, tx hash (base58); checks the signature. */
static int parse_signed(const char *b64, uint64_t *nonce, uint8_t bh[32], char hash_text[64], int *sig_ok)
{
    uint8_t *raw = NULL;
    size_t n = 0;
    st_err e = {0};
    if (near_base64_decode(b64, &raw, &n, &e) != 0 || n < 4 + 65)
        return -1;
    size_t off = 0;
    uint32_t slen = raw[0] | raw[1] << 8 | raw[2] << 16 | (uint32_t)raw[3] << 24;
    off = 4 + slen + 33;
    *nonce = 0;
    for (int i = 7; i >= 0; i--)
        *nonce = *nonce << 8 | raw[off + i];
    off += 8;
    uint32_t rlen = raw[off] | raw[off + 1] << 8 | raw[off + 2] << 16 | (uint32_t)raw[off + 3] << 24;
    off += 4 + rlen;
    memcpy(bh, raw + off, 32);
    uint8_t h[32];
    sha256(raw, n - 65, h);
    base58_encode(h, 32, hash_text, 64, NULL);
    *sig_ok = raw[n - 65] == 0 && crypto_sign_verify_detached(raw + n - 64, h, 32, pk_bytes) == 0;
    free(raw);
    return 0;
}

static const char *OUTCOME_OK =
    "{\"jsonrpc\":\"2.0\",\"id\":\"steward\",\"result\":{\"final_execution_status\":\"FINAL\","
    "\"status\":{\"SuccessValue\":\"Im9rIg==\"},\"transaction\":{},\"transaction_outcome\":{},\"receipts_outcome\":[]}}";
static const char *OUTCOME_PANIC =
    "{\"jsonrpc\":\"2.0\",\"id\":\"steward\",\"result\":{\"final_execution_status\":\"FINAL\","
    "\"status\":{\"Failure\":{\"ActionError\":{\"index\":0,\"kind\":{\"FunctionCallError\":{\"ExecutionError\":"
    "\"Smart contract panicked: caller is not approved\"}}}}},\"transaction\":{},\"receipts_outcome\":[]}}";

static enum MHD_Result rpc_error(struct MHD_Connection *c, unsigned code, const char *name, const char *cause,
                                 const char *info)
{
    char buf[1024];
    snprintf(buf, sizeof buf,
             "{\"jsonrpc\":\"2.0\",\"id\":\"steward\",\"error\":{\"name\":\"%s\",\"cause\":{\"name\":\"%s\",\"info\":%s},"
             "\"code\":-32000,\"message\":\"Server error\",\"data\":%s}}",
             name, cause, info, info);
    return testhttp_reply(c, code, buf);
}

static enum MHD_Result handle(struct MHD_Connection *c, json_t *req)
{
    const char *method = json_string_value(json_object_get(req, "method"));
    json_t *params = json_object_get(req, "params");
    char buf[1024], bh[64];
    if (method == NULL)
        return testhttp_reply(c, 400, "bad");
    if (strcmp(method, "query") == 0) {
        const char *rt = json_string_value(json_object_get(params, "request_type"));
        if (rt && strcmp(rt, "view_access_key") == 0) {
            pthread_mutex_lock(&mu);
            st.views++;
            uint64_t nonce = st.view_nonce;
            int missing = st.key_missing;
            block_hash_text(st.block_ver, bh);
            pthread_mutex_unlock(&mu);
            if (missing)
                return rpc_error(c, 200, "HANDLER_ERROR", "UNKNOWN_ACCESS_KEY",
                                 "{\"public_key\":\"ed25519:x\",\"block_height\":1,\"block_hash\":\"x\"}");
            snprintf(buf, sizeof buf,
                     "{\"jsonrpc\":\"2.0\",\"id\":\"steward\",\"result\":{\"nonce\":%llu,\"permission\":\"FullAccess\","
                     "\"block_height\":100,\"block_hash\":\"%s\"}}",
                     (unsigned long long)nonce, bh);
            return testhttp_reply(c, 200, buf);
        }
        if (rt && strcmp(rt, "call_function") == 0) {
            pthread_mutex_lock(&mu);
            st.calls++;
            pthread_mutex_unlock(&mu);
            const char *m = json_string_value(json_object_get(params, "method_name"));
            const char *args = json_string_value(json_object_get(params, "args_base64"));
            if (m && strcmp(m, "echo") == 0) {
                /* Answers the decoded args back, as the bytes of the result. */
                uint8_t *raw = NULL;
                size_t n = 0;
                st_err e = {0};
                if (args == NULL || near_base64_decode(args, &raw, &n, &e) != 0)
                    return testhttp_reply(c, 400, "bad args");
                struct bytebuf b = BYTEBUF_INIT;
                bytebuf_puts(&b, "{\"jsonrpc\":\"2.0\",\"id\":\"steward\",\"result\":{\"result\":[");
                for (size_t i = 0; i < n; i++) {
                    char num[8];
                    snprintf(num, sizeof num, "%s%u", i ? "," : "", raw[i]);
                    bytebuf_puts(&b, num);
                }
                bytebuf_puts(&b, "],\"logs\":[],\"block_height\":100,\"block_hash\":\"x\"}}");
                free(raw);
                enum MHD_Result r = testhttp_reply(c, 200, bytebuf_str(&b));
                bytebuf_free(&b);
                return r;
            }
            if (m && strcmp(m, "old_panic") == 0)
                return testhttp_reply(c, 200, "{\"jsonrpc\":\"2.0\",\"id\":\"steward\",\"result\":{\"error\":\"wasm execution "
                                     "failed with error: FunctionCallError(ExecutionError(\\\"Smart contract panicked: "
                                     "old\\\"))\",\"logs\":[],\"block_height\":1,\"block_hash\":\"x\"}}");
            return rpc_error(c, 200, "HANDLER_ERROR", "CONTRACT_EXECUTION_ERROR",
                             "{\"vm_error\":\"Smart contract panicked: no such view\",\"block_height\":1}");
        }
        return testhttp_reply(c, 400, "unknown request_type");
    }
    if (strcmp(method, "block") == 0) {
        pthread_mutex_lock(&mu);
        st.blocks++;
        int ver = st.block_ver;
        pthread_mutex_unlock(&mu);
        block_hash_text(ver, bh);
        snprintf(buf, sizeof buf,
                 "{\"jsonrpc\":\"2.0\",\"id\":\"steward\",\"result\":{\"header\":{\"hash\":\"%s\",\"height\":%d},"
                 "\"chunks\":[]}}",
                 bh, 1000 + ver);
        return testhttp_reply(c, 200, buf);
    }
    if (strcmp(method, "send_tx") == 0) {
        const char *b64 = json_string_value(json_object_get(params, "signed_tx_base64"));
        const char *wu = json_string_value(json_object_get(params, "wait_until"));
        uint64_t nonce = 0;
        uint8_t tx_bh[32], cur_bh[32];
        char hash[64];
        int sig_ok = 0;
        if (b64 == NULL || wu == NULL || parse_signed(b64, &nonce, tx_bh, hash, &sig_ok) != 0)
            return rpc_error(c, 400, "REQUEST_VALIDATION_ERROR", "PARSE_ERROR", "{\"error_message\":\"bad tx\"}");
        pthread_mutex_lock(&mu);
        int i = st.sends++;
        if (i < MAX_SENT)
            st.sent[i] = strdup(b64);
        if (!sig_ok)
            st.sig_ok = 0;
        enum step s = i < st.n_script ? st.script[i] : OK;
        block_hash(st.block_ver, cur_bh);
        if (memcmp(cur_bh, tx_bh, 32) != 0 && s != EXPIRED)
            st.hash_ok = 0; /* every transaction uses the latest final block */
        if (s == OK || s == PANIC || s == SLOW_EXEC || s == TIMEOUT408 || s == SLOW_EXEC_HIDDEN)
            snprintf(st.executed, sizeof st.executed, "%s", hash);
        if (s == EXPIRED)
            st.block_ver++;
        uint64_t akn = st.err_ak_nonce;
        pthread_mutex_unlock(&mu);
        switch (s) {
        case OK:
            return testhttp_reply(c, 200, OUTCOME_OK);
        case PANIC:
            return testhttp_reply(c, 200, OUTCOME_PANIC);
        case NONCE:
            snprintf(buf, sizeof buf,
                     "{\"TxExecutionError\":{\"InvalidTxError\":{\"InvalidNonce\":{\"tx_nonce\":%llu,\"ak_nonce\":%llu}}}}",
                     (unsigned long long)nonce, (unsigned long long)akn);
            return rpc_error(c, 200, "HANDLER_ERROR", "INVALID_TRANSACTION", buf);
        case EXPIRED:
            return rpc_error(c, 200, "HANDLER_ERROR", "INVALID_TRANSACTION",
                             "{\"TxExecutionError\":{\"InvalidTxError\":\"Expired\"}}");
        case STATUS_NONCE: /* an answered outcome whose status is a validation failure */
            snprintf(buf, sizeof buf,
                     "{\"jsonrpc\":\"2.0\",\"id\":\"steward\",\"result\":{\"status\":{\"Failure\":{\"InvalidTxError\":"
                     "{\"InvalidNonce\":{\"tx_nonce\":%llu,\"ak_nonce\":%llu}}}},\"transaction\":{},\"receipts_outcome\":[]}}",
                     (unsigned long long)nonce, (unsigned long long)akn);
            return testhttp_reply(c, 200, buf);
        case DENIED:
            return rpc_error(c, 200, "HANDLER_ERROR", "INVALID_TRANSACTION",
                             "{\"TxExecutionError\":{\"InvalidTxError\":{\"NotEnoughBalance\":{\"signer_id\":\"w.near\"}}}}");
        case SLOW_EXEC:
        case SLOW_LOST:
        case SLOW_EXEC_HIDDEN:
            usleep(700 * 1000); /* the client has given up by now */
            return testhttp_reply(c, 200, OUTCOME_OK);
        case TIMEOUT408:
            return rpc_error(c, 408, "HANDLER_ERROR", "TIMEOUT_ERROR", "{}");
        case HTTP503:
            return testhttp_reply(c, 503, "busy");
        }
        return testhttp_reply(c, 500, "?");
    }
    if (strcmp(method, "tx") == 0) {
        const char *h = json_string_value(json_object_get(params, "tx_hash"));
        char *dump = json_dumps(params, JSON_COMPACT | JSON_SORT_KEYS);
        pthread_mutex_lock(&mu);
        st.lookups++;
        snprintf(st.last_lookup, sizeof st.last_lookup, "%s", dump ? dump : "");
        int found = h && st.executed[0] && strcmp(h, st.executed) == 0;
        if (st.hide_lookups > 0) {
            st.hide_lookups--;
            found = 0;
        }
        pthread_mutex_unlock(&mu);
        free(dump);
        if (found)
            return testhttp_reply(c, 200, OUTCOME_OK);
        return rpc_error(c, 200, "HANDLER_ERROR", "UNKNOWN_TRANSACTION", "{\"requested_transaction_hash\":\"x\"}");
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

static uint64_t sent_nonce(int i, uint8_t bh[32], char hash[64])
{
    uint64_t nonce = 0;
    int ok = 0;
    uint8_t b[32];
    char h[64];
    parse_signed(st.sent[i], &nonce, bh ? bh : b, hash ? hash : h, &ok);
    return nonce;
}

int main(void)
{
    if (sodium_init() < 0)
        return 2;
    unsigned port;
    struct MHD_Daemon *d = testhttp_start(handler, &port);
    if (d == NULL)
        return 2;
    char url[64];
    snprintf(url, sizeof url, "http://127.0.0.1:%u", port);
    struct near_rpc rpc = {{url, "near.rpc", 2000, 1}, "FINAL", 3, 2, 10, 1};

    uint8_t seed[32], sk[64];
    memset(seed, 7, sizeof seed);
    crypto_sign_seed_keypair(pk_bytes, sk, seed);
    struct near_pubkey pk;
    near_pubkey_from_sk(sk, &pk);
    st_err e = {0};
    reset();

    /* ---- views ---- */
    uint64_t nonce = 0, height = 0;
    uint8_t bh[32], want[32];
    CHECK(near_rpc_view_access_key(&rpc, "worker.near", &pk, &nonce, bh, &e) == 0 && nonce == 5);
    block_hash(0, want);
    CHECK_MEM(bh, want, 32);
    CHECK(near_rpc_final_block(&rpc, bh, &height, &e) == 0 && height == 1000);
    CHECK_MEM(bh, want, 32);
    st.key_missing = 1;
    st_err_clear(&e);
    CHECK(near_rpc_view_access_key(&rpc, "worker.near", &pk, &nonce, bh, &e) == -1 &&
          strstr(e.msg, "UNKNOWN_ACCESS_KEY") != NULL);
    st.key_missing = 0;
    st_err_clear(&e);
    CHECK(near_rpc_view_access_key(&rpc, "Worker", &pk, &nonce, bh, &e) == -1 && st.views == 2);
    char *res = NULL;
    size_t len = 0;
    const char *args = "{\"domain_id\":1}";
    CHECK(near_rpc_call_function(&rpc, "v1.signer", "echo", (const uint8_t *)args, strlen(args), &res, &len, &e) == 0);
    CHECK(len == strlen(args));
    CHECK_STR(res, args);
    free(res);
    CHECK(near_rpc_call_function(&rpc, "v1.signer", "echo", NULL, 0, &res, &len, &e) == 0 && len == 0);
    CHECK_STR(res, "");
    free(res);
    st_err_clear(&e);
    CHECK(near_rpc_call_function(&rpc, "v1.signer", "nope", NULL, 0, &res, &len, &e) == -1 && res == NULL);
    CHECK(strstr(e.msg, "CONTRACT_EXECUTION_ERROR") && strstr(e.msg, "Smart contract panicked: no such view"));
    st_err_clear(&e);
    CHECK(near_rpc_call_function(&rpc, "v1.signer", "old_panic", NULL, 0, &res, &len, &e) == -1);
    CHECK(strstr(e.msg, "Smart contract panicked: old") != NULL);

    struct near_action act = {.kind = NEAR_ACTION_FUNCTION_CALL, .method_name = "request_app_private_key",
                              .args = (const uint8_t *)args, .args_len = strlen(args), .gas = 300000000000000ull,
                              .deposit = {0, 1}};
    struct near_outcome out;

    /* ---- success on the first send ---- */
    reset();
    CHECK(near_rpc_transact(&rpc, "worker.near", sk, "v1.signer", &act, 1, &out, &e) == 0);
    CHECK(out.status == NEAR_TX_SUCCESS && out.submissions == 1 && out.rebuilds == 0 && out.lookups == 0);
    CHECK(out.value_len == 4 && strcmp((char *)out.value, "\"ok\"") == 0);
    CHECK(out.nonce == 6 && st.sends == 1 && sent_nonce(0, NULL, NULL) == 6);
    char h0[64];
    sent_nonce(0, NULL, h0);
    CHECK_STR(out.tx_hash, h0);
    CHECK(st.sig_ok && st.hash_ok);
    CHECK(out.outcome_json && strstr(out.outcome_json, "\"receipts_outcome\":[]") &&
          strstr(out.outcome_json, "\"final_execution_status\":\"FINAL\""));
    near_outcome_free(&out);

    /* ---- the same refusal given as the status of an answered outcome ---- */
    reset();
    st.script[0] = STATUS_NONCE;
    st.n_script = 1;
    st.err_ak_nonce = 20;
    CHECK(near_rpc_transact(&rpc, "worker.near", sk, "v1.signer", &act, 1, &out, &e) == 0);
    CHECK(out.submissions == 2 && out.rebuilds == 1 && out.nonce == 21 && sent_nonce(1, NULL, NULL) == 21);
    near_outcome_free(&out);

    /* ---- InvalidNonce: refused, rebuilt with max(ak_nonce, view) + 1, sent again ---- */
    reset();
    st.script[0] = NONCE;
    st.n_script = 1;
    st.err_ak_nonce = 10; /* the view is stale (5); the error knows better */
    CHECK(near_rpc_transact(&rpc, "worker.near", sk, "v1.signer", &act, 1, &out, &e) == 0);
    CHECK(out.status == NEAR_TX_SUCCESS && out.submissions == 2 && out.rebuilds == 1 && out.lookups == 0);
    CHECK(st.sends == 2 && sent_nonce(0, NULL, NULL) == 6 && sent_nonce(1, NULL, NULL) == 11 && out.nonce == 11);
    CHECK(st.views == 2 && st.sig_ok && st.hash_ok);
    near_outcome_free(&out);

    /* ---- InvalidNonce every time: max_rebuilds rebuilds, then refused ---- */
    reset();
    for (int i = 0; i < 4; i++)
        st.script[i] = NONCE;
    st.n_script = 4;
    st_err_clear(&e);
    CHECK(near_rpc_transact(&rpc, "worker.near", sk, "v1.signer", &act, 1, &out, &e) == -1);
    CHECK(out.status == NEAR_TX_REFUSED && out.submissions == 4 && out.rebuilds == 3 && st.sends == 4);
    CHECK(strstr(e.msg, "InvalidNonce") != NULL);
    near_outcome_free(&out);

    /* ---- Expired: rebuilt on the fresh final block ---- */
    reset();
    st.script[0] = EXPIRED;
    st.n_script = 1;
    CHECK(near_rpc_transact(&rpc, "worker.near", sk, "v1.signer", &act, 1, &out, &e) == 0);
    CHECK(out.status == NEAR_TX_SUCCESS && out.submissions == 2 && out.rebuilds == 1);
    uint8_t b0[32], b1[32];
    sent_nonce(0, b0, NULL);
    sent_nonce(1, b1, NULL);
    block_hash(0, want);
    CHECK_MEM(b0, want, 32);
    block_hash(1, want);
    CHECK_MEM(b1, want, 32);
    CHECK(st.blocks == 2 && st.hash_ok);
    near_outcome_free(&out);

    /* ---- a contract panic: executed and failed, not retried, message names the panic ---- */
    reset();
    st.script[0] = PANIC;
    st.n_script = 1;
    st_err_clear(&e);
    CHECK(near_rpc_transact(&rpc, "worker.near", sk, "v1.signer", &act, 1, &out, &e) == -1);
    CHECK(out.status == NEAR_TX_FAILED && out.submissions == 1 && st.sends == 1 && out.lookups == 0);
    CHECK_STR(e.msg, "action 0: FunctionCallError: Smart contract panicked: caller is not approved");
    CHECK(out.failure_json && strstr(out.failure_json, "ActionError"));
    near_outcome_free(&out);

    /* ---- any other refusal: final ---- */
    reset();
    st.script[0] = DENIED;
    st.n_script = 1;
    st_err_clear(&e);
    CHECK(near_rpc_transact(&rpc, "worker.near", sk, "v1.signer", &act, 1, &out, &e) == -1);
    CHECK(out.status == NEAR_TX_REFUSED && st.sends == 1 && strstr(e.msg, "NotEnoughBalance"));
    near_outcome_free(&out);

    /* ---- timeout after the send; the transaction did execute: found by hash, not resent ---- */
    struct near_rpc slow = rpc;
    slow.ep.timeout_ms = 300;
    reset();
    st.script[0] = SLOW_EXEC;
    st.n_script = 1;
    CHECK(near_rpc_transact(&slow, "worker.near", sk, "v1.signer", &act, 1, &out, &e) == 0);
    CHECK(out.status == NEAR_TX_SUCCESS && out.submissions == 1 && out.lookups == 1 && out.rebuilds == 0);
    pthread_mutex_lock(&mu);
    CHECK(st.sends == 1 && st.lookups == 1);
    char want_lookup[256];
    snprintf(want_lookup, sizeof want_lookup,
             "{\"sender_account_id\":\"worker.near\",\"tx_hash\":\"%s\",\"wait_until\":\"FINAL\"}", out.tx_hash);
    CHECK_STR(st.last_lookup, want_lookup);
    pthread_mutex_unlock(&mu);
    near_outcome_free(&out);

    /* ---- the node's own TIMEOUT_ERROR (HTTP 408): same path ---- */
    reset();
    st.script[0] = TIMEOUT408;
    st.n_script = 1;
    CHECK(near_rpc_transact(&rpc, "worker.near", sk, "v1.signer", &act, 1, &out, &e) == 0);
    CHECK(out.submissions == 1 && out.lookups == 1 && st.sends == 1);
    near_outcome_free(&out);

    /* ---- HTTP 503 on send: the HTTP layer does not repeat it (retries 0 for send_tx) ---- */
    reset();
    st.script[0] = HTTP503;
    st.n_script = 1;
    rpc.ep.retries = 3;
    CHECK(near_rpc_transact(&rpc, "worker.near", sk, "v1.signer", &act, 1, &out, &e) == 0);
    /* not found (lookup_attempts 2), then the identical bytes once more */
    CHECK(out.submissions == 2 && st.sends == 2 && out.lookups == 2 && out.rebuilds == 0);
    CHECK(strcmp(st.sent[0], st.sent[1]) == 0);
    rpc.ep.retries = 1;
    near_outcome_free(&out);

    /* ---- timeout, not executed: two lookups, then the IDENTICAL bytes are resent ---- */
    reset();
    st.script[0] = SLOW_LOST;
    st.n_script = 1;
    CHECK(near_rpc_transact(&slow, "worker.near", sk, "v1.signer", &act, 1, &out, &e) == 0);
    CHECK(out.status == NEAR_TX_SUCCESS && out.submissions == 2 && out.lookups == 2 && out.rebuilds == 0);
    CHECK(st.sends == 2 && strcmp(st.sent[0], st.sent[1]) == 0 && st.views == 1);
    near_outcome_free(&out);

    /* ---- timeout, executed but invisible to the lookups, resend refused with InvalidNonce:
     * NOT rebuilt (that could execute twice); one more lookup finds it ---- */
    reset();
    st.script[0] = SLOW_EXEC_HIDDEN;
    st.script[1] = NONCE;
    st.n_script = 2;
    st.err_ak_nonce = 6;
    st.hide_lookups = 2;
    CHECK(near_rpc_transact(&slow, "worker.near", sk, "v1.signer", &act, 1, &out, &e) == 0);
    CHECK(out.status == NEAR_TX_SUCCESS && out.submissions == 2 && out.rebuilds == 0 && out.lookups == 3);
    CHECK(st.sends == 2 && strcmp(st.sent[0], st.sent[1]) == 0 && st.views == 1);
    near_outcome_free(&out);

    /* ... and when no lookup ever finds it: unknown, with the hash, still no rebuild. */
    reset();
    st.script[0] = SLOW_EXEC_HIDDEN;
    st.script[1] = NONCE;
    st.n_script = 2;
    st.err_ak_nonce = 6;
    st.hide_lookups = 100;
    st_err_clear(&e);
    CHECK(near_rpc_transact(&slow, "worker.near", sk, "v1.signer", &act, 1, &out, &e) == -1);
    CHECK(out.status == NEAR_TX_UNKNOWN && out.submissions == 2 && out.rebuilds == 0 && st.sends == 2);
    CHECK(strstr(e.msg, out.tx_hash) != NULL && strstr(e.msg, "outcome unknown") != NULL);
    /* The caller resolves the hash later, once the node has it. */
    char unknown_hash[NEAR_HASH_TEXT_MAX];
    snprintf(unknown_hash, sizeof unknown_hash, "%s", out.tx_hash);
    near_outcome_free(&out);
    st.hide_lookups = 0;
    CHECK(near_rpc_tx_status(&rpc, "worker.near", unknown_hash, &out, &e) == 0);
    CHECK(out.status == NEAR_TX_SUCCESS && out.lookups == 1 && st.sends == 2 && strcmp((char *)out.value, "\"ok\"") == 0);
    CHECK_STR(out.tx_hash, unknown_hash);
    near_outcome_free(&out);
    st_err_clear(&e);
    CHECK(near_rpc_tx_status(&rpc, "worker.near", "11111111111111111111111111111111", &out, &e) == -1);
    CHECK(out.status == NEAR_TX_UNKNOWN && out.lookups == 2 && strstr(e.msg, "UNKNOWN_TRANSACTION"));
    near_outcome_free(&out);
    st_err_clear(&e);
    CHECK(near_rpc_tx_status(&rpc, "worker.near", "not-base58!", &out, &e) == -1 && out.lookups == 0);
    near_outcome_free(&out);

    /* ---- timeout every time: lookups, one identical resend, then unknown ---- */
    reset();
    st.script[0] = SLOW_LOST;
    st.script[1] = SLOW_LOST;
    st.n_script = 2;
    st_err_clear(&e);
    CHECK(near_rpc_transact(&slow, "worker.near", sk, "v1.signer", &act, 1, &out, &e) == -1);
    CHECK(out.status == NEAR_TX_UNKNOWN && out.submissions == 2 && out.lookups == 4 && st.sends == 2);
    CHECK(strcmp(st.sent[0], st.sent[1]) == 0 && strstr(e.msg, out.tx_hash) != NULL);
    near_outcome_free(&out);

    /* ---- bad input and settings: nothing is sent ---- */
    reset();
    st_err_clear(&e);
    CHECK(near_rpc_transact(&rpc, "Worker.near", sk, "v1.signer", &act, 1, &out, &e) == -1);
    CHECK(out.status == NEAR_TX_NOT_SENT && st.sends == 0 && strstr(e.msg, "signer_id"));
    struct near_rpc weak = rpc;
    weak.wait_until = "INCLUDED";
    st_err_clear(&e);
    CHECK(near_rpc_transact(&weak, "worker.near", sk, "v1.signer", &act, 1, &out, &e) == -1 && st.sends == 0);
    CHECK(strstr(e.msg, "wait_until") != NULL);
    struct near_action bad = act;
    bad.method_name = NULL;
    st_err_clear(&e);
    CHECK(near_rpc_transact(&rpc, "worker.near", sk, "v1.signer", &bad, 1, &out, &e) == -1 && st.sends == 0);
    CHECK(out.status == NEAR_TX_NOT_SENT);

    MHD_stop_daemon(d);
    /* Node down: nothing sent, reported. */
    reset();
    st_err_clear(&e);
    CHECK(near_rpc_transact(&rpc, "worker.near", sk, "v1.signer", &act, 1, &out, &e) == -1);
    CHECK(out.status == NEAR_TX_NOT_SENT && out.submissions == 0);
    reset();
    return check_summary();
}
