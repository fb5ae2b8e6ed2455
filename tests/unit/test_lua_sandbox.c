/* Unit tests of core/lua: the strategy sandbox, its budgets, the pause rule, and the
 * hostile-script suite (tests/strategies/hostile/NAME.lua, through $STEWARD_TESTS). */
#include <dirent.h>
#include <lauxlib.h>
#include <time.h>

#include "check.h"
#include "lua/sandbox.h"

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static struct sandbox *make(const char *name, const char *src, const struct sandbox_limits *lim)
{
    struct sandbox *sb = NULL;
    st_err err = {0};
    if (sandbox_new(name, src, strlen(src), lim, &sb, &err) != 0) {
        fprintf(stderr, "sandbox_new(%s): %s\n", name, err.msg);
        return NULL;
    }
    return sb;
}

/* ---- host functions the hostile scripts call ---- */

static int host_yield(lua_State *L) { return lua_yield(L, 0); }

static int host_call(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TFUNCTION);
    lua_settop(L, 1);
    lua_call(L, 0, 0); /* no continuation: a yield below this is across a C-call boundary */
    return 0;
}

static int host_spin(lua_State *L)
{
    double t = now_s();
    while (now_s() - t < 0.05)
        ;
    (void)L;
    return 0;
}

static int host_add(lua_State *L)
{
    int *counter = lua_touserdata(L, lua_upvalueindex(1));
    (*counter)++;
    lua_pushinteger(L, luaL_checkinteger(L, 1) + luaL_checkinteger(L, 2));
    return 1;
}

/* ---- the well-behaved neighbour ---- */

static const char *good_src =
    "local runs = 0\n"
    "function tick(ctx)\n"
    "  runs = runs + 1\n"
    "  local s = 0\n"
    "  for i = 1, 100 do s = s + i end\n"
    "  local ok, e = pcall(error, 'caught')\n"
    "  local t = {}\n"
    "  for i = 1, 50 do t[#t + 1] = tostring(i) end\n"
    "  table.sort(t)\n"
    "  return s + ctx.x + #table.concat(t) - #table.concat(t)\n"
    "end\n";

static int good_ok(struct sandbox *good)
{
    struct sandbox_result r;
    int rc = sandbox_run(good, "tick", "{\"x\": 7}", &r);
    if (rc != 0 || r.status != SANDBOX_OK || strcmp(r.value, "5057") != 0) {
        fprintf(stderr, "good strategy: %s %s value=%s\n", sandbox_status_name(r.status), r.message,
                r.value);
        return 0;
    }
    return 1;
}

/* ---- unit tests ---- */

static void test_basics(void)
{
    struct sandbox *sb = make("basics", "function tick(ctx) return {a = ctx.a, n = #ctx.list, s = ctx.s, "
                                        "f = ctx.f, deep = ctx.o.p.q, b = ctx.b} end\n"
                                        "function types() return type(io), type(os), type(debug), "
                                        "type(package), type(require), type(load), type(loadstring), "
                                        "type(dofile), type(loadfile), type(string.dump), type(print) end\n"
                                        "function avail() return {type(string.format), type(table.concat), "
                                        "type(math.floor), type(utf8.char), type(coroutine.wrap), "
                                        "type(math.random), type(math.randomseed), tostring(getmetatable(''))} end\n",
                            NULL);
    CHECK(sb != NULL);
    if (!sb)
        return;
    struct sandbox_result r;
    CHECK(sandbox_run(sb, "tick",
                      "{\"a\": 12, \"list\": [1, 2, null, 4], \"s\": \"h\\u00e9\\ud83d\\ude00\", \"f\": 1.5, "
                      "\"o\": {\"p\": {\"q\": true}}, \"b\": false}",
                      &r) == 0);
    CHECK(r.status == SANDBOX_OK);
    CHECK(r.value_type == LUA_TTABLE);
    CHECK(strstr(r.value, "\"a\":12") != NULL);
    CHECK(strstr(r.value, "\"n\":4") != NULL);
    CHECK(strstr(r.value, "\"s\":\"h\xc3\xa9\xf0\x9f\x98\x80\"") != NULL);
    CHECK(strstr(r.value, "\"f\":1.5") != NULL);
    CHECK(strstr(r.value, "\"deep\":true") != NULL);
    CHECK(strstr(r.value, "\"b\":false") != NULL);

    CHECK(sandbox_run(sb, "types", NULL, &r) == 0); /* first return value only */
    CHECK_STR(r.value, "\"nil\"");
    CHECK(sandbox_run(sb, "avail", NULL, &r) == 0);
    CHECK_STR(r.value, "[\"function\",\"function\",\"function\",\"function\",\"function\",\"function\","
                       "\"nil\",\"false\"]");

    /* bad JSON, missing entry: errors, with the reason */
    CHECK(sandbox_run(sb, "tick", "{\"a\": }", &r) == -1);
    CHECK(r.status == SANDBOX_ERROR && strstr(r.message, "ctx_json") != NULL);
    CHECK(sandbox_run(sb, "nope", NULL, &r) == -1);
    CHECK(r.status == SANDBOX_ERROR && strstr(r.message, "entry 'nope'") != NULL);
    sandbox_resume(sb);
    sandbox_free(sb);
}

static void test_new_errors(void)
{
    struct sandbox *sb = NULL;
    st_err err = {0};
    const char *syntax = "function tick(ctx)\n  return 1 +\nend\n";
    CHECK(sandbox_new("syn", syntax, strlen(syntax), NULL, &sb, &err) == -1 && sb == NULL);
    CHECK(strstr(err.msg, "syn:3:") != NULL);

    /* a binary chunk is refused: the source is loaded in text mode only */
    const char bin[] = "\x1bLua\x54\x00\x19\x93\r\n\x1a\n";
    st_err_clear(&err);
    CHECK(sandbox_new("bin", bin, sizeof bin - 1, NULL, &sb, &err) == -1);
    CHECK(strstr(err.msg, "binary") != NULL);

    /* the top level runs under the budgets */
    struct sandbox_limits lim = {.instructions = 100000, .deadline_ms = 1000};
    const char *spin = "while true do end\n";
    st_err_clear(&err);
    double t0 = now_s();
    CHECK(sandbox_new("spin", spin, strlen(spin), &lim, &sb, &err) == -1);
    CHECK(now_s() - t0 < 5);
    CHECK(strstr(err.msg, "spin:1: instruction budget") != NULL);

    /* a cap too small for the libraries is an error, not a crash */
    struct sandbox_limits tiny = {.memory_bytes = 4096};
    st_err_clear(&err);
    CHECK(sandbox_new("tiny", "x = 1", 5, &tiny, &sb, &err) == -1);
    CHECK(err.set);
}

static void test_errors_and_traceback(void)
{
    const char *src = "local function inner() local x = nil; return x.field end\n"
                      "local function outer() return inner() + 1 end\n"
                      "function tick(ctx) local v = outer() return v end\n"
                      "function spin(ctx) local i = 0 while true do i = i + 1 end end\n"
                      "function obj(ctx) error({code = 7}) end\n";
    struct sandbox_limits lim = {.instructions = 200000, .max_failures = 100};
    struct sandbox *sb = make("tb.lua", src, &lim);
    CHECK(sb != NULL);
    if (!sb)
        return;
    struct sandbox_result r;
    CHECK(sandbox_run(sb, "tick", NULL, &r) == -1);
    CHECK(r.status == SANDBOX_ERROR);
    CHECK(strncmp(r.message, "tb.lua:1: attempt to index", 26) == 0);
    CHECK(strstr(r.traceback, "stack traceback:") != NULL);
    CHECK(strstr(r.traceback, "tb.lua:2:") != NULL);
    CHECK(strstr(r.traceback, "tb.lua:3:") != NULL);

    CHECK(sandbox_run(sb, "spin", NULL, &r) == -1);
    CHECK(r.status == SANDBOX_INSTRUCTIONS);
    CHECK(strncmp(r.message, "tb.lua:4: instruction budget of 200000 exceeded", 47) == 0);
    CHECK(r.instructions > 200000 && r.instructions <= 202000);

    CHECK(sandbox_run(sb, "obj", NULL, &r) == -1);
    CHECK_STR(r.message, "tb.lua:5: (error object is a table value)");
    sandbox_free(sb);
}

static void test_deterministic_random(void)
{
    const char *src = "function tick() return {math.random(1, 1000000), math.random(1, 1000000)} end\n";
    struct sandbox *a = make("rnd", src, NULL), *b = make("rnd", src, NULL);
    CHECK(a && b);
    if (!a || !b)
        return;
    struct sandbox_result ra, rb;
    char first[SANDBOX_VALUE_MAX];
    CHECK(sandbox_run(a, "tick", NULL, &ra) == 0 && sandbox_run(b, "tick", NULL, &rb) == 0);
    CHECK_STR(ra.value, rb.value);
    snprintf(first, sizeof first, "%s", ra.value);
    CHECK(sandbox_run(a, "tick", NULL, &ra) == 0 && sandbox_run(b, "tick", NULL, &rb) == 0);
    CHECK_STR(ra.value, rb.value);
    CHECK(strcmp(first, ra.value) != 0); /* reseeded per run, not reset to the same draw */
    sandbox_free(a);
    sandbox_free(b);
}

static void test_bounded_return(void)
{
    const char *src = "function tick() local t = {} for i = 1, 50000 do t[i] = i end return t end\n"
                      "function str() return string.rep('q', 1000000) end\n"
                      "function deep() local t = {} local c = t for i = 1, 1000 do c.n = {} c = c.n end return t end\n"
                      "function meta() return setmetatable({}, {__index = function() while true do end end, "
                      "__pairs = function() while true do end end, __len = function() while true do end end}) end\n";
    struct sandbox *sb = make("ret", src, NULL);
    CHECK(sb != NULL);
    if (!sb)
        return;
    struct sandbox_result r;
    double t0 = now_s();
    CHECK(sandbox_run(sb, "tick", NULL, &r) == 0);
    CHECK(strlen(r.value) < SANDBOX_VALUE_MAX);
    CHECK(strncmp(r.value, "[1,2,3,", 7) == 0);
    CHECK(strstr(r.value, "...") != NULL);
    CHECK(sandbox_run(sb, "str", NULL, &r) == 0);
    CHECK(strlen(r.value) == SANDBOX_VALUE_MAX - 1);
    CHECK(sandbox_run(sb, "deep", NULL, &r) == 0);
    CHECK(strstr(r.value, "<table>") != NULL);
    CHECK(sandbox_run(sb, "meta", NULL, &r) == 0);
    CHECK_STR(r.value, "{}");
    CHECK(now_s() - t0 < 2);
    sandbox_free(sb);
}

static void test_register(void)
{
    int calls = 0;
    struct sandbox *sb = make("reg", "function tick() return ctx.math.add(2, 3) + plain() end\n", NULL);
    CHECK(sb != NULL);
    if (!sb)
        return;
    CHECK(sandbox_register(sb, "ctx.math.add", host_add, &calls) == 0);
    CHECK(sandbox_register(sb, "plain", host_add, &calls) == 0);
    CHECK(sandbox_register(sb, "bad name", host_add, NULL) == -1);
    CHECK(sandbox_register(sb, "a..b", host_add, NULL) == -1);
    struct sandbox_result r;
    CHECK(sandbox_run(sb, "tick", NULL, &r) == -1); /* plain() lacks its arguments */
    CHECK(strstr(r.message, "bad argument #1 to 'plain'") != NULL);
    CHECK(calls == 2);
    sandbox_free(sb);
}

static void test_pause(void)
{
    const char *src = "function tick(ctx) if ctx.fail then error('asked to fail') end return 1 end\n";
    struct sandbox *sb = make("pause", src, NULL); /* default: 3 */
    CHECK(sb != NULL);
    if (!sb)
        return;
    struct sandbox_result r;
    const char *fail = "{\"fail\": true}", *ok = "{}";
    CHECK(sandbox_run(sb, "tick", fail, &r) == -1);
    CHECK(sandbox_run(sb, "tick", fail, &r) == -1);
    CHECK(sandbox_consecutive_failures(sb) == 2 && !sandbox_paused(sb));
    CHECK(sandbox_run(sb, "tick", ok, &r) == 0); /* a success resets the count */
    CHECK(sandbox_consecutive_failures(sb) == 0);
    CHECK(sandbox_run(sb, "tick", fail, &r) == -1);
    CHECK(sandbox_run(sb, "tick", fail, &r) == -1);
    CHECK(!sandbox_paused(sb));
    CHECK(sandbox_run(sb, "tick", fail, &r) == -1);
    CHECK(sandbox_paused(sb) && sandbox_consecutive_failures(sb) == 3);
    CHECK(sandbox_run(sb, "tick", ok, &r) == -1 && r.status == SANDBOX_PAUSED);
    CHECK(strstr(r.message, "paused") != NULL);
    sandbox_resume(sb);
    CHECK(!sandbox_paused(sb) && sandbox_consecutive_failures(sb) == 0);
    CHECK(sandbox_run(sb, "tick", ok, &r) == 0);
    sandbox_free(sb);

    /* configurable N, and budget failures count too */
    struct sandbox_limits lim = {.max_failures = 1, .instructions = 10000};
    sb = make("pause1", "function tick() while true do end end\n", &lim);
    CHECK(sb != NULL);
    if (!sb)
        return;
    CHECK(sandbox_run(sb, "tick", NULL, &r) == -1 && r.status == SANDBOX_INSTRUCTIONS);
    CHECK(sandbox_paused(sb));
    sandbox_free(sb);
}

/* ---- the hostile-script suite ---- */

static const struct {
    const char *file;
    enum sandbox_status want;
    enum sandbox_status alt; /* also accepted (a CPU-bound attack may meet the deadline first
                                under valgrind); SANDBOX_OK means none */
} hostile[] = {
    {"loop_plain", SANDBOX_INSTRUCTIONS, SANDBOX_OK},
    {"loop_in_pcall", SANDBOX_INSTRUCTIONS, SANDBOX_OK},
    {"loop_in_xpcall_handler", SANDBOX_INSTRUCTIONS, SANDBOX_OK},
    {"loop_in_coroutine", SANDBOX_INSTRUCTIONS, SANDBOX_OK},
    {"loop_in_wrap_in_wrap", SANDBOX_INSTRUCTIONS, SANDBOX_OK},
    {"loop_in_gc", SANDBOX_ERROR, SANDBOX_OK},
    {"loop_in_gsub_callback", SANDBOX_INSTRUCTIONS, SANDBOX_OK},
    {"loop_in_sort_comparator", SANDBOX_INSTRUCTIONS, SANDBOX_OK},
    {"loop_in_close", SANDBOX_INSTRUCTIONS, SANDBOX_OK},
    {"loop_in_tostring_pcall", SANDBOX_INSTRUCTIONS, SANDBOX_OK},
    {"loop_in_close_wrapped", SANDBOX_INSTRUCTIONS, SANDBOX_OK},
    {"loop_close_dead_coroutine", SANDBOX_INSTRUCTIONS, SANDBOX_OK},
    {"mem_table_growth", SANDBOX_MEMORY, SANDBOX_OK},
    {"mem_string_rep", SANDBOX_MEMORY, SANDBOX_OK},
    {"mem_concat_doubling", SANDBOX_MEMORY, SANDBOX_OK},
    {"mem_format_width", SANDBOX_ERROR, SANDBOX_OK},
    {"mem_in_pcall", SANDBOX_MEMORY, SANDBOX_OK},
    {"mem_coroutine_hoard", SANDBOX_MEMORY, SANDBOX_OK},
    {"recurse_lua", SANDBOX_MEMORY, SANDBOX_OK},
    {"recurse_index_function", SANDBOX_ERROR, SANDBOX_OK},
    {"recurse_index_chain", SANDBOX_ERROR, SANDBOX_OK},
    {"recurse_tostring_metamethod", SANDBOX_ERROR, SANDBOX_OK},
    {"gc_resurrect", SANDBOX_ERROR, SANDBOX_OK},
    {"gc_late_field", SANDBOX_ERROR, SANDBOX_OK},
    {"gc_collector_tuning", SANDBOX_ERROR, SANDBOX_OK},
    {"gc_generational", SANDBOX_ERROR, SANDBOX_OK},
    {"coro_yield_from_main", SANDBOX_ERROR, SANDBOX_OK},
    {"coro_wrap_nesting", SANDBOX_ERROR, SANDBOX_OK},
    {"escape_io", SANDBOX_ERROR, SANDBOX_OK},
    {"escape_os", SANDBOX_ERROR, SANDBOX_OK},
    {"escape_debug", SANDBOX_ERROR, SANDBOX_OK},
    {"escape_package", SANDBOX_ERROR, SANDBOX_OK},
    {"escape_require", SANDBOX_ERROR, SANDBOX_OK},
    {"escape_load", SANDBOX_ERROR, SANDBOX_OK},
    {"escape_loadstring_dofile_loadfile", SANDBOX_ERROR, SANDBOX_OK},
    {"escape_string_dump", SANDBOX_ERROR, SANDBOX_OK},
    {"escape_string_metatable", SANDBOX_ERROR, SANDBOX_OK},
    {"escape_rawget_globals", SANDBOX_ERROR, SANDBOX_OK},
    {"escape_registry_walk", SANDBOX_ERROR, SANDBOX_OK},
    {"escape_bytecode", SANDBOX_ERROR, SANDBOX_OK},
    {"errobj_tostring_loop", SANDBOX_ERROR, SANDBOX_OK},
    {"errobj_index_errors", SANDBOX_ERROR, SANDBOX_OK},
    {"errobj_huge_message", SANDBOX_ERROR, SANDBOX_OK},
    {"return_huge_table", SANDBOX_MEMORY, SANDBOX_OK},
    {"return_huge_string", SANDBOX_MEMORY, SANDBOX_OK},
    {"yield_across_host_call", SANDBOX_ERROR, SANDBOX_OK},
    {"yield_host_from_main", SANDBOX_ERROR, SANDBOX_OK},
    {"cpu_table_move", SANDBOX_INSTRUCTIONS, SANDBOX_OK},
    {"cpu_table_insert_cmeta", SANDBOX_INSTRUCTIONS, SANDBOX_OK},
    {"cpu_collectgarbage_loop", SANDBOX_INSTRUCTIONS, SANDBOX_DEADLINE},
    {"deadline_slow_host", SANDBOX_DEADLINE, SANDBOX_OK},
    {"pattern_backtrack", SANDBOX_ERROR, SANDBOX_OK},
    {"pattern_plain_quadratic", SANDBOX_ERROR, SANDBOX_MEMORY},
    {"pattern_gsub_every_position", SANDBOX_ERROR, SANDBOX_OK},
};
#define NHOSTILE (sizeof hostile / sizeof hostile[0])

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    if (buf) {
        buf[n] = '\0';
        *len = (size_t)n;
    }
    return buf;
}

static void test_hostile(void)
{
    const char *tests = getenv("STEWARD_TESTS");
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/strategies/hostile", tests ? tests : "tests");

    /* every script in the folder is in the table, and the other way round */
    DIR *d = opendir(dir);
    CHECK(d != NULL);
    if (!d)
        return;
    size_t on_disk = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t n = strlen(e->d_name);
        if (n < 5 || strcmp(e->d_name + n - 4, ".lua") != 0)
            continue;
        on_disk++;
        int known = 0;
        for (size_t i = 0; i < NHOSTILE; i++)
            if (strlen(hostile[i].file) == n - 4 && strncmp(hostile[i].file, e->d_name, n - 4) == 0)
                known = 1;
        if (!known)
            fprintf(stderr, "hostile script %s has no expected status\n", e->d_name);
        CHECK(known);
    }
    closedir(d);
    CHECK(on_disk == NHOSTILE);
    CHECK(NHOSTILE >= 30);

    struct sandbox_limits good_lim = {.instructions = 1000000};
    struct sandbox *good = make("good", good_src, &good_lim);
    CHECK(good != NULL);
    if (!good)
        return;
    CHECK(good_ok(good));

    struct sandbox_limits lim = {.memory_bytes = 2u << 20, .instructions = 1000000, .deadline_ms = 500,
                                 .max_failures = 1000};
    double worst = 0;
    const char *worst_name = "";
    for (size_t i = 0; i < NHOSTILE; i++) {
        char path[1200];
        size_t len = 0;
        snprintf(path, sizeof path, "%s/%s.lua", dir, hostile[i].file);
        char *src = slurp(path, &len);
        CHECK(src != NULL);
        if (!src)
            continue;
        struct sandbox *sb = NULL;
        st_err err = {0};
        char name[128];
        snprintf(name, sizeof name, "%s.lua", hostile[i].file);
        int rc = sandbox_new(name, src, len, &lim, &sb, &err);
        free(src);
        CHECK(rc == 0);
        if (rc != 0) {
            fprintf(stderr, "%s: %s\n", name, err.msg);
            continue;
        }
        CHECK(sandbox_register(sb, "host.yield", host_yield, NULL) == 0);
        CHECK(sandbox_register(sb, "host.call", host_call, NULL) == 0);
        CHECK(sandbox_register(sb, "host.spin", host_spin, NULL) == 0);

        struct sandbox_result r;
        double t0 = now_s();
        rc = sandbox_run(sb, "tick", "{\"x\": 1}", &r);
        double dt = now_s() - t0;
        if (dt > worst) {
            worst = dt;
            worst_name = hostile[i].file;
        }
        int as_expected = r.status == hostile[i].want || (hostile[i].alt && r.status == hostile[i].alt);
        if (!as_expected || dt > 5 || getenv("STEWARD_VERBOSE"))
            fprintf(stderr, "%-36s %-12s (want %-12s) %7.1f ms  instr=%-8llu peak=%-8zu %s\n", name,
                    sandbox_status_name(r.status), sandbox_status_name(hostile[i].want), dt * 1000,
                    (unsigned long long)r.instructions, r.memory_peak, r.message);
        CHECK(rc == -1);
        CHECK(as_expected);
        CHECK(dt <= 5.0);
        CHECK(r.memory_peak <= lim.memory_bytes);
        CHECK(sandbox_memory_peak(sb) <= lim.memory_bytes);
        CHECK(r.message[0] != '\0' && strlen(r.message) < SANDBOX_MSG_MAX);
        CHECK(strstr(r.message, name) != NULL); /* names the script */
        CHECK(strcmp(r.value, "null") == 0);

        /* the same hostile sandbox can run again and fails the same way, fast */
        t0 = now_s();
        struct sandbox_result r2;
        sandbox_run(sb, "tick", "{}", &r2);
        CHECK(r2.status == hostile[i].want || (hostile[i].alt && r2.status == hostile[i].alt));
        CHECK(now_s() - t0 <= 5.0);
        sandbox_free(sb);

        CHECK(good_ok(good)); /* the neighbour keeps working between hostile runs */
    }
    CHECK(good_ok(good));
    CHECK(sandbox_consecutive_failures(good) == 0 && !sandbox_paused(good));
    sandbox_free(good);
    printf("hostile suite: %zu scripts, slowest %s %.1f ms\n", NHOSTILE, worst_name, worst * 1000);
}

/* The pattern-cost guard refuses what could run unbounded in C and nothing ordinary. */
static void test_patterns(void)
{
    struct sandbox *sb = make("patterns",
                              "function ordinary()\n"
                              "  local a, b = ('1234.5678'):match('^(%d+)%.(%d+)$')\n"
                              "  local words = 0\n"
                              "  for w in ('the quick brown fox jumps'):gmatch('%a+') do words = words + 1 end\n"
                              "  local long = string.rep('x y ', 2000)\n"
                              "  local squeezed = long:gsub('%s+', '')\n"
                              "  local at = long:find('y x', 1, true)\n"
                              "  local s = ('key=value; other=thing'):gsub('(%w+)=(%w+)', '%2=%1')\n"
                              "  return a .. '|' .. b .. '|' .. words .. '|' .. #squeezed .. '|' .. at .. '|' .. s\n"
                              "end\n"
                              "function costly() return string.rep('a', 100000):find('.-.-.-b') end\n"
                              "function sets() return string.rep('a', 100000):find('[*+-]') end\n"
                              "function method() local s = string.rep('a', 100000) return s:match('(.-)(.-)(.-)b') end\n",
                              NULL);
    CHECK(sb != NULL);
    if (!sb)
        return;
    struct sandbox_result r;
    CHECK(sandbox_run(sb, "ordinary", NULL, &r) == 0);
    CHECK_STR(r.value, "\"1234|5678|5|4000|3|value=key; thing=other\"");
    CHECK(sandbox_run(sb, "costly", NULL, &r) == -1 && r.status == SANDBOX_ERROR &&
          strstr(r.message, "string.find: this pattern on a 100000-byte subject") != NULL);
    /* Quantifier characters inside a set are literal: linear, allowed. */
    CHECK(sandbox_run(sb, "sets", NULL, &r) == 0 && strcmp(r.value, "null") == 0);
    /* The string metatable's methods go through the same guard. */
    CHECK(sandbox_run(sb, "method", NULL, &r) == -1 && strstr(r.message, "string.match") != NULL);
    sandbox_free(sb);
}

int main(void)
{
    test_patterns();
    test_basics();
    test_new_errors();
    test_errors_and_traceback();
    test_deterministic_random();
    test_bounded_return();
    test_register();
    test_pause();
    test_hostile();
    return check_summary();
}
