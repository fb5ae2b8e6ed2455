/* btc_esplora.c: Esplora REST answers (see btc_esplora.h). */
#include "btc_esplora.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "btc_json.h"
#include "btc_tx.h"
#include "util/hex.h"

int btc_esplora_parse_utxos(const char *body, struct btc_utxo_list *out, st_err *err)
{
    static const char *what = "esplora /address/.../utxo";
    out->v = NULL;
    out->n = 0;
    json_t *j = btc_json_parse(body, what, err);
    if (j == NULL)
        return -1;
    if (!json_is_array(j)) {
        json_decref(j);
        return st_err_set(err, "%s: expected a JSON array", what);
    }
    size_t n = json_array_size(j);
    struct btc_utxo *v = calloc(n ? n : 1, sizeof *v);
    if (v == NULL) {
        json_decref(j);
        return st_err_set(err, "out of memory");
    }
    for (size_t i = 0; i < n; i++) {
        json_t *e = json_array_get(j, i), *status = json_object_get(e, "status");
        json_t *confirmed = json_object_get(status, "confirmed");
        uint64_t value;
        char field[64];
        if (btc_json_outpoint(e, what, "entry", i, &v[i], err) != 0)
            goto fail;
        snprintf(field, sizeof field, "%s: entry %zu: \"value\"", what, i);
        if (btc_json_uint(json_object_get(e, "value"), field, BTC_MAX_MONEY, &value, err) != 0)
            goto fail;
        if (value == 0) {
            st_err_set(err, "%s: entry %zu: \"value\" is 0", what, i);
            goto fail;
        }
        if (!json_is_object(status) || !json_is_boolean(confirmed)) {
            st_err_set(err, "%s: entry %zu: \"status.confirmed\" is missing or not a boolean", what, i);
            goto fail;
        }
        v[i].value = value;
        v[i].confirmed = json_is_true(confirmed);
        v[i].immature = 0;
    }
    json_decref(j);
    return btc_utxo_list_take(out, v, n, what, err);
fail:
    free(v);
    json_decref(j);
    return -1;
}

/* Parses a positive decimal integer key such as "144". */
static int parse_target(const char *k, unsigned *out)
{
    unsigned long v = 0;
    if (*k == '\0' || strlen(k) > 6)
        return -1;
    for (const char *p = k; *p; p++) {
        if (*p < '0' || *p > '9')
            return -1;
        v = v * 10 + (unsigned long)(*p - '0');
    }
    if (v == 0)
        return -1;
    *out = (unsigned)v;
    return 0;
}

int btc_esplora_parse_fee_estimates(const char *body, unsigned target_blocks, uint64_t *kvb, int *have,
                                    st_err *err)
{
    static const char *what = "esplora /fee-estimates";
    *kvb = 0;
    *have = 0;
    json_t *j = btc_json_parse(body, what, err);
    if (j == NULL)
        return -1;
    if (!json_is_object(j)) {
        json_decref(j);
        return st_err_set(err, "%s: expected a JSON object", what);
    }
    const char *key;
    json_t *val;
    unsigned best_le = 0, smallest = 0;
    double rate_le = 0, rate_smallest = 0;
    json_object_foreach(j, key, val) {
        unsigned t;
        if (parse_target(key, &t) != 0) {
            st_err_set(err, "%s: key \"%.20s\" is not a number of blocks", what, key);
            json_decref(j); /* after the message: key belongs to j */
            return -1;
        }
        double r = json_is_number(val) ? json_number_value(val) : -1;
        if (!(r >= 0) || r > 1e6) {
            st_err_set(err, "%s: \"%.20s\" is not a fee rate in sat/vB (a number 0..1000000)", what, key);
            json_decref(j);
            return -1;
        }
        if (t <= target_blocks && t > best_le) {
            best_le = t;
            rate_le = r;
        }
        if (smallest == 0 || t < smallest) {
            smallest = t;
            rate_smallest = r;
        }
    }
    json_decref(j);
    if (smallest == 0)
        return 0;
    double r = best_le ? rate_le : rate_smallest;
    /* Round up to whole sat/kvB; the small allowance keeps 87.882 from becoming 87883 through
     * the binary representation of 87.882 * 1000. */
    double m = r * 1000;
    uint64_t v = (uint64_t)m;
    if (m - (double)v > 1e-6)
        v++;
    *kvb = v;
    *have = 1;
    return 0;
}

static int stats_sums(json_t *j, const char *name, uint64_t *funded, uint64_t *spent, st_err *err)
{
    char what[96];
    json_t *s = json_object_get(j, name);
    if (!json_is_object(s))
        return st_err_set(err, "esplora /address: \"%s\" is missing or not an object", name);
    snprintf(what, sizeof what, "esplora /address: \"%s.funded_txo_sum\"", name);
    if (btc_json_uint(json_object_get(s, "funded_txo_sum"), what, BTC_MAX_MONEY * 1000, funded, err) != 0)
        return -1;
    snprintf(what, sizeof what, "esplora /address: \"%s.spent_txo_sum\"", name);
    return btc_json_uint(json_object_get(s, "spent_txo_sum"), what, BTC_MAX_MONEY * 1000, spent, err);
}

int btc_esplora_parse_balance(const char *body, const char *address, uint64_t *sats, st_err *err)
{
    *sats = 0;
    json_t *j = btc_json_parse(body, "esplora /address", err);
    if (j == NULL)
        return -1;
    uint64_t cf, cs, mf, ms;
    int rc = -1;
    json_t *a = json_object_get(j, "address");
    if (!json_is_object(j))
        st_err_set(err, "esplora /address: expected a JSON object");
    else if (a != NULL && (!json_is_string(a) || strcmp(json_string_value(a), address) != 0))
        st_err_set(err, "esplora /address: the answer is for another address");
    else if (stats_sums(j, "chain_stats", &cf, &cs, err) == 0 && stats_sums(j, "mempool_stats", &mf, &ms, err) == 0) {
        /* Sums over history can exceed the money supply; the balance cannot. */
        if (cs > cf)
            st_err_set(err, "esplora /address: chain_stats spends more (%" PRIu64 ") than it received (%" PRIu64 ")",
                       cs, cf);
        else if (cs + ms > cf + mf || cf + mf - cs - ms > BTC_MAX_MONEY)
            st_err_set(err, "esplora /address: the balance implied by chain_stats and mempool_stats is out of range");
        else {
            *sats = cf + mf - cs - ms;
            rc = 0;
        }
    }
    json_decref(j);
    return rc;
}

int btc_esplora_parse_txid(const char *body, char txid_hex[65], st_err *err)
{
    const char *p = body;
    while (isspace((unsigned char)*p))
        p++;
    size_t n = 0;
    while (p[n] && !isspace((unsigned char)p[n]))
        n++;
    const char *rest = p + n;
    while (isspace((unsigned char)*rest))
        rest++;
    if (n != 64 || *rest != '\0' || !hex_all_digits(p, 64))
        return st_err_set(err, "esplora POST /tx: the answer \"%.80s\" is not a txid", body);
    for (size_t i = 0; i < 64; i++)
        txid_hex[i] = (char)tolower((unsigned char)p[i]);
    txid_hex[64] = '\0';
    return 0;
}
