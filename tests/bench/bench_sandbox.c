/* bench_sandbox: the per-tick cost of the Lua sandbox, against a plain C call measured in the
 * same run. Prints figures; asserts nothing about time.
 *
 *   run        one sandbox_run of an empty tick(ctx): budgets armed, argument table built,
 *              the ctx functions merged in, result rendered
 *   host call  one call from Lua into a registered host function (budget check included),
 *              measured as (a tick making 1000 calls - an empty tick) / 1000
 *   baseline   one call of an equivalent C function through a pointer
 *
 * usage: bench_sandbox [ITERATIONS]   (default 200000) */
#include <lauxlib.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <time.h>

#include "lua/sandbox.h"

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int host_add(lua_State *L)
{
    lua_pushinteger(L, luaL_checkinteger(L, 1) + luaL_checkinteger(L, 2));
    return 1;
}

static long long c_add(long long a, long long b)
{
    return a + b;
}

static struct sandbox *make(const char *src)
{
    struct sandbox *sb = NULL;
    st_err err = {0};
    struct sandbox_limits lim;
    sandbox_limits_default(&lim);
    lim.instructions = 100000000;
    if (sandbox_new("bench", src, strlen(src), &lim, &sb, &err) != 0 || sandbox_register(sb, "ctx.add", host_add, NULL)) {
        fprintf(stderr, "bench_sandbox: %s\n", err.msg);
        exit(1);
    }
    return sb;
}

static double per_run(struct sandbox *sb, long n)
{
    struct sandbox_result res;
    double t = now_s();
    for (long i = 0; i < n; i++)
        if (sandbox_run(sb, "tick", "{\"params\":{\"x\":\"1\"}}", &res) != 0) {
            fprintf(stderr, "bench_sandbox: run failed: %s\n", res.message);
            exit(1);
        }
    return (now_s() - t) / (double)n;
}

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 200000;
    if (n < 10)
        n = 10;
    struct sandbox *empty = make("function tick(ctx) end");
    struct sandbox *calls = make("function tick(ctx) local s = 0 for i = 1, 1000 do s = ctx.add(s, i) end return s end");
    long long (*volatile fn)(long long, long long) = c_add;
    double t = now_s();
    long long s = 0;
    for (long i = 0; i < n * 1000; i++)
        s = fn(s, i);
    double base = (now_s() - t) / ((double)n * 1000);
    double run = per_run(empty, n);
    double with_calls = per_run(calls, n / 10);
    double call = (with_calls - run) / 1000;
    printf("bench_sandbox: %ld runs (checksum %lld)\n", n, s & 1);
    printf("  empty tick run      %8.3f us per run\n", run * 1e6);
    printf("  host call from Lua  %8.3f us per call\n", call * 1e6);
    printf("  baseline C call     %8.4f us per call\n", base * 1e6);
    printf("  ratio host call / C call  %.0fx\n", base > 0 ? call / base : 0);
    sandbox_free(empty);
    sandbox_free(calls);
    return 0;
}
