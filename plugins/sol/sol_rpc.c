/* sol_rpc.c: see sol_rpc.h. */
#include "sol_rpc.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/base58.h"
#include "util/decimal.h"

const char *sol_commitment_name(enum sol_commitment c)
{
    switch (c) {
    case SOL_PROCESSED:
        return "processed";
    case SOL_CONFIRMED:
        return "confirmed";
    case SOL_FINALIZED:
        return "finalized";
    }
    return "?";
}

int sol_commitment_parse(const char *s, enum sol_commitment *c)
{
    for (int i = SOL_PROCESSED; i <= SOL_FINALIZED; i++)
        if (strcmp(s, sol_commitment_name((enum sol_commitment)i)) == 0) {
            *c = (enum sol_commitment)i;
            return 0;
        }
    return -1;
}

/* 1 if the integer literal s[0..n) (an optional '-' then digits) is outside int64. */
static int int_out_of_range(const char *s, size_t n)
{
    int neg = s[0] == '-';
    const char *d = s + neg;
    size_t len = n - (size_t)neg;
    const char *limit = neg ? "9223372036854775808" : "9223372036854775807";
    while (len > 1 && d[0] == '0') { /* JSON forbids leading zeros; be safe anyway */
        d++;
        len--;
    }
    if (len != 19)
        return len > 19;
    return memcmp(d, limit, 19) > 0;
}

char *sol_rpc_quote_big_ints(const char *in)
{
    size_t n = strlen(in), o = 0;
    /* Each quoted literal has at least 19 digits and grows by two quotes, so there are at
     * most n/19 + 1 of them. */
    char *out = malloc(n + 2 * (n / 19 + 1) + 1);
    int in_string = 0;
    if (out == NULL)
        return NULL;
    for (size_t i = 0; i < n;) {
        char c = in[i];
        if (in_string) {
            out[o++] = c;
            i++;
            if (c == '\\' && i < n)
                out[o++] = in[i++];
            else if (c == '"')
                in_string = 0;
            continue;
        }
        if (c == '"') {
            in_string = 1;
            out[o++] = in[i++];
            continue;
        }
        if (c == '-' || (c >= '0' && c <= '9')) {
            size_t start = i++;
            while (i < n && strchr("0123456789+-.eE", in[i]) != NULL)
                i++;
            size_t len = i - start;
            int integer = strcspn(in + start, ".eE") >= len && len > (size_t)(c == '-');
            if (integer && strspn(in + start + (c == '-'), "0123456789") == len - (c == '-') &&
                int_out_of_range(in + start, len)) {
                out[o++] = '"';
                memcpy(out + o, in + start, len);
                o += len;
                out[o++] = '"';
            } else {
                memcpy(out + o, in + start, len);
                o += len;
            }
            continue;
        }
        out[o++] = in[i++];
    }
    out[o] = '\0';
    return out;
}

/* Parses result text; fails naming the method. Integers beyond int64 (which jansson cannot
 * hold) are read as strings first, so that one such member the plugin does not use
 * (getAccountInfo's rentEpoch is u64::MAX on current nodes) does not make the whole answer
 * unreadable; a member the plugin does use is then refused as "not an integer". */
static json_t *load(const char *result, const char *method, st_err *err)
{
    json_error_t e;
    if (result == NULL) {
        st_err_set(err, "%s: the answer is not JSON (empty)", method);
        return NULL;
    }
    char *text = sol_rpc_quote_big_ints(result);
    if (text == NULL) {
        st_err_set(err, "%s: out of memory", method);
        return NULL;
    }
    json_t *j = json_loads(text, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &e);
    free(text);
    if (j == NULL)
        st_err_set(err, "%s: the answer is not JSON (%s)", method, e.text);
    return j;
}

/* The object member "value" of an RpcResponse {"context": ..., "value": ...}. */
static json_t *value_of(json_t *j, const char *method, st_err *err)
{
    json_t *v;
    if (!json_is_object(j) || (v = json_object_get(j, "value")) == NULL) {
        st_err_set(err, "%s: the answer has no \"value\"", method);
        return NULL;
    }
    return v;
}

static int get_u64(json_t *v, const char *method, const char *field, uint64_t *out, st_err *err)
{
    if (!json_is_integer(v) || json_integer_value(v) < 0)
        return st_err_set(err, "%s: %s: not a non-negative integer", method, field);
    *out = (uint64_t)json_integer_value(v);
    return 0;
}

static int get_key(json_t *v, const char *method, const char *field, size_t want, uint8_t *out, st_err *err)
{
    uint8_t buf[72];
    size_t n = 0;
    const char *s = json_string_value(v);
    if (s == NULL || s[0] == '\0' || base58_decode(s, buf, sizeof buf, &n, NULL) != 0 || n != want)
        return st_err_set(err, "%s: %s: not %zu bytes of base58", method, field, want);
    memcpy(out, buf, want);
    return 0;
}

int sol_rpc_latest_blockhash(const char *result, uint8_t blockhash[32], uint64_t *last_valid_height,
                             st_err *err)
{
    static const char M[] = "getLatestBlockhash";
    int rc = -1;
    json_t *j = load(result, M, err), *v;
    if (j == NULL || (v = value_of(j, M, err)) == NULL)
        goto done;
    if (!json_is_object(v)) {
        st_err_set(err, "%s: value: not an object", M);
        goto done;
    }
    if (get_key(json_object_get(v, "blockhash"), M, "value.blockhash", 32, blockhash, err) != 0 ||
        get_u64(json_object_get(v, "lastValidBlockHeight"), M, "value.lastValidBlockHeight", last_valid_height,
                err) != 0)
        goto done;
    rc = 0;
done:
    json_decref(j);
    return rc;
}

int sol_rpc_balance(const char *result, uint64_t *lamports, st_err *err)
{
    static const char M[] = "getBalance";
    int rc = -1;
    json_t *j = load(result, M, err), *v;
    if (j != NULL && (v = value_of(j, M, err)) != NULL)
        rc = get_u64(v, M, "value", lamports, err);
    json_decref(j);
    return rc;
}

int sol_rpc_token_balance(const char *result, uint64_t *amount, unsigned *decimals, st_err *err)
{
    static const char M[] = "getTokenAccountBalance";
    int rc = -1;
    uint8_t units[32];
    uint64_t d = 0;
    json_t *j = load(result, M, err), *v;
    if (j == NULL || (v = value_of(j, M, err)) == NULL)
        goto done;
    if (!json_is_object(v)) {
        st_err_set(err, "%s: value: not an object", M);
        goto done;
    }
    const char *s = json_string_value(json_object_get(v, "amount"));
    if (s == NULL || s[0] == '\0' || strlen(s) > 20 || units_from_string(s, units) != 0 ||
        units_to_u64(units, amount) != 0) {
        st_err_set(err, "%s: value.amount: not a base-10 string of a 64-bit amount", M);
        goto done;
    }
    if (get_u64(json_object_get(v, "decimals"), M, "value.decimals", &d, err) != 0)
        goto done;
    if (d > 255) {
        st_err_set(err, "%s: value.decimals: %llu is above 255", M, (unsigned long long)d);
        goto done;
    }
    *decimals = (unsigned)d;
    rc = 0;
done:
    json_decref(j);
    return rc;
}

int sol_rpc_account_info(const char *result, struct sol_account_info *info, st_err *err)
{
    static const char M[] = "getAccountInfo";
    int rc = -1;
    json_t *j = load(result, M, err), *v;
    memset(info, 0, sizeof *info);
    if (j == NULL || (v = value_of(j, M, err)) == NULL)
        goto done;
    if (json_is_null(v)) {
        rc = 0;
        goto done;
    }
    if (!json_is_object(v)) {
        st_err_set(err, "%s: value: neither null nor an object", M);
        goto done;
    }
    if (get_key(json_object_get(v, "owner"), M, "value.owner", 32, info->owner, err) != 0 ||
        get_u64(json_object_get(v, "lamports"), M, "value.lamports", &info->lamports, err) != 0)
        goto done;
    info->exists = 1;
    rc = 0;
done:
    json_decref(j);
    return rc;
}

int sol_rpc_u64(const char *result, const char *method, uint64_t *v, st_err *err)
{
    json_t *j = load(result, method, err);
    int rc = j ? get_u64(j, method, "result", v, err) : -1;
    json_decref(j);
    return rc;
}

int sol_rpc_base58(const char *result, const char *method, size_t want_len, uint8_t *out, st_err *err)
{
    json_t *j = load(result, method, err);
    int rc = j ? get_key(j, method, "result", want_len, out, err) : -1;
    json_decref(j);
    return rc;
}

int sol_rpc_signature_status(const char *result, struct sol_sig_status *st, st_err *err)
{
    static const char M[] = "getSignatureStatuses";
    int rc = -1;
    json_t *j = load(result, M, err), *v, *s;
    memset(st, 0, sizeof *st);
    if (j == NULL || (v = value_of(j, M, err)) == NULL)
        goto done;
    if (!json_is_array(v) || json_array_size(v) != 1) {
        st_err_set(err, "%s: value: not an array of one status", M);
        goto done;
    }
    s = json_array_get(v, 0);
    if (json_is_null(s)) {
        rc = 0;
        goto done;
    }
    if (!json_is_object(s)) {
        st_err_set(err, "%s: value[0]: neither null nor an object", M);
        goto done;
    }
    json_t *e = json_object_get(s, "err");
    if (e == NULL) {
        st_err_set(err, "%s: value[0].err: missing", M);
        goto done;
    }
    if (!json_is_null(e)) {
        char *text = json_dumps(e, JSON_COMPACT | JSON_ENCODE_ANY);
        st->failed = 1;
        snprintf(st->failure, sizeof st->failure, "%s", text ? text : "?");
        free(text);
    }
    json_t *cs = json_object_get(s, "confirmationStatus");
    if (cs != NULL && !json_is_null(cs)) {
        enum sol_commitment c;
        if (!json_is_string(cs) || sol_commitment_parse(json_string_value(cs), &c) != 0) {
            st_err_set(err, "%s: value[0].confirmationStatus: not processed, confirmed or finalized", M);
            goto done;
        }
        st->level = c;
    } else {
        json_t *conf = json_object_get(s, "confirmations");
        if (conf == NULL || (!json_is_null(conf) && !(json_is_integer(conf) && json_integer_value(conf) >= 0))) {
            st_err_set(err, "%s: value[0]: neither confirmationStatus nor confirmations", M);
            goto done;
        }
        st->level = json_is_null(conf) ? SOL_FINALIZED : SOL_PROCESSED;
    }
    st->found = 1;
    rc = 0;
done:
    json_decref(j);
    return rc;
}
