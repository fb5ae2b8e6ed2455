/* test_prices_http.c: the "http" price source against a real HTTP server (libmicrohttpd) on
 * 127.0.0.1 with a random port: exact decimal text from JSON numbers and strings, the JSON
 * path, source timestamps in seconds, milliseconds and ISO-8601, every fail-closed case
 * (missing, non-numeric, zero, negative, stale, future, malformed JSON, HTTP errors,
 * timeouts, an unreachable server), retries only where they are safe, the cache, and that no
 * message shows a URL's query string. */
#include <microhttpd.h>
#include <pthread.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "prices/prices.h"
#include "testhttp.h"

static int hits_flaky, hits_500, hits_404, hits_slow, hits_cache, hits_stale;
static char last_ids[64], last_vs[64];

static enum MHD_Result handler(struct MHD_Connection *c, const char *url, const char *method, const char *request)
{
    (void)method, (void)request;
    char body[512];
    long long now = (long long)time(NULL);
    if (strcmp(url, "/num/ETH") == 0) {
        snprintf(body, sizeof body, "{\"data\": {\"price\": 3021.5, \"ts\": %lld}}", now);
        return testhttp_reply(c, 200, body);
    }
    if (strcmp(url, "/str") == 0)
        return testhttp_reply(c, 200, "{\"data\":{\"price\":\"3021.50\"}}");
    if (strcmp(url, "/exact") == 0)
        return testhttp_reply(c, 200, "{\"data\" : { \"price\" : 3021.123456789012345678 , \"x\": [1, {\"price\": 0}]}}");
    if (strcmp(url, "/exactstr") == 0)
        return testhttp_reply(c, 200, "{\"data\":{\"price\":\"3021.123456789012345678\"}}");
    if (strcmp(url, "/exp") == 0)
        return testhttp_reply(c, 200, "{\"data\":{\"price\":3.0215E3}}");
    if (strcmp(url, "/missing") == 0)
        return testhttp_reply(c, 200, "{\"data\":{\"prices\":1}}");
    if (strcmp(url, "/nan") == 0)
        return testhttp_reply(c, 200, "{\"data\":{\"price\":\"abc\"}}");
    if (strcmp(url, "/null") == 0)
        return testhttp_reply(c, 200, "{\"data\":{\"price\":null}}");
    if (strcmp(url, "/neg") == 0)
        return testhttp_reply(c, 200, "{\"data\":{\"price\":-5.25}}");
    if (strcmp(url, "/zero") == 0)
        return testhttp_reply(c, 200, "{\"data\":{\"price\":\"0.000\"}}");
    if (strcmp(url, "/stale") == 0) {
        hits_stale++;
        snprintf(body, sizeof body, "{\"data\":{\"price\":\"1.5\",\"ts\":%lld}}", now - 600);
        return testhttp_reply(c, 200, body);
    }
    if (strcmp(url, "/aging") == 0) {
        hits_stale++;
        snprintf(body, sizeof body, "{\"data\":{\"price\":\"1.5\",\"ts\":%lld}}", now - 100);
        return testhttp_reply(c, 200, body);
    }
    if (strcmp(url, "/ms") == 0) {
        snprintf(body, sizeof body, "{\"data\":{\"price\":2,\"ts\":\"%lld123\"}}", now);
        return testhttp_reply(c, 200, body);
    }
    if (strcmp(url, "/iso") == 0)
        return testhttp_reply(c, 200, "{\"data\":{\"price\":2,\"ts\":\"2025-01-01T00:00:00Z\"}}");
    if (strcmp(url, "/future") == 0) {
        snprintf(body, sizeof body, "{\"data\":{\"price\":2,\"ts\":%lld}}", now + 3600);
        return testhttp_reply(c, 200, body);
    }
    if (strcmp(url, "/badts") == 0)
        return testhttp_reply(c, 200, "{\"data\":{\"price\":2,\"ts\":true}}");
    if (strcmp(url, "/flaky") == 0)
        return ++hits_flaky == 1 ? testhttp_reply(c, 500, "oops") : testhttp_reply(c, 200, "{\"data\":{\"price\":\"42\"}}");
    if (strcmp(url, "/always500") == 0) {
        hits_500++;
        return testhttp_reply(c, 500, "down");
    }
    if (strcmp(url, "/slow") == 0) {
        hits_slow++;
        usleep(1500 * 1000);
        return testhttp_reply(c, 200, "{\"data\":{\"price\":\"1\"}}");
    }
    if (strcmp(url, "/cache") == 0) {
        hits_cache++;
        snprintf(body, sizeof body, "{\"data\":{\"price\":\"%d\"}}", 100 + hits_cache);
        return testhttp_reply(c, 200, body);
    }
    if (strcmp(url, "/malformed") == 0)
        return testhttp_reply(c, 200, "{\"data\": {\"price\": 1");
    if (strcmp(url, "/dupe") == 0)
        return testhttp_reply(c, 200, "{\"data\": {\"price\": 1, \"price\": 2}}");
    if (strcmp(url, "/array") == 0)
        return testhttp_reply(c, 200, "[{\"p\": \"7\"}, {\"p\": \"8.25\", \"q\": [\"x\"]}]");
    if (strcmp(url, "/q") == 0) {
        const char *ids = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "ids");
        const char *vs = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "vs");
        snprintf(last_ids, sizeof last_ids, "%s", ids ? ids : "");
        snprintf(last_vs, sizeof last_vs, "%s", vs ? vs : "");
        return testhttp_reply(c, 200, "{\"ethereum\": {\"usd\": 3000.1}, \"usd-coin\": {\"usd\": \"0.9998\"}}");
    }
    hits_404++;
    return testhttp_reply(c, 404, "no such thing");
}

static char base[64];

static int64_t now_ms(void)
{
    return (int64_t)time(NULL) * 1000;
}

/* Opens an http source on base+route with extra keys for prices.http (path "data.price" and
 * timeout "2s" unless given) and for the top level. */
static struct prices *open_http(const char *route, const char *http_extra, const char *top_extra)
{
    char json[1024];
    const char *x = http_extra ? http_extra : "";
    snprintf(json, sizeof json, "{\"source\": \"http\", %s \"http\": {\"url\": \"%s%s\"%s%s%s%s}}",
             top_extra ? top_extra : "", base, route, strstr(x, "\"path\"") ? "" : ", \"path\": \"data.price\"",
             strstr(x, "\"timeout\"") ? "" : ", \"timeout\": \"2s\"", *x ? ", " : "", x);
    struct prices *p = NULL;
    st_err e = {0};
    if (prices_open(json, &p, &e) != 0) {
        check_count++, check_failed++;
        fprintf(stderr, "prices_open failed for %s: %s\n", json, e.msg);
    }
    return p;
}

/* The price of sym, or "ERR: <message>". */
static const char *get(struct prices *p, const char *sym, int64_t t, int64_t *as_of)
{
    static char buf[ST_ERR_MAX + 8];
    char out[PRICES_TEXT_MAX];
    st_err e = {0};
    if (p == NULL)
        return "(not opened)";
    if (prices_get(p, sym, t, out, sizeof out, as_of, &e) != 0)
        snprintf(buf, sizeof buf, "ERR: %s", e.msg);
    else
        snprintf(buf, sizeof buf, "%s", out);
    return buf;
}

/* One fetch of route; checks the answer (exactly, or as a substring after "ERR: "). */
static void one(int line, const char *route, const char *http_extra, const char *want)
{
    struct prices *p = open_http(route, http_extra, NULL);
    const char *got = get(p, "ETH", now_ms(), NULL);
    check_count++;
    int ok = strncmp(want, "ERR: ", 5) == 0 ? strncmp(got, "ERR: ", 5) == 0 && strstr(got, want + 5) != NULL
                                            : strcmp(got, want) == 0;
    if (!ok) {
        check_failed++;
        fprintf(stderr, "%s:%d: %s\n   got: %s\n  want: %s\n", __FILE__, line, route, got, want);
    }
    prices_free(p);
}
#define ONE(route, extra, want) one(__LINE__, route, extra, want)

static void refused(int line, const char *json, const char *want)
{
    struct prices *p = (struct prices *)1;
    st_err e = {0};
    check_count++;
    if (prices_open(json, &p, &e) != -1 || p != NULL || strstr(e.msg, want) == NULL) {
        check_failed++;
        fprintf(stderr, "%s:%d: for %s\n   got: %s\n  want: ...%s...\n", __FILE__, line, json, e.msg, want);
    }
}
#define REFUSED(json, want) refused(__LINE__, json, want)

static void values(void)
{
    char want[256];
    /* A JSON number, a numeric string, exact decimals (never through a double), exponents. */
    ONE("/num/{symbol}", NULL, "3021.5");
    ONE("/str", NULL, "3021.5");
    ONE("/exact", NULL, "3021.123456789012345678");
    ONE("/exactstr", NULL, "3021.123456789012345678");
    ONE("/exp", NULL, "3021.5");
    ONE("/array", "\"path\": \"[1].p\"", "8.25");
    /* Fail closed on everything else, naming the path. */
    snprintf(want, sizeof want, "ERR: price of ETH: the answer from %s/missing has no value at prices.http.path "
                                "\"data.price\": no member \"price\" in data", base);
    ONE("/missing", NULL, want);
    ONE("/array", "\"path\": \"[2].p\"", "ERR: no value at prices.http.path \"[2].p\": no element [2] in the top level (it has 2)");
    ONE("/array", "\"path\": \"p\"", "ERR: no value at prices.http.path \"p\": the top level is not an object");
    ONE("/array", "\"path\": \"[1].q.x\"", "ERR: [1].q is not an object");
    ONE("/nan", NULL, "ERR: price of ETH: the value at prices.http.path \"data.price\" (abc) is not a decimal number");
    ONE("/null", NULL, "ERR: price of ETH: the value at prices.http.path \"data.price\" is null, not a number or a numeric string");
    ONE("/neg", NULL, "ERR: price of ETH: the value at prices.http.path \"data.price\" (-5.25) is negative");
    ONE("/zero", NULL, "ERR: price of ETH: the value at prices.http.path \"data.price\" (0.000) is zero (a price must be positive)");
    ONE("/malformed", NULL, "ERR: price of ETH: the answer from");
    ONE("/malformed", NULL, "ERR: is not valid JSON");
    ONE("/dupe", NULL, "ERR: is not valid JSON: duplicate object key");
}

static void timestamps(void)
{
    const char *ts = "\"timestamp_path\": \"data.ts\"";
    struct prices *p = open_http("/num/{symbol}", ts, NULL);
    int64_t as_of = 0, t = now_ms();
    CHECK_STR(get(p, "ETH", t, &as_of), "3021.5");
    CHECK(as_of <= t + 1000 && as_of >= t - 5000 && as_of % 1000 == 0); /* the server's seconds */
    prices_free(p);
    /* Milliseconds (13 digits) as a string. */
    p = open_http("/ms", ts, NULL);
    t = now_ms();
    CHECK_STR(get(p, "ETH", t, &as_of), "2");
    CHECK(as_of % 1000 == 123 && as_of <= t + 1000 && as_of >= t - 5000);
    prices_free(p);
    /* Ten minutes old with max_age 2m: refused, naming max_age. */
    ONE("/stale", ts, "ERR: price of ETH: the price is 10m old (as of");
    ONE("/stale", ts, "ERR: older than prices.max_age (2m)");
    /* An ISO-8601 time long past, an hour in the future, and a non-time. */
    ONE("/iso", ts, "ERR: (as of 2025-01-01T00:00:00Z), older than prices.max_age (2m)");
    ONE("/future", ts, "ERR: in the future (more than prices.max_age, 2m)");
    ONE("/badts", ts, "ERR: the value at prices.http.timestamp_path \"data.ts\" is true, not a number");
    ONE("/str", ts, "ERR: has no value at prices.http.timestamp_path \"data.ts\": no member \"ts\" in data");
    /* A larger max_age accepts the ten-minute-old price, as of the source's time. */
    p = open_http("/stale", ts, "\"max_age\": \"15m\",");
    t = now_ms();
    CHECK_STR(get(p, "ETH", t, &as_of), "1.5");
    CHECK(as_of <= t - 599000 && as_of >= t - 605000);
    prices_free(p);
}

static void transport(void)
{
    char want[256];
    /* 500 then 200: retried, succeeds. */
    ONE("/flaky", "\"retries\": 2", "42");
    CHECK(hits_flaky == 2);
    /* Always 500: 1 + retries attempts, then an error. */
    ONE("/always500", "\"retries\": 2", "ERR: HTTP 500");
    CHECK(hits_500 == 3);
    ONE("/always500", "\"retries\": 0", "ERR: HTTP 500");
    CHECK(hits_500 == 4);
    /* 404 is an answer: not retried; the URL's query string is never shown. */
    snprintf(want, sizeof want, "ERR: price of ETH: HTTP 404 from %s/nothing?...", base);
    struct prices *p = open_http("/nothing?key=SECRET123", "\"retries\": 3", NULL);
    const char *got = get(p, "ETH", now_ms(), NULL);
    CHECK(strcmp(got, want) == 0);
    CHECK(strstr(got, "SECRET123") == NULL);
    CHECK(hits_404 == 1);
    char d[256];
    prices_describe(p, d, sizeof d);
    CHECK(strstr(d, "/nothing?...") != NULL && strstr(d, "SECRET123") == NULL);
    prices_free(p);
    /* Slower than the timeout: a timeout error, not retried (the request was sent). */
    p = open_http("/slow", "\"timeout\": \"300ms\", \"retries\": 2", NULL);
    got = get(p, "ETH", now_ms(), NULL);
    CHECK(strncmp(got, "ERR: price of ETH: prices.http: Timeout was reached", 51) == 0);
    CHECK(hits_slow == 1);
    prices_free(p);
}

static void cache(void)
{
    struct prices *p = open_http("/cache", "\"cache\": \"10s\"", NULL);
    int64_t t = now_ms(), as_of = 0;
    CHECK_STR(get(p, "ETH", t, &as_of), "101");
    CHECK(as_of == t); /* no timestamp_path: as of the fetch */
    CHECK_STR(get(p, "ETH", t + 9999, &as_of), "101");
    CHECK(as_of == t && hits_cache == 1);
    CHECK_STR(get(p, "BTC", t + 1, NULL), "102"); /* per symbol */
    CHECK(hits_cache == 2);
    CHECK_STR(get(p, "ETH", t + 10000, &as_of), "103"); /* the cache ends after 10s */
    CHECK(as_of == t + 10000 && hits_cache == 3);
    CHECK_STR(get(p, "ETH", t + 5000, NULL), "104"); /* a clock that went back fetches again */
    CHECK(hits_cache == 4);
    prices_free(p);
    /* cache 0s: every call fetches. */
    p = open_http("/cache", "\"cache\": \"0s\"", NULL);
    get(p, "ETH", t, NULL);
    get(p, "ETH", t, NULL);
    CHECK(hits_cache == 6);
    prices_free(p);
    /* A cached price that ages past max_age is not served: it is fetched again, and when the
     * source is still old, refused. */
    hits_stale = 0;
    p = open_http("/aging", "\"timestamp_path\": \"data.ts\", \"cache\": \"1m\"", NULL);
    t = now_ms();
    CHECK_STR(get(p, "ETH", t, NULL), "1.5"); /* 100 s old: fine with max_age 2m */
    CHECK(hits_stale == 1);
    const char *got = get(p, "ETH", t + 30000, NULL);
    CHECK(strstr(got, "older than prices.max_age (2m)") != NULL);
    CHECK(hits_stale == 2);
    prices_free(p);
    /* A failure is not cached either. */
    int before = hits_404;
    p = open_http("/gone", "\"cache\": \"10s\"", NULL);
    get(p, "ETH", t, NULL);
    get(p, "ETH", t + 1, NULL);
    CHECK(hits_404 == before + 2);
    prices_free(p);
}

static void ids_and_placeholders(void)
{
    char json[512];
    snprintf(json, sizeof json,
             "{\"source\": \"http\", \"http\": {\"url\": \"%s/q?ids={id}&vs={quote}&k=SECRET\", \"path\": \"{id}.usd\","
             " \"ids\": {\"ETH\": \"ethereum\", \"USDC\": \"usd-coin\"}}}", base);
    struct prices *p = NULL;
    st_err e = {0};
    CHECK(prices_open(json, &p, &e) == 0);
    if (p == NULL)
        return;
    CHECK(prices_simulated(p) == 0);
    CHECK_STR(prices_source(p), "http");
    CHECK_STR(prices_symbol(p, 0), "ETH");
    CHECK_STR(prices_symbol(p, 1), "USDC");
    CHECK(prices_symbol(p, 2) == NULL);
    CHECK_STR(get(p, "ETH", now_ms(), NULL), "3000.1");
    CHECK_STR(last_ids, "ethereum");
    CHECK_STR(last_vs, "USD");
    CHECK_STR(get(p, "USDC", now_ms(), NULL), "0.9998");
    CHECK_STR(last_ids, "usd-coin");
    CHECK_STR(get(p, "BTC", now_ms(), NULL), "ERR: price of BTC: no prices.http.ids entry for BTC");
    CHECK_STR(get(p, "USD", now_ms(), NULL), "1"); /* the quote itself, no request */
    prices_free(p);
}

static void config_errors(void)
{
    REFUSED("{\"source\": \"http\"}", "prices.http: required when prices.source is \"http\"");
    REFUSED("{\"http\": {\"path\": \"p\"}}", "prices.http.url: required");
    REFUSED("{\"http\": {\"url\": \"http://h\"}}", "prices.http.path: required");
    REFUSED("{\"http\": {\"url\": \"http://h\", \"path\": \"p\", \"timout\": \"5s\"}}",
            "prices.http.timout: unknown key (accepted: url, path, timestamp_path, ids, timeout, retries, cache)");
    REFUSED("{\"http\": {\"url\": \"http://h/{sym}\", \"path\": \"p\"}}", "prices.http.url: unknown placeholder at \"{sym}\"");
    REFUSED("{\"http\": {\"url\": \"http://h/a b\", \"path\": \"p\"}}", "prices.http.url: contains a space");
    REFUSED("{\"http\": {\"url\": \"http://h/?ids={id}\", \"path\": \"p\"}}",
            "prices.http.ids: required because prices.http.url uses {id}");
    REFUSED("{\"http\": {\"url\": \"http://h\", \"path\": \"{id}.usd\"}}",
            "prices.http.ids: required because prices.http.path uses {id}");
    REFUSED("{\"http\": {\"url\": \"http://h\", \"path\": \"data..price\"}}",
            "prices.http.path: bad JSON path \"data..price\": empty member name at character 6");
    REFUSED("{\"http\": {\"url\": \"http://h\", \"path\": \"a[x]\"}}", "prices.http.path: bad JSON path \"a[x]\"");
    REFUSED("{\"http\": {\"url\": \"http://h\", \"path\": \"p\", \"timestamp_path\": \".t\"}}",
            "prices.http.timestamp_path: bad JSON path");
    REFUSED("{\"http\": {\"url\": \"http://h\", \"path\": \"p\", \"ids\": {\"ETH\": \"a.b\"}}}",
            "prices.http.ids.ETH: must be an id of 1 to 64 characters");
    REFUSED("{\"http\": {\"url\": \"http://h\", \"path\": \"p\", \"ids\": {\"E TH\": \"x\"}}}",
            "prices.http.ids.E TH: bad symbol");
    REFUSED("{\"http\": {\"url\": \"http://h\", \"path\": \"p\", \"timeout\": \"0s\"}}",
            "prices.http.timeout: must be more than 0s and at most 5m");
    REFUSED("{\"http\": {\"url\": \"http://h\", \"path\": \"p\", \"retries\": 11}}",
            "prices.http.retries: must be an integer from 0 to 10");
    REFUSED("{\"http\": {\"url\": \"http://h\", \"path\": \"p\", \"cache\": \"5m\"}}",
            "prices.http.cache: 5m is longer than prices.max_age (2m)");
    REFUSED("{\"http\": {\"url\": \"http://h\", \"path\": \"p\", \"headers\": {}}}", "prices.http.headers: unknown key");
    REFUSED("{\"http\": \"http://h\"}", "prices.http: must be a mapping");
}

int main(void)
{
    unsigned port;
    struct MHD_Daemon *d = testhttp_start(handler, &port);
    if (d == NULL)
        return 2;
    snprintf(base, sizeof base, "http://127.0.0.1:%u", port);
    values();
    timestamps();
    transport();
    cache();
    ids_and_placeholders();
    config_errors();
    MHD_stop_daemon(d);

    /* The server is gone: connection refused, retried, reported without the query string. */
    struct prices *p = open_http("/num/{symbol}?key=SECRET123", "\"retries\": 1", NULL);
    const char *got = get(p, "ETH", now_ms(), NULL);
    CHECK(strncmp(got, "ERR: price of ETH: prices.http: ", 32) == 0 && strstr(got, "(after retries)") != NULL);
    CHECK(strstr(got, "/num/ETH?...") != NULL && strstr(got, "SECRET123") == NULL);
    prices_free(p);
    return check_summary();
}
