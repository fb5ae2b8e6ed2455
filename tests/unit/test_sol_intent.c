/* test_sol_intent.c: the Solana plugin's options and intents: what is accepted, and that
 * each bad input is refused with a message naming the field. */
#include <string.h>

#include "check.h"
#include "sol_intent.h"
#include "sol_key.h"
#include "sol_options.h"

#define TO "HAgk14JpMQLgt6rVgv7cBQFJWFto5Dqxi472uT3DKpqk" /* on the curve: a wallet */
#define ATA "5N3f1tj9v1vc5TUZ8S7mCAnVmjVKrfnzXWhxLaxyZAgt" /* its USDC account (sol_ata.json): off the curve */
#define USDC "EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v"

static const char *OPTS =
    "{\"cluster\": \"devnet\", \"commitment\": \"finalized\", \"confirm_timeout\": \"30s\","
    " \"tokens\": {\"USDC\": {\"mint\": \"" USDC "\", \"decimals\": 6},"
    "              \"PYUSD\": {\"mint\": \"2b1kV6DkPAnxd5ixfnxCpjxmKwqjjaYmCZfHsFu24GXo\", \"decimals\": \"6\","
    "                          \"program\": \"token-2022\"}}}";

static void expect_option_error(const char *json, const char *needle)
{
    struct sol_options o;
    st_err e = {0};
    CHECK(sol_options_parse(json, &o, &e) == -1);
    if (strstr(e.msg, needle) == NULL) {
        fprintf(stderr, "options %s\n  error \"%s\" lacks \"%s\"\n", json, e.msg, needle);
        CHECK(0);
    }
}

static void test_options(void)
{
    struct sol_options o;
    st_err e = {0};
    CHECK(sol_options_parse("{}", &o, &e) == 0);
    CHECK(o.cluster == SOL_MAINNET_BETA && o.commitment == SOL_CONFIRMED && o.confirm_timeout == 60 && o.ntokens == 0);
    CHECK(sol_options_parse(OPTS, &o, &e) == 0);
    CHECK(o.cluster == SOL_DEVNET && o.commitment == SOL_FINALIZED && o.confirm_timeout == 30 && o.ntokens == 2);
    const struct sol_token *t = sol_options_token(&o, "PYUSD");
    CHECK(t != NULL && t->decimals == 6 && t->token_2022 == 1);
    CHECK(sol_token_program(t) == SOL_TOKEN_2022_PROGRAM);
    t = sol_options_token(&o, "USDC");
    CHECK(t != NULL && t->token_2022 == 0 && sol_token_program(t) == SOL_TOKEN_PROGRAM);
    CHECK(sol_options_token(&o, "usdc") == NULL);
    CHECK(sol_options_parse("{\"confirm_timeout\": 0, \"cluster\": \"localnet\"}", &o, NULL) == 0);
    CHECK(o.confirm_timeout == 0 && sol_cluster_genesis(o.cluster) == NULL);
    CHECK_STR(sol_cluster_genesis(SOL_MAINNET_BETA), "5eykt4UsFv8P8NJdTREpY1vzqKqZKvdpKuc147dw2N9d");

    expect_option_error("[]", "options: must be a mapping");
    expect_option_error("{\"clustr\": \"devnet\"}", "clustr: unknown option");
    expect_option_error("{\"cluster\": \"mainnet\"}", "cluster: must be");
    expect_option_error("{\"commitment\": \"max\"}", "commitment: must be");
    expect_option_error("{\"confirm_timeout\": -1}", "confirm_timeout");
    expect_option_error("{\"confirm_timeout\": 3601}", "confirm_timeout");
    expect_option_error("{\"confirm_timeout\": \"10m\"}", "confirm_timeout");
    expect_option_error("{\"confirm_timeout\": 1.5}", "confirm_timeout");
    expect_option_error("{\"tokens\": []}", "tokens: must be a mapping");
    expect_option_error("{\"tokens\": {\"SOL\": {\"mint\": \"" USDC "\", \"decimals\": 6}}}", "tokens.SOL");
    expect_option_error("{\"tokens\": {\"US DC\": {\"mint\": \"" USDC "\", \"decimals\": 6}}}", "symbol");
    expect_option_error("{\"tokens\": {\"USDC\": {\"decimals\": 6}}}", "tokens.USDC.mint: missing");
    expect_option_error("{\"tokens\": {\"USDC\": {\"mint\": \"xyz0\", \"decimals\": 6}}}", "tokens.USDC.mint: not a Solana address");
    expect_option_error("{\"tokens\": {\"USDC\": {\"mint\": \"" USDC "\"}}}", "tokens.USDC.decimals: missing");
    expect_option_error("{\"tokens\": {\"USDC\": {\"mint\": \"" USDC "\", \"decimals\": 78}}}", "tokens.USDC.decimals");
    expect_option_error("{\"tokens\": {\"USDC\": {\"mint\": \"" USDC "\", \"decimals\": 6, \"program\": \"spl\"}}}",
                        "tokens.USDC.program");
    expect_option_error("{\"tokens\": {\"USDC\": {\"mint\": \"" USDC "\", \"decimals\": 6, \"symbol\": \"x\"}}}",
                        "tokens.USDC.symbol: unknown key");
    expect_option_error("{\"cluster\": \"devnet\", \"cluster\": \"testnet\"}", "options: not JSON");
}

static struct sol_options opts;

static void expect_intent_error(const char *json, const char *needle)
{
    struct sol_intent in;
    st_err e = {0};
    CHECK(sol_intent_parse(json, &opts, &in, &e) == -1);
    if (strstr(e.msg, needle) == NULL) {
        fprintf(stderr, "intent %s\n  error \"%s\" lacks \"%s\"\n", json, e.msg, needle);
        CHECK(0);
    }
}

static void test_intents(void)
{
    struct sol_intent in;
    uint8_t to[32];
    st_err e = {0};
    CHECK(sol_options_parse(OPTS, &opts, NULL) == 0);
    CHECK(sol_key_parse(TO, "to", to, NULL) == 0);

    CHECK(sol_intent_parse("{\"chain\":\"sol\",\"kind\":\"transfer\",\"to\":\"" TO "\",\"amount\":\"0.5\"}", &opts, &in,
                           &e) == 0);
    CHECK(in.kind == SOL_INTENT_TRANSFER && in.amount == 500000000u && memcmp(in.to, to, 32) == 0);
    CHECK(sol_intent_parse("{\"kind\":\"transfer\",\"asset\":\"SOL\",\"to\":\"" TO "\",\"amount\":\"0.000000001\"}",
                           &opts, &in, NULL) == 0);
    CHECK(in.amount == 1);
    CHECK(sol_intent_parse("{\"kind\":\"transfer\",\"to\":\"" TO "\",\"amount\":\"18446744073.709551615\"}", &opts, &in,
                           NULL) == 0);
    CHECK(in.amount == UINT64_MAX);
    /* SOL to a program address (off the curve) is allowed: only token owners must be wallets. */
    CHECK(sol_intent_parse("{\"kind\":\"transfer\",\"to\":\"" ATA "\",\"amount\":\"1\"}", &opts, &in, NULL) == 0);

    CHECK(sol_intent_parse("{\"chain\":\"sol\",\"kind\":\"token_transfer\",\"asset\":\"USDC\",\"to\":\"" TO
                           "\",\"amount\":\"12.5\"}",
                           &opts, &in, &e) == 0);
    CHECK(in.kind == SOL_INTENT_TOKEN_TRANSFER && in.amount == 12500000u && in.token.decimals == 6);
    CHECK_STR(in.token.symbol, "USDC");
    CHECK(in.create_ata == 0);
    CHECK(sol_intent_parse("{\"kind\":\"token_transfer\",\"asset\":\"PYUSD\",\"to\":\"" TO
                           "\",\"amount\":\"1\",\"create_ata\":true}",
                           &opts, &in, NULL) == 0);
    CHECK(in.token.token_2022 == 1 && in.create_ata == 1);
    /* An explicit mint that is configured takes the configured name and program. */
    CHECK(sol_intent_parse("{\"kind\":\"token_transfer\",\"asset\":{\"mint\":\"2b1kV6DkPAnxd5ixfnxCpjxmKwqjjaYmCZfHsFu24GXo\","
                           "\"decimals\":6},\"to\":\"" TO "\",\"amount\":\"2\"}",
                           &opts, &in, NULL) == 0);
    CHECK_STR(in.token.symbol, "PYUSD");
    CHECK(in.token.token_2022 == 1);
    /* An unconfigured mint. */
    CHECK(sol_intent_parse("{\"kind\":\"token_transfer\",\"asset\":{\"mint\":\"" TO "\",\"decimals\":0,\"program\":"
                           "\"token-2022\"},\"to\":\"" TO "\",\"amount\":\"7\"}",
                           &opts, &in, NULL) == 0);
    CHECK(in.token.symbol[0] == '\0' && in.token.decimals == 0 && in.amount == 7 && in.token.token_2022 == 1);
    CHECK(sol_intent_parse("{\"kind\":\"token_transfer\",\"asset\":\"USDC\",\"to\":\"" ATA
                           "\",\"amount\":\"1\",\"allow_owner_off_curve\":true}",
                           &opts, &in, NULL) == 0);

    expect_intent_error("[1]", "intent: must be a JSON object");
    expect_intent_error("{", "intent: not JSON");
    expect_intent_error("{\"to\":\"" TO "\",\"amount\":\"1\"}", "kind: missing");
    expect_intent_error("{\"kind\":\"swap\",\"to\":\"" TO "\",\"amount\":\"1\"}", "kind: \"swap\" is not supported");
    expect_intent_error("{\"kind\":\"transfer\",\"chain\":\"eth\",\"to\":\"" TO "\",\"amount\":\"1\"}", "chain:");
    expect_intent_error("{\"kind\":\"transfer\",\"amount\":\"1\"}", "to: missing");
    expect_intent_error("{\"kind\":\"transfer\",\"to\":\"0x52908400098527886E0F7030069857D2E4169EE7\",\"amount\":\"1\"}",
                        "to: not a Solana address");
    expect_intent_error("{\"kind\":\"transfer\",\"to\":\"1111111111111111111111111111111\",\"amount\":\"1\"}",
                        "to: not a Solana address (31 bytes");
    expect_intent_error("{\"kind\":\"transfer\",\"to\":5,\"amount\":\"1\"}", "to: not a Solana address");
    expect_intent_error("{\"kind\":\"transfer\",\"to\":\"" TO "\"}", "amount: missing");
    expect_intent_error("{\"kind\":\"transfer\",\"to\":\"" TO "\",\"amount\":0.5}", "amount: must be a decimal string");
    expect_intent_error("{\"kind\":\"transfer\",\"to\":\"" TO "\",\"amount\":\"0.0000000001\"}", "amount:");
    expect_intent_error("{\"kind\":\"transfer\",\"to\":\"" TO "\",\"amount\":\"-1\"}", "amount:");
    expect_intent_error("{\"kind\":\"transfer\",\"to\":\"" TO "\",\"amount\":\"1e3\"}", "amount:");
    expect_intent_error("{\"kind\":\"transfer\",\"to\":\"" TO "\",\"amount\":\"0\"}", "amount: must be greater than 0");
    expect_intent_error("{\"kind\":\"transfer\",\"to\":\"" TO "\",\"amount\":\"18446744073.709551616\"}", "amount:");
    expect_intent_error("{\"kind\":\"transfer\",\"to\":\"" TO "\",\"amount\":\"1\",\"asset\":\"USDC\"}",
                        "asset: a transfer moves SOL");
    expect_intent_error("{\"kind\":\"transfer\",\"to\":\"" TO "\",\"amount\":\"1\",\"create_ata\":true}",
                        "create_ata: only for kind token_transfer");
    expect_intent_error("{\"kind\":\"transfer\",\"to\":\"" TO "\",\"amount\":\"1\",\"memo\":\"hi\"}",
                        "memo: unknown intent field");
    expect_intent_error("{\"kind\":\"transfer\",\"to\":\"" TO "\",\"to\":\"" TO "\",\"amount\":\"1\"}", "not JSON");

    expect_intent_error("{\"kind\":\"token_transfer\",\"to\":\"" TO "\",\"amount\":\"1\"}", "asset: missing");
    expect_intent_error("{\"kind\":\"token_transfer\",\"asset\":\"USDT\",\"to\":\"" TO "\",\"amount\":\"1\"}",
                        "asset: \"USDT\" is not a token configured");
    expect_intent_error("{\"kind\":\"token_transfer\",\"asset\":7,\"to\":\"" TO "\",\"amount\":\"1\"}", "asset: must be");
    expect_intent_error("{\"kind\":\"token_transfer\",\"asset\":{\"decimals\":6},\"to\":\"" TO "\",\"amount\":\"1\"}",
                        "asset.mint: missing");
    expect_intent_error("{\"kind\":\"token_transfer\",\"asset\":{\"mint\":\"abc\",\"decimals\":6},\"to\":\"" TO
                        "\",\"amount\":\"1\"}",
                        "asset.mint: not a Solana address");
    expect_intent_error("{\"kind\":\"token_transfer\",\"asset\":{\"mint\":\"" TO "\"},\"to\":\"" TO "\",\"amount\":\"1\"}",
                        "asset.decimals");
    expect_intent_error("{\"kind\":\"token_transfer\",\"asset\":{\"mint\":\"" TO "\",\"decimals\":6,\"program\":\"x\"},"
                        "\"to\":\"" TO "\",\"amount\":\"1\"}",
                        "asset.program");
    expect_intent_error("{\"kind\":\"token_transfer\",\"asset\":{\"mint\":\"" TO "\",\"decimals\":6,\"extra\":1},"
                        "\"to\":\"" TO "\",\"amount\":\"1\"}",
                        "asset.extra: unknown key");
    expect_intent_error("{\"kind\":\"token_transfer\",\"asset\":{\"mint\":\"" USDC "\",\"decimals\":9},\"to\":\"" TO
                        "\",\"amount\":\"1\"}",
                        "asset.decimals: 9, but tokens.USDC");
    expect_intent_error("{\"kind\":\"token_transfer\",\"asset\":{\"mint\":\"" USDC "\",\"decimals\":6,\"program\":"
                        "\"token-2022\"},\"to\":\"" TO "\",\"amount\":\"1\"}",
                        "asset.program: disagrees");
    expect_intent_error("{\"kind\":\"token_transfer\",\"asset\":\"USDC\",\"to\":\"" TO "\",\"amount\":\"1.0000001\"}",
                        "amount:");
    expect_intent_error("{\"kind\":\"token_transfer\",\"asset\":\"USDC\",\"to\":\"" ATA "\",\"amount\":\"1\"}",
                        "to: not a wallet address (off the ed25519 curve");
    expect_intent_error("{\"kind\":\"token_transfer\",\"asset\":\"USDC\",\"to\":\"" TO
                        "\",\"amount\":\"1\",\"create_ata\":\"yes\"}",
                        "create_ata: must be true or false");
}

int main(void)
{
    test_options();
    test_intents();
    return check_summary();
}
