/* paper_btc.c: the simulated Bitcoin node of paper chains served by the btc plugin
 * (plugins/btc). It answers both of the plugin's back ends from the paper ledger:
 *
 *   Esplora (host->http)                     Bitcoin Core (host->rpc_call)
 *   GET  /address/<a>/utxo                   scantxoutset "start" [{"desc":"addr(<a>)"}]
 *   GET  /address/<a>                        (balance: scantxoutset as above)
 *   GET  /fee-estimates                      estimatesmartfee <conf_target> [mode]
 *   POST /tx  (raw hex)                      sendrawtransaction <hex> [maxfeerate]
 *   GET  /tx/<txid>/status                   getblockcount
 *   GET  /blocks/tip/height
 *
 * The UTXO set is synthesised: an address holds one confirmed output worth its whole ledger
 * balance (none when the balance is 0), with a txid derived from (chain, address, sequence,
 * value). A transaction the ledger applies moves the sender's sequence, so the output it
 * spent disappears from what the node reports and a transaction built against it is refused
 * by the ledger as stale. Fees are one constant rate (paper.fees.fee_rate_sat_vb, default 2
 * sat/vB) at every confirmation target. The chain tip is simulated from the ledger's clock
 * (one block every 10 minutes); every output is reported confirmed in the tip. The node never
 * decodes a transaction: a broadcast goes to paper_submit as the exact text sent. See
 * docs/paper.md, "btc". */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "crypto/hash.h"
#include "paper/paper_btc_addr.h"
#include "paper/paper_node.h"
#include "util/decimal.h"
#include "util/hex.h"

#define BTC_DECIMALS 8
#define BTC_MAX_MONEY 2100000000000000ull /* 21 million BTC in satoshis (Core's MAX_MONEY) */
#define DEFAULT_FEE_KVB 2000u             /* 2 sat/vB, in sat per 1000 vB */
#define MAX_FEE_KVB 1000000000ull         /* 1,000,000 sat/vB: the plugin refuses estimates above */
#define BLOCK_MS 600000                   /* one simulated block every 10 minutes */
#define ADDRESS_MAX 100
#define MAX_SCAN_OBJECTS 16

struct btc_node {
    const struct paper_btc_net *net;
    uint64_t fee_kvb; /* the simulated fee rate, sat per 1000 vB */
};

static struct btc_node *node_of(struct paper_chain *pc)
{
    return paper_node_state(pc);
}

/* ---- settings -------------------------------------------------------------------------- */

/* A fee rate in sat/vB (a decimal string or a JSON number, at most 3 decimals) as sat/kvB. */
static int parse_rate(const json_t *v, uint64_t *kvb, st_err *err)
{
    char text[48];
    if (json_is_string(v)) {
        if (json_string_length(v) >= sizeof text)
            return st_err_set(err, "paper.fees.fee_rate_sat_vb: too long for a rate in sat/vB");
        snprintf(text, sizeof text, "%s", json_string_value(v));
    } else if (json_is_integer(v)) {
        snprintf(text, sizeof text, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
    } else if (json_is_real(v)) {
        double d = json_real_value(v);
        if (!(d > 0) || d > 1e6)
            return st_err_set(err, "paper.fees.fee_rate_sat_vb: %g is out of range (above 0, at most 1000000)", d);
        snprintf(text, sizeof text, "%.3f", d);
        if (strtod(text, NULL) != d)
            return st_err_set(err, "paper.fees.fee_rate_sat_vb: %.17g has more than 3 decimals; write it as a string",
                              d);
    } else {
        return st_err_set(err, "paper.fees.fee_rate_sat_vb: must be a rate in sat/vB like \"2\" or \"2.5\"");
    }
    st_err e = {0};
    if (decimal_to_u64(text, 3, kvb, &e) != 0)
        return st_err_set(err, "paper.fees.fee_rate_sat_vb: %s (a rate in sat/vB, at most 3 decimals)", e.msg);
    if (*kvb == 0 || *kvb > MAX_FEE_KVB)
        return st_err_set(err, "paper.fees.fee_rate_sat_vb: %s is out of range (above 0, at most 1000000 sat/vB)",
                          text);
    return 0;
}

static int btc_init(struct paper_chain *pc, const json_t *fees, const json_t *options, st_err *err)
{
    const struct paper_btc_net *net = paper_btc_net_by_name("mainnet");
    const json_t *n = json_object_get(options, "network");
    if (n != NULL && (net = paper_btc_net_by_name(json_string_value(n))) == NULL)
        return st_err_set(err, "options.network: must be mainnet, testnet, signet or regtest");
    uint64_t kvb = DEFAULT_FEE_KVB;
    if (fees != NULL) {
        if (!json_is_object(fees))
            return st_err_set(err, "paper.fees: must be a mapping (known: fee_rate_sat_vb)");
        const char *k;
        json_t *v;
        json_object_foreach((json_t *)fees, k, v) {
            if (strcmp(k, "fee_rate_sat_vb") != 0)
                return st_err_set(err, "paper.fees.%.32s: unknown key (known: fee_rate_sat_vb)", k);
            if (parse_rate(v, &kvb, err) != 0)
                return -1;
        }
    }
    struct btc_node *s = calloc(1, sizeof *s);
    if (s == NULL)
        return st_err_set(err, "out of memory");
    s->net = net;
    s->fee_kvb = kvb;
    paper_node_set_state(pc, s);
    return 0;
}

static void btc_free(struct paper_chain *pc)
{
    free(paper_node_state(pc));
    paper_node_set_state(pc, NULL);
}

/* A btc chain has one asset: BTC, whose chain identifier is "" (the native asset). */
static int btc_asset(struct paper_chain *pc, const char *name, struct paper_asset *out, st_err *err)
{
    (void)pc;
    if (name == NULL || (strcmp(name, "BTC") != 0 && name[0] != '\0'))
        return st_err_set(err, "paper btc node: unknown asset \"%.32s\" (a Bitcoin chain holds only BTC)",
                          name ? name : "");
    memset(out, 0, sizeof *out);
    snprintf(out->symbol, sizeof out->symbol, "BTC");
    out->decimals = BTC_DECIMALS;
    return 0;
}

/* ---- answers --------------------------------------------------------------------------- */

/* A growing malloc'd text (open_memstream). */
struct out {
    char *p;
    size_t n;
    FILE *f;
};

static int out_open(struct out *o, st_err *err)
{
    o->p = NULL;
    o->n = 0;
    o->f = open_memstream(&o->p, &o->n);
    return o->f ? 0 : st_err_set(err, "out of memory");
}

/* Closes the stream; on success *text owns the malloc'd result. */
static int out_close(struct out *o, char **text, st_err *err)
{
    int bad = ferror(o->f);
    fclose(o->f);
    if (bad || o->p == NULL) {
        free(o->p);
        return st_err_set(err, "out of memory");
    }
    *text = o->p;
    return 0;
}

static void out_discard(struct out *o)
{
    fclose(o->f);
    free(o->p);
}

static char *dup_text(const char *s)
{
    char *p = strdup(s);
    if (p == NULL)
        abort(); /* as host->alloc does: no way to go on */
    return p;
}

/* Satoshis as BTC with 8 decimals, the way Bitcoin Core prints amounts. */
static void btc_text(uint64_t sats, char out[32])
{
    snprintf(out, 32, "%" PRIu64 ".%08" PRIu64, sats / 100000000u, sats % 100000000u);
}

static void sha256d_hex(const uint8_t *msg, size_t len, char hex[65])
{
    uint8_t h[SHA256_LEN];
    sha256d(msg, len, h);
    for (int i = 0; i < SHA256_LEN; i++)
        snprintf(hex + 2 * i, 3, "%02x", h[i]);
}

/* The simulated tip: one block every 10 minutes of the ledger's clock since 1970. */
static uint64_t tip_height(struct paper_chain *pc)
{
    int64_t ms = paper_now_ms(pc);
    return ms > 0 ? (uint64_t)(ms / BLOCK_MS) : 0;
}

static void block_hash(struct paper_chain *pc, uint64_t height, char hex[65])
{
    char msg[160];
    int n = snprintf(msg, sizeof msg, "steward/paper/btc/block/v1|%s|%" PRIu64, paper_chain_name(pc), height);
    sha256d_hex((const uint8_t *)msg, (size_t)n, hex);
}

/* An address's synthesised output: none (value 0), or one confirmed output of its balance. */
struct utxo {
    char txid[65];
    uint64_t value;
    uint8_t script[PAPER_BTC_SCRIPT_MAX];
    size_t script_len;
};

/* Checks that `addr` is an address of the node's network; writes its script. */
static int check_address(struct paper_chain *pc, const char *addr, struct utxo *u, st_err *err)
{
    if (strlen(addr) > ADDRESS_MAX)
        return st_err_set(err, "\"%.40s...\" is not a Bitcoin address (too long)", addr);
    return paper_btc_address_script(node_of(pc)->net, addr, u->script, &u->script_len, err);
}

static int address_utxo(struct paper_chain *pc, const char *addr, struct utxo *u, st_err *err)
{
    uint8_t units[32];
    int64_t seq;
    u->value = 0;
    u->txid[0] = '\0';
    if (paper_units(pc, addr, "BTC", units, err) != 0 || paper_account_seq(pc, addr, &seq, err) != 0)
        return -1;
    if (units_to_u64(units, &u->value) != 0 || u->value > BTC_MAX_MONEY)
        return st_err_set(err, "paper btc node: %.100s holds more than 21 million BTC, which no Bitcoin node can "
                               "report",
                          addr);
    if (u->value == 0)
        return 0;
    /* A new outpoint whenever the sender moves (its spend consumed the old one) or the value
     * changes (a payment arrived): the same outpoint never has two values. */
    char msg[256];
    int n = snprintf(msg, sizeof msg, "steward/paper/btc/utxo/v1|%s|%s|%" PRId64 "|%" PRIu64, paper_chain_name(pc),
                     addr, seq, u->value);
    sha256d_hex((const uint8_t *)msg, (size_t)n, u->txid);
    return 0;
}

/* Routes a broadcast to the ledger; *code gets a Bitcoin Core error code on refusal. */
static int submit(struct paper_chain *pc, const char *raw, char txid[129], int *code, st_err *err)
{
    size_t n = strlen(raw);
    *code = -26; /* RPC_VERIFY_REJECTED */
    if (n == 0 || n % 2 != 0 || !hex_all_digits(raw, n)) {
        *code = -22; /* RPC_DESERIALIZATION_ERROR */
        return st_err_set(err, "TX decode failed (paper: the raw transaction is not hex)");
    }
    st_err e = {0};
    if (paper_submit(pc, raw, txid, 129, &e) == 0)
        return 0;
    if (strncmp(e.msg, "already applied", 15) == 0)
        *code = -27; /* RPC_VERIFY_ALREADY_IN_CHAIN */
    else if (strncmp(e.msg, "stale", 5) == 0)
        *code = -25; /* RPC_VERIFY_ERROR: missing or spent inputs */
    return st_err_set(err, "paper: %s", e.msg);
}

/* ---- Esplora (host->http) -------------------------------------------------------------- */

static int answer(long *status, char **response, long code, const char *body)
{
    *status = code;
    *response = dup_text(body);
    return 0;
}

/* A refusal the way Esplora gives it: an HTTP status and the reason as the body's first line. */
static int refuse(long *status, char **response, long code, const char *reason, const char *detail)
{
    char body[ST_ERR_MAX + 64];
    snprintf(body, sizeof body, "%s%s%s", reason, detail ? ": " : "", detail ? detail : "");
    body[strcspn(body, "\r\n")] = '\0';
    return answer(status, response, code, body);
}

static int esplora_utxos(struct paper_chain *pc, const char *addr, long *status, char **response, st_err *err)
{
    struct utxo u;
    st_err e = {0};
    if (check_address(pc, addr, &u, &e) != 0)
        return refuse(status, response, 400, "Invalid Bitcoin address", e.msg);
    if (address_utxo(pc, addr, &u, err) != 0)
        return -1;
    uint64_t h = tip_height(pc);
    char hash[65];
    block_hash(pc, h, hash);
    struct out o;
    if (out_open(&o, err) != 0)
        return -1;
    fputc('[', o.f);
    if (u.value > 0)
        fprintf(o.f,
                "{\"txid\":\"%s\",\"vout\":0,\"status\":{\"confirmed\":true,\"block_height\":%" PRIu64
                ",\"block_hash\":\"%s\",\"block_time\":%" PRIu64 "},\"value\":%" PRIu64 "}",
                u.txid, h, hash, h * (BLOCK_MS / 1000), u.value);
    fputc(']', o.f);
    *status = 200;
    return out_close(&o, response, err);
}

/* Esplora's address stats, of the synthesised UTXO set: what the address holds was funded by
 * its one output, and nothing of that output is spent yet. */
static int esplora_address(struct paper_chain *pc, const char *addr, long *status, char **response, st_err *err)
{
    struct utxo u;
    st_err e = {0};
    if (check_address(pc, addr, &u, &e) != 0)
        return refuse(status, response, 400, "Invalid Bitcoin address", e.msg);
    if (address_utxo(pc, addr, &u, err) != 0)
        return -1;
    struct out o;
    if (out_open(&o, err) != 0)
        return -1;
    unsigned count = u.value > 0;
    fprintf(o.f,
            "{\"address\":\"%s\",\"chain_stats\":{\"funded_txo_count\":%u,\"funded_txo_sum\":%" PRIu64
            ",\"spent_txo_count\":0,\"spent_txo_sum\":0,\"tx_count\":%u},\"mempool_stats\":{\"funded_txo_count\":0,"
            "\"funded_txo_sum\":0,\"spent_txo_count\":0,\"spent_txo_sum\":0,\"tx_count\":0}}",
            addr, count, u.value, count);
    *status = 200;
    return out_close(&o, response, err);
}

/* The rate as sat/vB text with at most 3 decimals ("2", "2.5", "0.125"). */
static void rate_text(uint64_t kvb, char out[32])
{
    snprintf(out, 32, "%" PRIu64 ".%03" PRIu64, kvb / 1000, kvb % 1000);
    char *end = out + strlen(out);
    while (end[-1] == '0')
        *--end = '\0';
    if (end[-1] == '.')
        end[-1] = '\0';
}

/* The targets Esplora answers for, each with the one simulated rate. */
static int esplora_fees(struct paper_chain *pc, long *status, char **response, st_err *err)
{
    static const unsigned extra[] = {144, 504, 1008};
    char rate[32];
    rate_text(node_of(pc)->fee_kvb, rate);
    struct out o;
    if (out_open(&o, err) != 0)
        return -1;
    fputc('{', o.f);
    for (unsigned t = 1; t <= 25; t++)
        fprintf(o.f, "%s\"%u\":%s", t > 1 ? "," : "", t, rate);
    for (size_t i = 0; i < sizeof extra / sizeof extra[0]; i++)
        fprintf(o.f, ",\"%u\":%s", extra[i], rate);
    fputc('}', o.f);
    *status = 200;
    return out_close(&o, response, err);
}

static int esplora_broadcast(struct paper_chain *pc, const char *body, long *status, char **response, st_err *err)
{
    (void)err;
    char txid[129];
    int code;
    st_err e = {0};
    if (body == NULL)
        return refuse(status, response, 400, "sendrawtransaction RPC error", "no transaction in the request body");
    if (submit(pc, body, txid, &code, &e) != 0)
        return refuse(status, response, 400, "sendrawtransaction RPC error", e.msg);
    return answer(status, response, 200, txid);
}

static int esplora_tx_status(struct paper_chain *pc, const char *id, long *status, char **response, st_err *err)
{
    char txid[65];
    if (strlen(id) != 64 || !hex_all_digits(id, 64))
        return refuse(status, response, 400, "Invalid hex string", NULL);
    for (size_t i = 0; i < 64; i++)
        txid[i] = (char)(id[i] | 0x20); /* hex digits: lower case */
    txid[64] = '\0';
    int applied;
    int64_t ts;
    if (paper_tx_applied(pc, txid, &applied, &ts, err) != 0)
        return -1;
    if (!applied)
        return refuse(status, response, 404, "Transaction not found", NULL);
    uint64_t h = ts > 0 ? (uint64_t)(ts / BLOCK_MS) : 0;
    char hash[65];
    block_hash(pc, h, hash);
    struct out o;
    if (out_open(&o, err) != 0)
        return -1;
    fprintf(o.f,
            "{\"confirmed\":true,\"block_height\":%" PRIu64 ",\"block_hash\":\"%s\",\"block_time\":%" PRIu64 "}", h,
            hash, h * (BLOCK_MS / 1000));
    *status = 200;
    return out_close(&o, response, err);
}

static int btc_http(struct paper_chain *pc, const char *verb, const char *path, const char *body, long *status,
                    char **response, st_err *err)
{
    *status = 0;
    *response = NULL;
    if (verb == NULL)
        return st_err_set(err, "paper btc node: no HTTP verb");
    int get = strcmp(verb, "GET") == 0, post = strcmp(verb, "POST") == 0;
    static const char addr_prefix[] = "/address/", tx_prefix[] = "/tx/";
    if (get && strcmp(path, "/fee-estimates") == 0)
        return esplora_fees(pc, status, response, err);
    if (post && strcmp(path, "/tx") == 0)
        return esplora_broadcast(pc, body, status, response, err);
    if (get && strcmp(path, "/blocks/tip/height") == 0) {
        char h[24];
        snprintf(h, sizeof h, "%" PRIu64, tip_height(pc));
        return answer(status, response, 200, h);
    }
    if (get && strncmp(path, addr_prefix, sizeof addr_prefix - 1) == 0) {
        const char *a = path + sizeof addr_prefix - 1, *slash = strchr(a, '/');
        char addr[ADDRESS_MAX + 2];
        size_t n = slash ? (size_t)(slash - a) : strlen(a);
        if (n > 0 && n <= ADDRESS_MAX && (slash == NULL || strcmp(slash, "/utxo") == 0)) {
            memcpy(addr, a, n);
            addr[n] = '\0';
            return slash ? esplora_utxos(pc, addr, status, response, err)
                         : esplora_address(pc, addr, status, response, err);
        }
    }
    if (get && strncmp(path, tx_prefix, sizeof tx_prefix - 1) == 0) {
        const char *id = path + sizeof tx_prefix - 1, *slash = strchr(id, '/');
        if (slash != NULL && slash - id == 64 && strcmp(slash, "/status") == 0) {
            char txid[65];
            memcpy(txid, id, 64);
            txid[64] = '\0';
            return esplora_tx_status(pc, txid, status, response, err);
        }
    }
    return st_err_set(err, "paper btc node: %.8s %.200s is not simulated (Esplora: GET /address/<a>, "
                           "/address/<a>/utxo, /fee-estimates, /tx/<txid>/status, /blocks/tip/height; POST /tx)",
                      verb, path);
}

/* ---- Bitcoin Core (host->rpc_call) ----------------------------------------------------- */

/* The JSON-RPC error a node answers, worded as steward's RPC client reports one. */
__attribute__((format(printf, 3, 4))) static int rpc_fail(st_err *err, int code, const char *fmt, ...)
{
    char msg[ST_ERR_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return st_err_set(err, "rpc error %d: %s", code, msg);
}

/* Positional (array) or named (object) parameter i / name. */
static json_t *param(json_t *params, size_t i, const char *name)
{
    return json_is_array(params) ? json_array_get(params, i) : json_object_get(params, name);
}

static int check_params(json_t *params, const char *method, size_t max, const char *const *names, st_err *err)
{
    if (json_is_array(params)) {
        if (json_array_size(params) > max)
            return rpc_fail(err, -1, "%s takes at most %zu parameters, not %zu", method, max,
                            json_array_size(params));
        return 0;
    }
    const char *k;
    json_t *v;
    json_object_foreach(params, k, v) {
        size_t i = 0;
        while (i < max && strcmp(names[i], k) != 0)
            i++;
        if (i == max)
            return rpc_fail(err, -8, "Unknown named parameter %.40s", k);
    }
    return 0;
}

static int rpc_estimatesmartfee(struct paper_chain *pc, json_t *params, char **result, st_err *err)
{
    static const char *const names[] = {"conf_target", "estimate_mode"};
    if (check_params(params, "estimatesmartfee", 2, names, err) != 0)
        return -1;
    json_t *t = param(params, 0, "conf_target"), *mode = param(params, 1, "estimate_mode");
    if (!json_is_integer(t))
        return rpc_fail(err, -3, "estimatesmartfee: conf_target must be an integer number of blocks");
    json_int_t target = json_integer_value(t);
    if (target < 1 || target > 1008)
        return rpc_fail(err, -8, "Invalid conf_target, must be between 1 and 1008");
    if (mode != NULL && !json_is_null(mode)) {
        const char *m = json_string_value(mode);
        if (m == NULL || (strcasecmp(m, "unset") != 0 && strcasecmp(m, "economical") != 0 &&
                          strcasecmp(m, "conservative") != 0))
            return rpc_fail(err, -8, "Invalid estimate_mode parameter, must be one of: \"unset\", \"economical\", "
                                     "\"conservative\"");
    }
    /* feerate is BTC/kvB: sat/kvB x 10^-8, printed with 8 decimals like every Core amount. */
    char rate[32];
    btc_text(node_of(pc)->fee_kvb, rate);
    struct out o;
    if (out_open(&o, err) != 0)
        return -1;
    fprintf(o.f, "{\"feerate\":%s,\"blocks\":%" JSON_INTEGER_FORMAT "}", rate, target < 2 ? (json_int_t)2 : target);
    return out_close(&o, result, err);
}

/* "addr(<address>)" -> the address. */
static int scan_address(json_t *obj, size_t i, char addr[ADDRESS_MAX + 1], st_err *err)
{
    const char *d = json_is_string(obj) ? json_string_value(obj) : json_string_value(json_object_get(obj, "desc"));
    if (d == NULL)
        return rpc_fail(err, -8, "scantxoutset: scan object %zu is neither a descriptor nor {\"desc\": ...}", i);
    size_t n = strlen(d);
    if (n < 7 || strncmp(d, "addr(", 5) != 0 || d[n - 1] != ')' || n - 6 > ADDRESS_MAX)
        return rpc_fail(err, -8, "paper btc node: scantxoutset: only addr(<address>) descriptors without a checksum "
                                 "are simulated, not \"%.120s\"", d);
    memcpy(addr, d + 5, n - 6);
    addr[n - 6] = '\0';
    return 0;
}

static int rpc_scantxoutset(struct paper_chain *pc, json_t *params, char **result, st_err *err)
{
    static const char *const names[] = {"action", "scanobjects"};
    if (check_params(params, "scantxoutset", 2, names, err) != 0)
        return -1;
    const char *action = json_string_value(param(params, 0, "action"));
    json_t *objs = param(params, 1, "scanobjects");
    if (action != NULL && (strcmp(action, "status") == 0 || strcmp(action, "abort") == 0)) {
        /* No scan is ever in progress: no status, nothing to abort. */
        *result = dup_text(strcmp(action, "status") == 0 ? "null" : "false");
        return 0;
    }
    if (action == NULL || strcmp(action, "start") != 0)
        return rpc_fail(err, -8, "Invalid action '%.40s'", action ? action : "");
    if (!json_is_array(objs))
        return rpc_fail(err, -8, "scanobjects argument is required for the start action");
    size_t n = json_array_size(objs);
    if (n > MAX_SCAN_OBJECTS)
        return rpc_fail(err, -8, "paper btc node: scantxoutset: at most %d scan objects", MAX_SCAN_OBJECTS);
    char addrs[MAX_SCAN_OBJECTS][ADDRESS_MAX + 1];
    struct utxo u[MAX_SCAN_OBJECTS];
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        st_err e = {0};
        if (scan_address(json_array_get(objs, i), i, addrs[k], err) != 0)
            return -1;
        if (check_address(pc, addrs[k], &u[k], &e) != 0)
            return rpc_fail(err, -5, "Invalid address: %s", e.msg);
        size_t j = 0;
        while (j < k && strcmp(addrs[j], addrs[k]) != 0)
            j++;
        if (j == k) /* scanning an address twice finds its outputs once */
            k++;
    }
    uint64_t h = tip_height(pc), total = 0;
    char hash[65], amount[32];
    block_hash(pc, h, hash);
    struct out o;
    if (out_open(&o, err) != 0)
        return -1;
    fprintf(o.f, "{\"success\":true,\"height\":%" PRIu64 ",\"bestblock\":\"%s\",\"unspents\":[", h, hash);
    size_t listed = 0;
    for (size_t i = 0; i < k; i++) {
        if (address_utxo(pc, addrs[i], &u[i], err) != 0) {
            out_discard(&o);
            return -1;
        }
        if (u[i].value == 0)
            continue;
        char spk[2 * PAPER_BTC_SCRIPT_MAX + 1];
        hex_encode(spk, u[i].script, u[i].script_len);
        btc_text(u[i].value, amount);
        fprintf(o.f,
                "%s{\"txid\":\"%s\",\"vout\":0,\"scriptPubKey\":\"%s\",\"amount\":%s,\"coinbase\":false,"
                "\"height\":%" PRIu64 ",\"blockhash\":\"%s\",\"confirmations\":1}",
                listed ? "," : "", u[i].txid, spk, amount, h, hash);
        listed++;
        total += u[i].value; /* each at most 21M BTC, at most 16 of them: no wrap */
    }
    btc_text(total, amount);
    fprintf(o.f, "],\"txouts\":%zu,\"total_amount\":%s}", listed, amount);
    return out_close(&o, result, err);
}

static int rpc_sendrawtransaction(struct paper_chain *pc, json_t *params, char **result, st_err *err)
{
    static const char *const names[] = {"hexstring", "maxfeerate", "maxburnamount"};
    if (check_params(params, "sendrawtransaction", 3, names, err) != 0)
        return -1;
    const char *raw = json_string_value(param(params, 0, "hexstring"));
    if (raw == NULL)
        return rpc_fail(err, -3, "sendrawtransaction: hexstring must be a string");
    char txid[129];
    int code;
    st_err e = {0};
    if (submit(pc, raw, txid, &code, &e) != 0)
        return rpc_fail(err, code, "%s", e.msg);
    struct out o;
    if (out_open(&o, err) != 0)
        return -1;
    fprintf(o.f, "\"%s\"", txid); /* a txid: hex digits only */
    return out_close(&o, result, err);
}

static int btc_rpc(struct paper_chain *pc, const char *method, const char *params_json, char **result_json,
                   st_err *err)
{
    *result_json = NULL;
    json_error_t je;
    json_t *params = json_loads(params_json, JSON_DECODE_ANY, &je);
    if (!json_is_array(params) && !json_is_object(params)) {
        json_decref(params);
        return rpc_fail(err, -32600, "paper btc node: %s: the params must be a JSON array or object", method);
    }
    int rc;
    if (strcmp(method, "estimatesmartfee") == 0) {
        rc = rpc_estimatesmartfee(pc, params, result_json, err);
    } else if (strcmp(method, "scantxoutset") == 0) {
        rc = rpc_scantxoutset(pc, params, result_json, err);
    } else if (strcmp(method, "sendrawtransaction") == 0) {
        rc = rpc_sendrawtransaction(pc, params, result_json, err);
    } else if (strcmp(method, "getblockcount") == 0) {
        char h[24];
        snprintf(h, sizeof h, "%" PRIu64, tip_height(pc));
        *result_json = dup_text(h);
        rc = 0;
    } else {
        rc = rpc_fail(err, -32601, "paper btc node: method %.64s is not simulated (simulated: estimatesmartfee, "
                                   "scantxoutset, sendrawtransaction, getblockcount)", method);
    }
    json_decref(params);
    return rc;
}

const struct paper_node_ops paper_btc_node = {
    .family = "btc",
    .native = "BTC",
    .native_decimals = BTC_DECIMALS,
    .default_opening = "1",
    .init = btc_init,
    .free = btc_free,
    .asset = btc_asset,
    .rpc = btc_rpc,
    .http = btc_http,
};
