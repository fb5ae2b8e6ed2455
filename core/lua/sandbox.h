/* sandbox.h: one Lua 5.4 state per strategy, with per-run budgets.
 *
 * A sandbox owns a Lua state that holds only base (without dofile, loadfile, load, loadstring,
 * print, warn; collectgarbage limited to "count"/"collect"/"step"), string (without dump), table,
 * math (random seeded deterministically per run, randomseed removed), utf8 and coroutine. The
 * script is compiled once, in text mode, by sandbox_new and its top level runs once there under
 * the same budgets as a run.
 *
 * Every run is bounded by a memory cap (the state's allocator refuses beyond it), an instruction
 * budget (count hook) and a wall-clock deadline (checked on the same hook, CLOCK_MONOTONIC). A
 * budget violation is sticky for the rest of the run: the hook raises on every instruction and
 * pcall, xpcall, coroutine.resume/close re-raise it, so a script cannot catch it and carry on; the
 * host decides the status from its own flags, whatever the script returned. See
 * docs/lua-sandbox.md. */
#ifndef STEWARD_LUA_SANDBOX_H
#define STEWARD_LUA_SANDBOX_H

#include <lua.h>
#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

#define SANDBOX_DEFAULT_MEMORY (16u * 1024u * 1024u)
#define SANDBOX_DEFAULT_INSTRUCTIONS 10000000u
#define SANDBOX_DEFAULT_DEADLINE_MS 2000u
#define SANDBOX_DEFAULT_MAX_FAILURES 3u

#define SANDBOX_MSG_MAX 512       /* result message, NUL included */
#define SANDBOX_TRACE_MAX 2048    /* result traceback, NUL included */
#define SANDBOX_VALUE_MAX 4096    /* rendering of the entry's first return value */
#define SANDBOX_CTX_JSON_MAX (1u << 20) /* longest ctx_json accepted */

/* Any field left 0 takes its default. */
struct sandbox_limits {
    size_t memory_bytes;   /* cap on everything the state allocates (live and garbage) */
    uint64_t instructions; /* per run, counted in steps of 1000 VM instructions */
    uint64_t deadline_ms;  /* per run, wall clock */
    unsigned max_failures; /* consecutive failed runs before the strategy is paused */
};

enum sandbox_status {
    SANDBOX_OK = 0,
    SANDBOX_ERROR,        /* a Lua error (or a refused operation) ended the run */
    SANDBOX_MEMORY,       /* the memory cap was hit */
    SANDBOX_INSTRUCTIONS, /* the instruction budget ran out */
    SANDBOX_DEADLINE,     /* the wall-clock deadline passed */
    SANDBOX_PAUSED,       /* not run: the strategy is paused (see sandbox_resume) */
};

struct sandbox_result {
    enum sandbox_status status;
    char message[SANDBOX_MSG_MAX];   /* "script:line: what" when a location is known */
    char traceback[SANDBOX_TRACE_MAX]; /* Lua traceback of the error, possibly empty */
    /* The entry's first return value, rendered as compact JSON-like text without calling any
     * metamethod; depth, entry count and length are bounded (truncated text ends in "..."). */
    char value[SANDBOX_VALUE_MAX];
    int value_type;                 /* LUA_TNIL, LUA_TNUMBER, ... of that value */
    uint64_t instructions;          /* instructions charged in this run (multiple of 1000) */
    uint64_t elapsed_ms;            /* wall time of the run */
    size_t memory_peak;             /* peak bytes allocated by the state during the run */
};

struct sandbox;

/* Fills `lim` with the defaults. */
void sandbox_limits_default(struct sandbox_limits *lim);

/* Creates a state, compiles `source` (text only, chunk name `name`) and runs its top level under
 * the budgets. `lim` may be NULL (defaults). On failure returns -1, *out is NULL and `err` says
 * why (with script:line for a compile or top-level error). */
int sandbox_new(const char *name, const char *source, size_t len, const struct sandbox_limits *lim,
                struct sandbox **out, st_err *err);

/* Makes `fn` callable from the script as the global `name` (a dotted name "ctx.log" creates or
 * reuses the table `ctx`). Inside `fn`, lua_upvalueindex(1) is `upvalue` as a light userdata
 * (nil when NULL). The budgets (instructions, deadline, a recorded violation) are checked each
 * time the script calls `fn`, before it runs; `fn` itself must bound its own time. Returns 0, or
 * -1 when out of memory or the name is invalid. */
int sandbox_register(struct sandbox *sb, const char *name, lua_CFunction fn, void *upvalue);

/* Calls the global function `entry` with one argument: `ctx_json` (may be NULL: an empty table)
 * converted to a Lua table (objects and arrays become tables, null becomes nil; at most
 * SANDBOX_CTX_JSON_MAX bytes, nesting depth 32), to which every field of the global table
 * `ctx` (the host functions registered as "ctx.<name>") is added. Fills `res`. Returns 0 when status is
 * SANDBOX_OK, -1 otherwise. Never raises and never takes the host down. */
int sandbox_run(struct sandbox *sb, const char *entry, const char *ctx_json, struct sandbox_result *res);

/* Pause bookkeeping: a failed run (any status but OK and PAUSED) increments the consecutive
 * failure count, a successful run resets it; at max_failures the sandbox is paused and
 * sandbox_run returns SANDBOX_PAUSED without running until sandbox_resume. */
int sandbox_paused(const struct sandbox *sb);
unsigned sandbox_consecutive_failures(const struct sandbox *sb);
void sandbox_resume(struct sandbox *sb);

const char *sandbox_name(const struct sandbox *sb);
size_t sandbox_memory_used(const struct sandbox *sb);
size_t sandbox_memory_peak(const struct sandbox *sb); /* over the sandbox's lifetime */
lua_State *sandbox_state(struct sandbox *sb);         /* for the host API only */
const char *sandbox_status_name(enum sandbox_status st);

void sandbox_free(struct sandbox *sb);

#endif
