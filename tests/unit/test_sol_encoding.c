/* test_sol_encoding.c: compact-u16, base58 keys, the well-known program ids, base64 and the
 * wire split of the Solana plugin. Expected compact-u16 bytes come from
 * tests/vectors/sol_messages.json (@solana/codecs-numbers getShortU16Encoder, an independent
 * implementation); program ids and addresses are the published base58 texts. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "sol_key.h"
#include "sol_message.h"
#include "sol_shortvec.h"
#include "sol_wire.h"
#include "util/hex.h"

static void test_shortvec_vectors(json_t *v)
{
    json_t *sv = json_object_get(v, "shortvec"), *c;
    size_t i;
    int edges_seen = 0;
    CHECK(json_array_size(sv) >= 6);
    json_array_foreach(sv, i, c)
    {
        unsigned value = (unsigned)json_integer_value(json_object_get(c, "value"));
        const char *hex = json_string_value(json_object_get(c, "hex"));
        uint8_t want[4], got[SOL_SHORTVEC_MAX];
        size_t wlen = 0;
        CHECK(hex_decode_any(want, sizeof want, &wlen, hex) == 0);
        size_t n = sol_shortvec_encode((uint16_t)value, got);
        CHECK(n == wlen);
        CHECK_MEM(got, want, wlen);
        uint16_t back = 0;
        CHECK(sol_shortvec_decode(want, wlen, &back) == wlen);
        CHECK(back == value);
        /* Truncating the encoding is refused. */
        if (wlen > 1)
            CHECK(sol_shortvec_decode(want, wlen - 1, &back) == 0);
        if (value == 0 || value == 127 || value == 128 || value == 16383 || value == 16384 || value == 65535)
            edges_seen++;
    }
    CHECK(edges_seen == 6); /* the edge values the brief names are all in the vector file */

    /* Exhaustively: every value round-trips and has the length the ranges say. */
    int bad = 0;
    for (unsigned x = 0; x <= 0xffff; x++) {
        uint8_t b[SOL_SHORTVEC_MAX];
        uint16_t y = 0;
        size_t n = sol_shortvec_encode((uint16_t)x, b);
        size_t want = x < 0x80 ? 1 : x < 0x4000 ? 2 : 3;
        if (n != want || sol_shortvec_decode(b, n, &y) != n || y != x)
            bad++;
    }
    CHECK(bad == 0);
}

static void test_shortvec_strict(void)
{
    uint16_t v = 0;
    /* Alias encodings (a zero group after a continuation) are refused, as the runtime does. */
    static const uint8_t alias1[] = {0x80, 0x00}, alias2[] = {0xff, 0x80, 0x00}, alias3[] = {0x80, 0x80, 0x00};
    CHECK(sol_shortvec_decode(alias1, 2, &v) == 0);
    CHECK(sol_shortvec_decode(alias2, 3, &v) == 0);
    CHECK(sol_shortvec_decode(alias3, 3, &v) == 0);
    /* More than 16 bits, or a continuation on the third byte. */
    static const uint8_t over1[] = {0xff, 0xff, 0x04}, over2[] = {0x80, 0x80, 0x81, 0x00};
    CHECK(sol_shortvec_decode(over1, 3, &v) == 0);
    CHECK(sol_shortvec_decode(over2, 4, &v) == 0);
    /* Truncated. */
    static const uint8_t trunc[] = {0x80};
    CHECK(sol_shortvec_decode(trunc, 1, &v) == 0);
    CHECK(sol_shortvec_decode(trunc, 0, &v) == 0);
    /* Trailing bytes are not consumed. */
    static const uint8_t more[] = {0x05, 0xaa};
    CHECK(sol_shortvec_decode(more, 2, &v) == 1 && v == 5);
}

static void test_keys(json_t *ata)
{
    uint8_t k[32];
    st_err e = {0};
    json_t *progs = json_object_get(ata, "token_programs");
    CHECK(sol_key_parse("11111111111111111111111111111111", "x", k, &e) == 0);
    CHECK_MEM(k, SOL_SYSTEM_PROGRAM, 32);
    CHECK(sol_key_parse(json_string_value(json_object_get(progs, "token")), "x", k, &e) == 0);
    CHECK_MEM(k, SOL_TOKEN_PROGRAM, 32);
    CHECK(sol_key_parse(json_string_value(json_object_get(progs, "token-2022")), "x", k, &e) == 0);
    CHECK_MEM(k, SOL_TOKEN_2022_PROGRAM, 32);
    CHECK(sol_key_parse(json_string_value(json_object_get(ata, "ata_program")), "x", k, &e) == 0);
    CHECK_MEM(k, SOL_ATA_PROGRAM, 32);

    char text[SOL_ADDR_MAX];
    sol_key_format(SOL_TOKEN_PROGRAM, text, sizeof text);
    CHECK_STR(text, "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA");
    sol_key_format(SOL_ATA_PROGRAM, text, sizeof text);
    CHECK_STR(text, "ATokenGPvbdGVxr1b2hvZbsiqW5xWH25efTNsLJA8knL");

    /* Not 32 bytes of base58: each refused with the field name. */
    const char *bad[] = {
        "",
        "1111111111111111111111111111111",             /* 31 bytes */
        "111111111111111111111111111111111",           /* 33 bytes */
        "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5D",  /* 31 bytes */
        "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DAA", /* 33 bytes */
        "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ50A", /* '0' */
        "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA ", /* space */
        "0x06ddf6e1d765a193d9cbe146ceeb79ac1cb485ed5f5b37913a8cf5857eff00a9",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        st_err_clear(&e);
        CHECK(sol_key_parse(bad[i], "to", k, &e) == -1);
        CHECK(strncmp(e.msg, "to: not a Solana address", 24) == 0);
    }
    st_err_clear(&e);
    CHECK(sol_key_parse(NULL, "tokens.X.mint", k, &e) == -1);
    CHECK(strstr(e.msg, "tokens.X.mint") != NULL);
}

static void test_base64_and_wire(void)
{
    /* RFC 4648 section 10 test vectors. */
    const char *plain[] = {"", "f", "fo", "foo", "foob", "fooba", "foobar"};
    const char *b64[] = {"", "Zg==", "Zm8=", "Zm9v", "Zm9vYg==", "Zm9vYmE=", "Zm9vYmFy"};
    for (size_t i = 0; i < 7; i++) {
        char *t = sol_base64_encode((const uint8_t *)plain[i], strlen(plain[i]));
        CHECK_STR(t, b64[i]);
        free(t);
        uint8_t out[16];
        size_t n = 99;
        CHECK(sol_base64_decode(b64[i], out, sizeof out, &n, NULL) == 0);
        CHECK(n == strlen(plain[i]) && memcmp(out, plain[i], n) == 0);
    }
    uint8_t out[16];
    size_t n;
    st_err e = {0};
    CHECK(sol_base64_decode("Zm9v!", out, sizeof out, &n, &e) == -1);
    CHECK(sol_base64_decode("Zg", out, sizeof out, &n, NULL) == -1);   /* padding missing */
    CHECK(sol_base64_decode("Zm9v Zg==", out, sizeof out, &n, NULL) == -1);
    CHECK(sol_base64_decode("Zm9vYmFy", out, 4, &n, NULL) == -1);       /* too long for cap */

    /* Wire form: shortvec(1) || sig || message, and the split back. */
    uint8_t sig[1][SOL_SIG_LEN], msg[40], wire[200];
    memset(sig, 0xab, sizeof sig);
    memset(msg, 0, sizeof msg);
    msg[0] = 1; /* num_required_signatures */
    size_t len = 0;
    CHECK(sol_wire_serialize((const uint8_t(*)[SOL_SIG_LEN])sig, 1, msg, sizeof msg, wire, sizeof wire, &len, NULL) == 0);
    CHECK(len == 1 + 64 + 40 && wire[0] == 1 && wire[1] == 0xab && wire[65] == 1);
    const uint8_t *s, *m;
    size_t ns, ml;
    CHECK(sol_wire_split(wire, len, &s, &ns, &m, &ml, NULL) == 0);
    CHECK(ns == 1 && s == wire + 1 && m == wire + 65 && ml == 40);
    CHECK(sol_wire_serialize((const uint8_t(*)[SOL_SIG_LEN])sig, 1, msg, sizeof msg, wire, 100, &len, NULL) == -1);
    CHECK(sol_wire_serialize((const uint8_t(*)[SOL_SIG_LEN])sig, 0, msg, sizeof msg, wire, sizeof wire, &len, NULL) == -1);
    len = 105;
    wire[0] = 2; /* two signatures claimed, the message needs one and the bytes do not fit */
    CHECK(sol_wire_split(wire, len, &s, &ns, &m, &ml, NULL) == -1);
    wire[0] = 0;
    CHECK(sol_wire_split(wire, len, &s, &ns, &m, &ml, NULL) == -1);
    wire[0] = 1;
    wire[65] = 2; /* the message asks for two signers */
    st_err_clear(&e);
    CHECK(sol_wire_split(wire, len, &s, &ns, &m, &ml, &e) == -1);
    CHECK(strstr(e.msg, "requires 2") != NULL);
    CHECK(sol_wire_split(wire, 65, &s, &ns, &m, &ml, NULL) == -1); /* no message byte */

    char text[SOL_TXID_MAX];
    uint8_t ff[64];
    memset(ff, 0xff, 64);
    sol_signature_format(ff, text, sizeof text);
    CHECK(strlen(text) == 88); /* the longest 64-byte base58 text fits */
}

int main(void)
{
    json_t *msgs = check_load_vectors("sol_messages.json");
    json_t *ata = check_load_vectors("sol_ata.json");
    test_shortvec_vectors(msgs);
    test_shortvec_strict();
    test_keys(ata);
    test_base64_and_wire();
    json_decref(msgs);
    json_decref(ata);
    return check_summary();
}
