/* test_sched_cron: cron_parse (config/cron.h) and cron_next against hand-checked UTC times. */
#include "check.h"
#include "sched/sched.h"

#include <stdint.h>

/* next after `after` for expr, or -1 when there is none (or the expression is refused). */
static int64_t next(const char *expr, int64_t after)
{
    struct cron_spec sp;
    char why[160];
    if (cron_parse(expr, &sp, why, sizeof why) != 0) {
        fprintf(stderr, "  cron \"%s\" refused: %s\n", expr, why);
        return -2;
    }
    int64_t n = 0;
    return cron_next(&sp, after, &n) == 0 ? n : -1;
}

#define CHECK_NEXT(expr, after, want)                                                              \
    do {                                                                                           \
        int64_t got_ = next(expr, after);                                                          \
        CHECK(got_ == (int64_t)(want));                                                            \
        if (got_ != (int64_t)(want))                                                               \
            fprintf(stderr, "  \"%s\" after %lld: got %lld want %lld\n", expr, (long long)(after), \
                    (long long)got_, (long long)(want));                                           \
    } while (0)

static void parse_sets(void)
{
    struct cron_spec sp;
    char why[160];
    CHECK(cron_parse("*/15 9-17/4 1,15 */6 1-5", &sp, why, sizeof why) == 0);
    CHECK(sp.minute == ((1ull << 0) | (1ull << 15) | (1ull << 30) | (1ull << 45)));
    CHECK(sp.hour == ((1u << 9) | (1u << 13) | (1u << 17)));
    CHECK(sp.dom == ((1u << 1) | (1u << 15)));
    CHECK(sp.month == ((1u << 1) | (1u << 7)));
    CHECK(sp.dow == 0x3E);
    CHECK(sp.dom_star == 0 && sp.dow_star == 0);
    CHECK(cron_parse("5/20 * * * 7", &sp, why, sizeof why) == 0);
    CHECK(sp.minute == ((1ull << 5) | (1ull << 25) | (1ull << 45)));
    CHECK(sp.dow == 1); /* 7 is Sunday = bit 0 */
    CHECK(sp.dom_star == 1 && sp.dow_star == 0);
    CHECK(sp.hour == 0xFFFFFF && sp.dom == 0xFFFFFFFE && sp.month == 0x1FFE);
    CHECK(cron_parse("* * * *", &sp, why, sizeof why) == -1);
    CHECK(cron_parse("60 * * * *", &sp, why, sizeof why) == -1);
    /* cron_check still agrees. */
    CHECK(cron_check("*/5 * * * *", why, sizeof why) == 0);
    CHECK(cron_check("* * * * 8", why, sizeof why) == -1);
}

int main(void)
{
    parse_sets();

    /* Every minute: the next whole minute, strictly after. */
    CHECK_NEXT("* * * * *", 1710072197, 1710072240);
    CHECK_NEXT("* * * * *", 1710072240, 1710072300);
    CHECK_NEXT("* * * * *", 0, 60);
    CHECK_NEXT("* * * * *", -1, 0); /* before the epoch: floor, not truncation */

    /* Every 5 minutes. 2024-03-10 12:03:17 -> 12:05; 12:05:00 -> 12:10; 12:57 -> 13:00. */
    CHECK_NEXT("*/5 * * * *", 1710072197, 1710072300);
    CHECK_NEXT("*/5 * * * *", 1710072300, 1710072600);
    CHECK_NEXT("*/5 * * * *", 1710075420, 1710075600);

    /* Hourly at :30. 12:30:00 -> 13:30; 12:29:59 -> 12:30. */
    CHECK_NEXT("30 * * * *", 1710073800, 1710077400);
    CHECK_NEXT("30 * * * *", 1710073799, 1710073800);

    /* Weekdays at 09:00. Fri 2024-03-08 09:00 -> Mon 03-11 09:00; Mon 08:59 -> Mon 09:00. */
    CHECK_NEXT("0 9 * * 1-5", 1709888400, 1710147600);
    CHECK_NEXT("0 9 * * 1-5", 1710147540, 1710147600);
    /* 09:00 plus 8 weekday checks in a row: Mon..Fri then Mon. */
    {
        int64_t t = 1710147600; /* Mon 2024-03-11 09:00 */
        int64_t want[] = {1710234000, 1710320400, 1710406800, 1710493200, 1710752400};
        for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
            t = next("0 9 * * 1-5", t);
            CHECK(t == want[i]);
        }
    }

    /* Feb 29 only in leap years: 2024-03-01 -> 2028-02-29; 2023-01-01 -> 2024-02-29;
     * 2096-03-01 -> 2104-02-29 (2100 is not a leap year: 8 years on). */
    CHECK_NEXT("0 0 29 2 *", 1709251200, 1835395200);
    CHECK_NEXT("0 0 29 2 *", 1672531200, 1709164800);
    CHECK_NEXT("0 0 29 2 *", 3981398400, 4233686400);

    /* Impossible: Feb 30, Apr 31, Feb 31 at a given time. */
    CHECK_NEXT("0 0 30 2 *", 1709251200, -1);
    CHECK_NEXT("0 0 31 4 *", 1709251200, -1);
    CHECK_NEXT("15 6 30,31 2 *", 0, -1);
    /* ...but OR'ed with a day of week it does match: a Monday in February. 2024-03-01 ->
     * Mon 2025-02-03. */
    CHECK_NEXT("0 0 30 2 1", 1709251200, 1738540800);

    /* Day of month and day of week OR'ed when both are restricted: "0 12 13 * 5" is the 13th
     * or any Friday. Fri 2024-10-11 12:00 -> Sun 10-13 12:00 -> Fri 10-18 12:00. */
    CHECK_NEXT("0 12 13 * 5", 1728648000, 1728820800);
    CHECK_NEXT("0 12 13 * 5", 1728820800, 1729252800);
    CHECK_NEXT("0 12 13 * *", 1728648000, 1728820800);
    CHECK_NEXT("0 12 * * 5", 1728820800, 1729252800);
    /* The classic: "1-7 and Monday" means days 1-7 OR Mondays. Mon 2024-04-01 -> Tue 04-02;
     * Sun 04-07 -> Mon 04-08 (a Monday, day 8). */
    CHECK_NEXT("0 0 1-7 * 1", 1711929600, 1712016000);
    CHECK_NEXT("0 0 1-7 * 1", 1712448000, 1712534400);
    /* A starred (stepped) day of month is AND'ed: odd days that are Mondays. 04-01 -> 04-15. */
    CHECK_NEXT("0 0 */2 * 1", 1711929600, 1713139200);

    /* Year rollover: 2024-12-31 23:59:30 -> 2025-01-01 00:00; 23:59 on Dec 31 -> a year on. */
    CHECK_NEXT("0 0 1 1 *", 1735689570, 1735689600);
    CHECK_NEXT("59 23 31 12 *", 1735689540, 1767225540);
    CHECK_NEXT("* * * * *", 1735689570, 1735689600);

    /* Sunday as 0 and as 7: Wed 2024-03-13 -> Sun 03-17 10:00; Sat 03-16 10:00 -> Sun 10:00. */
    CHECK_NEXT("0 10 * * 0", 1710288000, 1710669600);
    CHECK_NEXT("0 10 * * 7", 1710288000, 1710669600);
    CHECK_NEXT("0 10 * * 6-7", 1710583200, 1710669600);
    CHECK_NEXT("0 10 * * 6,0", 1710583200, 1710669600);

    /* Bad arguments fail cleanly. */
    {
        struct cron_spec sp;
        char why[160];
        int64_t n;
        CHECK(cron_parse("* * * * *", &sp, why, sizeof why) == 0);
        CHECK(cron_next(&sp, INT64_MAX, &n) == -1);
        CHECK(cron_next(&sp, INT64_MIN, &n) == -1);
        CHECK(cron_next(NULL, 0, &n) == -1);
        struct cron_spec empty = {0};
        CHECK(cron_next(&empty, 0, &n) == -1);
    }
    return check_summary();
}
