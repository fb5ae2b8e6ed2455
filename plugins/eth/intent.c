/* intent.c: see intent.h. */
#include "intent.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "crypto/addresses.h"
#include "ethaddr.h"
#include "tx.h"
#include "util/decimal.h"
#include "util/hex.h"

/* 1 if `key` is one of the NULL-terminated `allowed`. */
static int allowed_key(const char *key, const char *const *allowed)
{
    for (; *allowed; allowed++) {
        if (strcmp(key, *allowed) == 0)
            return 1;
    }
    return 0;
}

static int check_fields(json_t *j, const char *kind, const char *const *allowed, st_err *err)
{
    const char *k;
    json_t *v;
    json_object_foreach(j, k, v) {
        if (!allowed_key(k, allowed))
            return st_err_set(err, "intent: unknown field \"%.40s\" for kind \"%s\"", k, kind);
    }
    return 0;
}

/* "to": an address, not the zero address (`zero_msg` says why not). */
static int read_to(json_t *j, uint8_t to[20], const char *zero_msg, st_err *err)
{
    json_t *v = json_object_get(j, "to");
    if (v == NULL)
        return st_err_set(err, "intent: to: missing");
    if (!json_is_string(v))
        return st_err_set(err, "intent: to: must be an address string");
    if (eth_address_parse(json_string_value(v), to, "intent: to", err) != 0)
        return -1;
    static const uint8_t zero[20];
    if (memcmp(to, zero, 20) == 0)
        return st_err_set(err, "intent: to: %s", zero_msg);
    return 0;
}

/* "amount": a decimal string in the asset's unit; zero only when `allow_zero` (a call's value). */
static int read_amount(json_t *j, unsigned decimals, int allow_zero, u256 *out, st_err *err)
{
    json_t *v = json_object_get(j, "amount");
    if (v == NULL)
        return st_err_set(err, "intent: amount: missing%s",
                          allow_zero ? " (the ETH sent with the call; \"0\" for none)" : "");
    if (!json_is_string(v))
        return st_err_set(err, "intent: amount: must be a decimal string such as \"0.1\", not a JSON number");
    uint8_t be[32];
    st_err e = {0};
    if (decimal_to_units(json_string_value(v), decimals, be, &e) != 0)
        return st_err_set(err, "intent: amount: %s", e.msg);
    *out = u256_from_be(be);
    if (!allow_zero && u256_is_zero(out))
        return st_err_set(err, "intent: amount: must be greater than zero");
    return 0;
}

static int read_caps(json_t *j, struct eth_fee_caps *caps, st_err *err)
{
    json_t *v;
    memset(caps, 0, sizeof *caps);
    if ((v = json_object_get(j, "max_fee_per_gas_gwei")) != NULL) {
        if (eth_json_gwei(v, "intent: max_fee_per_gas_gwei", &caps->max_fee, err) != 0)
            return -1;
        caps->has_max_fee = 1;
    }
    if ((v = json_object_get(j, "max_priority_fee_per_gas_gwei")) != NULL) {
        if (eth_json_gwei(v, "intent: max_priority_fee_per_gas_gwei", &caps->max_priority, err) != 0)
            return -1;
        caps->has_max_priority = 1;
    }
    return 0;
}

/* The token an intent's "asset" (and optional "decimals") names. */
static int read_token(json_t *j, const struct eth_options *o, struct eth_intent *in, st_err *err)
{
    json_t *a = json_object_get(j, "asset");
    json_t *d = json_object_get(j, "decimals");
    if (a == NULL)
        return st_err_set(err, "intent: asset: missing (a token symbol or contract address)");
    if (!json_is_string(a))
        return st_err_set(err, "intent: asset: must be a string");
    const char *s = json_string_value(a);
    uint64_t dec = 0;
    if (d != NULL && eth_json_uint(d, "intent: decimals", ETH_DECIMALS_MAX, &dec, err) != 0)
        return -1;
    const struct eth_token *t = NULL;
    if (s[0] == '0' && s[1] == 'x') {
        if (eth_address_parse(s, in->contract, "intent: asset", err) != 0)
            return -1;
        t = eth_options_token_by_address(o, in->contract);
        if (t == NULL && d == NULL)
            return st_err_set(err, "intent: decimals: required for the token %s, which is not configured under erc20",
                              s);
        if (t == NULL) {
            in->decimals = (unsigned)dec;
            eth_address_checksum(in->contract, in->asset);
        }
    } else {
        t = eth_options_token_by_symbol(o, s);
        if (t == NULL)
            return st_err_set(err, "intent: asset: unknown token \"%.40s\" (configure it under the erc20 option, "
                              "or give its contract address and decimals)", s);
    }
    if (t != NULL) {
        if (d != NULL && dec != t->decimals)
            return st_err_set(err, "intent: decimals: %llu disagrees with the configured %u of %s",
                              (unsigned long long)dec, t->decimals, t->symbol);
        memcpy(in->contract, t->address, 20);
        in->decimals = t->decimals;
        snprintf(in->asset, sizeof in->asset, "%s", t->symbol);
    }
    return 0;
}

static int parse_transfer(json_t *j, const char *kind, const struct eth_options *o, struct eth_intent *in,
                          st_err *err)
{
    static const char *const keys[] = {"chain", "kind", "to", "amount", "asset", "decimals",
                                       "max_fee_per_gas_gwei", "max_priority_fee_per_gas_gwei", NULL};
    if (check_fields(j, kind, keys, err) != 0)
        return -1;
    json_t *a = json_object_get(j, "asset");
    int native = in->kind == ETH_INTENT_TRANSFER &&
                 (a == NULL || (json_is_string(a) && strcasecmp(json_string_value(a), "ETH") == 0));
    if (native) {
        if (json_object_get(j, "decimals") != NULL)
            return st_err_set(err, "intent: decimals: not used for ETH (always 18)");
        in->decimals = 18;
        strcpy(in->asset, "ETH");
    } else {
        in->kind = ETH_INTENT_TOKEN_TRANSFER;
        if (read_token(j, o, in, err) != 0)
            return -1;
    }
    if (read_to(j, in->to, "the zero address would burn the funds", err) != 0 ||
        read_amount(j, in->decimals, 0, &in->amount, err) != 0 || read_caps(j, &in->caps, err) != 0)
        return -1;
    return 0;
}

/* A call's "data": "0x" and an even number of hex digits (either case), a selector at least. */
static int read_call_data(json_t *j, struct eth_intent *in, st_err *err)
{
    json_t *v = json_object_get(j, "data");
    if (v == NULL)
        return st_err_set(err, "intent: data: missing (0x and the call data: a 4-byte function selector and its "
                          "arguments)");
    if (!json_is_string(v))
        return st_err_set(err, "intent: data: must be a string (0x and hex digits)");
    const char *s = json_string_value(v);
    size_t n = json_string_length(v);
    if (n < 2 || s[0] != '0' || s[1] != 'x')
        return st_err_set(err, "intent: data: must start with 0x");
    s += 2;
    n -= 2;
    if (n % 2 != 0)
        return st_err_set(err, "intent: data: an odd number of hex digits (%zu)", n);
    size_t len = n / 2;
    if (len > ETH_CALL_DATA_MAX)
        return st_err_set(err, "intent: data: %zu bytes, more than the %u a call may carry", len,
                          (unsigned)ETH_CALL_DATA_MAX);
    if (n > 0 && !hex_all_digits(s, n))
        return st_err_set(err, "intent: data: not hex (only 0-9, a-f and A-F may follow 0x)");
    if (len < ETH_CALL_DATA_MIN)
        return st_err_set(err, "intent: data: %zu bytes, shorter than a 4-byte function selector", len);
    in->data = malloc(len);
    if (in->data == NULL)
        return st_err_set(err, "intent: data: out of memory");
    in->data_len = len;
    if (hex_decode_n(in->data, len, s, n) != 0)
        return st_err_set(err, "intent: data: not hex");
    return 0;
}

static int parse_call(json_t *j, const char *kind, struct eth_intent *in, st_err *err)
{
    static const char *const keys[] = {"chain", "kind", "to", "data", "amount", "gas_limit",
                                       "max_fee_per_gas_gwei", "max_priority_fee_per_gas_gwei", NULL};
    if (check_fields(j, kind, keys, err) != 0)
        return -1;
    in->decimals = 18;
    strcpy(in->asset, "ETH");
    if (read_to(j, in->to, "the zero address is no contract (contract creation is not supported)", err) != 0 ||
        read_call_data(j, in, err) != 0 || read_amount(j, 18, 1, &in->amount, err) != 0 ||
        read_caps(j, &in->caps, err) != 0)
        return -1;
    json_t *g = json_object_get(j, "gas_limit");
    if (g != NULL) {
        if (eth_json_uint(g, "intent: gas_limit", ETH_GAS_LIMIT_MAX, &in->gas_limit, err) != 0)
            return -1;
        uint64_t floor = eth_tx_intrinsic_gas(in->data, in->data_len);
        if (in->gas_limit < floor)
            return st_err_set(err, "intent: gas_limit: %llu is below the %llu gas this transaction costs before the "
                              "contract runs (21000, plus 4 per zero and 16 per other byte of data)",
                              (unsigned long long)in->gas_limit, (unsigned long long)floor);
        in->has_gas_limit = 1;
    }
    return 0;
}

static int parse_message(json_t *j, const char *kind, struct eth_intent *in, st_err *err)
{
    static const char *const keys[] = {"chain", "kind", "message", "encoding", NULL};
    if (check_fields(j, kind, keys, err) != 0)
        return -1;
    json_t *m = json_object_get(j, "message");
    json_t *e = json_object_get(j, "encoding");
    if (m == NULL)
        return st_err_set(err, "intent: message: missing");
    if (!json_is_string(m))
        return st_err_set(err, "intent: message: must be a string (text, or 0x and hex digits)");
    const char *s = json_string_value(m);
    size_t n = json_string_length(m);
    int hex;
    if (e == NULL) {
        /* The convention of wallets' personal_sign: a 0x-prefixed even-length hex string is
         * the bytes it spells; anything else is UTF-8 text. */
        hex = n >= 2 && s[0] == '0' && s[1] == 'x' && n % 2 == 0 && (n == 2 || hex_all_digits(s + 2, n - 2));
    } else if (json_is_string(e) && strcmp(json_string_value(e), "hex") == 0) {
        hex = 1;
    } else if (json_is_string(e) && strcmp(json_string_value(e), "utf8") == 0) {
        hex = 0;
    } else {
        return st_err_set(err, "intent: encoding: must be \"utf8\" or \"hex\"");
    }
    if (!hex && strlen(s) != n)
        return st_err_set(err, "intent: message: contains a NUL character; give it as hex");
    const char *src = s;
    size_t len = n;
    if (hex) {
        if (n >= 2 && s[0] == '0' && s[1] == 'x') {
            src += 2;
            len -= 2;
        }
        if (len % 2 != 0 || (len > 0 && !hex_all_digits(src, len)))
            return st_err_set(err, "intent: message: not an even number of hex digits");
        len /= 2;
    }
    if (len > 0) {
        in->message = malloc(len);
        if (in->message == NULL)
            return st_err_set(err, "intent: message: out of memory");
        if (hex)
            hex_decode_n(in->message, len, src, 2 * len);
        else
            memcpy(in->message, src, len);
    }
    in->message_len = len;
    return 0;
}

static int parse_typed(json_t *j, const char *kind, struct eth_intent *in, st_err *err)
{
    static const char *const keys[] = {"chain", "kind", "typed_data", NULL};
    if (check_fields(j, kind, keys, err) != 0)
        return -1;
    json_t *t = json_object_get(j, "typed_data");
    if (t == NULL)
        return st_err_set(err, "intent: typed_data: missing");
    if (json_is_string(t)) {
        /* eth_signTypedData_v4 passes the object as JSON text; accept that form too. */
        json_error_t je;
        in->typed_data = json_loads(json_string_value(t), 0, &je);
        if (in->typed_data == NULL)
            return st_err_set(err, "intent: typed_data: text is not JSON (%s)", je.text);
    } else {
        in->typed_data = json_incref(t);
    }
    if (!json_is_object(in->typed_data)) {
        json_decref(in->typed_data);
        in->typed_data = NULL;
        return st_err_set(err, "intent: typed_data: must be an object {types, primaryType, domain, message}");
    }
    return 0;
}

int eth_intent_parse(const char *intent_json, const struct eth_options *o, struct eth_intent *out, st_err *err)
{
    memset(out, 0, sizeof *out);
    json_error_t je;
    json_t *j = intent_json ? json_loads(intent_json, 0, &je) : NULL;
    if (j == NULL)
        return st_err_set(err, "intent: not JSON (%s)", intent_json ? je.text : "none given");
    int rc = -1;
    json_t *c = json_object_get(j, "chain");
    json_t *k = json_object_get(j, "kind");
    const char *kind = json_string_value(k);
    if (!json_is_object(j))
        st_err_set(err, "intent: must be a JSON object");
    else if (c != NULL && (!json_is_string(c) || strcmp(json_string_value(c), "eth") != 0))
        st_err_set(err, "intent: chain: must be \"eth\" for this plugin");
    else if (k == NULL)
        st_err_set(err, "intent: kind: missing (transfer, token_transfer, call, message, typed_data)");
    else if (kind == NULL)
        st_err_set(err, "intent: kind: must be a string");
    else if (!strcmp(kind, "transfer") || !strcmp(kind, "token_transfer")) {
        out->kind = !strcmp(kind, "transfer") ? ETH_INTENT_TRANSFER : ETH_INTENT_TOKEN_TRANSFER;
        rc = parse_transfer(j, kind, o, out, err);
    } else if (!strcmp(kind, "message") || !strcmp(kind, "personal_sign")) {
        out->kind = ETH_INTENT_PERSONAL_SIGN;
        rc = parse_message(j, kind, out, err);
    } else if (!strcmp(kind, "typed_data")) {
        out->kind = ETH_INTENT_TYPED_DATA;
        rc = parse_typed(j, kind, out, err);
    } else if (!strcmp(kind, "call")) {
        out->kind = ETH_INTENT_CALL;
        rc = parse_call(j, kind, out, err);
    } else {
        st_err_set(err, "intent: kind: unknown kind \"%.40s\" (transfer, token_transfer, call, message, typed_data)",
                   kind);
    }
    json_decref(j);
    if (rc != 0)
        eth_intent_free(out);
    return rc;
}

void eth_intent_free(struct eth_intent *in)
{
    free(in->message);
    in->message = NULL;
    in->message_len = 0;
    free(in->data);
    in->data = NULL;
    in->data_len = 0;
    json_decref(in->typed_data);
    in->typed_data = NULL;
}
