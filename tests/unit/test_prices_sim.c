/* test_prices_sim.c: the simulated price source (docs/prices.md, "The simulated path"):
 * configuration and its key-path errors, golden values, determinism whatever the order of
 * questions, positivity and the clamps over a million steps, the volatility's scale, and the
 * quote currency and USDC fixed at "1".
 *
 * The golden values were computed ONCE by the Python reference implementation printed in
 * docs/prices.md (arbitrary-precision integers, written separately from this C code from the
 * model's definition), not by this module: a change of either side shows up here. */
#include "check.h"
#include "prices/prices.h"
#include "prices/prices_int.h"

#define ANCHOR 1767225600000LL /* 2026-01-01T00:00:00Z, the default anchor */
#define MIN 60000LL

static const char *SEED7 = "{\"sim\": {\"seed\": 7}}";

static struct prices *open_ok(const char *json)
{
    struct prices *p = NULL;
    st_err e = {0};
    int rc = prices_open(json, &p, &e);
    CHECK(rc == 0 && p != NULL);
    if (rc != 0)
        fprintf(stderr, "  unexpected error for %s: %s\n", json ? json : "(null)", e.msg);
    return p;
}

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

/* The price of sym at t, or "ERR: <message>". */
static const char *get(struct prices *p, const char *sym, int64_t t, int64_t *as_of)
{
    static char buf[ST_ERR_MAX + 8];
    char out[PRICES_TEXT_MAX];
    st_err e = {0};
    int64_t a = 0;
    if (prices_get(p, sym, t, out, sizeof out, &a, &e) != 0) {
        snprintf(buf, sizeof buf, "ERR: %s", e.msg);
        return buf;
    }
    if (as_of)
        *as_of = a;
    snprintf(buf, sizeof buf, "%s", out);
    return buf;
}

static void defaults(void)
{
    struct prices *p = open_ok(NULL);
    if (p == NULL)
        return;
    CHECK(prices_simulated(p) == 1);
    CHECK_STR(prices_source(p), "sim");
    CHECK_STR(prices_quote(p), "USD");
    CHECK(prices_max_age_ms(p) == 120000);
    CHECK_STR(prices_symbol(p, 0), "ETH");
    CHECK_STR(prices_symbol(p, 1), "BTC");
    CHECK_STR(prices_symbol(p, 2), "SOL");
    CHECK_STR(prices_symbol(p, 3), "USDC");
    CHECK(prices_symbol(p, 4) == NULL);
    char d[160];
    prices_describe(p, d, sizeof d);
    CHECK_STR(d, "SIMULATED (seed 0, step 1m, anchor 2026-01-01T00:00:00Z)");
    int64_t as_of = 0;
    /* At the anchor every asset is at its start. */
    CHECK_STR(get(p, "ETH", ANCHOR, &as_of), "3000");
    CHECK(as_of == ANCHOR);
    CHECK_STR(get(p, "BTC", ANCHOR + 59999, &as_of), "60000");
    CHECK(as_of == ANCHOR);
    CHECK_STR(get(p, "SOL", ANCHOR, NULL), "150");
    /* The quote currency is 1 by definition, as of the time asked. */
    CHECK_STR(get(p, "USD", ANCHOR + 12345, &as_of), "1");
    CHECK(as_of == ANCHOR + 12345);
    /* An empty section and "{}" are the defaults too. */
    prices_free(p);
    p = open_ok("  {}\n");
    CHECK_STR(get(p, "ETH", ANCHOR, NULL), "3000");
    prices_free(p);
    p = open_ok("{\"sim\": null, \"source\": \"sim\"}");
    CHECK_STR(get(p, "USDC", ANCHOR + 99 * MIN, NULL), "1");
    prices_free(p);
}

static void golden(void)
{
    struct prices *p = open_ok(SEED7);
    if (p == NULL)
        return;
    int64_t as_of = 0;
    CHECK_STR(get(p, "ETH", ANCHOR + MIN, &as_of), "3015.92498252");
    CHECK(as_of == ANCHOR + MIN);
    /* Inside a step: the step's price, as of the step's start. */
    CHECK_STR(get(p, "ETH", ANCHOR + 2 * MIN + 30000, &as_of), "3047.4397189");
    CHECK(as_of == ANCHOR + 2 * MIN);
    CHECK_STR(get(p, "ETH", ANCHOR + 1000 * MIN, NULL), "3128.95154775");
    /* Before the anchor the path walks the other way. */
    CHECK_STR(get(p, "ETH", ANCHOR - 1000 * MIN, &as_of), "3297.86560769");
    CHECK(as_of == ANCHOR - 1000 * MIN);
    CHECK_STR(get(p, "SOL", ANCHOR - 4097 * MIN, NULL), "231.05895608"); /* just past a checkpoint */
    CHECK_STR(get(p, "SOL", ANCHOR + 100000 * MIN, NULL), "205.95793607");
    CHECK_STR(get(p, "BTC", ANCHOR + 525600 * MIN, NULL), "130854.50435926"); /* a year on */
    prices_free(p);
    /* Drift without reversion. */
    p = open_ok("{\"sim\": {\"seed\": 7, \"reversion\": \"0s\", \"assets\": {\"ETH\": "
                "{\"start\": \"3000\", \"volatility_bps\": 80, \"drift_bps\": 5}}}}");
    CHECK_STR(get(p, "ETH", ANCHOR + 1440 * MIN, NULL), "7240.57122429");
    prices_free(p);
    /* The fixed-point exponential: e^(+-ln 2) and the clamps' extremes. */
    char t[PRICES_TEXT_MAX];
    sim_price_text(100000000, 693147181, t, sizeof t);
    CHECK_STR(t, "2");
    sim_price_text(100000000, -693147181, t, sizeof t);
    CHECK_STR(t, "0.5");
    sim_price_text(300000000, 16000000000LL, t, sizeof t);
    CHECK_STR(t, "26658331.56152362");
    sim_price_text(1, -16000000000LL, t, sizeof t);
    CHECK_STR(t, "0.00000001"); /* never zero */
}

/* Same configuration, same answers: whatever order the times are asked in, across objects. */
static void determinism(void)
{
    struct prices *a = open_ok(SEED7), *b = open_ok(SEED7);
    if (a == NULL || b == NULL)
        return;
    static const int64_t steps[] = {300000, -5, 4096, 12, 8192, -70000, 299999, 0, 4095, -4096, 123456, 1};
    char want[12][PRICES_TEXT_MAX];
    /* a: increasing order; b: the scrambled order above. */
    int64_t sorted[12];
    memcpy(sorted, steps, sizeof sorted);
    for (int i = 0; i < 12; i++)
        for (int j = i + 1; j < 12; j++)
            if (sorted[j] < sorted[i]) {
                int64_t t = sorted[i];
                sorted[i] = sorted[j];
                sorted[j] = t;
            }
    for (int i = 0; i < 12; i++)
        for (int j = 0; j < 12; j++)
            if (sorted[i] == steps[j])
                snprintf(want[j], sizeof want[j], "%.81s", get(a, "ETH", ANCHOR + sorted[i] * MIN, NULL));
    int same = 1;
    for (int j = 0; j < 12; j++)
        same &= strcmp(get(b, "ETH", ANCHOR + steps[j] * MIN, NULL), want[j]) == 0;
    CHECK(same);
    /* And again in reverse, now that b has walked everything (checkpoints, not the frontier). */
    for (int j = 11; j >= 0; j--)
        same &= strcmp(get(b, "ETH", ANCHOR + steps[j] * MIN, NULL), want[j]) == 0;
    CHECK(same);
    prices_free(a);
    prices_free(b);

    /* A different seed gives a different path (but the same start at the anchor). */
    a = open_ok("{\"sim\": {\"seed\": 7}}");
    b = open_ok("{\"sim\": {\"seed\": 8}}");
    int differ = 0;
    for (int64_t k = 1; k <= 10; k++) {
        char x[PRICES_TEXT_MAX];
        snprintf(x, sizeof x, "%.81s", get(a, "BTC", ANCHOR + k * MIN, NULL));
        differ += strcmp(x, get(b, "BTC", ANCHOR + k * MIN, NULL)) != 0;
    }
    CHECK(differ == 10);
    CHECK_STR(get(b, "BTC", ANCHOR, NULL), "60000");
    /* Different symbols with the same parameters walk differently too. */
    prices_free(b);
    b = open_ok("{\"sim\": {\"seed\": 7, \"assets\": {\"AAA\": {\"start\": \"100\", \"volatility_bps\": 50}, "
                "\"BBB\": {\"start\": \"100\", \"volatility_bps\": 50}}}}");
    char x[PRICES_TEXT_MAX];
    snprintf(x, sizeof x, "%s", get(b, "AAA", ANCHOR + 10 * MIN, NULL));
    CHECK(strcmp(x, get(b, "BBB", ANCHOR + 10 * MIN, NULL)) != 0);
    prices_free(a);
    prices_free(b);
}

/* 1 when s is a canonical positive decimal. */
static int positive(const char *s)
{
    char t[PRICES_TEXT_MAX];
    const char *why;
    return price_normalize(s, strlen(s), t, sizeof t, &why) == 0 && strcmp(t, s) == 0;
}

static void positivity_and_speed(void)
{
    /* The harshest walk allowed: the largest volatility, the strongest downward drift, no
     * reversion, a million successive steps. It ends on the floor of the clamp and never at 0. */
    struct prices *p = open_ok("{\"max_age\": \"1d\", \"sim\": {\"seed\": 3, \"reversion\": \"0s\", \"assets\": {"
                               "\"DOWN\": {\"start\": \"150\", \"volatility_bps\": 2000, \"drift_bps\": -100},"
                               "\"UP\": {\"start\": \"1000000000\", \"volatility_bps\": 2000, \"drift_bps\": 100},"
                               "\"SOL\": {\"start\": \"150\", \"volatility_bps\": 120}}}}");
    if (p == NULL)
        return;
    int all_positive = 1;
    char last_down[PRICES_TEXT_MAX] = "", last_up[PRICES_TEXT_MAX] = "";
    for (int64_t k = 0; k < 1000000; k++) {
        const char *s = get(p, "DOWN", ANCHOR + k * MIN, NULL);
        all_positive &= positive(s);
        if (k == 999999)
            snprintf(last_down, sizeof last_down, "%s", s);
        if (k < 100000 && k % 10 == 0) { /* UP is on the ceiling from about step 16,000 on */
            s = get(p, "UP", ANCHOR + k * MIN, NULL);
            all_positive &= positive(s);
            snprintf(last_up, sizeof last_up, "%s", s);
            all_positive &= positive(get(p, "SOL", ANCHOR - k * MIN, NULL));
        }
    }
    CHECK(all_positive);
    /* 150 * e^-16 = 0.0000168...; 10^9 * e^16 = 8886110520507872.6... (the reference model gives
     * these digits; the fixed-point e^x is exact to about 10^-17 relative) */
    CHECK_STR(last_down, "0.00001688");
    CHECK_STR(last_up, "8886110520507872.67035048");
    prices_free(p);

    /* 300,000 successive minutes of the defaults (the benchmarks' pattern, shortened to keep
     * the valgrind run short); a sample must equal what a fresh object computes by random
     * access, asked from the last sample back to the first. */
    struct prices *seq = open_ok(SEED7), *rnd = open_ok(SEED7);
    if (seq == NULL || rnd == NULL)
        return;
    int same = 1, ok = 1;
    char sample[11][PRICES_TEXT_MAX];
    for (int64_t k = 0; k < 300000; k++) {
        const char *s = get(seq, "ETH", ANCHOR + k * MIN + 17, NULL);
        ok &= positive(s);
        if (k % 29999 == 0)
            snprintf(sample[k / 29999], sizeof sample[0], "%s", s);
    }
    for (int64_t i = 10; i >= 0; i--)
        same &= strcmp(get(rnd, "ETH", ANCHOR + i * 29999 * MIN, NULL), sample[i]) == 0;
    CHECK(ok && same);
    /* USDC (volatility 0) stays exactly 1 throughout. */
    int one = 1;
    for (int64_t k = -20000; k < 20000; k += 7)
        one &= strcmp(get(seq, "USDC", ANCHOR + k * MIN, NULL), "1") == 0;
    CHECK(one);
    prices_free(seq);
    prices_free(rnd);
}

/* The scale of volatility_bps: the mean absolute change per step of an Irwin-Hall step with
 * standard deviation s is about 0.80 s. (Doubles only in the test, to measure.) */
static void volatility_scale(void)
{
    struct prices *p = open_ok("{\"sim\": {\"seed\": 11, \"reversion\": \"0s\", \"assets\": {"
                               "\"X\": {\"start\": \"1000\", \"volatility_bps\": 100}}}}");
    if (p == NULL)
        return;
    double prev = strtod(get(p, "X", ANCHOR, NULL), NULL), sum = 0;
    int n = 20000;
    for (int k = 1; k <= n; k++) {
        double v = strtod(get(p, "X", ANCHOR + k * MIN, NULL), NULL);
        double r = v / prev - 1; /* ~ the log change for changes this small */
        sum += r < 0 ? -r : r;
        prev = v;
    }
    double mean = sum / n; /* expect ~0.0080 for 100 bps */
    CHECK(mean > 0.0070 && mean < 0.0090);
    prices_free(p);
}

static void lookups_refused(void)
{
    struct prices *p = open_ok(SEED7);
    if (p == NULL)
        return;
    CHECK_STR(get(p, "DOGE", ANCHOR, NULL),
              "ERR: price of DOGE: not a simulated asset (prices.sim.assets has ETH, BTC, SOL, USDC)");
    CHECK_STR(get(p, "eth", ANCHOR, NULL),
              "ERR: price of eth: not a simulated asset (prices.sim.assets has ETH, BTC, SOL, USDC)");
    CHECK_STR(get(p, "ET H", ANCHOR, NULL), "ERR: price of ET H: not a symbol (1 to 16 of A-Z a-z 0-9 _ -)");
    CHECK_STR(get(p, "", ANCHOR, NULL), "ERR: price of : not a symbol (1 to 16 of A-Z a-z 0-9 _ -)");
    CHECK_STR(get(p, "ETH", ANCHOR + (1LL << 27) * MIN + MIN, NULL),
              "ERR: price of ETH: 2281-03-11T18:09:00Z is more than 2^27 steps from prices.sim.anchor "
              "(2026-01-01T00:00:00Z)");
    CHECK(strncmp(get(p, "ETH", ANCHOR + (1LL << 27) * MIN, NULL), "ERR", 3) != 0); /* the last step defined */
    /* The output buffer must fit; the failure leaves "" behind. */
    char small[4] = "xyz";
    st_err e = {0};
    CHECK(prices_get(p, "ETH", ANCHOR, small, sizeof small, NULL, &e) == -1);
    CHECK_STR(small, "");
    CHECK_STR(e.msg, "price of ETH: the output buffer has 4 bytes, 5 needed");
    prices_free(p);

    /* A step of 1h with max_age 2h: prices are as of the hour, fine within it. */
    p = open_ok("{\"max_age\": \"2h\", \"sim\": {\"step\": \"1h\", \"anchor\": \"2020-01-01T00:00:00Z\"}}");
    int64_t as_of = 0;
    CHECK_STR(get(p, "ETH", 1577836800000LL + 3599999, &as_of), "3000");
    CHECK(as_of == 1577836800000LL);
    prices_free(p);
}

static void config_errors(void)
{
    REFUSED("[1]", "prices: must be a mapping");
    REFUSED("{", "prices: not valid JSON");
    REFUSED("{\"source\": \"sim\", \"source\": \"sim\"}", "prices: not valid JSON: duplicate object key");
    REFUSED("{\"sauce\": \"sim\"}", "prices.sauce: unknown key (accepted: source, quote, max_age, sim, http)");
    REFUSED("{\"source\": \"coingecko\"}", "prices.source: must be \"sim\" or \"http\"");
    REFUSED("{\"quote\": \"US D\"}", "prices.quote: must be a currency symbol");
    REFUSED("{\"max_age\": \"0s\"}", "prices.max_age: must be more than 0s and at most 30d");
    REFUSED("{\"max_age\": \"2 minutes\"}", "prices.max_age: must be a duration such as \"30s\"");
    REFUSED("{\"max_age\": 120}", "prices.max_age: must be a duration");
    REFUSED("{\"sim\": []}", "prices.sim: must be a mapping");
    REFUSED("{\"sim\": {\"seed\": -1}}", "prices.sim.seed: must be an integer from 0 to 9223372036854775807");
    REFUSED("{\"sim\": {\"seed\": \"7\"}}", "prices.sim.seed: must be an integer");
    REFUSED("{\"sim\": {\"step\": \"5x\"}}", "prices.sim.step: must be a duration");
    REFUSED("{\"sim\": {\"step\": \"500ms\"}}", "prices.sim.step: must be from 1s to 1d");
    REFUSED("{\"sim\": {\"step\": \"5m\"}}",
            "prices.sim.step: 5m is longer than prices.max_age (2m): every simulated price would be stale");
    REFUSED("{\"sim\": {\"anchor\": \"2026-02-30T00:00:00Z\"}}", "prices.sim.anchor: must be an ISO-8601 UTC time");
    REFUSED("{\"sim\": {\"reversion\": \"30s\"}}", "prices.sim.reversion: must be 0s (none) or at least prices.sim.step");
    REFUSED("{\"sim\": {\"volatility\": 3}}", "prices.sim.volatility: unknown key (accepted: seed, step, anchor, reversion, assets)");
    REFUSED("{\"sim\": {\"assets\": {}}}", "prices.sim.assets: must be a mapping of at least one symbol");
    REFUSED("{\"sim\": {\"assets\": {\"E.TH\": {\"start\": \"1\"}}}}", "prices.sim.assets.E.TH: bad symbol");
    REFUSED("{\"sim\": {\"assets\": {\"ETH\": 3000}}}", "prices.sim.assets.ETH: must be a mapping");
    REFUSED("{\"sim\": {\"assets\": {\"ETH\": {\"volatility_bps\": 80}}}}", "prices.sim.assets.ETH.start: required");
    REFUSED("{\"sim\": {\"assets\": {\"ETH\": {\"start\": \"abc\"}}}}",
            "prices.sim.assets.ETH.start: \"abc\" is not a decimal number");
    REFUSED("{\"sim\": {\"assets\": {\"ETH\": {\"start\": \"0\"}}}}",
            "prices.sim.assets.ETH.start: \"0\" is zero (a price must be positive)");
    REFUSED("{\"sim\": {\"assets\": {\"ETH\": {\"start\": \"-3\"}}}}", "prices.sim.assets.ETH.start: \"-3\" is negative");
    REFUSED("{\"sim\": {\"assets\": {\"ETH\": {\"start\": 3000.5}}}}",
            "prices.sim.assets.ETH.start: must be a decimal string such as \"3000.5\"");
    REFUSED("{\"sim\": {\"assets\": {\"X\": {\"start\": \"0.000000001\"}}}}",
            "prices.sim.assets.X.start: \"0.000000001\" has more than 8 fraction digits");
    REFUSED("{\"sim\": {\"assets\": {\"X\": {\"start\": \"1000000000.5\"}}}}",
            "prices.sim.assets.X.start: \"1000000000.5\" is larger than 1000000000");
    REFUSED("{\"sim\": {\"assets\": {\"X\": {\"start\": \"1\", \"volatility_bps\": 2001}}}}",
            "prices.sim.assets.X.volatility_bps: must be an integer from 0 to 2000");
    REFUSED("{\"sim\": {\"assets\": {\"X\": {\"start\": \"1\", \"drift_bps\": -101}}}}",
            "prices.sim.assets.X.drift_bps: must be an integer from -100 to 100");
    REFUSED("{\"sim\": {\"assets\": {\"X\": {\"start\": \"1\", \"vol\": 1}}}}",
            "prices.sim.assets.X.vol: unknown key (accepted: start, volatility_bps, drift_bps)");
    /* Accepted edge values. */
    struct prices *p = open_ok("{\"sim\": {\"assets\": {\"X\": {\"start\": 42}, \"Y\": {\"start\": \"1000000000\"},"
                               " \"Z\": {\"start\": \"0.00000001\", \"volatility_bps\": 0}}}}");
    CHECK_STR(get(p, "X", ANCHOR, NULL), "42");
    CHECK_STR(get(p, "Y", ANCHOR, NULL), "1000000000");
    CHECK_STR(get(p, "Z", ANCHOR + 777 * MIN, NULL), "0.00000001");
    prices_free(p);
    /* The sim section is checked even when the source is http, and the reverse. */
    REFUSED("{\"source\": \"http\", \"http\": {\"url\": \"http://h/{symbol}\", \"path\": \"p\"}, \"sim\": {\"seed\": -2}}",
            "prices.sim.seed");
    REFUSED("{\"http\": {\"url\": \"ftp://h\", \"path\": \"p\"}}", "prices.http.url: must start with http:// or https://");
}

int main(void)
{
    defaults();
    golden();
    determinism();
    positivity_and_speed();
    volatility_scale();
    lookups_refused();
    config_errors();
    return check_summary();
}
