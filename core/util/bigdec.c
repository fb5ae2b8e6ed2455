/* bigdec.c: exact signed decimal arithmetic. See bigdec.h.
 *
 * Coefficients are unsigned integers in base 10^9 (uint32_t limbs, least significant first).
 * Every operation widens its inputs into a `wide` of WL limbs, works there exactly, and ends
 * in finish(), which drops trailing fraction zeros and enforces the limits.
 *
 * Sizes: a stored coefficient is below 10^156 (78 + 78 digits). The largest intermediate is the
 * division's numerator, below 10^(156 + 156) (a coefficient times 10^(scale_b + places)), and
 * the product of two coefficients, below 10^312; WL = 36 limbs hold 324 digits. Every loop
 * runs over at most WL limbs or a bounded number of digits, so every call takes bounded time. */
#include "util/bigdec.h"

#include <string.h>

#define BASE 1000000000u
#define BASE_DIGITS 9
#define WL 36

typedef struct {
    uint32_t l[WL];
} wide;

static const uint32_t POW10[BASE_DIGITS + 1] = {
    1u, 10u, 100u, 1000u, 10000u, 100000u, 1000000u, 10000000u, 100000000u, 1000000000u,
};

/* ---- wide integers -------------------------------------------------------------------------- */

static void w_zero(wide *a) { memset(a, 0, sizeof *a); }

static void w_from_bd(wide *w, const bigdec *a)
{
    w_zero(w);
    memcpy(w->l, a->limb, sizeof a->limb);
}

static int w_is_zero(const wide *a)
{
    for (int i = 0; i < WL; i++)
        if (a->l[i])
            return 0;
    return 1;
}

/* Number of limbs up to the most significant nonzero one (0 for zero). */
static int w_len(const wide *a)
{
    int n = WL;
    while (n > 0 && a->l[n - 1] == 0)
        n--;
    return n;
}

static int w_cmp(const wide *a, const wide *b)
{
    for (int i = WL - 1; i >= 0; i--)
        if (a->l[i] != b->l[i])
            return a->l[i] < b->l[i] ? -1 : 1;
    return 0;
}

/* r = a + b; returns the carry out of the top limb (0 within this file's bounds). */
static uint32_t w_add(wide *r, const wide *a, const wide *b)
{
    uint32_t carry = 0;
    for (int i = 0; i < WL; i++) {
        uint32_t s = a->l[i] + b->l[i] + carry; /* < 2 * 10^9 + 1 < 2^32 */
        carry = s >= BASE;
        r->l[i] = carry ? s - BASE : s;
    }
    return carry;
}

/* r = a - b for a >= b. */
static void w_sub(wide *r, const wide *a, const wide *b)
{
    uint32_t borrow = 0;
    for (int i = 0; i < WL; i++) {
        uint32_t sub = b->l[i] + borrow;
        if (a->l[i] >= sub) {
            r->l[i] = a->l[i] - sub;
            borrow = 0;
        } else {
            r->l[i] = a->l[i] + BASE - sub;
            borrow = 1;
        }
    }
}

/* a = a * m + add with m <= 10^9, add < 10^9; returns nonzero on overflow past WL limbs. */
static int w_mul_small(wide *a, uint32_t m, uint32_t add)
{
    uint64_t carry = add;
    for (int i = 0; i < WL; i++) {
        uint64_t v = (uint64_t)a->l[i] * m + carry;
        a->l[i] = (uint32_t)(v % BASE);
        carry = v / BASE;
    }
    return carry != 0;
}

/* a = floor(a / d) for 0 < d <= 10^9; returns the remainder. */
static uint32_t w_div_small(wide *a, uint32_t d)
{
    uint64_t rem = 0;
    for (int i = WL - 1; i >= 0; i--) {
        uint64_t v = rem * BASE + a->l[i];
        a->l[i] = (uint32_t)(v / d);
        rem = v % d;
    }
    return (uint32_t)rem;
}

/* a = a * 10^k; returns nonzero on overflow (never within this file's bounds). */
static int w_mul_pow10(wide *a, unsigned k)
{
    unsigned limbs = k / BASE_DIGITS;
    if (limbs >= WL)
        return !w_is_zero(a);
    for (int i = WL - 1; i >= WL - (int)limbs; i--)
        if (a->l[i])
            return 1;
    if (limbs) {
        memmove(a->l + limbs, a->l, (WL - limbs) * sizeof a->l[0]);
        memset(a->l, 0, limbs * sizeof a->l[0]);
    }
    return w_mul_small(a, POW10[k % BASE_DIGITS], 0);
}

/* a = floor(a / 10^k). */
static void w_shr10(wide *a, unsigned k)
{
    unsigned limbs = k / BASE_DIGITS;
    if (limbs >= WL) {
        w_zero(a);
        return;
    }
    if (limbs) {
        memmove(a->l, a->l + limbs, (WL - limbs) * sizeof a->l[0]);
        memset(a->l + WL - limbs, 0, limbs * sizeof a->l[0]);
    }
    if (k % BASE_DIGITS)
        w_div_small(a, POW10[k % BASE_DIGITS]);
}

/* The decimal digit of weight 10^k (0 beyond the top). */
static unsigned w_digit(const wide *a, unsigned k)
{
    if (k / BASE_DIGITS >= WL)
        return 0;
    return a->l[k / BASE_DIGITS] / POW10[k % BASE_DIGITS] % 10u;
}

/* 1 when any digit of weight below 10^k is nonzero. */
static int w_low_nonzero(const wide *a, unsigned k)
{
    unsigned limbs = k / BASE_DIGITS;
    if (limbs >= WL)
        return !w_is_zero(a);
    for (unsigned i = 0; i < limbs; i++)
        if (a->l[i])
            return 1;
    return a->l[limbs] % POW10[k % BASE_DIGITS] != 0;
}

/* Number of decimal digits (0 for zero). */
static unsigned w_digits(const wide *a)
{
    int n = w_len(a);
    if (n == 0)
        return 0;
    unsigned d = (unsigned)(n - 1) * BASE_DIGITS;
    uint32_t top = a->l[n - 1];
    while (top) {
        d++;
        top /= 10;
    }
    return d;
}

/* Number of trailing zero digits of a nonzero a. */
static unsigned w_trailing_zeros(const wide *a)
{
    unsigned z = 0;
    int i = 0;
    while (i < WL && a->l[i] == 0) {
        z += BASE_DIGITS;
        i++;
    }
    if (i == WL)
        return z;
    uint32_t v = a->l[i];
    while (v % 10u == 0) {
        z++;
        v /= 10u;
    }
    return z;
}

/* r = a * b; returns nonzero on overflow past WL limbs. r must not alias a or b. */
static int w_mul(wide *r, const wide *a, const wide *b)
{
    int na = w_len(a), nb = w_len(b);
    w_zero(r);
    if (na == 0 || nb == 0)
        return 0;
    if (na + nb - 1 > WL)
        return 1;
    for (int i = 0; i < na; i++) {
        uint64_t carry = 0;
        for (int j = 0; j < nb; j++) {
            /* < 10^18 + 10^9 + 10^9 < 2^63 */
            uint64_t v = (uint64_t)a->l[i] * b->l[j] + r->l[i + j] + carry;
            r->l[i + j] = (uint32_t)(v % BASE);
            carry = v / BASE;
        }
        int k = i + nb;
        while (carry) {
            if (k >= WL)
                return 1;
            uint64_t v = (uint64_t)r->l[k] + carry;
            r->l[k] = (uint32_t)(v % BASE);
            carry = v / BASE;
            k++;
        }
    }
    return 0;
}

/* q = floor(u / v), rem = u mod v, for v != 0 (Knuth, TAOCP vol. 2, 4.3.1, algorithm D, in
 * base 10^9). q and rem must not alias u or v. */
static void w_divmod(wide *q, wide *rem, const wide *u, const wide *v)
{
    int n = w_len(v), m = w_len(u) - n;
    w_zero(q);
    w_zero(rem);
    if (m < 0) {
        *rem = *u;
        return;
    }
    if (n == 1) {
        *q = *u;
        rem->l[0] = w_div_small(q, v->l[0]);
        return;
    }
    /* D1: scale both so that the divisor's top limb is at least BASE / 2. */
    uint32_t f = BASE / (v->l[n - 1] + 1u);
    uint32_t un[WL + 1], vn[WL];
    uint64_t carry = 0;
    for (int i = 0; i < n; i++) {
        uint64_t x = (uint64_t)v->l[i] * f + carry;
        vn[i] = (uint32_t)(x % BASE);
        carry = x / BASE;
    }
    carry = 0;
    for (int i = 0; i < m + n; i++) {
        uint64_t x = (uint64_t)u->l[i] * f + carry;
        un[i] = (uint32_t)(x % BASE);
        carry = x / BASE;
    }
    un[m + n] = (uint32_t)carry;
    for (int j = m; j >= 0; j--) {
        /* D3: estimate the quotient limb from the top two limbs, then correct it (at most
         * twice) with the third. */
        uint64_t num = (uint64_t)un[j + n] * BASE + un[j + n - 1];
        uint64_t qhat = num / vn[n - 1], rhat = num % vn[n - 1];
        while (qhat >= BASE || qhat * vn[n - 2] > rhat * BASE + un[j + n - 2]) {
            qhat--;
            rhat += vn[n - 1];
            if (rhat >= BASE)
                break;
        }
        /* D4: un[j..j+n] -= qhat * vn. */
        int64_t borrow = 0;
        uint64_t mcarry = 0;
        for (int i = 0; i < n; i++) {
            uint64_t p = qhat * vn[i] + mcarry;
            mcarry = p / BASE;
            int64_t t = (int64_t)un[i + j] - (int64_t)(p % BASE) + borrow;
            if (t < 0) {
                un[i + j] = (uint32_t)(t + BASE);
                borrow = -1;
            } else {
                un[i + j] = (uint32_t)t;
                borrow = 0;
            }
        }
        int64_t top = (int64_t)un[j + n] - (int64_t)mcarry + borrow;
        if (top < 0) {
            /* D6: qhat was one too large; add the divisor back. */
            qhat--;
            uint32_t c = 0;
            for (int i = 0; i < n; i++) {
                uint32_t s = un[i + j] + vn[i] + c;
                c = s >= BASE;
                un[i + j] = c ? s - BASE : s;
            }
            top += c;
        }
        un[j + n] = (uint32_t)top;
        q->l[j] = (uint32_t)qhat;
    }
    /* D8: the remainder is un[0..n-1] / f. */
    uint64_t r = 0;
    for (int i = n - 1; i >= 0; i--) {
        uint64_t x = r * BASE + un[i];
        rem->l[i] = (uint32_t)(x / f);
        r = x % f;
    }
}

/* ---- rounding ------------------------------------------------------------------------------- */

/* What was cut off, relative to half a unit of the last kept digit. */
enum cut { CUT_ZERO, CUT_BELOW_HALF, CUT_HALF, CUT_ABOVE_HALF };

static int mode_ok(enum bigdec_rounding mode)
{
    return (unsigned)mode <= (unsigned)BIGDEC_HALF_EVEN;
}

/* 1 when the truncated magnitude must grow by one unit. */
static int round_away(enum bigdec_rounding mode, int neg, enum cut cut, int last_odd)
{
    if (cut == CUT_ZERO)
        return 0;
    switch (mode) {
    case BIGDEC_DOWN: return 0;
    case BIGDEC_UP: return 1;
    case BIGDEC_FLOOR: return neg;
    case BIGDEC_CEIL: return !neg;
    case BIGDEC_HALF_UP: return cut != CUT_BELOW_HALF;
    case BIGDEC_HALF_EVEN: return cut == CUT_ABOVE_HALF || (cut == CUT_HALF && last_odd);
    }
    return 0;
}

/* c = c / 10^d rounded with mode (the sign is neg). */
static void w_round_shift(wide *c, unsigned d, int neg, enum bigdec_rounding mode)
{
    if (d == 0)
        return;
    unsigned first = w_digit(c, d - 1);
    int rest = w_low_nonzero(c, d - 1);
    enum cut cut;
    if (first == 0 && !rest)
        cut = CUT_ZERO;
    else if (first < 5)
        cut = CUT_BELOW_HALF;
    else if (first == 5 && !rest)
        cut = CUT_HALF;
    else
        cut = CUT_ABOVE_HALF;
    w_shr10(c, d);
    if (round_away(mode, neg, cut, c->l[0] & 1u))
        w_mul_small(c, 1, 1); /* cannot overflow: c was divided by 10^d, d >= 1 */
}

/* ---- results -------------------------------------------------------------------------------- */

/* Stores c / 10^scale with sign neg into out in canonical form, or fails on the limits; hint
 * adds how to avoid a too long fraction (for the exact product). c is destroyed. */
static int finish(bigdec *out, wide *c, unsigned scale, int neg, int hint, st_err *err)
{
    if (w_is_zero(c)) {
        memset(out, 0, sizeof *out);
        return 0;
    }
    unsigned tz = w_trailing_zeros(c);
    if (tz > scale)
        tz = scale;
    w_shr10(c, tz);
    scale -= tz;
    if (scale > BIGDEC_MAX_FRAC_DIGITS)
        return st_err_set(err, "result has more than %d digits after the decimal point%s",
                          BIGDEC_MAX_FRAC_DIGITS,
                          hint ? "; give places and a rounding mode to round it" : "");
    unsigned digits = w_digits(c);
    if (digits > scale && digits - scale > BIGDEC_MAX_INT_DIGITS)
        return st_err_set(err, "result too large: more than %d digits before the decimal point",
                          BIGDEC_MAX_INT_DIGITS);
    /* digits <= 156, so the coefficient fits the stored limbs; the memset also clears the
     * padding, so equal values compare equal with memcmp */
    memset(out, 0, sizeof *out);
    memcpy(out->limb, c->l, sizeof out->limb);
    out->scale = (uint8_t)scale;
    out->neg = neg ? 1 : 0;
    return 0;
}

static int check_places_mode(unsigned places, enum bigdec_rounding mode, st_err *err)
{
    if (places > BIGDEC_MAX_FRAC_DIGITS)
        return st_err_set(err, "places must be from 0 to %d, not %u", BIGDEC_MAX_FRAC_DIGITS, places);
    if (!mode_ok(mode))
        return st_err_set(err, "unknown rounding mode %d", (int)mode);
    return 0;
}

/* ---- public API ------------------------------------------------------------------------------ */

static int is_digit(char c) { return c >= '0' && c <= '9'; }

int bigdec_parse(bigdec *out, const char *s, size_t len, st_err *err)
{
    size_t i = 0;
    int neg = 0;
    if (len == 0)
        return st_err_set(err, "empty string");
    if (s[0] == '-') {
        neg = 1;
        i++;
    } else if (s[0] == '+') {
        return st_err_set(err, "a leading \"+\" is not accepted");
    }
    size_t int_start = i;
    while (i < len && is_digit(s[i])) {
        if (i - int_start == BIGDEC_MAX_INT_DIGITS)
            return st_err_set(err, "more than %d digits before the decimal point", BIGDEC_MAX_INT_DIGITS);
        i++;
    }
    size_t int_len = i - int_start;
    if (int_len == 0) {
        if (i == len)
            return st_err_set(err, "no digits");
        if (s[i] == '.')
            return st_err_set(err, "a digit is needed before the decimal point (write \"0.5\", not \".5\")");
    }
    size_t frac_start = i, frac_len = 0;
    if (int_len > 0 && i < len && s[i] == '.') {
        frac_start = ++i;
        while (i < len && is_digit(s[i])) {
            if (i - frac_start == BIGDEC_MAX_FRAC_DIGITS)
                return st_err_set(err, "more than %d digits after the decimal point", BIGDEC_MAX_FRAC_DIGITS);
            i++;
        }
        frac_len = i - frac_start;
        if (frac_len == 0)
            return st_err_set(err, "a digit is needed after the decimal point (write \"1.0\" or \"1\", not \"1.\")");
    }
    if (i < len) {
        unsigned char c = (unsigned char)s[i];
        if ((c == 'e' || c == 'E') && int_len > 0)
            return st_err_set(err, "exponents are not accepted (write all digits)");
        if (c == ' ' || (c >= '\t' && c <= '\r'))
            return st_err_set(err, "spaces are not accepted");
        if (c == '.')
            return st_err_set(err, "more than one decimal point");
        if (c >= 0x21 && c <= 0x7e)
            return st_err_set(err, "unexpected character '%c' at offset %zu", (char)c, i);
        return st_err_set(err, "unexpected byte 0x%02x at offset %zu", c, i);
    }
    wide c;
    w_zero(&c);
    for (size_t k = 0; k < int_len; k++)
        w_mul_small(&c, 10, (uint32_t)(s[int_start + k] - '0'));
    for (size_t k = 0; k < frac_len; k++)
        w_mul_small(&c, 10, (uint32_t)(s[frac_start + k] - '0'));
    return finish(out, &c, (unsigned)frac_len, neg, 0, err); /* within the limits by the scan */
}

void bigdec_from_i64(bigdec *out, int64_t v)
{
    memset(out, 0, sizeof *out);
    uint64_t m = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    out->neg = v < 0;
    for (int i = 0; m; i++) {
        out->limb[i] = (uint32_t)(m % BASE);
        m /= BASE;
    }
}

size_t bigdec_to_string(const bigdec *a, char *out, size_t cap)
{
    /* the coefficient's digits, most significant first */
    char digits[BIGDEC_LIMBS * BASE_DIGITS];
    size_t nd = 0;
    int top = BIGDEC_LIMBS - 1;
    while (top > 0 && a->limb[top] == 0)
        top--;
    for (int i = top; i >= 0; i--) {
        uint32_t v = a->limb[i];
        char chunk[BASE_DIGITS];
        for (int k = BASE_DIGITS - 1; k >= 0; k--) {
            chunk[k] = (char)('0' + v % 10u);
            v /= 10u;
        }
        int skip = 0;
        if (i == top) /* no leading zeros, but keep one digit for zero */
            while (skip < BASE_DIGITS - 1 && chunk[skip] == '0')
                skip++;
        memcpy(digits + nd, chunk + skip, (size_t)(BASE_DIGITS - skip));
        nd += (size_t)(BASE_DIGITS - skip);
    }
    size_t scale = a->scale;
    size_t int_len = nd > scale ? nd - scale : 0;
    size_t need = (a->neg ? 1u : 0u) + (int_len ? int_len : 1u) + (scale ? 1u + scale : 0u);
    if (need + 1 > cap) {
        if (cap > 0)
            out[0] = '\0';
        return 0;
    }
    size_t o = 0;
    if (a->neg)
        out[o++] = '-';
    if (int_len) {
        memcpy(out + o, digits, int_len);
        o += int_len;
    } else {
        out[o++] = '0';
    }
    if (scale) {
        out[o++] = '.';
        for (size_t k = nd; k < scale; k++) /* zeros between the point and the coefficient */
            out[o++] = '0';
        memcpy(out + o, digits + int_len, nd - int_len);
        o += nd - int_len;
    }
    out[o] = '\0';
    return o;
}

/* A and B widened to the common scale max(scale_a, scale_b), which is returned. */
static unsigned align(wide *A, wide *B, const bigdec *a, const bigdec *b)
{
    unsigned s = a->scale > b->scale ? a->scale : b->scale;
    w_from_bd(A, a);
    w_from_bd(B, b);
    w_mul_pow10(A, s - a->scale); /* below 10^(156 + 78): no overflow */
    w_mul_pow10(B, s - b->scale);
    return s;
}

/* r = a + (negate_b ? -b : b) */
static int add_signed(bigdec *r, const bigdec *a, const bigdec *b, int negate_b, st_err *err)
{
    wide A, B, C;
    unsigned s = align(&A, &B, a, b);
    int na = a->neg, nb = b->neg ^ (negate_b && !bigdec_is_zero(b));
    int neg;
    if (na == nb) {
        w_add(&C, &A, &B); /* below 2 * 10^156: no carry out */
        neg = na;
    } else if (w_cmp(&A, &B) >= 0) {
        w_sub(&C, &A, &B);
        neg = na;
    } else {
        w_sub(&C, &B, &A);
        neg = nb;
    }
    return finish(r, &C, s, neg, 0, err);
}

int bigdec_add(bigdec *r, const bigdec *a, const bigdec *b, st_err *err)
{
    return add_signed(r, a, b, 0, err);
}

int bigdec_sub(bigdec *r, const bigdec *a, const bigdec *b, st_err *err)
{
    return add_signed(r, a, b, 1, err);
}

int bigdec_mul(bigdec *r, const bigdec *a, const bigdec *b, int places, enum bigdec_rounding mode,
               st_err *err)
{
    if (places != BIGDEC_EXACT) {
        if (places < 0)
            return st_err_set(err, "places must be from 0 to %d, not %d", BIGDEC_MAX_FRAC_DIGITS, places);
        if (check_places_mode((unsigned)places, mode, err) != 0)
            return -1;
    }
    wide A, B, P;
    w_from_bd(&A, a);
    w_from_bd(&B, b);
    w_mul(&P, &A, &B); /* below 10^312: fits */
    unsigned scale = (unsigned)a->scale + b->scale;
    int neg = a->neg ^ b->neg;
    if (places != BIGDEC_EXACT && (unsigned)places < scale) {
        w_round_shift(&P, scale - (unsigned)places, neg, mode);
        scale = (unsigned)places;
    }
    return finish(r, &P, scale, neg, places == BIGDEC_EXACT, err);
}

int bigdec_div(bigdec *r, const bigdec *a, const bigdec *b, unsigned places,
               enum bigdec_rounding mode, st_err *err)
{
    if (check_places_mode(places, mode, err) != 0)
        return -1;
    if (bigdec_is_zero(b))
        return st_err_set(err, "division by zero");
    /* a / b * 10^places = (ca * 10^(sb + places)) / (cb * 10^sa) */
    wide N, D, Q, R;
    w_from_bd(&N, a);
    w_from_bd(&D, b);
    int e = (int)b->scale + (int)places - (int)a->scale;
    if (e >= 0)
        w_mul_pow10(&N, (unsigned)e); /* below 10^(156 + 156) */
    else
        w_mul_pow10(&D, (unsigned)-e); /* below 10^(156 + 78) */
    w_divmod(&Q, &R, &N, &D);
    enum cut cut = CUT_ZERO;
    if (!w_is_zero(&R)) {
        wide R2;
        w_add(&R2, &R, &R); /* 2R < 2D: fits */
        int c = w_cmp(&R2, &D);
        cut = c < 0 ? CUT_BELOW_HALF : c == 0 ? CUT_HALF : CUT_ABOVE_HALF;
    }
    int neg = a->neg ^ b->neg;
    if (round_away(mode, neg, cut, Q.l[0] & 1u) && w_mul_small(&Q, 1, 1))
        return st_err_set(err, "result too large: more than %d digits before the decimal point",
                          BIGDEC_MAX_INT_DIGITS);
    return finish(r, &Q, places, neg, 0, err);
}

int bigdec_round(bigdec *r, const bigdec *a, unsigned places, enum bigdec_rounding mode, st_err *err)
{
    if (check_places_mode(places, mode, err) != 0)
        return -1;
    if (places >= a->scale) {
        *r = *a;
        return 0;
    }
    wide C;
    w_from_bd(&C, a);
    w_round_shift(&C, a->scale - places, a->neg, mode);
    return finish(r, &C, places, a->neg, 0, err);
}

int bigdec_cmp(const bigdec *a, const bigdec *b)
{
    int sa = bigdec_sign(a), sb = bigdec_sign(b);
    if (sa != sb)
        return sa < sb ? -1 : 1;
    if (sa == 0)
        return 0;
    wide A, B;
    align(&A, &B, a, b);
    int c = w_cmp(&A, &B);
    return sa < 0 ? -c : c;
}

void bigdec_neg(bigdec *r, const bigdec *a)
{
    *r = *a;
    r->neg = (uint8_t)(!a->neg && !bigdec_is_zero(a));
}

void bigdec_abs(bigdec *r, const bigdec *a)
{
    *r = *a;
    r->neg = 0;
}

int bigdec_is_zero(const bigdec *a)
{
    for (int i = 0; i < BIGDEC_LIMBS; i++)
        if (a->limb[i])
            return 0;
    return 1;
}

int bigdec_sign(const bigdec *a)
{
    if (bigdec_is_zero(a))
        return 0;
    return a->neg ? -1 : 1;
}

static const char *const MODE_NAMES[] = {"down", "up", "floor", "ceil", "half_up", "half_even"};

int bigdec_rounding_parse(const char *name, size_t len, enum bigdec_rounding *out)
{
    for (size_t i = 0; i < sizeof MODE_NAMES / sizeof MODE_NAMES[0]; i++) {
        if (strlen(MODE_NAMES[i]) == len && memcmp(MODE_NAMES[i], name, len) == 0) {
            *out = (enum bigdec_rounding)i;
            return 0;
        }
    }
    return -1;
}

const char *bigdec_rounding_name(enum bigdec_rounding mode)
{
    return mode_ok(mode) ? MODE_NAMES[mode] : "?";
}
