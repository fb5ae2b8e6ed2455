/* prices_config.c: the top level of the prices section (source, quote, max_age, sim, http)
 * and the value readers the section files share. Every message starts with the key path. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/config.h"
#include "prices/prices_int.h"

#define DEFAULT_MAX_AGE_MS 120000u /* 2m */
#define MAX_MAX_AGE_MS (30ULL * 86400000u)

void prices_join(char *out, size_t cap, const char *a, const char *b)
{
    if (snprintf(out, cap, "%s.%s", a, b) >= (int)cap && cap > 4)
        memcpy(out + cap - 4, "...", 4);
}

int prices_cfg_empty(json_t *v)
{
    return v == NULL || json_is_null(v);
}

int prices_cfg_unknown(const char *path, const char *accepted, st_err *err)
{
    return st_err_set(err, "%s: unknown key (accepted: %s)", path, accepted);
}

int prices_cfg_duration(json_t *v, const char *path, uint64_t *ms, st_err *err)
{
    if (!json_is_string(v) || config_parse_duration(json_string_value(v), ms) != 0)
        return st_err_set(err, "%s: must be a duration such as \"30s\", \"5m\" or \"1h30m\"", path);
    return 0;
}

int prices_cfg_int(json_t *v, const char *path, int64_t lo, int64_t hi, int64_t *out, st_err *err)
{
    if (!json_is_integer(v) || json_integer_value(v) < lo || json_integer_value(v) > hi)
        return st_err_set(err, "%s: must be an integer from %lld to %lld", path, (long long)lo, (long long)hi);
    *out = (int64_t)json_integer_value(v);
    return 0;
}

int prices_cfg_string(json_t *v, const char *path, size_t maxlen, const char **s, st_err *err)
{
    if (!json_is_string(v) || json_string_length(v) == 0)
        return st_err_set(err, "%s: must be a non-empty string", path);
    if (json_string_length(v) > maxlen || strlen(json_string_value(v)) != json_string_length(v))
        return st_err_set(err, "%s: must be at most %zu characters without NUL", path, maxlen);
    *s = json_string_value(v);
    return 0;
}

static int oom(st_err *err)
{
    return st_err_set(err, "prices: out of memory");
}

/* Finishes the sim source once every key is known: keys depend on the seed. */
static void sim_finish(struct sim *s)
{
    s->reversion_steps = s->reversion_ms ? (int64_t)(s->reversion_ms / s->step_ms) : 0;
    for (size_t i = 0; i < s->n_assets; i++)
        sim_asset_init(s, &s->assets[i]);
}

static int read_top(json_t *root, struct prices *p, json_t **sim_v, json_t **http_v, st_err *err)
{
    const char *k;
    json_t *v;
    char path[PRICES_PATH_MAX];
    *sim_v = *http_v = NULL;
    json_object_foreach(root, k, v) {
        prices_join(path, sizeof path, "prices", k);
        if (strcmp(k, "source") == 0) {
            const char *s = json_is_string(v) ? json_string_value(v) : "";
            if (strcmp(s, "sim") == 0)
                p->kind = PRICES_SIM;
            else if (strcmp(s, "http") == 0)
                p->kind = PRICES_HTTP;
            else
                return st_err_set(err, "%s: must be \"sim\" or \"http\"", path);
        } else if (strcmp(k, "quote") == 0) {
            if (!json_is_string(v) || !prices_symbol_ok(json_string_value(v)))
                return st_err_set(err, "%s: must be a currency symbol such as \"USD\" (1 to %d of A-Z a-z 0-9 _ -)",
                                  path, PRICES_SYMBOL_MAX);
            snprintf(p->quote, sizeof p->quote, "%s", json_string_value(v));
        } else if (strcmp(k, "max_age") == 0) {
            if (prices_cfg_duration(v, path, &p->max_age_ms, err) != 0)
                return -1;
            if (p->max_age_ms == 0 || p->max_age_ms > MAX_MAX_AGE_MS)
                return st_err_set(err, "%s: must be more than 0s and at most 30d", path);
        } else if (strcmp(k, "sim") == 0) {
            *sim_v = v;
        } else if (strcmp(k, "http") == 0) {
            *http_v = v;
        } else {
            return prices_cfg_unknown(path, "source, quote, max_age, sim, http", err);
        }
    }
    return 0;
}

static int blank(const char *s)
{
    for (; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
            return 0;
    return 1;
}

static int open_parsed(json_t *root, struct prices *p, st_err *err)
{
    json_t *sim_v = NULL, *http_v = NULL;
    if (root && read_top(root, p, &sim_v, &http_v, err) != 0)
        return -1;
    char a[32], b[32];
    /* Both sections are checked whenever present, so switching `source` is one edit; only
     * the chosen one stays open. */
    struct sim *sim = calloc(1, sizeof *sim);
    if (sim == NULL)
        return oom(err);
    p->sim = sim;
    if (sim_defaults(sim, err) != 0 || prices_parse_sim(sim_v, sim, err) != 0)
        return -1;
    if (sim->step_ms > p->max_age_ms) {
        prices_duration_format(sim->step_ms, a, sizeof a);
        prices_duration_format(p->max_age_ms, b, sizeof b);
        return st_err_set(err, "prices.sim.step: %s is longer than prices.max_age (%s): every simulated price would be stale",
                          a, b);
    }
    sim_finish(sim);
    if (p->kind == PRICES_HTTP && prices_cfg_empty(http_v))
        return st_err_set(err, "prices.http: required when prices.source is \"http\" (url and path at least)");
    if (!prices_cfg_empty(http_v)) {
        struct http_src *h = calloc(1, sizeof *h);
        if (h == NULL)
            return oom(err);
        p->http = h;
        if (prices_parse_http(http_v, h, err) != 0)
            return -1;
        if (h->cache_ms > p->max_age_ms) {
            prices_duration_format(h->cache_ms, a, sizeof a);
            prices_duration_format(p->max_age_ms, b, sizeof b);
            return st_err_set(err, "prices.http.cache: %s is longer than prices.max_age (%s)", a, b);
        }
    }
    if (p->kind == PRICES_HTTP) {
        sim_free(p->sim);
        p->sim = NULL;
    } else {
        http_src_free(p->http);
        p->http = NULL;
    }
    return 0;
}

int prices_open(const char *json, struct prices **out, st_err *err)
{
    *out = NULL;
    struct prices *p = calloc(1, sizeof *p);
    if (p == NULL)
        return oom(err);
    p->kind = PRICES_SIM;
    snprintf(p->quote, sizeof p->quote, "USD");
    p->max_age_ms = DEFAULT_MAX_AGE_MS;
    json_t *root = NULL;
    if (json && !blank(json)) {
        json_error_t je;
        root = json_loads(json, JSON_REJECT_DUPLICATES, &je);
        if (root == NULL) {
            st_err_set(err, "prices: not valid JSON: %s (line %d, column %d)", je.text, je.line, je.column);
            prices_free(p);
            return -1;
        }
        if (!json_is_object(root)) {
            json_decref(root);
            st_err_set(err, "prices: must be a mapping");
            prices_free(p);
            return -1;
        }
    }
    int rc = open_parsed(root, p, err);
    json_decref(root);
    if (rc != 0) {
        prices_free(p);
        return -1;
    }
    *out = p;
    return 0;
}
