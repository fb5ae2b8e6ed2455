/* strategy_args.h: reading a ctx function's arguments strictly. Every read is raw (no
 * metamethod of the script's runs inside the host), every type is checked, and misuse raises
 * a Lua error that names the function and the argument or field. */
#ifndef STEWARD_STRATEGY_ARGS_H
#define STEWARD_STRATEGY_ARGS_H

#include <lua.h>
#include <stddef.h>

#define ARG_TEXT_MAX 1024 /* longest string argument accepted */

/* Argument `idx` as a string (not a number, no NUL byte, at most ARG_TEXT_MAX bytes). */
const char *arg_string(lua_State *L, int idx, const char *fn, const char *what);
/* The same, or NULL when the argument is nil or absent. */
const char *arg_opt_string(lua_State *L, int idx, const char *fn, const char *what);
/* An amount: a decimal string, or a Lua integer written out exactly; a float is refused. The
 * text is written to out. */
void arg_amount(lua_State *L, int idx, const char *fn, const char *what, char *out, size_t cap);
/* An integer in [min, max]; def when nil or absent. */
long long arg_opt_int(lua_State *L, int idx, const char *fn, const char *what, long long min, long long max,
                      long long def);

/* Argument `idx` must be a table whose keys are all strings from `known` (NULL-terminated). */
void arg_table(lua_State *L, int idx, const char *fn, const char *const *known);
/* Pushes t[key] (raw) for the field readers below, which pop it again. */
const char *field_string(lua_State *L, int t, const char *fn, const char *key, int required);
void field_amount(lua_State *L, int t, const char *fn, const char *key, char *out, size_t cap);
long long field_int(lua_State *L, int t, const char *fn, const char *key, long long min, long long max, long long def);

#endif
