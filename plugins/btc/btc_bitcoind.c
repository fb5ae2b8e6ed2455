/* btc_bitcoind.c: Bitcoin Core RPC results (see btc_bitcoind.h). */
#include "btc_bitcoind.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "btc_json.h"
#include "btc_tx.h"
#include "util/hex.h"

int btc_bitcoind_parse_scan(const char *result, const uint8_t *script, size_t len, struct btc_utxo_list *out,
                            st_err *err)
{
    static const char *what = "bitcoind scantxoutset";
    out->v = NULL;
    out->n = 0;
    json_t *j = btc_json_parse(result, what, err);
    if (j == NULL)
        return -1;
    json_t *unspents = json_object_get(j, "unspents");
    uint64_t tip;
    struct btc_utxo *v = NULL;
    if (!json_is_object(j) || !json_is_true(json_object_get(j, "success"))) {
        st_err_set(err, "%s: the scan did not succeed (\"success\" is not true)", what);
        goto fail;
    }
    if (btc_json_uint(json_object_get(j, "height"), "bitcoind scantxoutset: \"height\"", UINT32_MAX, &tip, err) != 0)
        goto fail;
    if (!json_is_array(unspents)) {
        st_err_set(err, "%s: \"unspents\" is missing or not an array", what);
        goto fail;
    }
    size_t n = json_array_size(unspents);
    v = calloc(n ? n : 1, sizeof *v);
    if (v == NULL) {
        st_err_set(err, "out of memory");
        goto fail;
    }
    for (size_t i = 0; i < n; i++) {
        json_t *e = json_array_get(unspents, i);
        json_t *spk = json_object_get(e, "scriptPubKey"), *cb = json_object_get(e, "coinbase");
        uint64_t height;
        char field[80];
        uint8_t got[64];
        size_t gotlen;
        if (btc_json_outpoint(e, what, "unspent", i, &v[i], err) != 0)
            goto fail;
        snprintf(field, sizeof field, "%s: unspent %zu: \"amount\"", what, i);
        if (btc_json_btc_amount(json_object_get(e, "amount"), field, &v[i].value, err) != 0)
            goto fail;
        if (v[i].value == 0) {
            st_err_set(err, "%s: unspent %zu: \"amount\" is 0", what, i);
            goto fail;
        }
        if (!json_is_string(spk) || hex_decode_any(got, sizeof got, &gotlen, json_string_value(spk)) != 0 ||
            gotlen != len || memcmp(got, script, len) != 0) {
            st_err_set(err, "%s: unspent %zu: \"scriptPubKey\" is not the scanned address's script", what, i);
            goto fail;
        }
        snprintf(field, sizeof field, "%s: unspent %zu: \"height\"", what, i);
        if (btc_json_uint(json_object_get(e, "height"), field, tip, &height, err) != 0)
            goto fail;
        /* "coinbase" appeared in Bitcoin Core 25; older nodes omit it (then we cannot tell). */
        if (cb != NULL && !json_is_boolean(cb)) {
            st_err_set(err, "%s: unspent %zu: \"coinbase\" is not a boolean", what, i);
            goto fail;
        }
        v[i].confirmed = 1;
        v[i].immature = json_is_true(cb) && tip + 1 - height < BTC_COINBASE_MATURITY;
    }
    json_decref(j);
    return btc_utxo_list_take(out, v, n, what, err);
fail:
    free(v);
    json_decref(j);
    return -1;
}

int btc_bitcoind_parse_feerate(const char *result, uint64_t *kvb, int *have, char *errors_out, size_t cap,
                               st_err *err)
{
    static const char *what = "bitcoind estimatesmartfee";
    *kvb = 0;
    *have = 0;
    if (errors_out != NULL && cap > 0)
        errors_out[0] = '\0';
    json_t *j = btc_json_parse(result, what, err);
    if (j == NULL)
        return -1;
    int rc = -1;
    json_t *fr = json_object_get(j, "feerate"), *errors = json_object_get(j, "errors");
    if (!json_is_object(j)) {
        st_err_set(err, "%s: expected a JSON object", what);
    } else if (fr == NULL) {
        json_t *first = json_array_get(errors, 0);
        if (!json_is_array(errors) || !json_is_string(first)) {
            st_err_set(err, "%s: neither \"feerate\" nor \"errors\" in the answer", what);
        } else {
            if (errors_out != NULL && cap > 0)
                snprintf(errors_out, cap, "%s", json_string_value(first));
            rc = 0;
        }
    } else {
        uint64_t sat_per_kvb; /* BTC/kvB has 8 decimals, exactly sat/kvB */
        if (btc_json_btc_amount(fr, "bitcoind estimatesmartfee: \"feerate\"", &sat_per_kvb, err) == 0) {
            if (sat_per_kvb == 0)
                st_err_set(err, "%s: \"feerate\" is 0", what);
            else {
                *kvb = sat_per_kvb;
                *have = 1;
                rc = 0;
            }
        }
    }
    json_decref(j);
    return rc;
}

int btc_bitcoind_parse_txid(const char *result, char txid_hex[65], st_err *err)
{
    json_t *j = btc_json_parse(result, "bitcoind sendrawtransaction", err);
    if (j == NULL)
        return -1;
    int rc = 0;
    const char *s = json_string_value(j);
    if (s == NULL || strlen(s) != 64 || !hex_all_digits(s, 64)) {
        rc = st_err_set(err, "bitcoind sendrawtransaction: the result is not a txid string");
    } else {
        for (size_t i = 0; i < 64; i++)
            txid_hex[i] = (char)tolower((unsigned char)s[i]);
        txid_hex[64] = '\0';
    }
    json_decref(j);
    return rc;
}
