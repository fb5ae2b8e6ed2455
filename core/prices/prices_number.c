/* prices_number.c: price and timestamp text. Every price that leaves the module went through
 * price_normalize, so all sources hand out the same canonical, exact, positive decimal. */
#include <string.h>

#include "prices/prices_int.h"
#include "util/decimal.h"

#define MAX_INPUT 400    /* longer number text is refused before any work */
#define MAX_DIGITS 78    /* significant digits: uint256 has at most 78 */
#define MAX_EXPONENT 100

int prices_symbol_ok(const char *s)
{
    size_t n = 0;
    for (; s[n]; n++) {
        char c = s[n];
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-'))
            return 0;
        if (n >= PRICES_SYMBOL_MAX)
            return 0;
    }
    return n > 0;
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

int price_normalize(const char *s, size_t len, char *out, size_t cap, const char **why)
{
    if (len == 0) {
        *why = "is empty";
        return -1;
    }
    if (len > MAX_INPUT) {
        *why = "is too long";
        return -1;
    }
    size_t i = 0;
    int neg = s[0] == '-';
    if (neg)
        i++;
    /* D: the significant digits; point: how many of them precede the decimal point (may be
     * negative or exceed the count). Leading zeros are dropped as they are read. */
    char d[MAX_INPUT];
    size_t nd = 0;
    long point = 0;
    size_t start = i;
    for (; i < len && is_digit(s[i]); i++) {
        if (nd == 0 && s[i] == '0')
            continue;
        d[nd++] = s[i];
        point++;
    }
    if (i == start) {
        *why = "is not a decimal number";
        return -1;
    }
    if (i < len && s[i] == '.') {
        size_t fs = ++i;
        for (; i < len && is_digit(s[i]); i++) {
            if (nd == 0 && s[i] == '0') {
                point--;
                continue;
            }
            d[nd++] = s[i];
        }
        if (i == fs) {
            *why = "is not a decimal number";
            return -1;
        }
    }
    if (i < len && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        int eneg = 0;
        if (i < len && (s[i] == '+' || s[i] == '-'))
            eneg = s[i++] == '-';
        size_t es = i;
        long e = 0;
        for (; i < len && is_digit(s[i]); i++) {
            e = e * 10 + (s[i] - '0');
            if (e > MAX_EXPONENT) {
                *why = "has an exponent out of range";
                return -1;
            }
        }
        if (i == es) {
            *why = "is not a decimal number";
            return -1;
        }
        point += eneg ? -e : e;
    }
    if (i != len) {
        *why = "is not a decimal number";
        return -1;
    }
    while (nd > 0 && d[nd - 1] == '0')
        nd--;
    if (nd == 0) {
        *why = "is zero (a price must be positive)";
        return -1;
    }
    if (neg) {
        *why = "is negative";
        return -1;
    }
    if (nd > MAX_DIGITS) {
        *why = "has more than 78 significant digits";
        return -1;
    }
    /* Lay the digits out around the point. */
    char t[MAX_INPUT + 2 * MAX_EXPONENT + 8];
    size_t n = 0, frac = 0;
    if (point <= 0) {
        t[n++] = '0';
        t[n++] = '.';
        for (long z = point; z < 0; z++)
            t[n++] = '0';
        memcpy(t + n, d, nd);
        n += nd;
        frac = (size_t)(-point) + nd;
    } else if ((size_t)point >= nd) {
        memcpy(t + n, d, nd);
        n += nd;
        for (size_t z = nd; z < (size_t)point; z++)
            t[n++] = '0';
    } else {
        memcpy(t + n, d, (size_t)point);
        n += (size_t)point;
        t[n++] = '.';
        memcpy(t + n, d + point, nd - (size_t)point);
        n += nd - (size_t)point;
        frac = nd - (size_t)point;
    }
    t[n] = '\0';
    /* Exact as a uint256 with its own fraction digits, like every amount in steward. That
     * integer has max(nd, point) digits; up to 77 always fit (2^256 > 10^77), so only a
     * 78-digit one needs the exact check. */
    size_t int_digits = point > 0 && (size_t)point > nd ? (size_t)point : nd;
    uint8_t units[32];
    if (frac > 77 || n >= PRICES_TEXT_MAX ||
        (int_digits > 77 && decimal_to_units(t, (unsigned)frac, units, NULL) != 0)) {
        *why = "is too large or has too many fraction digits";
        return -1;
    }
    if (n + 1 > cap) {
        *why = "does not fit the output buffer";
        return -1;
    }
    memcpy(out, t, n + 1);
    return 0;
}

int price_timestamp_parse(const char *s, size_t len, int64_t *ms, const char **why)
{
    if (len == 0) {
        *why = "is empty";
        return -1;
    }
    if (s[0] == '-') {
        *why = "is negative";
        return -1;
    }
    /* ISO-8601 text has a '-' after the year. */
    if (memchr(s, '-', len) != NULL || memchr(s, 'T', len) != NULL) {
        if (prices_time_parse(s, len, ms) != 0) {
            *why = "is not ISO-8601 UTC time (such as 2025-01-01T00:00:00Z)";
            return -1;
        }
        return 0;
    }
    size_t i = 0;
    int64_t v = 0;
    for (; i < len && is_digit(s[i]); i++) {
        if (i >= 15) {
            *why = "is out of range";
            return -1;
        }
        v = v * 10 + (s[i] - '0');
    }
    if (i == 0) {
        *why = "is not a number of seconds or milliseconds";
        return -1;
    }
    int64_t frac_ms = 0;
    if (i < len && s[i] == '.') {
        size_t fs = ++i;
        for (; i < len && is_digit(s[i]); i++)
            if (i - fs < 3)
                frac_ms += (s[i] - '0') * (i - fs == 0 ? 100 : i - fs == 1 ? 10 : 1);
        if (i == fs) {
            *why = "is not a number of seconds or milliseconds";
            return -1;
        }
    }
    if (i != len) {
        *why = "is not a number of seconds or milliseconds";
        return -1;
    }
    /* Below 10^11 it is seconds (10^11 s is the year 5138); from there on milliseconds
     * (10^11 ms is 1973-03-03), so every plausible time has one reading. */
    *ms = v < 100000000000LL ? v * 1000 + frac_ms : v;
    return 0;
}
