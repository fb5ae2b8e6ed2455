/* test_policy_parse.c: the JSON shape of the rules (docs/policy.md): a full valid document,
 * and refusals whose messages name the key path. */
#include "check.h"
#include "policy/policy.h"

static void ok(const char *json)
{
    struct policy *p = NULL;
    st_err e = {0};
    int rc = policy_parse(json, &p, &e);
    CHECK(rc == 0 && p != NULL);
    if (rc != 0)
        fprintf(stderr, "  unexpected error: %s\n", e.msg);
    policy_free(p);
}

static void refused(const char *json, const char *want)
{
    struct policy *p = (struct policy *)1;
    st_err e = {0};
    CHECK(policy_parse(json, &p, &e) == -1);
    CHECK(p == NULL);
    check_count++;
    if (strstr(e.msg, want) == NULL) {
        check_failed++;
        fprintf(stderr, "%s:%d: error \"%s\" does not contain \"%s\"\n", __FILE__, __LINE__, e.msg, want);
    }
}

int main(void)
{
    ok("{}");
    ok("{\"tenants\": {}, \"strategies\": {}}");
    ok("{\"tenants\": {\"default\": {"
       "  \"eth\": {\"ETH\": {\"max_per_tx\": \"0.5\", \"max_per_day\": \"2\", \"max_tx_per_hour\": 10},"
       "            \"USDC\": {\"max_per_day\": \"1000.000001\"}},"
       "  \"btc\": {\"BTC\": {\"max_per_tx\": \"0.01\"}},"
       "  \"allow_to\": {\"eth\": [\"0xabc\", \"0xdef\"]},"
       "  \"deny_to\": {\"eth\": [\"0xbad\"], \"btc\": []},"
       "  \"assets\": {\"eth\": [\"ETH\", \"USDC\"]}}},"
       " \"strategies\": {\"rebalance\": {\"eth\": {\"ETH\": {\"max_per_day\": \"1\"}},"
       "                                 \"allow_to\": {\"eth\": [\"0xabc\"]}}}}");
    /* 77 fraction digits is the most any asset can have. */
    ok("{\"tenants\": {\"t\": {\"eth\": {\"ETH\": {\"max_per_tx\": \"0.1234567890123456789\"}}}}}");

    refused("", "policy: line");
    refused("[1]", "policy: must be an object");
    refused("{\"tenants\": {}, \"tenants\": {}}", "duplicate");
    refused("{\"tenant\": {}}", "policy.tenant: unknown key");
    refused("{\"tenants\": []}", "policy.tenants: must be an object");
    refused("{\"tenants\": {\"default\": 3}}", "policy.tenants.default: must be an object");
    refused("{\"tenants\": {\"\": {}}}", "policy.tenants.: a name cannot be empty");
    refused("{\"tenants\": {\"default\": {\"eth\": [1]}}}", "policy.tenants.default.eth: must be an object mapping an asset");
    refused("{\"tenants\": {\"default\": {\"eth\": {\"ETH\": 5}}}}", "policy.tenants.default.eth.ETH: must be an object of limits");
    refused("{\"tenants\": {\"default\": {\"eth\": {\"ETH\": {\"max_per_day\": 2}}}}}",
            "policy.tenants.default.eth.ETH.max_per_day: must be a decimal string");
    refused("{\"tenants\": {\"default\": {\"eth\": {\"ETH\": {\"max_per_day\": \"-2\"}}}}}",
            "policy.tenants.default.eth.ETH.max_per_day: amount \"-2\" is not a decimal number");
    refused("{\"tenants\": {\"default\": {\"eth\": {\"ETH\": {\"max_per_day\": \"1e3\"}}}}}",
            "policy.tenants.default.eth.ETH.max_per_day: amount");
    refused("{\"tenants\": {\"default\": {\"eth\": {\"ETH\": {\"max_per_tx\": \"0.5.1\"}}}}}",
            "policy.tenants.default.eth.ETH.max_per_tx: amount");
    refused("{\"tenants\": {\"default\": {\"eth\": {\"ETH\": {\"max_tx_per_hour\": -1}}}}}",
            "policy.tenants.default.eth.ETH.max_tx_per_hour: must be a non-negative integer");
    refused("{\"tenants\": {\"default\": {\"eth\": {\"ETH\": {\"max_tx_per_hour\": \"10\"}}}}}",
            "policy.tenants.default.eth.ETH.max_tx_per_hour: must be a non-negative integer");
    refused("{\"tenants\": {\"default\": {\"eth\": {\"ETH\": {\"max_per_week\": \"1\"}}}}}",
            "policy.tenants.default.eth.ETH.max_per_week: unknown limit");
    refused("{\"tenants\": {\"default\": {\"allow_to\": [\"0xabc\"]}}}",
            "policy.tenants.default.allow_to: must be an object mapping a chain");
    refused("{\"tenants\": {\"default\": {\"allow_to\": {\"eth\": \"0xabc\"}}}}",
            "policy.tenants.default.allow_to.eth: must be a list of strings");
    refused("{\"tenants\": {\"default\": {\"deny_to\": {\"eth\": [\"0xabc\", 7]}}}}",
            "policy.tenants.default.deny_to.eth[1]: must be a non-empty string");
    refused("{\"tenants\": {\"default\": {\"assets\": {\"eth\": [\"\"]}}}}",
            "policy.tenants.default.assets.eth[0]: must be a non-empty string");
    refused("{\"strategies\": {\"rebalance\": {\"eth\": {\"ETH\": {\"max_per_day\": \"x\"}}}}}",
            "policy.strategies.rebalance.eth.ETH.max_per_day: amount");
    return check_summary();
}
