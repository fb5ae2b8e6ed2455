/* strategy_args.c: strict argument readers for the ctx API (see strategy_args.h). */
#include "strategy/strategy_args.h"

#include <lauxlib.h>
#include <stdio.h>
#include <string.h>

static const char *check_text(lua_State *L, int idx, const char *fn, const char *what)
{
    size_t n = 0;
    const char *s = lua_tolstring(L, idx, &n);
    if (n > ARG_TEXT_MAX)
        luaL_error(L, "%s: %s is %d bytes long, the limit is %d", fn, what, (int)(n > 99999 ? 99999 : n),
                   ARG_TEXT_MAX);
    if (strlen(s) != n)
        luaL_error(L, "%s: %s contains a NUL byte", fn, what);
    return s;
}

const char *arg_string(lua_State *L, int idx, const char *fn, const char *what)
{
    if (lua_type(L, idx) != LUA_TSTRING)
        luaL_error(L, "%s: %s must be a string, got %s", fn, what, luaL_typename(L, idx));
    return check_text(L, idx, fn, what);
}

const char *arg_opt_string(lua_State *L, int idx, const char *fn, const char *what)
{
    return lua_isnoneornil(L, idx) ? NULL : arg_string(L, idx, fn, what);
}

void arg_amount(lua_State *L, int idx, const char *fn, const char *what, char *out, size_t cap)
{
    if (lua_type(L, idx) == LUA_TNUMBER) {
        if (!lua_isinteger(L, idx))
            luaL_error(L, "%s: %s is a float (%f); amounts are decimal strings, e.g. \"0.5\"", fn, what,
                       lua_tonumber(L, idx));
        long long v = (long long)lua_tointeger(L, idx);
        snprintf(out, cap, "%lld", v);
        return;
    }
    const char *s = arg_string(L, idx, fn, what);
    if (strlen(s) >= cap)
        luaL_error(L, "%s: %s is too long for an amount", fn, what);
    snprintf(out, cap, "%s", s);
}

long long arg_opt_int(lua_State *L, int idx, const char *fn, const char *what, long long min, long long max,
                      long long def)
{
    if (lua_isnoneornil(L, idx))
        return def;
    if (!lua_isinteger(L, idx))
        luaL_error(L, "%s: %s must be an integer, got %s", fn, what, luaL_typename(L, idx));
    long long v = (long long)lua_tointeger(L, idx);
    if (v < min || v > max)
        luaL_error(L, "%s: %s must be from %lld to %lld, got %lld", fn, what, min, max, v);
    return v;
}

void arg_table(lua_State *L, int idx, const char *fn, const char *const *known)
{
    if (lua_type(L, idx) != LUA_TTABLE)
        luaL_error(L, "%s: expects a table {...}, got %s", fn, luaL_typename(L, idx));
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        lua_pop(L, 1);
        if (lua_type(L, -1) != LUA_TSTRING)
            luaL_error(L, "%s: field names must be strings, got a %s key", fn, luaL_typename(L, -1));
        const char *k = lua_tostring(L, -1);
        int ok = 0;
        for (const char *const *p = known; *p && !ok; p++)
            ok = strcmp(*p, k) == 0;
        if (!ok)
            luaL_error(L, "%s: unknown field \"%.40s\"", fn, k);
    }
}

const char *field_string(lua_State *L, int t, const char *fn, const char *key, int required)
{
    lua_pushstring(L, key);
    lua_rawget(L, t);
    if (lua_isnil(L, -1)) {
        lua_pop(L, 1);
        if (required)
            luaL_error(L, "%s: field %s is required", fn, key);
        return NULL;
    }
    if (lua_type(L, -1) != LUA_TSTRING)
        luaL_error(L, "%s: field %s must be a string, got %s", fn, key, luaL_typename(L, -1));
    char what[64];
    snprintf(what, sizeof what, "field %s", key);
    const char *s = check_text(L, -1, fn, what);
    /* The string stays alive: it is referenced by the table, which is on the stack. */
    lua_pop(L, 1);
    return s;
}

void field_amount(lua_State *L, int t, const char *fn, const char *key, char *out, size_t cap)
{
    lua_pushstring(L, key);
    lua_rawget(L, t);
    if (lua_isnil(L, -1))
        luaL_error(L, "%s: field %s is required", fn, key);
    char what[64];
    snprintf(what, sizeof what, "field %s", key);
    arg_amount(L, lua_gettop(L), fn, what, out, cap);
    lua_pop(L, 1);
}

long long field_int(lua_State *L, int t, const char *fn, const char *key, long long min, long long max, long long def)
{
    lua_pushstring(L, key);
    lua_rawget(L, t);
    char what[64];
    snprintf(what, sizeof what, "field %s", key);
    long long v = arg_opt_int(L, lua_gettop(L), fn, what, min, max, def);
    lua_pop(L, 1);
    return v;
}
