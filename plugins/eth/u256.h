/* u256.h: unsigned 256-bit integers for wei amounts, gas prices and fee products.
 *
 * Ethereum quantities (balances, values, gas prices) are 256-bit; a product such as
 * gas_limit * max_fee_per_gas can exceed 64 bits with unusual but legal inputs, so every
 * operation that can overflow reports it instead of wrapping. Values are four 64-bit limbs,
 * least significant first; nothing here is secret and nothing allocates. Base-10 text goes
 * through util/decimal.h on the big-endian form (u256_to_be). */
#ifndef STEWARD_ETH_U256_H
#define STEWARD_ETH_U256_H

#include <stddef.h>
#include <stdint.h>

typedef struct u256 {
    uint64_t w[4]; /* w[0] is the least significant limb */
} u256;

/* Longest output of u256_to_quantity: "0x" + 64 digits + NUL. */
#define U256_QUANTITY_BUFSZ 67

u256 u256_from_u64(uint64_t v);

/* Converts from / to 32 bytes big-endian (the layout of decimal.h's units and of ABI words). */
u256 u256_from_be(const uint8_t be[32]);
void u256_to_be(const u256 *a, uint8_t be[32]);

int u256_is_zero(const u256 *a);

/* -1, 0 or 1 as a <, == or > b. */
int u256_cmp(const u256 *a, const u256 *b);

/* Returns the smaller of a and b. */
u256 u256_min(u256 a, u256 b);

/* *r = a + b. Returns 0, or -1 on overflow (then *r holds the wrapped sum). r may alias. */
int u256_add(u256 *r, const u256 *a, const u256 *b);

/* *r = a - b for a >= b. Returns 0, or -1 when b > a (then *r holds the wrapped difference). */
int u256_sub(u256 *r, const u256 *a, const u256 *b);

/* *r = a * m. Returns 0, or -1 on overflow. r may alias a. */
int u256_mul_u64(u256 *r, const u256 *a, uint64_t m);

/* *q = a / d (truncated), *rem (may be NULL) = a mod d. d must not be 0 (returns -1). */
int u256_div_u64(u256 *q, const u256 *a, uint64_t d, uint64_t *rem);

/* If a fits in 64 bits, stores it in *out and returns 0; else returns -1. */
int u256_to_u64(const u256 *a, uint64_t *out);

/* Parses exactly `n` hex digits (no prefix, 1..64 of them, either case; leading zeros
 * allowed). Returns 0, or -1 on an empty string, a non-hex digit or more than 64 digits. */
int u256_from_hex(const char *s, size_t n, u256 *out);

/* Writes the JSON-RPC quantity form: "0x" followed by the digits without leading zeros
 * ("0x0" for zero). out needs U256_QUANTITY_BUFSZ bytes. */
void u256_to_quantity(const u256 *a, char out[U256_QUANTITY_BUFSZ]);

/* Writes the minimal big-endian bytes of a (no leading zero byte; zero gives length 0), the
 * form RLP uses for integers. out needs 32 bytes; returns the length. */
size_t u256_to_be_minimal(const u256 *a, uint8_t out[32]);

#endif
