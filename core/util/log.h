/* log.h: the agent's log, human-readable text or JSON lines, on stderr.
 *
 * Each line carries a UTC timestamp, a level, an event name (a stable dotted identifier
 * such as "agent.ready" that scripts can match) and a message. Messages must never contain
 * secret material; the secret-leak test greps every log line for the master secret. */
#ifndef STEWARD_UTIL_LOG_H
#define STEWARD_UTIL_LOG_H

#include <stdio.h>

enum log_level { LOG_DEBUG = 0, LOG_INFO = 1, LOG_WARN = 2, LOG_ERROR = 3 };
enum log_format { LOG_FORMAT_TEXT = 0, LOG_FORMAT_JSON = 1 };

/* Sets the minimum level, the format and the stream (NULL means stderr). */
void log_setup(enum log_level min, enum log_format fmt, FILE *out);

/* Parses "debug", "info", "warn", "error". Returns 0, or -1 on anything else. */
int log_level_parse(const char *s, enum log_level *out);
/* Parses "text", "json". Returns 0, or -1 on anything else. */
int log_format_parse(const char *s, enum log_format *out);

/* Marks every following line with a mode label, e.g. "dev" while the master secret is a
 * generated development secret: text lines get "[DEV]", JSON lines a "mode" field. NULL
 * removes the label. The string must outlive its use (a literal). */
void log_set_mode(const char *mode);

void log_emit(enum log_level lvl, const char *event, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#define log_debug(ev, ...) log_emit(LOG_DEBUG, ev, __VA_ARGS__)
#define log_info(ev, ...) log_emit(LOG_INFO, ev, __VA_ARGS__)
#define log_warn(ev, ...) log_emit(LOG_WARN, ev, __VA_ARGS__)
#define log_error(ev, ...) log_emit(LOG_ERROR, ev, __VA_ARGS__)

#endif
