#include "util/decimal.h"

#include <stdio.h>
#include <string.h>

/* out = out * 10 + digit; returns -1 on overflow past 2^256 - 1. */
static int mul10_add(uint8_t out[32], unsigned digit)
{
    unsigned carry = digit;
    for (int i = 31; i >= 0; i--) {
        unsigned v = out[i] * 10u + carry;
        out[i] = (uint8_t)(v & 0xff);
        carry = v >> 8;
    }
    return carry ? -1 : 0;
}

/* units /= 10 in place; returns the remainder. */
static unsigned div10(uint8_t units[32])
{
    unsigned rem = 0;
    for (int i = 0; i < 32; i++) {
        unsigned v = (rem << 8) | units[i];
        units[i] = (uint8_t)(v / 10);
        rem = v % 10;
    }
    return rem;
}

static int is_zero(const uint8_t u[32])
{
    for (int i = 0; i < 32; i++)
        if (u[i])
            return 0;
    return 1;
}

int decimal_to_units(const char *s, unsigned decimals, uint8_t out[32], st_err *err)
{
    memset(out, 0, 32);
    if (decimals > 77)
        return st_err_set(err, "an asset cannot have %u decimals", decimals);
    const char *p = s;
    size_t int_digits = 0, frac_digits = 0;
    while (*p >= '0' && *p <= '9') {
        if (mul10_add(out, (unsigned)(*p - '0')) != 0)
            return st_err_set(err, "amount \"%.40s\" is too large", s);
        p++;
        int_digits++;
    }
    if (int_digits == 0)
        return st_err_set(err, "amount \"%.40s\" is not a decimal number (write digits, e.g. \"0.5\")", s);
    if (*p == '.') {
        p++;
        while (*p >= '0' && *p <= '9') {
            if (++frac_digits > decimals)
                return st_err_set(err, "amount \"%.40s\" has more than %u decimal places", s, decimals);
            if (mul10_add(out, (unsigned)(*p - '0')) != 0)
                return st_err_set(err, "amount \"%.40s\" is too large", s);
            p++;
        }
        if (frac_digits == 0)
            return st_err_set(err, "amount \"%.40s\" ends with a decimal point", s);
    }
    if (*p != '\0')
        return st_err_set(err, "amount \"%.40s\" is not a decimal number (digits and one \".\" only)", s);
    for (size_t i = frac_digits; i < decimals; i++)
        if (mul10_add(out, 0) != 0)
            return st_err_set(err, "amount \"%.40s\" is too large", s);
    return 0;
}

int units_to_u64(const uint8_t units[32], uint64_t *out)
{
    for (int i = 0; i < 24; i++)
        if (units[i])
            return -1;
    uint64_t v = 0;
    for (int i = 24; i < 32; i++)
        v = v << 8 | units[i];
    *out = v;
    return 0;
}

void units_from_u64(uint64_t v, uint8_t out[32])
{
    memset(out, 0, 32);
    for (int i = 31; i >= 24; i--, v >>= 8)
        out[i] = (uint8_t)(v & 0xff);
}

int decimal_to_u64(const char *s, unsigned decimals, uint64_t *out, st_err *err)
{
    uint8_t u[32];
    if (decimal_to_units(s, decimals, u, err) != 0)
        return -1;
    if (units_to_u64(u, out) != 0)
        return st_err_set(err, "amount \"%.40s\" is too large", s);
    return 0;
}

/* Writes the base-10 digits of units (most significant first) into buf; returns the count. */
static size_t digits_of(const uint8_t units[32], char buf[80])
{
    uint8_t u[32];
    memcpy(u, units, 32);
    char rev[80];
    size_t n = 0;
    do {
        rev[n++] = (char)('0' + div10(u));
    } while (!is_zero(u));
    for (size_t i = 0; i < n; i++)
        buf[i] = rev[n - 1 - i];
    buf[n] = '\0';
    return n;
}

void units_to_string(const uint8_t units[32], char *out, size_t cap)
{
    char buf[80];
    digits_of(units, buf);
    snprintf(out, cap, "%s", buf);
}

void units_to_decimal(const uint8_t units[32], unsigned decimals, char *out, size_t cap)
{
    char digits[80];
    size_t n = digits_of(units, digits);
    char text[DECIMAL_MAX_TEXT + 80];
    size_t o = 0;
    if (n <= decimals) {
        /* 0.<zeros><digits> */
        text[o++] = '0';
        text[o++] = '.';
        for (size_t i = n; i < decimals; i++)
            text[o++] = '0';
        memcpy(text + o, digits, n);
        o += n;
    } else {
        memcpy(text, digits, n - decimals);
        o = n - decimals;
        text[o++] = '.';
        memcpy(text + o, digits + n - decimals, decimals);
        o += decimals;
    }
    text[o] = '\0';
    /* Trim trailing zeros of the fraction and a bare point. */
    char *dot = strchr(text, '.');
    if (dot) {
        while (o > 0 && text[o - 1] == '0')
            text[--o] = '\0';
        if (text[o - 1] == '.')
            text[--o] = '\0';
    }
    snprintf(out, cap, "%s", text);
}

void u64_to_decimal(uint64_t v, unsigned decimals, char *out, size_t cap)
{
    uint8_t u[32];
    units_from_u64(v, u);
    units_to_decimal(u, decimals, out, cap);
}

int units_from_string(const char *base10, uint8_t out[32])
{
    memset(out, 0, 32);
    size_t n = strlen(base10);
    if (n == 0 || n > 78)
        return -1;
    for (size_t i = 0; i < n; i++) {
        if (base10[i] < '0' || base10[i] > '9' || mul10_add(out, (unsigned)(base10[i] - '0')) != 0)
            return -1;
    }
    return 0;
}

int units_add(uint8_t out[32], const uint8_t a[32], const uint8_t b[32])
{
    unsigned carry = 0;
    for (int i = 31; i >= 0; i--) {
        unsigned v = (unsigned)a[i] + b[i] + carry;
        out[i] = (uint8_t)(v & 0xff);
        carry = v >> 8;
    }
    return carry ? -1 : 0;
}

int units_sub(uint8_t out[32], const uint8_t a[32], const uint8_t b[32])
{
    int borrow = 0;
    for (int i = 31; i >= 0; i--) {
        int v = (int)a[i] - b[i] - borrow;
        borrow = v < 0;
        out[i] = (uint8_t)(v + (borrow ? 256 : 0));
    }
    return borrow ? -1 : 0;
}

int units_cmp(const uint8_t a[32], const uint8_t b[32])
{
    for (int i = 0; i < 32; i++)
        if (a[i] != b[i])
            return a[i] < b[i] ? -1 : 1;
    return 0;
}
