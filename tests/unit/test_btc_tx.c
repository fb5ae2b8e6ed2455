/* test_btc_tx.c: transaction parsing, serialisation and identifiers (btc_tx.h, btc_buf.h).
 * Published values: the genesis coinbase transaction (mainnet/testnet3/signet/regtest) and
 * the testnet4 genesis coinbase, with their txids as Bitcoin Core's getrawtransaction shows
 * them (size 204 / 180, weight 816 / 720). Refusals: truncation, trailing bytes,
 * non-canonical CompactSizes, a bad segwit flag, a segwit form without witnesses, a count
 * larger than the bytes that follow. */
#include "btc_buf.h"
#include "btc_tx.h"
#include "check.h"
#include "util/hex.h"

static const char GENESIS[] =
    "01000000010000000000000000000000000000000000000000000000000000000000000000ffffffff4d04ffff001d010445546865"
    "2054696d65732030332f4a616e2f32303039204368616e63656c6c6f72206f6e206272696e6b206f66207365636f6e64206261696c"
    "6f757420666f722062616e6b73ffffffff0100f2052a01000000434104678afdb0fe5548271967f1a67130b7105cd6a828e03909a6"
    "7962e0ea1f61deb649f6bc3f4cef38c4f35504e51ec112de5c384df7ba0b8d578a4c702b6bf11d5fac00000000";
static const char TESTNET4_GENESIS[] =
    "01000000010000000000000000000000000000000000000000000000000000000000000000ffffffff5504ffff001d01044c4c3033"
    "2f4d61792f323032342030303030303030303030303030303030303030303165626435386332343439373062336161396437383362"
    "623030313031316662653865613865393865303065ffffffff0100f2052a01000000232100000000000000000000000000000000000"
    "0000000000000000000000000000000ac00000000";

static void known(const char *hex, const char *txid, uint64_t size, uint64_t weight)
{
    uint8_t raw[400];
    size_t n;
    struct btc_tx tx;
    st_err e = { 0 };
    CHECK(hex_decode_any(raw, sizeof raw, &n, hex) == 0 && n == size);
    CHECK(btc_tx_parse(raw, n, &tx, &e) == 0);
    CHECK(tx.version == 1 && tx.n_in == 1 && tx.n_out == 1 && tx.out[0].value == 5000000000ull);
    CHECK(!btc_tx_has_witness(&tx));
    CHECK(btc_tx_weight(&tx) == weight && btc_tx_vsize(&tx) == size);
    uint8_t id[32], wid[32];
    char got[65];
    CHECK(btc_tx_txid(&tx, id, &e) == 0 && btc_tx_wtxid(&tx, wid, &e) == 0);
    btc_hash_to_hex(id, got);
    CHECK_STR(got, txid);
    CHECK_MEM(id, wid, 32); /* no witness: wtxid == txid */
    struct btc_buf b = BTC_BUF_INIT;
    btc_tx_serialize(&tx, 1, &b);
    CHECK(b.n == n && memcmp(b.p, raw, n) == 0);
    btc_buf_free(&b);
    btc_tx_clear(&tx);
}

static void refuse(const char *hex, const char *needle)
{
    uint8_t raw[512];
    size_t n;
    struct btc_tx tx;
    st_err e = { 0 };
    if (hex_decode_any(raw, sizeof raw, &n, hex) != 0) {
        fprintf(stderr, "bad test hex %s\n", hex);
        exit(2);
    }
    int rc = btc_tx_parse(raw, n, &tx, &e);
    check_count++;
    if (rc != -1 || strstr(e.msg, needle) == NULL) {
        check_failed++;
        fprintf(stderr, "parse of %.60s...: rc %d, \"%s\", wanted \"%s\"\n", hex, rc, e.msg, needle);
    }
    CHECK(tx.in == NULL && tx.out == NULL);
}

/* A one-input, one-output segwit transaction with a 64-byte witness (hand-assembled). */
#define SEGWIT_HEAD "02000000" "0001" "01" "1111111111111111111111111111111111111111111111111111111111111111" \
                    "01000000" "00" "fdffffff" "01" "e803000000000000" "22" \
                    "51202222222222222222222222222222222222222222222222222222222222222222"
#define SIG64 "33333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333"

static void segwit_roundtrip(void)
{
    uint8_t raw[512];
    size_t n;
    struct btc_tx tx;
    st_err e = { 0 };
    CHECK(hex_decode_any(raw, sizeof raw, &n, SEGWIT_HEAD "01" "40" SIG64 "00000000") == 0);
    CHECK(btc_tx_parse(raw, n, &tx, &e) == 0);
    CHECK(tx.version == 2 && tx.n_in == 1 && tx.in[0].sequence == 0xfffffffdu && tx.in[0].prev_vout == 1);
    CHECK(tx.in[0].n_witness == 1 && tx.in[0].witness[0].n == 64 && tx.in[0].witness[0].p[0] == 0x33);
    CHECK(tx.n_out == 1 && tx.out[0].value == 1000 && tx.out[0].script_len == 34);
    /* legacy size 4+1+41+1+43+4 = 94; full 94 + 2 + 66 = 162; weight 3*94 + 162 = 444 */
    CHECK(btc_tx_weight(&tx) == 444 && btc_tx_vsize(&tx) == 111);
    struct btc_buf b = BTC_BUF_INIT, l = BTC_BUF_INIT;
    btc_tx_serialize(&tx, 1, &b);
    btc_tx_serialize(&tx, 0, &l);
    CHECK(b.n == n && memcmp(b.p, raw, n) == 0);
    CHECK(l.n == 94 && b.n == 162);
    uint8_t id[32], wid[32];
    CHECK(btc_tx_txid(&tx, id, &e) == 0 && btc_tx_wtxid(&tx, wid, &e) == 0);
    CHECK(memcmp(id, wid, 32) != 0);
    btc_buf_free(&b);
    btc_buf_free(&l);
    btc_tx_clear(&tx);
}

static void compact_sizes(void)
{
    struct { uint64_t v; const char *hex; } cases[] = {
        { 0, "00" }, { 252, "fc" }, { 253, "fdfd00" }, { 0xffff, "fdffff" }, { 0x10000, "fe00000100" },
        { 0xffffffffu, "feffffffff" }, { 0x100000000ull, "ff0000000001000000" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct btc_buf b = BTC_BUF_INIT;
        btc_buf_compact(&b, cases[i].v);
        char hex[32];
        hex_encode(hex, b.p, b.n);
        CHECK_STR(hex, cases[i].hex);
        CHECK(btc_compact_size_len(cases[i].v) == b.n);
        struct btc_reader r = { b.p, b.n, 0 };
        uint64_t v;
        CHECK(btc_read_compact(&r, &v) == 0 && v == cases[i].v && r.n == 0);
        btc_buf_free(&b);
    }
    /* Non-canonical encodings are refused. */
    static const char *noncanon[] = { "fdfc00", "feffff0000", "ffffffffff00000000" };
    for (size_t i = 0; i < 3; i++) {
        uint8_t raw[9];
        size_t n;
        CHECK(hex_decode_any(raw, sizeof raw, &n, noncanon[i]) == 0);
        struct btc_reader r = { raw, n, 0 };
        uint64_t v;
        CHECK(btc_read_compact(&r, &v) == -1 && r.failed);
    }
}

int main(void)
{
    known(GENESIS, "4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b", 204, 816);
    known(TESTNET4_GENESIS, "7aa0a7ae1e223414cb807e40cd57e667b718e42aaf9306db9102fe28912b7b4e", 180, 720);
    segwit_roundtrip();
    compact_sizes();

    refuse("", "truncated version");
    refuse("010000", "truncated version");
    refuse("01000000", "bad input count");
    refuse("0100000000", "no inputs");
    refuse("010000000002", "segwit flag is 0x02");
    refuse("0100000001", "bad input count"); /* one input cannot fit in 0 bytes */
    refuse("01000000" "01" "1111111111111111111111111111111111111111111111111111111111111111" "00000000" "fd0001"
           "0000", "input 0 is truncated"); /* a 256-byte scriptSig in 2 bytes */
    refuse("01000000" "fd0100", "bad input count"); /* non-canonical count */
    refuse("01000000" "05" "00", "bad input count"); /* 5 inputs cannot fit in the bytes left */
    refuse(SEGWIT_HEAD "00" "00000000", "without any witness");
    refuse(SEGWIT_HEAD "01" "40" SIG64 "000000", "truncated locktime");
    refuse(SEGWIT_HEAD "01" "40" SIG64 "00000000" "00", "1 trailing bytes");
    refuse(SEGWIT_HEAD "02" "40" SIG64 "41" "00000000", "witness 0 item 1");
    refuse("02000000" "0001" "01" "1111111111111111111111111111111111111111111111111111111111111111"
           "01000000" "00" "fdffffff" "02" "e803000000000000" "22", "bad output count");
    return check_summary();
}
