/* btc_intent.c: transfer intents (see btc_intent.h). */
#include "btc_intent.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "btc_fee.h"
#include "btc_json.h"
#include "btc_utxo.h"
#include "util/decimal.h"

static int rate_field(json_t *v, const char *name, uint64_t *kvb, st_err *err)
{
    char what[64], text[48];
    snprintf(what, sizeof what, "intent %s", name);
    if (btc_json_decimal_text(v, 3, what, text, sizeof text, err) != 0)
        return -1;
    return btc_feerate_parse(text, what, kvb, err);
}

static int check(json_t *j, const struct btc_network *net, struct btc_intent *out, st_err *err)
{
    const char *key;
    json_t *v;
    json_object_foreach(j, key, v) {
        static const char *const known[] = { "chain", "kind", "to", "amount", "asset", "fee_rate_sat_vb",
                                             "max_fee_rate_sat_vb" };
        size_t i = 0;
        while (i < sizeof known / sizeof known[0] && strcmp(key, known[i]) != 0)
            i++;
        if (i == sizeof known / sizeof known[0])
            return st_err_set(err, "intent: unknown field \"%.64s\" (btc transfers take chain, kind, to, amount, "
                              "asset, fee_rate_sat_vb, max_fee_rate_sat_vb)", key);
    }

    json_t *chain = json_object_get(j, "chain");
    if (chain != NULL && (!json_is_string(chain) || strcmp(json_string_value(chain), "btc") != 0))
        return st_err_set(err, "intent chain: must be \"btc\"");
    json_t *kind = json_object_get(j, "kind");
    if (!json_is_string(kind))
        return st_err_set(err, "intent kind: missing (btc supports \"transfer\")");
    if (strcmp(json_string_value(kind), "transfer") != 0)
        return st_err_set(err, "intent kind: \"%.40s\" is not supported (btc supports \"transfer\")",
                          json_string_value(kind));
    json_t *asset = json_object_get(j, "asset");
    if (asset != NULL && (!json_is_string(asset) || strcmp(json_string_value(asset), "BTC") != 0))
        return st_err_set(err, "intent asset: must be \"BTC\" (the only asset of this plugin)");

    json_t *to = json_object_get(j, "to");
    if (!json_is_string(to))
        return st_err_set(err, "intent to: missing or not a string");
    if (json_string_length(to) > BECH32_MAX_LEN)
        return st_err_set(err, "intent to: too long for an address");
    snprintf(out->to, sizeof out->to, "%s", json_string_value(to));
    st_err e = { 0 };
    if (btc_address_to_script(net, out->to, out->script, &out->script_len, &out->type, &e) != 0)
        return st_err_set(err, "intent to: %s", e.msg);

    json_t *amount = json_object_get(j, "amount");
    if (amount == NULL)
        return st_err_set(err, "intent amount: missing");
    if (!json_is_string(amount))
        return st_err_set(err, "intent amount: must be a decimal string such as \"0.001\" (BTC), not a number");
    if (decimal_to_u64(json_string_value(amount), 8, &out->amount, &e) != 0)
        return st_err_set(err, "intent amount: %s", e.msg);
    if (out->amount == 0)
        return st_err_set(err, "intent amount: must be above 0");
    if (out->amount > BTC_MAX_MONEY)
        return st_err_set(err, "intent amount: above 21 million BTC");

    json_t *fr = json_object_get(j, "fee_rate_sat_vb"), *mfr = json_object_get(j, "max_fee_rate_sat_vb");
    if (fr != NULL && rate_field(fr, "fee_rate_sat_vb", &out->fee_rate, err) != 0)
        return -1;
    if (mfr != NULL && rate_field(mfr, "max_fee_rate_sat_vb", &out->max_fee_rate, err) != 0)
        return -1;
    if (out->fee_rate && out->max_fee_rate && out->fee_rate > out->max_fee_rate)
        return st_err_set(err, "intent fee_rate_sat_vb is above its own max_fee_rate_sat_vb");
    return 0;
}

int btc_intent_parse(const char *intent_json, const struct btc_network *net, struct btc_intent *out, st_err *err)
{
    memset(out, 0, sizeof *out);
    json_t *j = btc_json_parse(intent_json ? intent_json : "", "intent", err);
    if (j == NULL)
        return -1;
    int rc;
    if (!json_is_object(j))
        rc = st_err_set(err, "intent: expected a JSON object");
    else
        rc = check(j, net, out, err);
    json_decref(j);
    return rc;
}
