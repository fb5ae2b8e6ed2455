#include "config/cron.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

static const struct {
    const char *name;
    unsigned min, max;
} fields[5] = {{"minute", 0, 59}, {"hour", 0, 23}, {"day of month", 1, 31}, {"month", 1, 12}, {"day of week", 0, 7}};

/* Reads a decimal number of at most 4 digits at *p. */
static int number(const char **p, unsigned *out)
{
    const char *s = *p;
    unsigned v = 0;
    size_t n = 0;
    while (*s >= '0' && *s <= '9') {
        if (++n > 4)
            return -1;
        v = v * 10 + (unsigned)(*s++ - '0');
    }
    if (n == 0)
        return -1;
    *p = s;
    *out = v;
    return 0;
}

/* One comma-separated item of field f, text [s, end). When bits is not NULL, the values the
 * item selects are OR'ed into it (bit v for value v). */
static int item(size_t f, const char *s, const char *end, uint64_t *bits, char *why, size_t cap)
{
    unsigned step = 1;
    const char *name = fields[f].name;
    unsigned lo = fields[f].min, hi = fields[f].max, a, b;
    const char *p = s;
    int ranged = 0;
    if (p < end && *p == '*') {
        p++;
        a = lo, b = hi, ranged = 1;
    } else {
        if (p >= end || number(&p, &a) != 0) {
            if (p < end && ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
                snprintf(why, cap, "%s field: names are not supported, use numbers", name);
            else
                snprintf(why, cap, "%s field: expected *, a number or a range", name);
            return -1;
        }
        b = a;
        if (p < end && *p == '-') {
            p++;
            if (number(&p, &b) != 0) {
                snprintf(why, cap, "%s field: a range needs an end, like 1-5", name);
                return -1;
            }
            ranged = 1;
        }
        if (a < lo || a > hi || b < lo || b > hi) {
            snprintf(why, cap, "%s field: %u is out of range %u-%u", name, a < lo || a > hi ? a : b, lo, hi);
            return -1;
        }
        if (a > b) {
            snprintf(why, cap, "%s field: range %u-%u runs backwards", name, a, b);
            return -1;
        }
    }
    if (p < end && *p == '/') {
        p++;
        if (number(&p, &step) != 0 || step == 0) {
            snprintf(why, cap, "%s field: a step needs a number >= 1, like */5", name);
            return -1;
        }
        if (step > hi - lo + 1) {
            snprintf(why, cap, "%s field: step %u is larger than the field's range %u-%u", name, step, lo, hi);
            return -1;
        }
        if (!ranged)
            b = hi; /* N/S: from N to the maximum */
    }
    if (p != end) {
        snprintf(why, cap, "%s field: unexpected character '%c'", name, *p >= 0x20 && *p < 0x7F ? *p : '?');
        return -1;
    }
    if (bits != NULL)
        for (unsigned v = a; v <= b; v += step)
            *bits |= (uint64_t)1 << v;
    return 0;
}

/* Checks expr and, when spec is not NULL, fills it with the field sets. */
static int parse(const char *expr, struct cron_spec *spec, char *why, size_t cap)
{
    uint64_t bits[5] = {0, 0, 0, 0, 0};
    int star[5] = {0, 0, 0, 0, 0};
    const char *p = expr;
    size_t f = 0;
    while (*p) {
        while (*p == ' ' || *p == '\t')
            p++;
        if (*p == '\0')
            break;
        const char *start = p;
        while (*p && *p != ' ' && *p != '\t')
            p++;
        if (f < 5) {
            star[f] = *start == '*';
            /* Comma-separated items, none empty. */
            const char *s = start;
            for (;;) {
                const char *c = memchr(s, ',', (size_t)(p - s));
                const char *e = c ? c : p;
                if (e == s) {
                    snprintf(why, cap, "%s field: empty list item", fields[f].name);
                    return -1;
                }
                if (item(f, s, e, &bits[f], why, cap) != 0)
                    return -1;
                if (c == NULL)
                    break;
                s = c + 1;
            }
        }
        f++;
    }
    if (f != 5) {
        snprintf(why, cap, "expected 5 fields (minute hour day-of-month month day-of-week), got %zu", f);
        return -1;
    }
    if (spec != NULL) {
        spec->minute = bits[0];
        spec->hour = (uint32_t)bits[1];
        spec->dom = (uint32_t)bits[2];
        spec->month = (uint16_t)bits[3];
        /* 7 is Sunday, like 0. */
        spec->dow = (uint8_t)((bits[4] & 0x7F) | ((bits[4] >> 7) & 1));
        spec->dom_star = star[2];
        spec->dow_star = star[4];
    }
    return 0;
}

int cron_check(const char *expr, char *why, size_t cap)
{
    return parse(expr, NULL, why, cap);
}

int cron_parse(const char *expr, struct cron_spec *spec, char *why, size_t cap)
{
    memset(spec, 0, sizeof *spec);
    return parse(expr, spec, why, cap);
}
