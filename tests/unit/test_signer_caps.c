/* The sign capability: one-shot, bounded, bound to one account and one scheme; and the
 * signatures it makes verify (ECDSA recovers the key, BIP-340 verifies under the BIP-86
 * tweaked key, Ed25519 verifies) and are audited. */
#include <secp256k1.h>
#include <secp256k1_extrakeys.h>
#include <secp256k1_recovery.h>
#include <secp256k1_schnorrsig.h>
#include <sodium.h>

#include "check.h"
#include "crypto/addresses.h"
#include "crypto/secp_ctx.h"
#include "keys/keys.h"
#include "signer/signer.h"
#include "store/audit.h"
#include "testfs.h"

static secbuf root;
static struct store *st;
static struct signer *sg;

struct acct {
    char path[64];
    uint8_t pub[33];
    size_t len;
    struct stw_account a;
};

static void account(struct acct *x, const char *tenant, enum stw_curve curve, const char *path)
{
    st_err e = {0};
    snprintf(x->path, sizeof x->path, "%s", path);
    CHECK(keys_public_at(&root, tenant, (enum key_curve)curve, path, x->pub, &x->len, &e) == 0);
    x->a = (struct stw_account){tenant, 0, x->path, curve, x->pub, x->len, "addr"};
}

static int64_t sign_records(void)
{
    int64_t n = 0;
    sqlite3_stmt *q;
    sqlite3_prepare_v2(store_db(st), "SELECT count(*) FROM audit WHERE kind='sign'", -1, &q, NULL);
    if (sqlite3_step(q) == SQLITE_ROW)
        n = sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    return n;
}

static void test_bounds_and_binding(void)
{
    struct acct a, other_path, other_tenant;
    account(&a, "default", STW_CURVE_SECP256K1, "m/44'/60'/0'/0/0");
    account(&other_path, "default", STW_CURVE_SECP256K1, "m/44'/60'/0'/0/1");
    account(&other_tenant, "alice", STW_CURVE_SECP256K1, "m/44'/60'/0'/0/0");
    uint8_t msg[32], sig[65];
    size_t len;
    randombytes_buf(msg, sizeof msg);
    st_err e = {0};
    struct stw_sign_cap *cap = NULL;
    CHECK(signer_issue(sg, "eth", &a.a, STW_SIG_ECDSA_SECP256K1_RECOVERABLE, 2, 7, &cap, &e) == 0);
    int64_t before = sign_records();

    /* Another key, another tenant, another scheme: refused, nothing audited. */
    st_err_clear(&e);
    CHECK(signer_sign(sg, cap, &other_path.a, STW_SIG_ECDSA_SECP256K1_RECOVERABLE, msg, 32, sig, &len, &e) == -1);
    CHECK(strstr(e.msg, "not for this account") != NULL);
    st_err_clear(&e);
    CHECK(signer_sign(sg, cap, &other_tenant.a, STW_SIG_ECDSA_SECP256K1_RECOVERABLE, msg, 32, sig, &len, &e) == -1);
    st_err_clear(&e);
    CHECK(signer_sign(sg, cap, &a.a, STW_SIG_SCHNORR_BIP340_TAPROOT, msg, 32, sig, &len, &e) == -1);
    CHECK(strstr(e.msg, "scheme") != NULL);
    st_err_clear(&e);
    CHECK(signer_sign(sg, cap, &a.a, STW_SIG_ECDSA_SECP256K1_RECOVERABLE, msg, 31, sig, &len, &e) == -1);
    /* A forged public key for the right path is refused too. */
    struct acct forged = a;
    forged.a.pubkey = other_path.pub;
    st_err_clear(&e);
    CHECK(signer_sign(sg, cap, &forged.a, STW_SIG_ECDSA_SECP256K1_RECOVERABLE, msg, 32, sig, &len, &e) == -1);
    CHECK(sign_records() == before);

    /* Within the bound: two signatures, each audited; the third is refused. */
    for (int i = 0; i < 2; i++) {
        st_err_clear(&e);
        CHECK(signer_sign(sg, cap, &a.a, STW_SIG_ECDSA_SECP256K1_RECOVERABLE, msg, 32, sig, &len, &e) == 0 && len == 65);
    }
    CHECK(signer_cap_used(cap) == 2);
    CHECK(sign_records() == before + 2);
    st_err_clear(&e);
    CHECK(signer_sign(sg, cap, &a.a, STW_SIG_ECDSA_SECP256K1_RECOVERABLE, msg, 32, sig, &len, &e) == -1);
    CHECK(strstr(e.msg, "used up") != NULL);

    /* Revoked: refused, and the pointer is no longer dereferenced (a fresh cap may reuse
     * the address; the old one must still fail if it does not). */
    signer_revoke(sg, cap);
    st_err_clear(&e);
    CHECK(signer_sign(sg, cap, &a.a, STW_SIG_ECDSA_SECP256K1_RECOVERABLE, msg, 32, sig, &len, &e) == -1);
    CHECK(strstr(e.msg, "not live") != NULL);
    /* Never issued: a pointer to arbitrary memory. */
    uint64_t junk[16] = {0};
    st_err_clear(&e);
    CHECK(signer_sign(sg, (struct stw_sign_cap *)junk, &a.a, STW_SIG_ECDSA_SECP256K1_RECOVERABLE, msg, 32, sig, &len,
                      &e) == -1);
    CHECK(sign_records() == before + 2);

    /* Issue rules: bound 0 or > 64, curve/scheme mismatch. */
    CHECK(signer_issue(sg, "eth", &a.a, STW_SIG_ECDSA_SECP256K1_RECOVERABLE, 0, 7, &cap, &e) == -1);
    CHECK(signer_issue(sg, "eth", &a.a, STW_SIG_ECDSA_SECP256K1_RECOVERABLE, 65, 7, &cap, &e) == -1);
    CHECK(signer_issue(sg, "eth", &a.a, STW_SIG_ED25519, 1, 7, &cap, &e) == -1);
}

static void test_signatures_verify(void)
{
    const secp256k1_context *ctx = secp_ctx();
    uint8_t msg[32], sig[65];
    size_t len;
    st_err e = {0};
    randombytes_buf(msg, sizeof msg);
    struct stw_sign_cap *cap;

    /* ECDSA: the recovered key is the account's key; low-s. */
    struct acct a;
    account(&a, "default", STW_CURVE_SECP256K1, "m/44'/60'/0'/0/3");
    CHECK(signer_issue(sg, "eth", &a.a, STW_SIG_ECDSA_SECP256K1_RECOVERABLE, 1, 1, &cap, &e) == 0);
    CHECK(signer_sign(sg, cap, &a.a, STW_SIG_ECDSA_SECP256K1_RECOVERABLE, msg, 32, sig, &len, &e) == 0);
    signer_revoke(sg, cap);
    secp256k1_ecdsa_recoverable_signature rs;
    secp256k1_pubkey pk;
    uint8_t ser[33];
    size_t serlen = 33;
    CHECK(sig[64] <= 1 && secp256k1_ecdsa_recoverable_signature_parse_compact(ctx, &rs, sig, sig[64]));
    CHECK(secp256k1_ecdsa_recover(ctx, &pk, &rs, msg));
    secp256k1_ec_pubkey_serialize(ctx, ser, &serlen, &pk, SECP256K1_EC_COMPRESSED);
    CHECK_MEM(ser, a.pub, 33);
    secp256k1_ecdsa_signature plain, normal;
    secp256k1_ecdsa_recoverable_signature_convert(ctx, &plain, &rs);
    CHECK(secp256k1_ecdsa_signature_normalize(ctx, &normal, &plain) == 0); /* already low-s */

    /* Schnorr: verifies under the BIP-86 output key of the account's internal key. */
    struct acct b;
    account(&b, "default", STW_CURVE_SECP256K1, "m/86'/1'/0'/0/0");
    CHECK(signer_issue(sg, "btc", &b.a, STW_SIG_SCHNORR_BIP340_TAPROOT, 3, 2, &cap, &e) == 0);
    CHECK(signer_sign(sg, cap, &b.a, STW_SIG_SCHNORR_BIP340_TAPROOT, msg, 32, sig, &len, &e) == 0 && len == 64);
    signer_revoke(sg, cap);
    uint8_t out_key[32];
    int parity;
    CHECK(taproot_output_key(b.pub + 1, out_key, &parity) == 0);
    secp256k1_xonly_pubkey xo, internal;
    CHECK(secp256k1_xonly_pubkey_parse(ctx, &xo, out_key));
    CHECK(secp256k1_schnorrsig_verify(ctx, sig, msg, 32, &xo) == 1);
    CHECK(secp256k1_xonly_pubkey_parse(ctx, &internal, b.pub + 1));
    CHECK(secp256k1_schnorrsig_verify(ctx, sig, msg, 32, &internal) == 0); /* not the untweaked key */
    sig[5] ^= 1;
    CHECK(secp256k1_schnorrsig_verify(ctx, sig, msg, 32, &xo) == 0);

    /* Ed25519 over a whole message. */
    struct acct c;
    account(&c, "alice", STW_CURVE_ED25519, "m/44'/501'/0'/0'");
    const char *text = "a solana message, any length";
    CHECK(signer_issue(sg, "sol", &c.a, STW_SIG_ED25519, 1, 3, &cap, &e) == 0);
    CHECK(signer_sign(sg, cap, &c.a, STW_SIG_ED25519, (const uint8_t *)text, strlen(text), sig, &len, &e) == 0);
    signer_revoke(sg, cap);
    CHECK(len == 64 && crypto_sign_verify_detached(sig, (const uint8_t *)text, strlen(text), c.pub) == 0);
}

int main(void)
{
    st_err e = {0};
    char dir[256];
    testfs_mkdtemp(dir, sizeof dir, "steward-signer");
    if (secmem_init(&e) != 0 || secbuf_alloc(&root, 32, &e) != 0 || store_open(dir, &st, &e) != 0 ||
        signer_new(&root, st, &sg, &e) != 0) {
        fprintf(stderr, "setup: %s\n", e.msg);
        return 2;
    }
    randombytes_buf(root.p, root.len);
    test_bounds_and_binding();
    test_signatures_verify();
    struct audit_verify_report rep;
    CHECK(audit_verify(st, &rep, &e) == 0 && rep.ok);
    signer_free(sg);
    store_close(st);
    secbuf_free(&root);
    testfs_rmtree(dir);
    return check_summary();
}
