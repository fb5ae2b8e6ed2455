/* sched.h: when each strategy runs.
 *
 * A strategy's schedule is either an interval (`every`, measured on CLOCK_MONOTONIC) or a
 * five-field cron expression (evaluated in UTC on the wall clock), plus an optional
 * deterministic jitter and `run_on_start`. Runs never overlap: a time that falls due while a
 * run is in progress is deferred to that run's end, never queued, and any number of missed
 * times (downtime, a long run) collapse into ONE run, after which the schedule continues
 * from that run's start.
 *
 * Everything here is a pure function of the clocks it is given (struct sched_clock), so
 * tests control time; sched_clock_now reads the real clocks. */
#ifndef STEWARD_SCHED_SCHED_H
#define STEWARD_SCHED_SCHED_H

#include <stdint.h>

#include "config/config.h"
#include "config/cron.h"
#include "util/err.h"

/* The next minute strictly after after_unix_s (UTC) that the spec matches, in
 * *next_unix_s (a multiple of 60). Day of month and day of week are OR'ed when both are
 * restricted (neither starts with '*'). Returns -1 when nothing matches within
 * CRON_SEARCH_YEARS years (an impossible spec such as "0 0 30 2 *"). */
#define CRON_SEARCH_YEARS 10
int cron_next(const struct cron_spec *spec, int64_t after_unix_s, int64_t *next_unix_s);

/* The two clocks, in milliseconds. */
struct sched_clock {
    int64_t mono_ms; /* CLOCK_MONOTONIC */
    int64_t wall_ms; /* CLOCK_REALTIME, Unix epoch, UTC */
};

/* Reads the real clocks. */
void sched_clock_now(struct sched_clock *now);

/* The jitter for one due time: a value in 0..jitter_ms derived only from seed and key, so
 * it is the same every time it is asked for. */
uint64_t sched_jitter(uint64_t seed, int64_t key, uint64_t jitter_ms);

/* FNV-1a 64 of a strategy name: the seed sched_init uses. */
uint64_t sched_seed(const char *name);

struct schedule {
    /* From the configuration. */
    uint64_t every_ms;     /* > 0 for an interval schedule */
    int is_cron;           /* 1 for a cron schedule */
    struct cron_spec cron;
    uint64_t jitter_ms;
    uint64_t seed;
    /* State. */
    int running;           /* a run is in progress */
    int has_due;           /* 0: no further run (impossible cron spec) */
    int immediate;         /* the pending run is due at once (run_on_start) */
    int64_t nominal;       /* pending due time without jitter: mono ms (every) or Unix s (cron) */
    int64_t due_ms;        /* pending due time with jitter: mono ms (every) or wall ms (cron) */
    uint64_t runs;         /* runs started */
};

/* Sets s up for a strategy named name at time now. The first run is due at once with
 * run_on_start, else one interval from now (every) or at the next cron match (plus jitter).
 * Returns -1 with a message in err for an unusable schedule. */
int sched_init(struct schedule *s, const struct config_schedule *cfg, const char *name,
               const struct sched_clock *now, st_err *err);

/* Whether a run is due at now: 1 (run it now: *wait_ms = 0), or 0 with *wait_ms the
 * milliseconds until it will be, or -1 when no run can become due (one is in progress, or
 * a cron spec with no future match). wait_ms may be NULL. */
int sched_next_due(const struct schedule *s, const struct sched_clock *now, int64_t *wait_ms);

/* A run starts now (the caller saw sched_next_due return 1, or runs it by hand). Computes
 * the next due time; when that has already passed (the run is late), the missed times are
 * dropped and the schedule continues from now. */
void sched_on_run_start(struct schedule *s, const struct sched_clock *now);

/* The run that started last has ended. A time that fell due meanwhile is due at once. */
void sched_on_run_end(struct schedule *s, const struct sched_clock *now);

#endif
