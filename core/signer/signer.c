#include "signer/signer.h"

#include <jansson.h>
#include <secp256k1.h>
#include <secp256k1_extrakeys.h>
#include <secp256k1_recovery.h>
#include <secp256k1_schnorrsig.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/hash.h"
#include "crypto/secp_ctx.h"
#include "keys/keys.h"
#include "store/audit.h"
#include "util/hex.h"

#define MAX_SIGS_PER_CAP 64
#define ED25519_MSG_MAX 65536

struct stw_sign_cap {
    struct stw_sign_cap *next; /* the signer's list of live capabilities */
    char chain[CONFIG_CHAIN_NAME_MAX + 1];
    char tenant[CONFIG_TENANT_ID_MAX + 1];
    char path[64];
    enum stw_curve curve;
    uint8_t pubkey[33];
    size_t pubkey_len;
    enum stw_sig_scheme scheme;
    uint32_t max_sigs, used;
    int64_t request_seq;
};

struct signer {
    const secbuf *root_seed;
    struct store *store;
    struct stw_sign_cap *live;
};

int signer_new(const secbuf *root_seed, struct store *store, struct signer **out, st_err *err)
{
    struct signer *s = calloc(1, sizeof *s);
    if (s == NULL)
        return st_err_set(err, "out of memory");
    s->root_seed = root_seed;
    s->store = store;
    *out = s;
    return 0;
}

void signer_free(struct signer *s)
{
    if (s == NULL)
        return;
    while (s->live)
        signer_revoke(s, s->live);
    free(s);
}

static enum stw_curve curve_of(enum stw_sig_scheme scheme)
{
    return scheme == STW_SIG_ED25519 ? STW_CURVE_ED25519 : STW_CURVE_SECP256K1;
}

int signer_issue(struct signer *s, const char *chain, const struct stw_account *account, enum stw_sig_scheme scheme,
                 uint32_t max_sigs, int64_t request_seq, struct stw_sign_cap **out, st_err *err)
{
    *out = NULL;
    if (max_sigs < 1 || max_sigs > MAX_SIGS_PER_CAP)
        return st_err_set(err, "a capability allows 1 to %d signatures, not %u", MAX_SIGS_PER_CAP, max_sigs);
    if (scheme < STW_SIG_ECDSA_SECP256K1_RECOVERABLE || scheme > STW_SIG_ED25519)
        return st_err_set(err, "unknown signature scheme %d", (int)scheme);
    if (account->curve != curve_of(scheme))
        return st_err_set(err, "scheme %d does not use the account's curve", (int)scheme);
    if (account->pubkey_len != (account->curve == STW_CURVE_ED25519 ? 32u : 33u) ||
        strlen(account->tenant) > CONFIG_TENANT_ID_MAX || strlen(account->path) >= sizeof((struct stw_sign_cap *)0)->path ||
        strlen(chain) > CONFIG_CHAIN_NAME_MAX)
        return st_err_set(err, "malformed account for a capability");
    struct stw_sign_cap *c = calloc(1, sizeof *c);
    if (c == NULL)
        return st_err_set(err, "out of memory");
    strcpy(c->chain, chain);
    strcpy(c->tenant, account->tenant);
    strcpy(c->path, account->path);
    c->curve = account->curve;
    memcpy(c->pubkey, account->pubkey, account->pubkey_len);
    c->pubkey_len = account->pubkey_len;
    c->scheme = scheme;
    c->max_sigs = max_sigs;
    c->request_seq = request_seq;
    c->next = s->live;
    s->live = c;
    *out = c;
    return 0;
}

void signer_revoke(struct signer *s, struct stw_sign_cap *cap)
{
    for (struct stw_sign_cap **p = &s->live; *p; p = &(*p)->next)
        if (*p == cap) {
            *p = cap->next;
            sodium_memzero(cap, sizeof *cap);
            free(cap);
            return;
        }
}

uint32_t signer_cap_used(const struct stw_sign_cap *cap)
{
    return cap->used;
}

/* A capability is honoured only if it is one of this signer's live ones: a revoked or forged
 * pointer is never dereferenced. */
static int is_live(const struct signer *s, const struct stw_sign_cap *cap)
{
    for (const struct stw_sign_cap *c = s->live; c; c = c->next)
        if (c == cap)
            return 1;
    return 0;
}

static int sign_ecdsa(const secbuf *priv, const uint8_t msg[32], uint8_t sig[65], st_err *err)
{
    const secp256k1_context *ctx = secp_ctx();
    secp256k1_ecdsa_recoverable_signature rs;
    int recid;
    /* RFC 6979 nonces; libsecp256k1 always produces low-s signatures. */
    if (!secp256k1_ecdsa_sign_recoverable(ctx, &rs, msg, priv->p, NULL, NULL))
        return st_err_set(err, "ECDSA signing failed");
    secp256k1_ecdsa_recoverable_signature_serialize_compact(ctx, sig, &recid, &rs);
    sig[64] = (uint8_t)recid;
    return 0;
}

static int sign_taproot(const secbuf *priv, const uint8_t msg[32], uint8_t sig[64], st_err *err)
{
    const secp256k1_context *ctx = secp_ctx();
    secp256k1_keypair kp;
    secp256k1_xonly_pubkey internal;
    uint8_t xonly[32], tweak[32], aux[32];
    int rc = -1;
    if (!secp256k1_keypair_create(ctx, &kp, priv->p) || !secp256k1_keypair_xonly_pub(ctx, &internal, NULL, &kp)) {
        st_err_set(err, "invalid secp256k1 key");
        goto out;
    }
    secp256k1_xonly_pubkey_serialize(ctx, xonly, &internal);
    /* BIP-86 / BIP-341 key-path-only output: t = hash_TapTweak(P), no script tree. */
    tagged_hash("TapTweak", xonly, 32, tweak);
    if (!secp256k1_keypair_xonly_tweak_add(ctx, &kp, tweak)) {
        st_err_set(err, "taproot tweak failed");
        goto out;
    }
    randombytes_buf(aux, sizeof aux); /* BIP-340 auxiliary randomness */
    if (!secp256k1_schnorrsig_sign32(ctx, sig, msg, &kp, aux)) {
        st_err_set(err, "Schnorr signing failed");
        goto out;
    }
    rc = 0;
out:
    sodium_memzero(&kp, sizeof kp);
    return rc;
}

static int sign_ed25519(const secbuf *seed, const uint8_t *msg, size_t len, uint8_t sig[64], st_err *err)
{
    secbuf sk = SECBUF_EMPTY;
    uint8_t pk[crypto_sign_PUBLICKEYBYTES];
    if (secbuf_alloc(&sk, crypto_sign_SECRETKEYBYTES, err) != 0)
        return -1;
    int rc = crypto_sign_seed_keypair(pk, sk.p, seed->p) == 0 && crypto_sign_detached(sig, NULL, msg, len, sk.p) == 0
                 ? 0
                 : st_err_set(err, "Ed25519 signing failed");
    secbuf_free(&sk);
    return rc;
}

/* The audit record of a signature, durable before the signature leaves the signer. */
static int audit_signature(struct signer *s, const struct stw_sign_cap *cap, const uint8_t *msg, size_t len,
                           st_err *err)
{
    uint8_t digest[32];
    if (len == 32)
        memcpy(digest, msg, 32);
    else
        sha256(msg, len, digest); /* Ed25519 signs whole messages: record their SHA-256 */
    char hex[65];
    hex_encode(hex, digest, 32);
    json_t *d = json_pack("{s:s, s:s, s:i, s:s, s:I, s:i}", "chain", cap->chain, "path", cap->path, "scheme",
                          (int)cap->scheme, len == 32 ? "digest" : "message_sha256", hex, "request_seq",
                          (json_int_t)cap->request_seq, "signature", (int)cap->used + 1);
    char *text = d ? json_dumps(d, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(d);
    if (text == NULL)
        return st_err_set(err, "out of memory");
    int rc = audit_append(s->store, "sign", cap->tenant, cap->chain, text, NULL, err);
    free(text);
    return rc;
}

int signer_sign(struct signer *s, struct stw_sign_cap *cap, const struct stw_account *account,
                enum stw_sig_scheme scheme, const uint8_t *msg, size_t msg_len, uint8_t sig[65], size_t *sig_len,
                st_err *err)
{
    *sig_len = 0;
    if (cap == NULL || !is_live(s, cap))
        return st_err_set(err, "sign capability refused: it is not live (already used, revoked or never issued)");
    if (cap->used >= cap->max_sigs)
        return st_err_set(err, "sign capability refused: its bound of %u signature%s is used up", cap->max_sigs,
                          cap->max_sigs == 1 ? "" : "s");
    if (scheme != cap->scheme)
        return st_err_set(err, "sign capability refused: issued for scheme %d, asked for %d", (int)cap->scheme,
                          (int)scheme);
    if (account == NULL || account->tenant == NULL || account->path == NULL || account->pubkey == NULL ||
        strcmp(account->tenant, cap->tenant) != 0 || strcmp(account->path, cap->path) != 0 ||
        account->pubkey_len != cap->pubkey_len || memcmp(account->pubkey, cap->pubkey, cap->pubkey_len) != 0)
        return st_err_set(err, "sign capability refused: issued for tenant %s key %s, not for this account",
                          cap->tenant, cap->path);
    if ((scheme != STW_SIG_ED25519 && msg_len != 32) || (scheme == STW_SIG_ED25519 && msg_len > ED25519_MSG_MAX))
        return st_err_set(err, "sign capability refused: a %zu-byte message for scheme %d", msg_len, (int)scheme);

    secbuf priv = SECBUF_EMPTY;
    if (keys_private_at(s->root_seed, cap->tenant, (enum key_curve)cap->curve, cap->path, &priv, err) != 0)
        return -1;
    /* The key must be the one the capability was issued for: a derivation that disagrees
     * with the public key the request was approved for never signs. */
    uint8_t pub[33];
    size_t publen = 0;
    st_err e2 = {0};
    int rc = -1;
    if (keys_public_at(s->root_seed, cap->tenant, (enum key_curve)cap->curve, cap->path, pub, &publen, &e2) != 0 ||
        publen != cap->pubkey_len || memcmp(pub, cap->pubkey, publen) != 0) {
        st_err_set(err, "sign capability refused: the key at %s is not the approved public key", cap->path);
        goto out;
    }
    uint8_t out[65];
    size_t outlen = 0;
    if (scheme == STW_SIG_ECDSA_SECP256K1_RECOVERABLE)
        rc = sign_ecdsa(&priv, msg, out, err), outlen = 65;
    else if (scheme == STW_SIG_SCHNORR_BIP340_TAPROOT)
        rc = sign_taproot(&priv, msg, out, err), outlen = 64;
    else
        rc = sign_ed25519(&priv, msg, msg_len, out, err), outlen = 64;
    if (rc != 0)
        goto out;
    if ((rc = audit_signature(s, cap, msg, msg_len, err)) != 0)
        goto out;
    cap->used++;
    memcpy(sig, out, outlen);
    *sig_len = outlen;
out:
    secbuf_free(&priv);
    return rc;
}
