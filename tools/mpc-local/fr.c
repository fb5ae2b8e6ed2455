/* fr.c: Fr = Z/rZ for BLS12-381 (see fr.h). Schoolbook 4x4-limb products, bitwise reduction. */
#include "fr.h"

#include <string.h>

typedef unsigned __int128 u128;

/* r, little-endian limbs. */
static const uint64_t R[4] = {0xffffffff00000001ull, 0x53bda402fffe5bfeull, 0x3339d80809a1d805ull,
                              0x73eda753299d7d48ull};
/* r - 2, the Fermat exponent (public). */
static const uint64_t R_MINUS_2[4] = {0xfffffffeffffffffull, 0x53bda402fffe5bfeull, 0x3339d80809a1d805ull,
                                      0x73eda753299d7d48ull};

/* out = a - b (4 limbs); returns the borrow (0 or 1). */
static uint64_t sub4(uint64_t out[4], const uint64_t a[4], const uint64_t b[4])
{
    uint64_t borrow = 0;
    for (int i = 0; i < 4; i++) {
        u128 d = (u128)a[i] - b[i] - borrow;
        out[i] = (uint64_t)d;
        borrow = (uint64_t)(d >> 64) & 1;
    }
    return borrow;
}

/* a = a - r when a >= r (a < 2r, with `carry` a fifth bit of a), without a branch. */
static void reduce_once(uint64_t a[4], uint64_t carry)
{
    uint64_t t[4];
    uint64_t borrow = sub4(t, a, R);
    /* keep t when carry is set or there was no borrow */
    uint64_t use_t = carry | (borrow ^ 1);
    uint64_t mask = (uint64_t)0 - use_t;
    for (int i = 0; i < 4; i++)
        a[i] = (t[i] & mask) | (a[i] & ~mask);
}

/* acc = (big-endian bit string of nbits bits held in little-endian limbs w) mod r. */
static void reduce_bits(uint64_t acc[4], const uint64_t *w, int nlimbs)
{
    memset(acc, 0, 4 * sizeof acc[0]);
    for (int i = nlimbs * 64 - 1; i >= 0; i--) {
        uint64_t bit = (w[i / 64] >> (i % 64)) & 1;
        /* acc < r < 2^255, so 2*acc + 1 < 2r < 2^256: no carry out of the top limb. */
        uint64_t carry = acc[3] >> 63;
        acc[3] = acc[3] << 1 | acc[2] >> 63;
        acc[2] = acc[2] << 1 | acc[1] >> 63;
        acc[1] = acc[1] << 1 | acc[0] >> 63;
        acc[0] = acc[0] << 1 | bit;
        reduce_once(acc, carry);
    }
}

void fr_zero(fr *r)
{
    memset(r, 0, sizeof *r);
}

void fr_from_u64(fr *r, uint64_t v)
{
    fr_zero(r);
    r->l[0] = v; /* < 2^64 < r */
}

void fr_add(fr *r, const fr *a, const fr *b)
{
    uint64_t s[4], carry = 0;
    for (int i = 0; i < 4; i++) {
        u128 t = (u128)a->l[i] + b->l[i] + carry;
        s[i] = (uint64_t)t;
        carry = (uint64_t)(t >> 64);
    }
    reduce_once(s, carry);
    memcpy(r->l, s, sizeof s);
}

void fr_sub(fr *r, const fr *a, const fr *b)
{
    uint64_t d[4];
    uint64_t borrow = sub4(d, a->l, b->l);
    /* add r back when the subtraction borrowed */
    uint64_t mask = (uint64_t)0 - borrow, carry = 0;
    for (int i = 0; i < 4; i++) {
        u128 t = (u128)d[i] + (R[i] & mask) + carry;
        d[i] = (uint64_t)t;
        carry = (uint64_t)(t >> 64);
    }
    memcpy(r->l, d, sizeof d);
}

void fr_mul(fr *r, const fr *a, const fr *b)
{
    uint64_t w[8] = {0};
    for (int i = 0; i < 4; i++) {
        uint64_t carry = 0;
        for (int j = 0; j < 4; j++) {
            u128 t = (u128)a->l[i] * b->l[j] + w[i + j] + carry;
            w[i + j] = (uint64_t)t;
            carry = (uint64_t)(t >> 64);
        }
        w[i + 4] = carry;
    }
    uint64_t acc[4];
    reduce_bits(acc, w, 8);
    memcpy(r->l, acc, sizeof acc);
    explicit_bzero(w, sizeof w);
    explicit_bzero(acc, sizeof acc);
}

void fr_inv(fr *r, const fr *a)
{
    fr acc, base = *a;
    fr_from_u64(&acc, 1);
    /* Square-and-multiply over the public exponent r-2, top bit first; every step does the
     * multiplication and keeps it or not with a mask decided by the (public) exponent bit. */
    for (int i = 255; i >= 0; i--) {
        fr_mul(&acc, &acc, &acc);
        fr t;
        fr_mul(&t, &acc, &base);
        uint64_t mask = (uint64_t)0 - ((R_MINUS_2[i / 64] >> (i % 64)) & 1);
        for (int k = 0; k < 4; k++)
            acc.l[k] = (t.l[k] & mask) | (acc.l[k] & ~mask);
    }
    *r = acc;
    fr_wipe(&base);
}

int fr_is_zero(const fr *a)
{
    uint64_t x = a->l[0] | a->l[1] | a->l[2] | a->l[3];
    return (int)(((x | (0 - x)) >> 63) ^ 1);
}

int fr_eq(const fr *a, const fr *b)
{
    uint64_t x = 0;
    for (int i = 0; i < 4; i++)
        x |= a->l[i] ^ b->l[i];
    return (int)(((x | (0 - x)) >> 63) ^ 1);
}

void fr_to_bytes(uint8_t out[FR_BYTES], const fr *a)
{
    for (int i = 0; i < 32; i++)
        out[31 - i] = (uint8_t)(a->l[i / 8] >> (8 * (i % 8)));
}

int fr_from_bytes(fr *r, const uint8_t in[FR_BYTES])
{
    uint64_t l[4] = {0}, t[4];
    for (int i = 0; i < 32; i++)
        l[i / 8] |= (uint64_t)in[31 - i] << (8 * (i % 8));
    if (sub4(t, l, R) == 0) /* l >= r */
        return -1;
    memcpy(r->l, l, sizeof l);
    return 0;
}

void fr_from_bytes_wide(fr *r, const uint8_t *in, size_t len)
{
    uint64_t w[8] = {0};
    if (len > 64)
        len = 64;
    for (size_t i = 0; i < len; i++)
        w[i / 8] |= (uint64_t)in[len - 1 - i] << (8 * (i % 8));
    uint64_t acc[4];
    reduce_bits(acc, w, 8);
    memcpy(r->l, acc, sizeof acc);
    explicit_bzero(w, sizeof w);
    explicit_bzero(acc, sizeof acc);
}

void fr_wipe(fr *a)
{
    explicit_bzero(a, sizeof *a);
}

int fr_lagrange0(fr *out, const uint64_t *x, int k, int i)
{
    fr num, den, xi, xj, d;
    fr_from_u64(&num, 1);
    fr_from_u64(&den, 1);
    fr_from_u64(&xi, x[i]);
    if (x[i] == 0)
        return -1;
    for (int j = 0; j < k; j++) {
        if (j == i)
            continue;
        if (x[j] == x[i] || x[j] == 0)
            return -1;
        fr_from_u64(&xj, x[j]);
        fr_mul(&num, &num, &xj);
        fr_sub(&d, &xj, &xi);
        fr_mul(&den, &den, &d);
    }
    fr_inv(&den, &den);
    fr_mul(out, &num, &den);
    return 0;
}
