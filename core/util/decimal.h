/* decimal.h: exact conversion between decimal amount strings and integer base units.
 *
 * Amounts never pass through floating point. A display amount such as "0.1" (ETH) with 18
 * decimals becomes 100000000000000000 wei. Base units are unsigned 256-bit integers held
 * big-endian in 32 bytes (Ethereum's uint256), or uint64 where a chain's amounts fit.
 *
 * Accepted amount syntax: one or more digits, optionally followed by "." and one or more
 * digits ("12", "12.5", "0.000001"). Refused: signs, exponents, spaces, a leading or trailing
 * ".", an empty string, more fraction digits than the asset has, and overflow. */
#ifndef STEWARD_UTIL_DECIMAL_H
#define STEWARD_UTIL_DECIMAL_H

#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

/* Longest base-10 text of a 256-bit integer, plus a point and a NUL. */
#define DECIMAL_MAX_TEXT 82

/* Parses s scaled by 10^decimals (decimals <= 77) into out. */
int decimal_to_units(const char *s, unsigned decimals, uint8_t out[32], st_err *err);

/* Same into a uint64 (refuses values above UINT64_MAX). */
int decimal_to_u64(const char *s, unsigned decimals, uint64_t *out, st_err *err);

/* Formats base units as a display amount with `decimals` fraction digits, trailing zeros and
 * a bare point trimmed: 1500000 with 6 decimals is "1.5"; 0 is "0". cap >= DECIMAL_MAX_TEXT
 * always suffices; a smaller cap truncates. */
void units_to_decimal(const uint8_t units[32], unsigned decimals, char *out, size_t cap);
void u64_to_decimal(uint64_t v, unsigned decimals, char *out, size_t cap);

/* Base-10 text of a 256-bit integer ("0" for zero). */
void units_to_string(const uint8_t units[32], char *out, size_t cap);

/* Parses a base-10 integer (digits only, no leading "+", at most 78 digits) into out.
 * Returns 0, or -1 on bad syntax or overflow. */
int units_from_string(const char *base10, uint8_t out[32]);

/* The uint64 value of units, or -1 when it does not fit. */
int units_to_u64(const uint8_t units[32], uint64_t *out);

/* Sets units from a uint64. */
void units_from_u64(uint64_t v, uint8_t out[32]);

/* out = a + b. Returns 0, or -1 when the sum exceeds 2^256 - 1 (out is then unspecified).
 * out may alias a or b. */
int units_add(uint8_t out[32], const uint8_t a[32], const uint8_t b[32]);

/* out = a - b. Returns 0, or -1 when b > a (out is then unspecified). out may alias a or b. */
int units_sub(uint8_t out[32], const uint8_t a[32], const uint8_t b[32]);

/* Compares two 256-bit integers: -1 when a < b, 0 when equal, 1 when a > b. */
int units_cmp(const uint8_t a[32], const uint8_t b[32]);

#endif
