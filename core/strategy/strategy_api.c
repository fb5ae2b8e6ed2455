/* strategy_api.c: the ctx functions a strategy calls (strategies/README.md is the reference).
 *
 * Each function reads its arguments strictly first (strategy_args.h: raw reads, no
 * metamethods, errors name the field), then does its C work without touching Lua, keeping any
 * heap result in s->scratch, and only then pushes results. So a Lua error can only happen
 * while nothing is half-done on the C side. */
#include <lauxlib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "paper/paper.h"
#include "store/state.h"
#include "strategy/strategy_args.h"
#include "strategy/strategy_internal.h"
#include "util/bigdec.h"
#include "util/log.h"

struct strategy *strategy_from(lua_State *L)
{
    return lua_touserdata(L, lua_upvalueindex(1));
}

/* Every API function starts here: counts the call and drops the previous call's scratch. */
static struct strategy *enter(lua_State *L)
{
    struct strategy *s = strategy_from(L);
    s->run.calls++;
    json_decref(s->scratch);
    s->scratch = NULL;
    return s;
}

/* Pushes nil and {error = msg}: the "it did not work, and here is why" result of reads and
 * actions. */
static int fail_result(lua_State *L, const char *msg)
{
    lua_pushnil(L);
    lua_createtable(L, 0, 1);
    lua_pushstring(L, msg);
    lua_setfield(L, -2, "error");
    return 2;
}

/* Pushes a flat JSON object as a Lua table (strings, integers, booleans; nested objects as
 * tables too). Only for JSON the host built. */
static void push_json(lua_State *L, const json_t *j)
{
    if (json_is_object(j)) {
        lua_createtable(L, 0, (int)json_object_size(j));
        const char *k;
        json_t *v;
        json_object_foreach((json_t *)j, k, v) {
            push_json(L, v);
            lua_setfield(L, -2, k);
        }
    } else if (json_is_array(j)) {
        lua_createtable(L, (int)json_array_size(j), 0);
        for (size_t i = 0; i < json_array_size(j); i++) {
            push_json(L, json_array_get(j, i));
            lua_rawseti(L, -2, (lua_Integer)i + 1);
        }
    } else if (json_is_string(j)) {
        lua_pushstring(L, json_string_value(j));
    } else if (json_is_integer(j)) {
        lua_pushinteger(L, (lua_Integer)json_integer_value(j));
    } else if (json_is_boolean(j)) {
        lua_pushboolean(L, json_is_true(j));
    } else {
        lua_pushnil(L);
    }
}

static struct loaded_plugin *chain_arg(lua_State *L, struct strategy *s, const char *fn, const char *chain)
{
    struct loaded_plugin *lp = plugins_find(s->h->env->plugins, chain);
    if (lp == NULL)
        luaL_error(L, "%s: chain \"%s\" is not configured", fn, chain);
    return lp;
}

/* The strategy tenant's address on a chain (cached: derivation costs more than a tick). */
static const char *account_address(struct strategy *s, struct loaded_plugin *lp, uint32_t index, st_err *err)
{
    for (size_t i = 0; i < s->n_accounts; i++)
        if (s->accounts[i].lp == lp && s->accounts[i].index == index)
            return s->accounts[i].address;
    struct intent_account a;
    if (intent_account(s->h->env, lp, s->cs->tenant, index, &a, err) != 0)
        return NULL;
    size_t slot = s->n_accounts < 16 ? s->n_accounts++ : 15;
    s->accounts[slot].lp = lp;
    s->accounts[slot].index = index;
    snprintf(s->accounts[slot].address, sizeof s->accounts[slot].address, "%s", a.address);
    return s->accounts[slot].address;
}

/* The native asset's symbol of a chain, when steward knows it. */
static const char *native_symbol(struct loaded_plugin *lp)
{
    const char *assets[1];
    if (lp->paper && paper_assets(lp->paper, assets, 1) == 1)
        return assets[0];
    static const char *const known[][2] = {{"eth", "ETH"}, {"btc", "BTC"}, {"sol", "SOL"}};
    for (size_t i = 0; i < 3; i++)
        if (strcmp(lp->p->chain, known[i][0]) == 0)
            return known[i][1];
    return NULL;
}

static int is_native(struct loaded_plugin *lp, const char *asset)
{
    const char *n = native_symbol(lp);
    return asset == NULL || (n && strcmp(asset, n) == 0);
}

/* ---- reads ------------------------------------------------------------------------------- */

static int api_now(lua_State *L)
{
    struct strategy *s = enter(L);
    lua_pushinteger(L, (lua_Integer)intent_now_ms(s->h->env));
    return 1;
}

static int api_address(lua_State *L)
{
    struct strategy *s = enter(L);
    struct loaded_plugin *lp = chain_arg(L, s, "ctx.address", arg_string(L, 1, "ctx.address", "chain"));
    uint32_t index = (uint32_t)arg_opt_int(L, 2, "ctx.address", "index", 0, 0x7fffffff, 0);
    st_err err = {0};
    const char *a = account_address(s, lp, index, &err);
    return a ? (lua_pushstring(L, a), 1) : fail_result(L, err.msg);
}

/* A balance through the chain's plugin (on a paper chain, its simulated node). */
static int balance_of(struct strategy *s, struct loaded_plugin *lp, const char *asset, char *out, size_t cap,
                      st_err *err)
{
    const char *addr = account_address(s, lp, 0, err);
    if (addr == NULL)
        return -1;
    char perr[STW_ERR_MAX] = "", *amount = NULL;
    const char *ask = is_native(lp, asset) ? NULL : asset;
    if (lp->p->balance(lp->state, addr, ask, &amount, perr) != 0)
        return st_err_set(err, "chains.%s: balance of %s: %s", lp->chain->name, asset ? asset : "native", perr);
    snprintf(out, cap, "%s", amount);
    lp->host.free(amount);
    return 0;
}

static int api_balance(lua_State *L)
{
    struct strategy *s = enter(L);
    struct loaded_plugin *lp = chain_arg(L, s, "ctx.balance", arg_string(L, 1, "ctx.balance", "chain"));
    const char *asset = arg_opt_string(L, 2, "ctx.balance", "asset");
    char out[128];
    st_err err = {0};
    if (balance_of(s, lp, asset, out, sizeof out, &err) != 0)
        return fail_result(L, err.msg);
    lua_pushstring(L, out);
    return 1;
}

static int price_of(struct strategy *s, const char *symbol, char *out, size_t cap, st_err *err)
{
    if (s->h->prices == NULL)
        return st_err_set(err, "price of %s: no price source is configured", symbol);
    return prices_get(s->h->prices, symbol, intent_now_ms(s->h->env), out, cap, NULL, err);
}

static int api_price(lua_State *L)
{
    struct strategy *s = enter(L);
    const char *symbol = arg_string(L, 1, "ctx.price", "symbol");
    char out[PRICES_TEXT_MAX];
    st_err err = {0};
    if (price_of(s, symbol, out, sizeof out, &err) != 0)
        return fail_result(L, err.msg);
    lua_pushstring(L, out);
    return 1;
}

/* One holding of the portfolio, added to s->scratch's "holdings" and "assets". */
static int add_holding(struct strategy *s, struct loaded_plugin *lp, const char *asset, bigdec *total, st_err *err)
{
    char amount[128], price[PRICES_TEXT_MAX], value[BIGDEC_STR_MAX];
    bigdec a, p, v, t;
    if (balance_of(s, lp, asset, amount, sizeof amount, err) != 0 || price_of(s, asset, price, sizeof price, err) != 0)
        return -1;
    if (bigdec_parse(&a, amount, strlen(amount), err) != 0 || bigdec_parse(&p, price, strlen(price), err) != 0 ||
        bigdec_mul(&v, &a, &p, 8, BIGDEC_DOWN, err) != 0 || bigdec_add(&t, total, &v, err) != 0)
        return st_err_wrap(err, "portfolio %s:%s", lp->chain->name, asset);
    *total = t;
    bigdec_to_string(&v, value, sizeof value);
    json_array_append_new(json_object_get(s->scratch, "holdings"),
                          json_pack("{s:s, s:s, s:s, s:s, s:s}", "chain", lp->chain->name, "asset", asset, "amount",
                                    amount, "price", price, "value", value));
    /* By symbol, summed over chains. */
    json_t *assets = json_object_get(s->scratch, "assets"), *prev = json_object_get(assets, asset);
    if (prev) {
        bigdec pa, pv, sa, sv;
        char ta[BIGDEC_STR_MAX], tv[BIGDEC_STR_MAX];
        const char *oa = json_string_value(json_object_get(prev, "amount")),
                   *ov = json_string_value(json_object_get(prev, "value"));
        if (bigdec_parse(&pa, oa, strlen(oa), err) != 0 || bigdec_parse(&pv, ov, strlen(ov), err) != 0 ||
            bigdec_add(&sa, &pa, &a, err) != 0 || bigdec_add(&sv, &pv, &v, err) != 0)
            return -1;
        bigdec_to_string(&sa, ta, sizeof ta);
        bigdec_to_string(&sv, tv, sizeof tv);
        json_object_set_new(prev, "amount", json_string(ta));
        json_object_set_new(prev, "value", json_string(tv));
    } else {
        json_object_set_new(assets, asset, json_pack("{s:s, s:s, s:s}", "amount", amount, "price", price, "value", value));
    }
    return 0;
}

static int api_portfolio(lua_State *L)
{
    struct strategy *s = enter(L);
    struct env_pair {
        struct loaded_plugin *lp;
        const char *asset;
    } list[64];
    size_t n = 0;
    if (!lua_isnoneornil(L, 1)) {
        if (lua_type(L, 1) != LUA_TTABLE)
            return luaL_error(L, "ctx.portfolio: expects nil or a list of {chain=..., asset=...}");
        for (lua_Integer i = 1;; i++) {
            if (lua_rawgeti(L, 1, i) == LUA_TNIL) {
                lua_pop(L, 1);
                break;
            }
            if (n == 64)
                return luaL_error(L, "ctx.portfolio: at most 64 holdings");
            static const char *const keys[] = {"chain", "asset", NULL};
            int t = lua_gettop(L);
            arg_table(L, t, "ctx.portfolio", keys);
            list[n].lp = chain_arg(L, s, "ctx.portfolio", field_string(L, t, "ctx.portfolio", "chain", 1));
            list[n].asset = field_string(L, t, "ctx.portfolio", "asset", 0);
            if (list[n].asset == NULL)
                list[n].asset = native_symbol(list[n].lp);
            if (list[n].asset == NULL)
                return luaL_error(L, "ctx.portfolio: name the asset of chain %s", list[n].lp->chain->name);
            n++;
            lua_pop(L, 1); /* the table stays referenced by the list argument */
        }
    } else {
        /* Every chain's native asset, and on paper chains every asset with an opening balance. */
        for (size_t c = 0; c < s->h->env->plugins->n && n < 64; c++) {
            struct loaded_plugin *lp = &s->h->env->plugins->list[c];
            const char *assets[16];
            size_t k = lp->paper ? paper_assets(lp->paper, assets, 16) : 0;
            if (!lp->paper && (assets[0] = native_symbol(lp)) != NULL)
                k = 1;
            for (size_t j = 0; j < k && n < 64; j++)
                list[n++] = (struct env_pair){lp, assets[j]};
        }
    }
    s->scratch = json_pack("{s:[], s:{}}", "holdings", "assets");
    bigdec total;
    bigdec_from_i64(&total, 0);
    st_err err = {0};
    for (size_t i = 0; i < n; i++)
        if (add_holding(s, list[i].lp, list[i].asset, &total, &err) != 0)
            return fail_result(L, err.msg);
    char t[BIGDEC_STR_MAX];
    bigdec_to_string(&total, t, sizeof t);
    json_object_set_new(s->scratch, "total", json_string(t));
    json_object_set_new(s->scratch, "quote", json_string(s->h->prices ? prices_quote(s->h->prices) : "USD"));
    json_object_set_new(s->scratch, "simulated", json_boolean(s->h->prices && prices_simulated(s->h->prices)));
    push_json(L, s->scratch);
    return 1;
}

/* ---- actions ----------------------------------------------------------------------------- */

/* Runs an intent through the pipeline and pushes the script's result. `extra` (consumed)
 * is merged into a successful result. */
static int act(lua_State *L, struct strategy *s, const char *kind, json_t *intent, uint32_t index, const char *swap_buy,
               json_t *extra)
{
    struct intent_request rq = {s->cs->tenant, s->cs->name, index, intent, 1, swap_buy};
    struct intent_outcome out;
    st_err err = {0};
    s->scratch = json_pack("{s:o, s:o}", "intent", intent, "extra", extra ? extra : json_object());
    int rc = intent_execute(s->h->env, &rq, &out, &err);
    const char *chain = json_string_value(json_object_get(intent, "chain"));
    json_t *record = json_pack("{s:s, s:s}", "kind", kind, "chain", chain ? chain : "?");
    if (rc == 0) {
        json_t *b = json_object_get(out.result, "broadcast");
        const char *txid = json_string_value(b ? json_object_get(b, "txid") : json_object_get(out.result, "txid"));
        json_t *desc = json_object_get(out.result, "description");
        json_t *res = json_pack("{s:s, s:s, s:s, s:s?, s:s?, s:O?, s:b}", "txid", txid ? txid : "", "chain", chain,
                                "from", json_string_value(json_object_get(out.result, "from")), "to",
                                json_string_value(json_object_get(intent, "to")), "amount",
                                json_string_value(json_object_get(intent, "amount")), "request_seq",
                                json_object_get(out.result, "request_seq"), "paper",
                                json_object_get(out.result, "paper") != NULL);
        if (desc)
            json_object_set(res, "fee_max", json_object_get(desc, "fee_max"));
        json_object_update(res, json_object_get(s->scratch, "extra"));
        json_object_set_new(record, "txid", json_string(txid ? txid : ""));
        json_object_set_new(s->scratch, "result", res);
        s->run.actions_ok++;
    } else if (out.status == INTENT_DENIED) {
        json_object_set_new(record, "denied", json_incref(json_object_get(out.result, "rule")));
        json_object_set(s->scratch, "result", out.result);
        s->run.denied++;
    } else {
        json_object_set_new(record, "error", json_string(err.msg));
        json_object_set_new(s->scratch, "error", json_string(err.msg));
    }
    json_decref(out.result);
    if (json_array_size(s->run.actions) < 64)
        json_array_append_new(s->run.actions, record);
    else
        json_decref(record);
    if (rc != 0 && out.status == INTENT_INVALID)
        return luaL_error(L, "ctx.%s: %s", kind, json_string_value(json_object_get(s->scratch, "error")));
    json_t *r = json_object_get(s->scratch, "result");
    if (rc == 0) {
        push_json(L, r);
        return 1;
    }
    if (r) { /* a denial: {denied = true, rule, scope, limit, used, audit_seq} */
        lua_pushnil(L);
        push_json(L, r);
        return 2;
    }
    return fail_result(L, json_string_value(json_object_get(s->scratch, "error")));
}

static const char *const FEE_KEYS[] = {"max_fee_per_gas_gwei", "max_priority_fee_per_gas_gwei", "fee_rate_sat_vb",
                                       "compute_unit_price_micro_lamports", NULL};

static void copy_fee_caps(lua_State *L, int t, const char *fn, json_t *intent)
{
    for (const char *const *k = FEE_KEYS; *k; k++) {
        const char *v = field_string(L, t, fn, *k, 0);
        if (v)
            json_object_set_new(intent, *k, json_string(v));
    }
}

static int api_transfer(lua_State *L)
{
    struct strategy *s = enter(L);
    static const char *const keys[] = {"chain", "to", "amount", "asset", "index", "max_fee_per_gas_gwei",
                                       "max_priority_fee_per_gas_gwei", "fee_rate_sat_vb",
                                       "compute_unit_price_micro_lamports", NULL};
    arg_table(L, 1, "ctx.transfer", keys);
    const char *chain = field_string(L, 1, "ctx.transfer", "chain", 1);
    struct loaded_plugin *lp = chain_arg(L, s, "ctx.transfer", chain);
    const char *to = field_string(L, 1, "ctx.transfer", "to", 1);
    const char *asset = field_string(L, 1, "ctx.transfer", "asset", 0);
    char amount[100];
    field_amount(L, 1, "ctx.transfer", "amount", amount, sizeof amount);
    uint32_t index = (uint32_t)field_int(L, 1, "ctx.transfer", "index", 0, 0x7fffffff, 0);
    int native = is_native(lp, asset);
    json_t *intent = json_pack("{s:s, s:s, s:s, s:s}", "chain", chain, "kind", native ? "transfer" : "token_transfer",
                               "to", to, "amount", amount);
    if (!native)
        json_object_set_new(intent, "asset", json_string(asset));
    copy_fee_caps(L, 1, "ctx.transfer", intent);
    return act(L, s, "transfer", intent, index, NULL,
               json_pack("{s:s}", "asset", asset ? asset : native_symbol(lp) ? native_symbol(lp) : "native"));
}

static int api_swap(lua_State *L)
{
    struct strategy *s = enter(L);
    static const char *const keys[] = {"chain", "sell", "buy", "amount", NULL};
    arg_table(L, 1, "ctx.swap", keys);
    const char *chain = field_string(L, 1, "ctx.swap", "chain", 1);
    struct loaded_plugin *lp = chain_arg(L, s, "ctx.swap", chain);
    const char *sell = field_string(L, 1, "ctx.swap", "sell", 1), *buy = field_string(L, 1, "ctx.swap", "buy", 1);
    char amount[100];
    field_amount(L, 1, "ctx.swap", "amount", amount, sizeof amount);
    if (lp->paper == NULL)
        return fail_result(L, "ctx.swap: swaps go through the paper exchange of a paper chain; on a live chain call an "
                              "allowlisted exchange contract with ctx.call");
    char before[128] = "", after[128] = "";
    st_err err = {0};
    if (balance_of(s, lp, buy, before, sizeof before, &err) != 0)
        return fail_result(L, err.msg);
    int native = is_native(lp, sell);
    json_t *intent = json_pack("{s:s, s:s, s:s, s:s}", "chain", chain, "kind", native ? "transfer" : "token_transfer",
                               "to", paper_exchange_address(lp->paper), "amount", amount);
    if (!native)
        json_object_set_new(intent, "asset", json_string(sell));
    /* What the swap bought is the change in the bought asset's balance. */
    json_t *extra = json_pack("{s:s, s:s, s:s}", "sell", sell, "buy", buy, "sold", amount);
    int n = act(L, s, "swap", intent, 0, buy, extra);
    if (n == 1 && balance_of(s, lp, buy, after, sizeof after, &err) == 0) {
        bigdec a, b, d;
        char text[BIGDEC_STR_MAX];
        if (bigdec_parse(&a, after, strlen(after), &err) == 0 && bigdec_parse(&b, before, strlen(before), &err) == 0 &&
            bigdec_sub(&d, &a, &b, &err) == 0) {
            bigdec_to_string(&d, text, sizeof text);
            lua_pushstring(L, text);
            lua_setfield(L, -2, "received");
        }
    }
    return n;
}

/* Whether the strategy's `contracts` list has this contract for the chain (0x addresses
 * compare without regard to case). */
static int contract_allowed(struct strategy *s, const char *chain, const char *contract)
{
    json_t *all = json_loads(s->cs->contracts_json ? s->cs->contracts_json : "{}", 0, NULL);
    json_t *list = json_object_get(all, chain);
    int ok = 0;
    for (size_t i = 0; i < json_array_size(list) && !ok; i++) {
        const char *c = json_string_value(json_array_get(list, i));
        ok = c && (strncmp(c, "0x", 2) == 0 ? strcasecmp(c, contract) == 0 : strcmp(c, contract) == 0);
    }
    json_decref(all);
    return ok;
}

static int api_call(lua_State *L)
{
    struct strategy *s = enter(L);
    static const char *const keys[] = {"chain", "contract", "data", "value", "index", "gas_limit",
                                       "max_fee_per_gas_gwei", "max_priority_fee_per_gas_gwei", NULL};
    arg_table(L, 1, "ctx.call", keys);
    const char *chain = field_string(L, 1, "ctx.call", "chain", 1);
    chain_arg(L, s, "ctx.call", chain);
    const char *contract = field_string(L, 1, "ctx.call", "contract", 1);
    const char *data = field_string(L, 1, "ctx.call", "data", 1);
    const char *gas = field_string(L, 1, "ctx.call", "gas_limit", 0);
    char value[100] = "0";
    lua_pushstring(L, "value");
    if (lua_rawget(L, 1) != LUA_TNIL)
        arg_amount(L, lua_gettop(L), "ctx.call", "field value", value, sizeof value);
    lua_pop(L, 1);
    uint32_t index = (uint32_t)field_int(L, 1, "ctx.call", "index", 0, 0x7fffffff, 0);
    if (!contract_allowed(s, chain, contract)) {
        json_t *record = json_pack("{s:s, s:s, s:s, s:s}", "kind", "call", "chain", chain, "denied", "contracts", "to",
                                   contract);
        json_array_append_new(s->run.actions, record);
        s->run.denied++;
        log_warn("strategy.call_refused", "%s: contract %s on %s is not in strategies.%s.contracts", s->cs->name,
                 contract, chain, s->cs->name);
        lua_pushnil(L);
        lua_createtable(L, 0, 4);
        lua_pushboolean(L, 1);
        lua_setfield(L, -2, "denied");
        lua_pushliteral(L, "contracts");
        lua_setfield(L, -2, "rule");
        lua_pushstring(L, contract);
        lua_setfield(L, -2, "contract");
        return 2;
    }
    json_t *intent = json_pack("{s:s, s:s, s:s, s:s, s:s}", "chain", chain, "kind", "call", "to", contract, "data",
                               data, "amount", value);
    if (gas)
        json_object_set_new(intent, "gas_limit", json_string(gas));
    copy_fee_caps(L, 1, "ctx.call", intent);
    return act(L, s, "call", intent, index, NULL, NULL);
}

/* ---- state and log ----------------------------------------------------------------------- */

static int api_state_get(lua_State *L)
{
    struct strategy *s = enter(L);
    size_t klen = 0;
    const char *key = arg_string(L, 1, "ctx.state.get", "key");
    klen = strlen(key);
    void *v = NULL;
    size_t vlen = 0;
    int found = 0;
    st_err err = {0};
    if (state_get(s->h->env->store, s->cs->name, key, klen, &v, &vlen, &found, &err) != 0)
        return luaL_error(L, "ctx.state.get: %s", err.msg);
    if (!found) {
        lua_pushnil(L);
        return 1;
    }
    s->scratch = json_stringn_nocheck(v, vlen);
    free(v);
    lua_pushlstring(L, json_string_value(s->scratch), json_string_length(s->scratch));
    return 1;
}

static int api_state_set(lua_State *L)
{
    struct strategy *s = enter(L);
    const char *key = arg_string(L, 1, "ctx.state.set", "key");
    st_err err = {0};
    int rc;
    if (lua_isnoneornil(L, 2)) {
        rc = state_delete(s->h->env->store, s->cs->name, key, strlen(key), NULL, &err);
    } else {
        if (lua_type(L, 2) != LUA_TSTRING)
            return luaL_error(L, "ctx.state.set: the value must be a string (or nil to delete), got %s; encode "
                                 "numbers and tables yourself",
                              luaL_typename(L, 2));
        size_t vlen = 0;
        const char *v = lua_tolstring(L, 2, &vlen);
        rc = state_set(s->h->env->store, s->cs->name, key, strlen(key), v, vlen, &err);
    }
    if (rc != 0)
        return luaL_error(L, "ctx.state.set: %s", err.msg);
    return 0;
}

static int api_log(lua_State *L)
{
    struct strategy *s = enter(L);
    const char *msg = arg_string(L, 1, "ctx.log", "message");
    char clean[512];
    size_t n = 0;
    /* One line: control characters become spaces so a script cannot forge log lines. */
    for (const char *p = msg; *p && n + 1 < sizeof clean; p++)
        clean[n++] = (unsigned char)*p < 0x20 || *p == 0x7f ? ' ' : *p;
    clean[n] = '\0';
    log_info("strategy.log", "%s: %s", s->cs->name, clean);
    if (json_array_size(s->run.logs) < STRATEGY_LOGS_KEPT)
        json_array_append_new(s->run.logs, json_string(clean));
    return 0;
}

int strategy_api_register(struct strategy *s)
{
    static const struct {
        const char *name;
        lua_CFunction fn;
    } fns[] = {
        {"ctx.now", api_now},         {"ctx.address", api_address},     {"ctx.balance", api_balance},
        {"ctx.price", api_price},     {"ctx.portfolio", api_portfolio}, {"ctx.transfer", api_transfer},
        {"ctx.swap", api_swap},       {"ctx.call", api_call},           {"ctx.state.get", api_state_get},
        {"ctx.state.set", api_state_set}, {"ctx.log", api_log},
    };
    for (size_t i = 0; i < sizeof fns / sizeof fns[0]; i++)
        if (sandbox_register(s->sb, fns[i].name, fns[i].fn, s) != 0)
            return -1;
    return 0;
}
