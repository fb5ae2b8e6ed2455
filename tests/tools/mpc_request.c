/* mpc_request: drives one NEAR MPC CKD request end to end through steward's own NEAR client
 * and CKD code (near_rpc_transact, ckd_request_new, ckd_finish), without the agent's mpc
 * secret source, for tests/integration/test_mpc_local.sh and demos with steward-mpc-local.
 *
 *   mpc_request --rpc URL --contract ID --account ID --key-file F --path P [--domain-id N]
 *               [--network-key bls12381g2:...]
 *     reads the network key (the contract's public_key view, or pinned and compared), sends
 *     request_app_private_key with a fresh ephemeral key, checks the answer (pairing) and
 *     prints the 32-byte secret as hex. Exit 0, or 1 with the reason on stderr.
 *   mpc_request ... --key-file F --path P --raw-checks
 *     sends hand-built transactions (bad signature, unknown block hash, reused nonce, replayed
 *     bytes, no deposit, two actions, another method or receiver, bad arguments) and checks the
 *     coordinator's answers; prints "ok/FAIL <check>" lines, exit 1 when one failed.
 *   mpc_request --rpc URL --contract ID --account ID --path P --msk HEX [--domain-id N]
 *     the expected secret HKDF-SHA256(compress(msk·H)), computed from the master secret of a
 *     TEST network (steward-mpc-local setup --insecure-print-msk) without any node.
 *
 * The key file holds the account's ed25519 key as "ed25519:<base58 of 64 bytes>" (NEAR's form,
 * what secret.mpc.account_key holds) or as 64 hex digits (a 32-byte seed). near_tx_sign
 * refuses a 64-byte key whose halves disagree. */
#include <getopt.h>
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/base58.h"
#include "crypto/bls_g1.h"
#include "crypto/hash.h"
#include "near/near_rpc.h"
#include "secret/ckd.h"
#include "util/fsutil.h"
#include "util/hex.h"

/* "ed25519:<base58 of 64 bytes>" (NEAR's secret key form, as secret.mpc.account_key holds it)
 * or 64 hex digits (a 32-byte seed). */
static int read_key(const char *path, uint8_t sk[64], st_err *err)
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
    st_err e = {0};
    if (strncmp(text, "ed25519:", 8) == 0) {
        if (base58_decode(text + 8, raw, sizeof raw, &got, &e) != 0 || got != 64)
            rc = st_err_set(err, "%s: not \"ed25519:<base58 of 64 bytes>\"", path);
        else
            memcpy(sk, raw, 64);
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

static int fail(const char *what, const st_err *e)
{
    fprintf(stderr, "mpc_request: %s%s%s\n", what, e ? ": " : "", e ? e->msg : "");
    return 1;
}


/* ---- --raw-checks: the coordinator's transaction validation, with hand-built transactions ---- */

static int raw_failed;

/* Signs tx, sends it once with send_tx, returns the answer text (malloc'd) or NULL. */
static char *raw_send(const char *url, const struct near_tx *tx, const uint8_t sk[64], int flip_sig, char **b64_out)
{
    struct near_signed_tx s;
    st_err e = {0};
    if (near_tx_sign(tx, sk, &s, &e) != 0) {
        near_signed_tx_free(&s);
        return NULL;
    }
    if (flip_sig)
        s.bytes.p[s.bytes.len - 1] ^= 1;
    char *b64 = near_base64(s.bytes.p, s.bytes.len);
    near_signed_tx_free(&s);
    json_t *req = json_pack("{s:s, s:s, s:s, s:{s:s, s:s}}", "jsonrpc", "2.0", "id", "raw", "method", "send_tx",
                            "params", "signed_tx_base64", b64 ? b64 : "", "wait_until", "FINAL");
    char *body = req ? json_dumps(req, JSON_COMPACT) : NULL;
    json_decref(req);
    struct http_endpoint ep = {url, "raw", 30000, 0};
    long status = 0;
    char *resp = NULL;
    if (body == NULL || http_request(&ep, "POST", "", body, "application/json", &status, &resp, &e) != 0)
        resp = NULL;
    free(body);
    if (b64_out)
        *b64_out = b64;
    else
        free(b64);
    return resp;
}

static void raw_expect(const char *name, char *resp, const char *want)
{
    int ok = resp && strstr(resp, want) != NULL;
    printf("%s %s\n", ok ? "ok" : "FAIL", name);
    if (!ok) {
        raw_failed++;
        fprintf(stderr, "  %s: wanted \"%s\" in: %.400s\n", name, want, resp ? resp : "(no answer)");
    }
    free(resp);
}

static int raw_checks(const struct near_rpc *rpc, const char *contract, const char *account, const uint8_t sk[64],
                      const char *path, long domain_id)
{
    st_err e = {0};
    struct ckd_request rq;
    char apk[128], args[512];
    if (ckd_request_new(&rq, &e) != 0 || ckd_point_text(rq.app_pk, sizeof rq.app_pk, apk, sizeof apk, &e) != 0)
        return fail("ephemeral key", &e);
    ckd_request_wipe(&rq);
    snprintf(args, sizeof args,
             "{\"request\":{\"derivation_path\":\"%s\",\"app_public_key\":\"%s\",\"domain_id\":%ld}}", path, apk,
             domain_id);
    struct near_action act = {.kind = NEAR_ACTION_FUNCTION_CALL, .method_name = "request_app_private_key",
                              .args = (const uint8_t *)args, .args_len = strlen(args), .gas = 15000000000000ull,
                              .deposit = {0, 1}};
    struct near_action two[2] = {act, act};
    struct near_tx tx = {account, {0, {0}}, 0, contract, {0}, &act, 1};
    near_pubkey_from_sk(sk, &tx.public_key);
    uint64_t nonce = 0, height = 0;
    uint8_t ignored[32];
    if (near_rpc_view_access_key(rpc, account, &tx.public_key, &nonce, ignored, &e) != 0 ||
        near_rpc_final_block(rpc, tx.block_hash, &height, &e) != 0)
        return fail("view", &e);
    const char *url = rpc->ep.url;
    tx.nonce = nonce + 1;
    raw_expect("bad signature refused", raw_send(url, &tx, sk, 1, NULL), "InvalidSignature");
    uint8_t good_hash[32];
    memcpy(good_hash, tx.block_hash, 32);
    tx.block_hash[0] ^= 1;
    raw_expect("unknown block hash refused", raw_send(url, &tx, sk, 0, NULL), "\"Expired\"");
    memcpy(tx.block_hash, good_hash, 32);
    act.deposit.lo = 0;
    raw_expect("no deposit: executed, failed", raw_send(url, &tx, sk, 0, NULL), "attach at least 1 yoctoNEAR");
    act.deposit.lo = 1;
    char *b64 = NULL;
    raw_expect("the same nonce again refused", raw_send(url, &tx, sk, 0, NULL), "InvalidNonce");
    tx.nonce++;
    char *resp = raw_send(url, &tx, sk, 0, &b64);
    char hash_text[NEAR_HASH_TEXT_MAX] = "";
    {
        uint8_t h[32];
        if (near_tx_hash(&tx, h, &e) == 0)
            near_hash_format(h, hash_text);
    }
    raw_expect("a good request succeeds", resp, "SuccessValue");
    /* The identical bytes again: refused by nonce, never executed twice. */
    {
        json_t *req = json_pack("{s:s, s:s, s:s, s:{s:s, s:s}}", "jsonrpc", "2.0", "id", "raw", "method", "send_tx",
                                "params", "signed_tx_base64", b64 ? b64 : "", "wait_until", "FINAL");
        char *body = req ? json_dumps(req, JSON_COMPACT) : NULL;
        json_decref(req);
        struct http_endpoint ep = {url, "raw", 30000, 0};
        long status = 0;
        char *r2 = NULL;
        if (body == NULL || http_request(&ep, "POST", "", body, "application/json", &status, &r2, &e) != 0)
            r2 = NULL;
        free(body);
        raw_expect("a replay of the same bytes refused", r2, "InvalidNonce");
    }
    free(b64);
    {
        struct near_outcome out;
        int rc = near_rpc_tx_status(rpc, account, hash_text, &out, &e);
        printf("%s tx lookup by hash\n", rc == 0 && out.status == NEAR_TX_SUCCESS ? "ok" : "FAIL");
        raw_failed += !(rc == 0 && out.status == NEAR_TX_SUCCESS);
        near_outcome_free(&out);
    }
    tx.nonce++;
    tx.actions = two;
    tx.n_actions = 2;
    raw_expect("two actions: failed", raw_send(url, &tx, sk, 0, NULL), "exactly one FunctionCall");
    tx.actions = &act;
    tx.n_actions = 1;
    tx.nonce++;
    act.method_name = "sign";
    raw_expect("another method: failed", raw_send(url, &tx, sk, 0, NULL), "MethodNotFound");
    act.method_name = "request_app_private_key";
    tx.nonce++;
    tx.receiver_id = "someone.else";
    raw_expect("another receiver: failed", raw_send(url, &tx, sk, 0, NULL), "AccountDoesNotExist");
    tx.receiver_id = contract;
    tx.nonce++;
    act.args = (const uint8_t *)"{\"request\":{}}";
    act.args_len = strlen((const char *)act.args);
    raw_expect("bad arguments: failed", raw_send(url, &tx, sk, 0, NULL), "arguments must be");
    tx.nonce += 10; /* nonces may jump ahead */
    act.args = (const uint8_t *)args;
    act.args_len = strlen(args);
    raw_expect("a nonce ahead is fine", raw_send(url, &tx, sk, 0, NULL), "SuccessValue");
    printf("raw checks: %d failed\n", raw_failed);
    return raw_failed ? 1 : 0;
}

int main(int argc, char **argv)
{
    static const struct option opts[] = {{"rpc", required_argument, 0, 'r'},
                                         {"contract", required_argument, 0, 'c'},
                                         {"account", required_argument, 0, 'a'},
                                         {"key-file", required_argument, 0, 'k'},
                                         {"path", required_argument, 0, 'p'},
                                         {"domain-id", required_argument, 0, 'D'},
                                         {"network-key", required_argument, 0, 'N'},
                                         {"msk", required_argument, 0, 'm'},
                                         {"raw-checks", no_argument, 0, 'R'},
                                         {0, 0, 0, 0}};
    const char *rpc_url = NULL, *contract = NULL, *account = NULL, *key_file = NULL, *path = NULL, *pinned = NULL,
               *msk_hex = NULL;
    long domain_id = 2;
    int c, raw = 0;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'r': rpc_url = optarg; break;
        case 'c': contract = optarg; break;
        case 'a': account = optarg; break;
        case 'k': key_file = optarg; break;
        case 'p': path = optarg; break;
        case 'D': domain_id = atol(optarg); break;
        case 'N': pinned = optarg; break;
        case 'm': msk_hex = optarg; break;
        case 'R': raw = 1; break;
        default: return 2;
        }
    }
    if (rpc_url == NULL || contract == NULL || account == NULL || path == NULL || (key_file == NULL && !msk_hex)) {
        fprintf(stderr, "usage: mpc_request --rpc URL --contract ID --account ID --key-file F --path P "
                        "[--domain-id N] [--network-key K] | ... --msk HEX\n");
        return 2;
    }
    if (sodium_init() < 0)
        return 1;
    struct near_rpc rpc = {{rpc_url, "mpc-local rpc", 30000, 1}, "FINAL", 3, 3, 200, 1};
    st_err e = {0};

    /* The network key: the contract's public_key view for our domain. */
    char args[64];
    snprintf(args, sizeof args, "{\"domain_id\":%ld}", domain_id);
    char *res = NULL;
    size_t len = 0;
    if (near_rpc_call_function(&rpc, contract, "public_key", (const uint8_t *)args, strlen(args), &res, &len, &e) != 0)
        return fail("public_key view", &e);
    json_t *pkj = json_loads(res, JSON_DECODE_ANY, NULL);
    free(res);
    uint8_t pk[CKD_G2_BYTES];
    const char *pk_text = json_string_value(pkj);
    if (pk_text == NULL || ckd_point_parse(pk_text, pk, sizeof pk, &e) != 0) {
        json_decref(pkj);
        return fail("public_key view: not a \"bls12381g2:...\" string", &e);
    }
    if (pinned && strcmp(pinned, pk_text) != 0) {
        json_decref(pkj);
        return fail("the contract's key is not the pinned network key", NULL);
    }
    json_decref(pkj);
    uint8_t app_id[32], secret[CKD_SECRET_BYTES];
    char hex[2 * CKD_SECRET_BYTES + 1];
    ckd_app_id(account, path, app_id);

    if (msk_hex) {
        uint8_t msk[32], hb[CKD_G1_BYTES], sb[CKD_G1_BYTES];
        g1 H, S;
        if (hex_decode(msk, 32, msk_hex) != 0)
            return fail("--msk: 64 hex digits", NULL);
        if (ckd_hash_point(pk, app_id, hb, &e) != 0 || g1_decompress(&H, hb) != 0)
            return fail("H", &e);
        g1_mul_vartime(&S, &H, msk);
        g1_compress(sb, &S);
        if (hkdf_sha256(sb, sizeof sb, NULL, 0, NULL, 0, secret, sizeof secret) != 0)
            return fail("HKDF", NULL);
        hex_encode(hex, secret, sizeof secret);
        printf("%s\n", hex);
        return 0;
    }

    uint8_t sk[64];
    if (read_key(key_file, sk, &e) != 0)
        return fail("key file", &e);
    if (raw) {
        int rc = raw_checks(&rpc, contract, account, sk, path, domain_id);
        sodium_memzero(sk, sizeof sk);
        return rc;
    }

    struct ckd_request rq;
    if (ckd_request_new(&rq, &e) != 0)
        return fail("ephemeral key", &e);
    char apk[128];
    if (ckd_point_text(rq.app_pk, sizeof rq.app_pk, apk, sizeof apk, &e) != 0)
        return fail("app_public_key", &e);
    json_t *aj = json_pack("{s:{s:s, s:s, s:I}}", "request", "derivation_path", path, "app_public_key", apk,
                           "domain_id", (json_int_t)domain_id);
    char *abody = aj ? json_dumps(aj, JSON_COMPACT) : NULL;
    json_decref(aj);
    if (abody == NULL)
        return fail("out of memory", NULL);
    struct near_action act = {.kind = NEAR_ACTION_FUNCTION_CALL, .method_name = "request_app_private_key",
                              .args = (const uint8_t *)abody, .args_len = strlen(abody),
                              .gas = 15000000000000ull, .deposit = {0, 1}};
    struct near_outcome out;
    int rc = near_rpc_transact(&rpc, account, sk, contract, &act, 1, &out, &e);
    free(abody);
    sodium_memzero(sk, sizeof sk);
    if (rc != 0) {
        near_outcome_free(&out);
        ckd_request_wipe(&rq);
        return fail("request_app_private_key", &e);
    }
    json_t *v = json_loadb((const char *)out.value, out.value_len, 0, NULL);
    near_outcome_free(&out);
    uint8_t big_y[CKD_G1_BYTES], big_c[CKD_G1_BYTES];
    if (ckd_point_parse(json_string_value(json_object_get(v, "big_y")), big_y, sizeof big_y, &e) != 0 ||
        ckd_point_parse(json_string_value(json_object_get(v, "big_c")), big_c, sizeof big_c, &e) != 0) {
        json_decref(v);
        ckd_request_wipe(&rq);
        return fail("the answer has no big_y/big_c", &e);
    }
    json_decref(v);
    rc = ckd_finish(&rq, big_y, big_c, pk, app_id, NULL, 0, NULL, 0, secret, NULL, &e);
    ckd_request_wipe(&rq);
    if (rc != 0)
        return fail("answer refused", &e);
    hex_encode(hex, secret, sizeof secret);
    printf("%s\n", hex);
    sodium_memzero(secret, sizeof secret);
    sodium_memzero(hex, sizeof hex);
    return 0;
}
