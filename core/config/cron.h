/* cron.h: validation of five-field cron expressions (minute hour day-of-month month
 * day-of-week, UTC). Each field is a comma-separated list of items: "*", N or N-M, each
 * optionally followed by "/S" (every S-th value; N/S runs from N to the field's maximum).
 * Numbers only (no JAN or MON), day of week 0-7
 * with both 0 and 7 meaning Sunday. The scheduler owns the evaluation; this only makes sure
 * that an expression accepted at load time means something. */
#ifndef STEWARD_CONFIG_CRON_H
#define STEWARD_CONFIG_CRON_H

#include <stddef.h>

/* Returns 0 when expr is valid; otherwise -1 with a short reason in why (no value of the
 * expression beyond the field name and the offending number). */
int cron_check(const char *expr, char *why, size_t cap);

#endif
