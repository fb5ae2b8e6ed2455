/* cron.h: validation of five-field cron expressions (minute hour day-of-month month
 * day-of-week, UTC). Each field is a comma-separated list of items: "*", N or N-M, each
 * optionally followed by "/S" (every S-th value; N/S runs from N to the field's maximum).
 * Numbers only (no JAN or MON), day of week 0-7
 * with both 0 and 7 meaning Sunday. The scheduler owns the evaluation; this only makes sure
 * that an expression accepted at load time means something. */
#ifndef STEWARD_CONFIG_CRON_H
#define STEWARD_CONFIG_CRON_H

#include <stddef.h>
#include <stdint.h>

/* Returns 0 when expr is valid; otherwise -1 with a short reason in why (no value of the
 * expression beyond the field name and the offending number). */
int cron_check(const char *expr, char *why, size_t cap);

/* The field sets of a parsed expression: bit v is set when value v is selected. */
struct cron_spec {
    uint64_t minute; /* bits 0-59 */
    uint32_t hour;   /* bits 0-23 */
    uint32_t dom;    /* bits 1-31 */
    uint16_t month;  /* bits 1-12 */
    uint8_t dow;     /* bits 0-6, Sunday = 0 (a 7 in the expression sets bit 0) */
    int dom_star;    /* the day-of-month field starts with '*' (a plain or a stepped star) */
    int dow_star;    /* the day-of-week field starts with '*' */
};

/* Like cron_check, and on success fills spec. Classic cron rule for the evaluator: when
 * neither dom_star nor dow_star is set, a day matches if EITHER field matches; otherwise
 * both must match. */
int cron_parse(const char *expr, struct cron_spec *spec, char *why, size_t cap);

#endif
