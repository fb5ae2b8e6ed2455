/* cron_next.c: evaluation of parsed cron expressions (config/cron.h parses) in UTC. */
#include "sched/sched.h"

static int64_t floordiv(int64_t a, int64_t b)
{
    int64_t q = a / b;
    if (a % b != 0 && ((a < 0) != (b < 0)))
        q--;
    return q;
}

/* Days since 1970-01-01 to a proleptic Gregorian date (H. Hinnant's civil_from_days). */
static void civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
    z += 719468;
    int64_t era = floordiv(z, 146097);
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = (int64_t)yoe + era * 400 + (*m <= 2);
}

/* Limits that keep every product below far from overflow: about +-30,000 years. */
#define CRON_LIMIT_S ((int64_t)1 << 40)

int cron_next(const struct cron_spec *spec, int64_t after_unix_s, int64_t *next_unix_s)
{
    if (spec == NULL || next_unix_s == NULL || after_unix_s > CRON_LIMIT_S || after_unix_s < -CRON_LIMIT_S)
        return -1;
    int64_t t = floordiv(after_unix_s, 60) + 1; /* first candidate minute */
    int64_t day = floordiv(t, 1440);
    int minute_of_day = (int)(t - day * 1440);
    int64_t last = day + 366 * CRON_SEARCH_YEARS;
    for (; day <= last; day++, minute_of_day = 0) {
        int64_t y;
        unsigned m, d;
        civil_from_days(day, &y, &m, &d);
        if (!((spec->month >> m) & 1))
            continue;
        unsigned wd = (unsigned)(((day % 7) + 11) % 7); /* 1970-01-01 was a Thursday (4) */
        int dm = (int)((spec->dom >> d) & 1), wm = (int)((spec->dow >> wd) & 1);
        int ok = (spec->dom_star || spec->dow_star) ? (dm && wm) : (dm || wm);
        if (!ok)
            continue;
        for (int h = minute_of_day / 60; h < 24; h++) {
            if (!((spec->hour >> h) & 1))
                continue;
            int mi = h == minute_of_day / 60 ? minute_of_day % 60 : 0;
            for (; mi < 60; mi++)
                if ((spec->minute >> mi) & 1) {
                    *next_unix_s = (day * 1440 + h * 60 + mi) * 60;
                    return 0;
                }
        }
    }
    return -1;
}
