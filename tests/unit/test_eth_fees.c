/* test_eth_fees.c: the fee rules of plugins/eth/fees.h: caps, the intent's lowering of them,
 * refusal when the base fee is above the cap, legacy gas prices and the gas margin. */
#include <string.h>

#include "check.h"
#include "fees.h"

#define GWEI 1000000000ULL

static u256 g(uint64_t gwei_times_10)
{
    u256 v = u256_from_u64(gwei_times_10 * (GWEI / 10));
    return v;
}

static int is(const u256 *v, uint64_t wei)
{
    u256 w = u256_from_u64(wei);
    return u256_cmp(v, &w) == 0;
}

static void test_1559(void)
{
    struct eth_fee_caps none = {0}, caps;
    u256 base = g(100), tip = g(20), fee, prio;
    st_err e = {0};

    CHECK(eth_fees_1559(&base, &tip, &none, &fee, &prio, &e) == 0);
    CHECK(is(&fee, 22 * GWEI) && is(&prio, 2 * GWEI)); /* 2 * 10 + 2 */

    caps = none;
    caps.has_max_priority = 1;
    caps.max_priority = g(10);
    CHECK(eth_fees_1559(&base, &tip, &caps, &fee, &prio, &e) == 0);
    CHECK(is(&fee, 21 * GWEI) && is(&prio, 1 * GWEI));

    caps = none;
    caps.has_max_fee = 1;
    caps.max_fee = g(150);
    CHECK(eth_fees_1559(&base, &tip, &caps, &fee, &prio, &e) == 0);
    CHECK(is(&fee, 15 * GWEI) && is(&prio, 2 * GWEI));

    /* A low cap: the tip is cut down to the max fee (EIP-1559 requires tip <= max fee). */
    u256 base1 = g(10);
    caps.max_fee = g(15);
    CHECK(eth_fees_1559(&base1, &tip, &caps, &fee, &prio, &e) == 0);
    CHECK(is(&fee, 15 * GWEI / 10) && is(&prio, 15 * GWEI / 10));

    /* Base fee exactly at the cap is accepted; above it is refused, naming both in gwei. */
    caps.max_fee = g(100);
    CHECK(eth_fees_1559(&base, &tip, &caps, &fee, &prio, &e) == 0 && is(&fee, 10 * GWEI));
    u256 high = g(201);
    CHECK(eth_fees_1559(&high, &tip, &caps, &fee, &prio, &e) != 0);
    CHECK(strstr(e.msg, "base fee (20.1 gwei)") != NULL && strstr(e.msg, "cap (10 gwei)") != NULL);

    /* Absurd values overflow cleanly. */
    u256 max;
    memset(&max, 0xff, sizeof max);
    st_err_clear(&e);
    CHECK(eth_fees_1559(&max, &tip, &none, &fee, &prio, &e) != 0 && strstr(e.msg, "overflow") != NULL);
}

static void test_legacy(void)
{
    struct eth_fee_caps none = {0}, caps = {0};
    u256 base = g(80), tip = g(10), price;
    st_err e = {0};
    CHECK(eth_fees_legacy(&base, &tip, &none, &price, &e) == 0);
    CHECK(is(&price, 10 * GWEI)); /* 8 + 8/8 + 1 */
    caps.has_max_fee = 1;
    caps.max_fee = g(95);
    CHECK(eth_fees_legacy(&base, &tip, &caps, &price, &e) == 0 && is(&price, 95 * GWEI / 10));
    caps.has_max_priority = 1;
    caps.max_priority = g(0);
    CHECK(eth_fees_legacy(&base, &tip, &caps, &price, &e) == 0 && is(&price, 9 * GWEI));
    caps.max_fee = g(79);
    CHECK(eth_fees_legacy(&base, &tip, &caps, &price, &e) != 0 && strstr(e.msg, "base fee") != NULL);
}

static void test_merge(void)
{
    struct eth_fee_caps cfg = {0}, in = {0}, out;
    st_err e = {0};
    CHECK(eth_fee_caps_merge(&cfg, &in, &out, &e) == 0 && !out.has_max_fee && !out.has_max_priority);

    cfg.has_max_fee = 1;
    cfg.max_fee = g(300);
    cfg.has_max_priority = 1;
    cfg.max_priority = g(20);
    CHECK(eth_fee_caps_merge(&cfg, &in, &out, &e) == 0 && out.has_max_fee && is(&out.max_fee, 30 * GWEI) &&
          is(&out.max_priority, 2 * GWEI));

    in.has_max_fee = 1;
    in.max_fee = g(200);
    CHECK(eth_fee_caps_merge(&cfg, &in, &out, &e) == 0 && is(&out.max_fee, 20 * GWEI) &&
          is(&out.max_priority, 2 * GWEI));

    in.max_fee = g(301);
    CHECK(eth_fee_caps_merge(&cfg, &in, &out, &e) != 0);
    CHECK(strstr(e.msg, "max_fee_per_gas_gwei: 30.1 gwei is above the configured cap of 30 gwei") != NULL);

    in.max_fee = g(300); /* equal is fine */
    in.has_max_priority = 1;
    in.max_priority = g(21);
    st_err_clear(&e);
    CHECK(eth_fee_caps_merge(&cfg, &in, &out, &e) != 0 && strstr(e.msg, "max_priority_fee_per_gas_gwei") != NULL);

    /* Without a configured cap, the intent's applies. */
    struct eth_fee_caps nocfg = {0};
    in.max_priority = g(5);
    CHECK(eth_fee_caps_merge(&nocfg, &in, &out, &e) == 0 && out.has_max_fee && is(&out.max_priority, GWEI / 2));
}

static void test_margin(void)
{
    uint64_t gl;
    st_err e = {0};
    CHECK(eth_gas_with_margin(21000, 20, &gl, &e) == 0 && gl == 25200);
    CHECK(eth_gas_with_margin(21001, 20, &gl, &e) == 0 && gl == 25202); /* 25201.2 rounds up */
    CHECK(eth_gas_with_margin(21000, 0, &gl, &e) == 0 && gl == 21000);
    CHECK(eth_gas_with_margin(51234, 1000, &gl, &e) == 0 && gl == 563574);
    CHECK(eth_gas_with_margin(UINT64_MAX, 20, &gl, &e) != 0 && strstr(e.msg, "64 bits") != NULL);
    CHECK(eth_gas_with_margin(UINT64_MAX, 0, &gl, &e) == 0 && gl == UINT64_MAX);
}

int main(void)
{
    test_1559();
    test_legacy();
    test_merge();
    test_margin();
    return check_summary();
}
