/* paper_chain.c: a paper chain's configuration, opening balances, registration of assembled
 * transactions, and the dispatch of chain capabilities to the family's simulated node. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "paper/paper_internal.h"
#include "util/decimal.h"

static const struct paper_node_ops *const nodes[] = {&paper_eth_node, &paper_btc_node, &paper_sol_node};

static const struct paper_node_ops *find_node(const char *family)
{
    for (size_t i = 0; i < sizeof nodes / sizeof nodes[0]; i++)
        if (strcmp(nodes[i]->family, family) == 0)
            return nodes[i];
    return NULL;
}

int paper_family_supported(const char *family)
{
    return family && find_node(family) != NULL;
}

static int64_t wall_ms(void *ctx)
{
    (void)ctx;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* paper.balances: {SYMBOL: "decimal"}; each symbol must be an asset of the chain. */
static int read_balances(struct paper_chain *pc, const json_t *b, st_err *err)
{
    if (b == NULL) { /* the default: some of the native asset */
        struct paper_opening *o = &pc->opening[pc->n_opening++];
        snprintf(o->symbol, sizeof o->symbol, "%s", pc->node->native);
        o->decimals = pc->node->native_decimals;
        return decimal_to_units(pc->node->default_opening, o->decimals, o->units, err);
    }
    if (!json_is_object(b))
        return st_err_set(err, "paper.balances: must be a mapping of asset symbol to amount");
    const char *sym;
    json_t *v;
    json_object_foreach((json_t *)b, sym, v) {
        if (pc->n_opening == PAPER_MAX_ASSETS)
            return st_err_set(err, "paper.balances: at most %d assets", PAPER_MAX_ASSETS);
        struct paper_asset a;
        if (pc->node->asset(pc, sym, &a, err) != 0)
            return st_err_wrap(err, "paper.balances.%.32s", sym);
        if (strcmp(a.symbol, sym) != 0)
            return st_err_set(err, "paper.balances.%.32s: name the asset by its symbol (%s)", sym, a.symbol);
        if (!json_is_string(v))
            return st_err_set(err, "paper.balances.%.32s: the amount must be a string like \"1.5\"", sym);
        struct paper_opening *o = &pc->opening[pc->n_opening++];
        snprintf(o->symbol, sizeof o->symbol, "%s", a.symbol);
        o->decimals = a.decimals;
        if (decimal_to_units(json_string_value(v), a.decimals, o->units, err) != 0)
            return st_err_wrap(err, "paper.balances.%.32s", sym);
    }
    return 0;
}

static int read_exchange(struct paper_chain *pc, const json_t *x, st_err *err)
{
    pc->fee_bps = 30;
    if (x == NULL)
        return 0;
    if (!json_is_object(x))
        return st_err_set(err, "paper.exchange: must be a mapping (fee_bps)");
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)x, k, v) {
        if (strcmp(k, "fee_bps") != 0)
            return st_err_set(err, "paper.exchange.%.32s: unknown key (known: fee_bps)", k);
        if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > 5000)
            return st_err_set(err, "paper.exchange.fee_bps: must be an integer from 0 to 5000");
        pc->fee_bps = (unsigned)json_integer_value(v);
    }
    return 0;
}

int paper_chain_open(struct store *st, const char *chain, const char *family, const char *paper_json,
                     const char *options_json, const char *exchange_address, struct paper_chain **out, st_err *err)
{
    *out = NULL;
    const struct paper_node_ops *node = family ? find_node(family) : NULL;
    if (node == NULL)
        return st_err_set(err, "paper: chain family \"%s\" has no paper node (eth, btc, sol have one)",
                          family ? family : "?");
    json_error_t je;
    json_t *cfg = json_loads(paper_json && *paper_json ? paper_json : "{}", 0, &je);
    json_t *opt = json_loads(options_json && *options_json ? options_json : "{}", 0, &je);
    struct paper_chain *pc = calloc(1, sizeof *pc);
    if (pc == NULL || cfg == NULL || opt == NULL || !json_is_object(cfg) || !json_is_object(opt)) {
        json_decref(cfg);
        json_decref(opt);
        free(pc);
        return st_err_set(err, "paper: the paper and options sections must be JSON objects");
    }
    pc->st = st;
    pc->node = node;
    pc->now = wall_ms;
    snprintf(pc->chain, sizeof pc->chain, "%s", chain);
    snprintf(pc->exchange, sizeof pc->exchange, "%s", exchange_address ? exchange_address : "");
    const char *k;
    json_t *v;
    int rc = 0;
    json_object_foreach(cfg, k, v) {
        if (strcmp(k, "balances") && strcmp(k, "exchange") && strcmp(k, "fees")) {
            rc = st_err_set(err, "paper.%.32s: unknown key (known: balances, exchange, fees)", k);
            break;
        }
    }
    if (rc == 0 && node->init(pc, json_object_get(cfg, "fees"), opt, err) != 0)
        rc = -1;
    else if (rc == 0)
        pc->node_inited = 1;
    if (rc == 0 && (read_balances(pc, json_object_get(cfg, "balances"), err) != 0 ||
                    read_exchange(pc, json_object_get(cfg, "exchange"), err) != 0))
        rc = -1;
    json_decref(cfg);
    json_decref(opt);
    if (rc != 0) {
        paper_chain_close(pc);
        return -1;
    }
    *out = pc;
    return 0;
}

void paper_chain_close(struct paper_chain *pc)
{
    if (pc == NULL)
        return;
    if (pc->node_inited && pc->node->free)
        pc->node->free(pc);
    free(pc);
}

void paper_chain_set_price(struct paper_chain *pc, paper_price_fn fn, void *ctx)
{
    pc->price = fn;
    pc->price_ctx = ctx;
}

void paper_chain_set_clock(struct paper_chain *pc, int64_t (*now_ms)(void *ctx), void *ctx)
{
    pc->now = now_ms ? now_ms : wall_ms;
    pc->now_ctx = now_ms ? ctx : NULL;
}

int64_t paper_now_ms(const struct paper_chain *pc)
{
    return pc->now(pc->now_ctx);
}

const char *paper_chain_name(const struct paper_chain *pc)
{
    return pc->chain;
}

const char *paper_exchange_address(const struct paper_chain *pc)
{
    return pc->exchange;
}

void paper_node_set_state(struct paper_chain *pc, void *state)
{
    pc->node_state = state;
}

void *paper_node_state(const struct paper_chain *pc)
{
    return pc->node_state;
}

struct store *paper_store(const struct paper_chain *pc)
{
    return pc->st;
}

size_t paper_assets(const struct paper_chain *pc, const char **out, size_t cap)
{
    size_t n = 0;
    if (n < cap)
        out[n++] = pc->node->native;
    for (size_t i = 0; i < pc->n_opening && n < cap; i++)
        if (strcmp(pc->opening[i].symbol, pc->node->native) != 0)
            out[n++] = pc->opening[i].symbol;
    return n;
}

int paper_rpc(struct paper_chain *pc, const char *method, const char *params_json, char **result_json, st_err *err)
{
    *result_json = NULL;
    if (pc->node->rpc == NULL)
        return st_err_set(err, "paper %s node: JSON-RPC is not served (method %s)", pc->chain, method);
    return pc->node->rpc(pc, method, params_json ? params_json : "[]", result_json, err);
}

int paper_http(struct paper_chain *pc, const char *verb, const char *path, const char *body, long *status,
               char **response, st_err *err)
{
    *response = NULL;
    if (pc->node->http == NULL)
        return st_err_set(err, "paper %s node: HTTP is not served (%s %s)", pc->chain, verb, path);
    return pc->node->http(pc, verb, path ? path : "", body, status, response, err);
}

int paper_asset_decimals(struct paper_chain *pc, const char *asset, unsigned *decimals, st_err *err)
{
    struct paper_asset a;
    if (pc->node->asset(pc, asset, &a, err) != 0)
        return -1;
    *decimals = a.decimals;
    return 0;
}

int paper_check_swap(struct paper_chain *pc, const char *sell, const char *buy, st_err *err)
{
    struct paper_asset a, b;
    if (pc->node->asset(pc, sell ? sell : pc->node->native, &a, err) != 0 || pc->node->asset(pc, buy, &b, err) != 0)
        return st_err_wrap(err, "paper %s: swap", pc->chain);
    if (strcmp(a.symbol, b.symbol) == 0)
        return st_err_set(err, "paper %s: a swap must buy another asset than it sells (%s)", pc->chain, a.symbol);
    if (pc->price == NULL)
        return st_err_set(err, "paper %s: the paper exchange has no price source", pc->chain);
    return 0;
}

int paper_expect(struct paper_chain *pc, const char *raw, const char *txid, const char *from, int64_t seq_at_build,
                 const char *description_json, const char *swap_buy, st_err *err)
{
    uint8_t h[32];
    crypto_hash_sha256(h, (const unsigned char *)raw, strlen(raw));
    json_t *d = json_loads(description_json, 0, NULL);
    int ok = json_is_object(d) && json_is_string(json_object_get(d, "to")) &&
             json_is_string(json_object_get(d, "amount")) && json_is_string(json_object_get(d, "asset"));
    const char *to = ok ? json_string_value(json_object_get(d, "to")) : "";
    int to_exchange = ok && strcmp(to, pc->exchange) == 0;
    json_decref(d);
    if (!ok)
        return st_err_set(err, "paper %s: the description lacks to, asset or amount", pc->chain);
    if (swap_buy && !to_exchange)
        return st_err_set(err, "paper %s: a swap must pay the paper exchange %s", pc->chain, pc->exchange);
    if (swap_buy) {
        struct paper_asset a;
        if (pc->node->asset(pc, swap_buy, &a, err) != 0)
            return st_err_wrap(err, "paper %s: swap", pc->chain);
    }
    sqlite3 *db = store_db(pc->st);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db,
                           "INSERT OR IGNORE INTO paper_pending (chain, raw_hash, txid, from_addr, seq_at_build, "
                           "description, swap_buy) VALUES (?, ?, ?, ?, ?, ?, ?)",
                           -1, &st, NULL) != SQLITE_OK)
        return st_err_set(err, "paper: %s", sqlite3_errmsg(db));
    sqlite3_bind_text(st, 1, pc->chain, -1, SQLITE_STATIC);
    sqlite3_bind_blob(st, 2, h, 32, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, txid, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, from, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 5, seq_at_build);
    sqlite3_bind_text(st, 6, description_json, -1, SQLITE_STATIC);
    if (swap_buy)
        sqlite3_bind_text(st, 7, swap_buy, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, 7);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return st_err_set(err, "paper: cannot record the transaction: %s", sqlite3_errmsg(db));
    return 0;
}
