/* prices_time.c: ISO-8601 UTC time text and durations in the configuration's syntax. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "prices/prices_int.h"

static int leap(long y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Leap days in the years 1..y (proleptic Gregorian). */
static long leaps_through(long y)
{
    return y / 4 - y / 100 + y / 400;
}

/* Days from 1970-01-01 to y-m-d (y >= 1970). */
static long days_since_epoch(long y, int m, int d)
{
    static const int before[12] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};
    long days = 365 * (y - 1970) + leaps_through(y - 1) - leaps_through(1969);
    days += before[m - 1] + (m > 2 && leap(y)) + (d - 1);
    return days;
}

/* n digits at s as a number, or -1 when one is not a digit. */
static long digits(const char *s, size_t n)
{
    long v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

int prices_time_parse(const char *s, size_t len, int64_t *ms)
{
    /* YYYY-MM-DDTHH:MM:SS is 19 bytes, then the fraction and the zone. */
    if (len < 20 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != ' ') || s[13] != ':' || s[16] != ':')
        return -1;
    long y = digits(s, 4), mo = digits(s + 5, 2), d = digits(s + 8, 2);
    long h = digits(s + 11, 2), mi = digits(s + 14, 2), sec = digits(s + 17, 2);
    if (y < 1970 || mo < 1 || mo > 12 || d < 1 || h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 59)
        return -1;
    static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (d > mdays[mo - 1] + (mo == 2 && leap(y)))
        return -1;
    size_t i = 19;
    long frac = 0;
    if (s[i] == '.') {
        size_t fs = ++i;
        while (i < len && s[i] >= '0' && s[i] <= '9' && i - fs < 3)
            frac = frac * 10 + (s[i++] - '0');
        if (i == fs)
            return -1;
        for (size_t k = i - fs; k < 3; k++)
            frac *= 10;
    }
    if (!((len - i == 1 && s[i] == 'Z') || (len - i == 6 && memcmp(s + i, "+00:00", 6) == 0)))
        return -1;
    int64_t days = days_since_epoch(y, (int)mo, (int)d);
    *ms = ((days * 24 + h) * 60 + mi) * 60000 + sec * 1000 + frac;
    return 0;
}

void prices_time_format(int64_t ms, char *out, size_t cap)
{
    /* 253402300800000 ms is 10000-01-01T00:00:00Z. */
    if (ms < 0 || ms >= 253402300800000LL) {
        snprintf(out, cap, "@%lldms", (long long)ms);
        return;
    }
    time_t t = (time_t)(ms / 1000);
    struct tm tm;
    gmtime_r(&t, &tm);
    if (ms % 1000)
        snprintf(out, cap, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                 tm.tm_hour, tm.tm_min, tm.tm_sec, (int)(ms % 1000));
    else
        snprintf(out, cap, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                 tm.tm_min, tm.tm_sec);
}

void prices_duration_format(uint64_t ms, char *out, size_t cap)
{
    static const struct {
        const char *unit;
        uint64_t ms;
    } units[] = {{"d", 86400000u}, {"h", 3600000u}, {"m", 60000u}, {"s", 1000u}, {"ms", 1u}};
    if (cap == 0)
        return;
    out[0] = '\0';
    if (ms == 0) {
        snprintf(out, cap, "0s");
        return;
    }
    size_t n = 0;
    for (size_t i = 0; i < sizeof units / sizeof *units; i++) {
        uint64_t q = ms / units[i].ms;
        if (q == 0)
            continue;
        ms -= q * units[i].ms;
        int w = snprintf(out + n, cap - n, "%llu%s", (unsigned long long)q, units[i].unit);
        if (w < 0 || (size_t)w >= cap - n)
            return;
        n += (size_t)w;
    }
}
