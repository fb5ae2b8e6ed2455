/* derive_vectors: prints steward's key derivations for the interop test to compare.
 *
 * Reads lines from stdin, each either "mnemonic|passphrase" (split at the first '|'; the
 * passphrase may be empty) or a hex seed of 16..64 bytes, and prints one JSON object per
 * line: the root seed, BIP-32 xprv/xpub at several paths, and the v1 chain addresses
 * (DESIGN.md, "Key derivation, version 1") for indices 0..ADDR_COUNT-1. A line steward
 * rejects (invalid mnemonic or seed) gives {"error": "..."}. Exits 1 on I/O or internal
 * errors only. This is a test tool: it prints private keys. */
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/addresses.h"
#include "crypto/bip32.h"
#include "crypto/bip39.h"
#include "crypto/hash.h"
#include "crypto/slip10.h"
#include "util/hex.h"

#define ADDR_COUNT 3

static const char *const bip32_paths[] = {
    "m", "m/0", "m/0'/1", "m/44'/60'/0'", "m/84'/0'/0'/1/5", "m/2147483647'/1/2147483646h",
};

static json_t *hexstr(const uint8_t *b, size_t n)
{
    char s[2 * 64 + 1];
    hex_encode(s, b, n);
    return json_string(s);
}

static int add_bip32(json_t *o, const bip32_node *root, st_err *err)
{
    json_t *arr = json_array();
    json_object_set_new(o, "bip32", arr);
    for (size_t i = 0; i < sizeof bip32_paths / sizeof bip32_paths[0]; i++) {
        bip32_node *n;
        if (bip32_derive_path(root, bip32_paths[i], &n, err) != 0)
            return -1;
        char xpub[BIP32_XKEY_BUFSZ];
        secbuf xprv;
        bip32_to_xpub(n, xpub);
        int rc = bip32_to_xprv(n, &xprv, err);
        bip32_free(n);
        if (rc != 0)
            return -1;
        json_array_append_new(arr, json_pack("{s:s, s:s, s:s}", "path", bip32_paths[i], "xprv",
                                             (const char *)xprv.p, "xpub", xpub));
        secbuf_free(&xprv);
    }
    return 0;
}

static int add_eth(json_t *o, const bip32_node *root, st_err *err)
{
    json_t *arr = json_array();
    json_object_set_new(o, "eth", arr);
    for (int i = 0; i < ADDR_COUNT; i++) {
        char path[64], addr[ETH_ADDRESS_BUFSZ];
        uint8_t pub[33];
        bip32_node *n;
        snprintf(path, sizeof path, "m/44'/60'/0'/0/%d", i);
        if (bip32_derive_path(root, path, &n, err) != 0)
            return -1;
        bip32_pubkey(n, pub);
        bip32_free(n);
        if (eth_address_from_pubkey(pub, addr) != 0)
            return st_err_set(err, "eth_address_from_pubkey failed");
        json_array_append_new(arr, json_string(addr));
    }
    return 0;
}

/* BIP-86: internal key = x-only BIP-32 key at m/86'/c'/0'/0/i; c = 0 for mainnet ("bc"),
 * 1 for the test networks ("tb", "bcrt"). */
static int add_btc(json_t *o, const bip32_node *root, st_err *err)
{
    static const struct { const char *name, *hrp; int coin; } nets[] = {
        {"btc", "bc", 0}, {"btc_testnet", "tb", 1}, {"btc_regtest", "bcrt", 1}};
    for (size_t k = 0; k < sizeof nets / sizeof nets[0]; k++) {
        json_t *arr = json_array();
        json_object_set_new(o, nets[k].name, arr);
        for (int i = 0; i < ADDR_COUNT; i++) {
            char path[64], addr[BTC_P2TR_ADDRESS_BUFSZ];
            uint8_t pub[33], q[32];
            bip32_node *n;
            snprintf(path, sizeof path, "m/86'/%d'/0'/0/%d", nets[k].coin, i);
            if (bip32_derive_path(root, path, &n, err) != 0)
                return -1;
            bip32_pubkey(n, pub);
            bip32_free(n);
            if (taproot_output_key(pub + 1, q, NULL) != 0 ||
                btc_p2tr_address(q, nets[k].hrp, addr, sizeof addr) != 0)
                return st_err_set(err, "taproot output key or address failed");
            json_array_append_new(arr, json_pack("{s:o, s:o, s:s}", "internal", hexstr(pub + 1, 32),
                                                 "output", hexstr(q, 32), "address", addr));
        }
    }
    return 0;
}

static int add_ed25519(json_t *o, const uint8_t *seed, size_t seedlen, st_err *err)
{
    slip10_node *root, *n;
    uint8_t pub[32];
    if (slip10_ed25519_from_seed(seed, seedlen, &root, err) != 0)
        return -1;
    json_t *arr = json_array();
    json_object_set_new(o, "sol", arr);
    for (int i = 0; i < ADDR_COUNT; i++) {
        char path[64], addr[SOL_ADDRESS_BUFSZ];
        snprintf(path, sizeof path, "m/44'/501'/%d'/0'", i);
        if (slip10_ed25519_derive_path(root, path, &n, err) != 0) {
            slip10_free(root);
            return -1;
        }
        slip10_ed25519_pubkey(n, pub);
        slip10_free(n);
        if (sol_address(pub, addr, sizeof addr) != 0) {
            slip10_free(root);
            return st_err_set(err, "sol_address failed");
        }
        json_array_append_new(arr, json_string(addr));
    }
    int rc = slip10_ed25519_derive_path(root, "m/44'/397'/0'", &n, err);
    slip10_free(root);
    if (rc != 0)
        return -1;
    slip10_ed25519_pubkey(n, pub);
    slip10_free(n);
    json_object_set_new(o, "near", hexstr(pub, 32));
    return 0;
}

/* Everything derived from one root seed. */
static int derive_all(json_t *o, const uint8_t *seed, size_t seedlen, st_err *err)
{
    bip32_node *root;
    json_object_set_new(o, "seed", hexstr(seed, seedlen));
    /* HKDF-SHA256 with the tenant parameters of DESIGN.md, for tenant "alice". */
    static const char salt[] = "steward/tenant/v1", info[] = "alice";
    uint8_t tenant[64];
    if (hkdf_sha256(seed, seedlen, (const uint8_t *)salt, sizeof salt - 1, (const uint8_t *)info,
                    sizeof info - 1, tenant, sizeof tenant) != 0)
        return st_err_set(err, "hkdf_sha256 failed");
    json_object_set_new(o, "hkdf_tenant_alice", hexstr(tenant, sizeof tenant));
    if (bip32_from_seed(seed, seedlen, &root, err) != 0)
        return -1;
    int rc = add_bip32(o, root, err) || add_eth(o, root, err) || add_btc(o, root, err);
    bip32_free(root);
    if (rc)
        return -1;
    return add_ed25519(o, seed, seedlen, err);
}

static json_t *handle_line(char *line)
{
    json_t *o = json_object();
    st_err err = {0};
    uint8_t seed[64];
    size_t seedlen = 0;
    char *bar = strchr(line, '|');
    int rc;
    if (bar) {
        *bar = '\0';
        rc = bip39_mnemonic_to_seed(line, bar + 1, seed, &err);
        seedlen = 64;
    } else {
        rc = hex_decode_any(seed, sizeof seed, &seedlen, line);
        if (rc != 0)
            st_err_set(&err, "not a hex seed of at most 64 bytes");
    }
    if (rc == 0)
        rc = derive_all(o, seed, seedlen, &err);
    sodium_memzero(seed, sizeof seed);
    if (rc != 0) {
        json_object_clear(o);
        json_object_set_new(o, "error", json_string(err.msg));
    }
    return o;
}

int main(void)
{
    if (sodium_init() < 0) {
        fprintf(stderr, "derive_vectors: libsodium could not be initialised\n");
        return 1;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    while ((n = getline(&line, &cap, stdin)) >= 0) {
        if (n > 0 && line[n - 1] == '\n')
            line[--n] = '\0';
        json_t *o = handle_line(line);
        char *s = json_dumps(o, JSON_COMPACT | JSON_ENSURE_ASCII);
        json_decref(o);
        if (s == NULL || puts(s) == EOF) {
            fprintf(stderr, "derive_vectors: cannot write output\n");
            free(s);
            free(line);
            return 1;
        }
        free(s);
    }
    free(line);
    return fflush(stdout) == 0 ? 0 : 1;
}
