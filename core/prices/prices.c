/* prices.c: prices_get (the one entry point strategies reach), the fail-closed age rule
 * every source shares, and the accessors. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "prices/prices_int.h"

int prices_check_fresh(const char *symbol, int64_t as_of_ms, int64_t now_ms, uint64_t max_age_ms, st_err *err)
{
    char t[40], d[32], m[32];
    __int128 age = (__int128)now_ms - as_of_ms;
    if (age > (__int128)max_age_ms) {
        prices_time_format(as_of_ms, t, sizeof t);
        prices_duration_format(age > (__int128)UINT64_MAX ? UINT64_MAX : (uint64_t)age, d, sizeof d);
        prices_duration_format(max_age_ms, m, sizeof m);
        return st_err_set(err, "price of %s: the price is %s old (as of %s), older than prices.max_age (%s)", symbol, d,
                          t, m);
    }
    if (-age > (__int128)max_age_ms) {
        prices_time_format(as_of_ms, t, sizeof t);
        prices_duration_format(-age > (__int128)UINT64_MAX ? UINT64_MAX : (uint64_t)-age, d, sizeof d);
        prices_duration_format(max_age_ms, m, sizeof m);
        return st_err_set(err, "price of %s: the price is dated %s, %s in the future (more than prices.max_age, %s)",
                          symbol, t, d, m);
    }
    return 0;
}

int prices_get(struct prices *p, const char *symbol, int64_t now_ms, char *out, size_t cap, int64_t *as_of_ms,
               st_err *err)
{
    if (cap > 0)
        out[0] = '\0';
    if (symbol == NULL || !prices_symbol_ok(symbol))
        return st_err_set(err, "price of %.20s%s: not a symbol (1 to %d of A-Z a-z 0-9 _ -)", symbol ? symbol : "(null)",
                          symbol && strlen(symbol) > 20 ? "..." : "", PRICES_SYMBOL_MAX);
    char price[PRICES_TEXT_MAX];
    int64_t as_of = now_ms;
    int rc;
    if (strcmp(symbol, p->quote) == 0) {
        memcpy(price, "1", 2); /* the quote currency in itself */
        rc = 0;
    } else if (p->kind == PRICES_SIM) {
        rc = sim_get(p->sim, symbol, now_ms, price, &as_of, err);
    } else if (p->kind == PRICES_HTTP) {
        rc = http_src_get(p->http, p->quote, p->max_age_ms, symbol, now_ms, price, &as_of, err);
    } else {
        rc = series_get(p->series, &p->series_hint, symbol, now_ms, price, &as_of, err);
    }
    /* Every source's answer passes the same age rule, whatever the source checked itself. */
    if (rc != 0 || prices_check_fresh(symbol, as_of, now_ms, p->max_age_ms, err) != 0)
        return -1;
    size_t n = strlen(price);
    if (n + 1 > cap)
        return st_err_set(err, "price of %s: the output buffer has %zu bytes, %zu needed", symbol, cap, n + 1);
    memcpy(out, price, n + 1);
    if (as_of_ms)
        *as_of_ms = as_of;
    return 0;
}

int prices_simulated(const struct prices *p)
{
    return p->kind == PRICES_SIM;
}

const char *prices_source(const struct prices *p)
{
    return p->kind == PRICES_SIM ? "sim" : p->kind == PRICES_HTTP ? "http" : "replay";
}

const char *prices_quote(const struct prices *p)
{
    return p->quote;
}

uint64_t prices_max_age_ms(const struct prices *p)
{
    return p->max_age_ms;
}

const char *prices_symbol(const struct prices *p, size_t i)
{
    if (p->kind == PRICES_SIM)
        return i < p->sim->n_assets ? p->sim->assets[i].symbol : NULL;
    if (p->kind == PRICES_HTTP)
        return i < p->http->n_ids ? p->http->ids[i].symbol : NULL;
    return price_series_symbol(p->series, i);
}

void prices_describe(const struct prices *p, char *out, size_t cap)
{
    char a[32], b[40], u[256];
    if (p->kind == PRICES_SIM) {
        prices_duration_format(p->sim->step_ms, a, sizeof a);
        prices_time_format(p->sim->anchor_ms, b, sizeof b);
        snprintf(out, cap, "SIMULATED (seed %llu, step %s, anchor %s)", (unsigned long long)p->sim->seed, a, b);
    } else if (p->kind == PRICES_HTTP) {
        http_redact_url(p->http->url, u, sizeof u);
        snprintf(out, cap, "http %s", u);
    } else {
        snprintf(out, cap, "replay %s (%zu rows)", p->series->path, p->series->n_rows);
    }
}

void prices_free(struct prices *p)
{
    if (p == NULL)
        return;
    sim_free(p->sim);
    http_src_free(p->http);
    free(p);
}
