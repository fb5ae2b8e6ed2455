/* bip32.c: BIP-32 derivation and serialisation over libsecp256k1 (see bip32.h). */
#include "crypto/bip32.h"

#include <sodium.h>
#include <string.h>

#include "crypto/base58.h"
#include "crypto/hash.h"
#include "crypto/hdpath.h"
#include "crypto/secp_ctx.h"

struct bip32_node {
    uint8_t priv[32];  /* secret; all zero for a public-only node */
    uint8_t chain[32]; /* secret for a private node */
    uint8_t pub[33];   /* compressed */
    uint8_t parent_fpr[4];
    uint32_t child;
    uint8_t depth;
    uint8_t has_priv;
};

#define XKEY_LEN 78
static const uint8_t version_xprv[4] = {0x04, 0x88, 0xAD, 0xE4};
static const uint8_t version_xpub[4] = {0x04, 0x88, 0xB2, 0x1E};

/* sodium_malloc places the block at the end of a page, so its address is only as aligned as
 * the requested size; round the size up to keep the struct's fields aligned. */
#define NODE_ALLOC_SIZE ((sizeof(struct bip32_node) + 15) & ~(size_t)15)

static bip32_node *node_alloc(st_err *err)
{
    bip32_node *n = sodium_malloc(NODE_ALLOC_SIZE);
    if (n == NULL) {
        st_err_set(err, "out of guarded memory for a BIP-32 node");
        return NULL;
    }
    memset(n, 0, NODE_ALLOC_SIZE);
    return n;
}

void bip32_free(bip32_node *node)
{
    if (node)
        sodium_free(node); /* wipes */
}

static const secp256k1_context *ctx_or_err(st_err *err)
{
    const secp256k1_context *ctx = secp_ctx();
    if (ctx == NULL)
        st_err_set(err, "libsecp256k1 context could not be created");
    return ctx;
}

/* Sets node->pub from node->priv, which must be a valid secret key. */
static int set_pub_from_priv(const secp256k1_context *ctx, bip32_node *node, st_err *err)
{
    secp256k1_pubkey pk;
    size_t len = 33;
    if (!secp256k1_ec_pubkey_create(ctx, &pk, node->priv))
        return st_err_set(err, "BIP-32: invalid private key");
    secp256k1_ec_pubkey_serialize(ctx, node->pub, &len, &pk, SECP256K1_EC_COMPRESSED);
    return 0;
}

static void put_be32(uint8_t out[4], uint32_t v)
{
    out[0] = (uint8_t)(v >> 24);
    out[1] = (uint8_t)(v >> 16);
    out[2] = (uint8_t)(v >> 8);
    out[3] = (uint8_t)v;
}

static uint32_t get_be32(const uint8_t in[4])
{
    return (uint32_t)in[0] << 24 | (uint32_t)in[1] << 16 | (uint32_t)in[2] << 8 | in[3];
}

int bip32_from_seed(const uint8_t *seed, size_t seedlen, bip32_node **out, st_err *err)
{
    *out = NULL;
    if (seedlen < BIP32_SEED_MIN || seedlen > BIP32_SEED_MAX)
        return st_err_set(err, "BIP-32: seed of %zu bytes; must be %d..%d", seedlen,
                          BIP32_SEED_MIN, BIP32_SEED_MAX);
    const secp256k1_context *ctx = ctx_or_err(err);
    if (ctx == NULL)
        return -1;
    bip32_node *n = node_alloc(err);
    if (n == NULL)
        return -1;

    static const char key[] = "Bitcoin seed";
    uint8_t I[64];
    hmac_sha512((const uint8_t *)key, sizeof key - 1, seed, seedlen, I);
    memcpy(n->priv, I, 32);
    memcpy(n->chain, I + 32, 32);
    sodium_memzero(I, sizeof I);
    n->has_priv = 1;
    if (!secp256k1_ec_seckey_verify(ctx, n->priv)) {
        bip32_free(n);
        return st_err_set(err, "BIP-32: this seed gives an invalid master key (0 or >= n); "
                               "use another seed");
    }
    if (set_pub_from_priv(ctx, n, err) != 0) {
        bip32_free(n);
        return -1;
    }
    *out = n;
    return 0;
}

int bip32_derive_child(const bip32_node *parent, uint32_t index, bip32_node **out, st_err *err)
{
    *out = NULL;
    int hardened = (index & HD_HARDENED) != 0;
    if (hardened && !parent->has_priv)
        return st_err_set(err, "BIP-32: cannot derive hardened child %u' from a public key",
                          index & ~HD_HARDENED);
    if (parent->depth == 255)
        return st_err_set(err, "BIP-32: depth 255 reached; no further children");
    const secp256k1_context *ctx = ctx_or_err(err);
    if (ctx == NULL)
        return -1;
    bip32_node *n = node_alloc(err);
    if (n == NULL)
        return -1;

    /* I = HMAC-SHA512(c_par, 0x00 || k_par || ser32(i)) when hardened, else
     * HMAC-SHA512(c_par, serP(K_par) || ser32(i)). */
    uint8_t data[37], I[64];
    if (hardened) {
        data[0] = 0;
        memcpy(data + 1, parent->priv, 32);
    } else {
        memcpy(data, parent->pub, 33);
    }
    put_be32(data + 33, index);
    hmac_sha512(parent->chain, 32, data, sizeof data, I);
    sodium_memzero(data, sizeof data);
    memcpy(n->chain, I + 32, 32);

    int rc = 0;
    if (parent->has_priv) {
        /* k_i = IL + k_par mod n; the tweak fails when IL >= n or the sum is zero. */
        memcpy(n->priv, parent->priv, 32);
        n->has_priv = 1;
        if (!secp256k1_ec_seckey_tweak_add(ctx, n->priv, I))
            rc = st_err_set(err, "BIP-32: child %u%s is invalid (IL >= n or zero key); use the "
                                 "next index", index & ~HD_HARDENED, hardened ? "'" : "");
        else
            rc = set_pub_from_priv(ctx, n, err);
    } else {
        /* K_i = point(IL) + K_par; fails when IL >= n or the sum is the point at infinity. */
        secp256k1_pubkey pk;
        size_t len = 33;
        if (!secp256k1_ec_pubkey_parse(ctx, &pk, parent->pub, 33))
            rc = st_err_set(err, "BIP-32: parent public key is invalid");
        else if (!secp256k1_ec_pubkey_tweak_add(ctx, &pk, I))
            rc = st_err_set(err, "BIP-32: child %u is invalid (IL >= n or point at infinity); "
                                 "use the next index", index);
        else
            secp256k1_ec_pubkey_serialize(ctx, n->pub, &len, &pk, SECP256K1_EC_COMPRESSED);
    }
    sodium_memzero(I, sizeof I);
    if (rc != 0) {
        bip32_free(n);
        return -1;
    }
    bip32_fingerprint(parent, n->parent_fpr);
    n->child = index;
    n->depth = (uint8_t)(parent->depth + 1);
    *out = n;
    return 0;
}

int bip32_derive_path(const bip32_node *node, const char *path, bip32_node **out, st_err *err)
{
    *out = NULL;
    uint32_t idx[HD_PATH_MAX_DEPTH];
    size_t n = 0;
    if (hd_path_parse(path, idx, HD_PATH_MAX_DEPTH, &n, err) != 0)
        return -1;
    bip32_node *cur = node_alloc(err);
    if (cur == NULL)
        return -1;
    memcpy(cur, node, sizeof *cur);
    for (size_t i = 0; i < n; i++) {
        bip32_node *next;
        if (bip32_derive_child(cur, idx[i], &next, err) != 0) {
            bip32_free(cur);
            return st_err_wrap(err, "deriving %s (component %zu)", path, i + 1);
        }
        bip32_free(cur);
        cur = next;
    }
    *out = cur;
    return 0;
}

int bip32_neuter(const bip32_node *node, bip32_node **out, st_err *err)
{
    *out = NULL;
    bip32_node *n = node_alloc(err);
    if (n == NULL)
        return -1;
    memcpy(n, node, sizeof *n);
    sodium_memzero(n->priv, sizeof n->priv);
    n->has_priv = 0;
    *out = n;
    return 0;
}

int bip32_has_private(const bip32_node *node)
{
    return node->has_priv;
}

void bip32_pubkey(const bip32_node *node, uint8_t out[33])
{
    memcpy(out, node->pub, 33);
}

int bip32_privkey(const bip32_node *node, secbuf *out, st_err *err)
{
    *out = SECBUF_EMPTY;
    if (!node->has_priv)
        return st_err_set(err, "BIP-32: node has no private key (public-only)");
    return secbuf_copy(out, node->priv, 32, err);
}

int bip32_chain_code(const bip32_node *node, secbuf *out, st_err *err)
{
    *out = SECBUF_EMPTY;
    return secbuf_copy(out, node->chain, 32, err);
}

void bip32_fingerprint(const bip32_node *node, uint8_t out[4])
{
    uint8_t h[HASH160_LEN];
    hash160(node->pub, 33, h);
    memcpy(out, h, 4);
}

void bip32_parent_fingerprint(const bip32_node *node, uint8_t out[4])
{
    memcpy(out, node->parent_fpr, 4);
}

unsigned bip32_depth(const bip32_node *node)
{
    return node->depth;
}

uint32_t bip32_child_number(const bip32_node *node)
{
    return node->child;
}

/* The 78-byte serialisation: version, depth, parent fingerprint, child number, chain code,
 * key data (0x00 || private key, or the compressed public key). */
static void serialise(const bip32_node *node, int priv, uint8_t out[XKEY_LEN])
{
    memcpy(out, priv ? version_xprv : version_xpub, 4);
    out[4] = node->depth;
    memcpy(out + 5, node->parent_fpr, 4);
    put_be32(out + 9, node->child);
    memcpy(out + 13, node->chain, 32);
    if (priv) {
        out[45] = 0;
        memcpy(out + 46, node->priv, 32);
    } else {
        memcpy(out + 45, node->pub, 33);
    }
}

void bip32_to_xpub(const bip32_node *node, char out[BIP32_XKEY_BUFSZ])
{
    uint8_t raw[XKEY_LEN];
    serialise(node, 0, raw);
    /* 82 bytes always fit BIP32_XKEY_BUFSZ, so this cannot fail. */
    base58check_encode(raw, sizeof raw, out, BIP32_XKEY_BUFSZ, NULL);
    sodium_memzero(raw, sizeof raw);
}

int bip32_to_xprv(const bip32_node *node, secbuf *out, st_err *err)
{
    *out = SECBUF_EMPTY;
    if (!node->has_priv)
        return st_err_set(err, "BIP-32: node has no private key (public-only)");
    if (secbuf_alloc(out, BIP32_XKEY_BUFSZ, err) != 0)
        return -1;
    uint8_t raw[XKEY_LEN];
    serialise(node, 1, raw);
    int rc = base58check_encode(raw, sizeof raw, (char *)out->p, BIP32_XKEY_BUFSZ, err);
    sodium_memzero(raw, sizeof raw);
    if (rc != 0) {
        secbuf_free(out);
        return -1;
    }
    out->len = strlen((const char *)out->p);
    return 0;
}

/* Checks the decoded 78 bytes in the order of BIP-32's vector 5 reasons and fills n. */
static int parse_raw(const secp256k1_context *ctx, const uint8_t raw[XKEY_LEN], bip32_node *n,
                     st_err *err)
{
    int is_prv = memcmp(raw, version_xprv, 4) == 0;
    int is_pub = memcmp(raw, version_xpub, 4) == 0;
    if (!is_prv && !is_pub)
        return st_err_set(err, "extended key: unknown version 0x%08x (expected xprv 0x0488ade4 "
                               "or xpub 0x0488b21e)", get_be32(raw));
    uint8_t prefix = raw[45];
    if (is_pub && prefix == 0x00)
        return st_err_set(err, "extended key: version / key mismatch: xpub holds a private key");
    if (is_prv && (prefix == 0x02 || prefix == 0x03))
        return st_err_set(err, "extended key: version / key mismatch: xprv holds a public key");
    if (is_pub && prefix != 0x02 && prefix != 0x03)
        return st_err_set(err, "extended key: invalid public key prefix 0x%02x (expected 02 or 03)",
                          prefix);
    if (is_prv && prefix != 0x00)
        return st_err_set(err, "extended key: invalid private key prefix 0x%02x (expected 00)",
                          prefix);

    n->depth = raw[4];
    memcpy(n->parent_fpr, raw + 5, 4);
    n->child = get_be32(raw + 9);
    if (n->depth == 0 && get_be32(n->parent_fpr) != 0)
        return st_err_set(err, "extended key: zero depth with non-zero parent fingerprint");
    if (n->depth == 0 && n->child != 0)
        return st_err_set(err, "extended key: zero depth with non-zero child index");
    memcpy(n->chain, raw + 13, 32);

    if (is_prv) {
        memcpy(n->priv, raw + 46, 32);
        n->has_priv = 1;
        if (!secp256k1_ec_seckey_verify(ctx, n->priv))
            return st_err_set(err, "extended key: private key not in 1..n-1");
        return set_pub_from_priv(ctx, n, err);
    }
    secp256k1_pubkey pk;
    if (!secp256k1_ec_pubkey_parse(ctx, &pk, raw + 45, 33))
        return st_err_set(err, "extended key: invalid public key (not a point on secp256k1)");
    memcpy(n->pub, raw + 45, 33);
    return 0;
}

int bip32_from_xkey(const char *xkey, bip32_node **out, st_err *err)
{
    *out = NULL;
    const secp256k1_context *ctx = ctx_or_err(err);
    if (ctx == NULL)
        return -1;
    uint8_t raw[BASE58_MAX_BYTES];
    size_t len = 0;
    int rc = -1;
    bip32_node *n = NULL;
    if (base58check_decode(xkey, raw, sizeof raw, &len, err) != 0) {
        st_err_wrap(err, "extended key");
        goto done;
    }
    if (len != XKEY_LEN) {
        st_err_set(err, "extended key: %zu bytes; expected %d", len, XKEY_LEN);
        goto done;
    }
    if ((n = node_alloc(err)) == NULL)
        goto done;
    if (parse_raw(ctx, raw, n, err) != 0) {
        bip32_free(n);
        goto done;
    }
    *out = n;
    rc = 0;
done:
    sodium_memzero(raw, sizeof raw);
    return rc;
}
