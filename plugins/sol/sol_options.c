/* sol_options.c: see sol_options.h. */
#include "sol_options.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "sol_key.h"

static const char *const CLUSTERS[] = {"mainnet-beta", "devnet", "testnet", "localnet"};

/* Well-known genesis hashes of the public clusters (getGenesisHash). */
static const char *const GENESIS[] = {
    "5eykt4UsFv8P8NJdTREpY1vzqKqZKvdpKuc147dw2N9d", /* mainnet-beta */
    "EtWTRABZaYq6iMfeYKouRu166VU2xqa1wcaWoxPkrZBG", /* devnet */
    "4uhcVJyU9pJkvQyS88uRDiswHXSCkY3zQawwpjk2NsNY", /* testnet */
    NULL,                                           /* localnet: whatever the validator made */
};

const char *sol_cluster_name(enum sol_cluster c) { return CLUSTERS[c]; }
const char *sol_cluster_genesis(enum sol_cluster c) { return GENESIS[c]; }

const uint8_t *sol_token_program(const struct sol_token *t)
{
    return t->token_2022 ? SOL_TOKEN_2022_PROGRAM : SOL_TOKEN_PROGRAM;
}

int sol_token_program_parse(const char *s, int *is_2022)
{
    if (strcmp(s, "token") == 0)
        *is_2022 = 0;
    else if (strcmp(s, "token-2022") == 0)
        *is_2022 = 1;
    else
        return -1;
    return 0;
}

/* A non-negative integer up to max, as a JSON integer or a string of digits (with an
 * optional unit suffix when `suffix` is not NULL). */
static int get_uint(json_t *v, const char *field, unsigned long max, const char *suffix, unsigned *out,
                    st_err *err)
{
    unsigned long long x = 0;
    if (json_is_integer(v)) {
        if (json_integer_value(v) < 0 || (unsigned long long)json_integer_value(v) > max)
            return st_err_set(err, "%s: must be an integer from 0 to %lu", field, max);
        x = (unsigned long long)json_integer_value(v);
    } else if (json_is_string(v)) {
        const char *s = json_string_value(v);
        size_t n = strspn(s, "0123456789");
        if (n == 0 || n > 9 || (s[n] != '\0' && (suffix == NULL || strcmp(s + n, suffix) != 0)))
            return st_err_set(err, "%s: must be an integer from 0 to %lu", field, max);
        for (size_t i = 0; i < n; i++)
            x = x * 10 + (unsigned)(s[i] - '0');
        if (x > max)
            return st_err_set(err, "%s: must be an integer from 0 to %lu", field, max);
    } else {
        return st_err_set(err, "%s: must be an integer from 0 to %lu", field, max);
    }
    *out = (unsigned)x;
    return 0;
}

static int valid_symbol(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > SOL_SYMBOL_MAX)
        return 0;
    return strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-") == n;
}

static int parse_token(const char *symbol, json_t *t, struct sol_token *out, st_err *err)
{
    char field[80];
    const char *key;
    json_t *v;
    memset(out, 0, sizeof *out);
    if (!valid_symbol(symbol))
        return st_err_set(err, "tokens: \"%.40s\": a symbol is 1 to %d of A-Z a-z 0-9 . _ -", symbol, SOL_SYMBOL_MAX);
    if (strcmp(symbol, "SOL") == 0)
        return st_err_set(err, "tokens.SOL: SOL is the native asset, not a token");
    if (!json_is_object(t))
        return st_err_set(err, "tokens.%s: must be a mapping {mint, decimals, program}", symbol);
    json_object_foreach(t, key, v)
    {
        if (strcmp(key, "mint") != 0 && strcmp(key, "decimals") != 0 && strcmp(key, "program") != 0)
            return st_err_set(err, "tokens.%s.%.40s: unknown key (mint, decimals, program)", symbol, key);
    }
    snprintf(out->symbol, sizeof out->symbol, "%s", symbol);
    snprintf(field, sizeof field, "tokens.%s.mint", symbol);
    v = json_object_get(t, "mint");
    if (v == NULL)
        return st_err_set(err, "%s: missing", field);
    if (sol_key_parse(json_string_value(v), field, out->mint, err) != 0)
        return -1;
    snprintf(field, sizeof field, "tokens.%s.decimals", symbol);
    v = json_object_get(t, "decimals");
    if (v == NULL)
        return st_err_set(err, "%s: missing", field);
    if (get_uint(v, field, SOL_MAX_DECIMALS, NULL, &out->decimals, err) != 0)
        return -1;
    v = json_object_get(t, "program");
    if (v != NULL && (!json_is_string(v) || sol_token_program_parse(json_string_value(v), &out->token_2022) != 0))
        return st_err_set(err, "tokens.%s.program: must be \"token\" or \"token-2022\"", symbol);
    return 0;
}

int sol_options_parse(const char *options_json, struct sol_options *o, st_err *err)
{
    json_error_t e;
    const char *key;
    json_t *v;
    int rc = -1;
    memset(o, 0, sizeof *o);
    o->cluster = SOL_MAINNET_BETA;
    o->commitment = SOL_CONFIRMED;
    o->confirm_timeout = 60;

    json_t *j = json_loads(options_json ? options_json : "{}", JSON_REJECT_DUPLICATES, &e);
    if (j == NULL)
        return st_err_set(err, "options: not JSON (%s)", e.text);
    if (!json_is_object(j)) {
        st_err_set(err, "options: must be a mapping");
        goto done;
    }
    json_object_foreach(j, key, v)
    {
        if (strcmp(key, "cluster") == 0) {
            const char *s = json_string_value(v);
            size_t i;
            for (i = 0; i < 4 && !(s && strcmp(s, CLUSTERS[i]) == 0); i++)
                ;
            if (i == 4) {
                st_err_set(err, "cluster: must be mainnet-beta, devnet, testnet or localnet");
                goto done;
            }
            o->cluster = (enum sol_cluster)i;
        } else if (strcmp(key, "commitment") == 0) {
            const char *s = json_string_value(v);
            if (s == NULL || sol_commitment_parse(s, &o->commitment) != 0) {
                st_err_set(err, "commitment: must be processed, confirmed or finalized");
                goto done;
            }
        } else if (strcmp(key, "confirm_timeout") == 0) {
            if (get_uint(v, "confirm_timeout", 3600, "s", &o->confirm_timeout, err) != 0)
                goto done;
        } else if (strcmp(key, "tokens") == 0) {
            const char *sym;
            json_t *t;
            if (!json_is_object(v)) {
                st_err_set(err, "tokens: must be a mapping of symbol to {mint, decimals, program}");
                goto done;
            }
            if (json_object_size(v) > SOL_MAX_TOKENS) {
                st_err_set(err, "tokens: %zu entries (at most %d)", json_object_size(v), SOL_MAX_TOKENS);
                goto done;
            }
            json_object_foreach(v, sym, t)
            {
                if (parse_token(sym, t, &o->tokens[o->ntokens], err) != 0)
                    goto done;
                o->ntokens++;
            }
        } else {
            st_err_set(err, "%.60s: unknown option (cluster, commitment, tokens, confirm_timeout)", key);
            goto done;
        }
    }
    rc = 0;
done:
    json_decref(j);
    return rc;
}

const struct sol_token *sol_options_token(const struct sol_options *o, const char *symbol)
{
    for (size_t i = 0; i < o->ntokens; i++)
        if (strcmp(o->tokens[i].symbol, symbol) == 0)
            return &o->tokens[i];
    return NULL;
}

const struct sol_token *sol_options_token_by_mint(const struct sol_options *o, const uint8_t mint[32])
{
    for (size_t i = 0; i < o->ntokens; i++)
        if (memcmp(o->tokens[i].mint, mint, 32) == 0)
            return &o->tokens[i];
    return NULL;
}
