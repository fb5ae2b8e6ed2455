/* test_sched_schedule: interval and cron schedules driven by test-controlled clocks. */
#include "check.h"
#include "sched/sched.h"

#include <stdint.h>

#define SEC 1000LL
#define MIN (60 * SEC)
#define HOUR (60 * MIN)

static struct sched_clock at(int64_t mono_ms, int64_t wall_ms)
{
    struct sched_clock c = {mono_ms, wall_ms};
    return c;
}

/* Drives s like `steward run` would: from `from` to `to` (mono ms, wall = wall0 + mono) in
 * steps of `step`, each run lasting run_len. Records run start times; returns the count. */
static int drive(struct schedule *s, int64_t from, int64_t to, int64_t step, int64_t run_len, int64_t wall0,
                 int64_t *starts, int max)
{
    int n = 0;
    int64_t end = -1;
    for (int64_t t = from; t < to; t += step) {
        struct sched_clock c = at(t, wall0 + t);
        if (s->running && t >= end)
            sched_on_run_end(s, &c);
        if (sched_next_due(s, &c, NULL) == 1) {
            sched_on_run_start(s, &c);
            if (n < max)
                starts[n] = t;
            n++;
            end = t + run_len;
        }
    }
    return n;
}

static void every_sequence(void)
{
    struct config_schedule cfg = {.every_ms = 10 * MIN};
    struct schedule s;
    st_err err = {0};
    struct sched_clock c = at(1000, 1700000000000);
    CHECK(sched_init(&s, &cfg, "dca", &c, &err) == 0);
    int64_t w = 0;
    CHECK(sched_next_due(&s, &c, &w) == 0 && w == 10 * MIN);
    c = at(1000 + 10 * MIN - 1, 0);
    CHECK(sched_next_due(&s, &c, &w) == 0 && w == 1);
    int64_t starts[16];
    int n = drive(&s, 1000, 1000 + 60 * MIN + 1, SEC, 5 * SEC, 0, starts, 16);
    CHECK(n == 6);
    for (int i = 0; i < n && i < 16; i++)
        CHECK(starts[i] == 1000 + (i + 1) * 10 * MIN);
    /* The interval counts on the monotonic clock only: the wall clock jumping back an hour
     * changes nothing. */
    struct schedule t;
    c = at(0, 1700000000000);
    CHECK(sched_init(&t, &cfg, "dca", &c, &err) == 0);
    c = at(10 * MIN, 1700000000000 - HOUR);
    CHECK(sched_next_due(&t, &c, &w) == 1 && w == 0);
}

static void jitter(void)
{
    /* FNV-1a 64 reference values. */
    CHECK(sched_seed("") == 0xcbf29ce484222325u);
    CHECK(sched_seed("a") == 0xaf63dc4c8601ec8cu);
    uint64_t seed = sched_seed("rebalance");
    CHECK(sched_jitter(seed, 12345, 0) == 0);
    uint64_t lo = UINT64_MAX, hi = 0;
    int differs = 0;
    for (int64_t k = 0; k < 10000; k++) {
        uint64_t j = sched_jitter(seed, k * 60, 30000);
        CHECK(j <= 30000);
        CHECK(j == sched_jitter(seed, k * 60, 30000)); /* deterministic */
        if (j != sched_jitter(sched_seed("take_profit"), k * 60, 30000))
            differs++;
        lo = j < lo ? j : lo;
        hi = j > hi ? j : hi;
    }
    CHECK(lo < 100 && hi > 29900); /* spread over the whole range */
    CHECK(differs > 9900);          /* another strategy gets other offsets */
    CHECK(sched_jitter(seed, 7, 1) <= 1);
    CHECK(sched_jitter(seed, 7, UINT64_MAX) == sched_jitter(seed, 7, UINT64_MAX));

    /* A schedule's due time is its nominal time plus exactly that jitter. */
    struct config_schedule cfg = {.every_ms = 10 * MIN, .jitter_ms = 30 * SEC};
    struct schedule s;
    st_err err = {0};
    struct sched_clock c = at(5 * SEC, 0);
    CHECK(sched_init(&s, &cfg, "rebalance", &c, &err) == 0);
    int64_t nominal = 5 * SEC + 10 * MIN;
    int64_t due = nominal + (int64_t)sched_jitter(seed, nominal, 30 * SEC);
    int64_t w;
    CHECK(sched_next_due(&s, &c, &w) == 0 && w == due - 5 * SEC);
    c = at(due - 1, 0);
    CHECK(sched_next_due(&s, &c, &w) == 0 && w == 1);
    c = at(due, 0);
    CHECK(sched_next_due(&s, &c, &w) == 1);
    sched_on_run_start(&s, &c);
    sched_on_run_end(&s, &c);
    /* The next nominal time is one interval after the previous nominal time, not after the
     * jittered start: the jitter does not drift the cadence. */
    int64_t nominal2 = nominal + 10 * MIN;
    CHECK(s.nominal == nominal2);
    CHECK(s.due_ms == nominal2 + (int64_t)sched_jitter(seed, nominal2, 30 * SEC));

    /* Cron: jitter keyed on the Unix second of the match. Fri 2024-03-08 09:00 -> Mon 09:00. */
    struct config_schedule cc = {.cron = "0 9 * * 1-5", .jitter_ms = MIN};
    c = at(777, 1709888400 * SEC);
    CHECK(sched_init(&s, &cc, "rebalance", &c, &err) == 0);
    int64_t mon = 1710147600;
    CHECK(sched_next_due(&s, &c, &w) == 0);
    CHECK(w == (mon - 1709888400) * SEC + (int64_t)sched_jitter(seed, mon, MIN));
}

static void no_overlap(void)
{
    struct config_schedule cfg = {.every_ms = 10 * MIN};
    struct schedule s;
    st_err err = {0};
    struct sched_clock c = at(0, 0);
    CHECK(sched_init(&s, &cfg, "slow", &c, &err) == 0);
    c = at(10 * MIN, 0);
    CHECK(sched_next_due(&s, &c, NULL) == 1);
    sched_on_run_start(&s, &c);
    /* A 25-minute run: 20 and 30 minutes fall due meanwhile but nothing is offered. */
    int64_t w = 0;
    for (int64_t t = 10 * MIN; t < 35 * MIN; t += SEC) {
        c = at(t, 0);
        CHECK(sched_next_due(&s, &c, &w) == 0);
    }
    CHECK(w == -1);
    c = at(35 * MIN, 0);
    sched_on_run_end(&s, &c);
    /* Deferred: one run at once, not two. */
    CHECK(sched_next_due(&s, &c, &w) == 1 && w == 0);
    sched_on_run_start(&s, &c);
    c = at(35 * MIN + 2 * SEC, 0);
    sched_on_run_end(&s, &c);
    CHECK(sched_next_due(&s, &c, &w) == 0 && w == 10 * MIN - 2 * SEC);
    CHECK(s.runs == 2);

    /* The same through the driver: runs of 25 minutes every 10 minutes start back to back,
     * never more than one in flight, every start at least 25 minutes after the last. */
    int64_t starts[32];
    CHECK(sched_init(&s, &cfg, "slow", &(struct sched_clock){0, 0}, &err) == 0);
    int n = drive(&s, 0, 3 * HOUR, SEC, 25 * MIN, 0, starts, 32);
    CHECK(n == 7); /* 10, 35, 60, 85, 110, 135, 160 minutes */
    for (int i = 1; i < n && i < 32; i++)
        CHECK(starts[i] - starts[i - 1] == 25 * MIN);

    /* A run started by hand before its time leaves the schedule's next time alone. */
    CHECK(sched_init(&s, &cfg, "manual", &(struct sched_clock){0, 0}, &err) == 0);
    c = at(3 * MIN, 0);
    sched_on_run_start(&s, &c);
    CHECK(sched_next_due(&s, &c, &w) == 0 && w == -1);
    c = at(4 * MIN, 0);
    sched_on_run_end(&s, &c);
    CHECK(sched_next_due(&s, &c, &w) == 0 && w == 6 * MIN);
}

static void downtime(void)
{
    struct config_schedule cfg = {.every_ms = 10 * MIN};
    struct schedule s;
    st_err err = {0};
    CHECK(sched_init(&s, &cfg, "dca", &(struct sched_clock){0, 0}, &err) == 0);
    int64_t starts[32];
    /* Runs at 10 minutes, then the agent is stalled for three hours (nothing drives it). */
    int n = drive(&s, 0, 11 * MIN, SEC, 2 * SEC, 0, starts, 32);
    CHECK(n == 1 && starts[0] == 10 * MIN);
    int64_t back = 10 * MIN + 3 * HOUR + 7 * SEC;
    n = drive(&s, back, back + HOUR, SEC, 2 * SEC, 0, starts, 32);
    /* Exactly one catch-up run at once, then the cadence resumes from it. */
    CHECK(n == 6);
    CHECK(starts[0] == back);
    for (int i = 1; i < n && i < 32; i++)
        CHECK(starts[i] == back + i * 10 * MIN);

    /* Cron after downtime: "*\/5" missed 36 times over three hours -> one run, then the next
     * match after it. Wall clock 2024-03-10 12:00:00 = 1710072000. */
    struct config_schedule cc = {.cron = "*/5 * * * *"};
    int64_t wall0 = 1710072000 * SEC;
    CHECK(sched_init(&s, &cc, "dca", &(struct sched_clock){0, wall0}, &err) == 0);
    n = drive(&s, 0, 6 * MIN, SEC, 2 * SEC, wall0, starts, 32);
    CHECK(n == 1 && starts[0] == 5 * MIN);
    back = 3 * HOUR + 2 * MIN + 30 * SEC; /* 15:02:30 */
    n = drive(&s, back, back + 20 * MIN, SEC, 2 * SEC, wall0, starts, 32);
    CHECK(n == 5); /* 15:02:30 catch-up, 15:05, 15:10, 15:15, 15:20 */
    CHECK(starts[0] == back);
    for (int i = 1; i < n && i < 32; i++)
        CHECK(starts[i] == 3 * HOUR + i * 5 * MIN);
}

static void run_on_start(void)
{
    struct config_schedule cfg = {.every_ms = 10 * MIN, .jitter_ms = 30 * SEC, .run_on_start = 1};
    struct schedule s;
    st_err err = {0};
    struct sched_clock c = at(50 * SEC, 0);
    CHECK(sched_init(&s, &cfg, "rebalance", &c, &err) == 0);
    int64_t w = -5;
    CHECK(sched_next_due(&s, &c, &w) == 1 && w == 0); /* at once, no jitter */
    sched_on_run_start(&s, &c);
    c = at(52 * SEC, 0);
    sched_on_run_end(&s, &c);
    int64_t nominal = 50 * SEC + 10 * MIN;
    CHECK(sched_next_due(&s, &c, &w) == 0);
    CHECK(w == nominal + (int64_t)sched_jitter(sched_seed("rebalance"), nominal, 30 * SEC) - 52 * SEC);

    /* Without run_on_start nothing is due at start. */
    cfg.run_on_start = 0;
    c = at(50 * SEC, 0);
    CHECK(sched_init(&s, &cfg, "rebalance", &c, &err) == 0);
    CHECK(sched_next_due(&s, &c, &w) == 0 && w > 0);

    /* Cron with run_on_start: now, then the next match. 2024-03-10 12:03:17. */
    struct config_schedule cc = {.cron = "*/5 * * * *", .run_on_start = 1};
    c = at(0, 1710072197 * SEC);
    CHECK(sched_init(&s, &cc, "x", &c, &err) == 0);
    CHECK(sched_next_due(&s, &c, &w) == 1);
    sched_on_run_start(&s, &c);
    sched_on_run_end(&s, &c);
    CHECK(sched_next_due(&s, &c, &w) == 0 && w == (1710072300 - 1710072197) * SEC);
}

static void bad_config(void)
{
    struct schedule s;
    struct sched_clock c = at(0, 0);
    st_err err = {0};
    struct config_schedule none = {0};
    CHECK(sched_init(&s, &none, "a", &c, &err) == -1 && strstr(err.msg, "exactly one") != NULL);
    st_err_clear(&err);
    struct config_schedule both = {.every_ms = 1000, .cron = "* * * * *"};
    CHECK(sched_init(&s, &both, "a", &c, &err) == -1);
    st_err_clear(&err);
    struct config_schedule bad = {.cron = "* * *"};
    CHECK(sched_init(&s, &bad, "a", &c, &err) == -1 && strstr(err.msg, "cron") != NULL);
    st_err_clear(&err);
    struct config_schedule never = {.cron = "0 0 30 2 *"};
    CHECK(sched_init(&s, &never, "a", &c, &err) == -1 && strstr(err.msg, "no time") != NULL);
    st_err_clear(&err);
    struct config_schedule huge = {.every_ms = UINT64_MAX};
    CHECK(sched_init(&s, &huge, "a", &c, &err) == -1);

    /* The real clocks read sensibly. */
    struct sched_clock a, b;
    sched_clock_now(&a);
    sched_clock_now(&b);
    CHECK(b.mono_ms >= a.mono_ms && a.wall_ms > 1600000000000);
}

int main(void)
{
    every_sequence();
    jitter();
    no_overlap();
    downtime();
    run_on_start();
    bad_config();
    return check_summary();
}
