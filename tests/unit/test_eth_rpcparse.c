/* test_eth_rpcparse.c: reading node answers (plugins/eth/rpcparse.h): hex quantities, data,
 * hashes, eth_feeHistory and receipts, and the errors for malformed or missing values. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "rpcparse.h"

static void test_quantities(void)
{
    u256 v;
    uint64_t x;
    st_err e = {0};
    CHECK(eth_result_quantity_u64("eth_chainId", "\"0x7a69\"", &x, &e) == 0 && x == 31337);
    CHECK(eth_result_quantity_u64("eth_chainId", "\"0x0\"", &x, &e) == 0 && x == 0);
    CHECK(eth_result_quantity_u64("m", "\"0xFFFFFFFFFFFFFFFF\"", &x, &e) == 0 && x == UINT64_MAX);
    CHECK(eth_result_quantity("m", "\"0xffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff\"", &v, &e) == 0);
    CHECK(v.w[3] == UINT64_MAX);

    static const char *const bad[] = {
        "\"0x\"", "\"7a69\"", "\"0X7a69\"", "\"0x7g\"", "\"0x 1\"", "\"-0x1\"", "31337", "null", "{}", "[\"0x1\"]",
        "\"0x1ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff\"", "not json", "\"\"",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        st_err_clear(&e);
        CHECK(eth_result_quantity("eth_getBalance", bad[i], &v, &e) != 0);
        CHECK(strncmp(e.msg, "eth_getBalance: ", 16) == 0);
    }
    st_err_clear(&e);
    CHECK(eth_result_quantity("eth_getBalance", "\"0xzz\"", &v, &e) != 0);
    CHECK_STR(e.msg, "eth_getBalance: result: \"0xzz\" is not a hex quantity (0x and 1 to 64 hex digits)");
    /* Larger than 64 bits where 64 are needed. */
    st_err_clear(&e);
    CHECK(eth_result_quantity_u64("eth_estimateGas", "\"0x10000000000000000\"", &x, &e) != 0);
    CHECK(strstr(e.msg, "64 bits") != NULL);
    st_err_clear(&e);
    CHECK(eth_result_quantity_u64("eth_chainId", NULL, &x, &e) != 0);
}

static void test_data_and_hash(void)
{
    uint8_t h[32], *d;
    size_t n;
    st_err e = {0};
    CHECK(eth_result_hash("eth_sendRawTransaction",
                          "\"0x33469b22e9f636356c4160a87eb19df52b7412e8eac32a4a55ffe88ea8350788\"", h, &e) == 0);
    CHECK(h[0] == 0x33 && h[31] == 0x88);
    static const char *const badh[] = {
        "\"0x33469b22e9f636356c4160a87eb19df52b7412e8eac32a4a55ffe88ea83507\"",
        "\"33469b22e9f636356c4160a87eb19df52b7412e8eac32a4a55ffe88ea8350788\"",
        "\"0x33469b22e9f636356c4160a87eb19df52b7412e8eac32a4a55ffe88ea835078\"", "null", "1",
    };
    for (size_t i = 0; i < sizeof badh / sizeof badh[0]; i++) {
        st_err_clear(&e);
        CHECK(eth_result_hash("eth_sendRawTransaction", badh[i], h, &e) != 0);
        CHECK(strncmp(e.msg, "eth_sendRawTransaction: ", 24) == 0);
    }
    CHECK(eth_result_data("eth_call", "\"0x\"", &d, &n, &e) == 0 && d == NULL && n == 0);
    CHECK(eth_result_data("eth_call", "\"0x00ff\"", &d, &n, &e) == 0 && n == 2 && d[1] == 0xff);
    free(d);
    static const char *const badd[] = {"\"0x0\"", "\"00\"", "\"0xgg\"", "null", "\"\""};
    for (size_t i = 0; i < sizeof badd / sizeof badd[0]; i++) {
        st_err_clear(&e);
        CHECK(eth_result_data("eth_call", badd[i], &d, &n, &e) != 0 && d == NULL);
    }
}

static void test_fee_history(void)
{
    u256 base;
    uint64_t x;
    st_err e = {0};
    CHECK(eth_result_fee_history("{\"oldestBlock\":\"0x10\",\"baseFeePerGas\":[\"0x3b9aca00\",\"0x342770c0\"],"
                                 "\"gasUsedRatio\":[0.5]}", &base, &e) == 0);
    CHECK(u256_to_u64(&base, &x) == 0 && x == 875000000); /* the last entry: the next block's */
    static const struct {
        const char *json, *needle;
    } bad[] = {
        {"{\"oldestBlock\":\"0x10\"}", "no baseFeePerGas"},
        {"{\"baseFeePerGas\":[]}", "non-empty array"},
        {"{\"baseFeePerGas\":\"0x1\"}", "non-empty array"},
        {"{\"baseFeePerGas\":[\"0x1\",\"1\"]}", "baseFeePerGas[1]"},
        {"{\"baseFeePerGas\":[\"0x1\",null]}", "baseFeePerGas[1]"},
        {"[]", "not an object"},
        {"null", "not an object"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        st_err_clear(&e);
        CHECK(eth_result_fee_history(bad[i].json, &base, &e) != 0);
        CHECK(strncmp(e.msg, "eth_feeHistory: ", 16) == 0 && strstr(e.msg, bad[i].needle) != NULL);
    }
}

static void test_receipt(void)
{
    int found = -1, status = -1;
    uint64_t block = 0, gas = 0;
    st_err e = {0};
    CHECK(eth_result_receipt("null", &found, &status, &block, &gas, &e) == 0 && found == 0);
    CHECK(eth_result_receipt("{\"status\":\"0x1\",\"blockNumber\":\"0x5\",\"gasUsed\":\"0x5208\",\"logs\":[]}", &found,
                             &status, &block, &gas, &e) == 0);
    CHECK(found == 1 && status == 1 && block == 5 && gas == 21000);
    CHECK(eth_result_receipt("{\"status\":\"0x0\",\"blockNumber\":\"0x6\",\"gasUsed\":\"0x1\"}", &found, &status, &block,
                             &gas, &e) == 0 && status == 0);
    static const struct {
        const char *json, *needle;
    } bad[] = {
        {"{\"blockNumber\":\"0x5\",\"gasUsed\":\"0x1\"}", "status: missing"},
        {"{\"status\":\"0x1\",\"gasUsed\":\"0x1\"}", "blockNumber: missing"},
        {"{\"status\":\"0x1\",\"blockNumber\":\"0x5\"}", "gasUsed: missing"},
        {"{\"status\":\"0x2\",\"blockNumber\":\"0x5\",\"gasUsed\":\"0x1\"}", "neither 0 nor 1"},
        {"{\"status\":1,\"blockNumber\":\"0x5\",\"gasUsed\":\"0x1\"}", "status"},
        {"\"0x1\"", "neither null nor an object"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        st_err_clear(&e);
        found = -1;
        CHECK(eth_result_receipt(bad[i].json, &found, &status, &block, &gas, &e) != 0);
        CHECK(strstr(e.msg, bad[i].needle) != NULL && found != 1);
    }
}

int main(void)
{
    test_quantities();
    test_data_and_hash();
    test_fee_history();
    test_receipt();
    return check_summary();
}
