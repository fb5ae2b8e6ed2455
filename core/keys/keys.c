/* keys.c: key derivation v1. Private nodes exist only inside these functions, in guarded
 * memory, and are freed (wiped) before returning. */
#include "keys/keys.h"

#include <stdio.h>
#include <string.h>

#include "crypto/addresses.h"
#include "crypto/bip32.h"
#include "crypto/hash.h"
#include "crypto/slip10.h"
#include "util/hex.h"

#define HARDENED 0x80000000u

int keys_tenant_seed(const secbuf *root_seed, const char *tenant, secbuf *out, st_err *err)
{
    if (strcmp(tenant, "default") == 0)
        return secbuf_copy(out, root_seed->p, root_seed->len, err);
    if (secbuf_alloc(out, 64, err) != 0)
        return -1;
    if (hkdf_sha256(root_seed->p, root_seed->len, (const uint8_t *)KEYS_TENANT_SALT, strlen(KEYS_TENANT_SALT),
                    (const uint8_t *)tenant, strlen(tenant), out->p, 64) != 0) {
        secbuf_free(out);
        return st_err_set(err, "HKDF-SHA256 failed for tenant %s", tenant);
    }
    return 0;
}

static const char *network_name(enum btc_network net)
{
    static const char *const names[] = {"mainnet", "testnet", "signet", "regtest"};
    return names[net];
}

static const char *network_hrp(enum btc_network net)
{
    return net == BTC_MAINNET ? "bc" : net == BTC_REGTEST ? "bcrt" : "tb";
}

static int derive_eth(const bip32_node *root, uint32_t index, struct eth_public *out, st_err *err)
{
    snprintf(out->path, sizeof out->path, "m/44'/60'/0'/0/%u", index);
    bip32_node *node = NULL;
    if (bip32_derive_path(root, out->path, &node, err) != 0)
        return -1;
    uint8_t pub[33];
    bip32_pubkey(node, pub);
    bip32_free(node);
    hex_encode(out->pubkey, pub, sizeof pub);
    return eth_address_from_pubkey(pub, out->address);
}

static int derive_btc(const bip32_node *root, uint32_t index, enum btc_network net, struct btc_public *out,
                      st_err *err)
{
    snprintf(out->path, sizeof out->path, "m/86'/%u'/0'/0/%u", net == BTC_MAINNET ? 0u : 1u, index);
    out->network = network_name(net);
    bip32_node *node = NULL;
    if (bip32_derive_path(root, out->path, &node, err) != 0)
        return -1;
    uint8_t pub[33], tweaked[32];
    bip32_pubkey(node, pub);
    bip32_free(node);
    int parity;
    /* BIP-86: the internal key is the x-only form of the BIP-32 key; no script tree. */
    if (taproot_output_key(pub + 1, tweaked, &parity) != 0)
        return st_err_set(err, "taproot tweak failed for %s", out->path);
    hex_encode(out->internal_key, pub + 1, 32);
    hex_encode(out->output_key, tweaked, 32);
    if (btc_p2tr_address(tweaked, network_hrp(net), out->address, sizeof out->address) != 0)
        return st_err_set(err, "bech32m encoding failed for %s", out->path);
    return 0;
}

static int derive_sol(const secbuf *seed, uint32_t index, struct sol_public *out, st_err *err)
{
    snprintf(out->path, sizeof out->path, "m/44'/501'/%u'/0'", index);
    slip10_node *root = NULL, *node = NULL;
    if (slip10_ed25519_from_seed(seed->p, seed->len, &root, err) != 0)
        return -1;
    int rc = slip10_ed25519_derive_path(root, out->path, &node, err);
    slip10_free(root);
    if (rc != 0)
        return -1;
    uint8_t pub[32];
    slip10_ed25519_pubkey(node, pub);
    slip10_free(node);
    hex_encode(out->pubkey, pub, sizeof pub);
    if (sol_address(pub, out->address, sizeof out->address) != 0)
        return st_err_set(err, "base58 encoding failed for %s", out->path);
    return 0;
}

int keys_derive_public(const secbuf *root_seed, const char *tenant, uint32_t index, enum btc_network net,
                       struct tenant_public_keys *out, st_err *err)
{
    memset(out, 0, sizeof *out);
    if (index >= HARDENED)
        return st_err_set(err, "index %u is out of range (must be below 2^31)", index);
    if (strlen(tenant) > CONFIG_TENANT_ID_MAX)
        return st_err_set(err, "tenant id is longer than %d characters", CONFIG_TENANT_ID_MAX);
    snprintf(out->tenant, sizeof out->tenant, "%s", tenant);
    out->index = index;

    secbuf seed = SECBUF_EMPTY;
    bip32_node *root = NULL;
    int rc = -1;
    if (keys_tenant_seed(root_seed, tenant, &seed, err) != 0)
        return -1;
    if (bip32_from_seed(seed.p, seed.len, &root, err) != 0)
        goto out;
    if (derive_eth(root, index, &out->eth, err) != 0 || derive_btc(root, index, net, &out->btc, err) != 0 ||
        derive_sol(&seed, index, &out->sol, err) != 0)
        goto out;
    rc = 0;
out:
    bip32_free(root);
    secbuf_free(&seed);
    return rc;
}

int keys_v1_path(const char *chain, uint32_t index, enum btc_network net, char *out, size_t cap)
{
    if (index >= HARDENED)
        return -1;
    int n;
    if (strcmp(chain, "eth") == 0)
        n = snprintf(out, cap, "m/44'/60'/0'/0/%u", index);
    else if (strcmp(chain, "btc") == 0)
        n = snprintf(out, cap, "m/86'/%u'/0'/0/%u", net == BTC_MAINNET ? 0u : 1u, index);
    else if (strcmp(chain, "sol") == 0)
        n = snprintf(out, cap, "m/44'/501'/%u'/0'", index);
    else
        return -1;
    return n > 0 && (size_t)n < cap ? 0 : -1;
}

/* Derives the node at path for a tenant; exactly one of *b32 / *s10 is set on success. */
static int node_at(const secbuf *root_seed, const char *tenant, enum key_curve curve, const char *path,
                   bip32_node **b32, slip10_node **s10, st_err *err)
{
    secbuf seed = SECBUF_EMPTY;
    *b32 = NULL;
    *s10 = NULL;
    if (keys_tenant_seed(root_seed, tenant, &seed, err) != 0)
        return -1;
    int rc = -1;
    if (curve == KEY_SECP256K1) {
        bip32_node *root = NULL;
        if (bip32_from_seed(seed.p, seed.len, &root, err) == 0) {
            rc = bip32_derive_path(root, path, b32, err);
            bip32_free(root);
        }
    } else if (curve == KEY_ED25519) {
        slip10_node *root = NULL;
        if (slip10_ed25519_from_seed(seed.p, seed.len, &root, err) == 0) {
            rc = slip10_ed25519_derive_path(root, path, s10, err);
            slip10_free(root);
        }
    } else {
        st_err_set(err, "unknown curve %d", (int)curve);
    }
    secbuf_free(&seed);
    return rc;
}

int keys_public_at(const secbuf *root_seed, const char *tenant, enum key_curve curve, const char *path,
                   uint8_t pub[33], size_t *len, st_err *err)
{
    bip32_node *b = NULL;
    slip10_node *s = NULL;
    if (node_at(root_seed, tenant, curve, path, &b, &s, err) != 0)
        return -1;
    if (b) {
        bip32_pubkey(b, pub);
        *len = 33;
        bip32_free(b);
    } else {
        slip10_ed25519_pubkey(s, pub);
        *len = 32;
        slip10_free(s);
    }
    return 0;
}

int keys_private_at(const secbuf *root_seed, const char *tenant, enum key_curve curve, const char *path,
                    secbuf *priv, st_err *err)
{
    bip32_node *b = NULL;
    slip10_node *s = NULL;
    if (node_at(root_seed, tenant, curve, path, &b, &s, err) != 0)
        return -1;
    int rc = b ? bip32_privkey(b, priv, err) : slip10_ed25519_privkey(s, priv, err);
    bip32_free(b);
    slip10_free(s);
    return rc;
}
