#include "util/log.h"

#include <stdarg.h>
#include <string.h>
#include <time.h>

static enum log_level min_level = LOG_INFO;
static enum log_format format = LOG_FORMAT_TEXT;
static FILE *stream = NULL;
static const char *mode_label = NULL;

static const char *const level_names[] = {"debug", "info", "warn", "error"};

void log_setup(enum log_level min, enum log_format fmt, FILE *out)
{
    min_level = min;
    format = fmt;
    stream = out;
}

void log_set_mode(const char *mode)
{
    mode_label = mode;
}

int log_level_parse(const char *s, enum log_level *out)
{
    for (int i = 0; i < 4; i++)
        if (strcmp(s, level_names[i]) == 0) {
            *out = (enum log_level)i;
            return 0;
        }
    return -1;
}

int log_format_parse(const char *s, enum log_format *out)
{
    if (strcmp(s, "text") == 0)
        *out = LOG_FORMAT_TEXT;
    else if (strcmp(s, "json") == 0)
        *out = LOG_FORMAT_JSON;
    else
        return -1;
    return 0;
}

/* JSON string body escaping: quotes, backslash and control characters. */
static void put_json_string(FILE *f, const char *s)
{
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(f, "\\%c", *p);
        else if (*p == '\n')
            fputs("\\n", f);
        else if (*p < 0x20)
            fprintf(f, "\\u%04x", *p);
        else
            fputc(*p, f);
    }
    fputc('"', f);
}

void log_emit(enum log_level lvl, const char *event, const char *fmt, ...)
{
    if (lvl < min_level)
        return;
    FILE *f = stream ? stream : stderr;
    char msg[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);

    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    struct tm tm;
    gmtime_r(&ts.tv_sec, &tm);
    char when[40];
    size_t n = strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(when + n, sizeof when - n, ".%03ldZ", ts.tv_nsec / 1000000);

    if (format == LOG_FORMAT_JSON) {
        fprintf(f, "{\"ts\":\"%s\",\"level\":\"%s\",\"event\":", when, level_names[lvl]);
        put_json_string(f, event);
        if (mode_label) {
            fputs(",\"mode\":", f);
            put_json_string(f, mode_label);
        }
        fputs(",\"msg\":", f);
        put_json_string(f, msg);
        fputs("}\n", f);
    } else {
        if (mode_label) {
            char tag[32];
            size_t i = 0;
            for (; mode_label[i] && i < sizeof tag - 1; i++)
                tag[i] = (char)(mode_label[i] >= 'a' && mode_label[i] <= 'z' ? mode_label[i] - 32 : mode_label[i]);
            tag[i] = '\0';
            fprintf(f, "%s %-5s [%s] %s: %s\n", when, level_names[lvl], tag, event, msg);
        } else {
            fprintf(f, "%s %-5s %s: %s\n", when, level_names[lvl], event, msg);
        }
    }
    fflush(f);
}
