/* test_crypto_bech32.c: every entry of bip350_bech32m_vectors.json (BIP-350), plus BIP-173's
 * valid Bech32 strings (checked against @scure/base) and encoder round trips. */
#include <sodium.h>
#include <string.h>

#include "check.h"
#include "crypto/bech32.h"
#include "util/hex.h"

static int decodes(const char *s, bech32_variant *v, st_err *e)
{
    char hrp[BECH32_MAX_HRP + 1];
    uint8_t data[BECH32_MAX_LEN];
    size_t n = 0;
    return bech32_decode(s, hrp, sizeof hrp, data, sizeof data, &n, v, e);
}

/* A valid string decodes, re-encodes to its lower-case form, and fails to verify once any
 * single character of its data part is changed. */
static void check_valid(const char *s, bech32_variant want)
{
    char hrp[BECH32_MAX_HRP + 1], lower[BECH32_MAX_LEN + 1], again[BECH32_MAX_LEN + 1];
    uint8_t data[BECH32_MAX_LEN];
    size_t n = 0;
    bech32_variant v = 0;
    st_err e = {0};
    CHECK(bech32_decode(s, hrp, sizeof hrp, data, sizeof data, &n, &v, &e) == 0);
    if (e.set)
        fprintf(stderr, "  %s: %s\n", s, e.msg);
    CHECK(v == want);
    size_t len = strlen(s);
    for (size_t i = 0; i <= len; i++)
        lower[i] = (s[i] >= 'A' && s[i] <= 'Z') ? (char)(s[i] - 'A' + 'a') : s[i];
    CHECK(bech32_encode(again, sizeof again, hrp, data, n, v, NULL) == 0);
    CHECK_STR(again, lower);
    const char *sep = strrchr(lower, '1');
    for (const char *p = sep + 1; *p; p++) {
        char mutated[BECH32_MAX_LEN + 1];
        memcpy(mutated, lower, len + 1);
        mutated[p - lower] = (*p == 'q') ? 'p' : 'q';
        bech32_variant v2;
        CHECK(decodes(mutated, &v2, NULL) == -1);
    }
}

int main(void)
{
    if (sodium_init() < 0)
        return 2;
    json_t *vec = check_load_vectors("bip350_bech32m_vectors.json");
    size_t i, counted = 0;
    json_t *e;

    json_array_foreach(json_object_get(vec, "bech32m_valid"), i, e) {
        check_valid(json_string_value(e), BECH32_VARIANT_BECH32M);
        counted++;
    }
    CHECK(counted == 7);

    /* Invalid strings: decoded from string_hex, since three begin with a raw byte. */
    counted = 0;
    json_array_foreach(json_object_get(vec, "bech32m_invalid"), i, e) {
        const char *hex = json_string_value(json_object_get(e, "string_hex"));
        uint8_t raw[128];
        size_t n = 0;
        CHECK(hex_decode_any(raw, sizeof raw - 1, &n, hex) == 0);
        raw[n] = 0;
        bech32_variant v;
        st_err err = {0};
        int rc = decodes((const char *)raw, &v, &err);
        CHECK(rc == -1);
        if (rc == 0)
            fprintf(stderr, "  accepted invalid %s (%s)\n", hex,
                    json_string_value(json_object_get(e, "reason")));
        CHECK(err.set);
        /* If the raw string decodes as the BIP's readable form says, it must say the same. */
        const char *str = json_string_value(json_object_get(e, "string"));
        if (str)
            CHECK_STR((const char *)raw, str);
        counted++;
    }
    CHECK(counted == 14);

    /* Valid segwit addresses: decode under their HRP, rebuild the scriptPubKey
     * (OP_n, push length, program), re-encode to the lower-case address. */
    counted = 0;
    json_array_foreach(json_object_get(vec, "segwit_addresses_valid"), i, e) {
        const char *addr = json_string_value(json_object_get(e, "address"));
        const char *spk = json_string_value(json_object_get(e, "scriptPubKey"));
        const char *hrp = (addr[0] == 't' || addr[0] == 'T') ? "tb" : "bc";
        int ver = -1;
        uint8_t prog[SEGWIT_PROGRAM_MAX], script[42];
        size_t plen = 0;
        st_err err = {0};
        CHECK(segwit_addr_decode(addr, hrp, &ver, prog, &plen, &err) == 0);
        if (err.set)
            fprintf(stderr, "  %s: %s\n", addr, err.msg);
        script[0] = (uint8_t)(ver ? 0x50 + ver : 0);
        script[1] = (uint8_t)plen;
        memcpy(script + 2, prog, plen);
        char got[2 * 42 + 1];
        hex_encode(got, script, plen + 2);
        CHECK_STR(got, spk);
        /* The wrong network's HRP is refused. */
        CHECK(segwit_addr_decode(addr, hrp[0] == 't' ? "bc" : "tb", &ver, prog, &plen, NULL) == -1);
        char enc[BECH32_MAX_LEN + 1], lower[BECH32_MAX_LEN + 1];
        size_t k = 0;
        for (; addr[k]; k++)
            lower[k] = (addr[k] >= 'A' && addr[k] <= 'Z') ? (char)(addr[k] - 'A' + 'a') : addr[k];
        lower[k] = 0;
        CHECK(segwit_addr_encode(enc, sizeof enc, hrp, ver, prog, plen, NULL) == 0);
        CHECK_STR(enc, lower);
        counted++;
    }
    CHECK(counted == 8);

    /* Invalid addresses must fail under both mainnet and testnet HRPs. */
    counted = 0;
    json_array_foreach(json_object_get(vec, "segwit_addresses_invalid"), i, e) {
        const char *addr = json_string_value(json_object_get(e, "address"));
        const char *reason = json_string_value(json_object_get(e, "reason"));
        int ver;
        uint8_t prog[SEGWIT_PROGRAM_MAX];
        size_t plen;
        st_err err = {0};
        int bc = segwit_addr_decode(addr, "bc", &ver, prog, &plen, &err);
        int tb = segwit_addr_decode(addr, "tb", &ver, prog, &plen, &err);
        CHECK(bc == -1 && tb == -1);
        if (bc == 0 || tb == 0)
            fprintf(stderr, "  accepted invalid %s (%s)\n", addr, reason);
        counted++;
    }
    CHECK(counted == 15);
    json_decref(vec);

    /* BIP-173 valid Bech32 strings (also accepted by @scure/base's bech32). */
    const char *b32[] = {
        "A12UEL5L",
        "a12uel5l",
        "an83characterlonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1tt5tgs",
        "abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw",
        "split1checkupstagehandshakeupstreamerranterredcaperred2y9e3w",
        "?1ezyfcl",
    };
    for (i = 0; i < sizeof b32 / sizeof b32[0]; i++)
        check_valid(b32[i], BECH32_VARIANT_BECH32);

    /* Encoder refusals. */
    uint8_t d[4] = {0, 1, 2, 32};
    char out[BECH32_MAX_LEN + 1];
    CHECK(bech32_encode(out, sizeof out, "bc", d, 4, BECH32_VARIANT_BECH32M, NULL) == -1); /* 32 */
    CHECK(bech32_encode(out, sizeof out, "BC", d, 3, BECH32_VARIANT_BECH32M, NULL) == -1); /* upper */
    CHECK(bech32_encode(out, sizeof out, "", d, 3, BECH32_VARIANT_BECH32M, NULL) == -1);
    CHECK(bech32_encode(out, 8, "bc", d, 3, BECH32_VARIANT_BECH32M, NULL) == -1); /* cap */
    uint8_t prog[41] = {0};
    CHECK(segwit_addr_encode(out, sizeof out, "bc", 0, prog, 21, NULL) == -1);
    CHECK(segwit_addr_encode(out, sizeof out, "bc", 1, prog, 41, NULL) == -1);
    CHECK(segwit_addr_encode(out, sizeof out, "bc", 17, prog, 32, NULL) == -1);
    CHECK(segwit_addr_encode(out, sizeof out, "bc", 1, prog, 1, NULL) == -1);
    return check_summary();
}
