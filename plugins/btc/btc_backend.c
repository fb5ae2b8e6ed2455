/* btc_backend.c: Esplora and Bitcoin Core through the host (see btc_backend.h). */
#include "btc_backend.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "btc_bitcoind.h"
#include "btc_esplora.h"

/* GET or POST to Esplora; on success *body is host-allocated (release with host->free). */
static int esplora(const struct btc_backend *b, const char *verb, const char *path, const char *payload,
                   char **body, st_err *err)
{
    char herr[STW_ERR_MAX] = "";
    long status = 0;
    *body = NULL;
    if (b->host->http(b->host->ctx, verb, path, payload, payload ? "text/plain" : NULL, &status, body, herr) != 0) {
        *body = NULL;
        return st_err_set(err, "esplora %s %s: %s", verb, path, herr);
    }
    if (*body == NULL)
        return st_err_set(err, "esplora %s %s: no body", verb, path);
    if (status != 200) {
        /* Quote the first line only; a node's reason fits and an HTML page does not flood. */
        char quote[201];
        size_t n = strcspn(*body, "\r\n");
        snprintf(quote, sizeof quote, "%.*s", (int)(n < 200 ? n : 200), *body);
        b->host->free(*body);
        *body = NULL;
        return st_err_set(err, "esplora %s %s: HTTP %ld: %s", verb, path, status, quote);
    }
    return 0;
}

/* A JSON-RPC call; params is a jansson value (stolen). */
static int rpc(const struct btc_backend *b, const char *method, json_t *params, char **result, st_err *err)
{
    char herr[STW_ERR_MAX] = "";
    *result = NULL;
    char *text = params ? json_dumps(params, JSON_COMPACT) : NULL;
    json_decref(params);
    if (text == NULL)
        return st_err_set(err, "out of memory");
    int rc = b->host->rpc_call(b->host->ctx, method, text, result, herr);
    free(text);
    if (rc != 0) {
        *result = NULL;
        return st_err_set(err, "bitcoind %s: %s", method, herr);
    }
    if (*result == NULL)
        return st_err_set(err, "bitcoind %s: no result", method);
    return 0;
}

static json_t *scan_params(const char *address)
{
    char desc[128];
    snprintf(desc, sizeof desc, "addr(%s)", address);
    return json_pack("[s[{ss}]]", "start", "desc", desc);
}

int btc_backend_utxos(const struct btc_backend *b, const char *address, const uint8_t *script, size_t len,
                      struct btc_utxo_list *out, st_err *err)
{
    char *body;
    int rc;
    out->v = NULL;
    out->n = 0;
    if (b->opt->backend == BTC_BACKEND_ESPLORA) {
        char path[160];
        snprintf(path, sizeof path, "/address/%s/utxo", address);
        if (esplora(b, "GET", path, NULL, &body, err) != 0)
            return -1;
        rc = btc_esplora_parse_utxos(body, out, err);
    } else {
        if (rpc(b, "scantxoutset", scan_params(address), &body, err) != 0)
            return -1;
        rc = btc_bitcoind_parse_scan(body, script, len, out, err);
    }
    b->host->free(body);
    return rc;
}

int btc_backend_fee_estimate(const struct btc_backend *b, uint64_t *kvb, int *have, char *why, size_t cap,
                             st_err *err)
{
    char *body;
    int rc;
    if (why != NULL && cap > 0)
        why[0] = '\0';
    if (b->opt->backend == BTC_BACKEND_ESPLORA) {
        if (esplora(b, "GET", "/fee-estimates", NULL, &body, err) != 0)
            return -1;
        rc = btc_esplora_parse_fee_estimates(body, b->opt->fee_target_blocks, kvb, have, err);
        if (rc == 0 && !*have && why != NULL && cap > 0)
            snprintf(why, cap, "esplora /fee-estimates is empty");
    } else {
        if (rpc(b, "estimatesmartfee", json_pack("[I]", (json_int_t)b->opt->fee_target_blocks), &body, err) != 0)
            return -1;
        rc = btc_bitcoind_parse_feerate(body, kvb, have, why, cap, err);
    }
    b->host->free(body);
    return rc;
}

int btc_backend_broadcast(const struct btc_backend *b, const char *raw_hex, char txid_hex[65], st_err *err)
{
    char *body;
    int rc;
    if (b->opt->backend == BTC_BACKEND_ESPLORA) {
        if (esplora(b, "POST", "/tx", raw_hex, &body, err) != 0)
            return -1;
        rc = btc_esplora_parse_txid(body, txid_hex, err);
    } else {
        if (rpc(b, "sendrawtransaction", json_pack("[s]", raw_hex), &body, err) != 0)
            return -1;
        rc = btc_bitcoind_parse_txid(body, txid_hex, err);
    }
    b->host->free(body);
    return rc;
}

int btc_backend_balance(const struct btc_backend *b, const char *address, const uint8_t *script, size_t len,
                        uint64_t *sats, st_err *err)
{
    char *body;
    int rc;
    *sats = 0;
    if (b->opt->backend == BTC_BACKEND_ESPLORA) {
        char path[160];
        snprintf(path, sizeof path, "/address/%s", address);
        if (esplora(b, "GET", path, NULL, &body, err) != 0)
            return -1;
        rc = btc_esplora_parse_balance(body, address, sats, err);
    } else {
        struct btc_utxo_list l;
        if (rpc(b, "scantxoutset", scan_params(address), &body, err) != 0)
            return -1;
        rc = btc_bitcoind_parse_scan(body, script, len, &l, err);
        for (size_t i = 0; rc == 0 && i < l.n; i++) {
            *sats += l.v[i].value; /* each is at most 21M BTC, so checking every step cannot wrap */
            if (*sats > BTC_MAX_MONEY)
                rc = st_err_set(err, "bitcoind scantxoutset: the unspents add up to more than 21 million BTC");
        }
        btc_utxo_list_free(&l);
    }
    b->host->free(body);
    return rc;
}
