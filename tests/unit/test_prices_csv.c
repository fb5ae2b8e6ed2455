/* test_prices_csv.c: replaying prices from a CSV file (prices_csv_load, prices_open_series):
 * a good file and its accessors, lookups between rows, before the first row, empty fields,
 * gaps longer than max_age, every load error with its exact file:line:column, and a year of
 * minutes (525,600 rows). */
#include "check.h"
#include "prices/prices.h"
#include "testfs.h"

static char dir[256];

/* Writes text to dir/name and returns the path (static buffer, one at a time). */
static const char *put(const char *name, const char *text)
{
    static char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    testfs_write_file(path, text, strlen(text), 0600);
    return path;
}

/* Loading text must fail with exactly "<path>:<want>". */
static void bad(int line, const char *text, const char *want)
{
    const char *path = put("bad.csv", text);
    struct price_series *s = (struct price_series *)1;
    st_err e = {0};
    char full[1024];
    snprintf(full, sizeof full, "%s:%s", path, want);
    check_count++;
    if (prices_csv_load(path, &s, &e) != -1 || s != NULL || strcmp(e.msg, full) != 0) {
        check_failed++;
        fprintf(stderr, "%s:%d:\n   got: %s\n  want: %s\n", __FILE__, line, e.msg, full);
    }
}
#define BAD(text, want) bad(__LINE__, text, want)

static const char *get(struct prices *p, const char *sym, int64_t t, int64_t *as_of)
{
    static char buf[ST_ERR_MAX + 8];
    char out[PRICES_TEXT_MAX];
    st_err e = {0};
    if (prices_get(p, sym, t, out, sizeof out, as_of, &e) != 0)
        snprintf(buf, sizeof buf, "ERR: %s", e.msg);
    else
        snprintf(buf, sizeof buf, "%s", out);
    return buf;
}

#define T0 1735689600000LL /* 2025-01-01T00:00:00Z */
#define MIN 60000LL

static void good(const char *text)
{
    const char *path = put("good.csv", text);
    struct price_series *s = NULL;
    st_err e = {0};
    CHECK(prices_csv_load(path, &s, &e) == 0 && s != NULL);
    if (s == NULL) {
        fprintf(stderr, "  %s\n", e.msg);
        return;
    }
    CHECK_STR(price_series_path(s), path);
    CHECK(price_series_rows(s) == 4);
    CHECK(price_series_symbol_count(s) == 2);
    CHECK_STR(price_series_symbol(s, 0), "ETH");
    CHECK_STR(price_series_symbol(s, 1), "BTC");
    CHECK(price_series_symbol(s, 2) == NULL);
    CHECK(price_series_time_ms(s, 0) == T0);
    CHECK(price_series_time_ms(s, 1) == T0 + MIN);
    CHECK(price_series_time_ms(s, 2) == T0 + 2 * MIN);     /* unix seconds */
    CHECK(price_series_time_ms(s, 3) == T0 + 3 * MIN + 500); /* ISO with a fraction */
    CHECK_STR(price_series_price(s, 0, 0), "3300.5");        /* canonical */
    CHECK_STR(price_series_price(s, 0, 1), "94000");
    CHECK(price_series_price(s, 1, 1) == NULL);              /* empty field */
    CHECK_STR(price_series_price(s, 2, 0), "3302.25");
    CHECK_STR(price_series_price(s, 2, 1), "0.00000123");    /* exponent, exactly */
    CHECK(price_series_price(s, 4, 0) == NULL && price_series_price(s, 0, 2) == NULL);
    CHECK(price_series_row_at(s, T0 - 1) == -1);
    CHECK(price_series_row_at(s, T0) == 0);
    CHECK(price_series_row_at(s, T0 + MIN - 1) == 0);
    CHECK(price_series_row_at(s, T0 + 99 * MIN) == 3);

    struct prices *p = NULL;
    CHECK(prices_open_series(s, NULL, 120000, &p, &e) == 0);
    if (p == NULL) {
        price_series_free(s);
        return;
    }
    CHECK(prices_simulated(p) == 0);
    CHECK_STR(prices_source(p), "replay");
    CHECK_STR(prices_quote(p), "USD");
    CHECK_STR(prices_symbol(p, 1), "BTC");
    char d[600], want[700];
    prices_describe(p, d, sizeof d);
    snprintf(want, sizeof want, "replay %s (4 rows)", path);
    CHECK_STR(d, want);
    int64_t as_of = 0;
    /* Between rows: the last row at or before the time. */
    CHECK_STR(get(p, "ETH", T0 + 30000, &as_of), "3300.5");
    CHECK(as_of == T0);
    CHECK_STR(get(p, "ETH", T0 + MIN, &as_of), "3301");
    CHECK(as_of == T0 + MIN);
    /* An empty field: no price, no falling back to an earlier row. */
    snprintf(want, sizeof want, "ERR: price of BTC: no value in %s at 2025-01-01T00:01:00Z (the row at or before the "
                                "time asked)", path);
    CHECK_STR(get(p, "BTC", T0 + MIN + 1, NULL), want);
    /* Before the first row. */
    snprintf(want, sizeof want, "ERR: price of ETH: 2024-12-31T23:59:59Z is before the first row of %s "
                                "(2025-01-01T00:00:00Z)", path);
    CHECK_STR(get(p, "ETH", T0 - 1000, NULL), want);
    /* A gap: exactly max_age old is still answered, one millisecond more is not. */
    CHECK_STR(get(p, "ETH", T0 + 3 * MIN + 500 + 2 * MIN, &as_of), "3303");
    CHECK(as_of == T0 + 3 * MIN + 500);
    CHECK_STR(get(p, "ETH", T0 + 3 * MIN + 500 + 2 * MIN + 1, NULL),
              "ERR: price of ETH: the price is 2m1ms old (as of 2025-01-01T00:03:00.500Z), older than prices.max_age (2m)");
    /* Backwards after forwards (the lookup hint does not stick). */
    CHECK_STR(get(p, "BTC", T0 + 2 * MIN + 5, NULL), "0.00000123");
    CHECK_STR(get(p, "BTC", T0, NULL), "94000");
    snprintf(want, sizeof want, "ERR: price of SOL: not a column of %s (columns: ETH, BTC)", path);
    CHECK_STR(get(p, "SOL", T0, NULL), want);
    CHECK_STR(get(p, "USD", T0 - 5 * MIN, NULL), "1"); /* the quote, whatever the rows */
    prices_free(p);
    /* The quote and max_age are the caller's. */
    CHECK(prices_open_series(s, "EUR", 0, &p, &e) == -1 && p == NULL);
    CHECK_STR(e.msg, "prices: max_age must be more than 0s");
    st_err_clear(&e);
    CHECK(prices_open_series(s, "E UR", 1000, &p, &e) == -1 && p == NULL);
    CHECK(prices_open_series(s, "EUR", 3600000, &p, &e) == 0);
    CHECK_STR(prices_quote(p), "EUR");
    CHECK_STR(get(p, "ETH", T0 + 50 * MIN, NULL), "3303");
    prices_free(p);
    price_series_free(s);
}

static void errors(void)
{
    char want[600];
    struct price_series *s = (struct price_series *)1;
    st_err e = {0};
    snprintf(want, sizeof want, "%s/absent.csv", dir);
    CHECK(prices_csv_load(want, &s, &e) == -1 && s == NULL);
    snprintf(want + strlen(want), sizeof want - strlen(want), ": cannot open: No such file or directory");
    CHECK_STR(e.msg, want);
    st_err_clear(&e);
    CHECK(prices_csv_load(dir, &s, &e) == -1);
    snprintf(want, sizeof want, "%s: not a regular file", dir);
    CHECK_STR(e.msg, want);

    BAD("", "1:1: empty file (expected a header such as time,ETH,BTC)");
    BAD("date,ETH\n", "1:1: the header must start with \"time\" (found \"date\")");
    BAD("time,ETH,B TC\n", "1:10: bad symbol \"B TC\" (1 to 16 of A-Z a-z 0-9 _ -)");
    BAD("time,ETH,,BTC\n", "1:10: bad symbol \"\" (1 to 16 of A-Z a-z 0-9 _ -)");
    BAD("time,ETH,ETH\n", "1:10: duplicate symbol \"ETH\"");
    BAD("time\n1,2\n", "1:5: the header names no symbol after \"time\"");
    BAD("time,ETH\n", "2:1: no data rows after the header");
    BAD("time,ETH\n2025-01-01T00:00:00Z,1\n\n", "3:1: empty line");
    BAD("time,ETH\n2025-01-01T00:00:00Z,1\n\n2025-01-01T00:01:00Z,1\n", "3:1: empty line");
    BAD("time,ETH\n2025-13-01T00:00:00Z,1\n",
        "2:1: bad time \"2025-13-01T00:00:00Z\" (expected ISO-8601 UTC such as 2025-01-01T00:00:00Z, or unix seconds)");
    BAD("time,ETH\n2025-01-01T00:00:00,1\n",
        "2:1: bad time \"2025-01-01T00:00:00\" (expected ISO-8601 UTC such as 2025-01-01T00:00:00Z, or unix seconds)");
    BAD("time,ETH\n2025-01-01T00:00:00+01:00,1\n",
        "2:1: bad time \"2025-01-01T00:00:00+01:00\" (expected ISO-8601 UTC such as 2025-01-01T00:00:00Z, or unix "
        "seconds)");
    BAD("time,ETH\n-5,1\n", "2:1: bad time \"-5\" (expected ISO-8601 UTC such as 2025-01-01T00:00:00Z, or unix seconds)");
    BAD("time,ETH\n1735689600000,1\n", "2:1: time 1735689600000 is too large for unix seconds (milliseconds are not accepted)");
    BAD("time,ETH\n1735689600,1\n1735689660,2\n2025-01-01T00:01:00Z,3\n",
        "4:1: time 2025-01-01T00:01:00Z is not after the previous row's (2025-01-01T00:01:00Z)");
    BAD("time,ETH\n1735689660,1\n1735689600,2\n",
        "3:1: time 2025-01-01T00:00:00Z is not after the previous row's (2025-01-01T00:01:00Z)");
    BAD("time,ETH,BTC\n1735689600,1,2\n1735689660,1,abc\n", "3:14: price \"abc\" of BTC is not a decimal number");
    BAD("time,ETH,BTC\n1735689600,-1,2\n", "2:12: price \"-1\" of ETH is negative");
    BAD("time,ETH,BTC\n1735689600,1,0.00\n", "2:14: price \"0.00\" of BTC is zero (a price must be positive)");
    BAD("time,ETH\n1735689600,\"1\"\n", "2:12: price \"\"1\"\" of ETH is not a decimal number");
    BAD("time,ETH\n1735689600, 1\n", "2:12: price \" 1\" of ETH is not a decimal number");
    BAD("time,ETH\n1735689600,1.\n", "2:12: price \"1.\" of ETH is not a decimal number");
    BAD("time,ETH\n1735689600,1e999\n", "2:12: price \"1e999\" of ETH has an exponent out of range");
    BAD("time,ETH,BTC\n1735689600,1\n", "2:13: expected 3 fields (time and 2 prices), found 2");
    BAD("time,ETH,BTC\r\n1735689600,1\r\n", "2:13: expected 3 fields (time and 2 prices), found 2");
    BAD("time,ETH,BTC\n1735689600,1,2,3\n", "2:16: more fields than the header's 3");
    BAD("time,ETH,BTC\n1735689600,1,2,\n", "2:16: more fields than the header's 3");
    char nul[] = "time,ETH\n1735689600,1X\n";
    nul[21] = '\0';
    const char *path = put("bad.csv", "");
    testfs_write_file(path, nul, sizeof nul - 1, 0600);
    s = (struct price_series *)1;
    st_err_clear(&e);
    CHECK(prices_csv_load(path, &s, &e) == -1 && s == NULL);
    snprintf(want, sizeof want, "%s:2:13: NUL byte", path);
    CHECK_STR(e.msg, want);
}

/* A year of minutes: loads, answers every minute in order, and samples agree with the rows. */
static void year(void)
{
    char path[512];
    snprintf(path, sizeof path, "%s/year.csv", dir);
    FILE *f = fopen(path, "w");
    if (f == NULL) {
        perror(path);
        exit(2);
    }
    fprintf(f, "time,ETH,BTC,SOL,USDC\n");
    for (long i = 0; i < 525600; i++)
        fprintf(f, "%lld,%ld.%02ld,%ld,%ld.5,1\n", (long long)(T0 / 1000 + i * 60), 3000 + i % 997, i % 100,
                60000 + i % 5000, 100 + i % 77);
    fclose(f);
    struct price_series *s = NULL;
    st_err e = {0};
    CHECK(prices_csv_load(path, &s, &e) == 0);
    if (s == NULL) {
        fprintf(stderr, "  %s\n", e.msg);
        return;
    }
    CHECK(price_series_rows(s) == 525600 && price_series_symbol_count(s) == 4);
    CHECK(price_series_time_ms(s, 525599) == T0 + 525599 * MIN);
    struct prices *p = NULL;
    CHECK(prices_open_series(s, "USD", 120000, &p, &e) == 0);
    int ok = 1;
    for (long i = 0; i < 525600 && p; i++) {
        char want[64];
        long v = 3000 + i % 997, c = i % 100;
        if (c == 0)
            snprintf(want, sizeof want, "%ld", v);
        else if (c % 10 == 0)
            snprintf(want, sizeof want, "%ld.%ld", v, c / 10);
        else
            snprintf(want, sizeof want, "%ld.%02ld", v, c);
        ok &= strcmp(get(p, "ETH", T0 + i * MIN + 59999, NULL), want) == 0;
    }
    CHECK(ok);
    CHECK_STR(get(p, "SOL", T0 + 123456 * MIN, NULL), "125.5"); /* 100 + 123456 % 77 = 125 */
    CHECK_STR(get(p, "USDC", T0 + 525599 * MIN + 120000, NULL), "1");
    prices_free(p);
    price_series_free(s);
}

int main(void)
{
    testfs_mkdtemp(dir, sizeof dir, "prices-csv");
    const char *rows = "time,ETH,BTC\n"
                       "2025-01-01T00:00:00Z,3300.50,94000\n"
                       "2025-01-01 00:01:00+00:00,3301,\n"
                       "1735689720,3302.25,1.23e-6\n"
                       "2025-01-01T00:03:00.5Z,3303.000,95000\n";
    good(rows);
    /* The same with a byte order mark, CRLF line ends and no final newline. */
    char crlf[512];
    size_t n = 0;
    n += (size_t)snprintf(crlf + n, sizeof crlf - n, "\xEF\xBB\xBF");
    for (const char *r = rows; *r; r++) {
        if (*r == '\n')
            crlf[n++] = '\r';
        crlf[n++] = *r;
    }
    crlf[n - 2] = '\0'; /* drop the last "\r\n" */
    good(crlf);
    errors();
    year();
    CHECK(testfs_rmtree(dir) == 0);
    return check_summary();
}
