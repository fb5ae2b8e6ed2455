/* rpcparse.c: see rpcparse.h. */
#include "rpcparse.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/hex.h"

int eth_json_quantity(const json_t *v, const char *what, u256 *out, st_err *err)
{
    if (v == NULL)
        return st_err_set(err, "%s: missing", what);
    if (!json_is_string(v))
        return st_err_set(err, "%s: not a hex quantity string", what);
    const char *s = json_string_value(v);
    size_t n = json_string_length(v);
    if (n < 3 || s[0] != '0' || s[1] != 'x' || n - 2 > 64 ||
        u256_from_hex(s + 2, n - 2, out) != 0)
        return st_err_set(err, "%s: \"%.80s\" is not a hex quantity (0x and 1 to 64 hex digits)", what, s);
    return 0;
}

int eth_json_quantity_u64(const json_t *v, const char *what, uint64_t *out, st_err *err)
{
    u256 x;
    if (eth_json_quantity(v, what, &x, err) != 0)
        return -1;
    if (u256_to_u64(&x, out) != 0)
        return st_err_set(err, "%s: %s is larger than 64 bits", what, json_string_value(v));
    return 0;
}

/* Loads result text as any JSON value, or fails naming the method. */
static json_t *load(const char *method, const char *result, st_err *err)
{
    json_error_t je;
    json_t *j = result ? json_loads(result, JSON_DECODE_ANY, &je) : NULL;
    if (j == NULL)
        st_err_set(err, "%s: the node's result is not JSON", method);
    return j;
}

int eth_result_quantity(const char *method, const char *result, u256 *out, st_err *err)
{
    json_t *j = load(method, result, err);
    if (j == NULL)
        return -1;
    char what[96];
    snprintf(what, sizeof what, "%s: result", method);
    int rc = eth_json_quantity(j, what, out, err);
    json_decref(j);
    return rc;
}

int eth_result_quantity_u64(const char *method, const char *result, uint64_t *out, st_err *err)
{
    json_t *j = load(method, result, err);
    if (j == NULL)
        return -1;
    char what[96];
    snprintf(what, sizeof what, "%s: result", method);
    int rc = eth_json_quantity_u64(j, what, out, err);
    json_decref(j);
    return rc;
}

/* Checks that v is a "0x"-prefixed string of an even number of hex digits; returns its
 * digits (after 0x) and their count. */
static int data_digits(const json_t *v, const char *method, const char **digits, size_t *n, st_err *err)
{
    if (!json_is_string(v))
        return st_err_set(err, "%s: result is not a hex data string", method);
    const char *s = json_string_value(v);
    size_t len = json_string_length(v);
    if (len < 2 || s[0] != '0' || s[1] != 'x' || len % 2 != 0 || (len > 2 && !hex_all_digits(s + 2, len - 2)))
        return st_err_set(err, "%s: result \"%.80s\" is not hex data (0x and an even number of hex digits)",
                          method, s);
    *digits = s + 2;
    *n = len - 2;
    return 0;
}

int eth_result_hash(const char *method, const char *result, uint8_t out[32], st_err *err)
{
    json_t *j = load(method, result, err);
    if (j == NULL)
        return -1;
    const char *d = NULL;
    size_t n = 0;
    int rc = data_digits(j, method, &d, &n, err);
    if (rc == 0 && (n != 64 || hex_decode_n(out, 32, d, n) != 0))
        rc = st_err_set(err, "%s: result is not a 32-byte hash", method);
    json_decref(j);
    return rc;
}

int eth_result_data(const char *method, const char *result, uint8_t **out, size_t *len, st_err *err)
{
    *out = NULL;
    *len = 0;
    json_t *j = load(method, result, err);
    if (j == NULL)
        return -1;
    const char *d = NULL;
    size_t n = 0;
    int rc = data_digits(j, method, &d, &n, err);
    if (rc == 0 && n > 0) {
        uint8_t *buf = malloc(n / 2);
        if (buf == NULL)
            rc = st_err_set(err, "%s: out of memory", method);
        else if (hex_decode_n(buf, n / 2, d, n) != 0) {
            free(buf);
            rc = st_err_set(err, "%s: result is not hex data", method);
        } else {
            *out = buf;
            *len = n / 2;
        }
    }
    json_decref(j);
    return rc;
}

int eth_result_fee_history(const char *result, u256 *next_base_fee, st_err *err)
{
    json_t *j = load("eth_feeHistory", result, err);
    if (j == NULL)
        return -1;
    int rc = 0;
    json_t *arr = json_is_object(j) ? json_object_get(j, "baseFeePerGas") : NULL;
    if (!json_is_object(j))
        rc = st_err_set(err, "eth_feeHistory: result is not an object");
    else if (arr == NULL)
        rc = st_err_set(err, "eth_feeHistory: result has no baseFeePerGas (does the chain have EIP-1559?)");
    else if (!json_is_array(arr) || json_array_size(arr) == 0)
        rc = st_err_set(err, "eth_feeHistory: baseFeePerGas is not a non-empty array");
    else {
        size_t i;
        json_t *v;
        char what[64];
        json_array_foreach(arr, i, v) {
            snprintf(what, sizeof what, "eth_feeHistory: baseFeePerGas[%zu]", i);
            if (eth_json_quantity(v, what, next_base_fee, err) != 0) {
                rc = -1;
                break;
            }
        }
    }
    json_decref(j);
    return rc;
}

int eth_result_receipt(const char *result, int *found, int *status, uint64_t *block_number,
                       uint64_t *gas_used, st_err *err)
{
    json_t *j = load("eth_getTransactionReceipt", result, err);
    if (j == NULL)
        return -1;
    *found = 0;
    int rc = 0;
    if (json_is_null(j)) {
        json_decref(j);
        return 0;
    }
    uint64_t st = 0;
    if (!json_is_object(j))
        rc = st_err_set(err, "eth_getTransactionReceipt: result is neither null nor an object");
    else if (eth_json_quantity_u64(json_object_get(j, "status"), "eth_getTransactionReceipt: status", &st, err) != 0 ||
             eth_json_quantity_u64(json_object_get(j, "blockNumber"), "eth_getTransactionReceipt: blockNumber",
                                   block_number, err) != 0 ||
             eth_json_quantity_u64(json_object_get(j, "gasUsed"), "eth_getTransactionReceipt: gasUsed", gas_used,
                                   err) != 0)
        rc = -1;
    else if (st > 1)
        rc = st_err_set(err, "eth_getTransactionReceipt: status %llu is neither 0 nor 1", (unsigned long long)st);
    else {
        *found = 1;
        *status = (int)st;
    }
    json_decref(j);
    return rc;
}
