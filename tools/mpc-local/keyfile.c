/* keyfile.c: NEAR account keys for the demo: `keygen --out F` writes a new ed25519 key in
 * NEAR's secret-key text form, "ed25519:<base58 of seed ‖ public key, 64 bytes>" (what
 * secret.mpc.account_key expects), mode 0600, and prints its public key; `pubkey --key-file F`
 * prints the public key of such a file, or of a file of 64 hex digits (a 32-byte seed). */
#include <getopt.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/base58.h"
#include "mpcl.h"
#include "near/near_tx.h"
#include "util/fsutil.h"
#include "util/hex.h"

int mpcl_read_key_file(const char *path, uint8_t sk[64], st_err *err)
{
    char *text = NULL;
    size_t len = 0;
    if (fs_read_file(path, 4096, &text, &len, err) != 0)
        return -1;
    while (len && (text[len - 1] == '\n' || text[len - 1] == '\r' || text[len - 1] == ' '))
        text[--len] = 0;
    uint8_t raw[96], pk[32];
    size_t got = 0;
    int rc = 0;
    if (strncmp(text, "ed25519:", 8) == 0) {
        st_err e = {0};
        if (base58_decode(text + 8, raw, sizeof raw, &got, &e) != 0 || got != 64) {
            rc = st_err_set(err, "%s: not \"ed25519:<base58 of 64 bytes>\"", path);
        } else {
            crypto_sign_seed_keypair(pk, sk, raw);
            if (sodium_memcmp(pk, raw + 32, 32) != 0)
                rc = st_err_set(err, "%s: the key's public half is not its seed's", path);
        }
    } else if (hex_decode(raw, 32, text) == 0) {
        crypto_sign_seed_keypair(pk, sk, raw);
    } else {
        rc = st_err_set(err, "%s: neither \"ed25519:<base58 of 64 bytes>\" nor 64 hex digits", path);
    }
    sodium_memzero(raw, sizeof raw);
    sodium_memzero(text, len);
    free(text);
    return rc;
}

static void print_pub(const uint8_t sk[64])
{
    struct near_pubkey np;
    char out[NEAR_PUBKEY_TEXT_MAX];
    near_pubkey_from_sk(sk, &np);
    near_pubkey_format(&np, out);
    printf("%s\n", out);
}

int cmd_pubkey(int argc, char **argv)
{
    static const struct option opts[] = {{"key-file", required_argument, 0, 'k'}, {0, 0, 0, 0}};
    const char *file = NULL;
    int c;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c != 'k')
            return 2;
        file = optarg;
    }
    if (file == NULL) {
        fprintf(stderr, "usage: steward-mpc-local pubkey --key-file F\n");
        return 2;
    }
    uint8_t sk[64];
    st_err e = {0};
    if (mpcl_read_key_file(file, sk, &e) != 0) {
        fprintf(stderr, "pubkey: %s\n", e.msg);
        return 1;
    }
    print_pub(sk);
    sodium_memzero(sk, sizeof sk);
    return 0;
}

int cmd_keygen(int argc, char **argv)
{
    static const struct option opts[] = {{"out", required_argument, 0, 'o'}, {0, 0, 0, 0}};
    const char *file = NULL;
    int c;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c != 'o')
            return 2;
        file = optarg;
    }
    if (file == NULL) {
        fprintf(stderr, "usage: steward-mpc-local keygen --out F\n");
        return 2;
    }
    uint8_t pk[32], sk[64];
    char text[8 + 100 + 2];
    crypto_sign_keypair(pk, sk);
    memcpy(text, "ed25519:", 8);
    st_err e = {0};
    int rc = base58_encode(sk, 64, text + 8, sizeof text - 9, &e);
    if (rc == 0) {
        strcat(text, "\n");
        rc = fs_write_new(file, text, strlen(text), 0600, &e);
    }
    if (rc != 0)
        fprintf(stderr, "keygen: %s\n", e.msg);
    else
        print_pub(sk);
    sodium_memzero(sk, sizeof sk);
    sodium_memzero(text, sizeof text);
    return rc ? 1 : 0;
}
