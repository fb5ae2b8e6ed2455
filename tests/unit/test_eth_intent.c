/* test_eth_intent.c: chain options (plugins/eth/options.h) and intents (plugins/eth/intent.h):
 * what is accepted, how amounts convert, and that every refusal names its field. */
#include <string.h>

#include "check.h"
#include "intent.h"
#include "options.h"
#include "util/hex.h"

static const char OPTS[] =
    "{\"chain_id\":31337,\"tx_type\":\"1559\",\"max_fee_per_gas_gwei\":\"50\",\"max_priority_fee_per_gas_gwei\":\"2.5\","
    "\"gas_limit_margin_percent\":25,\"network\":\"hardhat\",\"receipt_timeout_seconds\":\"30\","
    "\"erc20\":{\"USDC\":{\"address\":\"0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48\",\"decimals\":6},"
    "\"DAI\":{\"address\":\"0x6b175474e89094c44da98b954eedeac495271d0f\",\"decimals\":\"18\"}}}";

static void test_options(void)
{
    struct eth_options o;
    st_err e = {0};
    CHECK(eth_options_parse(OPTS, &o, &e) == 0);
    CHECK(o.chain_id == 31337 && o.tx_type == ETH_TX_EIP1559 && o.gas_margin_percent == 25);
    CHECK(o.receipt_timeout_seconds == 30 && strcmp(o.network, "hardhat") == 0);
    u256 w = u256_from_u64(50000000000ULL), p = u256_from_u64(2500000000ULL);
    CHECK(o.caps.has_max_fee && u256_cmp(&o.caps.max_fee, &w) == 0);
    CHECK(o.caps.has_max_priority && u256_cmp(&o.caps.max_priority, &p) == 0);
    CHECK(o.ntokens == 2);
    const struct eth_token *t = eth_options_token_by_symbol(&o, "USDC");
    CHECK(t != NULL && t->decimals == 6 && t->address[0] == 0xa0);
    CHECK(eth_options_token_by_symbol(&o, "usdc") == NULL);
    t = eth_options_token_by_symbol(&o, "DAI");
    CHECK(t != NULL && t->decimals == 18 && eth_options_token_by_address(&o, t->address) == t);
    eth_options_free(&o);

    /* Defaults. */
    CHECK(eth_options_parse("{\"chain_id\":\"1\"}", &o, &e) == 0);
    CHECK(o.chain_id == 1 && o.tx_type == ETH_TX_EIP1559 && o.gas_margin_percent == 20 && !o.caps.has_max_fee &&
          o.receipt_timeout_seconds == 0 && o.ntokens == 0);
    eth_options_free(&o);
    CHECK(eth_options_parse("{\"chain_id\":1,\"tx_type\":\"legacy\"}", &o, &e) == 0 && o.tx_type == ETH_TX_LEGACY);
    eth_options_free(&o);
    CHECK(eth_options_parse("{\"chain_id\":1,\"tx_type\":1559}", &o, &e) == 0 && o.tx_type == ETH_TX_EIP1559);
    eth_options_free(&o);

    static const struct {
        const char *json, *needle;
    } bad[] = {
        {"{}", "chain_id: missing"},
        {"{\"chain_id\":0}", "chain_id"},
        {"{\"chain_id\":-1}", "chain_id"},
        {"{\"chain_id\":1.5}", "chain_id"},
        {"{\"chain_id\":\"0x1\"}", "chain_id"},
        {"{\"chain_id\":9223372036854775807}", "chain_id"},
        {"{\"chain_id\":1,\"colour\":\"blue\"}", "unknown option \"colour\""},
        {"{\"chain_id\":1,\"tx_type\":\"2930\"}", "tx_type"},
        {"{\"chain_id\":1,\"max_fee_per_gas_gwei\":1.5}", "quote it"},
        {"{\"chain_id\":1,\"max_fee_per_gas_gwei\":\"-1\"}", "max_fee_per_gas_gwei"},
        {"{\"chain_id\":1,\"max_fee_per_gas_gwei\":\"0.0000000001\"}", "max_fee_per_gas_gwei"},
        {"{\"chain_id\":1,\"max_fee_per_gas_gwei\":\"1\",\"max_priority_fee_per_gas_gwei\":\"2\"}", "above"},
        {"{\"chain_id\":1,\"gas_limit_margin_percent\":1001}", "gas_limit_margin_percent"},
        {"{\"chain_id\":1,\"receipt_timeout_seconds\":3601}", "receipt_timeout_seconds"},
        {"{\"chain_id\":1,\"network\":7}", "network"},
        {"{\"chain_id\":1,\"erc20\":[]}", "erc20"},
        {"{\"chain_id\":1,\"erc20\":{\"ETH\":{\"address\":\"0x6b175474e89094c44da98b954eedeac495271d0f\",\"decimals\":18}}}",
         "ETH"},
        {"{\"chain_id\":1,\"erc20\":{\"X\":{\"address\":\"0x6b175474e89094c44da98b954eedeac495271d0F\",\"decimals\":18}}}",
         "erc20.X.address"},
        {"{\"chain_id\":1,\"erc20\":{\"X\":{\"address\":\"0x6b175474e89094c44da98b954eedeac495271d0f\"}}}",
         "erc20.X.decimals: missing"},
        {"{\"chain_id\":1,\"erc20\":{\"X\":{\"address\":\"0x6b175474e89094c44da98b954eedeac495271d0f\",\"decimals\":78}}}",
         "erc20.X.decimals"},
        {"{\"chain_id\":1,\"erc20\":{\"X\":{\"address\":\"0x6b175474e89094c44da98b954eedeac495271d0f\",\"decimals\":1,"
         "\"name\":\"x\"}}}",
         "unknown key \"name\""},
        {"{\"chain_id\":1,\"erc20\":{\"X\":{\"address\":\"0x6b175474e89094c44da98b954eedeac495271d0f\",\"decimals\":1},"
         "\"Y\":{\"address\":\"0x6b175474e89094c44da98b954eedeac495271d0f\",\"decimals\":1}}}",
         "same address"},
        {"[1]", "object"},
        {"not json", "not JSON"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        st_err_clear(&e);
        CHECK(eth_options_parse(bad[i].json, &o, &e) != 0);
        if (strstr(e.msg, bad[i].needle) == NULL)
            fprintf(stderr, "options case %zu: \"%s\" lacks \"%s\"\n", i, e.msg, bad[i].needle);
        CHECK(strstr(e.msg, bad[i].needle) != NULL);
        CHECK(o.tokens == NULL);
    }
}

static void test_intents(void)
{
    struct eth_options o;
    st_err e = {0};
    CHECK(eth_options_parse(OPTS, &o, &e) == 0);
    struct eth_intent in;

    CHECK(eth_intent_parse("{\"chain\":\"eth\",\"kind\":\"transfer\",\"to\":\"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed\","
                           "\"amount\":\"0.1\"}", &o, &in, &e) == 0);
    u256 want = u256_from_u64(100000000000000000ULL);
    CHECK(in.kind == ETH_INTENT_TRANSFER && in.decimals == 18 && u256_cmp(&in.amount, &want) == 0);
    CHECK(strcmp(in.asset, "ETH") == 0 && in.to[0] == 0x5a && !in.caps.has_max_fee);
    eth_intent_free(&in);

    /* A token by symbol, with a lower fee cap. */
    CHECK(eth_intent_parse("{\"kind\":\"token_transfer\",\"asset\":\"USDC\",\"to\":\"0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed\","
                           "\"amount\":\"12.5\",\"max_fee_per_gas_gwei\":\"20\"}", &o, &in, &e) == 0);
    want = u256_from_u64(12500000);
    CHECK(in.kind == ETH_INTENT_TOKEN_TRANSFER && in.decimals == 6 && u256_cmp(&in.amount, &want) == 0);
    CHECK(strcmp(in.asset, "USDC") == 0 && in.contract[0] == 0xa0 && in.caps.has_max_fee);
    eth_intent_free(&in);

    /* "transfer" with a token asset is a token transfer. */
    CHECK(eth_intent_parse("{\"kind\":\"transfer\",\"asset\":\"DAI\",\"to\":\"0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed\","
                           "\"amount\":\"1\"}", &o, &in, &e) == 0);
    CHECK(in.kind == ETH_INTENT_TOKEN_TRANSFER && in.decimals == 18 && strcmp(in.asset, "DAI") == 0);
    eth_intent_free(&in);

    /* A token by contract address needs decimals; it is reported checksummed. */
    CHECK(eth_intent_parse("{\"kind\":\"token_transfer\",\"asset\":\"0xfb6916095ca1df60bb79ce92ce3ea74c37c5d359\","
                           "\"decimals\":8,\"to\":\"0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed\",\"amount\":\"0.00000001\"}",
                           &o, &in, &e) == 0);
    want = u256_from_u64(1);
    CHECK(in.decimals == 8 && u256_cmp(&in.amount, &want) == 0);
    CHECK_STR(in.asset, "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359");
    eth_intent_free(&in);
    /* A configured token named by address takes its configured symbol and decimals. */
    CHECK(eth_intent_parse("{\"kind\":\"token_transfer\",\"asset\":\"0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48\","
                           "\"to\":\"0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed\",\"amount\":\"1\"}", &o, &in, &e) == 0);
    CHECK(in.decimals == 6 && strcmp(in.asset, "USDC") == 0);
    eth_intent_free(&in);

    /* Messages. */
    CHECK(eth_intent_parse("{\"kind\":\"message\",\"message\":\"hello world\"}", &o, &in, &e) == 0);
    CHECK(in.kind == ETH_INTENT_PERSONAL_SIGN && in.message_len == 11 && memcmp(in.message, "hello world", 11) == 0);
    eth_intent_free(&in);
    CHECK(eth_intent_parse("{\"kind\":\"personal_sign\",\"message\":\"0x68656c6c6f\"}", &o, &in, &e) == 0);
    CHECK(in.message_len == 5 && memcmp(in.message, "hello", 5) == 0);
    eth_intent_free(&in);
    CHECK(eth_intent_parse("{\"kind\":\"message\",\"message\":\"0x68656c6c6f\",\"encoding\":\"utf8\"}", &o, &in, &e) == 0);
    CHECK(in.message_len == 12 && memcmp(in.message, "0x68656c6c6f", 12) == 0);
    eth_intent_free(&in);
    CHECK(eth_intent_parse("{\"kind\":\"message\",\"message\":\"0xabc\"}", &o, &in, &e) == 0); /* odd: text */
    CHECK(in.message_len == 5);
    eth_intent_free(&in);
    CHECK(eth_intent_parse("{\"kind\":\"message\",\"message\":\"\"}", &o, &in, &e) == 0 && in.message_len == 0);
    eth_intent_free(&in);
    CHECK(eth_intent_parse("{\"kind\":\"typed_data\",\"typed_data\":{\"types\":{}}}", &o, &in, &e) == 0);
    CHECK(in.kind == ETH_INTENT_TYPED_DATA && json_is_object(in.typed_data));
    eth_intent_free(&in);
    CHECK(eth_intent_parse("{\"kind\":\"typed_data\",\"typed_data\":\"{\\\"types\\\":{}}\"}", &o, &in, &e) == 0);
    CHECK(json_is_object(json_object_get(in.typed_data, "types")));
    eth_intent_free(&in);

#define TO "\"to\":\"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed\""
    static const struct {
        const char *json, *needle;
    } bad[] = {
        {"{\"kind\":\"transfer\",\"to\":\"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD\",\"amount\":\"1\"}", "to: "},
        {"{\"kind\":\"transfer\",\"to\":\"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD\",\"amount\":\"1\"}", "EIP-55"},
        {"{\"kind\":\"transfer\",\"to\":\"0x12\",\"amount\":\"1\"}", "to: \"0x12\" is not an address"},
        {"{\"kind\":\"transfer\",\"to\":\"vitalik.eth\",\"amount\":\"1\"}", "to: "},
        {"{\"kind\":\"transfer\",\"to\":7,\"amount\":\"1\"}", "to: must be an address string"},
        {"{\"kind\":\"transfer\",\"amount\":\"1\"}", "to: missing"},
        {"{\"kind\":\"transfer\",\"to\":\"0x0000000000000000000000000000000000000000\",\"amount\":\"1\"}", "zero address"},
        {"{\"kind\":\"transfer\"," TO "}", "amount: missing"},
        {"{\"kind\":\"transfer\"," TO ",\"amount\":0.1}", "amount: must be a decimal string"},
        {"{\"kind\":\"transfer\"," TO ",\"amount\":\"-1\"}", "amount: "},
        {"{\"kind\":\"transfer\"," TO ",\"amount\":\"1e18\"}", "amount: "},
        {"{\"kind\":\"transfer\"," TO ",\"amount\":\"0.0000000000000000001\"}", "amount: "},
        {"{\"kind\":\"transfer\"," TO ",\"amount\":\"0\"}", "greater than zero"},
        {"{\"kind\":\"transfer\"," TO ",\"amount\":\" 1\"}", "amount: "},
        {"{\"kind\":\"token_transfer\",\"asset\":\"USDC\"," TO ",\"amount\":\"0.0000001\"}", "amount: "},
        {"{\"kind\":\"token_transfer\",\"asset\":\"PEPE\"," TO ",\"amount\":\"1\"}", "unknown token \"PEPE\""},
        {"{\"kind\":\"token_transfer\"," TO ",\"amount\":\"1\"}", "asset: missing"},
        {"{\"kind\":\"token_transfer\",\"asset\":\"0xfb6916095ca1df60bb79ce92ce3ea74c37c5d359\"," TO ",\"amount\":\"1\"}",
         "decimals: required"},
        {"{\"kind\":\"token_transfer\",\"asset\":\"USDC\",\"decimals\":18," TO ",\"amount\":\"1\"}", "disagrees"},
        {"{\"kind\":\"transfer\",\"decimals\":18," TO ",\"amount\":\"1\"}", "decimals: not used for ETH"},
        {"{\"kind\":\"transfer\"," TO ",\"amount\":\"1\",\"max_fee_per_gas_gwei\":\"x\"}", "max_fee_per_gas_gwei"},
        {"{\"kind\":\"transfer\"," TO ",\"amount\":\"1\",\"memo\":\"hi\"}", "unknown field \"memo\""},
        {"{\"kind\":\"swap\"}", "unknown kind \"swap\""},
        {"{\"to\":\"x\"}", "kind: missing"},
        {"{\"kind\":3}", "kind: must be a string"},
        {"{\"chain\":\"btc\",\"kind\":\"transfer\"}", "chain"},
        {"{\"kind\":\"message\"}", "message: missing"},
        {"{\"kind\":\"message\",\"message\":1}", "message: must be a string"},
        {"{\"kind\":\"message\",\"message\":\"0x1\",\"encoding\":\"hex\"}", "hex digits"},
        {"{\"kind\":\"message\",\"message\":\"a\",\"encoding\":\"base64\"}", "encoding"},
        {"{\"kind\":\"message\",\"message\":\"a\\u0000b\"}", "NUL"},
        {"{\"kind\":\"message\",\"message\":\"a\"," TO "}", "unknown field \"to\""},
        {"{\"kind\":\"typed_data\"}", "typed_data: missing"},
        {"{\"kind\":\"typed_data\",\"typed_data\":[]}", "typed_data: must be an object"},
        {"{\"kind\":\"typed_data\",\"typed_data\":\"{nope\"}", "typed_data: text is not JSON"},
        {"[]", "must be a JSON object"},
        {"", "not JSON"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        st_err_clear(&e);
        CHECK(eth_intent_parse(bad[i].json, &o, &in, &e) != 0);
        if (strstr(e.msg, bad[i].needle) == NULL)
            fprintf(stderr, "intent case %zu: \"%s\" lacks \"%s\"\n", i, e.msg, bad[i].needle);
        CHECK(strstr(e.msg, bad[i].needle) != NULL);
        CHECK(in.message == NULL && in.typed_data == NULL);
    }
    eth_options_free(&o);
}

int main(void)
{
    test_options();
    test_intents();
    return check_summary();
}
