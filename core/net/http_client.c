#include "net/http_client.h"
#include "net/json_span.h"

#include <curl/curl.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/bytebuf.h"

#define RESPONSE_MAX (16u << 20) /* 16 MiB: no chain answer we use is larger */

struct body {
    struct bytebuf buf;
    int too_big;
};

static size_t on_data(char *data, size_t size, size_t n, void *ctx)
{
    struct body *b = ctx;
    size_t add = size * n;
    if (b->buf.len + add > RESPONSE_MAX) {
        b->too_big = 1;
        return 0;
    }
    bytebuf_put(&b->buf, data, add);
    return b->buf.oom ? 0 : add; /* a short count makes libcurl stop with an error */
}

static void sleep_ms(uint64_t ms)
{
    struct timespec ts = {(time_t)(ms / 1000), (long)(ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

static int once(const struct http_endpoint *ep, const char *verb, const char *url, const char *body,
                const char *content_type, long *status, struct body *out, int *transient, st_err *err)
{
    CURL *c = curl_easy_init();
    if (c == NULL)
        return st_err_set(err, "%s: cannot initialise libcurl", ep->name);
    struct curl_slist *hdr = NULL;
    char ct[128];
    if (body) {
        snprintf(ct, sizeof ct, "Content-Type: %s", content_type ? content_type : "application/json");
        hdr = curl_slist_append(hdr, ct);
    }
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, (long)ep->timeout_ms);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, (long)ep->timeout_ms);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, out);
    if (hdr)
        curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdr);
    if (strcmp(verb, "POST") == 0) {
        curl_easy_setopt(c, CURLOPT_POST, 1L);
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, body ? body : "");
    }
    CURLcode rc = curl_easy_perform(c);
    *status = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, status);
    curl_slist_free_all(hdr);
    curl_easy_cleanup(c);
    if (out->too_big)
        return st_err_set(err, "%s: answer larger than %u bytes", ep->name, RESPONSE_MAX);
    if (rc != CURLE_OK) {
        /* Only failures before a request could have reached the server are retried: a
         * timeout after sending might have been processed. */
        *transient = rc == CURLE_COULDNT_CONNECT || rc == CURLE_COULDNT_RESOLVE_HOST;
        return st_err_set(err, "%s: %s (%s)", ep->name, curl_easy_strerror(rc), url);
    }
    if (*status == 429 || *status >= 500) {
        *transient = 1;
        return st_err_set(err, "%s: HTTP %ld from %s", ep->name, *status, url);
    }
    return 0;
}

int http_request(const struct http_endpoint *ep, const char *verb, const char *path, const char *body,
                 const char *content_type, long *status, char **response, st_err *err)
{
    *response = NULL;
    if (ep->url == NULL)
        return st_err_set(err, "%s is not configured", ep->name);
    size_t n = strlen(ep->url) + strlen(path) + 1;
    char *url = malloc(n);
    if (url == NULL)
        return st_err_set(err, "out of memory");
    snprintf(url, n, "%s%s", ep->url, path);
    int rc = -1;
    for (uint32_t attempt = 0;; attempt++) {
        struct body b = {0};
        int transient = 0;
        st_err e = {0};
        if (once(ep, verb, url, body, content_type, status, &b, &transient, &e) == 0) {
            *response = bytebuf_take_str(&b.buf);
            rc = *response ? 0 : st_err_set(err, "out of memory");
            bytebuf_free(&b.buf);
            break;
        }
        bytebuf_free(&b.buf);
        if (!transient || attempt >= ep->retries) {
            st_err_set(err, "%s%s", e.msg, attempt ? " (after retries)" : "");
            break;
        }
        sleep_ms(100u << (attempt < 6 ? attempt : 6)); /* 100 ms, 200 ms, 400 ms, ... */
    }
    free(url);
    return rc;
}

/* Finds the value of the top-level member `key` (a key without escapes) in a validated JSON
 * object text: *at and *len give its span. */
int json_member_span(const char *s, const char *key, size_t *at, size_t *len)
{
    size_t klen = strlen(key), i = json_skip_ws(s, 0);
    if (s[i] != '{')
        return -1;
    i = json_skip_ws(s, i + 1);
    while (s[i] == '"') {
        size_t kstart = i + 1, kend = json_skip_string(s, i);
        int match = kend - 1 - kstart == klen && memcmp(s + kstart, key, klen) == 0;
        i = json_skip_ws(s, kend);
        if (s[i] != ':')
            return -1;
        i = json_skip_ws(s, i + 1);
        size_t vend = json_skip_value(s, i);
        if (match) {
            *at = i;
            *len = vend - i;
            return 0;
        }
        i = json_skip_ws(s, vend);
        if (s[i] != ',')
            return -1;
        i = json_skip_ws(s, i + 1);
    }
    return -1;
}

int http_jsonrpc(const struct http_endpoint *ep, const char *method, const char *params_json, char **result_json,
                 st_err *err)
{
    static json_int_t next_id = 1;
    *result_json = NULL;
    json_error_t je;
    json_t *params = json_loads(params_json ? params_json : "[]", JSON_DECODE_ANY, &je);
    if (params == NULL || !(json_is_array(params) || json_is_object(params))) {
        json_decref(params);
        return st_err_set(err, "%s: %s params are not a JSON array or object", ep->name, method);
    }
    json_t *req = json_pack("{s:s, s:I, s:s, s:o}", "jsonrpc", "2.0", "id", next_id++, "method", method, "params", params);
    char *body = req ? json_dumps(req, JSON_COMPACT) : NULL;
    json_decref(req);
    if (body == NULL)
        return st_err_set(err, "out of memory");
    long status = 0;
    char *resp = NULL;
    int rc = http_request(ep, "POST", "", body, "application/json", &status, &resp, err);
    free(body);
    if (rc != 0)
        return st_err_wrap(err, "%s", method);
    /* Structure check only: integers are read as reals so that values beyond int64 (Solana's
     * rentEpoch is 2^64-1) do not make a valid answer look broken. The plugin gets the
     * result's text exactly as the node wrote it, never a re-encoding (which would round
     * big integers and rewrite decimals such as Bitcoin Core's amounts). */
    json_t *doc = json_loads(resp, JSON_DECODE_INT_AS_REAL | JSON_REJECT_DUPLICATES, &je);
    if (doc == NULL || !json_is_object(doc)) {
        json_decref(doc);
        free(resp);
        return st_err_set(err, "%s: %s: HTTP %ld, the answer is not a JSON-RPC object", ep->name, method, status);
    }
    json_t *e = json_object_get(doc, "error");
    size_t at = 0, len = 0;
    if (e && !json_is_null(e)) {
        json_t *code = json_object_get(e, "code"), *msg = json_object_get(e, "message");
        st_err_set(err, "rpc error %lld: %s", json_is_number(code) ? (long long)json_number_value(code) : 0LL,
                   json_is_string(msg) ? json_string_value(msg) : "(no message)");
        rc = -1;
    } else if (json_object_get(doc, "result") == NULL || json_member_span(resp, "result", &at, &len) != 0) {
        rc = st_err_set(err, "%s: %s: the answer has neither result nor error", ep->name, method);
    } else {
        *result_json = strndup(resp + at, len);
        rc = *result_json ? 0 : st_err_set(err, "out of memory");
    }
    free(resp);
    json_decref(doc);
    return rc;
}
