/* err.h: the one error convention of steward.
 *
 * A function that can fail returns 0 on success and -1 on failure, and on failure writes one
 * human-readable line into a caller-provided `st_err`. The message names what failed
 * (file:line:column, key path, field) and never contains secret material: callers must not
 * format secrets into it. The first error written wins, so the innermost, most precise cause
 * is kept when outer layers add no detail; use st_err_wrap to prefix context. */
#ifndef STEWARD_UTIL_ERR_H
#define STEWARD_UTIL_ERR_H

#include <stddef.h>

#define ST_ERR_MAX 1024

typedef struct st_err {
    char msg[ST_ERR_MAX];
    int set; /* 1 once a message has been written */
} st_err;

/* Writes a formatted message (printf-style) unless one is already set. Returns -1 so
 * callers can write `return st_err_set(err, ...);`. `err` may be NULL. */
int st_err_set(st_err *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Prefixes the existing message with formatted context ("while X: <old>"). Returns -1. */
int st_err_wrap(st_err *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Clears a message. */
void st_err_clear(st_err *err);

#endif
