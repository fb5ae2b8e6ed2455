/* prices_csv.c: loads a CSV file of prices (prices_csv_load in prices.h) in one pass over the
 * file read whole; 525,600 rows of a few symbols load in well under a second. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "prices/prices_int.h"

#define MAX_FILE (1024ULL * 1024 * 1024)
#define MAX_SYMBOLS 1024
#define MAX_UNIX_SECONDS 100000000000LL /* 10^11: from here on it looks like milliseconds */

struct loader {
    const char *path;
    struct price_series *s;
    size_t cap_rows, cap_cells, cap_pool;
    st_err *err;
};

static int oom(struct loader *L)
{
    return st_err_set(L->err, "%s: out of memory", L->path);
}

static int read_all(const char *path, char **buf, size_t *len, st_err *err)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return st_err_set(err, "%s: cannot open: %s", path, strerror(errno));
    struct stat st;
    if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
        fclose(f);
        return st_err_set(err, "%s: not a regular file", path);
    }
    if ((unsigned long long)st.st_size > MAX_FILE) {
        fclose(f);
        return st_err_set(err, "%s: larger than 1 GiB", path);
    }
    size_t cap = (size_t)st.st_size + 1, n = 0;
    char *b = malloc(cap);
    if (b == NULL) {
        fclose(f);
        return st_err_set(err, "%s: out of memory", path);
    }
    size_t got;
    while (n < cap - 1 && (got = fread(b + n, 1, cap - 1 - n, f)) > 0)
        n += got;
    int bad = ferror(f) || fgetc(f) != EOF; /* changed while being read */
    fclose(f);
    if (bad) {
        free(b);
        return st_err_set(err, "%s: read error", path);
    }
    b[n] = '\0';
    *buf = b;
    *len = n;
    return 0;
}

/* Up to 40 bytes of a field, for messages. */
#define SHOW(p, n) (int)((n) > 40 ? 40 : (n)), (p), ((n) > 40 ? "..." : "")

static int header(struct loader *L, const char *line, size_t len)
{
    struct price_series *s = L->s;
    size_t i = 0, col = 0;
    for (;;) {
        size_t fs = i;
        while (i < len && line[i] != ',')
            i++;
        size_t flen = i - fs;
        if (col == 0) {
            if (flen != 4 || memcmp(line, "time", 4) != 0)
                return st_err_set(L->err, "%s:1:1: the header must start with \"time\" (found \"%.*s%s\")", L->path,
                                  SHOW(line, flen));
        } else {
            char sym[PRICES_SYMBOL_MAX + 1];
            int ok = flen > 0 && flen <= PRICES_SYMBOL_MAX;
            if (ok) {
                memcpy(sym, line + fs, flen);
                sym[flen] = '\0';
                ok = prices_symbol_ok(sym);
            }
            if (!ok)
                return st_err_set(L->err, "%s:1:%zu: bad symbol \"%.*s%s\" (1 to %d of A-Z a-z 0-9 _ -)", L->path, fs + 1,
                                  SHOW(line + fs, flen), PRICES_SYMBOL_MAX);
            for (size_t k = 0; k < s->n_symbols; k++)
                if (strcmp(s->symbols[k], sym) == 0)
                    return st_err_set(L->err, "%s:1:%zu: duplicate symbol \"%s\"", L->path, fs + 1, sym);
            if (s->n_symbols == MAX_SYMBOLS)
                return st_err_set(L->err, "%s:1:%zu: more than %d symbols", L->path, fs + 1, MAX_SYMBOLS);
            if (s->n_symbols % 16 == 0) {
                void *p = realloc(s->symbols, (s->n_symbols + 16) * sizeof *s->symbols);
                if (p == NULL)
                    return oom(L);
                s->symbols = p;
            }
            memcpy(s->symbols[s->n_symbols++], sym, flen + 1);
        }
        col++;
        if (i >= len)
            break;
        i++; /* the comma */
    }
    if (s->n_symbols == 0)
        return st_err_set(L->err, "%s:1:%zu: the header names no symbol after \"time\"", L->path, len + 1);
    return 0;
}

static int parse_time(struct loader *L, size_t ln, const char *f, size_t n, int64_t *ms)
{
    size_t i = 0;
    while (i < n && f[i] >= '0' && f[i] <= '9')
        i++;
    if (i == n && n > 0) {
        int64_t v = 0;
        for (i = 0; i < n && v < MAX_UNIX_SECONDS; i++)
            v = v * 10 + (f[i] - '0');
        if (v >= MAX_UNIX_SECONDS)
            return st_err_set(L->err, "%s:%zu:1: time %.*s%s is too large for unix seconds (milliseconds are not "
                                      "accepted)", L->path, ln, SHOW(f, n));
        *ms = v * 1000;
        return 0;
    }
    if (prices_time_parse(f, n, ms) != 0)
        return st_err_set(L->err, "%s:%zu:1: bad time \"%.*s%s\" (expected ISO-8601 UTC such as "
                                  "2025-01-01T00:00:00Z, or unix seconds)", L->path, ln, SHOW(f, n));
    return 0;
}

static int grow(struct loader *L, size_t add_cells, size_t add_pool)
{
    struct price_series *s = L->s;
    if (s->n_rows == L->cap_rows) {
        size_t cap = L->cap_rows ? L->cap_rows * 2 : 1024;
        int64_t *t = realloc(s->times, cap * sizeof *t);
        if (t == NULL)
            return oom(L);
        s->times = t;
        L->cap_rows = cap;
    }
    size_t need = s->n_rows * s->n_symbols + add_cells;
    if (need > L->cap_cells) {
        size_t cap = L->cap_cells ? L->cap_cells : 1024;
        while (cap < need)
            cap *= 2;
        size_t *c = realloc(s->cells, cap * sizeof *c);
        if (c == NULL)
            return oom(L);
        s->cells = c;
        L->cap_cells = cap;
    }
    if (s->pool_len + add_pool > L->cap_pool) {
        size_t cap = L->cap_pool ? L->cap_pool : 1 << 16;
        while (cap < s->pool_len + add_pool)
            cap *= 2;
        char *p = realloc(s->pool, cap);
        if (p == NULL)
            return oom(L);
        s->pool = p;
        L->cap_pool = cap;
    }
    return 0;
}

/* Sizes the arrays once from the number of lines left and the bytes left, so a large file
 * is not copied over and over while it grows (grow still handles what this misses, such as
 * exponents that lengthen a price). */
static int reserve(struct loader *L, const char *p, const char *end)
{
    struct price_series *s = L->s;
    size_t lines = 1;
    for (const char *q = p; (q = memchr(q, '\n', (size_t)(end - q))) != NULL; q++)
        lines++;
    size_t bytes = (size_t)(end - p);
    if (lines > SIZE_MAX / sizeof(size_t) / (s->n_symbols + 1))
        return oom(L);
    s->times = malloc(lines * sizeof *s->times);
    s->cells = malloc(lines * s->n_symbols * sizeof *s->cells);
    s->pool = malloc(bytes + PRICES_TEXT_MAX * (s->n_symbols + 1));
    if (s->times == NULL || s->cells == NULL || s->pool == NULL)
        return oom(L);
    L->cap_rows = lines;
    L->cap_cells = lines * s->n_symbols;
    L->cap_pool = bytes + PRICES_TEXT_MAX * (s->n_symbols + 1);
    return 0;
}

static int row(struct loader *L, size_t ln, const char *line, size_t len)
{
    struct price_series *s = L->s;
    size_t want = 1 + s->n_symbols;
    if (grow(L, s->n_symbols, s->n_symbols * PRICES_TEXT_MAX) != 0)
        return -1;
    size_t *cells = s->cells + s->n_rows * s->n_symbols;
    size_t i = 0, field = 0;
    int64_t t = 0;
    for (;;) {
        size_t fs = i;
        while (i < len && line[i] != ',')
            i++;
        size_t flen = i - fs;
        if (field >= want)
            return st_err_set(L->err, "%s:%zu:%zu: more fields than the header's %zu", L->path, ln, fs + 1, want);
        if (field == 0) {
            if (parse_time(L, ln, line, flen, &t) != 0)
                return -1;
            if (s->n_rows > 0 && t <= s->times[s->n_rows - 1]) {
                char a[40], b[40];
                prices_time_format(t, a, sizeof a);
                prices_time_format(s->times[s->n_rows - 1], b, sizeof b);
                return st_err_set(L->err, "%s:%zu:1: time %s is not after the previous row's (%s)", L->path, ln, a, b);
            }
        } else if (flen == 0) {
            cells[field - 1] = SERIES_NONE;
        } else {
            const char *why;
            char *dst = s->pool + s->pool_len;
            if (price_normalize(line + fs, flen, dst, PRICES_TEXT_MAX, &why) != 0)
                return st_err_set(L->err, "%s:%zu:%zu: price \"%.*s%s\" of %s %s", L->path, ln, fs + 1,
                                  SHOW(line + fs, flen), s->symbols[field - 1], why);
            cells[field - 1] = s->pool_len;
            s->pool_len += strlen(dst) + 1;
        }
        field++;
        if (i >= len)
            break;
        i++;
    }
    if (field < want)
        return st_err_set(L->err, "%s:%zu:%zu: expected %zu fields (time and %zu prices), found %zu", L->path, ln,
                          len + 1, want, want - 1, field);
    s->times[s->n_rows++] = t;
    return 0;
}

static int parse(struct loader *L, const char *buf, size_t len)
{
    const char *p = buf, *end = buf + len;
    if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
        p += 3;
    if (p == end)
        return st_err_set(L->err, "%s:1:1: empty file (expected a header such as time,ETH,BTC)", L->path);
    for (size_t ln = 1; p < end; ln++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl ? nl : end;
        size_t n = (size_t)(le - p);
        if (n > 0 && p[n - 1] == '\r')
            n--;
        if (n == 0)
            return st_err_set(L->err, "%s:%zu:1: empty line", L->path, ln);
        if (memchr(p, '\0', n) != NULL)
            return st_err_set(L->err, "%s:%zu:%zu: NUL byte", L->path, ln,
                              (size_t)((const char *)memchr(p, '\0', n) - p) + 1);
        if ((ln == 1 ? header(L, p, n) : row(L, ln, p, n)) != 0)
            return -1;
        if (ln == 1 && reserve(L, p, end) != 0)
            return -1;
        p = nl ? nl + 1 : end;
    }
    if (L->s->n_rows == 0)
        return st_err_set(L->err, "%s:2:1: no data rows after the header", L->path);
    return 0;
}

int prices_csv_load(const char *path, struct price_series **out, st_err *err)
{
    *out = NULL;
    char *buf = NULL;
    size_t len = 0;
    if (read_all(path, &buf, &len, err) != 0)
        return -1;
    struct price_series *s = calloc(1, sizeof *s);
    size_t plen = strlen(path) + 1;
    if (s == NULL || (s->path = malloc(plen)) == NULL) {
        free(s);
        free(buf);
        return st_err_set(err, "%s: out of memory", path);
    }
    memcpy(s->path, path, plen);
    struct loader L = {path, s, 0, 0, 0, err};
    int rc = parse(&L, buf, len);
    free(buf);
    if (rc != 0) {
        price_series_free(s);
        return -1;
    }
    *out = s;
    return 0;
}
