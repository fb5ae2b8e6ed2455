/* Exact decimal amounts: parsing, formatting, limits. Expected values are written out by
 * hand (2^256-1 and 2^64-1 are the published constants). */
#include "check.h"
#include "util/decimal.h"

static const char *U256_MAX = "115792089237316195423570985008687907853269984665640564039457584007913129639935";

static void roundtrip(const char *in, unsigned d, const char *units, const char *back)
{
    uint8_t u[32];
    st_err e = {0};
    char s[DECIMAL_MAX_TEXT];
    CHECK(decimal_to_units(in, d, u, &e) == 0);
    units_to_string(u, s, sizeof s);
    CHECK_STR(s, units);
    units_to_decimal(u, d, s, sizeof s);
    CHECK_STR(s, back);
}

static void refused(const char *in, unsigned d, const char *why)
{
    uint8_t u[32];
    st_err e = {0};
    CHECK(decimal_to_units(in, d, u, &e) == -1);
    CHECK(strstr(e.msg, why) != NULL);
}

int main(void)
{
    roundtrip("0.1", 18, "100000000000000000", "0.1");
    roundtrip("1", 18, "1000000000000000000", "1");
    roundtrip("0", 18, "0", "0");
    roundtrip("0.000000000000000001", 18, "1", "0.000000000000000001");
    roundtrip("12.500", 6, "12500000", "12.5");
    roundtrip("007", 0, "7", "7");
    roundtrip("21000000", 8, "2100000000000000", "21000000");
    roundtrip(U256_MAX, 0, U256_MAX, U256_MAX);
    refused("0.1234567", 6, "more than 6 decimal places");
    refused("-1", 8, "not a decimal number");
    refused("+1", 8, "not a decimal number");
    refused("1e5", 8, "not a decimal number");
    refused(" 1", 8, "not a decimal number");
    refused("1 ", 8, "not a decimal number");
    refused("", 8, "not a decimal number");
    refused(".5", 8, "not a decimal number");
    refused("5.", 8, "ends with a decimal point");
    refused("1.2.3", 8, "not a decimal number");
    refused("0x10", 8, "not a decimal number");
    refused("115792089237316195423570985008687907853269984665640564039457584007913129639936", 0, "too large");
    refused("1", 78, "decimals");
    refused("115792089237316195423570985008687907853269984665640564039457584007913129639935", 1, "too large");

    uint64_t v;
    st_err e = {0};
    CHECK(decimal_to_u64("184467440737.09551615", 8, &v, &e) == 0 && v == UINT64_MAX);
    CHECK(decimal_to_u64("184467440737.09551616", 8, &v, &e) == -1);
    CHECK(decimal_to_u64("0.00000546", 8, &v, &e) == 0 && v == 546);
    char s[DECIMAL_MAX_TEXT];
    u64_to_decimal(546, 8, s, sizeof s);
    CHECK_STR(s, "0.00000546");
    u64_to_decimal(100000000, 8, s, sizeof s);
    CHECK_STR(s, "1");
    u64_to_decimal(UINT64_MAX, 0, s, sizeof s);
    CHECK_STR(s, "18446744073709551615");

    uint8_t u[32];
    CHECK(units_from_string("18446744073709551616", u) == 0 && units_to_u64(u, &v) == -1);
    CHECK(units_from_string("18446744073709551615", u) == 0 && units_to_u64(u, &v) == 0 && v == UINT64_MAX);
    CHECK(units_from_string(U256_MAX, u) == 0);
    CHECK(units_from_string("115792089237316195423570985008687907853269984665640564039457584007913129639936", u) == -1);
    CHECK(units_from_string("12a", u) == -1 && units_from_string("", u) == -1);
    units_from_u64(0x0102030405060708ull, u);
    CHECK(u[31] == 8 && u[24] == 1 && u[23] == 0);

    /* units_add / units_cmp: carries across the uint64 boundary, overflow at 2^256, aliasing. */
    uint8_t a[32], b[32], sum[32];
    CHECK(units_from_string("18446744073709551615", a) == 0);
    units_from_u64(1, b);
    CHECK(units_add(sum, a, b) == 0);
    units_to_string(sum, s, sizeof s);
    CHECK_STR(s, "18446744073709551616");
    CHECK(units_cmp(sum, a) == 1 && units_cmp(a, sum) == -1 && units_cmp(a, a) == 0);
    CHECK(units_from_string("999999999999999999999999999999", a) == 0);
    CHECK(units_add(a, a, a) == 0);
    units_to_string(a, s, sizeof s);
    CHECK_STR(s, "1999999999999999999999999999998");
    CHECK(units_from_string(U256_MAX, a) == 0);
    units_from_u64(0, b);
    CHECK(units_add(sum, a, b) == 0 && units_cmp(sum, a) == 0);
    units_from_u64(1, b);
    CHECK(units_add(sum, a, b) == -1);
    units_from_u64(0x100, a);
    units_from_u64(0xff, b);
    CHECK(units_cmp(a, b) == 1 && units_cmp(b, a) == -1);

    /* units_sub: borrows across bytes and the uint64 boundary, underflow, aliasing. */
    CHECK(units_sub(sum, a, b) == 0);
    units_to_string(sum, s, sizeof s);
    CHECK_STR(s, "1");
    CHECK(units_sub(sum, b, a) == -1);
    CHECK(units_from_string("18446744073709551616", a) == 0);
    units_from_u64(1, b);
    CHECK(units_sub(a, a, b) == 0);
    units_to_string(a, s, sizeof s);
    CHECK_STR(s, "18446744073709551615");
    CHECK(units_from_string(U256_MAX, a) == 0);
    CHECK(units_sub(sum, a, a) == 0);
    units_to_string(sum, s, sizeof s);
    CHECK_STR(s, "0");
    return check_summary();
}
