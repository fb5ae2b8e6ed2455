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

/* The "call" kind: a contract call with call data and an ETH value (possibly zero). */
static void test_calls(void)
{
    struct eth_options o;
    st_err e = {0};
    CHECK(eth_options_parse(OPTS, &o, &e) == 0);
    struct eth_intent in;

#define CONTRACT "\"to\":\"0x5FbDB2315678afecb367f032d93F642f64180aa3\""
    CHECK(eth_intent_parse("{\"chain\":\"eth\",\"kind\":\"call\"," CONTRACT ",\"data\":\"0xd0e30db0\",\"amount\":\"0.5\"}",
                           &o, &in, &e) == 0);
    u256 want = u256_from_u64(500000000000000000ULL);
    static const uint8_t deposit[4] = {0xd0, 0xe3, 0x0d, 0xb0};
    CHECK(in.kind == ETH_INTENT_CALL && in.decimals == 18 && strcmp(in.asset, "ETH") == 0);
    CHECK(u256_cmp(&in.amount, &want) == 0 && in.to[0] == 0x5f && in.to[19] == 0xa3);
    CHECK(in.data_len == 4 && in.data != NULL && memcmp(in.data, deposit, 4) == 0);
    CHECK(!in.has_gas_limit && !in.caps.has_max_fee && !in.caps.has_max_priority);
    eth_intent_free(&in);
    CHECK(in.data == NULL && in.data_len == 0);

    /* Value zero, upper-case digits, a gas limit (string or integer) and fee caps. */
    CHECK(eth_intent_parse("{\"kind\":\"call\"," CONTRACT ",\"data\":\"0xABCDEF0100ff\",\"amount\":\"0\","
                           "\"gas_limit\":\"100000\",\"max_fee_per_gas_gwei\":\"20\",\"max_priority_fee_per_gas_gwei\":\"1\"}",
                           &o, &in, &e) == 0);
    static const uint8_t d6[6] = {0xab, 0xcd, 0xef, 0x01, 0x00, 0xff};
    CHECK(u256_is_zero(&in.amount) && in.data_len == 6 && memcmp(in.data, d6, 6) == 0);
    CHECK(in.has_gas_limit && in.gas_limit == 100000 && in.caps.has_max_fee && in.caps.has_max_priority);
    eth_intent_free(&in);
    CHECK(eth_intent_parse("{\"kind\":\"call\"," CONTRACT ",\"data\":\"0xd0e30db0\",\"amount\":\"0.0\",\"gas_limit\":21064}",
                           &o, &in, &e) == 0);
    CHECK(u256_is_zero(&in.amount) && in.has_gas_limit && in.gas_limit == 21064); /* exactly the intrinsic gas */
    eth_intent_free(&in);
    /* All-lower-case "to" carries no checksum; the smallest value. */
    CHECK(eth_intent_parse("{\"kind\":\"call\",\"to\":\"0x5fbdb2315678afecb367f032d93f642f64180aa3\",\"data\":\"0x00000000\","
                           "\"amount\":\"0.000000000000000001\",\"gas_limit\":\"21016\"}", &o, &in, &e) == 0);
    want = u256_from_u64(1);
    CHECK(u256_cmp(&in.amount, &want) == 0 && in.gas_limit == 21016);
    eth_intent_free(&in);

    /* The largest call data, 65536 bytes; one more is refused. */
    size_t max = ETH_CALL_DATA_MAX;
    char *big = malloc(2 * max + 200);
    int at = snprintf(big, 200, "{\"kind\":\"call\"," CONTRACT ",\"amount\":\"0\",\"data\":\"0x");
    memset(big + at, 'e', 2 * max);
    strcpy(big + at + 2 * max, "\"}");
    CHECK(eth_intent_parse(big, &o, &in, &e) == 0 && in.data_len == max && in.data[max - 1] == 0xee);
    eth_intent_free(&in);
    memset(big + at, 'e', 2 * max + 2);
    strcpy(big + at + 2 * max + 2, "\"}");
    st_err_clear(&e);
    CHECK(eth_intent_parse(big, &o, &in, &e) != 0);
    CHECK_STR(e.msg, "intent: data: 65537 bytes, more than the 65536 a call may carry");
    CHECK(in.data == NULL);
    free(big);

#define DATA "\"data\":\"0xd0e30db0\""
#define CALL "{\"kind\":\"call\","
    /* Every refusal, with its whole message. */
    static const struct {
        const char *json, *msg;
    } bad[] = {
        {CALL CONTRACT ",\"amount\":\"1\"}",
         "intent: data: missing (0x and the call data: a 4-byte function selector and its arguments)"},
        {CALL CONTRACT ",\"data\":3735928240,\"amount\":\"1\"}", "intent: data: must be a string (0x and hex digits)"},
        {CALL CONTRACT ",\"data\":\"d0e30db0\",\"amount\":\"1\"}", "intent: data: must start with 0x"},
        {CALL CONTRACT ",\"data\":\"0Xd0e30db0\",\"amount\":\"1\"}", "intent: data: must start with 0x"},
        {CALL CONTRACT ",\"data\":\"0xd0e30db0a\",\"amount\":\"1\"}", "intent: data: an odd number of hex digits (9)"},
        {CALL CONTRACT ",\"data\":\"0xd0e30dbg\",\"amount\":\"1\"}",
         "intent: data: not hex (only 0-9, a-f and A-F may follow 0x)"},
        {CALL CONTRACT ",\"data\":\"0xd0e3 db0\",\"amount\":\"1\"}",
         "intent: data: not hex (only 0-9, a-f and A-F may follow 0x)"},
        {CALL CONTRACT ",\"data\":\"0x-0e30db0\",\"amount\":\"1\"}",
         "intent: data: not hex (only 0-9, a-f and A-F may follow 0x)"},
        {CALL CONTRACT ",\"data\":\"0x\",\"amount\":\"1\"}", "intent: data: 0 bytes, shorter than a 4-byte function selector"},
        {CALL CONTRACT ",\"data\":\"0xd0e30d\",\"amount\":\"1\"}",
         "intent: data: 3 bytes, shorter than a 4-byte function selector"},
        {CALL CONTRACT "," DATA "}", "intent: amount: missing (the ETH sent with the call; \"0\" for none)"},
        {CALL CONTRACT "," DATA ",\"amount\":0}",
         "intent: amount: must be a decimal string such as \"0.1\", not a JSON number"},
        {CALL CONTRACT "," DATA ",\"amount\":\"-1\"}", NULL},
        {CALL CONTRACT "," DATA ",\"amount\":\"0.0000000000000000001\"}", NULL},
        {CALL DATA ",\"amount\":\"1\"}", "intent: to: missing"},
        {CALL "\"to\":\"0x0000000000000000000000000000000000000000\"," DATA ",\"amount\":\"1\"}",
         "intent: to: the zero address is no contract (contract creation is not supported)"},
        {CALL "\"to\":\"0x5FbDB2315678afecb367f032d93F642f64180aA3\"," DATA ",\"amount\":\"1\"}", NULL},
        {CALL "\"to\":[]," DATA ",\"amount\":\"1\"}", "intent: to: must be an address string"},
        {CALL CONTRACT "," DATA ",\"amount\":\"1\",\"gas_limit\":\"0\"}",
         "intent: gas_limit: 0 is below the 21064 gas this transaction costs before the contract runs (21000, plus 4 "
         "per zero and 16 per other byte of data)"},
        {CALL CONTRACT "," DATA ",\"amount\":\"1\",\"gas_limit\":\"21063\"}",
         "intent: gas_limit: 21063 is below the 21064 gas this transaction costs before the contract runs (21000, "
         "plus 4 per zero and 16 per other byte of data)"},
        {CALL CONTRACT "," DATA ",\"amount\":\"1\",\"gas_limit\":\"1000000001\"}",
         "intent: gas_limit: 1000000001 is above the maximum 1000000000"},
        {CALL CONTRACT "," DATA ",\"amount\":\"1\",\"gas_limit\":\"0x5208\"}",
         "intent: gas_limit: \"0x5208\" is not an unsigned integer"},
        {CALL CONTRACT "," DATA ",\"amount\":\"1\",\"gas_limit\":\"\"}", "intent: gas_limit: \"\" is not an unsigned integer"},
        {CALL CONTRACT "," DATA ",\"amount\":\"1\",\"gas_limit\":-5}", "intent: gas_limit: must not be negative"},
        {CALL CONTRACT "," DATA ",\"amount\":\"1\",\"gas_limit\":50000.5}", "intent: gas_limit: must be an integer"},
        {CALL CONTRACT "," DATA ",\"amount\":\"1\",\"max_fee_per_gas_gwei\":\"x\"}", NULL},
        {CALL CONTRACT "," DATA ",\"amount\":\"1\",\"value\":\"1\"}", "intent: unknown field \"value\" for kind \"call\""},
        {CALL CONTRACT "," DATA ",\"amount\":\"1\",\"asset\":\"ETH\"}", "intent: unknown field \"asset\" for kind \"call\""},
        {CALL CONTRACT "," DATA ",\"amount\":\"1\",\"contract\":\"0x5FbDB2315678afecb367f032d93F642f64180aa3\"}",
         "intent: unknown field \"contract\" for kind \"call\""},
        {"{\"chain\":\"sol\",\"kind\":\"call\"," CONTRACT "," DATA ",\"amount\":\"1\"}",
         "intent: chain: must be \"eth\" for this plugin"},
        {"{\"kind\":\"Call\"}", "intent: kind: unknown kind \"Call\" (transfer, token_transfer, call, message, typed_data)"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        st_err_clear(&e);
        CHECK(eth_intent_parse(bad[i].json, &o, &in, &e) != 0);
        CHECK(in.data == NULL && in.data_len == 0);
        if (bad[i].msg != NULL) {
            if (strcmp(e.msg, bad[i].msg) != 0)
                fprintf(stderr, "call case %zu:\n   got: %s\n  want: %s\n", i, e.msg, bad[i].msg);
            CHECK(strcmp(e.msg, bad[i].msg) == 0);
        }
    }
    /* The messages shared with transfers: the field is named, the reason from its reader. */
    static const struct {
        size_t i;
        const char *start;
    } shared[] = {{12, "intent: amount: "}, {13, "intent: amount: "}, {16, "intent: to: "}, {25, "intent: max_fee_per_gas_gwei"}};
    for (size_t k = 0; k < sizeof shared / sizeof shared[0]; k++) {
        st_err_clear(&e);
        CHECK(eth_intent_parse(bad[shared[k].i].json, &o, &in, &e) != 0);
        CHECK(strncmp(e.msg, shared[k].start, strlen(shared[k].start)) == 0);
    }
    st_err_clear(&e);
    CHECK(eth_intent_parse(bad[16].json, &o, &in, &e) != 0 && strstr(e.msg, "EIP-55") != NULL);
#undef CALL
#undef DATA
#undef CONTRACT
    eth_options_free(&o);
}

int main(void)
{
    test_options();
    test_intents();
    test_calls();
    return check_summary();
}
