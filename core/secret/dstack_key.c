#include "secret/dstack_key.h"

#include <curl/curl.h>
#include <errno.h>
#include <jansson.h>
#include <malloc.h>
#include <sodium.h>
#include <string.h>
#include <sys/stat.h>

/* The answer is small ({"key": 64 hex digits, "signature_chain": two 65-byte signatures});
 * anything much larger is not the guest agent's key answer. */
#define RESPONSE_MAX 16384
#define CONNECT_TIMEOUT_MS 5000L
#define TOTAL_TIMEOUT_MS 15000L

struct response {
    secbuf buf; /* guarded: the body carries the key */
    size_t used;
    int overflow;
};

static size_t on_body(char *data, size_t size, size_t nmemb, void *userp)
{
    struct response *r = userp;
    size_t n = size * nmemb;
    if (n > r->buf.len - 1 - r->used) {
        r->overflow = 1;
        return 0; /* makes curl stop with CURLE_WRITE_ERROR */
    }
    memcpy(r->buf.p + r->used, data, n);
    r->used += n;
    return n;
}

/* jansson copies every string it parses into its own heap blocks and frees them without
 * wiping. While the answer (which holds the key) is parsed, its allocations go through a
 * free that wipes first; the previous functions are restored right after. */
static void *wiping_malloc(size_t n)
{
    return malloc(n);
}

static void wiping_free(void *p)
{
    if (p) {
        sodium_memzero(p, malloc_usable_size(p));
        free(p);
    }
}

/* Copies a short, printable excerpt of the agent's error text (never key material: the
 * agent reports errors instead of keys). */
static void excerpt(char *out, size_t cap, const char *s)
{
    size_t o = 0;
    for (; *s && o + 1 < cap; s++)
        out[o++] = (*s >= 0x20 && *s < 0x7f) ? *s : '?';
    out[o] = 0;
}

static int parse_answer(const char *sock, long status, const struct response *r, secbuf *key, st_err *err)
{
    json_malloc_t old_malloc;
    json_free_t old_free;
    json_get_alloc_funcs(&old_malloc, &old_free);
    json_set_alloc_funcs(wiping_malloc, wiping_free);

    int rc = -1;
    json_error_t jerr;
    json_t *root = json_loadb((const char *)r->buf.p, r->used, 0, &jerr);
    const char *agent_error = NULL;
    if (root && json_is_object(root)) {
        json_t *e = json_object_get(root, "error");
        if (json_is_string(e))
            agent_error = json_string_value(e);
    }
    if (status < 200 || status > 299 || agent_error) {
        char why[256];
        excerpt(why, sizeof why, agent_error ? agent_error : "(no error text)");
        st_err_set(err, "dstack guest agent at %s refused GetKey (HTTP %ld): %s", sock, status, why);
        goto out;
    }
    if (root == NULL || !json_is_object(root)) {
        st_err_set(err, "dstack guest agent at %s: GetKey answer is not a JSON object", sock);
        goto out;
    }
    json_t *k = json_object_get(root, "key");
    if (!json_is_string(k)) {
        st_err_set(err, "dstack guest agent at %s: GetKey answer has no \"key\" string", sock);
        goto out;
    }
    const char *hex = json_string_value(k);
    size_t hl = json_string_length(k);
    if (hex[0] == '0' && (hex[1] == 'x' || hex[1] == 'X')) {
        hex += 2;
        hl -= 2;
    }
    if (hl % 2 != 0 || hl / 2 < DSTACK_KEY_MIN || hl / 2 > DSTACK_KEY_MAX) {
        st_err_set(err, "dstack guest agent at %s: GetKey \"key\" is not %d to %d bytes of hex", sock, DSTACK_KEY_MIN,
                   DSTACK_KEY_MAX);
        goto out;
    }
    size_t got = 0;
    if (secbuf_alloc(key, hl / 2, err) != 0)
        goto out;
    if (sodium_hex2bin(key->p, key->len, hex, hl, NULL, &got, NULL) != 0 || got != hl / 2) {
        secbuf_free(key);
        st_err_set(err, "dstack guest agent at %s: GetKey \"key\" is not hex", sock);
        goto out;
    }
    rc = 0;
out:
    json_decref(root);
    json_set_alloc_funcs(old_malloc, old_free);
    return rc;
}

int dstack_get_key(const char *socket_path, const char *key_path, const char *purpose, secbuf *key, st_err *err)
{
    *key = SECBUF_EMPTY;
    struct stat st;
    if (stat(socket_path, &st) != 0)
        return st_err_set(err,
                          "dstack guest agent socket %s: %s (the dstack key provider only works inside a dstack "
                          "CVM with the socket mounted into the container)",
                          socket_path, strerror(errno));
    if (!S_ISSOCK(st.st_mode))
        return st_err_set(err, "dstack guest agent socket %s: not a unix socket", socket_path);

    json_t *req = json_pack("{s:s, s:s}", "path", key_path, "purpose", purpose);
    char *body = req ? json_dumps(req, JSON_COMPACT) : NULL;
    json_decref(req);
    if (body == NULL)
        return st_err_set(err, "dstack GetKey: cannot encode the request (key path not UTF-8?)");

    struct response r = {SECBUF_EMPTY, 0, 0};
    CURL *c = NULL;
    struct curl_slist *hdrs = NULL;
    int rc = -1;
    if (secbuf_alloc(&r.buf, RESPONSE_MAX + 1, err) != 0)
        goto out;
    c = curl_easy_init();
    hdrs = curl_slist_append(NULL, "Content-Type: application/json");
    if (c == NULL || hdrs == NULL) {
        st_err_set(err, "dstack GetKey: cannot initialise libcurl");
        goto out;
    }
    char curl_msg[CURL_ERROR_SIZE] = "";
    curl_easy_setopt(c, CURLOPT_UNIX_SOCKET_PATH, socket_path);
    /* The host part is ignored on a unix socket; the agent's own SDKs send "localhost". */
    curl_easy_setopt(c, CURLOPT_URL, "http://localhost/GetKey");
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdrs);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &r);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, CONNECT_TIMEOUT_MS);
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, TOTAL_TIMEOUT_MS);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(c, CURLOPT_PROXY, ""); /* never route the key request through a proxy */
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, curl_msg);
    CURLcode cc = curl_easy_perform(c);
    if (cc != CURLE_OK) {
        if (r.overflow)
            st_err_set(err, "dstack guest agent at %s: GetKey answer is larger than %d bytes", socket_path,
                       RESPONSE_MAX);
        else
            st_err_set(err, "dstack guest agent at %s: GetKey failed: %s", socket_path,
                       curl_msg[0] ? curl_msg : curl_easy_strerror(cc));
        goto out;
    }
    long status = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    rc = parse_answer(socket_path, status, &r, key, err);
out:
    if (c)
        curl_easy_cleanup(c);
    curl_slist_free_all(hdrs);
    free(body);
    secbuf_free(&r.buf);
    return rc;
}
