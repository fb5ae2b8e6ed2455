/* serve.c: `steward-mpc-local serve`: the coordinator, a NEAR JSON-RPC endpoint on 127.0.0.1
 * that speaks the subset steward's NEAR client uses (core/near/near_rpc.c) and plays the MPC
 * signer contract:
 *
 *   block {"finality":"final"}       a fixed block: hash SHA-256("steward-mpc-local block"),
 *                                    height 1000 (every transaction must name that hash)
 *   query view_access_key            the nonce of (account, key); see ACCESS KEYS below
 *   query call_function public_key   on the contract id: the JSON string "bls12381g2:..."
 *   send_tx                          decodes and checks the signed transaction, runs CKD
 *   tx                               the stored outcome of an earlier send_tx, by hash
 *
 * ACCESS KEYS: with --account-keys FILE ({"account": "ed25519:<key>"} or {"account":
 * ["ed25519:..", ...]}), only those keys exist (others: UNKNOWN_ACCESS_KEY /
 * InvalidAccessKeyError). Without it, any ed25519 key of any account is accepted on first
 * use: view_access_key answers nonce 0 for a key never seen, and the first correctly signed
 * transaction registers it. Nonces live in memory (a restart forgets them).
 *
 * send_tx: a transaction refused by validation (bad encoding, signature, block hash, unknown
 * key, nonce <= the key's nonce) is answered with NEAR's INVALID_TRANSACTION error and changes
 * nothing. Otherwise it "executes": the key's nonce becomes the transaction's, and the outcome
 * is SuccessValue base64({"big_y","big_c"}) or a Failure (wrong receiver, not exactly one
 * FunctionCall request_app_private_key, deposit < 1 yoctoNEAR, bad arguments, fewer than t
 * nodes answering). CKD: app_id = ckd_app_id(signer_id, derivation_path); the nodes of
 * --nodes are asked in order until t have answered a well-formed partial; the partials are
 * combined with the Lagrange coefficients at 0 over Fr. The coordinator does NOT check the
 * partials (it holds no per-node keys): a corrupted node makes the answer fail the
 * requester's pairing check, which is what the tests exercise. */
#include <curl/curl.h>
#include <getopt.h>
#include <jansson.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/base58.h"
#include "crypto/bls_g1.h"
#include "crypto/hash.h"
#include "fr.h"
#include "mpcl.h"
#include "near/near_tx.h"
#include "net/http_client.h"
#include "tx_decode.h"
#include "util/fsutil.h"
#include "util/hex.h"

#define BLOCK_HEIGHT 1000
#define MAX_KEYS 1024
#define MAX_OUTCOMES 256
#define CKD_METHOD "request_app_private_key"

struct key_entry {
    char account[NEAR_ACCOUNT_ID_MAX + 1];
    uint8_t pk[32];
    uint64_t nonce;
};

struct outcome_entry {
    char hash[NEAR_HASH_TEXT_MAX];
    char *json; /* the result object */
};

struct coord {
    const char *dir;
    const char *contract;
    long domain_id;
    struct mpcl_network net;
    uint16_t node_ports[MPCL_MAX_NODES];
    int n_nodes;
    int registry; /* 1: only the keys of --account-keys */
    uint8_t block_hash[32];
    char block_hash_text[NEAR_HASH_TEXT_MAX];
    pthread_mutex_t mu;
    struct key_entry keys[MAX_KEYS];
    int n_keys;
    struct outcome_entry outcomes[MAX_OUTCOMES];
    int next_outcome;
};

/* ---- JSON-RPC answers ------------------------------------------------------------------- */

static char *dump(json_t *o)
{
    char *s = o ? json_dumps(o, JSON_COMPACT) : NULL;
    json_decref(o);
    return s;
}

/* Takes (steals) the reference to result. */
static char *rpc_result(json_t *id, json_t *result)
{
    return dump(json_pack("{s:s, s:O?, s:o}", "jsonrpc", "2.0", "id", id, "result", result));
}

/* NEAR's error shape: {"name", "cause": {"name", "info"}, "code": -32000, "message", "data"}. */
static char *rpc_error(json_t *id, const char *name, const char *cause, json_t *info)
{
    json_t *e = json_pack("{s:s, s:{s:s, s:O}, s:i, s:s, s:O}", "name", name, "cause", "name", cause, "info", info,
                          "code", -32000, "message", "Server error", "data", info);
    json_decref(info);
    return dump(json_pack("{s:s, s:O?, s:o}", "jsonrpc", "2.0", "id", id, "error", e));
}

static char *invalid_tx(json_t *id, json_t *ite)
{
    return rpc_error(id, "HANDLER_ERROR", "INVALID_TRANSACTION",
                     json_pack("{s:{s:o}}", "TxExecutionError", "InvalidTxError", ite));
}

/* ---- access keys -------------------------------------------------------------------------- */

static struct key_entry *find_key(struct coord *co, const char *account, const uint8_t pk[32])
{
    for (int i = 0; i < co->n_keys; i++)
        if (strcmp(co->keys[i].account, account) == 0 && memcmp(co->keys[i].pk, pk, 32) == 0)
            return &co->keys[i];
    return NULL;
}

static struct key_entry *add_key(struct coord *co, const char *account, const uint8_t pk[32])
{
    if (co->n_keys >= MAX_KEYS || strlen(account) > NEAR_ACCOUNT_ID_MAX)
        return NULL;
    struct key_entry *k = &co->keys[co->n_keys++];
    snprintf(k->account, sizeof k->account, "%s", account);
    memcpy(k->pk, pk, 32);
    k->nonce = 0;
    return k;
}

static int load_registry(struct coord *co, const char *file, st_err *err)
{
    char *text = NULL;
    size_t len = 0;
    if (fs_read_file(file, 1 << 20, &text, &len, err) != 0)
        return -1;
    json_error_t je;
    json_t *doc = json_loads(text, 0, &je);
    free(text);
    if (!json_is_object(doc)) {
        json_decref(doc);
        return st_err_set(err, "%s: not a JSON object {\"account\": \"ed25519:...\"}", file);
    }
    const char *acct;
    json_t *v;
    int rc = 0;
    json_object_foreach(doc, acct, v)
    {
        if (!near_account_id_valid(acct)) {
            rc = st_err_set(err, "%s: \"%.70s\" is not a valid account id", file, acct);
            break;
        }
        size_t nk = json_is_array(v) ? json_array_size(v) : 1;
        for (size_t i = 0; i < nk && rc == 0; i++) {
            const char *ks = json_string_value(json_is_array(v) ? json_array_get(v, i) : v);
            struct near_pubkey pk;
            if (ks == NULL || near_pubkey_parse(ks, &pk, err) != 0)
                rc = st_err_wrap(err, "%s: key of %s", file, acct);
            else if (find_key(co, acct, pk.key) == NULL && add_key(co, acct, pk.key) == NULL)
                rc = st_err_set(err, "%s: too many keys", file);
        }
        if (rc)
            break;
    }
    json_decref(doc);
    co->registry = 1;
    return rc;
}

/* ---- views -------------------------------------------------------------------------------- */

static char *do_block(struct coord *co, json_t *id)
{
    return rpc_result(id, json_pack("{s:{s:s, s:i, s:s, s:s}, s:[], s:s}", "header", "hash", co->block_hash_text,
                                    "height", BLOCK_HEIGHT, "prev_hash", co->block_hash_text, "chunks_included", "0",
                                    "chunks", "author", "mpc-local"));
}

static char *do_view_access_key(struct coord *co, json_t *id, json_t *params)
{
    const char *account = json_string_value(json_object_get(params, "account_id"));
    const char *pks = json_string_value(json_object_get(params, "public_key"));
    struct near_pubkey pk;
    st_err e = {0};
    if (account == NULL || pks == NULL || !near_account_id_valid(account) || near_pubkey_parse(pks, &pk, &e) != 0)
        return rpc_error(id, "REQUEST_VALIDATION_ERROR", "PARSE_ERROR",
                         json_pack("{s:s}", "error_message", "view_access_key needs account_id and an ed25519 public_key"));
    pthread_mutex_lock(&co->mu);
    struct key_entry *k = find_key(co, account, pk.key);
    int known = k != NULL || !co->registry;
    uint64_t nonce = k ? k->nonce : 0;
    pthread_mutex_unlock(&co->mu);
    if (!known)
        return rpc_error(id, "HANDLER_ERROR", "UNKNOWN_ACCESS_KEY",
                         json_pack("{s:s, s:i, s:s}", "public_key", pks, "block_height", BLOCK_HEIGHT, "block_hash",
                                   co->block_hash_text));
    return rpc_result(id, json_pack("{s:I, s:s, s:i, s:s}", "nonce", (json_int_t)nonce, "permission", "FullAccess",
                                    "block_height", BLOCK_HEIGHT, "block_hash", co->block_hash_text));
}

static char *contract_error(struct coord *co, json_t *id, const char *msg)
{
    return rpc_error(id, "HANDLER_ERROR", "CONTRACT_EXECUTION_ERROR",
                     json_pack("{s:s, s:i, s:s}", "vm_error", msg, "block_height", BLOCK_HEIGHT, "block_hash",
                               co->block_hash_text));
}

/* A domain_id member, when present, must be ours. Returns 0 or -1. */
static int domain_ok(struct coord *co, json_t *args)
{
    json_t *d = json_object_get(args, "domain_id");
    return d == NULL || (json_is_integer(d) && json_integer_value(d) == co->domain_id) ? 0 : -1;
}

static char *do_call_function(struct coord *co, json_t *id, json_t *params)
{
    const char *account = json_string_value(json_object_get(params, "account_id"));
    const char *method = json_string_value(json_object_get(params, "method_name"));
    const char *args64 = json_string_value(json_object_get(params, "args_base64"));
    if (account == NULL || method == NULL || args64 == NULL)
        return rpc_error(id, "REQUEST_VALIDATION_ERROR", "PARSE_ERROR",
                         json_pack("{s:s}", "error_message", "call_function needs account_id, method_name, args_base64"));
    if (strcmp(account, co->contract) != 0)
        return rpc_error(id, "HANDLER_ERROR", "UNKNOWN_ACCOUNT",
                         json_pack("{s:s, s:i}", "requested_account_id", account, "block_height", BLOCK_HEIGHT));
    if (strcmp(method, "public_key") != 0)
        return contract_error(co, id, "wasm execution failed with error: MethodResolveError(MethodNotFound)");
    uint8_t *raw = NULL;
    size_t n = 0;
    st_err e = {0};
    if (near_base64_decode(args64, &raw, &n, &e) != 0)
        return contract_error(co, id, "Smart contract panicked: args_base64 is not base64");
    json_t *args = n ? json_loadb((const char *)raw, n, 0, NULL) : json_object();
    free(raw);
    int ok = json_is_object(args) && domain_ok(co, args) == 0;
    json_decref(args);
    if (!ok)
        return contract_error(co, id, "Smart contract panicked: unknown domain_id (or arguments not a JSON object)");
    /* The result is the bytes of the JSON string "bls12381g2:...". */
    char text[200];
    snprintf(text, sizeof text, "\"%s\"", co->net.pk_text);
    json_t *bytes = json_array();
    for (size_t i = 0; bytes && text[i]; i++)
        json_array_append_new(bytes, json_integer((unsigned char)text[i]));
    return rpc_result(id, json_pack("{s:o, s:[], s:i, s:s}", "result", bytes, "logs", "block_height", BLOCK_HEIGHT,
                                    "block_hash", co->block_hash_text));
}

/* ---- CKD ---------------------------------------------------------------------------------- */

struct partial {
    int index;
    g1 Y, C;
};

/* Asks one node; 0 with *p filled, or -1. */
static int ask_node(uint16_t port, const char *body, struct partial *p, st_err *err)
{
    char url[64];
    snprintf(url, sizeof url, "http://127.0.0.1:%u", (unsigned)port);
    struct http_endpoint ep = {url, "mpc node", 10000, 0};
    long status = 0;
    char *resp = NULL;
    if (http_request(&ep, "POST", "/partial", body, "application/json", &status, &resp, err) != 0)
        return -1;
    json_t *doc = json_loads(resp, 0, NULL);
    free(resp);
    const char *yh = json_string_value(json_object_get(doc, "big_y_i"));
    const char *ch = json_string_value(json_object_get(doc, "big_c_i"));
    json_t *ix = json_object_get(doc, "index");
    uint8_t yb[CKD_G1_BYTES], cb[CKD_G1_BYTES];
    int rc = 0;
    if (status != 200 || yh == NULL || ch == NULL || !json_is_integer(ix) || hex_decode(yb, sizeof yb, yh) != 0 ||
        hex_decode(cb, sizeof cb, ch) != 0)
        rc = st_err_set(err, "node on port %u: HTTP %ld, no usable partial", (unsigned)port, status);
    else if (g1_decompress(&p->Y, yb) != 0 || g1_decompress(&p->C, cb) != 0)
        rc = st_err_set(err, "node on port %u: a partial point is not in G1", (unsigned)port);
    else
        p->index = (int)json_integer_value(ix);
    json_decref(doc);
    return rc;
}

/* Runs CKD for (signer, args). Returns 0 with *value = the SuccessValue JSON text (malloc'd),
 * or -1 with *panic = the failure text. */
static int run_ckd(struct coord *co, const char *signer, const uint8_t *args, size_t args_len, char **value,
                   char *panic, size_t panic_cap)
{
    *value = NULL;
    json_t *doc = json_loadb((const char *)args, args_len, 0, NULL);
    json_t *rq = json_object_get(doc, "request");
    const char *path = json_string_value(json_object_get(rq, "derivation_path"));
    const char *apk = json_string_value(json_object_get(rq, "app_public_key"));
    json_t *dom = json_object_get(rq, "domain_id");
    uint8_t A_bytes[CKD_G1_BYTES];
    g1 A;
    st_err e = {0};
    if (!json_is_object(rq) || path == NULL || apk == NULL || !json_is_integer(dom)) {
        snprintf(panic, panic_cap, "Smart contract panicked: mpc-local: arguments must be {\"request\": "
                                   "{\"derivation_path\", \"app_public_key\", \"domain_id\"}}");
        json_decref(doc);
        return -1;
    }
    if (json_integer_value(dom) != co->domain_id) {
        snprintf(panic, panic_cap, "Smart contract panicked: mpc-local: domain_id %lld is not the CKD domain %ld",
                 (long long)json_integer_value(dom), co->domain_id);
        json_decref(doc);
        return -1;
    }
    if (ckd_point_parse(apk, A_bytes, sizeof A_bytes, &e) != 0 || g1_decompress(&A, A_bytes) != 0 ||
        g1_is_infinity(&A)) {
        snprintf(panic, panic_cap, "Smart contract panicked: mpc-local: app_public_key is not a valid G1 point");
        json_decref(doc);
        return -1;
    }
    uint8_t app_id[32];
    ckd_app_id(signer, path, app_id);
    char app_id_hex[65], path_shown[81];
    hex_encode(app_id_hex, app_id, 32);
    snprintf(path_shown, sizeof path_shown, "%s", path);
    char *body = dump(json_pack("{s:s, s:s}", "app_id_hex", app_id_hex, "app_public_key", apk));
    json_decref(doc); /* path and apk pointed into it */
    if (body == NULL) {
        snprintf(panic, panic_cap, "mpc-local: out of memory");
        return -1;
    }
    struct partial parts[MPCL_MAX_NODES];
    int got = 0;
    for (int i = 0; i < co->n_nodes && got < co->net.t; i++) {
        st_err ne = {0};
        if (ask_node(co->node_ports[i], body, &parts[got], &ne) != 0) {
            fprintf(stderr, "serve: %s (skipped)\n", ne.msg);
            continue;
        }
        int dup = parts[got].index < 1 || parts[got].index > co->net.n;
        for (int j = 0; j < got; j++)
            dup |= parts[j].index == parts[got].index;
        if (dup) {
            fprintf(stderr, "serve: node on port %u answered index %d, out of range or already used (skipped)\n",
                    (unsigned)co->node_ports[i], parts[got].index);
            continue;
        }
        got++;
    }
    free(body);
    if (got < co->net.t) {
        snprintf(panic, panic_cap,
                 "Smart contract panicked: mpc-local: only %d of the %d nodes needed answered (%d configured)", got,
                 co->net.t, co->n_nodes);
        return -1;
    }
    /* Y = Σ λ_i Y_i, C = Σ λ_i C_i with λ_i = Π_{j≠i} x_j / (x_j − x_i). */
    g1 Y, C, t;
    g1_set_infinity(&Y);
    g1_set_infinity(&C);
    uint64_t xs[MPCL_MAX_NODES];
    for (int i = 0; i < got; i++)
        xs[i] = (uint64_t)parts[i].index;
    for (int i = 0; i < got; i++) {
        fr lam;
        fr_lagrange0(&lam, xs, got, i); /* indices checked distinct and in 1..n above */
        uint8_t lb[32];
        fr_to_bytes(lb, &lam);
        g1_mul_vartime(&t, &parts[i].Y, lb);
        g1_add(&Y, &Y, &t);
        g1_mul_vartime(&t, &parts[i].C, lb);
        g1_add(&C, &C, &t);
    }
    uint8_t yb[CKD_G1_BYTES], cb[CKD_G1_BYTES];
    char yt[120], ct[120];
    g1_compress(yb, &Y);
    g1_compress(cb, &C);
    if (ckd_point_text(yb, sizeof yb, yt, sizeof yt, &e) != 0 || ckd_point_text(cb, sizeof cb, ct, sizeof ct, &e) != 0) {
        snprintf(panic, panic_cap, "mpc-local: %.400s", e.msg);
        return -1;
    }
    *value = dump(json_pack("{s:s, s:s}", "big_y", yt, "big_c", ct));
    if (*value == NULL) {
        snprintf(panic, panic_cap, "mpc-local: out of memory");
        return -1;
    }
    fprintf(stderr, "serve: CKD for %s path \"%s\" from %d nodes\n", signer, path_shown, got);
    return 0;
}

/* ---- send_tx ------------------------------------------------------------------------------ */

static json_t *action_failure(json_t *kind)
{
    return json_pack("{s:{s:{s:i, s:o}}}", "Failure", "ActionError", "index", 0, "kind", kind);
}

static json_t *exec_failure(const char *msg)
{
    return action_failure(json_pack("{s:{s:s}}", "FunctionCallError", "ExecutionError", msg));
}

/* Executes a validated transaction: the status object (SuccessValue or Failure). */
static json_t *execute(struct coord *co, const struct tx_decoded *tx)
{
    if (strcmp(tx->receiver_id, co->contract) != 0)
        return action_failure(json_pack("{s:{s:s}}", "AccountDoesNotExist", "account_id", tx->receiver_id));
    if (tx->n_actions != 1 || tx->actions[0].tag != NEAR_ACTION_FUNCTION_CALL)
        return exec_failure("Smart contract panicked: mpc-local: expected exactly one FunctionCall action");
    const struct txd_action *a = &tx->actions[0];
    if (strcmp(a->method_name, CKD_METHOD) != 0)
        return action_failure(json_pack("{s:{s:s}}", "FunctionCallError", "MethodResolveError", "MethodNotFound"));
    if (a->deposit_hi == 0 && a->deposit_lo == 0)
        return exec_failure("Smart contract panicked: mpc-local: attach at least 1 yoctoNEAR");
    char *value = NULL, panic[512];
    if (run_ckd(co, tx->signer_id, a->args, a->args_len, &value, panic, sizeof panic) != 0)
        return exec_failure(panic);
    char *b64 = near_base64((const uint8_t *)value, strlen(value));
    free(value);
    if (b64 == NULL)
        return exec_failure("mpc-local: out of memory");
    json_t *st = json_pack("{s:s}", "SuccessValue", b64);
    free(b64);
    return st;
}

/* The final execution outcome, in the shape of NEAR's RPC (minimal but well formed). */
static json_t *outcome_json(struct coord *co, const struct tx_decoded *tx, const char *hash_text, json_t *status)
{
    char pk_text[NEAR_PUBKEY_TEXT_MAX], sig_text[120], rid_text[NEAR_HASH_TEXT_MAX];
    struct near_pubkey pk = {NEAR_KEY_ED25519, {0}};
    memcpy(pk.key, tx->public_key, 32);
    near_pubkey_format(&pk, pk_text);
    memcpy(sig_text, "ed25519:", 8);
    base58_encode(tx->signature, 64, sig_text + 8, sizeof sig_text - 8, NULL);
    uint8_t rid[32];
    sha256(tx->hash, 32, rid); /* the receipt id: any fixed function of the tx hash */
    near_hash_format(rid, rid_text);
    json_t *actions = json_array();
    for (size_t i = 0; i < tx->n_actions; i++) {
        const struct txd_action *a = &tx->actions[i];
        if (a->tag == NEAR_ACTION_FUNCTION_CALL) {
            char *args64 = near_base64(a->args, a->args_len);
            near_u128 dep = {a->deposit_hi, a->deposit_lo};
            char dtext[NEAR_U128_TEXT_MAX];
            near_u128_format(dep, dtext);
            json_array_append_new(actions, json_pack("{s:{s:s, s:s, s:I, s:s}}", "FunctionCall", "method_name",
                                                     a->method_name, "args", args64 ? args64 : "", "gas",
                                                     (json_int_t)(a->gas > INT64_MAX ? INT64_MAX : a->gas), "deposit",
                                                     dtext));
            free(args64);
        } else {
            json_array_append_new(actions, json_pack("{s:i}", "tag", a->tag));
        }
    }
    int ok = json_object_get(status, "SuccessValue") != NULL;
    json_t *receipt_status = json_deep_copy(status);
    json_t *o = json_pack(
        "{s:s, s:O, s:{s:s, s:s, s:I, s:s, s:s, s:o, s:s, s:s}, "
        "s:{s:[], s:s, s:s, s:{s:[], s:[s], s:I, s:s, s:s, s:{s:s}}}, "
        "s:[{s:[], s:s, s:s, s:{s:[], s:[], s:I, s:s, s:s, s:o}}]}",
        "final_execution_status", "FINAL", "status", status,
        "transaction", "signer_id", tx->signer_id, "public_key", pk_text, "nonce", (json_int_t)tx->nonce,
        "receiver_id", tx->receiver_id, "signature", sig_text, "actions", actions, "hash", hash_text, "priority_fee",
        "0",
        "transaction_outcome", "proof", "block_hash", co->block_hash_text, "id", hash_text, "outcome", "logs",
        "receipt_ids", rid_text, "gas_burnt", (json_int_t)2428000000000, "tokens_burnt", "0", "executor_id",
        tx->signer_id, "status", "SuccessReceiptId", rid_text,
        "receipts_outcome", "proof", "block_hash", co->block_hash_text, "id", rid_text, "outcome", "logs",
        "receipt_ids", "gas_burnt", (json_int_t)(ok ? 5000000000000 : 2428000000000), "tokens_burnt", "0",
        "executor_id", tx->receiver_id, "status", receipt_status);
    return o;
}

static void store_outcome(struct coord *co, const char *hash_text, json_t *outcome)
{
    struct outcome_entry *e = &co->outcomes[co->next_outcome];
    free(e->json);
    e->json = json_dumps(outcome, JSON_COMPACT);
    snprintf(e->hash, sizeof e->hash, "%s", hash_text);
    co->next_outcome = (co->next_outcome + 1) % MAX_OUTCOMES;
}

static char *do_send_tx(struct coord *co, json_t *id, json_t *params)
{
    const char *b64 = json_string_value(json_object_get(params, "signed_tx_base64"));
    if (b64 == NULL)
        return rpc_error(id, "REQUEST_VALIDATION_ERROR", "PARSE_ERROR",
                         json_pack("{s:s}", "error_message", "send_tx needs signed_tx_base64"));
    uint8_t *raw = NULL;
    size_t n = 0;
    st_err e = {0};
    struct tx_decoded tx;
    memset(&tx, 0, sizeof tx);
    if (near_base64_decode(b64, &raw, &n, &e) != 0 || tx_decode_signed(raw, n, &tx, &e) != 0) {
        free(raw);
        tx_decoded_free(&tx);
        char msg[ST_ERR_MAX + 64];
        snprintf(msg, sizeof msg, "Failed to decode transaction: %s", e.msg);
        return rpc_error(id, "REQUEST_VALIDATION_ERROR", "PARSE_ERROR", json_pack("{s:s}", "error_message", msg));
    }
    free(raw);
    char hash_text[NEAR_HASH_TEXT_MAX];
    near_hash_format(tx.hash, hash_text);
    char *answer = NULL;
    if (!tx_verify_signature(&tx)) {
        answer = invalid_tx(id, json_string("InvalidSignature"));
        goto out;
    }
    if (memcmp(tx.block_hash, co->block_hash, 32) != 0) {
        answer = invalid_tx(id, json_string("Expired"));
        goto out;
    }
    pthread_mutex_lock(&co->mu); /* one transaction at a time: nonces, then the CKD itself */
    struct key_entry *k = find_key(co, tx.signer_id, tx.public_key);
    if (k == NULL && !co->registry)
        k = add_key(co, tx.signer_id, tx.public_key); /* accepted on first use */
    if (k == NULL) {
        pthread_mutex_unlock(&co->mu);
        char pk_text[NEAR_PUBKEY_TEXT_MAX];
        struct near_pubkey pk = {NEAR_KEY_ED25519, {0}};
        memcpy(pk.key, tx.public_key, 32);
        near_pubkey_format(&pk, pk_text);
        answer = invalid_tx(id, json_pack("{s:{s:{s:s, s:s}}}", "InvalidAccessKeyError", "AccessKeyNotFound",
                                          "account_id", tx.signer_id, "public_key", pk_text));
        goto out;
    }
    if (tx.nonce <= k->nonce) {
        uint64_t ak = k->nonce;
        pthread_mutex_unlock(&co->mu);
        answer = invalid_tx(id, json_pack("{s:{s:I, s:I}}", "InvalidNonce", "tx_nonce", (json_int_t)tx.nonce,
                                          "ak_nonce", (json_int_t)ak));
        goto out;
    }
    k->nonce = tx.nonce; /* the transaction executes: its nonce is used, whatever the outcome */
    json_t *status = execute(co, &tx);
    json_t *outcome = status ? outcome_json(co, &tx, hash_text, status) : NULL;
    json_decref(status);
    if (outcome)
        store_outcome(co, hash_text, outcome);
    pthread_mutex_unlock(&co->mu);
    answer = outcome ? rpc_result(id, outcome) : NULL; /* rpc_result takes the reference */
out:
    tx_decoded_free(&tx);
    return answer;
}

static char *do_tx(struct coord *co, json_t *id, json_t *params)
{
    const char *h = json_string_value(json_object_get(params, "tx_hash"));
    char *found = NULL;
    pthread_mutex_lock(&co->mu);
    for (int i = 0; h && i < MAX_OUTCOMES; i++)
        if (co->outcomes[i].json && strcmp(co->outcomes[i].hash, h) == 0)
            found = strdup(co->outcomes[i].json);
    pthread_mutex_unlock(&co->mu);
    if (found == NULL)
        return rpc_error(id, "HANDLER_ERROR", "UNKNOWN_TRANSACTION",
                         json_pack("{s:s}", "requested_transaction_hash", h ? h : ""));
    json_t *o = json_loads(found, 0, NULL);
    free(found);
    return o ? rpc_result(id, o) : NULL; /* rpc_result takes the reference */
}

static unsigned handle(void *ctx, const char *url, const char *method, const char *body, char **answer)
{
    struct coord *co = ctx;
    (void)url;
    if (strcmp(method, "POST") != 0) {
        *answer = strdup("{\"error\":\"POST a JSON-RPC request\"}");
        return 405;
    }
    json_t *req = json_loads(body, 0, NULL);
    json_t *id = json_object_get(req, "id");
    const char *m = json_string_value(json_object_get(req, "method"));
    json_t *params = json_object_get(req, "params");
    if (m == NULL || !json_is_object(params)) {
        *answer = dump(json_pack("{s:s, s:O?, s:{s:i, s:s}}", "jsonrpc", "2.0", "id", id, "error", "code", -32700,
                                 "message", "Parse error: need method and params (an object)"));
        json_decref(req);
        return 200;
    }
    const char *rt = json_string_value(json_object_get(params, "request_type"));
    if (strcmp(m, "block") == 0)
        *answer = do_block(co, id);
    else if (strcmp(m, "query") == 0 && rt && strcmp(rt, "view_access_key") == 0)
        *answer = do_view_access_key(co, id, params);
    else if (strcmp(m, "query") == 0 && rt && strcmp(rt, "call_function") == 0)
        *answer = do_call_function(co, id, params);
    else if (strcmp(m, "send_tx") == 0 || strcmp(m, "broadcast_tx_commit") == 0)
        *answer = do_send_tx(co, id, params);
    else if (strcmp(m, "tx") == 0)
        *answer = do_tx(co, id, params);
    else
        *answer = dump(json_pack("{s:s, s:O?, s:{s:i, s:s}}", "jsonrpc", "2.0", "id", id, "error", "code", -32601,
                                 "message", "Method not found (steward-mpc-local speaks a subset of NEAR RPC)"));
    json_decref(req);
    return 200;
}

int cmd_serve(int argc, char **argv)
{
    static const struct option opts[] = {{"dir", required_argument, 0, 'd'},
                                         {"port", required_argument, 0, 'p'},
                                         {"nodes", required_argument, 0, 'n'},
                                         {"contract", required_argument, 0, 'c'},
                                         {"domain-id", required_argument, 0, 'D'},
                                         {"account-keys", required_argument, 0, 'k'},
                                         {0, 0, 0, 0}};
    static struct coord co;
    const char *port_s = NULL, *nodes = NULL, *keys_file = NULL;
    co.contract = "v1.signer";
    co.domain_id = 2;
    int c;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'd': co.dir = optarg; break;
        case 'p': port_s = optarg; break;
        case 'n': nodes = optarg; break;
        case 'c': co.contract = optarg; break;
        case 'D': co.domain_id = atol(optarg); break;
        case 'k': keys_file = optarg; break;
        default: return 2;
        }
    }
    uint16_t port = 0;
    if (co.dir == NULL || port_s == NULL || nodes == NULL || mpcl_parse_port(port_s, &port) != 0 ||
        !near_account_id_valid(co.contract) || co.domain_id < 0) {
        fprintf(stderr, "usage: steward-mpc-local serve --dir D --port P --nodes P1,P2,... [--contract ID] "
                        "[--domain-id N] [--account-keys FILE]\n");
        return 2;
    }
    char list[1024];
    snprintf(list, sizeof list, "%s", nodes);
    for (char *save = NULL, *tok = strtok_r(list, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        if (co.n_nodes >= MPCL_MAX_NODES || mpcl_parse_port(tok, &co.node_ports[co.n_nodes]) != 0) {
            fprintf(stderr, "serve: --nodes: \"%s\" is not a port (or too many nodes)\n", tok);
            return 2;
        }
        co.n_nodes++;
    }
    st_err e = {0};
    if (mpcl_read_network(co.dir, &co.net, &e) != 0 || (keys_file && load_registry(&co, keys_file, &e) != 0)) {
        fprintf(stderr, "serve: %s\n", e.msg);
        return 1;
    }
    const char *seed = "steward-mpc-local block";
    sha256((const uint8_t *)seed, strlen(seed), co.block_hash);
    near_hash_format(co.block_hash, co.block_hash_text);
    pthread_mutex_init(&co.mu, NULL);
    curl_global_init(CURL_GLOBAL_DEFAULT);
    mpcl_block_signals();
    struct MHD_Daemon *d = mpcl_http_start(port, handle, &co, &e);
    if (d == NULL) {
        fprintf(stderr, "serve: %s\n", e.msg);
        curl_global_cleanup();
        return 1;
    }
    printf("coordinator (NEAR RPC) listening on http://127.0.0.1:%u, contract %s, domain %ld, %d-of-%d over %d "
           "nodes, access keys: %s\n",
           (unsigned)port, co.contract, co.domain_id, co.net.t, co.net.n, co.n_nodes,
           co.registry ? "from --account-keys" : "any, registered on first use");
    fflush(stdout);
    mpcl_wait_signal();
    MHD_stop_daemon(d);
    for (int i = 0; i < MAX_OUTCOMES; i++)
        free(co.outcomes[i].json);
    pthread_mutex_destroy(&co.mu);
    curl_global_cleanup();
    return 0;
}
