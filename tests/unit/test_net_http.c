/* The chain RPC capability's retry rules, against a real HTTP server (libmicrohttpd) on
 * loopback: connection failures, 429 and 5xx are retried up to rpc_retries; an answer — a
 * result, a JSON-RPC error, a 4xx — and a timeout after the request was sent are never
 * retried, so a broadcast cannot be submitted twice by the client. */
#include <microhttpd.h>
#include <pthread.h>
#include <unistd.h>

#include "check.h"
#include "net/http_client.h"
#include "testhttp.h"

static int hits_flaky, hits_rpcerr, hits_slow, hits_404, hits_ok;
static char last_body[512];

static enum MHD_Result handler(struct MHD_Connection *c, const char *url, const char *method, const char *body)
{
    (void)method;
    snprintf(last_body, sizeof last_body, "%.511s", body);
    if (strcmp(url, "/flaky") == 0)
        return ++hits_flaky <= 2 ? testhttp_reply(c, 503, "busy") : testhttp_reply(c, 200, "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"0x1\"}");
    if (strcmp(url, "/rpcerr") == 0) {
        hits_rpcerr++;
        return testhttp_reply(c, 200, "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32000,\"message\":\"nonce too low\"}}");
    }
    if (strcmp(url, "/slow") == 0) {
        hits_slow++;
        usleep(600 * 1000);
        return testhttp_reply(c, 200, "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":null}");
    }
    if (strcmp(url, "/toomany") == 0)
        return testhttp_reply(c, 429, "slow down");
    if (strcmp(url, "/ok") == 0) {
        hits_ok++;
        return testhttp_reply(c, 200, "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"a\":[1,2]}}");
    }
    if (strcmp(url, "/verbatim") == 0)
        return testhttp_reply(c, 200,
                     "{\"jsonrpc\":\"2.0\", \"id\":1,\n \"result\" : {\"rentEpoch\": 18446744073709551615, \"amount\": 1e-05,"
                     " \"s\":\"a \\\"}\\\" b\", \"list\":[0.10000000,{\"x\":[]}]} }");
    if (strcmp(url, "/dupe") == 0)
        return testhttp_reply(c, 200, "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":1,\"result\":2}");
    if (strcmp(url, "/garbage") == 0)
        return testhttp_reply(c, 200, "<html>not json</html>");
    hits_404++;
    return testhttp_reply(c, 404, "no such thing");
}

int main(void)
{
    unsigned port;
    struct MHD_Daemon *d = testhttp_start(handler, &port);
    if (d == NULL)
        return 2;
    char base[64], url[96];
    snprintf(base, sizeof base, "http://127.0.0.1:%u", port);
    st_err e = {0};
    char *out = NULL;

    /* 503 twice, then an answer: retried, succeeds on the third try. */
    snprintf(url, sizeof url, "%s/flaky", base);
    struct http_endpoint ep = {url, "chains.test.rpc", 2000, 2};
    CHECK(http_jsonrpc(&ep, "eth_blockNumber", "[]", &out, &e) == 0);
    CHECK_STR(out, "\"0x1\"");
    CHECK(hits_flaky == 3);
    CHECK(strstr(last_body, "\"method\":\"eth_blockNumber\"") && strstr(last_body, "\"jsonrpc\":\"2.0\""));
    free(out);
    /* With retries 1, two 503s are too many. */
    hits_flaky = 0;
    ep.retries = 1;
    st_err_clear(&e);
    CHECK(http_jsonrpc(&ep, "eth_blockNumber", "[]", &out, &e) == -1 && hits_flaky == 2);
    CHECK(strstr(e.msg, "HTTP 503") != NULL && strstr(e.msg, "after retries") != NULL);

    /* A JSON-RPC error is an answer: not retried, reported with code and message. */
    snprintf(url, sizeof url, "%s/rpcerr", base);
    ep = (struct http_endpoint){url, "chains.test.rpc", 2000, 5};
    st_err_clear(&e);
    CHECK(http_jsonrpc(&ep, "eth_sendRawTransaction", "[\"0x00\"]", &out, &e) == -1);
    CHECK(hits_rpcerr == 1);
    CHECK_STR(e.msg, "rpc error -32000: nonce too low");

    /* A timeout after sending might have been processed: never retried. */
    snprintf(url, sizeof url, "%s/slow", base);
    ep = (struct http_endpoint){url, "chains.test.rpc", 200, 5};
    st_err_clear(&e);
    CHECK(http_jsonrpc(&ep, "eth_sendRawTransaction", "[]", &out, &e) == -1);
    CHECK(hits_slow == 1);
    CHECK(strstr(e.msg, "chains.test.rpc") != NULL);

    /* 4xx: an answer, not retried; the status is given back by http_request. */
    snprintf(url, sizeof url, "%s", base);
    ep = (struct http_endpoint){url, "chains.test.rpc", 2000, 3};
    long status = 0;
    CHECK(http_request(&ep, "GET", "/nothing", NULL, NULL, &status, &out, &e) == 0 && status == 404 && hits_404 == 1);
    CHECK_STR(out, "no such thing");
    free(out);
    CHECK(http_request(&ep, "POST", "/ok", "raw-tx-hex", "text/plain", &status, &out, &e) == 0 && status == 200);
    CHECK_STR(last_body, "raw-tx-hex");
    free(out);
    st_err_clear(&e);
    CHECK(http_request(&ep, "GET", "/toomany", NULL, NULL, &status, &out, &e) == -1 && strstr(e.msg, "HTTP 429"));

    /* Malformed answers and params. */
    snprintf(url, sizeof url, "%s/garbage", base);
    ep = (struct http_endpoint){url, "chains.test.rpc", 2000, 0};
    st_err_clear(&e);
    CHECK(http_jsonrpc(&ep, "m", "[]", &out, &e) == -1 && strstr(e.msg, "not a JSON-RPC object"));
    st_err_clear(&e);
    CHECK(http_jsonrpc(&ep, "m", "42", &out, &e) == -1 && strstr(e.msg, "params"));
    snprintf(url, sizeof url, "%s/ok", base);
    CHECK(http_jsonrpc(&ep, "m", "{\"k\":1}", &out, &e) == 0);
    CHECK_STR(out, "{\"a\":[1,2]}");
    free(out);

    /* The result reaches the plugin exactly as the node wrote it: an integer beyond int64,
     * an exponent, trailing zeros and escaped quotes survive untouched. */
    snprintf(url, sizeof url, "%s/verbatim", base);
    CHECK(http_jsonrpc(&ep, "getAccountInfo", "[]", &out, &e) == 0);
    CHECK_STR(out, "{\"rentEpoch\": 18446744073709551615, \"amount\": 1e-05, \"s\":\"a \\\"}\\\" b\", "
                   "\"list\":[0.10000000,{\"x\":[]}]}");
    free(out);
    snprintf(url, sizeof url, "%s/dupe", base);
    st_err_clear(&e);
    CHECK(http_jsonrpc(&ep, "m", "[]", &out, &e) == -1); /* two results: ambiguous, refused */
    size_t at, len;
    const char *doc = "{\"a\":\"x\\\"result\\\"\",\"result\":[1,{\"b\":\"]\"}]}";
    CHECK(json_member_span(doc, "result", &at, &len) == 0 && len == 13 && memcmp(doc + at, "[1,{\"b\":\"]\"}]", 13) == 0);
    CHECK(json_member_span("{\"a\":1}", "result", &at, &len) == -1);

    /* No endpoint configured. */
    ep = (struct http_endpoint){NULL, "chains.test.rpc", 2000, 0};
    st_err_clear(&e);
    CHECK(http_jsonrpc(&ep, "m", "[]", &out, &e) == -1);
    CHECK_STR(e.msg, "m: chains.test.rpc is not configured");
    MHD_stop_daemon(d);

    /* Connection refused (the server is gone): retried, then reported. */
    snprintf(url, sizeof url, "%s/ok", base);
    ep = (struct http_endpoint){url, "chains.test.rpc", 2000, 2};
    int before = hits_ok;
    st_err_clear(&e);
    CHECK(http_jsonrpc(&ep, "m", "[]", &out, &e) == -1 && hits_ok == before);
    CHECK(strstr(e.msg, "after retries") != NULL);
    return check_summary();
}
