/* btc_options.c: chain options (see btc_options.h). */
#include "btc_options.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "btc_fee.h"
#include "btc_json.h"

static int rate_option(json_t *v, const char *name, uint64_t *kvb, st_err *err)
{
    char what[64], text[48];
    snprintf(what, sizeof what, "option %s", name);
    if (btc_json_decimal_text(v, 3, what, text, sizeof text, err) != 0)
        return -1;
    return btc_feerate_parse(text, what, kvb, err);
}

int btc_options_parse(const char *options_json, struct btc_options *o, st_err *err)
{
    memset(o, 0, sizeof *o);
    o->net = btc_network_by_name("mainnet");
    o->backend = BTC_BACKEND_ESPLORA;
    o->max_fee_rate = 100000;
    o->min_fee_rate = 1000;
    o->fee_target_blocks = 6;

    if (options_json == NULL || options_json[0] == '\0')
        return 0;
    json_t *j = btc_json_parse(options_json, "options", err);
    if (j == NULL)
        return -1;
    if (!json_is_object(j)) {
        json_decref(j);
        return st_err_set(err, "options: expected a JSON object");
    }
    const char *key;
    json_t *v;
    int rc = 0;
    json_object_foreach(j, key, v) {
        if (strcmp(key, "network") == 0) {
            const char *s = json_string_value(v);
            o->net = s ? btc_network_by_name(s) : NULL;
            if (o->net == NULL)
                rc = st_err_set(err, "option network: must be mainnet, testnet, signet or regtest");
        } else if (strcmp(key, "backend") == 0) {
            const char *s = json_string_value(v);
            if (s != NULL && strcmp(s, "esplora") == 0)
                o->backend = BTC_BACKEND_ESPLORA;
            else if (s != NULL && strcmp(s, "bitcoind") == 0)
                o->backend = BTC_BACKEND_BITCOIND;
            else
                rc = st_err_set(err, "option backend: must be esplora or bitcoind");
        } else if (strcmp(key, "max_fee_rate_sat_vb") == 0) {
            rc = rate_option(v, key, &o->max_fee_rate, err);
        } else if (strcmp(key, "min_fee_rate_sat_vb") == 0) {
            rc = rate_option(v, key, &o->min_fee_rate, err);
        } else if (strcmp(key, "fee_rate_sat_vb") == 0) {
            rc = rate_option(v, key, &o->fee_rate, err);
        } else if (strcmp(key, "fallback_fee_rate_sat_vb") == 0) {
            rc = rate_option(v, key, &o->fallback_fee_rate, err);
        } else if (strcmp(key, "fee_target_blocks") == 0) {
            uint64_t t;
            rc = btc_json_uint(v, "option fee_target_blocks", 1008, &t, err);
            if (rc == 0 && t == 0)
                rc = st_err_set(err, "option fee_target_blocks: must be 1..1008");
            o->fee_target_blocks = (unsigned)t;
        } else if (strcmp(key, "spend_unconfirmed") == 0) {
            if (!json_is_boolean(v))
                rc = st_err_set(err, "option spend_unconfirmed: must be true or false");
            o->spend_unconfirmed = json_is_true(v);
        } else {
            rc = st_err_set(err, "unknown option \"%.64s\" (known: network, backend, max_fee_rate_sat_vb, "
                            "min_fee_rate_sat_vb, fee_rate_sat_vb, fallback_fee_rate_sat_vb, fee_target_blocks, "
                            "spend_unconfirmed)", key);
        }
        if (rc != 0)
            break;
    }
    json_decref(j);
    if (rc != 0)
        return -1;
    if (o->min_fee_rate > o->max_fee_rate)
        return st_err_set(err, "option min_fee_rate_sat_vb is above max_fee_rate_sat_vb");
    if (o->fee_rate && (o->fee_rate < o->min_fee_rate || o->fee_rate > o->max_fee_rate))
        return st_err_set(err, "option fee_rate_sat_vb must lie between min_fee_rate_sat_vb and max_fee_rate_sat_vb");
    if (o->fallback_fee_rate && (o->fallback_fee_rate < o->min_fee_rate || o->fallback_fee_rate > o->max_fee_rate))
        return st_err_set(err, "option fallback_fee_rate_sat_vb must lie between min_fee_rate_sat_vb and "
                          "max_fee_rate_sat_vb");
    return 0;
}
