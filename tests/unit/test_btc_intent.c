/* test_btc_intent.c: destinations (btc_script.h), intents (btc_intent.h) and options
 * (btc_options.h). Address/script pairs are published ones: BIP-173's examples (P2WPKH,
 * P2WSH), the genesis address and a well-known P2SH address, testnet base58 addresses, and
 * BIP-350's valid addresses of witness versions this plugin refuses to pay. */
#include "btc_intent.h"
#include "btc_options.h"
#include "btc_script.h"
#include "check.h"
#include "util/hex.h"

static const struct btc_network *net(const char *n)
{
    return btc_network_by_name(n);
}

static void script_ok(const char *netname, const char *addr, const char *script_hex, enum btc_script_type type)
{
    uint8_t s[BTC_SCRIPT_MAX];
    size_t len;
    enum btc_script_type t;
    st_err e = { 0 };
    char hex[2 * BTC_SCRIPT_MAX + 1] = "";
    int rc = btc_address_to_script(net(netname), addr, s, &len, &t, &e);
    if (rc == 0)
        hex_encode(hex, s, len);
    check_count++;
    if (rc != 0 || strcmp(hex, script_hex) != 0 || t != type) {
        check_failed++;
        fprintf(stderr, "%s on %s: rc %d %s (%s), wanted %s\n", addr, netname, rc, hex, e.msg, script_hex);
    }
}

static void script_bad(const char *netname, const char *addr, const char *needle)
{
    uint8_t s[BTC_SCRIPT_MAX];
    size_t len;
    enum btc_script_type t;
    st_err e = { 0 };
    int rc = btc_address_to_script(net(netname), addr, s, &len, &t, &e);
    check_count++;
    if (rc != -1 || strstr(e.msg, needle) == NULL) {
        check_failed++;
        fprintf(stderr, "%s on %s: rc %d \"%s\", wanted a refusal with \"%s\"\n", addr, netname, rc, e.msg, needle);
    }
}

static void addresses(void)
{
    script_ok("mainnet", "BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4", "0014751e76e8199196d454941c45d1b3a323f1433bd6",
              BTC_P2WPKH);
    script_ok("mainnet", "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", "0014751e76e8199196d454941c45d1b3a323f1433bd6",
              BTC_P2WPKH);
    script_ok("testnet", "tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7",
              "00201863143c14c5166804bd19203356da136c985678cd4d27a1b8c6329604903262", BTC_P2WSH);
    script_ok("signet", "tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7",
              "00201863143c14c5166804bd19203356da136c985678cd4d27a1b8c6329604903262", BTC_P2WSH);
    script_ok("mainnet", "bc1p5cyxnuxmeuwuvkwfem96lqzszd02n6xdcjrs20cac6yqjjwudpxqkedrcr",
              "5120a60869f0dbcf1dc659c9cecbaf8050135ea9e8cdc487053f1dc6880949dc684c", BTC_P2TR);
    script_ok("mainnet", "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", "76a91462e907b15cbf27d5425399ebf6f0fb50ebb88f1888ac",
              BTC_P2PKH);
    script_ok("mainnet", "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy", "a914b472a266d0bd89c13706a4132ccfb16f7c3b9fcb87",
              BTC_P2SH);
    script_ok("testnet", "mipcBbFg9gMiCh81Kj8tqqdgoZub1ZJRfn", "76a914243f1394f44554f4ce3fd68649c19adc483ce92488ac",
              BTC_P2PKH);
    script_ok("regtest", "2MzQwSSnBHWHqSAqtTVQ6v47XtaisrJa1Vc", "a9144e9f39ca4688ff102128ea4ccda34105324305b087",
              BTC_P2SH);

    /* Another network. */
    script_bad("testnet", "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", "not a testnet address (expected the prefix tb1)");
    script_bad("regtest", "tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7", "expected the prefix bcrt1");
    script_bad("mainnet", "bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080", "expected the prefix bc1");
    script_bad("mainnet", "mipcBbFg9gMiCh81Kj8tqqdgoZub1ZJRfn", "another network");
    script_bad("testnet", "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", "another network");
    /* Valid BIP-350 addresses of witness versions we do not pay. */
    script_bad("mainnet", "bc1zw508d6qejxtdg4y5r3zarvaryvaxxpcs", "segwit v2");
    script_bad("mainnet", "BC1SW50QGDZ25J", "segwit v16");
    script_bad("mainnet", "bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kt5nd6y",
               "40-byte program");
    /* Invalid per BIP-350: v1 with a bech32 (not bech32m) checksum; v0 with bech32m. */
    script_bad("mainnet", "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqh2y7hd", "not a valid mainnet address");
    script_bad("mainnet", "BC1QR508D6QEJXTDG4Y5R3ZARVARYV98GJ9P", "not a valid mainnet address");
    /* Bad checksums, garbage, empty. */
    script_bad("mainnet", "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5", "not a valid mainnet address");
    script_bad("mainnet", "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb", "checksum");
    script_bad("mainnet", "", "not a valid mainnet address");
    script_bad("mainnet", "0x9858EfFD232B4033E47d90003D41EC34EcaEda94", "not a valid mainnet address");
}

static int intent_rc(const char *netname, const char *json, struct btc_intent *out, char *msg, size_t cap)
{
    st_err e = { 0 };
    int rc = btc_intent_parse(json, net(netname), out, &e);
    snprintf(msg, cap, "%s", e.msg);
    return rc;
}

static void intents(void)
{
    struct btc_intent it;
    char msg[ST_ERR_MAX];
    CHECK(intent_rc("testnet",
                    "{\"chain\":\"btc\",\"kind\":\"transfer\",\"to\":\"tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7\","
                    "\"amount\":\"0.001\"}", &it, msg, sizeof msg) == 0);
    CHECK(it.amount == 100000 && it.type == BTC_P2WSH && it.script_len == 34 && it.fee_rate == 0 && it.max_fee_rate == 0);
    CHECK(intent_rc("mainnet",
                    "{\"kind\":\"transfer\",\"to\":\"1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa\",\"amount\":\"21000000\","
                    "\"asset\":\"BTC\",\"fee_rate_sat_vb\":\"2.5\",\"max_fee_rate_sat_vb\":10}", &it, msg, sizeof msg) == 0);
    CHECK(it.amount == 2100000000000000ull && it.type == BTC_P2PKH && it.fee_rate == 2500 && it.max_fee_rate == 10000);
    CHECK(intent_rc("mainnet",
                    "{\"kind\":\"transfer\",\"to\":\"1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa\",\"amount\":\"0.00000001\","
                    "\"fee_rate_sat_vb\":12.125}", &it, msg, sizeof msg) == 0);
    CHECK(it.amount == 1 && it.fee_rate == 12125);

#define TO "\"to\":\"bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4\""
    static const struct { const char *json, *needle; } bad[] = {
        { "", "intent: not valid JSON" },
        { "[]", "expected a JSON object" },
        { "{\"kind\":\"transfer\"," TO ",\"amount\":\"1\",\"memo\":\"x\"}", "unknown field \"memo\"" },
        { "{\"chain\":\"eth\",\"kind\":\"transfer\"," TO ",\"amount\":\"1\"}", "intent chain" },
        { "{" TO ",\"amount\":\"1\"}", "intent kind: missing" },
        { "{\"kind\":\"token_transfer\"," TO ",\"amount\":\"1\"}", "\"token_transfer\" is not supported" },
        { "{\"kind\":\"transfer\"," TO ",\"amount\":\"1\",\"asset\":\"USDT\"}", "intent asset" },
        { "{\"kind\":\"transfer\",\"amount\":\"1\"}", "intent to: missing" },
        { "{\"kind\":\"transfer\",\"to\":5,\"amount\":\"1\"}", "intent to: missing or not a string" },
        { "{\"kind\":\"transfer\",\"to\":\"tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7\",\"amount\":\"1\"}",
          "intent to: " },
        { "{\"kind\":\"transfer\"," TO "}", "intent amount: missing" },
        { "{\"kind\":\"transfer\"," TO ",\"amount\":0.001}", "must be a decimal string" },
        { "{\"kind\":\"transfer\"," TO ",\"amount\":\"0.000000001\"}", "intent amount" },
        { "{\"kind\":\"transfer\"," TO ",\"amount\":\"0\"}", "intent amount: must be above 0" },
        { "{\"kind\":\"transfer\"," TO ",\"amount\":\"-1\"}", "intent amount" },
        { "{\"kind\":\"transfer\"," TO ",\"amount\":\"1e3\"}", "intent amount" },
        { "{\"kind\":\"transfer\"," TO ",\"amount\":\" 1\"}", "intent amount" },
        { "{\"kind\":\"transfer\"," TO ",\"amount\":\"21000000.00000001\"}", "above 21 million" },
        { "{\"kind\":\"transfer\"," TO ",\"amount\":\"1\",\"fee_rate_sat_vb\":\"0\"}", "intent fee_rate_sat_vb" },
        { "{\"kind\":\"transfer\"," TO ",\"amount\":\"1\",\"fee_rate_sat_vb\":0.1234}", "intent fee_rate_sat_vb" },
        { "{\"kind\":\"transfer\"," TO ",\"amount\":\"1\",\"fee_rate_sat_vb\":true}", "intent fee_rate_sat_vb" },
        { "{\"kind\":\"transfer\"," TO ",\"amount\":\"1\",\"max_fee_rate_sat_vb\":-3}", "intent max_fee_rate_sat_vb" },
        { "{\"kind\":\"transfer\"," TO ",\"amount\":\"1\",\"fee_rate_sat_vb\":5,\"max_fee_rate_sat_vb\":4}",
          "above its own max_fee_rate_sat_vb" },
        { "{\"kind\":\"transfer\"," TO ",\"amount\":\"1\",\"amount\":\"2\"}", "not valid JSON" },
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int rc = intent_rc("mainnet", bad[i].json, &it, msg, sizeof msg);
        check_count++;
        if (rc != -1 || strstr(msg, bad[i].needle) == NULL) {
            check_failed++;
            fprintf(stderr, "intent case %zu: rc %d \"%s\", wanted \"%s\"\n", i, rc, msg, bad[i].needle);
        }
    }
}

static void options(void)
{
    struct btc_options o;
    st_err e = { 0 };
    CHECK(btc_options_parse("{}", &o, &e) == 0);
    CHECK(strcmp(o.net->name, "mainnet") == 0 && o.backend == BTC_BACKEND_ESPLORA && o.max_fee_rate == 100000 &&
          o.min_fee_rate == 1000 && o.fee_rate == 0 && o.fallback_fee_rate == 0 && o.fee_target_blocks == 6 &&
          !o.spend_unconfirmed);
    CHECK(btc_options_parse(NULL, &o, &e) == 0 && o.net->coin_type == 0);
    CHECK(btc_options_parse("{\"network\":\"regtest\",\"backend\":\"bitcoind\",\"max_fee_rate_sat_vb\":\"50\","
                            "\"min_fee_rate_sat_vb\":0.1,\"fee_rate_sat_vb\":2,\"fallback_fee_rate_sat_vb\":\"1.5\","
                            "\"fee_target_blocks\":144,\"spend_unconfirmed\":true}", &o, &e) == 0);
    CHECK(strcmp(o.net->hrp, "bcrt") == 0 && o.net->coin_type == 1 && o.backend == BTC_BACKEND_BITCOIND &&
          o.max_fee_rate == 50000 && o.min_fee_rate == 100 && o.fee_rate == 2000 && o.fallback_fee_rate == 1500 &&
          o.fee_target_blocks == 144 && o.spend_unconfirmed);
    CHECK(btc_options_parse("{\"network\":\"signet\"}", &o, &e) == 0 && strcmp(o.net->hrp, "tb") == 0 &&
          o.net->coin_type == 1);

    static const struct { const char *json, *needle; } bad[] = {
        { "[]", "expected a JSON object" },
        { "{\"network\":\"testnet4\"}", "option network" },
        { "{\"network\":1}", "option network" },
        { "{\"backend\":\"electrum\"}", "option backend" },
        { "{\"max_fee_rate_sat_vb\":\"lots\"}", "option max_fee_rate_sat_vb" },
        { "{\"max_fee_rate_sat_vb\":0}", "option max_fee_rate_sat_vb" },
        { "{\"fee_target_blocks\":0}", "option fee_target_blocks" },
        { "{\"fee_target_blocks\":1009}", "option fee_target_blocks" },
        { "{\"fee_target_blocks\":\"6\"}", "option fee_target_blocks" },
        { "{\"spend_unconfirmed\":\"yes\"}", "option spend_unconfirmed" },
        { "{\"chain_id\":1}", "unknown option \"chain_id\"" },
        { "{\"min_fee_rate_sat_vb\":5,\"max_fee_rate_sat_vb\":4}", "min_fee_rate_sat_vb is above" },
        { "{\"fee_rate_sat_vb\":500}", "option fee_rate_sat_vb must lie between" },
        { "{\"fallback_fee_rate_sat_vb\":0.5}", "option fallback_fee_rate_sat_vb must lie between" },
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        st_err e2 = { 0 };
        int rc = btc_options_parse(bad[i].json, &o, &e2);
        check_count++;
        if (rc != -1 || strstr(e2.msg, bad[i].needle) == NULL) {
            check_failed++;
            fprintf(stderr, "options case %zu: rc %d \"%s\", wanted \"%s\"\n", i, rc, e2.msg, bad[i].needle);
        }
    }
}

int main(void)
{
    addresses();
    intents();
    options();
    return check_summary();
}
