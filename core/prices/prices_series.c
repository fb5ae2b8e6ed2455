/* prices_series.c: the replay source over loaded CSV rows, and the row accessors. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "prices/prices_int.h"

size_t price_series_rows(const struct price_series *s)
{
    return s->n_rows;
}

int64_t price_series_time_ms(const struct price_series *s, size_t row)
{
    return row < s->n_rows ? s->times[row] : INT64_MIN;
}

size_t price_series_symbol_count(const struct price_series *s)
{
    return s->n_symbols;
}

const char *price_series_symbol(const struct price_series *s, size_t i)
{
    return i < s->n_symbols ? s->symbols[i] : NULL;
}

const char *price_series_price(const struct price_series *s, size_t row, size_t col)
{
    if (row >= s->n_rows || col >= s->n_symbols)
        return NULL;
    size_t off = s->cells[row * s->n_symbols + col];
    return off == SERIES_NONE ? NULL : s->pool + off;
}

const char *price_series_path(const struct price_series *s)
{
    return s->path;
}

long long price_series_row_at(const struct price_series *s, int64_t t_ms)
{
    /* The first row later than t_ms, by bisection; the answer is the one before it. */
    size_t lo = 0, hi = s->n_rows;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (s->times[mid] <= t_ms)
            lo = mid + 1;
        else
            hi = mid;
    }
    return (long long)lo - 1;
}

/* The row for t: the hint or the row after it when they fit (increasing times), else a
 * bisection. */
static long long row_for(const struct price_series *s, size_t *hint, int64_t t)
{
    for (size_t h = *hint; h < s->n_rows && h <= *hint + 1; h++)
        if (s->times[h] <= t && (h + 1 == s->n_rows || s->times[h + 1] > t)) {
            *hint = h;
            return (long long)h;
        }
    long long r = price_series_row_at(s, t);
    if (r >= 0)
        *hint = (size_t)r;
    return r;
}

int series_get(const struct price_series *s, size_t *hint, const char *symbol, int64_t now_ms, char *out,
               int64_t *as_of_ms, st_err *err)
{
    size_t col = 0;
    while (col < s->n_symbols && strcmp(s->symbols[col], symbol) != 0)
        col++;
    if (col == s->n_symbols) {
        char list[256] = "";
        size_t n = 0;
        for (size_t i = 0; i < s->n_symbols && n < sizeof list - 24; i++)
            n += (size_t)snprintf(list + n, sizeof list - n, "%s%s", i ? ", " : "", s->symbols[i]);
        return st_err_set(err, "price of %s: not a column of %s (columns: %s%s)", symbol, s->path, list,
                          n >= sizeof list - 24 ? ", ..." : "");
    }
    char a[40], b[40];
    long long r = row_for(s, hint, now_ms);
    if (r < 0) {
        prices_time_format(now_ms, a, sizeof a);
        prices_time_format(s->times[0], b, sizeof b);
        return st_err_set(err, "price of %s: %s is before the first row of %s (%s)", symbol, a, s->path, b);
    }
    const char *p = price_series_price(s, (size_t)r, col);
    if (p == NULL) {
        prices_time_format(s->times[r], a, sizeof a);
        return st_err_set(err, "price of %s: no value in %s at %s (the row at or before the time asked)", symbol,
                          s->path, a);
    }
    snprintf(out, PRICES_TEXT_MAX, "%s", p);
    *as_of_ms = s->times[r];
    return 0;
}

int prices_open_series(const struct price_series *s, const char *quote, uint64_t max_age_ms, struct prices **out,
                       st_err *err)
{
    *out = NULL;
    if (quote == NULL)
        quote = "USD";
    if (!prices_symbol_ok(quote))
        return st_err_set(err, "prices: bad quote currency \"%.20s\"", quote);
    if (max_age_ms == 0)
        return st_err_set(err, "prices: max_age must be more than 0s");
    struct prices *p = calloc(1, sizeof *p);
    if (p == NULL)
        return st_err_set(err, "prices: out of memory");
    p->kind = PRICES_REPLAY;
    snprintf(p->quote, sizeof p->quote, "%s", quote);
    p->max_age_ms = max_age_ms;
    p->series = s;
    *out = p;
    return 0;
}

void price_series_free(struct price_series *s)
{
    if (s == NULL)
        return;
    free(s->path);
    free(s->symbols);
    free(s->times);
    free(s->cells);
    free(s->pool);
    free(s);
}
