/* prices_config_sim.c: the prices.sim section (docs/prices.md). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "prices/prices_int.h"
#include "util/decimal.h"

#define MAX_ASSETS 64
#define MIN_STEP_MS 1000u
#define MAX_STEP_MS 86400000u
#define MAX_START8 100000000000000000ULL /* 10^9 in units of 10^-8 */

/* start: a decimal string (or a JSON integer) > 0, at most 10^9, at most 8 fraction digits. */
static int parse_start(json_t *v, const char *path, uint64_t *start8, st_err *err)
{
    char text[PRICES_TEXT_MAX], num[32];
    const char *why = NULL;
    if (json_is_integer(v)) {
        snprintf(num, sizeof num, "%lld", (long long)json_integer_value(v));
    } else if (!json_is_string(v)) {
        return st_err_set(err, "%s: must be a decimal string such as \"3000.5\" (quote it: an unquoted YAML "
                               "fraction would be read as a float)", path);
    }
    const char *s = json_is_integer(v) ? num : json_string_value(v);
    if (price_normalize(s, strlen(s), text, sizeof text, &why) != 0)
        return st_err_set(err, "%s: \"%s\" %s", path, s, why);
    const char *dot = strchr(text, '.');
    if (dot && strlen(dot + 1) > 8)
        return st_err_set(err, "%s: \"%s\" has more than 8 fraction digits (simulated prices have 8)", path, s);
    if (decimal_to_u64(text, 8, start8, NULL) != 0 || *start8 > MAX_START8)
        return st_err_set(err, "%s: \"%s\" is larger than 1000000000", path, s);
    return 0;
}

static int parse_asset(const char *symbol, json_t *v, const char *path, struct sim_asset *a, st_err *err)
{
    if (!prices_symbol_ok(symbol))
        return st_err_set(err, "%s: bad symbol (1 to %d of A-Z a-z 0-9 _ -)", path, PRICES_SYMBOL_MAX);
    if (!json_is_object(v))
        return st_err_set(err, "%s: must be a mapping with start and volatility_bps (and drift_bps)", path);
    memset(a, 0, sizeof *a);
    snprintf(a->symbol, sizeof a->symbol, "%s", symbol);
    const char *k;
    json_t *x;
    char sub[PRICES_PATH_MAX];
    int have_start = 0;
    json_object_foreach(v, k, x) {
        prices_join(sub, sizeof sub, path, k);
        if (strcmp(k, "start") == 0) {
            if (parse_start(x, sub, &a->start8, err) != 0)
                return -1;
            have_start = 1;
        } else if (strcmp(k, "volatility_bps") == 0) {
            if (prices_cfg_int(x, sub, 0, 2000, &a->volatility_bps, err) != 0)
                return -1;
        } else if (strcmp(k, "drift_bps") == 0) {
            if (prices_cfg_int(x, sub, -100, 100, &a->drift_bps, err) != 0)
                return -1;
        } else {
            return prices_cfg_unknown(sub, "start, volatility_bps, drift_bps", err);
        }
    }
    if (!have_start)
        return st_err_set(err, "%s.start: required (the price at prices.sim.anchor, e.g. \"3000\")", path);
    return 0;
}

/* The assets mapping replaces the defaults as a whole. */
static int parse_assets(json_t *v, const char *path, struct sim *s, st_err *err)
{
    if (!json_is_object(v) || json_object_size(v) == 0)
        return st_err_set(err, "%s: must be a mapping of at least one symbol to {start, volatility_bps}", path);
    if (json_object_size(v) > MAX_ASSETS)
        return st_err_set(err, "%s: at most %d assets", path, MAX_ASSETS);
    struct sim_asset *list = calloc(json_object_size(v), sizeof *list);
    if (list == NULL)
        return st_err_set(err, "prices: out of memory");
    size_t n = 0;
    const char *k;
    json_t *x;
    char sub[PRICES_PATH_MAX];
    json_object_foreach(v, k, x) {
        prices_join(sub, sizeof sub, path, k);
        if (parse_asset(k, x, sub, &list[n], err) != 0) {
            free(list);
            return -1;
        }
        n++;
    }
    free(s->assets);
    s->assets = list;
    s->n_assets = n;
    return 0;
}

int prices_parse_sim(json_t *v, struct sim *s, st_err *err)
{
    if (prices_cfg_empty(v))
        return 0;
    if (!json_is_object(v))
        return st_err_set(err, "prices.sim: must be a mapping");
    const char *k;
    json_t *x;
    char path[PRICES_PATH_MAX];
    int64_t i64;
    json_object_foreach(v, k, x) {
        prices_join(path, sizeof path, "prices.sim", k);
        if (strcmp(k, "seed") == 0) {
            if (prices_cfg_int(x, path, 0, INT64_MAX, &i64, err) != 0)
                return -1;
            s->seed = (uint64_t)i64;
        } else if (strcmp(k, "step") == 0) {
            if (prices_cfg_duration(x, path, &s->step_ms, err) != 0)
                return -1;
            if (s->step_ms < MIN_STEP_MS || s->step_ms > MAX_STEP_MS)
                return st_err_set(err, "%s: must be from 1s to 1d", path);
        } else if (strcmp(k, "anchor") == 0) {
            if (!json_is_string(x) ||
                prices_time_parse(json_string_value(x), json_string_length(x), &s->anchor_ms) != 0)
                return st_err_set(err, "%s: must be an ISO-8601 UTC time such as \"2026-01-01T00:00:00Z\"", path);
        } else if (strcmp(k, "reversion") == 0) {
            if (prices_cfg_duration(x, path, &s->reversion_ms, err) != 0)
                return -1;
            if (s->reversion_ms > 3650ULL * 86400000u)
                return st_err_set(err, "%s: must be at most 3650d (0s: no reversion)", path);
        } else if (strcmp(k, "assets") == 0) {
            if (parse_assets(x, path, s, err) != 0)
                return -1;
        } else {
            return prices_cfg_unknown(path, "seed, step, anchor, reversion, assets", err);
        }
    }
    if (s->reversion_ms != 0 && s->reversion_ms < s->step_ms)
        return st_err_set(err, "prices.sim.reversion: must be 0s (none) or at least prices.sim.step");
    return 0;
}
