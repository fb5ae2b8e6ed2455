/* decimal_lua.c: the Lua `decimal` table over util/bigdec. See decimal_lua.h.
 *
 * Every value lives in fixed-size C locals (bigdec needs no heap), so a Lua error raised with
 * lua_error (a longjmp) leaks nothing. Errors are raised without a position; the sandbox's
 * message handler prefixes the script's file:line. */
#include "lua/decimal_lua.h"

#include <lauxlib.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "util/bigdec.h"

#define QUOTE_MAX 32  /* bytes of a bad string shown in an error */
#define MINMAX_ARGS 64

/* Raises a Lua error with a formatted message (Lua's own formatter knows no width or %zu). */
__attribute__((format(printf, 2, 3), noreturn)) static void fail(lua_State *L, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    lua_pushstring(L, msg);
    lua_error(L);
    for (;;) /* lua_error does not return */
        ;
}

/* A printable, shortened copy of s in double quotes: at most QUOTE_MAX bytes of s, control and
 * non-ASCII bytes as \xNN, and "..." after the quote when s was longer. */
static void quote(char *out, size_t cap, const char *s, size_t len)
{
    size_t o = 0, n = len < QUOTE_MAX ? len : QUOTE_MAX;
    out[o++] = '"';
    for (size_t i = 0; i < n && o + 6 < cap; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\') {
            out[o++] = '\\';
            out[o++] = (char)c;
        } else if (c >= 0x20 && c < 0x7f) {
            out[o++] = (char)c;
        } else {
            o += (size_t)snprintf(out + o, cap - o, "\\x%02x", c);
        }
    }
    out[o++] = '"';
    if (len > n && o + 4 <= cap) {
        memcpy(out + o, "...", 3);
        o += 3;
    }
    out[o] = '\0';
}

/* What the value at i is, for an error message. */
static const char *describe(lua_State *L, int i)
{
    switch (lua_type(L, i)) {
    case LUA_TNONE: return "missing";
    case LUA_TNIL: return "nil";
    case LUA_TBOOLEAN: return "a boolean";
    case LUA_TTABLE: return "a table";
    case LUA_TFUNCTION: return "a function";
    case LUA_TUSERDATA:
    case LUA_TLIGHTUSERDATA: return "a userdata";
    case LUA_TTHREAD: return "a coroutine";
    case LUA_TSTRING: return "a string";
    default: return "a number";
    }
}

/* Lua's own rendering of a float (tostring): %.14g, and ".0" after an integral value. */
static void show_float(char *out, size_t cap, lua_Number v)
{
    snprintf(out, cap, "%.14g", (double)v);
    if (strspn(out, "-0123456789") == strlen(out))
        snprintf(out + strlen(out), cap - strlen(out), ".0");
}

__attribute__((noreturn)) static void refuse_float(lua_State *L, const char *fn, int i, lua_Number v)
{
    char shown[64], plain[64];
    show_float(shown, sizeof shown, v);
    /* suggest the string the author probably meant, when that is a valid decimal */
    snprintf(plain, sizeof plain, "%.14g", (double)v);
    bigdec d;
    if (isfinite(v) && bigdec_parse(&d, plain, strlen(plain), NULL) == 0)
        fail(L, "%s: argument #%d is a float (%s); pass amounts as strings, e.g. \"%s\"", fn, i, shown,
             plain);
    fail(L, "%s: argument #%d is a float (%s); pass amounts as strings", fn, i, shown);
}

/* Reads argument i as a decimal: a decimal string or a Lua integer. Raises on anything else. */
static void arg_dec(lua_State *L, const char *fn, int i, bigdec *out)
{
    int t = lua_type(L, i);
    if (t == LUA_TSTRING) {
        size_t len;
        const char *s = lua_tolstring(L, i, &len);
        st_err e = {0};
        if (bigdec_parse(out, s, len, &e) != 0) {
            char q[QUOTE_MAX * 4 + 8];
            quote(q, sizeof q, s, len);
            fail(L, "%s: argument #%d is not a decimal (%s): %s", fn, i, q, e.msg);
        }
        return;
    }
    if (t == LUA_TNUMBER) {
        if (lua_isinteger(L, i)) {
            bigdec_from_i64(out, (int64_t)lua_tointeger(L, i));
            return;
        }
        refuse_float(L, fn, i, lua_tonumber(L, i));
    }
    fail(L, "%s: argument #%d is %s; pass a decimal string such as \"1.5\"", fn, i, describe(L, i));
}

/* Reads argument i as places: a Lua integer from 0 to 78. */
static unsigned arg_places(lua_State *L, const char *fn, int i)
{
    if (lua_type(L, i) == LUA_TNUMBER && lua_isinteger(L, i)) {
        lua_Integer p = lua_tointeger(L, i);
        if (p >= 0 && p <= BIGDEC_MAX_FRAC_DIGITS)
            return (unsigned)p;
        fail(L, "%s: argument #%d (places) must be an integer from 0 to %d, not %lld", fn, i,
             BIGDEC_MAX_FRAC_DIGITS, (long long)p);
    }
    if (lua_type(L, i) == LUA_TNUMBER) {
        char shown[64];
        show_float(shown, sizeof shown, lua_tonumber(L, i));
        fail(L, "%s: argument #%d (places) must be an integer from 0 to %d, not the float %s", fn, i,
             BIGDEC_MAX_FRAC_DIGITS, shown);
    }
    fail(L, "%s: argument #%d (places) must be an integer from 0 to %d, but is %s", fn, i,
         BIGDEC_MAX_FRAC_DIGITS, describe(L, i));
}

/* Reads argument i as a rounding mode name; missing or nil is "down". */
static enum bigdec_rounding arg_rounding(lua_State *L, const char *fn, int i)
{
    enum bigdec_rounding m = BIGDEC_DOWN;
    int t = lua_type(L, i);
    if (t == LUA_TNONE || t == LUA_TNIL)
        return m;
    if (t == LUA_TSTRING) {
        size_t len;
        const char *s = lua_tolstring(L, i, &len);
        if (bigdec_rounding_parse(s, len, &m) == 0)
            return m;
        char q[QUOTE_MAX * 4 + 8];
        quote(q, sizeof q, s, len);
        fail(L,
             "%s: argument #%d (rounding) must be one of \"down\", \"up\", \"floor\", \"ceil\", "
             "\"half_up\", \"half_even\", not %s",
             fn, i, q);
    }
    fail(L, "%s: argument #%d (rounding) must be a rounding mode name such as \"half_even\", but is %s",
         fn, i, describe(L, i));
}

/* Refuses more than max arguments (a likely mistake, such as add(a, b, c)). */
static void max_args(lua_State *L, const char *fn, int max)
{
    int n = lua_gettop(L);
    if (n > max)
        fail(L, "%s: expected at most %d argument%s, got %d", fn, max, max == 1 ? "" : "s", n);
}

static int push_dec(lua_State *L, const bigdec *d)
{
    char s[BIGDEC_STR_MAX];
    bigdec_to_string(d, s, sizeof s);
    lua_pushstring(L, s);
    return 1;
}

/* Raises the library's error for fn when rc failed. */
static void check_op(lua_State *L, const char *fn, int rc, const st_err *e)
{
    if (rc != 0)
        fail(L, "%s: %s", fn, e->msg);
}

/* ---- the functions ---------------------------------------------------------------------------- */

static int add_sub(lua_State *L, const char *fn, int sub)
{
    bigdec a, b, r;
    st_err e = {0};
    max_args(L, fn, 2);
    arg_dec(L, fn, 1, &a);
    arg_dec(L, fn, 2, &b);
    check_op(L, fn, sub ? bigdec_sub(&r, &a, &b, &e) : bigdec_add(&r, &a, &b, &e), &e);
    return push_dec(L, &r);
}

static int l_add(lua_State *L) { return add_sub(L, "decimal.add", 0); }
static int l_sub(lua_State *L) { return add_sub(L, "decimal.sub", 1); }

static int l_mul(lua_State *L)
{
    const char *fn = "decimal.mul";
    bigdec a, b, r;
    st_err e = {0};
    max_args(L, fn, 4);
    arg_dec(L, fn, 1, &a);
    arg_dec(L, fn, 2, &b);
    int places = BIGDEC_EXACT;
    enum bigdec_rounding m = BIGDEC_DOWN;
    if (!lua_isnoneornil(L, 3)) {
        places = (int)arg_places(L, fn, 3);
        m = arg_rounding(L, fn, 4);
    } else if (!lua_isnoneornil(L, 4)) {
        fail(L, "%s: argument #4 (rounding) is given without argument #3 (places)", fn);
    }
    check_op(L, fn, bigdec_mul(&r, &a, &b, places, m, &e), &e);
    return push_dec(L, &r);
}

static int l_div(lua_State *L)
{
    const char *fn = "decimal.div";
    bigdec a, b, r;
    st_err e = {0};
    max_args(L, fn, 4);
    arg_dec(L, fn, 1, &a);
    arg_dec(L, fn, 2, &b);
    unsigned places = arg_places(L, fn, 3);
    enum bigdec_rounding m = arg_rounding(L, fn, 4);
    check_op(L, fn, bigdec_div(&r, &a, &b, places, m, &e), &e);
    return push_dec(L, &r);
}

static int l_round(lua_State *L)
{
    const char *fn = "decimal.round";
    bigdec a, r;
    st_err e = {0};
    max_args(L, fn, 3);
    arg_dec(L, fn, 1, &a);
    unsigned places = arg_places(L, fn, 2);
    enum bigdec_rounding m = arg_rounding(L, fn, 3);
    check_op(L, fn, bigdec_round(&r, &a, places, m, &e), &e);
    return push_dec(L, &r);
}

/* cmp of the two arguments of fn */
static int compare(lua_State *L, const char *fn)
{
    bigdec a, b;
    max_args(L, fn, 2);
    arg_dec(L, fn, 1, &a);
    arg_dec(L, fn, 2, &b);
    return bigdec_cmp(&a, &b);
}

static int l_cmp(lua_State *L)
{
    lua_pushinteger(L, compare(L, "decimal.cmp"));
    return 1;
}

static int l_eq(lua_State *L)
{
    lua_pushboolean(L, compare(L, "decimal.eq") == 0);
    return 1;
}

static int l_lt(lua_State *L)
{
    lua_pushboolean(L, compare(L, "decimal.lt") < 0);
    return 1;
}

static int l_le(lua_State *L)
{
    lua_pushboolean(L, compare(L, "decimal.le") <= 0);
    return 1;
}

static int l_gt(lua_State *L)
{
    lua_pushboolean(L, compare(L, "decimal.gt") > 0);
    return 1;
}

static int l_ge(lua_State *L)
{
    lua_pushboolean(L, compare(L, "decimal.ge") >= 0);
    return 1;
}

/* The least (want = -1) or greatest (want = 1) of 1..MINMAX_ARGS arguments. */
static int min_max(lua_State *L, const char *fn, int want)
{
    bigdec best, x;
    max_args(L, fn, MINMAX_ARGS);
    arg_dec(L, fn, 1, &best);
    int n = lua_gettop(L);
    for (int i = 2; i <= n; i++) {
        arg_dec(L, fn, i, &x);
        if (bigdec_cmp(&x, &best) == want)
            best = x;
    }
    return push_dec(L, &best);
}

static int l_min(lua_State *L) { return min_max(L, "decimal.min", -1); }
static int l_max(lua_State *L) { return min_max(L, "decimal.max", 1); }

static int l_abs(lua_State *L)
{
    bigdec a;
    max_args(L, "decimal.abs", 1);
    arg_dec(L, "decimal.abs", 1, &a);
    bigdec_abs(&a, &a);
    return push_dec(L, &a);
}

static int l_neg(lua_State *L)
{
    bigdec a;
    max_args(L, "decimal.neg", 1);
    arg_dec(L, "decimal.neg", 1, &a);
    bigdec_neg(&a, &a);
    return push_dec(L, &a);
}

static int l_sign(lua_State *L)
{
    bigdec a;
    max_args(L, "decimal.sign", 1);
    arg_dec(L, "decimal.sign", 1, &a);
    lua_pushinteger(L, bigdec_sign(&a));
    return 1;
}

static int l_is_zero(lua_State *L)
{
    bigdec a;
    max_args(L, "decimal.is_zero", 1);
    arg_dec(L, "decimal.is_zero", 1, &a);
    lua_pushboolean(L, bigdec_is_zero(&a));
    return 1;
}

/* true exactly when the other functions would accept the first argument as a decimal */
static int l_valid(lua_State *L)
{
    int ok = 0;
    if (lua_type(L, 1) == LUA_TSTRING) {
        size_t len;
        const char *s = lua_tolstring(L, 1, &len);
        bigdec d;
        ok = bigdec_parse(&d, s, len, NULL) == 0;
    } else if (lua_type(L, 1) == LUA_TNUMBER) {
        ok = lua_isinteger(L, 1);
    }
    lua_pushboolean(L, ok);
    return 1;
}

static const struct {
    const char *name;
    lua_CFunction fn;
} FUNCS[] = {
    {"decimal.add", l_add},     {"decimal.sub", l_sub},   {"decimal.mul", l_mul},
    {"decimal.div", l_div},     {"decimal.round", l_round}, {"decimal.cmp", l_cmp},
    {"decimal.eq", l_eq},       {"decimal.lt", l_lt},     {"decimal.le", l_le},
    {"decimal.gt", l_gt},       {"decimal.ge", l_ge},     {"decimal.min", l_min},
    {"decimal.max", l_max},     {"decimal.abs", l_abs},   {"decimal.neg", l_neg},
    {"decimal.sign", l_sign},   {"decimal.is_zero", l_is_zero}, {"decimal.valid", l_valid},
};

int decimal_lua_register(struct sandbox *sb)
{
    for (size_t i = 0; i < sizeof FUNCS / sizeof FUNCS[0]; i++)
        if (sandbox_register(sb, FUNCS[i].name, FUNCS[i].fn, NULL) != 0)
            return -1;
    return 0;
}
