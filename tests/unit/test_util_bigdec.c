/* Exact decimal arithmetic (util/bigdec.h): a hand-written table (every rounding mode on both
 * signs and on ties, carries and borrows across limbs, zero, the limits, every error), then
 * properties over random inputs from a fixed seed. Expected values in the table are written
 * out by hand; the few long ones were worked out with Python's decimal module and pasted. */
#include <stdint.h>

#include "check.h"
#include "util/bigdec.h"

/* ---- helpers ---- */

/* A pool of string buffers, so expressions can build several strings at once. */
static char *buf(void)
{
    static char pool[32][512];
    static unsigned next;
    return pool[next++ % 32];
}

/* prefix, then c repeated n times, then suffix */
static const char *rep(const char *prefix, char c, int n, const char *suffix)
{
    char *b = buf();
    size_t o = strlen(prefix);
    memcpy(b, prefix, o);
    for (int i = 0; i < n; i++)
        b[o++] = c;
    strcpy(b + o, suffix);
    return b;
}

static bigdec P(const char *s)
{
    bigdec d;
    st_err e = {0};
    if (bigdec_parse(&d, s, strlen(s), &e) != 0) {
        fprintf(stderr, "parse(\"%s\") failed: %s\n", s, e.msg);
        check_failed++;
        memset(&d, 0, sizeof d);
    }
    return d;
}

static const char *S(const bigdec *d)
{
    char *b = buf();
    if (bigdec_to_string(d, b, BIGDEC_STR_MAX) == 0)
        strcpy(b, "(to_string failed)");
    return b;
}

static enum bigdec_rounding M(const char *name)
{
    enum bigdec_rounding m = BIGDEC_DOWN;
    if (bigdec_rounding_parse(name, strlen(name), &m) != 0) {
        fprintf(stderr, "unknown mode %s\n", name);
        check_failed++;
    }
    return m;
}

/* Runs one operation on strings and returns the canonical result or "error: <message>".
 * places < -1 is passed through (to test refusals); mode NULL means BIGDEC_DOWN. */
static const char *run(const char *op, const char *a, const char *b, int places, const char *mode)
{
    bigdec x = P(a), y, r;
    if (b)
        y = P(b);
    else
        memset(&y, 0, sizeof y);
    enum bigdec_rounding m = mode ? M(mode) : BIGDEC_DOWN;
    st_err e = {0};
    int rc = 0;
    if (strcmp(op, "add") == 0)
        rc = bigdec_add(&r, &x, &y, &e);
    else if (strcmp(op, "sub") == 0)
        rc = bigdec_sub(&r, &x, &y, &e);
    else if (strcmp(op, "mul") == 0)
        rc = bigdec_mul(&r, &x, &y, places, m, &e);
    else if (strcmp(op, "div") == 0)
        rc = bigdec_div(&r, &x, &y, (unsigned)places, m, &e);
    else if (strcmp(op, "round") == 0)
        rc = bigdec_round(&r, &x, (unsigned)places, m, &e);
    else
        return "bad op";
    char *o = buf();
    if (rc != 0) {
        snprintf(o, 512, "error: %.400s", e.msg);
        if (!e.set)
            snprintf(o, 512, "error without a message");
        return o;
    }
    return S(&r);
}

#define T(op, a, b, places, mode, want) CHECK_STR(run(op, a, b, places, mode), want)

/* want: the error message must contain this */
#define TERR(op, a, b, places, mode, part)                                    \
    do {                                                                      \
        const char *got_ = run(op, a, b, places, mode);                       \
        CHECK(strncmp(got_, "error: ", 7) == 0 && strstr(got_, part) != NULL); \
        if (strstr(got_, part) == NULL)                                       \
            fprintf(stderr, "   got: %s\n  want: error containing %s\n", got_, part); \
    } while (0)

static void parse_ok(const char *in, const char *canonical)
{
    bigdec d;
    st_err e = {0};
    CHECK(bigdec_parse(&d, in, strlen(in), &e) == 0);
    CHECK_STR(S(&d), canonical);
}

static void parse_bad(const char *in, size_t len, const char *part)
{
    bigdec d;
    st_err e = {0};
    CHECK(bigdec_parse(&d, in, len, &e) == -1);
    CHECK(e.set && strstr(e.msg, part) != NULL);
    if (strstr(e.msg, part) == NULL)
        fprintf(stderr, "parse of \"%.*s\": got \"%s\", want \"%s\"\n", (int)len, in, e.msg, part);
}

static const char *MODES[6] = {"down", "up", "floor", "ceil", "half_up", "half_even"};

/* round(x, places) under the six modes, in the order of MODES */
static void round6(const char *x, int places, const char *d, const char *u, const char *f,
                   const char *c, const char *hu, const char *he)
{
    const char *want[6] = {d, u, f, c, hu, he};
    for (int i = 0; i < 6; i++) {
        T("round", x, NULL, places, MODES[i], want[i]);
        /* the same cut through division by one and multiplication by one */
        T("div", x, "1", places, MODES[i], want[i]);
        T("mul", x, "1", places, MODES[i], want[i]);
    }
}

/* ---- the table ---- */

static void test_parse(void)
{
    parse_ok("7", "7");
    parse_ok("-12.345", "-12.345");
    parse_ok("0.1", "0.1");
    parse_ok("007", "7");
    parse_ok("-0", "0");
    parse_ok("-0.000", "0");
    parse_ok("0.0", "0");
    parse_ok("1.500", "1.5");
    parse_ok("1.0", "1");
    parse_ok("000.000100", "0.0001");
    parse_ok("-00012.3400", "-12.34");
    parse_ok("1000000000", "1000000000");
    parse_ok("999999999", "999999999");
    parse_ok("123456789012345678901234567890", "123456789012345678901234567890");
    parse_ok("0.000000001", "0.000000001");
    parse_ok("0.0000000001", "0.0000000001");

    /* the limits, counted as written */
    const char *n78 = rep("", '9', 78, "");
    parse_ok(n78, n78);
    parse_ok(rep("-", '9', 78, ""), rep("-", '9', 78, ""));
    parse_ok(rep("0.", '0', 77, "1"), rep("0.", '0', 77, "1"));
    parse_ok(rep("0.", '9', 78, ""), rep("0.", '9', 78, ""));
    const char *longest = rep(rep("-", '9', 78, "."), '9', 78, "");
    parse_ok(longest, longest);
    CHECK(strlen(longest) == BIGDEC_STR_MAX - 1);
    parse_ok(rep("", '0', 78, ".5"), "0.5");          /* 78 leading zeros: still 78 digits */
    parse_ok(rep("1.", '0', 78, ""), "1");            /* 78 trailing zeros */
    parse_bad(rep("", '9', 79, ""), 79, "more than 78 digits before the decimal point");
    parse_bad(rep("", '0', 79, ""), 79, "more than 78 digits before the decimal point");
    parse_bad(rep("1", '0', 78, ".5"), 81, "more than 78 digits before the decimal point");
    parse_bad(rep("0.", '1', 79, ""), 81, "more than 78 digits after the decimal point");
    parse_bad(rep("1.", '0', 79, ""), 81, "more than 78 digits after the decimal point");
    parse_bad(rep("-0.", '0', 79, "1"), 83, "more than 78 digits after the decimal point");

    /* refused syntax */
    parse_bad("", 0, "empty string");
    parse_bad("+3", 2, "a leading \"+\" is not accepted");
    parse_bad(".5", 2, "a digit is needed before the decimal point");
    parse_bad("-.5", 3, "a digit is needed before the decimal point");
    parse_bad(".", 1, "a digit is needed before the decimal point");
    parse_bad("1.", 2, "a digit is needed after the decimal point");
    parse_bad("-1.", 3, "a digit is needed after the decimal point");
    parse_bad("-", 1, "no digits");
    parse_bad("1e5", 3, "exponents are not accepted");
    parse_bad("1E5", 3, "exponents are not accepted");
    parse_bad("1.5e3", 5, "exponents are not accepted");
    parse_bad("e5", 2, "unexpected character 'e' at offset 0");
    parse_bad(" 1", 2, "spaces are not accepted");
    parse_bad("1 ", 2, "spaces are not accepted");
    parse_bad("1\t", 2, "spaces are not accepted");
    parse_bad("1\n", 2, "spaces are not accepted");
    parse_bad("- 1", 3, "spaces are not accepted");
    parse_bad("1.2.3", 5, "more than one decimal point");
    parse_bad("1..2", 4, "a digit is needed after the decimal point");
    parse_bad("0x10", 4, "unexpected character 'x' at offset 1");
    parse_bad("--1", 3, "unexpected character '-' at offset 1");
    parse_bad("-+1", 3, "unexpected character '+' at offset 1");
    parse_bad("inf", 3, "unexpected character 'i' at offset 0");
    parse_bad("nan", 3, "unexpected character 'n' at offset 0");
    parse_bad("1,5", 3, "unexpected character ',' at offset 1");
    parse_bad("1_000", 5, "unexpected character '_' at offset 1");
    parse_bad("1\0", 2, "unexpected byte 0x00 at offset 1");
    parse_bad("\xff", 1, "unexpected byte 0xff at offset 0");
    parse_bad("\xd9\xa3", 2, "unexpected byte 0xd9 at offset 0"); /* ARABIC-INDIC DIGIT THREE */
    /* the length is respected: no NUL needed, nothing read beyond it */
    bigdec d;
    CHECK(bigdec_parse(&d, "12345", 3, NULL) == 0);
    CHECK_STR(S(&d), "123");
    CHECK(bigdec_parse(&d, "1.5x", 3, NULL) == 0);
    CHECK_STR(S(&d), "1.5");
    /* a NULL err is allowed */
    CHECK(bigdec_parse(&d, "x", 1, NULL) == -1);
    /* zero-initialised is zero */
    bigdec z = {0};
    CHECK_STR(S(&z), "0");
    CHECK(bigdec_is_zero(&z));
}

static void test_from_i64_and_to_string(void)
{
    bigdec d;
    bigdec_from_i64(&d, INT64_MIN);
    CHECK_STR(S(&d), "-9223372036854775808");
    bigdec_from_i64(&d, INT64_MAX);
    CHECK_STR(S(&d), "9223372036854775807");
    bigdec_from_i64(&d, 0);
    CHECK_STR(S(&d), "0");
    CHECK(bigdec_sign(&d) == 0);
    bigdec_from_i64(&d, -1);
    CHECK_STR(S(&d), "-1");
    bigdec_from_i64(&d, 1000000000);
    CHECK_STR(S(&d), "1000000000");
    bigdec_from_i64(&d, 1000000000000000000);
    CHECK_STR(S(&d), "1000000000000000000");
    bigdec x = P("1000000000");
    CHECK(bigdec_cmp(&d, &x) > 0);
    bigdec_from_i64(&d, 1000000000);
    CHECK(bigdec_cmp(&d, &x) == 0);
    CHECK(memcmp(&d, &x, sizeof d) == 0); /* canonical: same value, same fields */

    /* the capacity */
    char small[8];
    x = P("-1234.5");
    CHECK(bigdec_to_string(&x, small, 8) == 7);
    CHECK_STR(small, "-1234.5");
    CHECK(bigdec_to_string(&x, small, 7) == 0);
    CHECK_STR(small, "");
    CHECK(bigdec_to_string(&x, small, 0) == 0);
    x = P("0.001");
    CHECK(bigdec_to_string(&x, small, 6) == 5);
    CHECK_STR(small, "0.001");
    CHECK(bigdec_to_string(&x, small, 5) == 0);
}

static void test_add_sub(void)
{
    T("add", "1", "2", 0, NULL, "3");
    T("add", "0.1", "0.2", 0, NULL, "0.3");
    T("add", "-0.1", "0.1", 0, NULL, "0");
    T("add", "0.1", "-0.1", 0, NULL, "0");
    T("add", "-3", "5", 0, NULL, "2");
    T("add", "3", "-5", 0, NULL, "-2");
    T("add", "-3", "-5", 0, NULL, "-8");
    T("add", "0", "0", 0, NULL, "0");
    T("add", "-0", "-0", 0, NULL, "0");
    T("add", "0", "-7.25", 0, NULL, "-7.25");
    T("add", "1.25", "1.75", 0, NULL, "3");         /* trailing zeros dropped */
    T("add", "999999999.999999999", "0.000000001", 0, NULL, "1000000000"); /* carry across limbs */
    T("add", "999999999999999999", "1", 0, NULL, "1000000000000000000");
    T("add", "0.999999999999999999", "0.000000000000000001", 0, NULL, "1");
    T("add", "12345678901234567890.123456789", "-0.123456789000000000001", 0, NULL,
      "12345678901234567889.999999999999999999999");
    T("sub", "1000000000", "0.000000001", 0, NULL, "999999999.999999999"); /* borrow across limbs */
    T("sub", "1000000000000000000", "1", 0, NULL, "999999999999999999");
    T("sub", "1", "1.000", 0, NULL, "0");
    T("sub", "-5", "-5", 0, NULL, "0");
    T("sub", "-5", "3", 0, NULL, "-8");
    T("sub", "3", "5", 0, NULL, "-2");
    T("sub", "5", "-3", 0, NULL, "8");
    T("sub", "0", "0.5", 0, NULL, "-0.5");
    T("sub", "0", "-0.5", 0, NULL, "0.5");
    T("sub", "0.3", "0.1", 0, NULL, "0.2");
    T("sub", "1", rep("0.", '0', 77, "1"), 0, NULL, rep("0.", '9', 78, ""));

    /* the integer limit */
    const char *n78 = rep("", '9', 78, "");
    const char *m78 = rep("-", '9', 78, "");
    TERR("add", n78, "1", 0, NULL, "result too large: more than 78 digits before the decimal point");
    T("add", n78, rep("0.", '0', 77, "1"), 0, NULL, rep(rep("", '9', 78, "."), '0', 77, "1"));
    TERR("add", rep(rep("", '9', 78, "."), '9', 78, ""), rep("0.", '0', 77, "1"), 0, NULL, "too large");
    TERR("sub", m78, "1", 0, NULL, "too large");
    TERR("sub", n78, m78, 0, NULL, "too large");
    TERR("add", m78, m78, 0, NULL, "too large");
    T("add", n78, "-1", 0, NULL, rep("", '9', 77, "8"));
    T("sub", n78, n78, 0, NULL, "0");
    T("add", rep(rep("", '9', 78, "."), '9', 78, ""), rep(rep("-", '9', 78, "."), '9', 78, ""), 0, NULL, "0");
    T("add", rep("", '9', 77, ""), "1", 0, NULL, rep("1", '0', 77, ""));
}

static void test_mul(void)
{
    T("mul", "-2", "3", BIGDEC_EXACT, NULL, "-6");
    T("mul", "-2", "-3", BIGDEC_EXACT, NULL, "6");
    T("mul", "2", "-3", BIGDEC_EXACT, NULL, "-6");
    T("mul", "0", "-5", BIGDEC_EXACT, NULL, "0");
    T("mul", "-0.5", "0", BIGDEC_EXACT, NULL, "0");
    T("mul", "1.5", "1.5", BIGDEC_EXACT, NULL, "2.25");
    T("mul", "2.5", "0.4", BIGDEC_EXACT, NULL, "1");
    T("mul", "0.1", "0.1", BIGDEC_EXACT, NULL, "0.01");
    T("mul", "123456789.123456789", "987654321.987654321", BIGDEC_EXACT, NULL,
      "121932631356500531.347203169112635269");
    T("mul", "-99999999999999999999.99999999999999999999", "99999999999999999999.99999999999999999999",
      BIGDEC_EXACT, NULL,
      "-9999999999999999999999999999999999999998.0000000000000000000000000000000000000001");
    T("mul", "999999999", "999999999", BIGDEC_EXACT, NULL, "999999998000000001");

    /* integer limit: 10^38 * 10^39 = 10^77 fits, 10^39 * 10^39 = 10^78 does not */
    T("mul", rep("1", '0', 38, ""), rep("1", '0', 39, ""), BIGDEC_EXACT, NULL, rep("1", '0', 77, ""));
    TERR("mul", rep("1", '0', 39, ""), rep("1", '0', 39, ""), BIGDEC_EXACT, NULL, "too large");
    TERR("mul", rep("-1", '0', 39, ""), rep("1", '0', 39, ""), 2, "up", "too large");
    TERR("mul", rep("", '9', 78, ""), rep("", '9', 78, ""), BIGDEC_EXACT, NULL, "too large");
    /* rounding up reaches 10^78 */
    TERR("mul", rep("", '9', 78, ".5"), "1", 0, "half_up", "too large");
    TERR("mul", rep("", '9', 78, ".5"), "1", 0, "half_even", "too large"); /* 99..9 is odd */
    T("mul", rep("", '9', 77, "8.5"), "1", 0, "half_even", rep("", '9', 77, "8"));

    /* fraction limit: the exact product must fit unless places are given */
    const char *tiny = rep("0.", '0', 39, "1"); /* 10^-40 */
    TERR("mul", tiny, tiny, BIGDEC_EXACT, NULL,
         "result has more than 78 digits after the decimal point; give places and a rounding mode");
    T("mul", tiny, tiny, 78, "down", "0");
    T("mul", tiny, tiny, 78, "half_up", "0");
    T("mul", tiny, tiny, 78, "up", rep("0.", '0', 77, "1"));
    T("mul", tiny, rep("-0.", '0', 39, "1"), 78, "floor", rep("-0.", '0', 77, "1"));
    T("mul", rep("0.", '0', 37, "1"), tiny, BIGDEC_EXACT, NULL, rep("0.", '0', 77, "1")); /* 10^-78 */
    /* trailing zeros are dropped before the limit applies: 5e-78 * 0.2 = 1e-78 */
    T("mul", rep("0.", '0', 77, "5"), "0.2", BIGDEC_EXACT, NULL, rep("0.", '0', 77, "1"));
    T("mul", rep("0.", '0', 77, "5"), "0.3", 78, "half_even", rep("0.", '0', 77, "2")); /* 1.5e-78 */
    T("mul", rep("0.", '0', 77, "5"), "0.5", 78, "half_even", rep("0.", '0', 77, "2")); /* 2.5e-78 */
    T("mul", rep("0.", '0', 77, "5"), "0.5", 78, "half_up", rep("0.", '0', 77, "3"));
    /* places given but not needed: exact */
    T("mul", "1.5", "1.5", 5, "up", "2.25");
    T("mul", "1.25", "1", 1, "half_even", "1.2");
    T("mul", "1.25", "1", 1, "half_up", "1.3");
    T("mul", "-1.25", "1", 1, "floor", "-1.3");
    T("mul", "-1.25", "1", 1, "ceil", "-1.2");
    T("mul", "0.333", "3", 2, "down", "0.99");
    T("mul", "0.333", "3", 2, "up", "1");
    T("mul", "0.05", "0.5", 1, "half_even", "0");  /* 0.025 */
    T("mul", "0.05", "0.5", 2, "half_even", "0.02");
    T("mul", "0.05", "0.5", 2, "half_up", "0.03");

    /* refused arguments */
    TERR("mul", "1", "2", -2, "down", "places must be from 0 to 78, not -2");
    TERR("mul", "1", "2", 79, "down", "places must be from 0 to 78, not 79");
    bigdec a = P("1.5"), r;
    st_err e = {0};
    CHECK(bigdec_mul(&r, &a, &a, 1, (enum bigdec_rounding)99, &e) == -1);
    CHECK(strstr(e.msg, "unknown rounding mode 99") != NULL);
    /* the mode is ignored for an exact product */
    CHECK(bigdec_mul(&r, &a, &a, BIGDEC_EXACT, (enum bigdec_rounding)99, NULL) == 0);
    CHECK_STR(S(&r), "2.25");
}

static void test_div(void)
{
    T("div", "1", "3", 78, "down", rep("0.", '3', 78, ""));
    T("div", "2", "3", 78, "half_up", "0.666666666666666666666666666666666666666666666666666666666666666666666666666667");
    T("div", "2", "3", 78, "down", rep("0.", '6', 78, ""));
    T("div", "-2", "3", 78, "floor", rep("-0.", '6', 77, "7"));
    T("div", "-2", "3", 78, "ceil", rep("-0.", '6', 78, ""));
    T("div", "1", "7", 12, "down", "0.142857142857");
    T("div", "1", "7", 12, "up", "0.142857142858");
    T("div", rep("", '9', 78, ""), "7", 0, "down",
      "142857142857142857142857142857142857142857142857142857142857142857142857142857");
    T("div", rep("", '9', 78, ""), "7", 3, "down",
      "142857142857142857142857142857142857142857142857142857142857142857142857142857");
    T("div", "1", "0.0003", 2, "down", "3333.33");
    T("div", "1", "0.0003", 2, "ceil", "3333.34");
    T("div", "1", "0.0003", 2, "floor", "3333.33");
    T("div", "-1", "0.0003", 2, "floor", "-3333.34");
    T("div", "1", "-3", 2, "floor", "-0.34");
    T("div", "1", "-3", 2, "ceil", "-0.33");
    T("div", "-1", "-3", 2, "up", "0.34");
    T("div", "6", "3", 0, "up", "2");
    T("div", "6", "-3", 5, "up", "-2");
    T("div", "0", "5", 10, "up", "0");
    T("div", "0", "-5", 10, "floor", "0");
    T("div", "1.5", "0.5", 0, "down", "3");
    T("div", "0.000001", "1000000", 12, "down", "0.000000000001");
    T("div", "0.000001", "1000000", 11, "down", "0");
    T("div", "0.000001", "1000000", 11, "up", "0.00000000001");
    /* ties */
    T("div", "5", "2", 0, "half_even", "2");
    T("div", "7", "2", 0, "half_even", "4");
    T("div", "-5", "2", 0, "half_even", "-2");
    T("div", "-7", "2", 0, "half_even", "-4");
    T("div", "5", "2", 0, "half_up", "3");
    T("div", "-5", "2", 0, "half_up", "-3");
    T("div", "1", "8", 2, "half_even", "0.12");
    T("div", "1", "8", 2, "half_up", "0.13");
    T("div", "3", "8", 2, "half_even", "0.38");
    T("div", "-3", "8", 2, "half_even", "-0.38");
    T("div", "1", "2", 0, "half_even", "0");
    T("div", "-1", "2", 0, "half_up", "-1");
    T("div", "-1", "2", 0, "half_even", "0");
    /* just off a tie: the whole remainder counts */
    T("div", "1000001", "2000000", 0, "half_even", "1");    /* 0.5000005 */
    T("div", "999999", "2000000", 0, "half_up", "0");       /* 0.4999995 */
    T("div", rep("", '9', 40, ""), rep("2", '0', 40, ""), 0, "half_up", "0"); /* 0.4999...95 */
    T("div", rep("1", '0', 39, "1"), rep("2", '0', 40, ""), 0, "half_even", "1"); /* 0.5000...05 */

    /* limits */
    TERR("div", "1", "0", 2, "down", "division by zero");
    TERR("div", "0", "0", 2, "down", "division by zero");
    TERR("div", "1", "-0.000", 2, "down", "division by zero");
    TERR("div", rep("1", '0', 77, ""), "0.1", 0, "down", "too large");
    TERR("div", rep("1", '0', 77, ""), rep("0.", '0', 77, "1"), 0, "down", "too large");
    TERR("div", rep(rep("", '9', 78, "."), '9', 78, ""), rep("0.", '0', 77, "1"), 78, "down", "too large");
    TERR("div", rep("", '9', 78, ".5"), "1", 0, "half_up", "too large");
    TERR("div", rep("", '9', 78, ".1"), "1", 0, "up", "too large");
    T("div", rep("", '9', 78, ".1"), "1", 0, "half_up", rep("", '9', 78, ""));
    T("div", rep("", '9', 77, ""), "0.1", 0, "down", rep("", '9', 77, "0"));
    T("div", rep("0.", '0', 77, "1"), rep("", '9', 78, ""), 78, "up", rep("0.", '0', 77, "1"));
    T("div", rep("0.", '0', 77, "1"), rep("", '9', 78, ""), 78, "half_up", "0");
    T("div", rep(rep("", '9', 78, "."), '9', 78, ""), rep(rep("", '9', 78, "."), '9', 78, ""), 78, "down", "1");
    TERR("div", "1", "3", 79, "down", "places must be from 0 to 78, not 79");
    bigdec a = P("1"), r;
    st_err e = {0};
    CHECK(bigdec_div(&r, &a, &a, 1, (enum bigdec_rounding)6, &e) == -1);
    CHECK(strstr(e.msg, "unknown rounding mode 6") != NULL);
}

static void test_round(void)
{
    /*      x          places  down    up      floor   ceil    half_up half_even */
    round6("2.5", 0, "2", "3", "2", "3", "3", "2");
    round6("2.4", 0, "2", "3", "2", "3", "2", "2");
    round6("2.6", 0, "2", "3", "2", "3", "3", "3");
    round6("3.5", 0, "3", "4", "3", "4", "4", "4");
    round6("-2.5", 0, "-2", "-3", "-3", "-2", "-3", "-2");
    round6("-2.4", 0, "-2", "-3", "-3", "-2", "-2", "-2");
    round6("-2.6", 0, "-2", "-3", "-3", "-2", "-3", "-3");
    round6("-3.5", 0, "-3", "-4", "-4", "-3", "-4", "-4");
    round6("0.5", 0, "0", "1", "0", "1", "1", "0");
    round6("-0.5", 0, "0", "-1", "-1", "0", "-1", "0");
    round6("0.4", 0, "0", "1", "0", "1", "0", "0");
    round6("-0.4", 0, "0", "-1", "-1", "0", "0", "0");
    round6("1.0", 0, "1", "1", "1", "1", "1", "1");
    round6("7", 0, "7", "7", "7", "7", "7", "7");
    round6("-7", 0, "-7", "-7", "-7", "-7", "-7", "-7");
    round6("0", 0, "0", "0", "0", "0", "0", "0");
    round6("0", 78, "0", "0", "0", "0", "0", "0");
    round6("2.50001", 0, "2", "3", "2", "3", "3", "3");
    round6("2.49999", 0, "2", "3", "2", "3", "2", "2");
    round6("-2.50001", 0, "-2", "-3", "-3", "-2", "-3", "-3");
    round6("-2.49999", 0, "-2", "-3", "-3", "-2", "-2", "-2");
    round6("9.5", 0, "9", "10", "9", "10", "10", "10");
    round6("-9.5", 0, "-9", "-10", "-10", "-9", "-10", "-10");
    round6("999999999.5", 0, "999999999", "1000000000", "999999999", "1000000000", "1000000000", "1000000000");
    round6("0.05", 1, "0", "0.1", "0", "0.1", "0.1", "0");
    round6("0.15", 1, "0.1", "0.2", "0.1", "0.2", "0.2", "0.2");
    round6("0.25", 1, "0.2", "0.3", "0.2", "0.3", "0.3", "0.2");
    round6("-0.25", 1, "-0.2", "-0.3", "-0.3", "-0.2", "-0.3", "-0.2");
    round6("1.99999", 2, "1.99", "2", "1.99", "2", "2", "2");
    round6("-1.99999", 2, "-1.99", "-2", "-2", "-1.99", "-2", "-2");
    round6("0.0000001", 3, "0", "0.001", "0", "0.001", "0", "0");
    round6("-0.0000001", 3, "0", "-0.001", "-0.001", "0", "0", "0");
    round6("123.456", 5, "123.456", "123.456", "123.456", "123.456", "123.456", "123.456");
    round6("123.456", 3, "123.456", "123.456", "123.456", "123.456", "123.456", "123.456");
    round6("1.0000000005", 9, "1", "1.000000001", "1", "1.000000001", "1.000000001", "1");
    round6("1.0000000015", 9, "1.000000001", "1.000000002", "1.000000001", "1.000000002", "1.000000002", "1.000000002");
    round6("-1.0000000015", 9, "-1.000000001", "-1.000000002", "-1.000000002", "-1.000000001", "-1.000000002", "-1.000000002");
    /* ties far right: 5e-78 and 1.5e-77 */
    const char *t78 = rep("0.", '0', 77, "5");
    round6(t78, 77, "0", rep("0.", '0', 76, "1"), "0", rep("0.", '0', 76, "1"), rep("0.", '0', 76, "1"), "0");
    const char *t77 = rep("-0.", '0', 76, "15");
    const char *m1 = rep("-0.", '0', 76, "1"), *m2 = rep("-0.", '0', 76, "2");
    round6(t77, 77, m1, m2, m2, m1, m2, m2);
    /* all 78 + 78 digits */
    const char *big = rep(rep("", '9', 78, "."), '4', 78, "");
    const char *n78 = rep("", '9', 78, "");
    for (int i = 0; i < 6; i++)
        T("round", big, NULL, 78, MODES[i], big);
    T("round", big, NULL, 0, "half_up", n78);
    T("round", big, NULL, 0, "down", n78);
    TERR("round", big, NULL, 0, "up", "too large");
    T("round", big, NULL, 1, "ceil", rep("", '9', 78, ".5"));
    T("round", big, NULL, 1, "floor", rep("", '9', 78, ".4"));
    TERR("round", rep("-", '9', 78, ".01"), NULL, 0, "floor", "too large");
    T("round", rep("-", '9', 78, ".01"), NULL, 0, "ceil", rep("-", '9', 78, ""));
    TERR("round", "1.5", NULL, 79, "down", "places must be from 0 to 78, not 79");
    bigdec a = P("1.5"), r;
    st_err e = {0};
    CHECK(bigdec_round(&r, &a, 0, (enum bigdec_rounding)-1, &e) == -1);
    CHECK(strstr(e.msg, "unknown rounding mode -1") != NULL);
}

static void test_cmp_and_small(void)
{
    struct {
        const char *a, *b;
        int want;
    } c[] = {
        {"1.50", "1.5", 0},      {"-0", "0", 0},        {"-1", "1", -1},        {"1", "-1", 1},
        {"-2", "-1", -1},        {"-1", "-2", 1},       {"0.1", "0.09", 1},     {"10", "9.99", 1},
        {"-10", "-9.99", -1},    {"0", "-0.0001", 1},   {"0", "0.0001", -1},    {"1000000000", "999999999.999999999", 1},
        {"0.000000001", "0.0000000009", 1}, {"123", "123.000000000000000000001", -1},
    };
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
        bigdec a = P(c[i].a), b = P(c[i].b);
        CHECK(bigdec_cmp(&a, &b) == c[i].want);
        CHECK(bigdec_cmp(&b, &a) == -c[i].want);
    }
    bigdec x = P(rep("", '9', 78, "")), y = P(rep(rep("", '9', 78, "."), '9', 78, ""));
    CHECK(bigdec_cmp(&x, &y) == -1);
    bigdec_neg(&x, &x);
    bigdec_neg(&y, &y);
    CHECK(bigdec_cmp(&x, &y) == 1);

    bigdec a = P("-1.5"), r;
    bigdec_neg(&r, &a);
    CHECK_STR(S(&r), "1.5");
    bigdec_abs(&r, &a);
    CHECK_STR(S(&r), "1.5");
    bigdec_abs(&r, &r);
    CHECK_STR(S(&r), "1.5");
    bigdec_neg(&r, &r);
    CHECK_STR(S(&r), "-1.5");
    CHECK(bigdec_sign(&r) == -1);
    a = P("0");
    bigdec_neg(&r, &a);
    CHECK_STR(S(&r), "0");
    CHECK(bigdec_sign(&r) == 0 && r.neg == 0);
    CHECK(bigdec_is_zero(&r));
    a = P("0.0000001");
    CHECK(bigdec_sign(&a) == 1 && !bigdec_is_zero(&a));
    a = P(rep("", '0', 78, "")); /* many zeros */
    CHECK(bigdec_is_zero(&a) && bigdec_sign(&a) == 0);

    /* outputs may alias inputs */
    a = P("2.5");
    CHECK(bigdec_add(&a, &a, &a, NULL) == 0);
    CHECK_STR(S(&a), "5");
    CHECK(bigdec_mul(&a, &a, &a, BIGDEC_EXACT, BIGDEC_DOWN, NULL) == 0);
    CHECK_STR(S(&a), "25");
    CHECK(bigdec_sub(&a, &a, &a, NULL) == 0);
    CHECK_STR(S(&a), "0");
    a = P("7");
    CHECK(bigdec_div(&a, &a, &a, 3, BIGDEC_UP, NULL) == 0);
    CHECK_STR(S(&a), "1");
    a = P("2.55");
    CHECK(bigdec_round(&a, &a, 1, BIGDEC_HALF_EVEN, NULL) == 0);
    CHECK_STR(S(&a), "2.6");

    /* a failure leaves the output as it was */
    bigdec keep = P("42"), big = P(rep("", '9', 78, "")), one = P("1"), zero = {0}, tiny = P(rep("0.", '0', 77, "1"));
    CHECK(bigdec_add(&keep, &big, &one, NULL) == -1);
    CHECK(bigdec_sub(&keep, &zero, &big, NULL) == 0); /* fits: -99..9 */
    keep = P("42");
    CHECK(bigdec_div(&keep, &one, &zero, 2, BIGDEC_DOWN, NULL) == -1);
    CHECK(bigdec_div(&keep, &big, &tiny, 2, BIGDEC_DOWN, NULL) == -1);
    CHECK(bigdec_mul(&keep, &tiny, &tiny, BIGDEC_EXACT, BIGDEC_DOWN, NULL) == -1);
    CHECK(bigdec_mul(&keep, &big, &big, 3, BIGDEC_UP, NULL) == -1);
    CHECK(bigdec_round(&keep, &big, 79, BIGDEC_UP, NULL) == -1);
    CHECK(bigdec_parse(&keep, "1e5", 3, NULL) == -1);
    CHECK_STR(S(&keep), "42");

    /* rounding mode names */
    const char *names[] = {"down", "up", "floor", "ceil", "half_up", "half_even"};
    enum bigdec_rounding want[] = {BIGDEC_DOWN, BIGDEC_UP, BIGDEC_FLOOR, BIGDEC_CEIL, BIGDEC_HALF_UP, BIGDEC_HALF_EVEN};
    for (int i = 0; i < 6; i++) {
        enum bigdec_rounding m = (enum bigdec_rounding)77;
        CHECK(bigdec_rounding_parse(names[i], strlen(names[i]), &m) == 0 && m == want[i]);
        CHECK_STR(bigdec_rounding_name(want[i]), names[i]);
    }
    enum bigdec_rounding m;
    CHECK(bigdec_rounding_parse("HALF_EVEN", 9, &m) == -1);
    CHECK(bigdec_rounding_parse("half", 4, &m) == -1);
    CHECK(bigdec_rounding_parse("", 0, &m) == -1);
    CHECK(bigdec_rounding_parse("down\0", 5, &m) == -1);
    CHECK(bigdec_rounding_parse("half_evenx", 10, &m) == -1);
    CHECK(bigdec_rounding_parse("half_even", 4, &m) == -1); /* "half" */
    CHECK_STR(bigdec_rounding_name((enum bigdec_rounding)6), "?");
}

/* Divisions that take the rare "add back" step of Knuth's algorithm D (the estimated quotient
 * limb is one too large even after the two-limb correction). Random digits almost never get
 * there in base 10^9; these were found by a search over numbers made of runs of repeated
 * digits, and the quotients and remainders are Python's exact integer division. */
static void test_div_add_back(void)
{
    static const struct {
        const char *u, *v, *q, *r;
    } c[] = {
        {"5555555555555555555555555555555555555500055551111111111",
         "555555555555555555555559944444555555555", "9999999999999999",
         "555555511666665555555509999995666666666"},
        {"4444444499999999999999999999999000000001111111111111111999",
         "55555555555555555555555555555555555511111114", "80000000999999",
         "55555555555555554555559112222035555508223113"},
        {"9999999999999999999994444444444445559999",
         "99999999999999999999999111", "99999999999999",
         "99999994533344444445559110"},
        {"599999999999999999994444444999999999999999995555555",
         "5555555555555555555555444444444111111111115", "107999999",
         "5555555555550012000555480444444110686666670"},
        {"99999999999999999999944449999999999955555555",
         "5555555555555555555555599555111111", "17999999999",
         "5555555555499213563555601510666666"},
        {"1111115555555555555444444444445444444455559",
         "1111115555555555555555550000", "999999999999999",
         "1111004450000001000000005559"},
    };
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
        T("div", c[i].u, c[i].v, 0, "down", c[i].q);
        bigdec u = P(c[i].u), v = P(c[i].v), q, qv, r, back;
        CHECK(bigdec_div(&q, &u, &v, 0, BIGDEC_DOWN, NULL) == 0);
        CHECK(bigdec_mul(&qv, &q, &v, BIGDEC_EXACT, BIGDEC_DOWN, NULL) == 0);
        CHECK(bigdec_sub(&r, &u, &qv, NULL) == 0);
        CHECK_STR(S(&r), c[i].r);
        /* with fraction digits the same step happens on longer numbers */
        CHECK(bigdec_div(&back, &u, &v, 40, BIGDEC_DOWN, NULL) == 0);
        CHECK(bigdec_round(&back, &back, 0, BIGDEC_DOWN, NULL) == 0 && bigdec_cmp(&back, &q) == 0);
    }
}

/* ---- properties over random inputs ---- */

static uint64_t rng_state = 0x5eed5eed12345678ull;

static uint64_t rnd(void) /* splitmix64 */
{
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static unsigned rnd_below(unsigned n) { return (unsigned)(rnd() % n); }

/* A random decimal with at most max_int integer and max_frac fraction digits: lengths are
 * often short, sometimes at the maximum; digits are often mostly 0 or 9, or runs of repeats. */
static const char *rnd_dec(unsigned max_int, unsigned max_frac)
{
    char *b = buf();
    size_t o = 0;
    if (rnd() & 1)
        b[o++] = '-';
    unsigned ni, nf;
    switch (rnd_below(4)) {
    case 0: ni = 1 + rnd_below(3); nf = rnd_below(4); break;
    case 1: ni = max_int; nf = max_frac; break;
    default: ni = 1 + rnd_below(max_int); nf = rnd_below(max_frac + 1); break;
    }
    unsigned style = rnd_below(5);
    char run = '0';
    unsigned run_left = 0;
    for (unsigned i = 0; i < ni + nf; i++) {
        if (i == ni)
            b[o++] = '.';
        char d;
        if (style == 4) { /* runs of repeated digits: reach the rare steps of long division */
            if (run_left == 0) {
                run = "0999555114"[rnd_below(10)];
                run_left = 1 + rnd_below(12);
            }
            run_left--;
            d = run;
        } else if (style == 0)
            d = (rnd_below(3) == 0) ? (char)('0' + rnd_below(10)) : '0';
        else if (style == 1)
            d = (rnd_below(3) == 0) ? (char)('0' + rnd_below(10)) : '9';
        else
            d = (char)('0' + rnd_below(10));
        b[o++] = d;
    }
    b[o] = '\0';
    return b;
}

static int eq(const bigdec *a, const bigdec *b) { return bigdec_cmp(a, b) == 0; }

/* 10^-p */
static bigdec ulp(unsigned p)
{
    return P(p == 0 ? "1" : rep("0.", '0', (int)p - 1, "1"));
}

static void test_properties(void)
{
    int added = 0, divided = 0;
    for (int iter = 0; iter < 20000; iter++) {
        const char *sa = rnd_dec(78, 78), *sb = rnd_dec(78, 78);
        bigdec a = P(sa), b = P(sb), r, t, u;

        /* canonical text is a fixed point and parses back to the same fields */
        const char *ca = S(&a);
        bigdec a2 = P(ca);
        CHECK(memcmp(&a, &a2, sizeof a) == 0);
        CHECK_STR(S(&a2), ca);

        /* cmp: antisymmetric, reflexive, agrees with the sign of the difference */
        int c = bigdec_cmp(&a, &b);
        CHECK(bigdec_cmp(&b, &a) == -c);
        CHECK(bigdec_cmp(&a, &a) == 0);
        if (bigdec_sub(&r, &a, &b, NULL) == 0)
            CHECK(bigdec_sign(&r) == c);

        /* (a + b) - b == a, a + b == b + a, a - b == -(b - a) */
        if (bigdec_add(&r, &a, &b, NULL) == 0) {
            added++;
            CHECK(bigdec_sub(&t, &r, &b, NULL) == 0 && eq(&t, &a));
            CHECK(bigdec_add(&u, &b, &a, NULL) == 0 && eq(&u, &r));
        } else {
            /* refused only when the sum really is too large: both have the same sign and
             * |a| + |b| >= 10^78, i.e. |a| >= 10^78 - |b| */
            bigdec aa, ab, room;
            bigdec_abs(&aa, &a);
            bigdec_abs(&ab, &b);
            CHECK(bigdec_sign(&a) == bigdec_sign(&b));
            bigdec top = P(rep(rep("", '9', 78, "."), '9', 78, "")); /* 10^78 - 10^-78 */
            CHECK(bigdec_sub(&room, &top, &ab, NULL) == 0);
            CHECK(bigdec_cmp(&aa, &room) > 0);
        }
        if (bigdec_sub(&r, &a, &b, NULL) == 0) {
            CHECK(bigdec_sub(&t, &b, &a, NULL) == 0);
            bigdec_neg(&t, &t);
            CHECK(eq(&t, &r));
        }

        /* round through three code paths (shift, division by one, multiplication by one) */
        unsigned p = rnd_below(79);
        enum bigdec_rounding m = (enum bigdec_rounding)rnd_below(6);
        bigdec one = P("1"), r1, r2, r3;
        int k1 = bigdec_round(&r1, &a, p, m, NULL);
        int k2 = bigdec_div(&r2, &a, &one, p, m, NULL);
        int k3 = bigdec_mul(&r3, &a, &one, (int)p, m, NULL);
        CHECK(k1 == k2 && k2 == k3);
        if (k1 == 0) {
            CHECK(memcmp(&r1, &r2, sizeof r1) == 0 && memcmp(&r1, &r3, sizeof r1) == 0);
            CHECK(r1.scale <= p);
            /* idempotent */
            CHECK(bigdec_round(&t, &r1, p, m, NULL) == 0 && eq(&t, &r1));
        }
    }
    CHECK(added > 10000);

    for (int iter = 0; iter < 20000; iter++) {
        /* (a * b) / b == a: sizes such that the product is exact */
        const char *sa = rnd_dec(39, 39), *sb = rnd_dec(39, 39);
        bigdec a = P(sa), b = P(sb), prod, back, ba;
        if (bigdec_is_zero(&b))
            continue;
        if (bigdec_mul(&prod, &a, &b, BIGDEC_EXACT, BIGDEC_DOWN, NULL) != 0)
            continue; /* |a*b| >= 10^78 */
        CHECK(bigdec_mul(&ba, &b, &a, BIGDEC_EXACT, BIGDEC_DOWN, NULL) == 0 && memcmp(&ba, &prod, sizeof ba) == 0);
        enum bigdec_rounding m = (enum bigdec_rounding)rnd_below(6);
        CHECK(bigdec_div(&back, &prod, &b, 78, m, NULL) == 0);
        CHECK(memcmp(&back, &a, sizeof a) == 0);
        if (memcmp(&back, &a, sizeof a) != 0)
            fprintf(stderr, "  (%s * %s) / %s = %s\n", sa, sb, sb, S(&back));
        divided++;
    }
    CHECK(divided > 15000);

    /* division with a remainder: q = a / b cut to p places, r = a - q * b, checked against the
     * definition of each mode (sizes such that q * b is exact) */
    int checked = 0;
    for (int iter = 0; iter < 20000; iter++) {
        const char *sa = rnd_dec(20, 20), *sb = rnd_dec(20, 20);
        bigdec a = P(sa), b = P(sb), q, qb, r, step, absr, absb, half;
        if (bigdec_is_zero(&b))
            continue;
        unsigned p = rnd_below(21);
        CHECK(bigdec_div(&q, &a, &b, p, BIGDEC_DOWN, NULL) == 0);
        CHECK(bigdec_mul(&qb, &q, &b, BIGDEC_EXACT, BIGDEC_DOWN, NULL) == 0);
        CHECK(bigdec_sub(&r, &a, &qb, NULL) == 0);
        /* truncation: r has the sign of a (or is 0) and |r| < |b| * 10^-p */
        bigdec u = ulp(p);
        bigdec_abs(&absr, &r);
        bigdec_abs(&absb, &b);
        CHECK(bigdec_mul(&step, &absb, &u, BIGDEC_EXACT, BIGDEC_DOWN, NULL) == 0);
        CHECK(bigdec_cmp(&absr, &step) < 0);
        CHECK(bigdec_sign(&r) == 0 || bigdec_sign(&r) == bigdec_sign(&a));
        /* the other modes are q or q moved one unit away from zero */
        int qsign = bigdec_sign(&a) * bigdec_sign(&b); /* sign of the exact quotient */
        bigdec away = u;
        if (qsign < 0)
            bigdec_neg(&away, &u);
        bigdec q_away;
        CHECK(bigdec_add(&q_away, &q, &away, NULL) == 0);
        bigdec two = P("2"), twice;
        CHECK(bigdec_mul(&twice, &absr, &two, BIGDEC_EXACT, BIGDEC_DOWN, NULL) == 0);
        half = step;
        int hc = bigdec_cmp(&twice, &half); /* 2|r| vs |b| * 10^-p */
        int exact = bigdec_is_zero(&r);
        bigdec last; /* q's last digit parity at p places: q * 10^p mod 2 */
        bigdec scaled;
        bigdec pow = P(rep("1", '0', (int)p, ""));
        CHECK(bigdec_mul(&scaled, &q, &pow, BIGDEC_EXACT, BIGDEC_DOWN, NULL) == 0);
        CHECK(bigdec_div(&last, &scaled, &two, 0, BIGDEC_DOWN, NULL) == 0);
        bigdec twice_last;
        bigdec_mul(&twice_last, &last, &two, BIGDEC_EXACT, BIGDEC_DOWN, NULL);
        int odd = bigdec_cmp(&twice_last, &scaled) != 0;
        for (int mi = 0; mi < 6; mi++) {
            int go_away;
            switch (mi) {
            case BIGDEC_DOWN: go_away = 0; break;
            case BIGDEC_UP: go_away = !exact; break;
            case BIGDEC_FLOOR: go_away = !exact && qsign < 0; break;
            case BIGDEC_CEIL: go_away = !exact && qsign > 0; break;
            case BIGDEC_HALF_UP: go_away = !exact && hc >= 0; break;
            default: go_away = !exact && (hc > 0 || (hc == 0 && odd)); break;
            }
            bigdec got;
            CHECK(bigdec_div(&got, &a, &b, p, (enum bigdec_rounding)mi, NULL) == 0);
            CHECK(eq(&got, go_away ? &q_away : &q));
            if (!eq(&got, go_away ? &q_away : &q))
                fprintf(stderr, "  %s / %s, %u places, %s: got %s\n", sa, sb, p, MODES[mi], S(&got));
        }
        checked++;
    }
    CHECK(checked > 15000);
}

int main(void)
{
    test_parse();
    test_from_i64_and_to_string();
    test_add_sub();
    test_mul();
    test_div();
    test_div_add_back();
    test_round();
    test_cmp_and_small();
    test_properties();
    return check_summary();
}
