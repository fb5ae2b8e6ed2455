/* test_config_duration: config_parse_duration, and the cron field checker the loader uses. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "config/config.h"
#include "config/cron.h"

static void good(const char *s, uint64_t want)
{
    uint64_t ms = 12345;
    int rc = config_parse_duration(s, &ms);
    CHECK(rc == 0 && ms == want);
    if (rc != 0 || ms != want)
        fprintf(stderr, "  duration \"%s\": rc=%d ms=%llu, want %llu\n", s, rc, (unsigned long long)ms,
                (unsigned long long)want);
}

static void bad(const char *s)
{
    uint64_t ms = 777;
    int rc = config_parse_duration(s, &ms);
    CHECK(rc == -1 && ms == 777); /* untouched on failure */
    if (rc != -1)
        fprintf(stderr, "  duration \"%s\" was accepted (%llu)\n", s, (unsigned long long)ms);
}

static void cron_good(const char *s)
{
    char why[160] = "";
    int rc = cron_check(s, why, sizeof why);
    CHECK(rc == 0);
    if (rc != 0)
        fprintf(stderr, "  cron \"%s\" refused: %s\n", s, why);
}

static void cron_bad(const char *s, const char *keyword)
{
    char why[160] = "";
    int rc = cron_check(s, why, sizeof why);
    CHECK(rc == -1 && strstr(why, keyword) != NULL);
    if (rc != -1 || strstr(why, keyword) == NULL)
        fprintf(stderr, "  cron \"%s\": rc=%d why=\"%s\", want \"%s\"\n", s, rc, why, keyword);
}

int main(void)
{
    good("0s", 0);
    good("0ms", 0);
    good("1ms", 1);
    good("500ms", 500);
    good("1s", 1000);
    good("30s", 30000);
    good("5m", 300000);
    good("2h", 7200000);
    good("1d", 86400000);
    good("1h30m", 5400000);
    good("1d1h1m1s1ms", 90061001);
    good("90m", 5400000);  /* a unit need not be "normalised" */
    good("1000ms", 1000);
    good("007s", 7000);
    good("18446744073709551615ms", UINT64_MAX);
    good("213503982334d", 213503982334ull * 86400000ull);

    bad(NULL);
    bad("");
    bad("s");
    bad("1");
    bad("30");
    bad("-1s");
    bad("+1s");
    bad("1.5s");
    bad(" 1s");
    bad("1s ");
    bad("1 s");
    bad("1h 30m");
    bad("1S");
    bad("1sec");
    bad("1min");
    bad("5 parsecs");
    bad("1y");
    bad("1w");
    bad("30m1h");   /* largest unit first */
    bad("1s1s");    /* each unit once */
    bad("1ms1s");
    bad("1h1h");
    bad("1msms");
    bad("1m1ms1s");
    bad("18446744073709551616ms");           /* one more than 2^64-1 */
    bad("99999999999999999999s");            /* the number itself overflows */
    bad("18446744073709552s");               /* overflows once multiplied */
    bad("213503982335d");
    bad("18446744073709551615ms1ms");        /* ms twice */
    bad("213503982334d1d");
    bad("213503982334d23h59m59s999ms");      /* the sum overflows */
    bad("1s\n");
    bad("0x10s");

    cron_good("* * * * *");
    cron_good("*/5 * * * *");
    cron_good("0 0 1 1 0");
    cron_good("59 23 31 12 7");
    cron_good("0,15,30,45 9-17 * * 1-5");
    cron_good("0-59/10 */2 1-31/3 1,6,12 0-7/7");
    cron_good("5/15 * * * *");
    cron_good("  0\t0  * *   *  ");

    cron_bad("", "expected 5 fields");
    cron_bad("* * * *", "got 4");
    cron_bad("* * * * * *", "got 6");
    cron_bad("60 * * * *", "minute field: 60");
    cron_bad("* 24 * * *", "hour field: 24");
    cron_bad("* * 0 * *", "day of month field: 0");
    cron_bad("* * 32 * *", "day of month field: 32");
    cron_bad("* * * 0 *", "month field: 0");
    cron_bad("* * * 13 *", "month field: 13");
    cron_bad("* * * * 8", "day of week field: 8");
    cron_bad("*/0 * * * *", "step");
    cron_bad("*/61 * * * *", "larger than");
    cron_bad("5-1 * * * *", "backwards");
    cron_bad("1- * * * *", "range needs an end");
    cron_bad("1,,2 * * * *", "empty list item");
    cron_bad(",1 * * * *", "empty list item");
    cron_bad("1, * * * *", "empty list item");
    cron_bad("* * * JAN *", "names are not supported");
    cron_bad("* * * * MON", "names are not supported");
    cron_bad("? * * * *", "expected *");
    cron_bad("1x * * * *", "unexpected character");
    cron_bad("** * * * *", "unexpected character");
    cron_bad("-5 * * * *", "expected *");
    cron_bad("99999 * * * *", "expected *");
    cron_bad("L * * * *", "names are not supported");

    return check_summary();
}
