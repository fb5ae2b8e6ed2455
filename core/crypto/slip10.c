/* slip10.c: SLIP-10 ed25519 derivation (see slip10.h). */
#include "crypto/slip10.h"

#include <sodium.h>
#include <string.h>

#include "crypto/hash.h"
#include "crypto/hdpath.h"

struct slip10_node {
    uint8_t priv[32];  /* secret */
    uint8_t chain[32]; /* secret */
    uint8_t pub[32];
    uint8_t parent_fpr[4];
    uint32_t child;
    uint8_t depth;
};

/* Rounded up so sodium_malloc's end-of-page placement keeps the fields aligned. */
#define NODE_ALLOC_SIZE ((sizeof(struct slip10_node) + 15) & ~(size_t)15)

static slip10_node *node_alloc(st_err *err)
{
    slip10_node *n = sodium_malloc(NODE_ALLOC_SIZE);
    if (n == NULL) {
        st_err_set(err, "out of guarded memory for a SLIP-10 node");
        return NULL;
    }
    memset(n, 0, NODE_ALLOC_SIZE);
    return n;
}

void slip10_free(slip10_node *node)
{
    if (node)
        sodium_free(node);
}

/* Splits I into key and chain code and derives the public key. */
static void set_from_I(slip10_node *n, const uint8_t I[64])
{
    uint8_t sk[crypto_sign_SECRETKEYBYTES];
    memcpy(n->priv, I, 32);
    memcpy(n->chain, I + 32, 32);
    crypto_sign_seed_keypair(n->pub, sk, n->priv);
    sodium_memzero(sk, sizeof sk);
}

int slip10_ed25519_from_seed(const uint8_t *seed, size_t seedlen, slip10_node **out, st_err *err)
{
    *out = NULL;
    if (seedlen < SLIP10_SEED_MIN || seedlen > SLIP10_SEED_MAX)
        return st_err_set(err, "SLIP-10: seed of %zu bytes; must be %d..%d", seedlen,
                          SLIP10_SEED_MIN, SLIP10_SEED_MAX);
    /* crypto_sign_seed_keypair needs libsodium initialised; sodium_init is idempotent. */
    if (sodium_init() < 0)
        return st_err_set(err, "libsodium could not be initialised");
    slip10_node *n = node_alloc(err);
    if (n == NULL)
        return -1;
    static const char key[] = "ed25519 seed";
    uint8_t I[64];
    hmac_sha512((const uint8_t *)key, sizeof key - 1, seed, seedlen, I);
    set_from_I(n, I);
    sodium_memzero(I, sizeof I);
    *out = n;
    return 0;
}

int slip10_ed25519_derive_child(const slip10_node *parent, uint32_t index, slip10_node **out,
                                st_err *err)
{
    *out = NULL;
    if (!(index & HD_HARDENED))
        return st_err_set(err, "SLIP-10 ed25519: index %u is not hardened; ed25519 derivation "
                               "is hardened only (write %u')", index, index);
    if (parent->depth == 255)
        return st_err_set(err, "SLIP-10: depth 255 reached; no further children");
    slip10_node *n = node_alloc(err);
    if (n == NULL)
        return -1;
    uint8_t data[37], I[64];
    data[0] = 0;
    memcpy(data + 1, parent->priv, 32);
    data[33] = (uint8_t)(index >> 24);
    data[34] = (uint8_t)(index >> 16);
    data[35] = (uint8_t)(index >> 8);
    data[36] = (uint8_t)index;
    hmac_sha512(parent->chain, 32, data, sizeof data, I);
    sodium_memzero(data, sizeof data);
    set_from_I(n, I);
    sodium_memzero(I, sizeof I);
    slip10_ed25519_fingerprint(parent, n->parent_fpr);
    n->child = index;
    n->depth = (uint8_t)(parent->depth + 1);
    *out = n;
    return 0;
}

int slip10_ed25519_derive_path(const slip10_node *node, const char *path, slip10_node **out,
                               st_err *err)
{
    *out = NULL;
    uint32_t idx[HD_PATH_MAX_DEPTH];
    size_t n = 0;
    if (hd_path_parse(path, idx, HD_PATH_MAX_DEPTH, &n, err) != 0)
        return -1;
    /* Refuse the whole path before deriving anything if any component is not hardened. */
    for (size_t i = 0; i < n; i++)
        if (!(idx[i] & HD_HARDENED))
            return st_err_set(err, "SLIP-10 ed25519: component %zu (%u) of %s is not hardened; "
                                   "ed25519 derivation is hardened only", i + 1, idx[i], path);
    slip10_node *cur = node_alloc(err);
    if (cur == NULL)
        return -1;
    memcpy(cur, node, sizeof *cur);
    for (size_t i = 0; i < n; i++) {
        slip10_node *next;
        if (slip10_ed25519_derive_child(cur, idx[i], &next, err) != 0) {
            slip10_free(cur);
            return st_err_wrap(err, "deriving %s (component %zu)", path, i + 1);
        }
        slip10_free(cur);
        cur = next;
    }
    *out = cur;
    return 0;
}

void slip10_ed25519_pubkey(const slip10_node *node, uint8_t out[32])
{
    memcpy(out, node->pub, 32);
}

int slip10_ed25519_privkey(const slip10_node *node, secbuf *out, st_err *err)
{
    *out = SECBUF_EMPTY;
    return secbuf_copy(out, node->priv, 32, err);
}

int slip10_ed25519_chain_code(const slip10_node *node, secbuf *out, st_err *err)
{
    *out = SECBUF_EMPTY;
    return secbuf_copy(out, node->chain, 32, err);
}

void slip10_ed25519_fingerprint(const slip10_node *node, uint8_t out[4])
{
    uint8_t ser[33], h[HASH160_LEN];
    ser[0] = 0;
    memcpy(ser + 1, node->pub, 32);
    hash160(ser, sizeof ser, h);
    memcpy(out, h, 4);
}

void slip10_ed25519_parent_fingerprint(const slip10_node *node, uint8_t out[4])
{
    memcpy(out, node->parent_fpr, 4);
}

unsigned slip10_ed25519_depth(const slip10_node *node)
{
    return node->depth;
}

uint32_t slip10_ed25519_child_number(const slip10_node *node)
{
    return node->child;
}
