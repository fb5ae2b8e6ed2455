/* bigdec.h: exact signed decimal arithmetic over decimal strings.
 *
 * Amounts are decimal strings, never floats. A `bigdec` holds a signed decimal number exactly:
 * its value is (-1)^neg * coefficient / 10^scale. Every value this library produces satisfies
 *
 *   |value| < 10^BIGDEC_MAX_INT_DIGITS        (at most 78 digits before the decimal point)
 *   value * 10^BIGDEC_MAX_FRAC_DIGITS is an integer (at most 78 digits after it)
 *
 * and every operation either produces such a value exactly (or rounded, only where a rounding
 * mode is passed) or fails with a message. Nothing is ever rounded silently.
 *
 * Values are plain structs of fixed size: no function allocates memory, so nothing can leak,
 * and a bigdec may be copied by assignment. Every function runs in time bounded by the limits
 * above, whatever its inputs (parsing stops at the first character that breaks a rule).
 *
 * Canonical form: a bigdec made by this library has no trailing zero in its fraction (scale
 * is minimal) and zero is never negative, so two equal values have identical fields. The
 * fields are private: build values only with bigdec_parse, bigdec_from_i64 or `bigdec x = {0}`
 * (which is the value 0); the functions below assume their bigdec inputs came from there or
 * from another function of this library.
 *
 * Errors follow util/err.h: a function that can fail returns 0 on success and -1 on failure
 * and then writes one line into `err` (which may be NULL). The message names the problem only
 * (it never copies the input, at most the one offending character and its offset), so callers
 * can prefix it with their own context and their own shortened copy of the input. On failure
 * the output value is left unchanged. Output pointers may alias inputs. */
#ifndef STEWARD_UTIL_BIGDEC_H
#define STEWARD_UTIL_BIGDEC_H

#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

#define BIGDEC_MAX_INT_DIGITS 78  /* digits before the decimal point */
#define BIGDEC_MAX_FRAC_DIGITS 78 /* digits after the decimal point */

/* Longest canonical text: "-", 78 digits, ".", 78 digits, and the NUL. */
#define BIGDEC_STR_MAX (1 + BIGDEC_MAX_INT_DIGITS + 1 + BIGDEC_MAX_FRAC_DIGITS + 1)

/* `places` value of bigdec_mul asking for the exact product (no rounding). */
#define BIGDEC_EXACT (-1)

/* 18 limbs of 9 digits hold the 156 digits of the largest coefficient. */
#define BIGDEC_LIMBS 18

typedef struct bigdec {
    uint32_t limb[BIGDEC_LIMBS]; /* coefficient in base 10^9, least significant limb first */
    uint8_t scale;               /* digits after the decimal point, 0..78 */
    uint8_t neg;                 /* 1 for a negative value, never for zero */
} bigdec;

/* How a result with more fraction digits than asked for is cut to `places` digits. "Half"
 * modes look at the exact discarded part: below half rounds toward zero, above half away from
 * zero, and exactly half as the mode says. Rounding is symmetric around zero except for
 * floor and ceil. */
enum bigdec_rounding {
    BIGDEC_DOWN = 0,   /* toward zero (truncate):        2.7 -> 2,  -2.7 -> -2 */
    BIGDEC_UP,         /* away from zero:                2.1 -> 3,  -2.1 -> -3 */
    BIGDEC_FLOOR,      /* toward negative infinity:      2.7 -> 2,  -2.1 -> -3 */
    BIGDEC_CEIL,       /* toward positive infinity:      2.1 -> 3,  -2.7 -> -2 */
    BIGDEC_HALF_UP,    /* nearest, ties away from zero:  2.5 -> 3,  -2.5 -> -3 */
    BIGDEC_HALF_EVEN,  /* nearest, ties to even digit:   2.5 -> 2,   3.5 -> 4, -2.5 -> -2 */
};

/* Parses the `len` bytes at `s` (no NUL needed; an embedded NUL is an unexpected character).
 * Accepted syntax, and nothing else:
 *
 *   ["-"] digits ["." digits]      with digits = one or more of the ASCII characters 0-9
 *
 * so "7", "-12.345", "0.1", "007", "-0" and "1.500" are accepted ("-0" is zero, trailing
 * fraction zeros are dropped), and these are refused: "" (empty), "+3" (a plus sign), ".5"
 * (no digit before the point), "1." (no digit after it), "1e5" (an exponent), " 1" and "1 "
 * (spaces), "1,5", "1.2.3", "0x10", "--1", "inf", "nan". The limits count the digits as
 * written, leading and trailing zeros included: more than 78 digits before the point or more
 * than 78 after it is refused, and the message says which. Returns 0 or -1. */
int bigdec_parse(bigdec *out, const char *s, size_t len, st_err *err);

/* Sets out to the integer v exactly (every int64_t fits). */
void bigdec_from_i64(bigdec *out, int64_t v);

/* Writes the canonical text of a and a NUL: no exponent, no "+", no leading zeros (one "0"
 * before the point of a value below 1), no trailing fraction zeros and no bare point, "-" only
 * for a negative value (zero is "0"). The text parses back to the same value. Returns the
 * length written (without the NUL), or 0 when cap is too small (out is then "" if cap > 0);
 * cap >= BIGDEC_STR_MAX always suffices. */
size_t bigdec_to_string(const bigdec *a, char *out, size_t cap);

/* r = a + b and r = a - b, exact. Fail only when |r| >= 10^78 ("too large"). */
int bigdec_add(bigdec *r, const bigdec *a, const bigdec *b, st_err *err);
int bigdec_sub(bigdec *r, const bigdec *a, const bigdec *b, st_err *err);

/* r = a * b. With places == BIGDEC_EXACT the product is exact, and the call fails when it has
 * more than 78 fraction digits (after dropping trailing zeros) rather than round; `mode` is
 * then ignored. With places in 0..78 the exact product is rounded to `places` fraction digits
 * with `mode`. Fails when |r| >= 10^78 after rounding, or on a places value outside
 * {BIGDEC_EXACT, 0..78} or an unknown mode. */
int bigdec_mul(bigdec *r, const bigdec *a, const bigdec *b, int places, enum bigdec_rounding mode,
               st_err *err);

/* r = a / b rounded to `places` (0..78) fraction digits with `mode`; the rounding looks at the
 * exact quotient (its whole remainder), so it is correct for every mode, also on ties. Fails
 * when b is zero ("division by zero"), when |r| >= 10^78 after rounding, or on places > 78 or
 * an unknown mode. */
int bigdec_div(bigdec *r, const bigdec *a, const bigdec *b, unsigned places,
               enum bigdec_rounding mode, st_err *err);

/* r = a rounded to `places` (0..78) fraction digits with `mode` (a itself when it has no more
 * digits than that). Fails only when rounding away from zero reaches 10^78, or on places > 78
 * or an unknown mode. */
int bigdec_round(bigdec *r, const bigdec *a, unsigned places, enum bigdec_rounding mode, st_err *err);

/* -1 when a < b, 0 when a == b (numerically: "1.50" equals "1.5", "-0" equals "0"), 1 when
 * a > b. */
int bigdec_cmp(const bigdec *a, const bigdec *b);

/* r = -a and r = |a|; these cannot fail (the limits are symmetric). */
void bigdec_neg(bigdec *r, const bigdec *a);
void bigdec_abs(bigdec *r, const bigdec *a);

/* -1, 0 or 1 as a is negative, zero or positive. */
int bigdec_sign(const bigdec *a);

/* 1 when a is zero, else 0. */
int bigdec_is_zero(const bigdec *a);

/* Reads a rounding mode name of `len` bytes: exactly one of "down", "up", "floor", "ceil",
 * "half_up", "half_even" (lower case). Returns 0, or -1 for any other text. */
int bigdec_rounding_parse(const char *name, size_t len, enum bigdec_rounding *out);

/* The name of a mode as accepted by bigdec_rounding_parse, or "?" for an unknown value. */
const char *bigdec_rounding_name(enum bigdec_rounding mode);

#endif
