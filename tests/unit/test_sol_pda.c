/* test_sol_pda.c: the ed25519 on-curve rule, program-derived addresses and associated token
 * accounts, against tests/vectors/sol_ata.json: ATAs from @solana/spl-token 0.4.8
 * getAssociatedTokenAddressSync (bumps from @solana/web3.js findProgramAddressSync), PDAs
 * with the bumps web3.js's createProgramAddressSync refused as on the curve, and curve
 * verdicts from @noble/curves with ZIP-215 decoding (the runtime's curve25519-dalek rule).
 * It also measures how often libsodium's crypto_core_ed25519_is_valid_point disagrees with
 * that rule, which is why the plugin does not use it. */
#include <sodium.h>
#include <string.h>

#include "check.h"
#include "sol_curve.h"
#include "sol_key.h"
#include "sol_pda.h"
#include "crypto/hash.h"
#include "util/hex.h"

static void key(json_t *o, const char *field, uint8_t out[32])
{
    CHECK(sol_key_parse(json_string_value(json_object_get(o, field)), field, out, NULL) == 0);
}

/* The ATA bump a derivation would pick if "on the curve" meant libsodium's
 * crypto_core_ed25519_is_valid_point: only to measure the difference (sol_curve.h). */
static unsigned libsodium_bump(const uint8_t owner[32], const uint8_t mint[32], const uint8_t *program)
{
    static const char marker[] = "ProgramDerivedAddress";
    uint8_t buf[32 * 4 + 1 + sizeof marker], h[32];
    for (unsigned b = 255; b >= 1; b--) {
        memcpy(buf, owner, 32);
        memcpy(buf + 32, program, 32);
        memcpy(buf + 64, mint, 32);
        buf[96] = (uint8_t)b;
        memcpy(buf + 97, SOL_ATA_PROGRAM, 32);
        memcpy(buf + 129, marker, sizeof marker - 1);
        sha256(buf, 129 + sizeof marker - 1, h);
        if (!crypto_core_ed25519_is_valid_point(h))
            return b;
    }
    return 0;
}

static void test_ata(json_t *v)
{
    int libsodium_wrong = 0;
    json_t *c;
    size_t i;
    int below_255 = 0;
    json_array_foreach(json_object_get(v, "ata"), i, c)
    {
        uint8_t owner[32], mint[32], want[32], got[32], bump = 0;
        key(c, "owner", owner);
        key(c, "mint", mint);
        key(c, "ata", want);
        const uint8_t *program =
            strcmp(json_string_value(json_object_get(c, "program")), "token-2022") == 0 ? SOL_TOKEN_2022_PROGRAM
                                                                                        : SOL_TOKEN_PROGRAM;
        CHECK(sol_ata_address(owner, mint, program, got, &bump, NULL) == 0);
        if (memcmp(got, want, 32) != 0) {
            fprintf(stderr, "ATA differs from spl-token for \"%s\"\n",
                    json_string_value(json_object_get(c, "label")));
            CHECK(0);
        }
        CHECK(bump == json_integer_value(json_object_get(c, "bump")));
        below_255 += bump < 254;
        libsodium_wrong += libsodium_bump(owner, mint, program) != bump;
        /* The address is off the curve, as a PDA must be. */
        CHECK(sol_on_curve(got) == 0);
    }
    CHECK(i >= 10);
    CHECK(below_255 >= 3); /* the search went several steps deep in some cases */
    CHECK(libsodium_wrong > 0);
    printf("ata: with libsodium's is_valid_point as the curve test, %d of %zu ATA vectors would get another bump\n",
           libsodium_wrong, i);

    /* The USDC account of the test-mnemonic address, as wallets show it. */
    uint8_t owner[32], usdc[32], got[32];
    char text[SOL_ADDR_MAX];
    CHECK(sol_key_parse("HAgk14JpMQLgt6rVgv7cBQFJWFto5Dqxi472uT3DKpqk", "o", owner, NULL) == 0);
    CHECK(sol_key_parse("EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v", "m", usdc, NULL) == 0);
    CHECK(sol_ata_address(owner, usdc, SOL_TOKEN_PROGRAM, got, NULL, NULL) == 0);
    sol_key_format(got, text, sizeof text);
    CHECK_STR(text, json_string_value(json_object_get(json_array_get(json_object_get(v, "ata"), 0), "ata")));
}

static void test_pdas(json_t *v)
{
    json_t *c;
    size_t i;
    int refused_seen = 0;
    json_array_foreach(json_object_get(v, "pdas"), i, c)
    {
        uint8_t program[32], want[32], got[32], bump = 0, seedbuf[4][32];
        struct sol_seed seeds[5];
        size_t n = 0, j;
        json_t *s;
        key(c, "program", program);
        key(c, "address", want);
        json_array_foreach(json_object_get(c, "seeds_hex"), j, s)
        {
            size_t len = 0;
            CHECK(hex_decode_any(seedbuf[n], 32, &len, json_string_value(s)) == 0);
            seeds[n].data = seedbuf[n];
            seeds[n].len = len;
            n++;
        }
        CHECK(sol_find_program_address(seeds, n, program, got, &bump, NULL) == 0);
        CHECK_MEM(got, want, 32);
        CHECK(bump == json_integer_value(json_object_get(c, "bump")));
        /* Every bump above the found one is on the curve: create refuses it (returns 1). */
        json_t *b;
        json_array_foreach(json_object_get(c, "on_curve_bumps"), j, b)
        {
            uint8_t bb = (uint8_t)json_integer_value(b);
            seeds[n].data = &bb;
            seeds[n].len = 1;
            CHECK(sol_create_program_address(seeds, n + 1, program, got, NULL) == 1);
            refused_seen++;
        }
        uint8_t fb = bump;
        seeds[n].data = &fb;
        seeds[n].len = 1;
        CHECK(sol_create_program_address(seeds, n + 1, program, got, NULL) == 0);
        CHECK_MEM(got, want, 32);
    }
    CHECK(refused_seen >= 2);

    /* Seed limits: 16 seeds of 32 bytes for create, 15 for find; a 33-byte seed. */
    uint8_t big[33] = {0}, out[32];
    struct sol_seed many[17];
    for (int k = 0; k < 17; k++) {
        many[k].data = big;
        many[k].len = 32;
    }
    st_err e = {0};
    CHECK(sol_create_program_address(many, 16, SOL_ATA_PROGRAM, out, NULL) >= 0);
    CHECK(sol_create_program_address(many, 17, SOL_ATA_PROGRAM, out, &e) == -1);
    CHECK(strstr(e.msg, "seeds") != NULL);
    uint8_t bump;
    CHECK(sol_find_program_address(many, 15, SOL_ATA_PROGRAM, out, &bump, NULL) == 0);
    CHECK(sol_find_program_address(many, 16, SOL_ATA_PROGRAM, out, &bump, NULL) == -1);
    many[0].len = 33;
    st_err_clear(&e);
    CHECK(sol_create_program_address(many, 1, SOL_ATA_PROGRAM, out, &e) == -1);
    CHECK(strstr(e.msg, "33 bytes") != NULL);
}

static void test_curve(json_t *v)
{
    json_t *c;
    size_t i;
    int on = 0, off = 0, web3_differs = 0, sodium_differs = 0, sodium_differs_random = 0, random_on = 0;
    json_array_foreach(json_object_get(v, "curve"), i, c)
    {
        uint8_t p[32];
        const char *label = json_string_value(json_object_get(c, "label"));
        CHECK(hex_decode(p, 32, json_string_value(json_object_get(c, "hex"))) == 0);
        int want = json_is_true(json_object_get(c, "noble_zip215"));
        int got = sol_on_curve(p);
        if (got != want) {
            fprintf(stderr, "on-curve verdict differs for \"%s\": got %d want %d\n", label, got, want);
            CHECK(0);
        }
        on += want;
        off += !want;
        web3_differs += want != json_is_true(json_object_get(c, "web3js_is_on_curve"));
        int sodium = crypto_core_ed25519_is_valid_point(p);
        sodium_differs += sodium != want;
        if (strncmp(label, "hash ", 5) == 0) {
            random_on += want;
            sodium_differs_random += sodium != want;
        }
    }
    CHECK(on >= 20 && off >= 20);
    /* web3.js's isOnCurve differs only on the non-canonical and x = 0 encodings. */
    CHECK(web3_differs == 10);
    /* libsodium refuses small-order, mixed-order and non-canonical points the runtime takes. */
    CHECK(sodium_differs > 20);
    printf("curve: %d on, %d off; libsodium's is_valid_point disagrees on %d of %zu vectors, "
           "%d of 48 random hashes (%d of which are on the curve)\n",
           on, off, sodium_differs, i, sodium_differs_random, random_on);
}

int main(void)
{
    if (sodium_init() < 0)
        return 2;
    json_t *v = check_load_vectors("sol_ata.json");
    test_ata(v);
    test_pdas(v);
    test_curve(v);
    json_decref(v);
    return check_summary();
}
