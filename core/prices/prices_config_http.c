/* prices_config_http.c: the prices.http section (docs/prices.md). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "prices/prices_int.h"

#define MAX_URL 2048
#define MAX_PATH 256
#define MAX_ID 64
#define MAX_IDS 256
#define MAX_TIMEOUT_MS 300000u /* 5m */

static char *dup_str(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

static int oom(st_err *err)
{
    return st_err_set(err, "prices: out of memory");
}

/* Only {symbol}, {id} and {quote} may appear in braces; sets *uses_id. */
static int template_ok(const char *t, const char *path, int *uses_id, st_err *err)
{
    for (const char *p = t; *p; p++) {
        if ((unsigned char)*p <= ' ' || *p == 0x7f)
            return st_err_set(err, "%s: contains a space or control character", path);
        if (*p == '}')
            return st_err_set(err, "%s: unmatched \"}\" (placeholders are {symbol}, {id} and {quote})", path);
        if (*p != '{')
            continue;
        if (strncmp(p, "{symbol}", 8) == 0)
            p += 7;
        else if (strncmp(p, "{quote}", 7) == 0)
            p += 6;
        else if (strncmp(p, "{id}", 4) == 0)
            p += 3, *uses_id = 1;
        else
            return st_err_set(err, "%s: unknown placeholder at \"%.12s\" (placeholders are {symbol}, {id} and {quote})",
                              path, p);
    }
    return 0;
}

static int parse_url(json_t *v, const char *path, struct http_src *h, int *uses_id, st_err *err)
{
    const char *s;
    if (prices_cfg_string(v, path, MAX_URL, &s, err) != 0 || template_ok(s, path, uses_id, err) != 0)
        return -1;
    if (strncmp(s, "http://", 7) != 0 && strncmp(s, "https://", 8) != 0)
        return st_err_set(err, "%s: must start with http:// or https://", path);
    free(h->url);
    return (h->url = dup_str(s)) ? 0 : oom(err);
}

static int parse_jpath(json_t *v, const char *path, char **out, int *uses_id, st_err *err)
{
    const char *s;
    if (prices_cfg_string(v, path, MAX_PATH, &s, err) != 0 || template_ok(s, path, uses_id, err) != 0)
        return -1;
    /* Check the syntax with the placeholders filled in (ids and symbols have no '.' or '['). */
    char *t = http_expand(s, "S", "i", "Q"), why[160];
    if (t == NULL)
        return oom(err);
    int bad = jpath_check(t, why, sizeof why);
    free(t);
    if (bad)
        return st_err_set(err, "%s: bad JSON path \"%s\": %s (write e.g. \"data.price\" or \"[0].p\")", path, s, why);
    free(*out);
    return (*out = dup_str(s)) ? 0 : oom(err);
}

static int id_ok(const char *s)
{
    size_t n = 0;
    for (; s[n]; n++)
        if (!((s[n] >= 'A' && s[n] <= 'Z') || (s[n] >= 'a' && s[n] <= 'z') || (s[n] >= '0' && s[n] <= '9') ||
              s[n] == '_' || s[n] == '-'))
            return 0;
    return n > 0 && n <= MAX_ID;
}

static int parse_ids(json_t *v, const char *path, struct http_src *h, st_err *err)
{
    if (!json_is_object(v))
        return st_err_set(err, "%s: must be a mapping of symbol to id, e.g. {ETH: ethereum}", path);
    if (json_object_size(v) > MAX_IDS)
        return st_err_set(err, "%s: at most %d entries", path, MAX_IDS);
    h->ids = calloc(json_object_size(v) + 1, sizeof *h->ids);
    if (h->ids == NULL)
        return oom(err);
    const char *k;
    json_t *x;
    char sub[PRICES_PATH_MAX];
    json_object_foreach(v, k, x) {
        prices_join(sub, sizeof sub, path, k);
        if (!prices_symbol_ok(k))
            return st_err_set(err, "%s: bad symbol (1 to %d of A-Z a-z 0-9 _ -)", sub, PRICES_SYMBOL_MAX);
        if (!json_is_string(x) || !id_ok(json_string_value(x)))
            return st_err_set(err, "%s: must be an id of 1 to %d characters from A-Z a-z 0-9 _ -", sub, MAX_ID);
        struct http_id *e = &h->ids[h->n_ids];
        snprintf(e->symbol, sizeof e->symbol, "%s", k);
        if ((e->id = dup_str(json_string_value(x))) == NULL)
            return oom(err);
        h->n_ids++;
    }
    return 0;
}

int prices_parse_http(json_t *v, struct http_src *h, st_err *err)
{
    if (!json_is_object(v))
        return st_err_set(err, "prices.http: must be a mapping");
    h->timeout_ms = 5000;
    h->retries = 2;
    h->cache_ms = 10000;
    const char *k;
    json_t *x;
    char path[PRICES_PATH_MAX];
    int64_t i64;
    const char *first_id_user = NULL;
    json_object_foreach(v, k, x) {
        prices_join(path, sizeof path, "prices.http", k);
        int uses = 0;
        if (strcmp(k, "url") == 0) {
            if (parse_url(x, path, h, &uses, err) != 0)
                return -1;
        } else if (strcmp(k, "path") == 0) {
            if (parse_jpath(x, path, &h->path, &uses, err) != 0)
                return -1;
        } else if (strcmp(k, "timestamp_path") == 0) {
            if (parse_jpath(x, path, &h->ts_path, &uses, err) != 0)
                return -1;
        } else if (strcmp(k, "ids") == 0) {
            if (parse_ids(x, path, h, err) != 0)
                return -1;
        } else if (strcmp(k, "timeout") == 0) {
            if (prices_cfg_duration(x, path, &h->timeout_ms, err) != 0)
                return -1;
            if (h->timeout_ms == 0 || h->timeout_ms > MAX_TIMEOUT_MS)
                return st_err_set(err, "%s: must be more than 0s and at most 5m", path);
        } else if (strcmp(k, "retries") == 0) {
            if (prices_cfg_int(x, path, 0, 10, &i64, err) != 0)
                return -1;
            h->retries = (uint32_t)i64;
        } else if (strcmp(k, "cache") == 0) {
            if (prices_cfg_duration(x, path, &h->cache_ms, err) != 0)
                return -1;
        } else {
            return prices_cfg_unknown(path, "url, path, timestamp_path, ids, timeout, retries, cache", err);
        }
        if (uses && first_id_user == NULL)
            first_id_user = k;
        h->needs_id |= uses;
    }
    if (h->url == NULL)
        return st_err_set(err, "prices.http.url: required (e.g. \"https://example.org/price?ids={id}\")");
    if (h->path == NULL)
        return st_err_set(err, "prices.http.path: required (the JSON path of the price, e.g. \"data.price\")");
    if (h->needs_id && h->ids == NULL)
        return st_err_set(err, "prices.http.ids: required because prices.http.%s uses {id}", first_id_user);
    return 0;
}
