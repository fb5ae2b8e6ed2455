/* u256.c: see u256.h. */
#include "u256.h"

#include <string.h>

u256 u256_from_u64(uint64_t v)
{
    u256 r = {{v, 0, 0, 0}};
    return r;
}

u256 u256_from_be(const uint8_t be[32])
{
    u256 r;
    for (int limb = 0; limb < 4; limb++) {
        uint64_t v = 0;
        const uint8_t *p = be + 32 - 8 * (limb + 1);
        for (int i = 0; i < 8; i++)
            v = (v << 8) | p[i];
        r.w[limb] = v;
    }
    return r;
}

void u256_to_be(const u256 *a, uint8_t be[32])
{
    for (int limb = 0; limb < 4; limb++) {
        uint64_t v = a->w[limb];
        uint8_t *p = be + 32 - 8 * (limb + 1);
        for (int i = 7; i >= 0; i--) {
            p[i] = (uint8_t)v;
            v >>= 8;
        }
    }
}

int u256_is_zero(const u256 *a)
{
    return (a->w[0] | a->w[1] | a->w[2] | a->w[3]) == 0;
}

int u256_cmp(const u256 *a, const u256 *b)
{
    for (int i = 3; i >= 0; i--) {
        if (a->w[i] != b->w[i])
            return a->w[i] < b->w[i] ? -1 : 1;
    }
    return 0;
}

u256 u256_min(u256 a, u256 b)
{
    return u256_cmp(&a, &b) <= 0 ? a : b;
}

int u256_add(u256 *r, const u256 *a, const u256 *b)
{
    uint64_t carry = 0;
    u256 t;
    for (int i = 0; i < 4; i++) {
        uint64_t s = a->w[i] + carry;
        uint64_t c1 = s < carry;
        t.w[i] = s + b->w[i];
        carry = c1 + (t.w[i] < s);
    }
    *r = t;
    return carry ? -1 : 0;
}

int u256_sub(u256 *r, const u256 *a, const u256 *b)
{
    uint64_t borrow = 0;
    u256 t;
    for (int i = 0; i < 4; i++) {
        uint64_t d = a->w[i] - b->w[i];
        uint64_t b1 = a->w[i] < b->w[i];
        t.w[i] = d - borrow;
        borrow = b1 + (d < borrow);
    }
    *r = t;
    return borrow ? -1 : 0;
}

int u256_mul_u64(u256 *r, const u256 *a, uint64_t m)
{
    unsigned __int128 carry = 0;
    u256 t;
    for (int i = 0; i < 4; i++) {
        unsigned __int128 p = (unsigned __int128)a->w[i] * m + carry;
        t.w[i] = (uint64_t)p;
        carry = p >> 64;
    }
    *r = t;
    return carry ? -1 : 0;
}

int u256_div_u64(u256 *q, const u256 *a, uint64_t d, uint64_t *rem)
{
    if (d == 0)
        return -1;
    unsigned __int128 r = 0;
    u256 t;
    for (int i = 3; i >= 0; i--) {
        unsigned __int128 cur = (r << 64) | a->w[i];
        t.w[i] = (uint64_t)(cur / d);
        r = cur % d;
    }
    *q = t;
    if (rem)
        *rem = (uint64_t)r;
    return 0;
}

int u256_to_u64(const u256 *a, uint64_t *out)
{
    if (a->w[1] | a->w[2] | a->w[3])
        return -1;
    *out = a->w[0];
    return 0;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

int u256_from_hex(const char *s, size_t n, u256 *out)
{
    if (n == 0 || n > 64)
        return -1;
    u256 r = {{0, 0, 0, 0}};
    for (size_t i = 0; i < n; i++) {
        int v = hexval(s[i]);
        if (v < 0)
            return -1;
        /* r = r * 16 + v; cannot overflow with at most 64 digits. */
        for (int k = 3; k > 0; k--)
            r.w[k] = (r.w[k] << 4) | (r.w[k - 1] >> 60);
        r.w[0] = (r.w[0] << 4) | (uint64_t)v;
    }
    *out = r;
    return 0;
}

void u256_to_quantity(const u256 *a, char out[U256_QUANTITY_BUFSZ])
{
    static const char digits[] = "0123456789abcdef";
    uint8_t be[32];
    u256_to_be(a, be);
    char *p = out;
    *p++ = '0';
    *p++ = 'x';
    int started = 0;
    for (int i = 0; i < 64; i++) {
        int nib = (i % 2 == 0) ? be[i / 2] >> 4 : be[i / 2] & 15;
        if (nib == 0 && !started)
            continue;
        started = 1;
        *p++ = digits[nib];
    }
    if (!started)
        *p++ = '0';
    *p = '\0';
}

size_t u256_to_be_minimal(const u256 *a, uint8_t out[32])
{
    uint8_t be[32];
    u256_to_be(a, be);
    size_t skip = 0;
    while (skip < 32 && be[skip] == 0)
        skip++;
    memcpy(out, be + skip, 32 - skip);
    return 32 - skip;
}
