/* test_btc_select.c: coin selection, change, fee and dust (btc_select.h, btc_spend.h,
 * btc_fee.h), with the expected numbers worked out by hand in the comments:
 *   weight = 4 * (4 + 4 + #in CompactSize + #out CompactSize + 41 per input + outputs) + 2
 *            + 66 per input (witness: count, length, 64-byte signature)
 *   P2TR output 43 bytes, P2WPKH output 31 bytes.
 *   1 in, 1 P2TR out:  4*53 + 2 + 230 = 444 WU = 111 vB
 *   1 in, 2 P2TR out:  4*96 + 2 + 230 = 616 WU = 154 vB
 *   2 in, 1 out: 674 WU = 169 vB;  2 in, 2 out: 846 WU = 212 vB
 *   3 in, 1 out: 904 WU = 226 vB;  3 in, 2 out: 1076 WU = 269 vB
 * Also: the vsize of every transaction built equals the weight measured on its actual
 * serialisations (3 * legacy bytes + segwit bytes) / 4 rounded up, across input counts that
 * cross the 253-input CompactSize boundary and every destination type. */
#include <inttypes.h>

#include "btc_buf.h"
#include "btc_fee.h"
#include "btc_script.h"
#include "btc_select.h"
#include "btc_spend.h"
#include "btc_tx.h"
#include "check.h"

static const uint8_t OWN_KEY[32] = { 0x11, 0x22, 0x33, 0x44 };

static void utxo(struct btc_utxo *u, uint8_t id, uint32_t vout, uint64_t value, int confirmed)
{
    memset(u, 0, sizeof *u);
    memset(u->txid, id, 32);
    u->vout = vout;
    u->value = value;
    u->confirmed = confirmed;
}

static struct btc_select_params params(uint64_t amount, uint64_t rate_sat_vb, uint64_t max_sat_vb)
{
    struct btc_select_params p = {
        .amount = amount,
        .dest_script_len = 34,
        .change_script_len = 34,
        .change_dust = 330,
        .fee_rate = rate_sat_vb * 1000,
        .max_fee_rate = max_sat_vb * 1000,
        .allow_unconfirmed = 0,
        .max_inputs = BTC_MAX_INPUTS,
    };
    return p;
}

static void test_weights(void)
{
    size_t p2tr[2] = { 34, 34 }, wpkh[2] = { 22, 34 };
    CHECK(btc_spend_weight(1, p2tr, 1) == 444);
    CHECK(btc_spend_weight(1, p2tr, 2) == 616);
    CHECK(btc_spend_weight(2, p2tr, 1) == 674);
    CHECK(btc_spend_weight(3, p2tr, 2) == 1076);
    CHECK(btc_spend_weight(1, wpkh, 2) == 568); /* 4*(10+31+43) + 232 */
    /* 253 inputs: the input count takes 3 bytes. */
    CHECK(btc_spend_weight(253, p2tr, 1) - btc_spend_weight(252, p2tr, 1) == 230 + 8);
    /* The formula against a measured serialisation across the 253-input CompactSize step. */
    static const size_t many[] = { 252, 253, 254, 300 };
    for (size_t m = 0; m < sizeof many / sizeof many[0]; m++) {
        struct btc_txin *in = calloc(many[m], sizeof *in);
        uint8_t sig[64] = { 0 }, script[34] = { 0x51, 0x20 };
        struct btc_bytes w = { sig, 64 };
        struct btc_txout out = { 1000, script, 34 };
        for (size_t i = 0; i < many[m]; i++) {
            in[i].witness = &w;
            in[i].n_witness = 1;
        }
        struct btc_tx tx = { 2, 0, in, many[m], &out, 1 };
        struct btc_buf full = BTC_BUF_INIT, legacy = BTC_BUF_INIT;
        btc_tx_serialize(&tx, 1, &full);
        btc_tx_serialize(&tx, 0, &legacy);
        CHECK(btc_spend_weight(many[m], p2tr, 1) == 3 * legacy.n + full.n);
        btc_buf_free(&full);
        btc_buf_free(&legacy);
        free(in);
    }
    CHECK(btc_fee_for_vsize(111, 1000) == 111);
    CHECK(btc_fee_for_vsize(111, 1500) == 167);  /* 166.5 rounds up */
    CHECK(btc_fee_for_vsize(154, 12345) == 1902); /* 1901.13 rounds up */
    CHECK(btc_fee_for_vsize(1, 1) == 1);
}

static void test_exact_match(void)
{
    struct btc_utxo u[3];
    utxo(&u[0], 1, 0, 100000, 1);
    utxo(&u[1], 2, 0, 50000, 1);
    utxo(&u[2], 3, 0, 30000, 1);
    struct btc_select_params p = params(50000 - 111, 1, 100);
    struct btc_selection s;
    st_err e = { 0 };
    CHECK(btc_select_coins(u, 3, &p, &s, &e) == 0);
    CHECK(s.by_bnb == 1 && s.n == 1 && s.idx[0] == 1);
    CHECK(!s.has_change && s.change == 0 && s.fee == 111 && s.vsize == 111);
    btc_selection_free(&s);

    /* Three inputs with no excess beat two inputs with 57 sat of excess (smallest excess). */
    struct btc_utxo v[4];
    utxo(&v[0], 1, 0, 40000, 1);
    utxo(&v[1], 2, 0, 30000, 1);
    utxo(&v[2], 3, 0, 20000, 1);
    utxo(&v[3], 4, 0, 10000, 1);
    p = params(60000 - 226, 1, 100);
    CHECK(btc_select_coins(v, 4, &p, &s, &e) == 0);
    CHECK(s.by_bnb == 1 && s.n == 3 && !s.has_change && s.fee == 226 && s.total_in == 60000);
    CHECK(s.idx[0] == 1 && s.idx[1] == 2 && s.idx[2] == 3); /* largest first */
    btc_selection_free(&s);
}

static void test_change(void)
{
    struct btc_utxo u[4];
    struct btc_selection s;
    st_err e = { 0 };
    utxo(&u[0], 1, 0, 100000, 1);
    struct btc_select_params p = params(50000, 1, 100);
    CHECK(btc_select_coins(u, 1, &p, &s, &e) == 0);
    CHECK(s.by_bnb == 0 && s.n == 1 && s.has_change && s.fee == 154 && s.change == 100000 - 50000 - 154);
    btc_selection_free(&s);

    /* Two of four coins, largest first, change 70000 - 65000 - 212. */
    utxo(&u[0], 1, 0, 40000, 1);
    utxo(&u[1], 2, 0, 30000, 1);
    utxo(&u[2], 3, 0, 20000, 1);
    utxo(&u[3], 4, 0, 10000, 1);
    p = params(65000, 1, 100);
    CHECK(btc_select_coins(u, 4, &p, &s, &e) == 0);
    CHECK(s.n == 2 && s.idx[0] == 0 && s.idx[1] == 1 && s.has_change && s.fee == 212 && s.change == 4788);
    btc_selection_free(&s);

    /* A fee rate of 12.5 sat/vB: 154 vB cost 1925 sat. */
    utxo(&u[0], 1, 0, 100000, 1);
    p = params(50000, 1, 100);
    p.fee_rate = 12500;
    CHECK(btc_select_coins(u, 1, &p, &s, &e) == 0);
    CHECK(s.has_change && s.fee == 1925 && s.change == 100000 - 50000 - 1925);
    btc_selection_free(&s);
}

static void test_dust_change(void)
{
    struct btc_utxo u[1];
    struct btc_selection s;
    st_err e = { 0 };
    struct btc_select_params p = params(50000, 1, 100);
    /* Change of exactly the dust limit (330) is kept ... */
    utxo(&u[0], 1, 0, 50000 + 154 + 330, 1);
    CHECK(btc_select_coins(u, 1, &p, &s, &e) == 0);
    CHECK(s.has_change && s.change == 330 && s.fee == 154);
    btc_selection_free(&s);
    /* ... one satoshi less and it goes to the fee: 483 sat for 111 vB. */
    utxo(&u[0], 1, 0, 50000 + 154 + 329, 1);
    CHECK(btc_select_coins(u, 1, &p, &s, &e) == 0);
    CHECK(!s.has_change && s.n == 1 && s.fee == 483 && s.vsize == 111 && s.by_bnb == 0);
    btc_selection_free(&s);
    /* Inside the branch-and-bound window (excess <= 43 + 58 sat) it is found changeless. */
    utxo(&u[0], 1, 0, 50000 + 111 + 101, 1);
    CHECK(btc_select_coins(u, 1, &p, &s, &e) == 0);
    CHECK(!s.has_change && s.by_bnb == 1 && s.fee == 212);
    btc_selection_free(&s);
}

static void test_insufficient(void)
{
    struct btc_utxo u[3];
    struct btc_selection s;
    st_err e = { 0 };
    utxo(&u[0], 1, 0, 30000, 1);
    utxo(&u[1], 2, 0, 20000, 1);
    struct btc_select_params p = params(50000, 1, 100);
    CHECK(btc_select_coins(u, 2, &p, &s, &e) == -1);
    CHECK(strstr(e.msg, "insufficient funds") != NULL);
    CHECK(strstr(e.msg, "need 50169 sat") != NULL);
    CHECK(strstr(e.msg, "have 50000 sat in 2 spendable UTXOs") != NULL);
    CHECK(strstr(e.msg, "short by 169 sat") != NULL);
    CHECK(s.idx == NULL && s.n == 0);

    /* No UTXOs at all. */
    st_err e2 = { 0 };
    CHECK(btc_select_coins(u, 0, &p, &s, &e2) == -1);
    CHECK(strstr(e2.msg, "have 0 sat in 0 spendable UTXOs; short by 50111 sat") != NULL);

    /* Unconfirmed coins are not used unless allowed, and the message says so. */
    utxo(&u[0], 1, 0, 100000, 0);
    utxo(&u[1], 2, 0, 20000, 1);
    st_err e3 = { 0 };
    CHECK(btc_select_coins(u, 2, &p, &s, &e3) == -1);
    CHECK(strstr(e3.msg, "100000 sat unconfirmed") != NULL && strstr(e3.msg, "short by 30111 sat") != NULL);
    p.allow_unconfirmed = 1;
    CHECK(btc_select_coins(u, 2, &p, &s, &e3) == 0);
    CHECK(s.n == 1 && s.idx[0] == 0);
    btc_selection_free(&s);

    /* An immature coinbase is never used, even when unconfirmed coins are allowed. */
    utxo(&u[0], 1, 0, 100000, 1);
    u[0].immature = 1;
    st_err e4 = { 0 };
    CHECK(btc_select_coins(u, 2, &p, &s, &e4) == -1);
    CHECK(strstr(e4.msg, "100000 sat immature coinbase") != NULL);
}

static void test_fee_cap(void)
{
    struct btc_utxo u[2];
    struct btc_selection s;
    st_err e = { 0 };
    /* Dust change would push the fee to 400 sat for 111 vB, above a 1 sat/vB cap. */
    utxo(&u[0], 1, 0, 50400, 1);
    struct btc_select_params p = params(50000, 1, 1);
    CHECK(btc_select_coins(u, 1, &p, &s, &e) == -1);
    CHECK(strstr(e.msg, "fee cap exceeded") != NULL);
    /* With a second coin the payment gets real change and stays at 1 sat/vB. */
    utxo(&u[1], 2, 0, 10000, 1);
    CHECK(btc_select_coins(u, 2, &p, &s, &e) == 0);
    CHECK(s.n == 2 && s.has_change && s.fee == 212 && s.change == 60400 - 50000 - 212);
    btc_selection_free(&s);

    /* Rate resolution. */
    uint64_t rate, cap;
    const char *src;
    struct btc_fee_sources fs = { .option_max = 100000, .option_min = 1000, .have_estimate = 1, .estimate = 150000 };
    st_err e2 = { 0 };
    CHECK(btc_fee_needs_estimate(&fs));
    CHECK(btc_fee_resolve(&fs, &rate, &cap, &src, &e2) == -1);
    CHECK(strstr(e2.msg, "fee cap exceeded: the fee rate 150 sat/vB (estimate) is above max_fee_rate_sat_vb 100") != NULL);
    fs.estimate = 500; /* below the floor: raised to 1 sat/vB */
    CHECK(btc_fee_resolve(&fs, &rate, &cap, &src, &e2) == 0 && rate == 1000 && cap == 100000);
    CHECK(strcmp(src, "estimate") == 0);
    fs.intent_rate = 2500;
    CHECK(!btc_fee_needs_estimate(&fs));
    CHECK(btc_fee_resolve(&fs, &rate, &cap, &src, &e2) == 0 && rate == 2500 && strcmp(src, "intent") == 0);
    fs.intent_max = 2000; /* lowers the cap below the intent's own rate */
    st_err e3 = { 0 };
    CHECK(btc_fee_resolve(&fs, &rate, &cap, &src, &e3) == -1 && strstr(e3.msg, "fee cap exceeded") != NULL);
    fs.intent_max = 200000; /* may not raise it */
    st_err e4 = { 0 };
    CHECK(btc_fee_resolve(&fs, &rate, &cap, &src, &e4) == -1 && strstr(e4.msg, "may only lower the cap") != NULL);
    fs.intent_max = 0;
    fs.intent_rate = 500; /* below min relay */
    st_err e5 = { 0 };
    CHECK(btc_fee_resolve(&fs, &rate, &cap, &src, &e5) == -1 && strstr(e5.msg, "below min_fee_rate_sat_vb 1") != NULL);
    fs.intent_rate = 0;
    fs.option_rate = 3000;
    CHECK(btc_fee_resolve(&fs, &rate, &cap, &src, &e5) == 0 && rate == 3000 && strcmp(src, "fixed") == 0);
    fs.option_rate = 0;
    fs.have_estimate = 0;
    fs.no_estimate_reason = "Insufficient data or no feerate found";
    st_err e6 = { 0 };
    CHECK(btc_fee_resolve(&fs, &rate, &cap, &src, &e6) == -1 && strstr(e6.msg, "Insufficient data") != NULL);
    fs.fallback = 4000;
    CHECK(btc_fee_resolve(&fs, &rate, &cap, &src, &e6) == 0 && rate == 4000 && strcmp(src, "fallback") == 0);

    uint64_t kvb;
    st_err e7 = { 0 };
    CHECK(btc_feerate_parse("2.5", "x", &kvb, &e7) == 0 && kvb == 2500);
    CHECK(btc_feerate_parse("0.001", "x", &kvb, &e7) == 0 && kvb == 1);
    CHECK(btc_feerate_parse("0.0001", "x", &kvb, &e7) == -1);
    st_err e8 = { 0 };
    CHECK(btc_feerate_parse("0", "fee_rate_sat_vb", &kvb, &e8) == -1 && strstr(e8.msg, "fee_rate_sat_vb") != NULL);
    CHECK(btc_feerate_parse("1000001", "x", &kvb, &e8) == -1);
    CHECK(btc_feerate_parse("-1", "x", &kvb, &e8) == -1);
    CHECK(btc_feerate_parse("1e3", "x", &kvb, &e8) == -1);
    char text[24];
    btc_feerate_format(12500, text, sizeof text);
    CHECK_STR(text, "12.5");
}

static void test_determinism(void)
{
    /* Equal values: txid bytes then vout decide, whatever order the back end listed them. */
    struct btc_utxo u[3], w[3];
    utxo(&u[0], 9, 1, 40000, 1);
    utxo(&u[1], 9, 0, 40000, 1);
    utxo(&u[2], 5, 7, 40000, 1);
    w[0] = u[2];
    w[1] = u[0];
    w[2] = u[1];
    struct btc_select_params p = params(70000, 1, 100);
    struct btc_selection s, t;
    st_err e = { 0 };
    CHECK(btc_select_coins(u, 3, &p, &s, &e) == 0);
    CHECK(btc_select_coins(w, 3, &p, &t, &e) == 0);
    CHECK(s.n == 2 && t.n == 2);
    CHECK(u[s.idx[0]].txid[0] == 5 && u[s.idx[1]].txid[0] == 9 && u[s.idx[1]].vout == 0);
    CHECK(w[t.idx[0]].txid[0] == 5 && w[t.idx[1]].txid[0] == 9 && w[t.idx[1]].vout == 0);
    CHECK(s.fee == t.fee && s.change == t.change);
    btc_selection_free(&s);
    btc_selection_free(&t);
}

static void test_weight_limit(void)
{
    size_t n = 2000;
    struct btc_utxo *u = calloc(n, sizeof *u);
    for (size_t i = 0; i < n; i++) {
        utxo(&u[i], (uint8_t)i, (uint32_t)i, 1000, 1);
    }
    struct btc_select_params p = params(1900000, 1, 100);
    struct btc_selection s;
    st_err e = { 0 };
    /* One signing request signs at most 64 digests: 64 coins of 1000 sat cannot pay 70000. */
    p.amount = 70000;
    CHECK(btc_select_coins(u, n, &p, &s, &e) == -1);
    CHECK(strstr(e.msg, "more than 64 inputs") != NULL && strstr(e.msg, "consolidate") != NULL);
    st_err e2 = { 0 };
    CHECK(btc_select_coins(u, 100, &p, &s, &e2) == -1 && strstr(e2.msg, "more than 64 inputs") != NULL);
    /* When the coins do not suffice anyway, that is what the message says. */
    st_err e3 = { 0 };
    p.amount = 150000;
    CHECK(btc_select_coins(u, 100, &p, &s, &e3) == -1);
    CHECK(strstr(e3.msg, "insufficient funds") != NULL && strstr(e3.msg, "have 100000 sat in 100 spendable") != NULL);
    /* 64 inputs are fine: 4*(10 + 64*41 + 43) + 2 + 64*66 = 14934 WU = 3734 vB (3733.5 up). */
    p.amount = 64000 - 3734;
    CHECK(btc_select_coins(u, n, &p, &s, &e) == 0);
    CHECK(s.n == 64 && s.vsize == 3734 && !s.has_change && s.fee == 3734);
    btc_selection_free(&s);
    /* Without the 64 bound, the standard weight limits a transaction:
     * (400000 - 2 - 4 * (4 + 4 + 3 + 1 + 43)) / 230 = 1738 inputs fit. */
    p.amount = 1800000; /* 2000 coins could pay it with their fee (1800000 + 115056) */
    p.max_inputs = 100000;
    st_err e4 = { 0 };
    CHECK(btc_select_coins(u, n, &p, &s, &e4) == -1);
    CHECK(strstr(e4.msg, "more than 1738 inputs") != NULL);
    free(u);
}

/* Builds a spend, signs it with placeholder signatures and measures the serialisation. */
static void measure(const struct btc_utxo *u, size_t n, const uint8_t *dest, size_t dest_len, uint64_t amount,
                    uint64_t rate_kvb)
{
    struct btc_spend_request r = { .amount = amount, .fee_rate = rate_kvb, .max_fee_rate = 1000000 };
    btc_p2tr_script(OWN_KEY, r.own_script);
    memcpy(r.dest_script, dest, dest_len);
    r.dest_script_len = dest_len;
    struct btc_spend sp;
    st_err e = { 0 };
    if (btc_spend_build(&r, u, n, &sp, &e) != 0) {
        check_count++;
        check_failed++;
        fprintf(stderr, "spend of %" PRIu64 " from %zu coins: %s\n", amount, n, e.msg);
        return;
    }
    uint8_t sig[64];
    for (size_t i = 0; i < sp.tx.n_in; i++) {
        memset(sig, (int)(i + 1), 64);
        btc_spend_set_signature(&sp, i, sig);
    }
    struct btc_buf full = BTC_BUF_INIT, legacy = BTC_BUF_INIT;
    uint8_t txid[32], wtxid[32];
    CHECK(btc_spend_serialize(&sp, &full, txid, wtxid, &e) == 0);
    btc_tx_serialize(&sp.tx, 0, &legacy);
    uint64_t weight = 3 * legacy.n + full.n;
    CHECK(weight == sp.sel.weight);
    CHECK((weight + 3) / 4 == sp.sel.vsize);
    CHECK(btc_tx_vsize(&sp.tx) == sp.sel.vsize);
    /* The fee pays at least the rate, and the values add up. */
    uint64_t out = 0;
    for (size_t i = 0; i < sp.tx.n_out; i++)
        out += sp.tx.out[i].value;
    CHECK(sp.sel.total_in == out + sp.sel.fee);
    CHECK(sp.sel.fee * 1000 >= sp.sel.vsize * rate_kvb);
    /* Version 2, locktime 0, RBF sequence, empty scriptSig, 64-byte witness, own change. */
    CHECK(full.p[0] == 2 && full.p[4] == 0 && full.p[5] == 1);
    for (size_t i = 0; i < sp.tx.n_in; i++)
        CHECK(sp.tx.in[i].sequence == 0xfffffffdu && sp.tx.in[i].script_sig_len == 0 &&
              sp.tx.in[i].n_witness == 1 && sp.tx.in[i].witness[0].n == 64);
    CHECK(sp.tx.locktime == 0);
    CHECK(sp.tx.out[0].value == amount && sp.tx.out[0].script_len == dest_len);
    if (sp.sel.has_change)
        CHECK(sp.tx.n_out == 2 && sp.tx.out[1].script_len == 34 && memcmp(sp.tx.out[1].script + 2, OWN_KEY, 32) == 0);
    /* It parses back to the same transaction and identifiers. */
    struct btc_tx back;
    uint8_t id2[32], wid2[32];
    CHECK(btc_tx_parse(full.p, full.n, &back, &e) == 0);
    CHECK(btc_tx_txid(&back, id2, &e) == 0 && btc_tx_wtxid(&back, wid2, &e) == 0);
    CHECK_MEM(id2, txid, 32);
    CHECK_MEM(wid2, wtxid, 32);
    CHECK(memcmp(txid, wtxid, 32) != 0);
    btc_tx_clear(&back);
    btc_buf_free(&full);
    btc_buf_free(&legacy);
    btc_spend_free(&sp);
}

static void test_vsize(void)
{
    uint8_t p2tr[34], p2wpkh[22] = { 0x00, 0x14 }, p2wsh[34] = { 0x00, 0x20 }, p2pkh[25] = { 0x76, 0xa9, 0x14 },
                      p2sh[23] = { 0xa9, 0x14 };
    btc_p2tr_script((const uint8_t[32]){ 0x99 }, p2tr);
    p2pkh[23] = 0x88;
    p2pkh[24] = 0xac;
    p2sh[22] = 0x87;
    struct { const uint8_t *s; size_t n; } dests[] = { { p2tr, 34 }, { p2wpkh, 22 }, { p2wsh, 34 }, { p2pkh, 25 }, { p2sh, 23 } };
    size_t n = 300;
    struct btc_utxo *u = calloc(n, sizeof *u);
    for (size_t i = 0; i < n; i++)
        utxo(&u[i], (uint8_t)(i % 251), (uint32_t)i, 10000 + 7 * i, 1);
    static const size_t counts[] = { 1, 2, 3, 7, 33, 63, 64 };
    static const uint64_t rates[] = { 1000, 1500, 2718, 25000 };
    for (size_t d = 0; d < sizeof dests / sizeof dests[0]; d++)
        for (size_t c = 0; c < sizeof counts / sizeof counts[0]; c++)
            for (size_t r = 0; r < sizeof rates / sizeof rates[0]; r++) {
                /* The k largest coins minus a little: selection needs about k of them. */
                size_t k = counts[c];
                uint64_t sum = 0;
                for (size_t i = 0; i < k; i++)
                    sum += u[n - 1 - i].value;
                uint64_t amount = sum - (k * 58 + 200) * rates[r] / 1000 - 400;
                measure(u, n, dests[d].s, dests[d].n, amount, rates[r]);
            }
    free(u);

    /* Amounts below the destination's dust limit are refused. */
    struct btc_utxo one;
    utxo(&one, 1, 0, 100000, 1);
    struct btc_spend_request req = { .amount = 329, .fee_rate = 1000, .max_fee_rate = 1000 };
    btc_p2tr_script(OWN_KEY, req.own_script);
    memcpy(req.dest_script, p2tr, 34);
    req.dest_script_len = 34;
    struct btc_spend sp;
    st_err e = { 0 };
    CHECK(btc_spend_build(&req, &one, 1, &sp, &e) == -1 && strstr(e.msg, "below the dust limit of 330 sat") != NULL);
    req.amount = 330;
    CHECK(btc_spend_build(&req, &one, 1, &sp, &e) == 0);
    btc_spend_free(&sp);
    memcpy(req.dest_script, p2wpkh, 22);
    req.dest_script_len = 22;
    req.amount = 293;
    st_err e2 = { 0 };
    CHECK(btc_spend_build(&req, &one, 1, &sp, &e2) == -1 && strstr(e2.msg, "dust limit of 294 sat") != NULL);
    CHECK(btc_dust_limit(p2pkh, 25) == 546 && btc_dust_limit(p2sh, 23) == 540 && btc_dust_limit(p2wsh, 34) == 330);
    /* Not signed yet: no serialisation. */
    req.amount = 50000;
    CHECK(btc_spend_build(&req, &one, 1, &sp, &e2) == 0);
    struct btc_buf b = BTC_BUF_INIT;
    uint8_t id[32], wid[32];
    st_err e3 = { 0 };
    CHECK(btc_spend_serialize(&sp, &b, id, wid, &e3) == -1 && strstr(e3.msg, "not signed") != NULL);
    btc_buf_free(&b);
    btc_spend_free(&sp);
}

int main(void)
{
    test_weights();
    test_exact_match();
    test_change();
    test_dust_change();
    test_insufficient();
    test_fee_cap();
    test_determinism();
    test_weight_limit();
    test_vsize();
    return check_summary();
}
