/* test_btc_answers.c: parsing Esplora and Bitcoin Core answers (btc_esplora.h,
 * btc_bitcoind.h): well-formed answers give the right values, and every kind of malformed
 * answer is refused with a message naming the field. */
#include "btc_bitcoind.h"
#include "btc_esplora.h"
#include "btc_tx.h"
#include "check.h"
#include "util/hex.h"

#define TXA "f6f1c5d3a4b2e1d0c9b8a7f6e5d4c3b2a1f0e9d8c7b6a5f4e3d2c1b0a9f8e7d6"
#define TXB "00000000000000000000000000000000000000000000000000000000000000ff"
#define SPK "5120a60869f0dbcf1dc659c9cecbaf8050135ea9e8cdc487053f1dc6880949dc684c"

static int refused(int rc, const st_err *e, const char *needle)
{
    if (rc != -1 || strstr(e->msg, needle) == NULL) {
        fprintf(stderr, "  expected a refusal mentioning \"%s\", got rc %d: %s\n", needle, rc, e->msg);
        return 0;
    }
    return 1;
}

static void esplora_utxos(void)
{
    struct btc_utxo_list l;
    st_err e = { 0 };
    const char *ok = "[{\"txid\":\"" TXA "\",\"vout\":1,\"status\":{\"confirmed\":true,\"block_height\":800000,"
                     "\"block_hash\":\"00\",\"block_time\":1},\"value\":150000},"
                     "{\"txid\":\"" TXB "\",\"vout\":0,\"status\":{\"confirmed\":false},\"value\":2100000000000000}]";
    CHECK(btc_esplora_parse_utxos(ok, &l, &e) == 0);
    CHECK(l.n == 2);
    if (l.n == 2) {
        /* The txid is held in internal order: the displayed hex reversed. */
        CHECK(l.v[0].txid[0] == 0xd6 && l.v[0].txid[31] == 0xf6);
        CHECK(l.v[1].txid[0] == 0xff && l.v[1].txid[31] == 0x00);
        CHECK(l.v[0].vout == 1 && l.v[0].value == 150000 && l.v[0].confirmed == 1 && l.v[0].immature == 0);
        CHECK(l.v[1].confirmed == 0 && l.v[1].value == 2100000000000000ull);
        char hex[65];
        btc_hash_to_hex(l.v[0].txid, hex);
        CHECK_STR(hex, TXA);
    }
    btc_utxo_list_free(&l);
    CHECK(btc_esplora_parse_utxos("[]", &l, &e) == 0 && l.n == 0);
    btc_utxo_list_free(&l);

    static const struct { const char *body, *needle; } bad[] = {
        { "", "not valid JSON" },
        { "<html>rate limited</html>", "not valid JSON" },
        { "{}", "expected a JSON array" },
        { "[1]", "entry 0 is not an object" },
        { "[{\"vout\":0,\"status\":{\"confirmed\":true},\"value\":1}]", "\"txid\"" },
        { "[{\"txid\":\"abc\",\"vout\":0,\"status\":{\"confirmed\":true},\"value\":1}]", "\"txid\"" },
        { "[{\"txid\":\"" TXA "zz\",\"vout\":0,\"status\":{\"confirmed\":true},\"value\":1}]", "\"txid\"" },
        { "[{\"txid\":\"" TXA "\",\"status\":{\"confirmed\":true},\"value\":1}]", "\"vout\"" },
        { "[{\"txid\":\"" TXA "\",\"vout\":-1,\"status\":{\"confirmed\":true},\"value\":1}]", "\"vout\"" },
        { "[{\"txid\":\"" TXA "\",\"vout\":4294967296,\"status\":{\"confirmed\":true},\"value\":1}]", "\"vout\"" },
        { "[{\"txid\":\"" TXA "\",\"vout\":0,\"status\":{\"confirmed\":true},\"value\":\"1\"}]", "\"value\"" },
        { "[{\"txid\":\"" TXA "\",\"vout\":0,\"status\":{\"confirmed\":true},\"value\":1.5}]", "\"value\"" },
        { "[{\"txid\":\"" TXA "\",\"vout\":0,\"status\":{\"confirmed\":true},\"value\":0}]", "\"value\" is 0" },
        { "[{\"txid\":\"" TXA "\",\"vout\":0,\"status\":{\"confirmed\":true},\"value\":2100000000000001}]", "\"value\"" },
        { "[{\"txid\":\"" TXA "\",\"vout\":0,\"value\":5}]", "status.confirmed" },
        { "[{\"txid\":\"" TXA "\",\"vout\":0,\"status\":{\"confirmed\":1},\"value\":5}]", "status.confirmed" },
        { "[{\"txid\":\"" TXA "\",\"vout\":0,\"status\":{\"confirmed\":true},\"value\":5},"
          "{\"txid\":\"" TXA "\",\"vout\":0,\"status\":{\"confirmed\":true},\"value\":5}]", "listed twice" },
        { "[{\"txid\":\"" TXA "\",\"txid\":\"" TXB "\",\"vout\":0,\"status\":{\"confirmed\":true},\"value\":5}]",
          "not valid JSON" }, /* duplicate key */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        st_err e2 = { 0 };
        int rc = btc_esplora_parse_utxos(bad[i].body, &l, &e2);
        check_count++;
        if (!refused(rc, &e2, bad[i].needle)) {
            check_failed++;
            fprintf(stderr, "esplora utxo case %zu\n", i);
        }
        CHECK(l.v == NULL && l.n == 0);
        btc_utxo_list_free(&l);
    }
}

static void esplora_fees(void)
{
    const char *est = "{\"1\":87.882,\"2\":87.882,\"3\":87.882,\"4\":87.882,\"5\":81.129,\"6\":68.285,\"144\":1.027,"
                      "\"504\":1.027,\"1008\":1.027,\"25\":38.3}";
    uint64_t kvb;
    int have;
    st_err e = { 0 };
    CHECK(btc_esplora_parse_fee_estimates(est, 6, &kvb, &have, &e) == 0 && have && kvb == 68285);
    CHECK(btc_esplora_parse_fee_estimates(est, 1, &kvb, &have, &e) == 0 && kvb == 87882);
    CHECK(btc_esplora_parse_fee_estimates(est, 10, &kvb, &have, &e) == 0 && kvb == 68285); /* largest <= 10 is 6 */
    CHECK(btc_esplora_parse_fee_estimates(est, 30, &kvb, &have, &e) == 0 && kvb == 38300);
    CHECK(btc_esplora_parse_fee_estimates(est, 1008, &kvb, &have, &e) == 0 && kvb == 1027);
    /* Only slow targets offered: the fastest one is used. */
    CHECK(btc_esplora_parse_fee_estimates("{\"144\":2.0001,\"12\":3}", 6, &kvb, &have, &e) == 0 && kvb == 3000);
    /* Rounded up to whole sat/kvB. */
    CHECK(btc_esplora_parse_fee_estimates("{\"6\":2.0001}", 6, &kvb, &have, &e) == 0 && kvb == 2001);
    CHECK(btc_esplora_parse_fee_estimates("{\"6\":0}", 6, &kvb, &have, &e) == 0 && have && kvb == 0);
    CHECK(btc_esplora_parse_fee_estimates("{}", 6, &kvb, &have, &e) == 0 && !have);

    static const struct { const char *body, *needle; } bad[] = {
        { "[]", "expected a JSON object" },
        { "{\"six\":1}", "not a number of blocks" },
        { "{\"0\":1}", "not a number of blocks" },
        { "{\"-1\":1}", "not a number of blocks" },
        { "{\"6\":\"1\"}", "not a fee rate" },
        { "{\"6\":-1}", "not a fee rate" },
        { "{\"6\":1e9}", "not a fee rate" },
        { "{\"6\":null}", "not a fee rate" },
        { "nope", "not valid JSON" },
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        st_err e2 = { 0 };
        int rc = btc_esplora_parse_fee_estimates(bad[i].body, 6, &kvb, &have, &e2);
        check_count++;
        if (!refused(rc, &e2, bad[i].needle)) {
            check_failed++;
            fprintf(stderr, "esplora fee case %zu\n", i);
        }
    }
}

static void esplora_balance_txid(void)
{
    const char *addr = "bc1p5cyxnuxmeuwuvkwfem96lqzszd02n6xdcjrs20cac6yqjjwudpxqkedrcr";
    char body[512];
    uint64_t sats;
    st_err e = { 0 };
    snprintf(body, sizeof body,
             "{\"address\":\"%s\",\"chain_stats\":{\"funded_txo_count\":3,\"funded_txo_sum\":500000,"
             "\"spent_txo_count\":1,\"spent_txo_sum\":200000,\"tx_count\":4},\"mempool_stats\":{\"funded_txo_count\":1,"
             "\"funded_txo_sum\":1000,\"spent_txo_count\":1,\"spent_txo_sum\":100000,\"tx_count\":1}}", addr);
    CHECK(btc_esplora_parse_balance(body, addr, &sats, &e) == 0 && sats == 500000 - 200000 + 1000 - 100000);
    st_err e2 = { 0 };
    CHECK(refused(btc_esplora_parse_balance(body, "bc1qother", &sats, &e2), &e2, "another address"));
    static const struct { const char *body, *needle; } bad[] = {
        { "[]", "expected a JSON object" },
        { "{\"mempool_stats\":{\"funded_txo_sum\":0,\"spent_txo_sum\":0}}", "chain_stats" },
        { "{\"chain_stats\":{\"funded_txo_sum\":0,\"spent_txo_sum\":0}}", "mempool_stats" },
        { "{\"chain_stats\":{\"funded_txo_sum\":\"5\",\"spent_txo_sum\":0},\"mempool_stats\":{\"funded_txo_sum\":0,"
          "\"spent_txo_sum\":0}}", "chain_stats.funded_txo_sum" },
        { "{\"chain_stats\":{\"funded_txo_sum\":5,\"spent_txo_sum\":6},\"mempool_stats\":{\"funded_txo_sum\":0,"
          "\"spent_txo_sum\":0}}", "spends more" },
        { "{\"chain_stats\":{\"funded_txo_sum\":5,\"spent_txo_sum\":0},\"mempool_stats\":{\"funded_txo_sum\":0,"
          "\"spent_txo_sum\":6}}", "out of range" },
        { "{\"chain_stats\":{\"funded_txo_sum\":5,\"spent_txo_sum\":0},\"mempool_stats\":{\"funded_txo_sum\":0}}",
          "mempool_stats.spent_txo_sum" },
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        st_err e3 = { 0 };
        int rc = btc_esplora_parse_balance(bad[i].body, addr, &sats, &e3);
        check_count++;
        if (!refused(rc, &e3, bad[i].needle)) {
            check_failed++;
            fprintf(stderr, "esplora balance case %zu\n", i);
        }
    }

    char txid[65];
    CHECK(btc_esplora_parse_txid(TXA "\n", txid, &e) == 0);
    CHECK_STR(txid, TXA);
    CHECK(btc_esplora_parse_txid("F6F1C5D3A4B2E1D0C9B8A7F6E5D4C3B2A1F0E9D8C7B6A5F4E3D2C1B0A9F8E7D6", txid, &e) == 0);
    CHECK_STR(txid, TXA);
    st_err e4 = { 0 };
    CHECK(refused(btc_esplora_parse_txid("sendrawtransaction RPC error: {\"code\":-26}", txid, &e4), &e4, "not a txid"));
    CHECK(refused(btc_esplora_parse_txid(TXA " extra", txid, &e4), &e4, "not a txid"));
    CHECK(refused(btc_esplora_parse_txid(TXA "00", txid, &e4), &e4, "not a txid"));
    CHECK(refused(btc_esplora_parse_txid("", txid, &e4), &e4, "not a txid"));
}

static void bitcoind_scan(void)
{
    uint8_t spk[34];
    size_t n;
    CHECK(hex_decode_any(spk, sizeof spk, &n, SPK) == 0 && n == 34);
    struct btc_utxo_list l;
    st_err e = { 0 };
    /* Tip 300: a coinbase at height 201 has 100 confirmations and may be spent in block 301;
     * one at height 202 may not. */
    const char *ok = "{\"success\":true,\"txouts\":9,\"height\":300,\"bestblock\":\"00\",\"unspents\":["
                     "{\"txid\":\"" TXA "\",\"vout\":0,\"scriptPubKey\":\"" SPK "\",\"desc\":\"rawtr(...)\","
                     "\"amount\":0.00150000,\"coinbase\":false,\"height\":250,\"blockhash\":\"00\",\"confirmations\":51},"
                     "{\"txid\":\"" TXB "\",\"vout\":3,\"scriptPubKey\":\"" SPK "\",\"amount\":50.0,"
                     "\"coinbase\":true,\"height\":201},"
                     "{\"txid\":\"" TXB "\",\"vout\":4,\"scriptPubKey\":\"" SPK "\",\"amount\":12.5,"
                     "\"coinbase\":true,\"height\":202},"
                     "{\"txid\":\"" TXB "\",\"vout\":5,\"scriptPubKey\":\"" SPK "\",\"amount\":0.00000001,"
                     "\"height\":299}],\"total_amount\":62.50150001}";
    CHECK(btc_bitcoind_parse_scan(ok, spk, 34, &l, &e) == 0);
    if (e.set)
        fprintf(stderr, "%s\n", e.msg);
    CHECK(l.n == 4);
    if (l.n == 4) {
        CHECK(l.v[0].value == 150000 && l.v[0].confirmed && !l.v[0].immature && l.v[0].vout == 0);
        CHECK(l.v[1].value == 5000000000ull && !l.v[1].immature);
        CHECK(l.v[2].value == 1250000000ull && l.v[2].immature);
        CHECK(l.v[3].value == 1 && !l.v[3].immature); /* no "coinbase" field: older node */
    }
    btc_utxo_list_free(&l);

    static const struct { const char *body, *needle; } bad[] = {
        { "null", "did not succeed" },
        { "{\"success\":false,\"height\":1,\"unspents\":[]}", "did not succeed" },
        { "{\"success\":true,\"unspents\":[]}", "\"height\"" },
        { "{\"success\":true,\"height\":5}", "\"unspents\"" },
        { "{\"success\":true,\"height\":5,\"unspents\":[7]}", "unspent 0 is not an object" },
        { "{\"success\":true,\"height\":5,\"unspents\":[{\"txid\":\"" TXA "\",\"vout\":0,\"scriptPubKey\":\"" SPK
          "\",\"amount\":0.000000015,\"height\":5}]}", "whole number of satoshis" },
        { "{\"success\":true,\"height\":5,\"unspents\":[{\"txid\":\"" TXA "\",\"vout\":0,\"scriptPubKey\":\"" SPK
          "\",\"amount\":-1,\"height\":5}]}", "out of range" },
        { "{\"success\":true,\"height\":5,\"unspents\":[{\"txid\":\"" TXA "\",\"vout\":0,\"scriptPubKey\":\"" SPK
          "\",\"amount\":21000000.00000001,\"height\":5}]}", "\"amount\"" },
        { "{\"success\":true,\"height\":5,\"unspents\":[{\"txid\":\"" TXA "\",\"vout\":0,\"scriptPubKey\":\"" SPK
          "\",\"amount\":\"0.1\",\"height\":5}]}", "not a number" },
        { "{\"success\":true,\"height\":5,\"unspents\":[{\"txid\":\"" TXA "\",\"vout\":0,\"scriptPubKey\":\"" SPK
          "\",\"amount\":0,\"height\":5}]}", "\"amount\" is 0" },
        { "{\"success\":true,\"height\":5,\"unspents\":[{\"txid\":\"" TXA "\",\"vout\":0,\"scriptPubKey\":"
          "\"0014751e76e8199196d454941c45d1b3a323f1433bd6\",\"amount\":1,\"height\":5}]}", "scriptPubKey" },
        { "{\"success\":true,\"height\":5,\"unspents\":[{\"txid\":\"" TXA "\",\"vout\":0,\"amount\":1,\"height\":5}]}",
          "scriptPubKey" },
        { "{\"success\":true,\"height\":5,\"unspents\":[{\"txid\":\"" TXA "\",\"vout\":0,\"scriptPubKey\":\"" SPK
          "\",\"amount\":1,\"height\":6}]}", "\"height\"" }, /* above the tip */
        { "{\"success\":true,\"height\":5,\"unspents\":[{\"txid\":\"" TXA "\",\"vout\":0,\"scriptPubKey\":\"" SPK
          "\",\"amount\":1,\"height\":5,\"coinbase\":\"no\"}]}", "\"coinbase\"" },
        { "{\"success\":true,\"height\":5,\"unspents\":[{\"txid\":\"" TXA "\",\"vout\":1.5,\"scriptPubKey\":\"" SPK
          "\",\"amount\":1,\"height\":5}]}", "\"vout\"" },
        { "{\"success\":true,\"height\":5,\"unspents\":[{\"txid\":\"xyz\",\"vout\":1,\"scriptPubKey\":\"" SPK
          "\",\"amount\":1,\"height\":5}]}", "\"txid\"" },
        { "{\"success\":true,\"height\":5,\"unspents\":[{\"txid\":\"" TXA "\",\"vout\":1,\"scriptPubKey\":\"" SPK
          "\",\"amount\":1,\"height\":5},{\"txid\":\"" TXA "\",\"vout\":1,\"scriptPubKey\":\"" SPK
          "\",\"amount\":2,\"height\":4}]}", "listed twice" },
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        st_err e2 = { 0 };
        int rc = btc_bitcoind_parse_scan(bad[i].body, spk, 34, &l, &e2);
        check_count++;
        if (!refused(rc, &e2, bad[i].needle)) {
            check_failed++;
            fprintf(stderr, "scantxoutset case %zu\n", i);
        }
        CHECK(l.v == NULL);
    }
}

static void bitcoind_fee_txid(void)
{
    uint64_t kvb;
    int have;
    char why[100];
    st_err e = { 0 };
    CHECK(btc_bitcoind_parse_feerate("{\"feerate\":0.00012345,\"blocks\":6}", &kvb, &have, why, sizeof why, &e) == 0);
    CHECK(have && kvb == 12345); /* 0.00012345 BTC/kvB = 12345 sat/kvB = 12.345 sat/vB */
    CHECK(btc_bitcoind_parse_feerate("{\"feerate\":0.00001,\"blocks\":2}", &kvb, &have, why, sizeof why, &e) == 0 &&
          kvb == 1000);
    CHECK(btc_bitcoind_parse_feerate("{\"errors\":[\"Insufficient data or no feerate found\"],\"blocks\":0}", &kvb,
                                     &have, why, sizeof why, &e) == 0);
    CHECK(!have && strcmp(why, "Insufficient data or no feerate found") == 0);
    static const char *bad[] = { "{}", "{\"errors\":[]}", "{\"feerate\":\"1\"}", "{\"feerate\":-0.1}",
                                 "{\"feerate\":0}", "{\"feerate\":0.000000001}", "[]", "x" };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        st_err e2 = { 0 };
        check_count++;
        if (btc_bitcoind_parse_feerate(bad[i], &kvb, &have, why, sizeof why, &e2) != -1 ||
            strstr(e2.msg, "estimatesmartfee") == NULL) {
            check_failed++;
            fprintf(stderr, "estimatesmartfee case %zu accepted: %s\n", i, e2.msg);
        }
    }
    char txid[65];
    CHECK(btc_bitcoind_parse_txid("\"" TXA "\"", txid, &e) == 0);
    CHECK_STR(txid, TXA);
    static const char *badtx[] = { TXA, "null", "{\"txid\":\"" TXA "\"}", "\"" TXA "0\"", "\"\"", "12" };
    for (size_t i = 0; i < sizeof badtx / sizeof badtx[0]; i++) {
        st_err e2 = { 0 };
        CHECK(btc_bitcoind_parse_txid(badtx[i], txid, &e2) == -1 && strstr(e2.msg, "sendrawtransaction") != NULL);
    }
}

int main(void)
{
    esplora_utxos();
    esplora_fees();
    esplora_balance_txid();
    bitcoind_scan();
    bitcoind_fee_txid();
    return check_summary();
}
