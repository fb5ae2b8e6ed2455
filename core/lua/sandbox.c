/* sandbox.c: the Lua 5.4 sandbox of one strategy. See sandbox.h and docs/lua-sandbox.md.
 *
 * Invariants:
 * - Every host operation that can allocate or run script code runs inside lua_pcall; the
 *   state's panic function is never reached.
 * - The allocator never lets the state's accounted bytes exceed the cap.
 * - A budget violation (memory, instructions, deadline) is recorded once in `violation` and is
 *   sticky for the rest of the run: the hook raises on every instruction and the protected-call
 *   wrappers (pcall, xpcall, coroutine.resume, coroutine.close) re-raise after the call. The run's
 *   status comes from the host's flag, never from what the script returned.
 * - The host never calls a metamethod of a script value: error objects and return values are
 *   read with raw access only, into bounded C buffers. */
#include "lua/sandbox.h"

#include <errno.h>
#include <inttypes.h>
#include <lauxlib.h>
#include <lualib.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define HOOK_STEP 1000          /* instructions between two hook calls */
#define DEADLINE_ALLOC_STEP (256u * 1024u) /* bytes allocated between deadline checks */
#define JSON_MAX_DEPTH 32
#define RENDER_MAX_DEPTH 8
#define RENDER_MAX_ITEMS 256
#define TRACE_FIRST 10
#define TRACE_LAST 5

struct sandbox {
    lua_State *L;
    char name[64];
    struct sandbox_limits lim;
    /* memory */
    size_t mem_used, mem_peak_run, mem_peak_life, alloc_since_check;
    /* current run */
    int armed;
    uint64_t instr;
    uint64_t start_ns, deadline_ns;
    enum sandbox_status violation; /* SANDBOX_OK while none */
    char vmsg[SANDBOX_MSG_MAX];
    /* the last error that reached the host's message handler */
    int have_err;
    char emsg[SANDBOX_MSG_MAX];
    char etrace[SANDBOX_TRACE_MAX];
    /* pause rule */
    unsigned failures;
    int paused;
    uint64_t runs;
    int seed_ref; /* math.randomseed, kept out of the script's reach */
};

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static struct sandbox *SB(lua_State *L)
{
    return *(struct sandbox **)lua_getextraspace(L);
}

/* Copies at most cap-1 bytes and always terminates. */
static void bcopy_str(char *dst, size_t cap, const char *src, size_t len)
{
    if (len >= cap)
        len = cap - 1;
    memcpy(dst, src, len);
    dst[len] = '\0';
}

/* ---- allocator --------------------------------------------------------------------------- */

static void *sb_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
    struct sandbox *sb = ud;
    size_t old = ptr ? osize : 0;
    if (nsize == 0) {
        free(ptr);
        sb->mem_used -= old;
        return NULL;
    }
    if (nsize > old) {
        size_t grow = nsize - old;
        int refuse = grow > sb->lim.memory_bytes - sb->mem_used;
        if (refuse && sb->armed && sb->violation == SANDBOX_OK) {
            sb->violation = SANDBOX_MEMORY;
            snprintf(sb->vmsg, sizeof sb->vmsg, "%s: memory cap of %zu bytes exceeded", sb->name,
                     sb->lim.memory_bytes);
        }
        if (!refuse && sb->armed) {
            sb->alloc_since_check += grow;
            if (sb->alloc_since_check >= DEADLINE_ALLOC_STEP) {
                sb->alloc_since_check = 0;
                /* C functions that build big values run no VM instructions; their allocations
                 * are where the deadline is noticed. */
                if (sb->violation == SANDBOX_OK && now_ns() >= sb->deadline_ns) {
                    sb->violation = SANDBOX_DEADLINE;
                    snprintf(sb->vmsg, sizeof sb->vmsg, "%s: deadline of %" PRIu64 " ms exceeded",
                             sb->name, sb->lim.deadline_ms);
                    refuse = 1;
                }
            }
        }
        if (refuse)
            return NULL;
    }
    void *p = realloc(ptr, nsize);
    if (p == NULL)
        return NULL; /* the real heap is out: Lua raises a memory error */
    sb->mem_used = sb->mem_used - old + nsize;
    if (sb->mem_used > sb->mem_peak_run)
        sb->mem_peak_run = sb->mem_used;
    if (sb->mem_used > sb->mem_peak_life)
        sb->mem_peak_life = sb->mem_used;
    return p;
}

/* ---- budget enforcement ------------------------------------------------------------------ */

/* "script:line" of the innermost Lua function on L's stack, or the sandbox name. No allocation. */
static void locate(lua_State *L, struct sandbox *sb, char *buf, size_t cap)
{
    lua_Debug ar;
    for (int level = 0; level < 16 && lua_getstack(L, level, &ar); level++) {
        if (lua_getinfo(L, "Sl", &ar) && ar.currentline > 0) {
            snprintf(buf, cap, "%s:%d", ar.short_src, ar.currentline);
            return;
        }
    }
    snprintf(buf, cap, "%s", sb->name);
}

static void violate(lua_State *L, struct sandbox *sb, enum sandbox_status kind)
{
    char where[128];
    if (sb->violation != SANDBOX_OK)
        return;
    sb->violation = kind;
    locate(L, sb, where, sizeof where);
    if (kind == SANDBOX_INSTRUCTIONS)
        snprintf(sb->vmsg, sizeof sb->vmsg, "%s: instruction budget of %" PRIu64 " exceeded", where,
                 sb->lim.instructions);
    else
        snprintf(sb->vmsg, sizeof sb->vmsg, "%s: deadline of %" PRIu64 " ms exceeded", where,
                 sb->lim.deadline_ms);
}

static void hook(lua_State *L, lua_Debug *ar);

/* Raises the run's violation; from here on the thread's hook fires on every instruction. */
static int raise_sticky(lua_State *L, struct sandbox *sb)
{
    lua_sethook(L, hook, LUA_MASKCOUNT, 1);
    lua_pushstring(L, sb->vmsg);
    return lua_error(L);
}

static void check_budget(lua_State *L, struct sandbox *sb)
{
    if (sb->violation == SANDBOX_OK) {
        if (sb->instr > sb->lim.instructions)
            violate(L, sb, SANDBOX_INSTRUCTIONS);
        else if (now_ns() >= sb->deadline_ns)
            violate(L, sb, SANDBOX_DEADLINE);
    }
    if (sb->violation != SANDBOX_OK)
        raise_sticky(L, sb);
}

static void hook(lua_State *L, lua_Debug *ar)
{
    (void)ar;
    struct sandbox *sb = SB(L);
    if (!sb->armed)
        return;
    if (sb->violation == SANDBOX_OK)
        sb->instr += HOOK_STEP;
    check_budget(L, sb);
}

/* Charges work done by a C library function (no VM instructions) to the instruction budget. */
static void charge(lua_State *L, uint64_t n)
{
    struct sandbox *sb = SB(L);
    if (!sb->armed)
        return;
    if (sb->violation == SANDBOX_OK)
        sb->instr = (UINT64_MAX - sb->instr < n) ? UINT64_MAX : sb->instr + n;
    check_budget(L, sb);
}

/* ---- wrappers of library functions -------------------------------------------------------- */

/* pcall, xpcall, coroutine.resume, coroutine.close: call the original (upvalue 1), then
 * re-raise a violation the callee may have caught. Continuations keep them yieldable. */
static int guard_k(lua_State *L, int status, lua_KContext ctx)
{
    (void)status;
    (void)ctx;
    struct sandbox *sb = SB(L);
    if (sb->armed && sb->violation != SANDBOX_OK)
        return raise_sticky(L, sb);
    return lua_gettop(L);
}

static int guard(lua_State *L)
{
    struct sandbox *sb = SB(L);
    if (sb->armed && sb->violation != SANDBOX_OK)
        return raise_sticky(L, sb);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_callk(L, lua_gettop(L) - 1, LUA_MULTRET, 0, guard_k);
    return guard_k(L, LUA_OK, 0);
}

/* xpcall's message handler runs before the stack unwinds; for an error raised by the hook that
 * is with hooks still disabled, so it could loop unbounded. The script's handler is therefore
 * skipped once a violation is recorded (all errors raised from the hook are violations). */
static int xp_handler(lua_State *L)
{
    struct sandbox *sb = SB(L);
    if (sb->armed && sb->violation != SANDBOX_OK)
        return 1; /* the error object, unchanged */
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, 1);
    return 1;
}

static int w_xpcall(lua_State *L)
{
    luaL_checktype(L, 2, LUA_TFUNCTION);
    lua_pushvalue(L, 2);
    lua_pushcclosure(L, xp_handler, 1);
    lua_replace(L, 2);
    return guard(L);
}

/* A coroutine killed by an error raised from the hook keeps Lua's "hooks disabled" flag (its
 * lua_resume does not restore it), so its pending __close handlers must never run: such threads
 * are "poisoned" (a weak set in the registry) and coroutine.close and wrap never close them. */
static const char POISON_KEY = 'p';

static void poison(lua_State *L, int idx)
{
    idx = lua_absindex(L, idx);
    if (lua_rawgetp(L, LUA_REGISTRYINDEX, &POISON_KEY) == LUA_TTABLE) {
        lua_pushvalue(L, idx);
        lua_pushboolean(L, 1);
        lua_rawset(L, -3);
    }
    lua_pop(L, 1);
}

static int poisoned(lua_State *L, int idx)
{
    idx = lua_absindex(L, idx);
    int r = 0;
    if (lua_rawgetp(L, LUA_REGISTRYINDEX, &POISON_KEY) == LUA_TTABLE) {
        lua_pushvalue(L, idx);
        r = lua_rawget(L, -2) != LUA_TNIL;
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
    return r;
}

static int resume_k(lua_State *L, int status, lua_KContext ctx)
{
    (void)status;
    (void)ctx;
    struct sandbox *sb = SB(L);
    if (sb->armed && sb->violation != SANDBOX_OK) {
        poison(L, 1); /* the coroutine, kept below the results */
        return raise_sticky(L, sb);
    }
    lua_remove(L, 1);
    return lua_gettop(L);
}

static int w_resume(lua_State *L)
{
    struct sandbox *sb = SB(L);
    lua_State *co = lua_tothread(L, 1);
    if (sb->armed && sb->violation != SANDBOX_OK)
        return raise_sticky(L, sb);
    luaL_argexpected(L, co != NULL, 1, "coroutine");
    lua_pushvalue(L, 1); /* [co, orig, co, args...]: keep the coroutine to poison it */
    lua_insert(L, 1);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 2);
    lua_callk(L, lua_gettop(L) - 2, LUA_MULTRET, 0, resume_k);
    return resume_k(L, LUA_OK, 0);
}

static int w_coclose(lua_State *L)
{
    struct sandbox *sb = SB(L);
    if (sb->armed && sb->violation != SANDBOX_OK)
        return raise_sticky(L, sb);
    if (lua_type(L, 1) == LUA_TTHREAD && poisoned(L, 1)) {
        lua_pushboolean(L, 0);
        lua_pushliteral(L, "coroutine was stopped by the sandbox");
        return 2;
    }
    return guard(L);
}

/* coroutine.wrap, reimplemented so that a coroutine stopped by a violation is poisoned and not
 * closed; otherwise it behaves like the stock one. */
static int wrap_call(lua_State *L)
{
    struct sandbox *sb = SB(L);
    lua_State *co = lua_tothread(L, lua_upvalueindex(1));
    if (sb->armed && sb->violation != SANDBOX_OK)
        return raise_sticky(L, sb);
    int narg = lua_gettop(L);
    if (!lua_checkstack(co, narg + 1))
        return luaL_error(L, "too many arguments to resume");
    lua_xmove(L, co, narg);
    int nres = 0;
    int st = lua_resume(co, L, narg, &nres);
    if (st == LUA_OK || st == LUA_YIELD) {
        if (!lua_checkstack(L, nres + 1)) {
            lua_pop(co, nres);
            return luaL_error(L, "too many results to resume");
        }
        lua_xmove(co, L, nres);
        return nres;
    }
    if (sb->armed && sb->violation != SANDBOX_OK) {
        lua_pushvalue(L, lua_upvalueindex(1));
        poison(L, -1);
        return raise_sticky(L, sb);
    }
    int cst = lua_status(co);
    if (cst != LUA_OK && cst != LUA_YIELD) {
        st = lua_resetthread(co); /* close its to-be-closed variables */
        if (sb->armed && sb->violation != SANDBOX_OK)
            return raise_sticky(L, sb);
    }
    lua_xmove(co, L, 1);
    if (st != LUA_ERRMEM && lua_type(L, -1) == LUA_TSTRING) {
        luaL_where(L, 1);
        lua_insert(L, -2);
        lua_concat(L, 2);
    }
    return lua_error(L);
}

static int w_wrap(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TFUNCTION);
    lua_State *co = lua_newthread(L);
    lua_pushvalue(L, 1);
    lua_xmove(L, co, 1);
    lua_pushcclosure(L, wrap_call, 1);
    return 1;
}

static int call_orig(lua_State *L)
{
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
    return lua_gettop(L);
}

/* setmetatable: no __gc. Finalizers run with hooks disabled, so they could not be bounded. */
static int w_setmetatable(lua_State *L)
{
    if (lua_type(L, 2) == LUA_TTABLE) {
        lua_pushliteral(L, "__gc");
        int t = lua_rawget(L, 2);
        lua_pop(L, 1);
        if (t != LUA_TNIL)
            return luaL_error(L, "__gc metamethods are not allowed in the sandbox");
    }
    return call_orig(L);
}

static int w_collectgarbage(lua_State *L)
{
    const char *opt = luaL_optstring(L, 1, "collect");
    if (strcmp(opt, "count") == 0)
        return call_orig(L);
    if (strcmp(opt, "collect") == 0 || strcmp(opt, "step") == 0) {
        charge(L, HOOK_STEP + SB(L)->mem_used / 64);
        return call_orig(L);
    }
    return luaL_error(L, "collectgarbage option '%s' is not allowed in the sandbox", opt);
}

static uint64_t span(lua_Integer from, lua_Integer to)
{
    if (to < from)
        return 0;
    return (uint64_t)((lua_Unsigned)to - (lua_Unsigned)from) + 1;
}

/* table.insert/remove/move/sort/concat loop in C and may call C metamethods (no VM
 * instructions at all), so each is charged for the elements it touches. */
static int w_tinsert(lua_State *L)
{
    if (lua_gettop(L) == 3)
        charge(L, span(luaL_checkinteger(L, 2), luaL_len(L, 1)));
    return call_orig(L);
}

static int w_tremove(lua_State *L)
{
    lua_Integer size = luaL_len(L, 1);
    lua_Integer pos = luaL_optinteger(L, 2, size);
    charge(L, 1 + span(pos, size));
    return call_orig(L);
}

static int w_tmove(lua_State *L)
{
    charge(L, span(luaL_checkinteger(L, 2), luaL_checkinteger(L, 3)));
    return call_orig(L);
}

static int w_tsort(lua_State *L)
{
    lua_Integer n = luaL_len(L, 1);
    if (n > 1) {
        uint64_t bits = 0;
        for (uint64_t v = (uint64_t)n; v; v >>= 1)
            bits++;
        uint64_t c = (uint64_t)n > UINT64_MAX / (bits + 1) ? UINT64_MAX : (uint64_t)n * (bits + 1);
        charge(L, c);
    }
    return call_orig(L);
}

static int w_tconcat(lua_State *L)
{
    lua_Integer last = luaL_opt(L, luaL_checkinteger, 4, luaL_len(L, 1));
    charge(L, span(luaL_optinteger(L, 3, 1), last));
    return call_orig(L);
}

/* Lua's pattern matcher runs in C without the count hook, and backtracking makes it
 * polynomial in the subject's length with one degree per repetition item (".-.-.-b" on a long
 * subject is n^4), so a pattern call could outlast any deadline. Before calling the original,
 * the wrappers bound the worst case: the start positions tried (the subject's length, or 1 for
 * an anchored pattern), times the pattern's items, times the subject's length for each `*`,
 * `+` or `-` item and 2 for each `?`. gsub and gmatch continue after a match and advance one
 * position after a failure, so their total is of the same order. A plain find is bounded by
 * subject x needle. Calls over PATTERN_BUDGET steps are refused; ordinary use (amounts,
 * symbols, splitting a few kilobytes) is far below it. */
#define PATTERN_BUDGET 2e8

static double pattern_cost(const char *p, size_t m, double n, int plain)
{
    if (plain)
        return n * (double)(m ? m : 1);
    double positions = m > 0 && p[0] == '^' ? 1 : n + 1, items = 0, rep = 1;
    for (size_t i = m > 0 && p[0] == '^' ? 1 : 0; i < m; i++) {
        if (p[i] == '%') { /* an escape or a class: one item */
            i++;
            items++;
        } else if (p[i] == '[') { /* a set: its characters are literal */
            i++;
            if (i < m && p[i] == '^')
                i++;
            if (i < m && p[i] == ']')
                i++;
            while (i < m && p[i] != ']') {
                if (p[i] == '%')
                    i++;
                i++;
            }
            items++;
        } else if (p[i] == '*' || p[i] == '+' || p[i] == '-') {
            rep *= n + 1;
        } else if (p[i] == '?') {
            rep *= 2;
        } else {
            items++;
        }
        if (rep > PATTERN_BUDGET)
            break; /* already beyond: no need to count on */
    }
    return positions * (items > 1 ? items : 1) * rep;
}

static int w_pattern(lua_State *L)
{
    const char *name = lua_tostring(L, lua_upvalueindex(2));
    if (lua_type(L, 1) == LUA_TSTRING && lua_type(L, 2) == LUA_TSTRING) {
        size_t n, m;
        lua_tolstring(L, 1, &n);
        const char *p = lua_tolstring(L, 2, &m);
        int plain = strcmp(name, "find") == 0 && lua_toboolean(L, 4);
        if (pattern_cost(p, m, (double)n, plain) > PATTERN_BUDGET)
            return luaL_error(L, "string.%s: this pattern on a %d-byte subject could run too long for the sandbox "
                                 "(use a shorter subject or fewer repetitions)",
                              name, (int)(n > 0x7fffffff ? 0x7fffffff : n));
    }
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
    return lua_gettop(L);
}

/* Replaces t[field] (t at the top of the stack) by a C closure over the original. */
static void wrap_field(lua_State *L, const char *field, lua_CFunction fn)
{
    lua_getfield(L, -1, field);
    lua_pushcclosure(L, fn, 1);
    lua_setfield(L, -2, field);
}

/* ---- state setup ------------------------------------------------------------------------- */

static int setup(lua_State *L)
{
    static const luaL_Reg libs[] = {
        {LUA_GNAME, luaopen_base},        {LUA_STRLIBNAME, luaopen_string},
        {LUA_TABLIBNAME, luaopen_table},  {LUA_MATHLIBNAME, luaopen_math},
        {LUA_UTF8LIBNAME, luaopen_utf8},  {LUA_COLIBNAME, luaopen_coroutine},
        {NULL, NULL},
    };
    struct sandbox *sb = lua_touserdata(L, 1);
    lua_settop(L, 0);
    for (const luaL_Reg *l = libs; l->func; l++) {
        luaL_requiref(L, l->name, l->func, 1);
        lua_pop(L, 1);
    }
    /* The loaded-modules table in the registry would hold the library tables: drop it, the
     * script cannot reach the registry anyway and nothing here needs it. */
    lua_pushnil(L);
    lua_setfield(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);

    lua_newtable(L); /* poisoned coroutines, weak keys */
    lua_newtable(L);
    lua_pushliteral(L, "k");
    lua_setfield(L, -2, "__mode");
    lua_setmetatable(L, -2);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &POISON_KEY);

    lua_pushglobaltable(L);
    static const char *const gone[] = {"dofile", "loadfile", "load", "loadstring", "print",
                                       "warn", "require", "module", "setfenv", "getfenv",
                                       "newproxy", "gcinfo", NULL};
    for (const char *const *g = gone; *g; g++) {
        lua_pushnil(L);
        lua_setfield(L, -2, *g);
    }
    wrap_field(L, "pcall", guard);
    wrap_field(L, "xpcall", w_xpcall);
    wrap_field(L, "setmetatable", w_setmetatable);
    wrap_field(L, "collectgarbage", w_collectgarbage);

    lua_getfield(L, -1, LUA_COLIBNAME);
    wrap_field(L, "resume", w_resume);
    wrap_field(L, "close", w_coclose);
    lua_pushcfunction(L, w_wrap);
    lua_setfield(L, -2, "wrap");
    lua_pop(L, 1);

    lua_getfield(L, -1, LUA_TABLIBNAME);
    wrap_field(L, "insert", w_tinsert);
    wrap_field(L, "remove", w_tremove);
    wrap_field(L, "move", w_tmove);
    wrap_field(L, "sort", w_tsort);
    wrap_field(L, "concat", w_tconcat);
    lua_pop(L, 1);

    lua_getfield(L, -1, LUA_MATHLIBNAME);
    lua_getfield(L, -1, "randomseed");
    sb->seed_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    lua_pushnil(L);
    lua_setfield(L, -2, "randomseed");
    lua_pop(L, 1);

    /* string.dump is removed from the library table, which is also the string metatable's
     * __index; the metatable itself is protected so its __index cannot be swapped. */
    lua_getfield(L, -1, LUA_STRLIBNAME);
    lua_pushnil(L);
    lua_setfield(L, -2, "dump");
    static const char *const patterns[] = {"find", "match", "gmatch", "gsub", NULL};
    for (const char *const *f = patterns; *f; f++) {
        lua_getfield(L, -1, *f);
        lua_pushstring(L, *f);
        lua_pushcclosure(L, w_pattern, 2);
        lua_setfield(L, -2, *f);
    }
    lua_pop(L, 1);
    lua_pushliteral(L, "");
    if (lua_getmetatable(L, -1)) {
        lua_pushliteral(L, "__metatable");
        lua_pushboolean(L, 0);
        lua_rawset(L, -3);
        lua_pop(L, 1);
    }
    lua_pop(L, 2);
    return 0;
}

/* ---- JSON to Lua ------------------------------------------------------------------------- */

struct jp {
    const char *p, *end, *start;
};

static int jp_fail(lua_State *L, struct jp *j, const char *what)
{
    return luaL_error(L, "ctx_json: %s at offset %d", what, (int)(j->p - j->start));
}

static void jp_ws(struct jp *j)
{
    while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' || *j->p == '\n' || *j->p == '\r'))
        j->p++;
}

static int jp_hex4(lua_State *L, struct jp *j)
{
    int v = 0;
    if (j->end - j->p < 4)
        jp_fail(L, j, "short \\u escape");
    for (int i = 0; i < 4; i++) {
        char c = *j->p++;
        v <<= 4;
        if (c >= '0' && c <= '9')
            v |= c - '0';
        else if (c >= 'a' && c <= 'f')
            v |= c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
            v |= c - 'A' + 10;
        else
            jp_fail(L, j, "bad \\u escape");
    }
    return v;
}

static void jp_string(lua_State *L, struct jp *j)
{
    luaL_Buffer b;
    j->p++; /* opening quote */
    luaL_buffinit(L, &b);
    for (;;) {
        if (j->p >= j->end)
            jp_fail(L, j, "unterminated string");
        unsigned char c = (unsigned char)*j->p++;
        if (c == '"')
            break;
        if (c < 0x20)
            jp_fail(L, j, "control character in string");
        if (c != '\\') {
            luaL_addchar(&b, (char)c);
            continue;
        }
        if (j->p >= j->end)
            jp_fail(L, j, "unterminated escape");
        c = (unsigned char)*j->p++;
        switch (c) {
        case '"': case '\\': case '/': luaL_addchar(&b, (char)c); break;
        case 'b': luaL_addchar(&b, '\b'); break;
        case 'f': luaL_addchar(&b, '\f'); break;
        case 'n': luaL_addchar(&b, '\n'); break;
        case 'r': luaL_addchar(&b, '\r'); break;
        case 't': luaL_addchar(&b, '\t'); break;
        case 'u': {
            long cp = jp_hex4(L, j);
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                if (j->end - j->p < 6 || j->p[0] != '\\' || j->p[1] != 'u')
                    jp_fail(L, j, "lone surrogate");
                j->p += 2;
                long lo = jp_hex4(L, j);
                if (lo < 0xDC00 || lo > 0xDFFF)
                    jp_fail(L, j, "bad surrogate pair");
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                jp_fail(L, j, "lone surrogate");
            }
            char u[4];
            int n;
            if (cp < 0x80) { u[0] = (char)cp; n = 1; }
            else if (cp < 0x800) { u[0] = (char)(0xC0 | (cp >> 6)); u[1] = (char)(0x80 | (cp & 0x3F)); n = 2; }
            else if (cp < 0x10000) {
                u[0] = (char)(0xE0 | (cp >> 12)); u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
                u[2] = (char)(0x80 | (cp & 0x3F)); n = 3;
            } else {
                u[0] = (char)(0xF0 | (cp >> 18)); u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
                u[2] = (char)(0x80 | ((cp >> 6) & 0x3F)); u[3] = (char)(0x80 | (cp & 0x3F)); n = 4;
            }
            luaL_addlstring(&b, u, (size_t)n);
            break;
        }
        default: jp_fail(L, j, "bad escape");
        }
    }
    luaL_pushresult(&b);
}

static void jp_number(lua_State *L, struct jp *j)
{
    char buf[64];
    size_t n = 0;
    int is_float = 0;
    while (j->p < j->end && n < sizeof buf - 1) {
        char c = *j->p;
        if (c == '.' || c == 'e' || c == 'E')
            is_float = 1;
        else if (!(c == '-' || c == '+' || (c >= '0' && c <= '9')))
            break;
        buf[n++] = c;
        j->p++;
    }
    buf[n] = '\0';
    char *e;
    errno = 0;
    if (!is_float) {
        long long v = strtoll(buf, &e, 10);
        if (n > 0 && *e == '\0' && errno == 0) {
            lua_pushinteger(L, (lua_Integer)v);
            return;
        }
    }
    errno = 0;
    double d = strtod(buf, &e);
    if (n == 0 || *e != '\0' || !isfinite(d))
        jp_fail(L, j, "bad number");
    lua_pushnumber(L, (lua_Number)d);
}

static void jp_value(lua_State *L, struct jp *j, int depth)
{
    if (depth > JSON_MAX_DEPTH)
        jp_fail(L, j, "nesting too deep");
    luaL_checkstack(L, 4, "ctx_json");
    jp_ws(j);
    if (j->p >= j->end)
        jp_fail(L, j, "unexpected end");
    char c = *j->p;
    if (c == '{') {
        j->p++;
        lua_newtable(L);
        jp_ws(j);
        if (j->p < j->end && *j->p == '}') {
            j->p++;
            return;
        }
        for (;;) {
            jp_ws(j);
            if (j->p >= j->end || *j->p != '"')
                jp_fail(L, j, "expected a key");
            jp_string(L, j);
            jp_ws(j);
            if (j->p >= j->end || *j->p != ':')
                jp_fail(L, j, "expected ':'");
            j->p++;
            jp_value(L, j, depth + 1);
            lua_rawset(L, -3);
            jp_ws(j);
            if (j->p < j->end && *j->p == ',') {
                j->p++;
                continue;
            }
            if (j->p < j->end && *j->p == '}') {
                j->p++;
                return;
            }
            jp_fail(L, j, "expected ',' or '}'");
        }
    } else if (c == '[') {
        j->p++;
        lua_newtable(L);
        jp_ws(j);
        if (j->p < j->end && *j->p == ']') {
            j->p++;
            return;
        }
        for (lua_Integer i = 1;; i++) {
            jp_value(L, j, depth + 1);
            lua_rawseti(L, -2, i);
            jp_ws(j);
            if (j->p < j->end && *j->p == ',') {
                j->p++;
                continue;
            }
            if (j->p < j->end && *j->p == ']') {
                j->p++;
                return;
            }
            jp_fail(L, j, "expected ',' or ']'");
        }
    } else if (c == '"') {
        jp_string(L, j);
    } else if (c == '-' || (c >= '0' && c <= '9')) {
        jp_number(L, j);
    } else if (j->end - j->p >= 4 && memcmp(j->p, "true", 4) == 0) {
        j->p += 4;
        lua_pushboolean(L, 1);
    } else if (j->end - j->p >= 5 && memcmp(j->p, "false", 5) == 0) {
        j->p += 5;
        lua_pushboolean(L, 0);
    } else if (j->end - j->p >= 4 && memcmp(j->p, "null", 4) == 0) {
        j->p += 4;
        lua_pushnil(L);
    } else {
        jp_fail(L, j, "unexpected character");
    }
}

/* ---- bounded rendering of a return value (raw access only) -------------------------------- */

struct out {
    char *buf;
    size_t cap, len;
    int full;
    unsigned items;
};

static void out_put(struct out *o, const char *s, size_t n)
{
    if (o->full)
        return;
    if (n > o->cap - 4 - o->len) {
        n = o->cap - 4 - o->len;
        o->full = 1;
    }
    memcpy(o->buf + o->len, s, n);
    o->len += n;
    if (o->full) {
        memcpy(o->buf + o->len, "...", 3);
        o->len += 3;
    }
    o->buf[o->len] = '\0';
}

static void out_str(struct out *o, const char *s, size_t n)
{
    out_put(o, "\"", 1);
    for (size_t i = 0; i < n && !o->full; i++) {
        unsigned char c = (unsigned char)s[i];
        char esc[8];
        if (c == '"' || c == '\\') {
            esc[0] = '\\';
            esc[1] = (char)c;
            out_put(o, esc, 2);
        } else if (c < 0x20 || c == 0x7f) {
            snprintf(esc, sizeof esc, "\\u%04x", c);
            out_put(o, esc, 6);
        } else {
            out_put(o, (const char *)&c, 1);
        }
    }
    out_put(o, "\"", 1);
}

static void render(lua_State *L, int idx, struct out *o, int depth)
{
    char num[64];
    idx = lua_absindex(L, idx);
    switch (lua_type(L, idx)) {
    case LUA_TNIL: out_put(o, "null", 4); break;
    case LUA_TBOOLEAN: lua_toboolean(L, idx) ? out_put(o, "true", 4) : out_put(o, "false", 5); break;
    case LUA_TNUMBER:
        if (lua_isinteger(L, idx)) {
            snprintf(num, sizeof num, "%lld", (long long)lua_tointeger(L, idx));
        } else {
            double d = (double)lua_tonumber(L, idx);
            if (isfinite(d))
                snprintf(num, sizeof num, "%.17g", d);
            else
                snprintf(num, sizeof num, "null");
        }
        out_put(o, num, strlen(num));
        break;
    case LUA_TSTRING: {
        size_t n;
        const char *s = lua_tolstring(L, idx, &n); /* a string already: no conversion */
        out_str(o, s, n);
        break;
    }
    case LUA_TTABLE: {
        if (depth >= RENDER_MAX_DEPTH || !lua_checkstack(L, 3)) {
            out_put(o, "\"<table>\"", 9);
            break;
        }
        lua_Unsigned n = lua_rawlen(L, idx);
        if (n > 0) {
            out_put(o, "[", 1);
            for (lua_Unsigned i = 1; i <= n && !o->full; i++) {
                if (++o->items > RENDER_MAX_ITEMS) {
                    out_put(o, "...", 3);
                    o->full = 1;
                    break;
                }
                if (i > 1)
                    out_put(o, ",", 1);
                lua_rawgeti(L, idx, (lua_Integer)i);
                render(L, -1, o, depth + 1);
                lua_pop(L, 1);
            }
            out_put(o, "]", 1);
            break;
        }
        out_put(o, "{", 1);
        int first = 1;
        lua_pushnil(L);
        while (lua_next(L, idx)) {
            if (o->full || ++o->items > RENDER_MAX_ITEMS) {
                o->full = 1;
                lua_pop(L, 2);
                break;
            }
            int kt = lua_type(L, -2);
            if (kt == LUA_TSTRING || (kt == LUA_TNUMBER && lua_isinteger(L, -2))) {
                if (!first)
                    out_put(o, ",", 1);
                first = 0;
                if (kt == LUA_TSTRING) {
                    size_t kn;
                    const char *k = lua_tolstring(L, -2, &kn);
                    out_str(o, k, kn);
                } else {
                    snprintf(num, sizeof num, "\"%lld\"", (long long)lua_tointeger(L, -2));
                    out_put(o, num, strlen(num));
                }
                out_put(o, ":", 1);
                render(L, -1, o, depth + 1);
            }
            lua_pop(L, 1);
        }
        out_put(o, "}", 1);
        break;
    }
    default:
        snprintf(num, sizeof num, "\"<%s>\"", lua_typename(L, lua_type(L, idx)));
        out_put(o, num, strlen(num));
    }
}

/* ---- the host's message handler and traceback (no allocation, no metamethods) ------------- */

static void describe(lua_State *L, int idx, char *buf, size_t cap)
{
    switch (lua_type(L, idx)) {
    case LUA_TSTRING: {
        size_t n;
        const char *s = lua_tolstring(L, idx, &n);
        bcopy_str(buf, cap, s, n);
        break;
    }
    case LUA_TNUMBER:
        if (lua_isinteger(L, idx))
            snprintf(buf, cap, "%lld", (long long)lua_tointeger(L, idx));
        else
            snprintf(buf, cap, "%.17g", (double)lua_tonumber(L, idx));
        break;
    case LUA_TNIL: snprintf(buf, cap, "nil"); break;
    case LUA_TBOOLEAN: snprintf(buf, cap, "%s", lua_toboolean(L, idx) ? "true" : "false"); break;
    default: snprintf(buf, cap, "(error object is a %s value)", lua_typename(L, lua_type(L, idx)));
    }
}

static void trace_level(lua_State *L, lua_Debug *ar, struct out *o)
{
    char line[256];
    if (!lua_getinfo(L, "Sln", ar))
        return;
    const char *what = ar->name ? ar->name : (*ar->what == 'm' ? "main chunk" : "?");
    if (ar->currentline > 0)
        snprintf(line, sizeof line, "\n\t%s:%d: in %s", ar->short_src, ar->currentline, what);
    else
        snprintf(line, sizeof line, "\n\t%s: in %s", ar->short_src, what);
    out_put(o, line, strlen(line));
}

static int stack_depth(lua_State *L)
{
    lua_Debug ar;
    int lo = 0, hi = 1;
    while (lua_getstack(L, hi, &ar)) {
        lo = hi;
        if (hi > INT32_MAX / 2)
            break;
        hi *= 2;
    }
    while (lo + 1 < hi) { /* lo exists, hi does not */
        int m = lo + (hi - lo) / 2;
        if (lua_getstack(L, m, &ar))
            lo = m;
        else
            hi = m;
    }
    return lo + 1;
}

static void traceback(lua_State *L, char *buf, size_t cap)
{
    struct out o = {buf, cap, 0, 0, 0};
    lua_Debug ar;
    buf[0] = '\0';
    out_put(&o, "stack traceback:", 16);
    int depth = stack_depth(L);
    for (int level = 1; level < depth; level++) {
        if (level == TRACE_FIRST + 1 && depth - TRACE_LAST > level) {
            char skip[64];
            snprintf(skip, sizeof skip, "\n\t...\t(skipping %d levels)", depth - TRACE_LAST - level);
            out_put(&o, skip, strlen(skip));
            level = depth - TRACE_LAST;
        }
        if (!lua_getstack(L, level, &ar))
            break;
        trace_level(L, &ar, &o);
    }
}

static int msgh(lua_State *L)
{
    struct sandbox *sb = SB(L);
    char desc[SANDBOX_MSG_MAX];
    describe(L, 1, desc, sizeof desc);
    size_t nl = strlen(sb->name);
    if (strncmp(desc, sb->name, nl) == 0 && desc[nl] == ':') {
        snprintf(sb->emsg, sizeof sb->emsg, "%s", desc);
    } else { /* no position in the message (error object, error from C): add the innermost one */
        char where[128];
        locate(L, sb, where, sizeof where);
        size_t wl = strlen(where);
        memcpy(sb->emsg, where, wl);
        memcpy(sb->emsg + wl, ": ", 2);
        bcopy_str(sb->emsg + wl + 2, sizeof sb->emsg - wl - 2, desc, strlen(desc));
    }
    traceback(L, sb->etrace, sizeof sb->etrace);
    sb->have_err = 1;
    lua_settop(L, 1);
    return 1;
}

/* ---- runs ---------------------------------------------------------------------------------- */

struct run_args {
    struct sandbox *sb;
    const char *entry; /* NULL: the chunk in chunk_ref */
    int chunk_ref;
    const char *json;
    size_t json_len;
    struct sandbox_result *res;
};

static uint64_t fnv1a(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

static int runner(lua_State *L)
{
    struct run_args *a = lua_touserdata(L, 1);
    struct sandbox *sb = a->sb;
    lua_settop(L, 0);
    /* deterministic per run: the same strategy's n-th run always draws the same numbers */
    lua_rawgeti(L, LUA_REGISTRYINDEX, sb->seed_ref);
    lua_pushinteger(L, (lua_Integer)fnv1a(sb->name));
    lua_pushinteger(L, (lua_Integer)sb->runs);
    lua_call(L, 2, 0);

    int nargs = 0;
    if (a->entry == NULL) {
        lua_rawgeti(L, LUA_REGISTRYINDEX, a->chunk_ref);
    } else {
        lua_pushglobaltable(L);
        lua_pushstring(L, a->entry);
        lua_rawget(L, -2);
        lua_remove(L, -2);
        if (lua_type(L, -1) != LUA_TFUNCTION)
            return luaL_error(L, "%s: entry '%s' is not a function", sb->name, a->entry);
        if (a->json) {
            struct jp j = {a->json, a->json + a->json_len, a->json};
            jp_value(L, &j, 0);
            jp_ws(&j);
            if (j.p != j.end)
                jp_fail(L, &j, "trailing data");
            if (lua_type(L, -1) != LUA_TTABLE)
                return luaL_error(L, "ctx_json: not an object or array");
        } else {
            lua_newtable(L);
        }
        /* The host's functions registered under "ctx." are fields of the argument too, so
         * a strategy's tick(ctx) reaches them through its parameter. */
        if (lua_type(L, -1) == LUA_TTABLE) {
            lua_pushglobaltable(L);
            lua_pushliteral(L, "ctx");
            if (lua_rawget(L, -2) == LUA_TTABLE) {
                lua_pushnil(L);
                while (lua_next(L, -2)) {
                    lua_pushvalue(L, -2);
                    lua_insert(L, -2);
                    lua_rawset(L, -6);
                }
            }
            lua_pop(L, 2);
        }
        nargs = 1;
    }
    lua_call(L, nargs, 1);
    /* A violation the script swallowed still ends the run here, before anything is read. */
    if (sb->violation != SANDBOX_OK)
        return raise_sticky(L, sb);
    a->res->value_type = lua_type(L, -1);
    struct out o = {a->res->value, sizeof a->res->value, 0, 0, 0};
    render(L, -1, &o, 0);
    return 0;
}

static void do_run(struct sandbox *sb, struct run_args *a)
{
    struct sandbox_result *res = a->res;
    lua_State *L = sb->L;
    memset(res, 0, sizeof *res);
    res->value_type = LUA_TNIL;
    strcpy(res->value, "null");

    sb->violation = SANDBOX_OK;
    sb->vmsg[0] = '\0';
    sb->have_err = 0;
    sb->emsg[0] = sb->etrace[0] = '\0';
    sb->instr = 0;
    sb->mem_peak_run = sb->mem_used;
    sb->alloc_since_check = 0;
    sb->start_ns = now_ns();
    sb->deadline_ns = sb->start_ns + sb->lim.deadline_ms * 1000000u;
    sb->runs++;

    int base = lua_gettop(L);
    int status;
    if (!lua_checkstack(L, 4)) {
        status = LUA_ERRMEM;
    } else {
        lua_sethook(L, hook, LUA_MASKCOUNT, HOOK_STEP);
        sb->armed = 1;
        lua_pushcfunction(L, msgh);
        lua_pushcfunction(L, runner);
        lua_pushlightuserdata(L, a);
        status = lua_pcall(L, 1, 0, base + 1);
        sb->armed = 0;
    }
    lua_settop(L, base);

    res->instructions = sb->instr;
    res->elapsed_ms = (now_ns() - sb->start_ns) / 1000000u;
    res->memory_peak = sb->mem_peak_run;
    if (sb->violation == SANDBOX_OK && status == LUA_OK && now_ns() >= sb->deadline_ns) {
        /* the run finished, but late (inside a C function): it still failed its deadline */
        sb->violation = SANDBOX_DEADLINE;
        snprintf(sb->vmsg, sizeof sb->vmsg, "%s: deadline of %" PRIu64 " ms exceeded", sb->name,
                 sb->lim.deadline_ms);
    }
    if (sb->violation != SANDBOX_OK) {
        res->status = sb->violation;
        snprintf(res->message, sizeof res->message, "%s", sb->vmsg);
    } else if (status != LUA_OK) {
        res->status = SANDBOX_ERROR;
        if (sb->have_err)
            snprintf(res->message, sizeof res->message, "%s", sb->emsg);
        else if (status == LUA_ERRMEM)
            snprintf(res->message, sizeof res->message, "%s: out of memory", sb->name);
        else
            snprintf(res->message, sizeof res->message, "%s: error in error handling", sb->name);
    } else {
        res->status = SANDBOX_OK;
    }
    if (res->status != SANDBOX_OK) {
        snprintf(res->traceback, sizeof res->traceback, "%s", sb->etrace);
        strcpy(res->value, "null");
        res->value_type = LUA_TNIL;
        lua_gc(L, LUA_GCCOLLECT); /* give back what the failed run left behind */
    }
}

/* ---- public API ---------------------------------------------------------------------------- */

void sandbox_limits_default(struct sandbox_limits *lim)
{
    lim->memory_bytes = SANDBOX_DEFAULT_MEMORY;
    lim->instructions = SANDBOX_DEFAULT_INSTRUCTIONS;
    lim->deadline_ms = SANDBOX_DEFAULT_DEADLINE_MS;
    lim->max_failures = SANDBOX_DEFAULT_MAX_FAILURES;
}

const char *sandbox_status_name(enum sandbox_status st)
{
    switch (st) {
    case SANDBOX_OK: return "ok";
    case SANDBOX_ERROR: return "error";
    case SANDBOX_MEMORY: return "memory";
    case SANDBOX_INSTRUCTIONS: return "instructions";
    case SANDBOX_DEADLINE: return "deadline";
    case SANDBOX_PAUSED: return "paused";
    }
    return "?";
}

static int load_chunk(lua_State *L)
{
    struct run_args *a = lua_touserdata(L, 1);
    char chunkname[80];
    snprintf(chunkname, sizeof chunkname, "=%s", a->sb->name);
    if (luaL_loadbufferx(L, a->json, a->json_len, chunkname, "t") != LUA_OK)
        return lua_error(L);
    a->chunk_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    return 0;
}

int sandbox_new(const char *name, const char *source, size_t len, const struct sandbox_limits *lim,
                struct sandbox **out, st_err *err)
{
    *out = NULL;
    if (name == NULL || *name == '\0' || source == NULL)
        return st_err_set(err, "sandbox: a strategy needs a name and a source");
    struct sandbox *sb = calloc(1, sizeof *sb);
    if (sb == NULL)
        return st_err_set(err, "sandbox %s: out of memory", name);
    snprintf(sb->name, sizeof sb->name, "%s", name);
    sandbox_limits_default(&sb->lim);
    if (lim) {
        if (lim->memory_bytes)
            sb->lim.memory_bytes = lim->memory_bytes;
        if (lim->instructions)
            sb->lim.instructions = lim->instructions;
        if (lim->deadline_ms)
            sb->lim.deadline_ms = lim->deadline_ms;
        if (lim->max_failures)
            sb->lim.max_failures = lim->max_failures;
    }
    sb->seed_ref = LUA_NOREF;
    sb->L = lua_newstate(sb_alloc, sb);
    if (sb->L == NULL) {
        free(sb);
        return st_err_set(err, "sandbox %s: cannot create a Lua state within %zu bytes", name,
                          lim && lim->memory_bytes ? lim->memory_bytes : (size_t)SANDBOX_DEFAULT_MEMORY);
    }
    lua_State *L = sb->L;
    *(struct sandbox **)lua_getextraspace(L) = sb;
    lua_sethook(L, hook, LUA_MASKCOUNT, HOOK_STEP);

    lua_pushcfunction(L, setup);
    lua_pushlightuserdata(L, sb);
    if (lua_pcall(L, 1, 0, 0) != LUA_OK) {
        sandbox_free(sb);
        return st_err_set(err, "sandbox %s: cannot set up the Lua state (memory cap too small?)", name);
    }

    struct sandbox_result res;
    struct run_args a = {sb, NULL, LUA_NOREF, source, len, &res};
    lua_pushcfunction(L, load_chunk);
    lua_pushlightuserdata(L, &a);
    if (lua_pcall(L, 1, 0, 0) != LUA_OK) {
        char msg[SANDBOX_MSG_MAX];
        describe(L, -1, msg, sizeof msg);
        sandbox_free(sb);
        return st_err_set(err, "%s", msg);
    }
    do_run(sb, &a);
    luaL_unref(L, LUA_REGISTRYINDEX, a.chunk_ref);
    if (res.status != SANDBOX_OK) {
        st_err_set(err, "%s (%s)", res.message, sandbox_status_name(res.status));
        sandbox_free(sb);
        return -1;
    }
    sb->runs = 0;
    *out = sb;
    return 0;
}

struct reg_args {
    const char *name;
    lua_CFunction fn;
    void *up;
};

static int valid_ident(const char *s, size_t n)
{
    if (n == 0 || (s[0] >= '0' && s[0] <= '9'))
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'))
            return 0;
    }
    return 1;
}

/* Every registered host function goes through here: the budgets are checked on entry, so a
 * script looping over a slow host call still meets its deadline (to within one call). */
static int trampoline(lua_State *L)
{
    charge(L, 1);
    lua_CFunction fn = lua_tocfunction(L, lua_upvalueindex(2));
    return fn(L); /* upvalue 1 is the host's upvalue, as registered */
}

static int do_register(lua_State *L)
{
    struct reg_args *r = lua_touserdata(L, 1);
    lua_settop(L, 0);
    lua_pushglobaltable(L);
    const char *s = r->name;
    for (;;) {
        const char *dot = strchr(s, '.');
        size_t n = dot ? (size_t)(dot - s) : strlen(s);
        if (!valid_ident(s, n))
            return luaL_error(L, "invalid name");
        lua_pushlstring(L, s, n);
        if (dot == NULL) {
            if (r->up)
                lua_pushlightuserdata(L, r->up);
            else
                lua_pushnil(L);
            lua_pushcfunction(L, r->fn);
            lua_pushcclosure(L, trampoline, 2);
            lua_rawset(L, -3);
            return 0;
        }
        lua_pushvalue(L, -1);
        if (lua_rawget(L, -3) != LUA_TTABLE) {
            lua_pop(L, 1);
            lua_newtable(L);
            lua_pushvalue(L, -2);
            lua_pushvalue(L, -2);
            lua_rawset(L, -5);
        }
        lua_remove(L, -2);
        lua_remove(L, -2);
        s = dot + 1;
    }
}

int sandbox_register(struct sandbox *sb, const char *name, lua_CFunction fn, void *upvalue)
{
    if (sb == NULL || name == NULL || fn == NULL)
        return -1;
    struct reg_args r = {name, fn, upvalue};
    lua_pushcfunction(sb->L, do_register);
    lua_pushlightuserdata(sb->L, &r);
    int st = lua_pcall(sb->L, 1, 0, 0);
    if (st != LUA_OK)
        lua_pop(sb->L, 1);
    return st == LUA_OK ? 0 : -1;
}

int sandbox_run(struct sandbox *sb, const char *entry, const char *ctx_json, struct sandbox_result *res)
{
    if (sb->paused) {
        memset(res, 0, sizeof *res);
        res->status = SANDBOX_PAUSED;
        res->value_type = LUA_TNIL;
        strcpy(res->value, "null");
        snprintf(res->message, sizeof res->message, "%s: paused after %u consecutive failed runs",
                 sb->name, sb->failures);
        return -1;
    }
    struct run_args a = {sb, entry ? entry : "tick", LUA_NOREF, ctx_json, 0, res};
    if (ctx_json) {
        size_t n = strnlen(ctx_json, SANDBOX_CTX_JSON_MAX + 1);
        if (n > SANDBOX_CTX_JSON_MAX) {
            memset(res, 0, sizeof *res);
            res->status = SANDBOX_ERROR;
            strcpy(res->value, "null");
            snprintf(res->message, sizeof res->message, "%s: ctx_json longer than %u bytes", sb->name,
                     SANDBOX_CTX_JSON_MAX);
            return -1; /* the host's fault, not the strategy's: not counted */
        }
        a.json_len = n;
    }
    do_run(sb, &a);
    if (res->status == SANDBOX_OK) {
        sb->failures = 0;
        return 0;
    }
    sb->failures++;
    if (sb->failures >= sb->lim.max_failures)
        sb->paused = 1;
    return -1;
}

int sandbox_paused(const struct sandbox *sb) { return sb->paused; }
unsigned sandbox_consecutive_failures(const struct sandbox *sb) { return sb->failures; }
void sandbox_resume(struct sandbox *sb)
{
    sb->paused = 0;
    sb->failures = 0;
}
const char *sandbox_name(const struct sandbox *sb) { return sb->name; }
size_t sandbox_memory_used(const struct sandbox *sb) { return sb->mem_used; }
size_t sandbox_memory_peak(const struct sandbox *sb) { return sb->mem_peak_life; }
lua_State *sandbox_state(struct sandbox *sb) { return sb->L; }

void sandbox_free(struct sandbox *sb)
{
    if (sb == NULL)
        return;
    if (sb->L)
        lua_close(sb->L); /* no finalizers can exist: setmetatable refuses __gc */
    free(sb);
}
