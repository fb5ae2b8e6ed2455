/* options.c: see options.h. */
#include "options.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ethaddr.h"
#include "util/decimal.h"

int eth_json_uint(const json_t *v, const char *field, uint64_t max, uint64_t *out, st_err *err)
{
    uint64_t x;
    if (json_is_integer(v)) {
        json_int_t i = json_integer_value(v);
        if (i < 0)
            return st_err_set(err, "%s: must not be negative", field);
        x = (uint64_t)i;
    } else if (json_is_string(v)) {
        const char *s = json_string_value(v);
        st_err e = {0};
        if (s[0] == '\0' || strspn(s, "0123456789") != strlen(s) || decimal_to_u64(s, 0, &x, &e) != 0)
            return st_err_set(err, "%s: \"%.40s\" is not an unsigned integer", field, s);
    } else {
        return st_err_set(err, "%s: must be an integer", field);
    }
    if (x > max)
        return st_err_set(err, "%s: %llu is above the maximum %llu", field, (unsigned long long)x,
                          (unsigned long long)max);
    *out = x;
    return 0;
}

int eth_json_gwei(const json_t *v, const char *field, u256 *wei, st_err *err)
{
    char buf[32];
    const char *s;
    if (json_is_string(v)) {
        s = json_string_value(v);
    } else if (json_is_integer(v) && json_integer_value(v) >= 0) {
        snprintf(buf, sizeof buf, "%lld", (long long)json_integer_value(v));
        s = buf;
    } else {
        return st_err_set(err, "%s: must be a decimal string of gwei such as \"1.5\" (in YAML, quote it)", field);
    }
    uint8_t be[32];
    st_err e = {0};
    if (decimal_to_units(s, 9, be, &e) != 0)
        return st_err_set(err, "%s: %s", field, e.msg);
    *wei = u256_from_be(be);
    return 0;
}

static int parse_tx_type(const json_t *v, enum eth_tx_type *out, st_err *err)
{
    if (json_is_integer(v)) {
        json_int_t i = json_integer_value(v);
        if (i == 1559 || i == 2) {
            *out = ETH_TX_EIP1559;
            return 0;
        }
        if (i == 0) {
            *out = ETH_TX_LEGACY;
            return 0;
        }
    } else if (json_is_string(v)) {
        const char *s = json_string_value(v);
        if (!strcmp(s, "1559") || !strcmp(s, "eip1559") || !strcmp(s, "2")) {
            *out = ETH_TX_EIP1559;
            return 0;
        }
        if (!strcmp(s, "legacy") || !strcmp(s, "eip155") || !strcmp(s, "0")) {
            *out = ETH_TX_LEGACY;
            return 0;
        }
    }
    return st_err_set(err, "option tx_type: must be \"1559\" or \"legacy\"");
}

/* A token symbol: 1..32 of [A-Za-z0-9._-], and not something an intent could mean otherwise
 * (the native asset, an address). */
static int valid_symbol(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > ETH_SYMBOL_MAX || strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-") != n)
        return 0;
    if (strcasecmp(s, "ETH") == 0 || (s[0] == '0' && s[1] == 'x'))
        return 0;
    return 1;
}

static int parse_tokens(const json_t *v, struct eth_options *o, st_err *err)
{
    if (!json_is_object(v))
        return st_err_set(err, "option erc20: must be a mapping of symbol to {address, decimals}");
    size_t n = json_object_size(v);
    if (n == 0)
        return 0;
    o->tokens = calloc(n, sizeof *o->tokens);
    if (o->tokens == NULL)
        return st_err_set(err, "option erc20: out of memory");
    const char *sym;
    json_t *t;
    json_object_foreach((json_t *)v, sym, t) {
        char field[96];
        if (!valid_symbol(sym))
            return st_err_set(err, "option erc20: \"%.40s\" is not a usable token symbol "
                              "(1-32 of A-Z a-z 0-9 . _ -, not ETH, not 0x...)", sym);
        if (!json_is_object(t))
            return st_err_set(err, "option erc20.%s: must be {address, decimals}", sym);
        struct eth_token *tok = &o->tokens[o->ntokens];
        snprintf(tok->symbol, sizeof tok->symbol, "%s", sym);
        const char *k;
        json_t *x;
        json_object_foreach(t, k, x) {
            if (strcmp(k, "address") != 0 && strcmp(k, "decimals") != 0)
                return st_err_set(err, "option erc20.%s: unknown key \"%.40s\" (address, decimals)", sym, k);
        }
        snprintf(field, sizeof field, "option erc20.%s.address", sym);
        json_t *addr = json_object_get(t, "address");
        if (!json_is_string(addr))
            return st_err_set(err, "%s: missing (a string)", field);
        if (eth_address_parse(json_string_value(addr), tok->address, field, err) != 0)
            return -1;
        snprintf(field, sizeof field, "option erc20.%s.decimals", sym);
        json_t *dec = json_object_get(t, "decimals");
        uint64_t d;
        if (dec == NULL)
            return st_err_set(err, "%s: missing", field);
        if (eth_json_uint(dec, field, ETH_DECIMALS_MAX, &d, err) != 0)
            return -1;
        tok->decimals = (unsigned)d;
        for (size_t i = 0; i < o->ntokens; i++) {
            if (memcmp(o->tokens[i].address, tok->address, 20) == 0)
                return st_err_set(err, "option erc20: %s and %s have the same address", o->tokens[i].symbol, sym);
        }
        o->ntokens++;
    }
    return 0;
}

int eth_options_parse(const char *options_json, struct eth_options *o, st_err *err)
{
    memset(o, 0, sizeof *o);
    o->tx_type = ETH_TX_EIP1559;
    o->gas_margin_percent = 20;
    json_error_t je;
    json_t *j = json_loads(options_json ? options_json : "{}", 0, &je);
    if (j == NULL)
        return st_err_set(err, "options: not JSON (%s)", je.text);
    int rc = -1;
    if (!json_is_object(j)) {
        st_err_set(err, "options: must be a JSON object");
        goto out;
    }
    const char *k;
    json_t *v;
    json_object_foreach(j, k, v) {
        uint64_t x;
        if (!strcmp(k, "chain_id")) {
            if (eth_json_uint(v, "option chain_id", ETH_CHAIN_ID_MAX, &o->chain_id, err) != 0)
                goto out;
            if (o->chain_id == 0) {
                st_err_set(err, "option chain_id: must be at least 1");
                goto out;
            }
        } else if (!strcmp(k, "tx_type")) {
            if (parse_tx_type(v, &o->tx_type, err) != 0)
                goto out;
        } else if (!strcmp(k, "max_fee_per_gas_gwei")) {
            if (eth_json_gwei(v, "option max_fee_per_gas_gwei", &o->caps.max_fee, err) != 0)
                goto out;
            o->caps.has_max_fee = 1;
        } else if (!strcmp(k, "max_priority_fee_per_gas_gwei")) {
            if (eth_json_gwei(v, "option max_priority_fee_per_gas_gwei", &o->caps.max_priority, err) != 0)
                goto out;
            o->caps.has_max_priority = 1;
        } else if (!strcmp(k, "gas_limit_margin_percent")) {
            if (eth_json_uint(v, "option gas_limit_margin_percent", 1000, &x, err) != 0)
                goto out;
            o->gas_margin_percent = (unsigned)x;
        } else if (!strcmp(k, "receipt_timeout_seconds")) {
            if (eth_json_uint(v, "option receipt_timeout_seconds", 3600, &x, err) != 0)
                goto out;
            o->receipt_timeout_seconds = (unsigned)x;
        } else if (!strcmp(k, "network")) {
            if (!json_is_string(v) || json_string_length(v) == 0 || json_string_length(v) > ETH_NETWORK_MAX) {
                st_err_set(err, "option network: must be a string of 1 to %d characters", ETH_NETWORK_MAX);
                goto out;
            }
            snprintf(o->network, sizeof o->network, "%s", json_string_value(v));
        } else if (!strcmp(k, "erc20")) {
            if (parse_tokens(v, o, err) != 0)
                goto out;
        } else {
            st_err_set(err, "unknown option \"%.60s\" (known: chain_id, tx_type, max_fee_per_gas_gwei, "
                       "max_priority_fee_per_gas_gwei, gas_limit_margin_percent, erc20, "
                       "receipt_timeout_seconds, network)", k);
            goto out;
        }
    }
    if (o->chain_id == 0) {
        st_err_set(err, "option chain_id: missing (required, e.g. 1 for mainnet)");
        goto out;
    }
    if (o->caps.has_max_fee && o->caps.has_max_priority && u256_cmp(&o->caps.max_priority, &o->caps.max_fee) > 0) {
        st_err_set(err, "option max_priority_fee_per_gas_gwei: above max_fee_per_gas_gwei");
        goto out;
    }
    rc = 0;
out:
    json_decref(j);
    if (rc != 0)
        eth_options_free(o);
    return rc;
}

void eth_options_free(struct eth_options *o)
{
    free(o->tokens);
    o->tokens = NULL;
    o->ntokens = 0;
}

const struct eth_token *eth_options_token_by_symbol(const struct eth_options *o, const char *symbol)
{
    for (size_t i = 0; i < o->ntokens; i++) {
        if (strcmp(o->tokens[i].symbol, symbol) == 0)
            return &o->tokens[i];
    }
    return NULL;
}

const struct eth_token *eth_options_token_by_address(const struct eth_options *o, const uint8_t addr[20])
{
    for (size_t i = 0; i < o->ntokens; i++) {
        if (memcmp(o->tokens[i].address, addr, 20) == 0)
            return &o->tokens[i];
    }
    return NULL;
}
