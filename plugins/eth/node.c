/* node.c: see node.h. */
#include "node.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "rpcparse.h"
#include "util/hex.h"

/* Sends method(params) and hands back the result text (host memory: release with h->free).
 * Takes ownership of params. */
static int call(const struct stw_host *h, const char *method, json_t *params, char **result, st_err *err)
{
    *result = NULL;
    char *text = params ? json_dumps(params, JSON_COMPACT) : NULL;
    json_decref(params);
    if (text == NULL)
        return st_err_set(err, "%s: out of memory building the request", method);
    char e[STW_ERR_MAX] = "";
    int rc = h->rpc_call(h->ctx, method, text, result, e);
    free(text);
    if (rc != 0) {
        e[STW_ERR_MAX - 1] = '\0';
        *result = NULL;
        /* The host may already have named the method (transport failures); say it once. */
        size_t ml = strlen(method);
        if (strncmp(e, method, ml) == 0 && e[ml] == ':')
            return st_err_set(err, "%s", e);
        return st_err_set(err, "%s: %s", method, e[0] ? e : "the call failed");
    }
    if (*result == NULL)
        return st_err_set(err, "%s: the host returned no result", method);
    return 0;
}

static json_t *hex_json(const uint8_t *p, size_t n)
{
    char *s = malloc(2 * n + 3);
    if (s == NULL)
        return NULL;
    s[0] = '0';
    s[1] = 'x';
    hex_encode(s + 2, p, n);
    json_t *j = json_string(s);
    free(s);
    return j;
}

static json_t *quantity_json(const u256 *v)
{
    char q[U256_QUANTITY_BUFSZ];
    u256_to_quantity(v, q);
    return json_string(q);
}

int eth_node_chain_id(const struct stw_host *h, uint64_t *chain_id, st_err *err)
{
    char *r;
    if (call(h, "eth_chainId", json_array(), &r, err) != 0)
        return -1;
    int rc = eth_result_quantity_u64("eth_chainId", r, chain_id, err);
    h->free(r);
    return rc;
}

int eth_node_nonce(const struct stw_host *h, const uint8_t addr[20], uint64_t *nonce, st_err *err)
{
    char *r;
    if (call(h, "eth_getTransactionCount", json_pack("[os]", hex_json(addr, 20), "pending"), &r, err) != 0)
        return -1;
    int rc = eth_result_quantity_u64("eth_getTransactionCount", r, nonce, err);
    h->free(r);
    return rc;
}

int eth_node_next_base_fee(const struct stw_host *h, u256 *base_fee, st_err *err)
{
    char *r;
    if (call(h, "eth_feeHistory", json_pack("[ss[]]", "0x1", "latest"), &r, err) != 0)
        return -1;
    int rc = eth_result_fee_history(r, base_fee, err);
    h->free(r);
    return rc;
}

int eth_node_priority_fee(const struct stw_host *h, u256 *tip, st_err *err)
{
    char *r;
    if (call(h, "eth_maxPriorityFeePerGas", json_array(), &r, err) != 0)
        return -1;
    int rc = eth_result_quantity("eth_maxPriorityFeePerGas", r, tip, err);
    h->free(r);
    return rc;
}

int eth_node_estimate_gas(const struct stw_host *h, const uint8_t from[20], const uint8_t to[20], const u256 *value,
                          const uint8_t *data, size_t data_len, uint64_t *gas, st_err *err)
{
    json_t *tx = json_pack("{soso}", "from", hex_json(from, 20), "to", hex_json(to, 20));
    if (tx != NULL && !u256_is_zero(value))
        json_object_set_new(tx, "value", quantity_json(value));
    if (tx != NULL && data_len > 0)
        json_object_set_new(tx, "data", hex_json(data, data_len));
    char *r;
    if (call(h, "eth_estimateGas", tx ? json_pack("[o]", tx) : NULL, &r, err) != 0)
        return -1;
    int rc = eth_result_quantity_u64("eth_estimateGas", r, gas, err);
    h->free(r);
    if (rc == 0 && *gas == 0)
        rc = st_err_set(err, "eth_estimateGas: the node estimated 0 gas");
    return rc;
}

int eth_node_balance(const struct stw_host *h, const uint8_t addr[20], u256 *wei, st_err *err)
{
    char *r;
    if (call(h, "eth_getBalance", json_pack("[os]", hex_json(addr, 20), "latest"), &r, err) != 0)
        return -1;
    int rc = eth_result_quantity("eth_getBalance", r, wei, err);
    h->free(r);
    return rc;
}

int eth_node_call(const struct stw_host *h, const uint8_t to[20], const uint8_t *data, size_t data_len,
                  uint8_t **out, size_t *out_len, st_err *err)
{
    char *r;
    json_t *tx = json_pack("{soso}", "to", hex_json(to, 20), "data", hex_json(data, data_len));
    if (call(h, "eth_call", tx ? json_pack("[os]", tx, "latest") : NULL, &r, err) != 0)
        return -1;
    int rc = eth_result_data("eth_call", r, out, out_len, err);
    h->free(r);
    return rc;
}

int eth_node_send_raw(const struct stw_host *h, const char *raw_hex, uint8_t txid[32], st_err *err)
{
    char *r;
    if (call(h, "eth_sendRawTransaction", json_pack("[s]", raw_hex), &r, err) != 0)
        return -1;
    int rc = eth_result_hash("eth_sendRawTransaction", r, txid, err);
    h->free(r);
    return rc;
}

int eth_node_receipt(const struct stw_host *h, const uint8_t txid[32], int *found, int *status,
                     uint64_t *block_number, uint64_t *gas_used, st_err *err)
{
    char *r;
    if (call(h, "eth_getTransactionReceipt", json_pack("[o]", hex_json(txid, 32)), &r, err) != 0)
        return -1;
    int rc = eth_result_receipt(r, found, status, block_number, gas_used, err);
    h->free(r);
    return rc;
}
