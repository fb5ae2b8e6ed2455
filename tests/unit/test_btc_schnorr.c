/* test_btc_schnorr.c: every BIP-340 test vector (bitcoin/bips bip-0340/test-vectors.csv)
 * through libsecp256k1, the library the host signs with and the plugin verifies with:
 *   - every row: secp256k1_schnorrsig_verify (with the x-only key parsed by
 *     secp256k1_xonly_pubkey_parse; a key that does not parse counts as "does not verify")
 *     gives the row's verification result, for messages of 0, 1, 17, 32 and 100 bytes;
 *   - every row with a secret key: the derived x-only public key is the row's, and
 *     secp256k1_schnorrsig_sign_custom with the row's aux_rand reproduces the signature byte
 *     for byte (sign32 as well for the 32-byte messages). */
#include <secp256k1.h>
#include <secp256k1_extrakeys.h>
#include <secp256k1_schnorrsig.h>

#include "check.h"
#include "util/hex.h"

#define MAX_FIELDS 8

/* Splits a CSV line (no quoting in this file) into fields, in place. */
static size_t split(char *line, char **f)
{
    size_t n = 0;
    f[n++] = line;
    for (char *p = line; *p; p++) {
        if (*p == ',' && n < MAX_FIELDS) {
            *p = '\0';
            f[n++] = p + 1;
        } else if (*p == '\r' || *p == '\n') {
            *p = '\0';
            break;
        }
    }
    return n;
}

static int unhex(const char *s, uint8_t *out, size_t cap, size_t *len)
{
    *len = 0;
    if (*s == '\0')
        return 0;
    return hex_decode_any(out, cap, len, s);
}

int main(void)
{
    const char *dir = getenv("STEWARD_VECTORS");
    char path[1024];
    snprintf(path, sizeof path, "%s/bip340_test_vectors.csv", dir ? dir : "tests/vectors");
    FILE *fp = fopen(path, "r");
    if (fp == NULL) {
        fprintf(stderr, "%s: cannot open\n", path);
        return 2;
    }
    secp256k1_context *ctx = secp256k1_context_create(SECP256K1_CONTEXT_NONE);
    char line[2048];
    int rows = 0, signing_rows = 0, false_rows = 0;
    CHECK(fgets(line, sizeof line, fp) != NULL); /* header */
    static const char header[] = "index,secret key,public key,aux_rand,message,signature,verification result";
    CHECK(strncmp(line, header, strlen(header)) == 0);
    while (fgets(line, sizeof line, fp) != NULL) {
        char *f[MAX_FIELDS];
        if (split(line, f) < 7)
            continue;
        rows++;
        uint8_t sk[32], pk[32], aux[32], msg[128], sig[64];
        size_t sklen, pklen, auxlen, msglen, siglen;
        CHECK(unhex(f[1], sk, sizeof sk, &sklen) == 0);
        CHECK(unhex(f[2], pk, sizeof pk, &pklen) == 0 && pklen == 32);
        CHECK(unhex(f[3], aux, sizeof aux, &auxlen) == 0);
        CHECK(unhex(f[4], msg, sizeof msg, &msglen) == 0);
        CHECK(unhex(f[5], sig, sizeof sig, &siglen) == 0 && siglen == 64);
        int expect = strcmp(f[6], "TRUE") == 0;
        CHECK(expect || strcmp(f[6], "FALSE") == 0);
        false_rows += !expect;

        secp256k1_xonly_pubkey xpk;
        int parsed = secp256k1_xonly_pubkey_parse(ctx, &xpk, pk);
        int ok = parsed && secp256k1_schnorrsig_verify(ctx, sig, msglen ? msg : NULL, msglen, &xpk);
        check_count++;
        if (ok != expect) {
            check_failed++;
            fprintf(stderr, "row %s: verification gave %d, vector says %s (%s)\n", f[0], ok, f[6], f[7] ? f[7] : "");
        }

        if (sklen == 32) {
            signing_rows++;
            secp256k1_keypair kp;
            secp256k1_xonly_pubkey mine;
            uint8_t ser[32], out[64];
            CHECK(secp256k1_keypair_create(ctx, &kp, sk));
            CHECK(secp256k1_keypair_xonly_pub(ctx, &mine, NULL, &kp));
            CHECK(secp256k1_xonly_pubkey_serialize(ctx, ser, &mine));
            CHECK_MEM(ser, pk, 32);
            secp256k1_schnorrsig_extraparams ep = SECP256K1_SCHNORRSIG_EXTRAPARAMS_INIT;
            ep.ndata = aux;
            CHECK(auxlen == 32);
            CHECK(secp256k1_schnorrsig_sign_custom(ctx, out, msglen ? msg : NULL, msglen, &kp, &ep));
            check_count++;
            if (memcmp(out, sig, 64) != 0) {
                check_failed++;
                fprintf(stderr, "row %s: sign_custom differs from the vector\n", f[0]);
            }
            if (msglen == 32) {
                memset(out, 0, sizeof out);
                CHECK(secp256k1_schnorrsig_sign32(ctx, out, msg, &kp, aux));
                CHECK_MEM(out, sig, 64);
            }
            /* A flipped signature bit must not verify. */
            out[10] ^= 0x40;
            CHECK(!secp256k1_schnorrsig_verify(ctx, out, msglen ? msg : NULL, msglen, &mine));
        }
    }
    fclose(fp);
    secp256k1_context_destroy(ctx);
    /* The published file has 19 rows: 8 with a secret key (0-3, 15-18) and 10 that must fail (5-14). */
    CHECK(rows == 19);
    CHECK(signing_rows == 8);
    CHECK(false_rows == 10);
    return check_summary();
}
