/* near_eval: builds, serialises and signs NEAR transactions with core/near for
 * tests/interop/test_near.mjs.
 *
 * Reads one JSON object per line on stdin and prints one JSON object per line:
 *   {"op":"tx", "seed_hex": 64 hex (ed25519 seed; the key signs and names the access key),
 *    "signer_id", "receiver_id", "nonce": "<u64 decimal>", "block_hash": "<base58>",
 *    "actions": [ {"type":"FunctionCall","method_name","args_base64","gas":"<u64>","deposit":"<u128>"},
 *                 {"type":"Transfer","deposit":"<u128>"},
 *                 {"type":"AddKey","public_key":"ed25519:..","nonce":"<u64>",
 *                  "permission":"FullAccess" | {"allowance":"<u128>"|null,"receiver_id","method_names":[..]}},
 *                 {"type":"DeleteKey","public_key":"ed25519:.."} ]}
 *     → {"public_key","tx_hex","hash_hex","hash_b58","signature_hex","signed_hex","signed_base64"}
 *   {"op":"account","id":"..."}  → {"valid":true|false}
 *   {"op":"u128","s":"..."}      → {"value":"<canonical decimal>"} or {"error":".."}
 * A request the library refuses prints {"error":"<message>"}; a malformed line prints
 * {"bad_request":"<why>"} (which the test counts as a failure). */
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "near/near_tx.h"
#include "util/hex.h"

static int parse_u64(const char *s, uint64_t *out)
{
    near_u128 v;
    if (s == NULL || near_u128_parse(s, &v, NULL) != 0 || v.hi != 0)
        return -1;
    *out = v.lo;
    return 0;
}

static json_t *fail(const char *key, const char *msg)
{
    return json_pack("{s:s}", key, msg);
}

#define MAX_ACTIONS 64
#define MAX_METHODS 64

static json_t *eval_tx(json_t *req)
{
    st_err e = {0};
    uint8_t seed[32], pk[32], sk[64];
    const char *seed_hex = json_string_value(json_object_get(req, "seed_hex"));
    if (seed_hex == NULL || hex_decode(seed, 32, seed_hex) != 0)
        return fail("bad_request", "seed_hex");
    crypto_sign_seed_keypair(pk, sk, seed);
    json_t *acts = json_object_get(req, "actions");
    size_t n = json_array_size(acts);
    if (!json_is_array(acts) || n > MAX_ACTIONS)
        return fail("bad_request", "actions");
    struct near_action a[MAX_ACTIONS];
    uint8_t *args[MAX_ACTIONS] = {0};
    const char *methods[MAX_ACTIONS][MAX_METHODS];
    memset(a, 0, sizeof a);
    json_t *answer = NULL;
    for (size_t i = 0; i < n && answer == NULL; i++) {
        json_t *j = json_array_get(acts, i);
        const char *type = json_string_value(json_object_get(j, "type"));
        const char *dep = json_string_value(json_object_get(j, "deposit"));
        if (type == NULL) {
            answer = fail("bad_request", "action type");
        } else if (strcmp(type, "FunctionCall") == 0) {
            a[i].kind = NEAR_ACTION_FUNCTION_CALL;
            a[i].method_name = json_string_value(json_object_get(j, "method_name"));
            const char *b64 = json_string_value(json_object_get(j, "args_base64"));
            if (b64 == NULL || near_base64_decode(b64, &args[i], &a[i].args_len, &e) != 0 ||
                parse_u64(json_string_value(json_object_get(j, "gas")), &a[i].gas) != 0)
                answer = fail("bad_request", "FunctionCall fields");
            a[i].args = args[i];
            if (answer == NULL && near_u128_parse(dep, &a[i].deposit, &e) != 0)
                answer = fail("error", e.msg);
        } else if (strcmp(type, "Transfer") == 0) {
            a[i].kind = NEAR_ACTION_TRANSFER;
            if (near_u128_parse(dep, &a[i].deposit, &e) != 0)
                answer = fail("error", e.msg);
        } else if (strcmp(type, "AddKey") == 0 || strcmp(type, "DeleteKey") == 0) {
            a[i].kind = type[0] == 'A' ? NEAR_ACTION_ADD_KEY : NEAR_ACTION_DELETE_KEY;
            if (near_pubkey_parse(json_string_value(json_object_get(j, "public_key")), &a[i].public_key, &e) != 0) {
                answer = fail("error", e.msg);
                continue;
            }
            if (a[i].kind == NEAR_ACTION_DELETE_KEY)
                continue;
            if (parse_u64(json_string_value(json_object_get(j, "nonce")), &a[i].ak_nonce) != 0) {
                answer = fail("bad_request", "AddKey nonce");
                continue;
            }
            json_t *perm = json_object_get(j, "permission");
            if (json_is_string(perm) && strcmp(json_string_value(perm), "FullAccess") == 0) {
                a[i].full_access = 1;
                continue;
            }
            json_t *allow = json_object_get(perm, "allowance"), *names = json_object_get(perm, "method_names");
            a[i].fc_receiver_id = json_string_value(json_object_get(perm, "receiver_id"));
            if (!json_is_object(perm) || !json_is_array(names) || json_array_size(names) > MAX_METHODS) {
                answer = fail("bad_request", "permission");
                continue;
            }
            if (allow && !json_is_null(allow)) {
                a[i].has_allowance = 1;
                if (near_u128_parse(json_string_value(allow), &a[i].allowance, &e) != 0) {
                    answer = fail("error", e.msg);
                    continue;
                }
            }
            for (size_t k = 0; k < json_array_size(names); k++)
                methods[i][k] = json_string_value(json_array_get(names, k));
            a[i].method_names = methods[i];
            a[i].n_method_names = json_array_size(names);
        } else {
            answer = fail("bad_request", "unknown action type");
        }
    }
    struct near_tx tx = {json_string_value(json_object_get(req, "signer_id")), {0, {0}}, 0,
                         json_string_value(json_object_get(req, "receiver_id")), {0}, a, n};
    near_pubkey_from_sk(sk, &tx.public_key);
    if (answer == NULL && parse_u64(json_string_value(json_object_get(req, "nonce")), &tx.nonce) != 0)
        answer = fail("bad_request", "nonce");
    if (answer == NULL && near_hash_parse(json_string_value(json_object_get(req, "block_hash")), tx.block_hash, &e) != 0)
        answer = fail("bad_request", "block_hash");
    if (answer == NULL) {
        struct near_signed_tx s;
        struct bytebuf plain = BYTEBUF_INIT;
        if (near_tx_sign(&tx, sk, &s, &e) != 0 || near_tx_serialize(&tx, &plain, &e) != 0) {
            answer = fail("error", e.msg);
        } else {
            char *tx_hex = malloc(plain.len * 2 + 1), *signed_hex = malloc(s.bytes.len * 2 + 1);
            char hash_hex[65], sig_hex[129], hash_b58[NEAR_HASH_TEXT_MAX], pk_text[NEAR_PUBKEY_TEXT_MAX];
            char *b64 = near_base64(s.bytes.p, s.bytes.len);
            if (tx_hex && signed_hex && b64) {
                hex_encode(tx_hex, plain.p, plain.len);
                hex_encode(signed_hex, s.bytes.p, s.bytes.len);
                hex_encode(hash_hex, s.hash, 32);
                hex_encode(sig_hex, s.signature, 64);
                near_hash_format(s.hash, hash_b58);
                near_pubkey_format(&tx.public_key, pk_text);
                answer = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "public_key", pk_text, "tx_hex", tx_hex,
                                   "hash_hex", hash_hex, "hash_b58", hash_b58, "signature_hex", sig_hex, "signed_hex",
                                   signed_hex, "signed_base64", b64);
            } else {
                answer = fail("error", "out of memory");
            }
            free(tx_hex);
            free(signed_hex);
            free(b64);
        }
        near_signed_tx_free(&s);
        bytebuf_free(&plain);
    }
    for (size_t i = 0; i < n; i++)
        free(args[i]);
    sodium_memzero(sk, sizeof sk);
    return answer;
}

static json_t *eval(json_t *req)
{
    const char *op = json_string_value(json_object_get(req, "op"));
    if (op == NULL)
        return fail("bad_request", "op");
    if (strcmp(op, "tx") == 0)
        return eval_tx(req);
    if (strcmp(op, "account") == 0) {
        const char *id = json_string_value(json_object_get(req, "id"));
        return id ? json_pack("{s:b}", "valid", near_account_id_valid(id)) : fail("bad_request", "id");
    }
    if (strcmp(op, "u128") == 0) {
        const char *s = json_string_value(json_object_get(req, "s"));
        near_u128 v;
        st_err e = {0};
        if (s == NULL)
            return fail("bad_request", "s");
        if (near_u128_parse(s, &v, &e) != 0)
            return fail("error", e.msg);
        char out[NEAR_U128_TEXT_MAX];
        near_u128_format(v, out);
        return json_pack("{s:s}", "value", out);
    }
    return fail("bad_request", "unknown op");
}

int main(void)
{
    if (sodium_init() < 0)
        return 2;
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    while ((len = getline(&line, &cap, stdin)) > 0) {
        json_error_t je;
        json_t *req = json_loads(line, 0, &je);
        json_t *ans = req ? eval(req) : fail("bad_request", je.text);
        char *text = ans ? json_dumps(ans, JSON_COMPACT) : NULL;
        printf("%s\n", text ? text : "{\"bad_request\":\"out of memory\"}");
        free(text);
        json_decref(ans);
        json_decref(req);
    }
    free(line);
    return 0;
}
