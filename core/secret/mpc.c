/* mpc.c: the `mpc` secret source (see mpc.h). */
#include "secret/mpc.h"

#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "crypto/base58.h"
#include "near/near_rpc.h"
#include "near/near_tx.h"
#include "secret/ckd.h"
#include "secret/sources.h"
#include "util/fsutil.h"
#include "util/log.h"

#define MPC_METHOD "request_app_private_key"
#define MPC_KEY_TEXT_MAX 512
#define MPC_BACKOFF_CAP_MS 30000

static void pause_ms(uint64_t ms)
{
    struct timespec ts = {(time_t)(ms / 1000), (long)(ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0)
        ;
}

int mpc_parse_account_key(const char *text, size_t len, const char *what, secbuf *sk, st_err *err)
{
    while (len > 0 && (text[len - 1] == '\n' || text[len - 1] == '\r' || text[len - 1] == ' ' || text[len - 1] == '\t'))
        len--;
    while (len > 0 && (*text == ' ' || *text == '\t' || *text == '\n' || *text == '\r'))
        text++, len--;
    static const char prefix[] = "ed25519:";
    if (len < sizeof prefix || memcmp(text, prefix, sizeof prefix - 1) != 0)
        return st_err_set(err, "%s: the account key must be written \"ed25519:<base58 of 64 bytes>\"", what);
    /* base58_decode wants a C string: a guarded copy of the base58 part. */
    secbuf b58 = SECBUF_EMPTY, raw = SECBUF_EMPTY;
    size_t n = len - (sizeof prefix - 1), got = 0;
    if (secbuf_alloc(&b58, n + 1, err) != 0 || secbuf_alloc(&raw, 96, err) != 0) {
        secbuf_free(&b58);
        return -1;
    }
    memcpy(b58.p, text + sizeof prefix - 1, n);
    st_err e = {0};
    int ok = base58_decode((const char *)b58.p, raw.p, raw.len, &got, &e) == 0 && got == NEAR_ED25519_SK_LEN;
    secbuf_free(&b58);
    if (!ok) {
        secbuf_free(&raw);
        return st_err_set(err, "%s: the account key is not base58 of 64 bytes (NEAR's \"ed25519:\" secret key form)",
                          what);
    }
    uint8_t pk[32], sk2[64];
    crypto_sign_seed_keypair(pk, sk2, raw.p);
    ok = sodium_memcmp(pk, raw.p + 32, 32) == 0;
    sodium_memzero(sk2, sizeof sk2);
    if (!ok) {
        secbuf_free(&raw);
        return st_err_set(err, "%s: the account key is inconsistent (its public half is not its seed's)", what);
    }
    raw.len = NEAR_ED25519_SK_LEN;
    *sk = raw;
    return 0;
}

/* Reads the account key from the environment variable (then wiped and removed, as the backup
 * source does) or the private file. */
static int load_account_key(const struct config_mpc *cfg, secbuf *sk, st_err *err)
{
    secbuf text = SECBUF_EMPTY;
    char what[600];
    if (cfg->account_key_env) {
        snprintf(what, sizeof what, "secret.mpc.account_key.env (%s)", cfg->account_key_env);
        char *v = getenv(cfg->account_key_env);
        if (v == NULL)
            return st_err_set(err, "%s: environment variable is not set", what);
        size_t n = strlen(v);
        if (secbuf_alloc(&text, n + 1, err) != 0)
            return -1;
        memcpy(text.p, v, n);
        text.len = n;
        sodium_memzero(v, n);
        unsetenv(cfg->account_key_env);
    } else if (cfg->account_key_file) {
        snprintf(what, sizeof what, "secret.mpc.account_key.file (%s)", cfg->account_key_file);
        if (fs_read_secret_file(cfg->account_key_file, MPC_KEY_TEXT_MAX, &text, err) != 0)
            return st_err_wrap(err, "secret.mpc.account_key.file");
    } else {
        return st_err_set(err, "secret.mpc.account_key: neither env nor file is set");
    }
    int rc = mpc_parse_account_key((const char *)text.p, text.len, what, sk, err);
    secbuf_free(&text);
    return rc;
}

/* The network key from the signer contract's public_key view. Returns 0, -1 for a failure
 * worth retrying (transport), -2 for a final one (an answer that is no G2 key). */
static int view_network_key(const struct near_rpc *rpc, const struct config_mpc *cfg, uint8_t pk[CKD_G2_BYTES],
                            st_err *err)
{
    char args[64], *res = NULL;
    size_t len = 0;
    snprintf(args, sizeof args, "{\"domain_id\":%u}", (unsigned)cfg->domain_id);
    if (near_rpc_call_function(rpc, cfg->signer_contract, "public_key", (const uint8_t *)args, strlen(args), &res,
                               &len, err) != 0)
        return st_err_wrap(err, "secret.mpc: %s public_key view", cfg->signer_contract);
    json_t *j = json_loadb(res, len, JSON_DECODE_ANY, NULL);
    const char *text = json_string_value(j);
    st_err e = {0};
    int rc = 0;
    if (text == NULL || ckd_point_parse(text, pk, CKD_G2_BYTES, &e) != 0) {
        rc = -2;
        st_err_set(err, "secret.mpc: %s public_key view for domain %u did not answer a \"bls12381g2:\" key (%.80s)",
                   cfg->signer_contract, (unsigned)cfg->domain_id, res);
    }
    json_decref(j);
    free(res);
    return rc;
}

/* {"big_y": "bls12381g1:...", "big_c": "bls12381g1:..."} */
static int parse_answer(const uint8_t *value, size_t len, uint8_t y[CKD_G1_BYTES], uint8_t c[CKD_G1_BYTES],
                        st_err *err)
{
    json_t *j = json_loadb((const char *)value, len, 0, NULL);
    st_err e = {0};
    int ok = json_is_object(j) && ckd_point_parse(json_string_value(json_object_get(j, "big_y")), y, CKD_G1_BYTES, &e) == 0 &&
             ckd_point_parse(json_string_value(json_object_get(j, "big_c")), c, CKD_G1_BYTES, &e) == 0;
    json_decref(j);
    if (!ok)
        return st_err_set(err, "the answer is not {\"big_y\": \"bls12381g1:...\", \"big_c\": \"bls12381g1:...\"}%s%s",
                          e.set ? ": " : "", e.set ? e.msg : "");
    return 0;
}

static char *request_args(const struct config_mpc *cfg, const struct ckd_request *rq, st_err *err)
{
    char app_pk[128];
    if (ckd_point_text(rq->app_pk, CKD_G1_BYTES, app_pk, sizeof app_pk, err) != 0)
        return NULL;
    json_t *req = json_pack("{s:s, s:s, s:I}", "derivation_path", cfg->derivation_path, "app_public_key", app_pk,
                            "domain_id", (json_int_t)cfg->domain_id);
    json_t *root = req ? json_pack("{s:o}", "request", req) : NULL;
    char *s = root ? json_dumps(root, JSON_COMPACT) : NULL;
    json_decref(root);
    if (s == NULL)
        st_err_set(err, "secret.mpc: out of memory building the request");
    return s;
}

int mpc_recover(const struct config_mpc *cfg, const struct mpc_tuning *tuning, struct master_secret *out,
                struct mpc_report *report, st_err *err)
{
    struct mpc_report rep_local;
    struct mpc_report *rep = report ? report : &rep_local;
    memset(rep, 0, sizeof *rep);
    uint64_t backoff = tuning && tuning->backoff_ms ? tuning->backoff_ms : 1000;
    uint64_t lookup_delay = tuning && tuning->lookup_delay_ms ? tuning->lookup_delay_ms : 2000;

    const char *receiver = cfg->proxy_contract ? cfg->proxy_contract : cfg->signer_contract;
    const char *method = cfg->proxy_contract ? cfg->proxy_method : MPC_METHOD;
    const char *predecessor = cfg->proxy_contract ? cfg->proxy_contract : cfg->account_id;
    if (cfg->rpc_url == NULL || cfg->signer_contract == NULL || cfg->account_id == NULL ||
        cfg->derivation_path == NULL || method == NULL)
        return st_err_set(err, "secret.mpc: rpc_url, signer_contract, account_id and derivation_path must be set");
    if (near_account_id_check(cfg->account_id, "secret.mpc.account_id", err) != 0 ||
        near_account_id_check(cfg->signer_contract, "secret.mpc.signer_contract", err) != 0 ||
        (cfg->proxy_contract && near_account_id_check(cfg->proxy_contract, "secret.mpc.proxy.contract", err) != 0))
        return -1;
    snprintf(rep->predecessor, sizeof rep->predecessor, "%s", predecessor);
    ckd_app_id(predecessor, cfg->derivation_path, rep->app_id);

    uint8_t pinned[CKD_G2_BYTES], pk[CKD_G2_BYTES];
    int has_pin = cfg->network_public_key != NULL, has_pk = 0;
    if (has_pin && ckd_point_parse(cfg->network_public_key, pinned, CKD_G2_BYTES, err) != 0)
        return st_err_wrap(err, "secret.mpc.network_public_key");

    secbuf sk = SECBUF_EMPTY;
    if (load_account_key(cfg, &sk, err) != 0)
        return -1;

    struct near_rpc rpc = {
        .ep = {cfg->rpc_url, "secret.mpc.rpc_url", cfg->timeout_ms ? cfg->timeout_ms : 60000, 0},
        .wait_until = "FINAL",
        .max_rebuilds = 3,
        .lookup_attempts = 3,
        .lookup_delay_ms = lookup_delay,
        .max_resends = 1,
    };
    const uint8_t *salt = (const uint8_t *)cfg->hkdf_salt, *info = (const uint8_t *)cfg->hkdf_info;
    size_t saltlen = salt ? strlen(cfg->hkdf_salt) : 0, infolen = info ? strlen(cfg->hkdf_info) : 0;

    struct ckd_request rq;
    memset(&rq, 0, sizeof rq);
    int have_rq = 0, pending = 0; /* pending: rq went out in rep->tx_hash, outcome unknown */
    uint8_t secret[CKD_SECRET_BYTES];
    st_err last = {0};
    int rc = -1, final = 0;
    uint32_t attempt;
    for (attempt = 0; attempt <= cfg->retries && !final && rc != 0; attempt++) {
        if (attempt > 0) {
            log_warn("secret.mpc.retry", "attempt %u of %u failed: %s; retrying in %llu ms", attempt,
                     cfg->retries + 1, last.msg, (unsigned long long)backoff);
            pause_ms(backoff);
            backoff = backoff * 2 > MPC_BACKOFF_CAP_MS ? MPC_BACKOFF_CAP_MS : backoff * 2;
        }
        rep->attempts++;
        st_err_clear(&last);

        /* The network key: read once, then compared with the pin. */
        if (!has_pk) {
            int v = view_network_key(&rpc, cfg, pk, &last);
            if (v == -2) {
                final = 1;
                break;
            }
            if (v != 0)
                continue;
            has_pk = 1;
            rep->key_views++;
            if (has_pin && memcmp(pinned, pk, CKD_G2_BYTES) != 0) {
                st_err_set(&last, "secret.mpc: the network key from %s's public_key view (domain %u) is not the pinned "
                                  "network_public_key; refusing to start",
                           cfg->signer_contract, (unsigned)cfg->domain_id);
                final = 1;
                break;
            }
        }

        struct near_outcome o;
        if (pending) {
            /* Rule of near_rpc.h: resolve an unknown hash before asking again. */
            near_rpc_tx_status(&rpc, cfg->account_id, rep->tx_hash, &o, &last);
        } else {
            if (have_rq)
                ckd_request_wipe(&rq);
            if (ckd_request_new(&rq, &last) != 0) {
                final = 1;
                break;
            }
            have_rq = 1;
            char *args = request_args(cfg, &rq, &last);
            if (args == NULL) {
                final = 1;
                break;
            }
            struct near_action act = {.kind = NEAR_ACTION_FUNCTION_CALL, .method_name = method,
                                      .args = (const uint8_t *)args, .args_len = strlen(args), .gas = cfg->gas,
                                      .deposit = {0, 1}};
            near_rpc_transact(&rpc, cfg->account_id, sk.p, receiver, &act, 1, &o, &last);
            free(args);
            rep->submissions += o.submissions;
            if (o.tx_hash[0])
                snprintf(rep->tx_hash, sizeof rep->tx_hash, "%s", o.tx_hash);
        }
        switch (o.status) {
        case NEAR_TX_SUCCESS: {
            uint8_t y[CKD_G1_BYTES], c[CKD_G1_BYTES];
            pending = 0;
            if (parse_answer(o.value, o.value_len, y, c, &last) != 0 ||
                ckd_finish(&rq, y, c, pk, rep->app_id, salt, saltlen, info, infolen, secret, NULL, &last) != 0) {
                st_err_wrap(&last, "secret.mpc: request %s to %s.%s answered, but", rep->tx_hash, receiver, method);
                final = 1;
            } else {
                rc = 0;
            }
            break;
        }
        case NEAR_TX_UNKNOWN:
            pending = 1; /* looked up on the next attempt, never resent as a new request */
            st_err_wrap(&last, "secret.mpc: request %s", rep->tx_hash);
            break;
        case NEAR_TX_NOT_SENT: /* nothing went out: the next attempt starts again */
            st_err_wrap(&last, "secret.mpc: request to %s.%s not sent", receiver, method);
            break;
        default: /* executed and failed, or refused: final */
            st_err_wrap(&last, "secret.mpc: %s.%s (tx %s)", receiver, method, rep->tx_hash[0] ? rep->tx_hash : "-");
            final = 1;
            break;
        }
        near_outcome_free(&o);
    }
    secbuf_free(&sk);
    if (have_rq)
        ckd_request_wipe(&rq);

    if (rc == 0) {
        rc = secbuf_copy(&out->root_seed, secret, sizeof secret, err);
        sodium_memzero(secret, sizeof secret);
        if (rc != 0)
            return -1;
        out->source = "mpc";
        out->is_dev = 0;
        out->created = 0;
        return 0;
    }
    if (final) {
        if (strstr(last.msg, "does not verify") != NULL)
            return st_err_set(err, "%s; pairing check failed, refusing to start (not retried)", last.msg);
        return st_err_set(err, "%s", last.msg);
    }
    if (pending)
        return st_err_set(err, "secret.mpc: the request transaction %s was sent but its outcome is still unknown after "
                               "%u attempts; not sending another; refusing to start (last: %s)",
                          rep->tx_hash, rep->attempts, last.msg);
    return st_err_set(err, "secret.mpc: no answer after %u attempts (retries: %u): %s", rep->attempts, cfg->retries,
                      last.msg);
}

int secret_source_mpc(const struct config_mpc *cfg, struct master_secret *out, st_err *err)
{
    return mpc_recover(cfg, NULL, out, NULL, err);
}
