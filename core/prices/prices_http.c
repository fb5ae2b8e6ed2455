/* prices_http.c: prices from a JSON API. One GET per symbol through net/http_client (timeout,
 * retries only for connection failures, 429 and 5xx), the price taken exactly from the JSON
 * text at the configured path, an optional source timestamp, and a per-symbol cache that
 * never outlives prices.http.cache nor prices.max_age. Nothing here ever substitutes a value:
 * every failure is an error for the caller. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net/http_client.h"
#include "prices/prices_int.h"

char *http_expand(const char *tmpl, const char *symbol, const char *id, const char *quote)
{
    static const char *const names[] = {"{symbol}", "{id}", "{quote}"};
    const char *vals[] = {symbol, id ? id : "", quote};
    size_t n = 0;
    for (int pass = 0; pass < 2; pass++) {
        char *out = pass ? malloc(n + 1) : NULL;
        if (pass && out == NULL)
            return NULL;
        size_t m = 0;
        for (const char *p = tmpl; *p;) {
            int hit = -1;
            for (int i = 0; i < 3 && hit < 0; i++)
                if (strncmp(p, names[i], strlen(names[i])) == 0)
                    hit = i;
            const char *add = hit >= 0 ? vals[hit] : p;
            size_t alen = hit >= 0 ? strlen(vals[hit]) : 1;
            if (out)
                memcpy(out + m, add, alen);
            m += alen;
            p += hit >= 0 ? strlen(names[hit]) : 1;
        }
        if (out) {
            out[m] = '\0';
            return out;
        }
        n = m;
    }
    return NULL;
}

void http_redact_url(const char *url, char *out, size_t cap)
{
    const char *q = strchr(url, '?');
    if (q == NULL)
        snprintf(out, cap, "%s", url);
    else
        snprintf(out, cap, "%.*s?...", (int)(q - url), url);
}

static const char *lookup_id(const struct http_src *h, const char *symbol)
{
    for (size_t i = 0; i < h->n_ids; i++)
        if (strcmp(h->ids[i].symbol, symbol) == 0)
            return h->ids[i].id;
    return NULL;
}

/* Copies msg to out with every occurrence of url replaced by its redacted form. */
static void redact_in(const char *msg, const char *url, char *out, size_t cap)
{
    char red[256];
    http_redact_url(url, red, sizeof red);
    size_t ulen = strlen(url), n = 0;
    out[0] = '\0';
    for (const char *p = msg; *p && n + 1 < cap;) {
        if (ulen && strncmp(p, url, ulen) == 0) {
            int w = snprintf(out + n, cap - n, "%s", red);
            if (w < 0 || (size_t)w >= cap - n)
                break;
            n += (size_t)w;
            p += ulen;
        } else {
            out[n++] = *p++;
            out[n] = '\0';
        }
    }
}

/* The text of a JSON number, or the inside of a JSON string without escapes. */
static int value_text(const char *v, size_t len, const char **s, size_t *slen)
{
    if (len >= 2 && v[0] == '"') {
        if (memchr(v + 1, '\\', len - 2) != NULL)
            return -1;
        *s = v + 1;
        *slen = len - 2;
        return 0;
    }
    if (len > 0 && (v[0] == '-' || (v[0] >= '0' && v[0] <= '9'))) {
        *s = v;
        *slen = len;
        return 0;
    }
    return -1;
}

struct fetch {
    char *url, *path, *ts_path, *body;
    char red[256]; /* the URL for messages */
};

static void fetch_free(struct fetch *f)
{
    free(f->url);
    free(f->path);
    free(f->ts_path);
    free(f->body);
}

/* Reads the value at a configured path: its text (number or string) in *s, *slen. */
static int read_at(const struct fetch *f, const char *symbol, const char *key, const char *jpath, const char **s,
                   size_t *slen, st_err *err)
{
    size_t at, len;
    char why[256];
    if (jpath_find(f->body, jpath, &at, &len, why, sizeof why) != 0)
        return st_err_set(err, "price of %s: the answer from %s has no value at prices.http.%s \"%s\": %s", symbol,
                          f->red, key, jpath, why);
    if (value_text(f->body + at, len, s, slen) != 0)
        return st_err_set(err, "price of %s: the value at prices.http.%s \"%s\" is %.*s%s, not a number or a numeric string",
                          symbol, key, jpath, (int)(len > 40 ? 40 : len), f->body + at, len > 40 ? "..." : "");
    return 0;
}

static int fetch(struct http_src *h, const char *quote, const char *symbol, int64_t now_ms, char *out,
                 int64_t *as_of_ms, st_err *err)
{
    const char *id = lookup_id(h, symbol);
    if (h->needs_id && id == NULL)
        return st_err_set(err, "price of %s: no prices.http.ids entry for %s", symbol, symbol);
    struct fetch f = {0};
    int rc = -1;
    f.url = http_expand(h->url, symbol, id, quote);
    f.path = http_expand(h->path, symbol, id, quote);
    f.ts_path = h->ts_path ? http_expand(h->ts_path, symbol, id, quote) : NULL;
    if (f.url == NULL || f.path == NULL || (h->ts_path && f.ts_path == NULL)) {
        st_err_set(err, "price of %s: out of memory", symbol);
        goto out;
    }
    http_redact_url(f.url, f.red, sizeof f.red);
    struct http_endpoint ep = {f.url, "prices.http", h->timeout_ms, h->retries};
    long status = 0;
    st_err e = {0};
    if (http_request(&ep, "GET", "", NULL, NULL, &status, &f.body, &e) != 0) {
        char msg[ST_ERR_MAX];
        redact_in(e.msg, f.url, msg, sizeof msg);
        st_err_set(err, "price of %s: %s", symbol, msg);
        goto out;
    }
    if (status != 200) {
        st_err_set(err, "price of %s: HTTP %ld from %s", symbol, status, f.red);
        goto out;
    }
    json_error_t je;
    json_t *doc = json_loads(f.body, JSON_DECODE_ANY | JSON_DECODE_INT_AS_REAL | JSON_REJECT_DUPLICATES, &je);
    if (doc == NULL) {
        st_err_set(err, "price of %s: the answer from %s is not valid JSON: %s", symbol, f.red, je.text);
        goto out;
    }
    json_decref(doc);
    const char *s;
    size_t slen;
    const char *why = NULL;
    if (read_at(&f, symbol, "path", f.path, &s, &slen, err) != 0)
        goto out;
    if (price_normalize(s, slen, out, PRICES_TEXT_MAX, &why) != 0) {
        st_err_set(err, "price of %s: the value at prices.http.path \"%s\" (%.*s%s) %s", symbol, f.path,
                   (int)(slen > 40 ? 40 : slen), s, slen > 40 ? "..." : "", why);
        goto out;
    }
    *as_of_ms = now_ms;
    if (f.ts_path) {
        if (read_at(&f, symbol, "timestamp_path", f.ts_path, &s, &slen, err) != 0)
            goto out;
        if (price_timestamp_parse(s, slen, as_of_ms, &why) != 0) {
            st_err_set(err, "price of %s: the timestamp at prices.http.timestamp_path \"%s\" (%.*s%s) %s", symbol,
                       f.ts_path, (int)(slen > 40 ? 40 : slen), s, slen > 40 ? "..." : "", why);
            goto out;
        }
    }
    rc = 0;
out:
    fetch_free(&f);
    return rc;
}

static struct http_cached *cache_slot(struct http_src *h, const char *symbol, int create)
{
    for (size_t i = 0; i < h->n_cache; i++)
        if (strcmp(h->cache[i].symbol, symbol) == 0)
            return &h->cache[i];
    if (!create)
        return NULL;
    if (h->n_cache == h->cap_cache) {
        size_t cap = h->cap_cache ? h->cap_cache * 2 : 8;
        struct http_cached *c = realloc(h->cache, cap * sizeof *c);
        if (c == NULL)
            return NULL;
        h->cache = c;
        h->cap_cache = cap;
    }
    struct http_cached *c = &h->cache[h->n_cache++];
    memset(c, 0, sizeof *c);
    snprintf(c->symbol, sizeof c->symbol, "%s", symbol);
    return c;
}

int http_src_get(struct http_src *h, const char *quote, uint64_t max_age_ms, const char *symbol, int64_t now_ms,
                 char *out, int64_t *as_of_ms, st_err *err)
{
    /* A cached price is reused only inside [fetched, fetched + cache) and while still fresh;
     * anything else fetches again (a clock that went back included). */
    struct http_cached *c = cache_slot(h, symbol, 0);
    if (c && h->cache_ms > 0 && now_ms >= c->fetched_ms && (uint64_t)(now_ms - c->fetched_ms) < h->cache_ms &&
        prices_check_fresh(symbol, c->as_of_ms, now_ms, max_age_ms, NULL) == 0) {
        memcpy(out, c->price, PRICES_TEXT_MAX);
        *as_of_ms = c->as_of_ms;
        return 0;
    }
    char price[PRICES_TEXT_MAX];
    int64_t as_of;
    if (fetch(h, quote, symbol, now_ms, price, &as_of, err) != 0 ||
        prices_check_fresh(symbol, as_of, now_ms, max_age_ms, err) != 0)
        return -1;
    if (h->cache_ms > 0 && (c = cache_slot(h, symbol, 1)) != NULL) {
        memcpy(c->price, price, sizeof price);
        c->fetched_ms = now_ms;
        c->as_of_ms = as_of;
    }
    memcpy(out, price, sizeof price);
    *as_of_ms = as_of;
    return 0;
}

void http_src_free(struct http_src *h)
{
    if (h == NULL)
        return;
    free(h->url);
    free(h->path);
    free(h->ts_path);
    for (size_t i = 0; i < h->n_ids; i++)
        free(h->ids[i].id);
    free(h->ids);
    free(h->cache);
    free(h);
}
