/* near_rpc.c: NEAR JSON-RPC calls and the send/lookup/rebuild rules of near_rpc.h. */
#include "near/near_rpc.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void sleep_ms(uint64_t ms)
{
    struct timespec ts = {(time_t)(ms / 1000), (long)(ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* How one JSON-RPC exchange ended. */
enum answer {
    ANSWER_RESULT,   /* *result set */
    ANSWER_ERROR,    /* *error set: the node answered with a JSON-RPC error */
    ANSWER_NONE,     /* transport failure or no usable answer: err says why */
};

/* POSTs one JSON-RPC request through http_request (with ep's retry rules) and parses the
 * answer. Never returns -1: the three cases are in the return value. */
static enum answer rpc_call(const struct http_endpoint *ep, const char *method, json_t *params, json_t **result,
                            json_t **error, long *status, st_err *err)
{
    *result = *error = NULL;
    *status = 0;
    json_t *req = json_pack("{s:s, s:s, s:s, s:O}", "jsonrpc", "2.0", "id", "steward", "method", method, "params",
                            params);
    char *body = req ? json_dumps(req, JSON_COMPACT) : NULL;
    json_decref(req);
    if (body == NULL) {
        st_err_set(err, "out of memory");
        return ANSWER_NONE;
    }
    char *resp = NULL;
    int rc = http_request(ep, "POST", "", body, "application/json", status, &resp, err);
    free(body);
    if (rc != 0)
        return ANSWER_NONE;
    json_error_t je;
    json_t *doc = json_loads(resp, JSON_REJECT_DUPLICATES, &je);
    free(resp);
    if (!json_is_object(doc)) {
        json_decref(doc);
        st_err_set(err, "%s: %s: HTTP %ld, the answer is not a JSON-RPC object", ep->name, method, *status);
        return ANSWER_NONE;
    }
    json_t *r = json_object_get(doc, "result"), *e = json_object_get(doc, "error");
    enum answer a = ANSWER_NONE;
    if (e && !json_is_null(e)) {
        *error = json_incref(e);
        a = ANSWER_ERROR;
    } else if (r) {
        *result = json_incref(r);
        a = ANSWER_RESULT;
    } else {
        st_err_set(err, "%s: %s: the answer has neither result nor error", ep->name, method);
    }
    json_decref(doc);
    return a;
}

/* "cause.name" of a NEAR error object, or its "name", or "". */
static const char *error_cause(json_t *error)
{
    const char *n = json_string_value(json_object_get(json_object_get(error, "cause"), "name"));
    if (n == NULL)
        n = json_string_value(json_object_get(error, "name"));
    return n ? n : "";
}

/* Writes a one-line description of a NEAR error object into err. */
static int error_to_err(const struct http_endpoint *ep, const char *method, json_t *error, st_err *err)
{
    json_t *detail = json_object_get(json_object_get(error, "cause"), "info");
    if (detail == NULL || json_is_null(detail) || (json_is_object(detail) && json_object_size(detail) == 0))
        detail = json_object_get(error, "data");
    char *d = detail ? json_dumps(detail, JSON_COMPACT | JSON_ENCODE_ANY) : NULL;
    const char *msg = json_string_value(json_object_get(error, "message"));
    st_err_set(err, "%s: %s: %s%s%s%s%.600s", ep->name, method, error_cause(error), msg ? " (" : "", msg ? msg : "",
               msg ? "): " : ": ", d ? d : "");
    free(d);
    return -1;
}

/* The first value of member `key` found anywhere inside v (depth-first), or NULL. */
static json_t *find_member(json_t *v, const char *key, int depth)
{
    if (depth > 16)
        return NULL;
    if (json_is_object(v)) {
        json_t *hit = json_object_get(v, key);
        if (hit)
            return hit;
        const char *k;
        json_t *m;
        json_object_foreach(v, k, m)
        {
            json_t *f = find_member(m, key, depth + 1);
            if (f)
                return f;
        }
    } else if (json_is_array(v)) {
        size_t i;
        json_t *m;
        json_array_foreach(v, i, m)
        {
            json_t *f = find_member(m, key, depth + 1);
            if (f)
                return f;
        }
    }
    return NULL;
}

static int get_u64(json_t *v, uint64_t *out)
{
    if (!json_is_integer(v) || json_integer_value(v) < 0)
        return -1;
    *out = (uint64_t)json_integer_value(v);
    return 0;
}

/* A `query` result that is itself an error: older nodes answer view failures this way. */
static int query_result_error(const struct http_endpoint *ep, const char *what, json_t *result, st_err *err)
{
    const char *e = json_string_value(json_object_get(result, "error"));
    if (e)
        return st_err_set(err, "%s: %s: %.600s", ep->name, what, e);
    return 0;
}

static int read_call(const struct near_rpc *rpc, const char *method, json_t *params, json_t **result, st_err *err)
{
    json_t *error = NULL;
    long status = 0;
    enum answer a = rpc_call(&rpc->ep, method, params, result, &error, &status, err);
    json_decref(params);
    if (a == ANSWER_RESULT)
        return 0;
    if (a == ANSWER_ERROR) {
        error_to_err(&rpc->ep, method, error, err);
        json_decref(error);
    }
    return -1;
}

int near_rpc_view_access_key(const struct near_rpc *rpc, const char *account_id, const struct near_pubkey *pk,
                             uint64_t *nonce, uint8_t block_hash[NEAR_HASH_LEN], st_err *err)
{
    if (near_account_id_check(account_id, "view_access_key", err) != 0)
        return -1;
    char pktext[NEAR_PUBKEY_TEXT_MAX];
    near_pubkey_format(pk, pktext);
    json_t *params = json_pack("{s:s, s:s, s:s, s:s}", "request_type", "view_access_key", "finality", "final",
                               "account_id", account_id, "public_key", pktext);
    json_t *result = NULL;
    if (params == NULL)
        return st_err_set(err, "out of memory");
    if (read_call(rpc, "query", params, &result, err) != 0)
        return -1;
    int rc = query_result_error(&rpc->ep, "view_access_key", result, err);
    if (rc == 0 && get_u64(json_object_get(result, "nonce"), nonce) != 0)
        rc = st_err_set(err, "%s: view_access_key: no nonce in the answer", rpc->ep.name);
    if (rc == 0 && near_hash_parse(json_string_value(json_object_get(result, "block_hash")), block_hash, err) != 0)
        rc = st_err_wrap(err, "%s: view_access_key: block_hash", rpc->ep.name);
    json_decref(result);
    return rc;
}

int near_rpc_final_block(const struct near_rpc *rpc, uint8_t hash[NEAR_HASH_LEN], uint64_t *height, st_err *err)
{
    json_t *params = json_pack("{s:s}", "finality", "final"), *result = NULL;
    if (params == NULL)
        return st_err_set(err, "out of memory");
    if (read_call(rpc, "block", params, &result, err) != 0)
        return -1;
    json_t *header = json_object_get(result, "header");
    int rc = 0;
    if (near_hash_parse(json_string_value(json_object_get(header, "hash")), hash, err) != 0)
        rc = st_err_wrap(err, "%s: block: header.hash", rpc->ep.name);
    else if (get_u64(json_object_get(header, "height"), height) != 0)
        rc = st_err_set(err, "%s: block: no header.height", rpc->ep.name);
    json_decref(result);
    return rc;
}

int near_rpc_call_function(const struct near_rpc *rpc, const char *contract_id, const char *method,
                           const uint8_t *args, size_t args_len, char **out, size_t *len, st_err *err)
{
    *out = NULL;
    *len = 0;
    if (near_account_id_check(contract_id, "call_function", err) != 0)
        return -1;
    char *b64 = near_base64(args, args_len);
    if (b64 == NULL)
        return st_err_set(err, "out of memory");
    json_t *params = json_pack("{s:s, s:s, s:s, s:s, s:s}", "request_type", "call_function", "finality", "final",
                               "account_id", contract_id, "method_name", method, "args_base64", b64);
    free(b64);
    json_t *result = NULL;
    if (params == NULL)
        return st_err_set(err, "out of memory");
    if (read_call(rpc, "query", params, &result, err) != 0)
        return -1;
    int rc = query_result_error(&rpc->ep, method, result, err);
    json_t *bytes = json_object_get(result, "result");
    if (rc == 0 && !json_is_array(bytes))
        rc = st_err_set(err, "%s: call_function %s: no result bytes in the answer", rpc->ep.name, method);
    if (rc == 0) {
        size_t n = json_array_size(bytes);
        char *buf = malloc(n + 1);
        if (buf == NULL)
            rc = st_err_set(err, "out of memory");
        for (size_t i = 0; rc == 0 && i < n; i++) {
            json_t *v = json_array_get(bytes, i);
            if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > 255)
                rc = st_err_set(err, "%s: call_function %s: result byte %zu is not 0..255", rpc->ep.name, method, i);
            else
                buf[i] = (char)json_integer_value(v);
        }
        if (rc == 0) {
            buf[n] = '\0';
            *out = buf;
            *len = n;
        } else {
            free(buf);
        }
    }
    json_decref(result);
    return rc;
}

/* ---- sending ------------------------------------------------------------------------- */

void near_outcome_free(struct near_outcome *o)
{
    free(o->value);
    free(o->failure_json);
    free(o->outcome_json);
    o->value = NULL;
    o->failure_json = NULL;
    o->outcome_json = NULL;
}

enum send_class {
    SENT_DONE,          /* an execution outcome: success or failure, filled into out */
    SENT_AMBIGUOUS,     /* may or may not have reached the network */
    SENT_INVALID_NONCE, /* refused: nonce */
    SENT_EXPIRED,       /* refused: block hash too old */
    SENT_REFUSED,       /* refused for another reason (final) */
    SENT_NOT_FOUND,     /* (lookups) the node does not know the transaction */
};

/* Describes a Failure status: "action <i>: <Kind>: <detail>", where the detail of a
 * FunctionCallError is the contract's message (ExecutionError text), verbatim. */
static void failure_to_err(json_t *failure, st_err *err)
{
    json_t *ae = json_object_get(failure, "ActionError");
    if (json_is_object(ae)) {
        json_t *kind = json_object_get(ae, "kind");
        json_int_t index = json_integer_value(json_object_get(ae, "index"));
        const char *kname = NULL;
        json_t *kval = NULL;
        if (json_is_object(kind) && json_object_size(kind) == 1) {
            void *it = json_object_iter(kind);
            kname = json_object_iter_key(it);
            kval = json_object_iter_value(it);
        } else if (json_is_string(kind)) {
            kname = json_string_value(kind);
        }
        const char *exec = json_string_value(json_object_get(kval, "ExecutionError"));
        if (exec) {
            st_err_set(err, "action %lld: %s: %.800s", (long long)index, kname, exec);
            return;
        }
        char *d = kval ? json_dumps(kval, JSON_COMPACT | JSON_ENCODE_ANY) : NULL;
        st_err_set(err, "action %lld: %s%s%.800s", (long long)index, kname ? kname : "ActionError", d ? ": " : "",
                   d ? d : "");
        free(d);
        return;
    }
    char *d = json_dumps(failure, JSON_COMPACT | JSON_ENCODE_ANY);
    st_err_set(err, "transaction failed: %.800s", d ? d : "?");
    free(d);
}

static enum send_class invalid_tx_class(json_t *ite, uint64_t *ak_nonce);

/* Reads an execution outcome (send_tx or tx result). Returns SENT_DONE with out filled,
 * SENT_AMBIGUOUS when the result carries no final status (not yet executed to wait_until),
 * or the class of a status.Failure.InvalidTxError (validation failed: not executed). */
static enum send_class take_outcome(json_t *result, struct near_outcome *out, uint64_t *ak_nonce, st_err *err)
{
    json_t *st = json_object_get(result, "status");
    if (!json_is_object(st)) {
        st_err_set(err, "the transaction has no execution status yet");
        return SENT_AMBIGUOUS;
    }
    json_t *sv = json_object_get(st, "SuccessValue");
    json_t *fail = json_object_get(st, "Failure");
    json_t *ite = json_object_get(fail, "InvalidTxError");
    if (ite) {
        char *d = json_dumps(ite, JSON_COMPACT | JSON_ENCODE_ANY);
        st_err_set(err, "InvalidTxError: %.800s", d ? d : "?");
        free(d);
        return invalid_tx_class(ite, ak_nonce);
    }
    if (json_is_string(sv) || fail) {
        free(out->outcome_json);
        out->outcome_json = json_dumps(result, JSON_COMPACT);
    }
    if (json_is_string(sv)) {
        if (near_base64_decode(json_string_value(sv), &out->value, &out->value_len, err) != 0) {
            st_err_wrap(err, "SuccessValue");
            out->status = NEAR_TX_UNKNOWN;
            return SENT_DONE;
        }
        out->status = NEAR_TX_SUCCESS;
        return SENT_DONE;
    }
    if (fail) {
        out->status = NEAR_TX_FAILED;
        free(out->failure_json);
        out->failure_json = json_dumps(fail, JSON_COMPACT | JSON_ENCODE_ANY);
        failure_to_err(fail, err);
        return SENT_DONE;
    }
    /* SuccessReceiptId, Unknown, NotStarted, Started: not an outcome yet. */
    st_err_set(err, "the transaction's status is not final yet");
    return SENT_AMBIGUOUS;
}

/* Classifies an InvalidTxError value. */
static enum send_class invalid_tx_class(json_t *ite, uint64_t *ak_nonce)
{
    if (json_is_string(ite) && strcmp(json_string_value(ite), "Expired") == 0)
        return SENT_EXPIRED;
    json_t *in = json_object_get(ite, "InvalidNonce");
    if (json_is_object(in)) {
        uint64_t n = 0;
        if (get_u64(json_object_get(in, "ak_nonce"), &n) == 0)
            *ak_nonce = n;
        return SENT_INVALID_NONCE;
    }
    if (json_object_get(ite, "Expired"))
        return SENT_EXPIRED;
    return SENT_REFUSED;
}

/* One send_tx POST (never repeated by the HTTP layer) or one `tx` lookup, classified. */
static enum send_class exchange(const struct near_rpc *rpc, const struct http_endpoint *ep, const char *method,
                                json_t *params, struct near_outcome *out, uint64_t *ak_nonce, st_err *err)
{
    json_t *result = NULL, *error = NULL;
    long status = 0;
    enum answer a = rpc_call(ep, method, params, &result, &error, &status, err);
    json_decref(params);
    if (a == ANSWER_NONE)
        return SENT_AMBIGUOUS;
    if (a == ANSWER_RESULT) {
        enum send_class c = take_outcome(result, out, ak_nonce, err);
        json_decref(result);
        return c;
    }
    enum send_class c;
    const char *cause = error_cause(error);
    json_t *ite = find_member(error, "InvalidTxError", 0);
    if (strcmp(cause, "TIMEOUT_ERROR") == 0 || strcmp(cause, "INTERNAL_ERROR") == 0 || status == 408 ||
        status >= 500)
        c = SENT_AMBIGUOUS;
    else if (strcmp(cause, "UNKNOWN_TRANSACTION") == 0)
        c = SENT_NOT_FOUND;
    else if (ite)
        c = invalid_tx_class(ite, ak_nonce);
    else
        c = SENT_REFUSED;
    error_to_err(&rpc->ep, method, error, err);
    json_decref(error);
    return c;
}

static const char *wait_until(const struct near_rpc *rpc)
{
    return rpc->wait_until ? rpc->wait_until : "FINAL";
}

/* Looks the transaction up by hash, up to lookup_attempts times. Returns 1 with out filled
 * when an outcome was found, 0 when not (err says the last reason). */
static int look_up(const struct near_rpc *rpc, const char *signer_id, struct near_outcome *out, st_err *err)
{
    uint32_t attempts = rpc->lookup_attempts ? rpc->lookup_attempts : 1;
    for (uint32_t i = 0; i < attempts; i++) {
        if (rpc->lookup_delay_ms)
            sleep_ms(rpc->lookup_delay_ms);
        json_t *params = json_pack("{s:s, s:s, s:s}", "tx_hash", out->tx_hash, "sender_account_id", signer_id,
                                   "wait_until", wait_until(rpc));
        if (params == NULL) {
            st_err_set(err, "out of memory");
            return 0;
        }
        out->lookups++;
        st_err e = {0};
        uint64_t ignored = 0;
        if (exchange(rpc, &rpc->ep, "tx", params, out, &ignored, &e) == SENT_DONE)
            return 1;
        st_err_clear(err);
        st_err_set(err, "%s", e.msg);
    }
    return 0;
}

int near_rpc_tx_status(const struct near_rpc *rpc, const char *signer_id, const char *tx_hash,
                       struct near_outcome *out, st_err *err)
{
    memset(out, 0, sizeof *out);
    out->status = NEAR_TX_UNKNOWN;
    uint8_t h[NEAR_HASH_LEN];
    if (near_account_id_check(signer_id, "signer_id", err) != 0 || near_hash_parse(tx_hash, h, err) != 0)
        return -1;
    near_hash_format(h, out->tx_hash);
    st_err e = {0};
    if (!look_up(rpc, signer_id, out, &e)) {
        out->status = NEAR_TX_UNKNOWN;
        return st_err_set(err, "transaction %s: no outcome (%s)", out->tx_hash, e.msg);
    }
    if (out->status == NEAR_TX_SUCCESS)
        return 0;
    return st_err_set(err, "%s", e.msg);
}

static int finish_done(struct near_outcome *out, st_err *e, st_err *err)
{
    if (out->status == NEAR_TX_SUCCESS)
        return 0;
    return st_err_set(err, "%s", e->msg);
}

int near_rpc_transact(const struct near_rpc *rpc, const char *signer_id, const uint8_t sk[NEAR_ED25519_SK_LEN],
                      const char *receiver_id, const struct near_action *actions, size_t n_actions,
                      struct near_outcome *out, st_err *err)
{
    memset(out, 0, sizeof *out);
    out->status = NEAR_TX_NOT_SENT;
    const char *wu = wait_until(rpc);
    if (strcmp(wu, "FINAL") != 0 && strcmp(wu, "EXECUTED") != 0 && strcmp(wu, "EXECUTED_OPTIMISTIC") != 0)
        return st_err_set(err, "wait_until \"%s\": use FINAL, EXECUTED or EXECUTED_OPTIMISTIC", wu);
    if (near_account_id_check(signer_id, "signer_id", err) != 0 ||
        near_account_id_check(receiver_id, "receiver_id", err) != 0)
        return -1;
    struct http_endpoint send_ep = rpc->ep;
    send_ep.retries = 0; /* rule 1: a broadcast is POSTed once per decision to send */
    struct near_tx tx = {signer_id, {0}, 0, receiver_id, {0}, actions, n_actions};
    near_pubkey_from_sk(sk, &tx.public_key);
    uint64_t nonce_floor = 0;

    for (;;) {
        uint64_t ak_nonce = 0, height = 0;
        uint8_t ignored_hash[NEAR_HASH_LEN];
        if (near_rpc_view_access_key(rpc, signer_id, &tx.public_key, &ak_nonce, ignored_hash, err) != 0 ||
            near_rpc_final_block(rpc, tx.block_hash, &height, err) != 0) {
            out->status = out->submissions ? NEAR_TX_REFUSED : NEAR_TX_NOT_SENT;
            return -1;
        }
        if (nonce_floor > ak_nonce)
            ak_nonce = nonce_floor;
        if (ak_nonce == UINT64_MAX)
            return st_err_set(err, "access key nonce exhausted");
        tx.nonce = ak_nonce + 1;
        struct near_signed_tx s;
        if (near_tx_sign(&tx, sk, &s, err) != 0) {
            near_signed_tx_free(&s);
            return -1;
        }
        char *b64 = near_base64(s.bytes.p, s.bytes.len);
        near_hash_format(s.hash, out->tx_hash);
        out->nonce = tx.nonce;
        near_signed_tx_free(&s);
        if (b64 == NULL)
            return st_err_set(err, "out of memory");

        int ambiguous = 0;
        uint32_t resends = 0;
        enum send_class c;
        uint64_t err_ak_nonce = 0;
        st_err e = {0};
        for (;;) {
            json_t *params = json_pack("{s:s, s:s}", "signed_tx_base64", b64, "wait_until", wu);
            if (params == NULL) {
                free(b64);
                return st_err_set(err, "out of memory");
            }
            out->submissions++;
            st_err_clear(&e);
            c = exchange(rpc, &send_ep, "send_tx", params, out, &err_ak_nonce, &e);
            if (c == SENT_DONE) {
                free(b64);
                return finish_done(out, &e, err);
            }
            if (c == SENT_AMBIGUOUS) {
                /* Rule 3: look it up before anything else is sent. */
                ambiguous = 1;
                st_err le = {0};
                if (look_up(rpc, signer_id, out, &le)) {
                    free(b64);
                    return finish_done(out, &le, err);
                }
                if (resends < rpc->max_resends) {
                    resends++; /* the identical bytes: same nonce, same hash */
                    continue;
                }
                free(b64);
                out->status = NEAR_TX_UNKNOWN;
                return st_err_set(err, "transaction %s: outcome unknown after %u lookups (%s; last send: %s)",
                                  out->tx_hash, out->lookups, le.msg, e.msg);
            }
            break;
        }
        free(b64);
        if (ambiguous) {
            /* An earlier send of these bytes may have gone through: never rebuild. */
            st_err le = {0};
            if (look_up(rpc, signer_id, out, &le))
                return finish_done(out, &le, err);
            out->status = NEAR_TX_UNKNOWN;
            return st_err_set(err, "transaction %s: outcome unknown (a send timed out, the resend was refused: %s)",
                              out->tx_hash, e.msg);
        }
        if ((c == SENT_INVALID_NONCE || c == SENT_EXPIRED) && out->rebuilds < rpc->max_rebuilds) {
            /* Rule 2: the node refused this transaction; it cannot execute later. */
            out->rebuilds++;
            if (c == SENT_INVALID_NONCE && err_ak_nonce > nonce_floor)
                nonce_floor = err_ak_nonce;
            continue;
        }
        out->status = NEAR_TX_REFUSED;
        return st_err_set(err, "transaction refused: %s", e.msg);
    }
}
