/* btc_json.c: JSON reading helpers (see btc_json.h). */
#include "btc_json.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "btc_tx.h"
#include "btc_utxo.h"

json_t *btc_json_parse(const char *text, const char *what, st_err *err)
{
    json_error_t e;
    json_t *j = json_loads(text, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &e);
    if (j == NULL)
        st_err_set(err, "%s: not valid JSON (%s at line %d)", what, e.text, e.line);
    return j;
}

int btc_json_decimal_text(const json_t *v, unsigned decimals, const char *what, char *buf, size_t cap,
                          st_err *err)
{
    if (json_is_string(v)) {
        if (json_string_length(v) >= cap)
            return st_err_set(err, "%s: too long", what);
        snprintf(buf, cap, "%s", json_string_value(v));
        return 0;
    }
    if (json_is_integer(v)) {
        if (json_integer_value(v) < 0)
            return st_err_set(err, "%s: must not be negative", what);
        snprintf(buf, cap, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        return 0;
    }
    if (json_is_real(v)) {
        double d = json_real_value(v);
        if (!(d >= 0) || d > 1e15)
            return st_err_set(err, "%s: %g is out of range", what, d);
        /* Round-trip through the shortest fixed form: exact only if it reads back equal. */
        snprintf(buf, cap, "%.*f", (int)decimals, d);
        if (strtod(buf, NULL) != d)
            return st_err_set(err, "%s: %.17g has more than %u decimals; write it as a string", what, d, decimals);
        /* Trim trailing zeros and a bare point so the decimal parser sees "2.5", not "2.500". */
        char *dot = strchr(buf, '.');
        if (dot != NULL) {
            char *end = buf + strlen(buf);
            while (end > dot + 1 && end[-1] == '0')
                *--end = '\0';
            if (end == dot + 1)
                *dot = '\0';
        }
        return 0;
    }
    return st_err_set(err, "%s: must be a decimal string or a number", what);
}

int btc_json_btc_amount(const json_t *v, const char *what, uint64_t *sats, st_err *err)
{
    *sats = 0;
    if (!json_is_number(v))
        return st_err_set(err, "%s: amount is not a number", what);
    double d = json_number_value(v);
    if (!(d >= 0) || d > 21e6)
        return st_err_set(err, "%s: amount %.17g BTC is out of range", what, d);
    double s = d * 1e8;
    uint64_t r = (uint64_t)(s + 0.5); /* s >= 0: round half up, without libm */
    double diff = s - (double)r;
    /* Bitcoin Core prints 8 decimals; a value that is not a whole number of satoshis (beyond
     * the rounding of a double, which grows with the magnitude) is not one of its amounts. */
    if (diff < 0)
        diff = -diff;
    if (diff > 1e-3 + s * 1e-15)
        return st_err_set(err, "%s: amount %.17g BTC is not a whole number of satoshis", what, d);
    *sats = r;
    if (*sats > BTC_MAX_MONEY)
        return st_err_set(err, "%s: amount %.17g BTC is out of range", what, d);
    return 0;
}

int btc_json_uint(const json_t *v, const char *what, uint64_t max, uint64_t *out, st_err *err)
{
    *out = 0;
    if (!json_is_integer(v))
        return st_err_set(err, "%s: must be an integer", what);
    json_int_t i = json_integer_value(v);
    if (i < 0 || (uint64_t)i > max)
        return st_err_set(err, "%s: %" JSON_INTEGER_FORMAT " is out of range (0..%" PRIu64 ")", what, i, max);
    *out = (uint64_t)i;
    return 0;
}

int btc_json_outpoint(const json_t *e, const char *what, const char *noun, size_t i, struct btc_utxo *u,
                      st_err *err)
{
    const json_t *txid = json_object_get(e, "txid");
    uint64_t vout;
    char field[128];
    if (!json_is_object(e))
        return st_err_set(err, "%s: %s %zu is not an object", what, noun, i);
    if (!json_is_string(txid) || btc_hash_from_hex(json_string_value(txid), u->txid) != 0)
        return st_err_set(err, "%s: %s %zu: \"txid\" is not 64 hex digits", what, noun, i);
    snprintf(field, sizeof field, "%s: %s %zu: \"vout\"", what, noun, i);
    if (btc_json_uint(json_object_get(e, "vout"), field, UINT32_MAX, &vout, err) != 0)
        return -1;
    u->vout = (uint32_t)vout;
    return 0;
}
