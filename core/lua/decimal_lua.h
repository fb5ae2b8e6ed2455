/* decimal_lua.h: exact decimal arithmetic for strategies, as the Lua global table `decimal`.
 *
 * Amounts are decimal strings, never floats. The functions wrap util/bigdec.h (same syntax,
 * limits of 78 digits before and 78 after the decimal point, same rounding modes) and are
 * registered through sandbox_register, so the sandbox's budgets are checked on every call; each
 * call itself runs in bounded time (a long bad string is rejected after at most 160 bytes and
 * only its first 32 are quoted).
 *
 * Arguments: a decimal string ("-12.5"), or a Lua integer (converted exactly). A Lua float is
 * refused, whatever its value. Results: canonical decimal strings (no exponent, no trailing
 * fraction zeros, "0" never negative), integers (cmp, sign) or booleans; never a float.
 *
 *   decimal.add(a, b)  decimal.sub(a, b)        exact
 *   decimal.mul(a, b [, places [, rounding]])   exact, or rounded when places is given
 *   decimal.div(a, b, places [, rounding])      places is required
 *   decimal.round(a, places [, rounding])
 *   decimal.cmp(a, b) -> -1 | 0 | 1             decimal.eq/lt/le/gt/ge(a, b) -> boolean
 *   decimal.min(a, ...)  decimal.max(a, ...)    1 to 64 arguments
 *   decimal.abs(a)  decimal.neg(a)  decimal.sign(a) -> -1 | 0 | 1  decimal.is_zero(a) -> boolean
 *   decimal.valid(x) -> boolean                 never raises
 *
 * `places` is a Lua integer from 0 to 78; `rounding` is one of "down" (the default), "up",
 * "floor", "ceil", "half_up", "half_even". A bad argument or a failed operation raises a Lua
 * error that starts with the function's name, e.g.
 *   decimal.add: argument #2 is a float (1.5); pass amounts as strings, e.g. "1.5"
 *   decimal.div: division by zero
 * See docs/decimal.md. */
#ifndef STEWARD_LUA_DECIMAL_LUA_H
#define STEWARD_LUA_DECIMAL_LUA_H

#include "lua/sandbox.h"

/* Registers every function of the `decimal` table in sb (creating the table, or adding to an
 * existing one). Returns 0, or -1 when a registration fails (out of memory). */
int decimal_lua_register(struct sandbox *sb);

#endif
