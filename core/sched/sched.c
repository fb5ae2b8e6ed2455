/* sched.c: per-strategy schedule state (see sched.h). */
#include "sched/sched.h"

#include <string.h>
#include <time.h>

/* Largest interval or jitter accepted: about 35 years in ms, far from any overflow. */
#define SCHED_MAX_MS ((uint64_t)1 << 40)

static int64_t floordiv(int64_t a, int64_t b)
{
    int64_t q = a / b;
    if (a % b != 0 && ((a < 0) != (b < 0)))
        q--;
    return q;
}

void sched_clock_now(struct sched_clock *now)
{
    struct timespec m, w;
    clock_gettime(CLOCK_MONOTONIC, &m);
    clock_gettime(CLOCK_REALTIME, &w);
    now->mono_ms = (int64_t)m.tv_sec * 1000 + m.tv_nsec / 1000000;
    now->wall_ms = (int64_t)w.tv_sec * 1000 + w.tv_nsec / 1000000;
}

uint64_t sched_seed(const char *name)
{
    uint64_t h = 0xcbf29ce484222325u;
    for (const unsigned char *p = (const unsigned char *)(name ? name : ""); *p; p++) {
        h ^= *p;
        h *= 0x100000001b3u;
    }
    return h;
}

uint64_t sched_jitter(uint64_t seed, int64_t key, uint64_t jitter_ms)
{
    if (jitter_ms == 0)
        return 0;
    /* splitmix64 finaliser over seed and key. */
    uint64_t z = seed ^ ((uint64_t)key * 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    z ^= z >> 31;
    return jitter_ms == UINT64_MAX ? z : z % (jitter_ms + 1);
}

static void set_every(struct schedule *s, int64_t nominal_mono_ms)
{
    s->nominal = nominal_mono_ms;
    s->due_ms = nominal_mono_ms + (int64_t)sched_jitter(s->seed, nominal_mono_ms, s->jitter_ms);
    s->has_due = 1;
}

/* The first cron match strictly after after_s; has_due = 0 when there is none. */
static void set_cron_after(struct schedule *s, int64_t after_s)
{
    int64_t n;
    if (cron_next(&s->cron, after_s, &n) != 0) {
        s->has_due = 0;
        return;
    }
    s->nominal = n;
    s->due_ms = n * 1000 + (int64_t)sched_jitter(s->seed, n, s->jitter_ms);
    s->has_due = 1;
}

int sched_init(struct schedule *s, const struct config_schedule *cfg, const char *name,
               const struct sched_clock *now, st_err *err)
{
    memset(s, 0, sizeof *s);
    if ((cfg->every_ms > 0) == (cfg->cron != NULL))
        return st_err_set(err, "strategy %s: schedule needs exactly one of every and cron", name);
    if (cfg->every_ms > SCHED_MAX_MS || cfg->jitter_ms > SCHED_MAX_MS)
        return st_err_set(err, "strategy %s: schedule interval or jitter is too large", name);
    s->every_ms = cfg->every_ms;
    s->jitter_ms = cfg->jitter_ms;
    s->seed = sched_seed(name);
    if (cfg->cron != NULL) {
        char why[160];
        if (cron_parse(cfg->cron, &s->cron, why, sizeof why) != 0)
            return st_err_set(err, "strategy %s: cron: %s", name, why);
        s->is_cron = 1;
    }
    int64_t wall_s = floordiv(now->wall_ms, 1000);
    if (s->is_cron) {
        set_cron_after(s, wall_s);
        if (!s->has_due)
            return st_err_set(err, "strategy %s: cron expression matches no time in the next %d years", name,
                              CRON_SEARCH_YEARS);
    } else {
        set_every(s, now->mono_ms + (int64_t)s->every_ms);
    }
    if (cfg->run_on_start) {
        s->immediate = 1;
        /* The cadence after the first run counts from now. */
        if (s->is_cron)
            s->nominal = wall_s;
        else
            s->nominal = now->mono_ms;
    }
    return 0;
}

static int is_due(const struct schedule *s, const struct sched_clock *now, int64_t *wait)
{
    if (s->immediate) {
        *wait = 0;
        return 1;
    }
    int64_t ref = s->is_cron ? now->wall_ms : now->mono_ms;
    if (s->due_ms <= ref) {
        *wait = 0;
        return 1;
    }
    *wait = s->due_ms - ref;
    return 0;
}

int sched_next_due(const struct schedule *s, const struct sched_clock *now, int64_t *wait_ms)
{
    int64_t w = -1;
    int r = 0;
    if (!s->running && s->has_due)
        r = is_due(s, now, &w);
    if (wait_ms != NULL)
        *wait_ms = w;
    return r;
}

void sched_on_run_start(struct schedule *s, const struct sched_clock *now)
{
    int64_t w;
    int due = s->has_due && !s->running && is_due(s, now, &w);
    s->running = 1;
    s->runs++;
    /* A run started by hand before its time leaves the pending due time in place. */
    if (!due)
        return;
    s->immediate = 0;
    if (s->is_cron) {
        set_cron_after(s, s->nominal);
        if (s->has_due && s->due_ms <= now->wall_ms) /* late: drop the missed times */
            set_cron_after(s, floordiv(now->wall_ms, 1000));
    } else {
        set_every(s, s->nominal + (int64_t)s->every_ms);
        if (s->due_ms <= now->mono_ms) /* late: continue from now */
            set_every(s, now->mono_ms + (int64_t)s->every_ms);
    }
}

void sched_on_run_end(struct schedule *s, const struct sched_clock *now)
{
    (void)now;
    s->running = 0;
}
