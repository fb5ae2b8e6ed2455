#include "config/diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Appends printf output at *pos without ever overrunning cap; keeps buf terminated. */
static void put(char *buf, size_t cap, size_t *pos, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void put(char *buf, size_t cap, size_t *pos, const char *fmt, ...)
{
    if (*pos >= cap)
        return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf + *pos, cap - *pos, fmt, ap);
    va_end(ap);
    if (n > 0)
        *pos = (size_t)n < cap - *pos ? *pos + (size_t)n : cap - 1;
}

/* Escaped body of a quoted string: printable text as is (UTF-8 included: the input was
 * validated), quotes, backslashes and control characters escaped, at most `limit` bytes
 * of input shown (never cutting a UTF-8 sequence), then "...". */
static void put_escaped(char *buf, size_t cap, size_t *pos, const char *s, size_t len, size_t limit)
{
    size_t i = 0;
    for (; i < len && i < limit; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\')
            put(buf, cap, pos, "\\%c", c);
        else if (c == '\n')
            put(buf, cap, pos, "\\n");
        else if (c == '\t')
            put(buf, cap, pos, "\\t");
        else if (c == '\r')
            put(buf, cap, pos, "\\r");
        else if (c < 0x20 || c == 0x7F)
            put(buf, cap, pos, "\\x%02x", c);
        else
            put(buf, cap, pos, "%c", c);
    }
    while (i < len && ((unsigned char)s[i] & 0xC0) == 0x80) /* finish a started character */
        put(buf, cap, pos, "%c", s[i++]);
    if (i < len)
        put(buf, cap, pos, "...");
}

char *diag_quote(const char *s, size_t len, size_t limit, char *buf, size_t cap)
{
    size_t pos = 0;
    buf[0] = '\0';
    put(buf, cap, &pos, "\"");
    put_escaped(buf, cap, &pos, s, len, limit);
    put(buf, cap, &pos, "\"");
    return buf;
}

static int is_ident(const char *s, size_t len)
{
    if (len == 0)
        return 0;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
              c == '-'))
            return 0;
    }
    return 1;
}

static void put_key(char *buf, size_t cap, size_t *pos, const char *k, size_t len)
{
    if (is_ident(k, len)) {
        put(buf, cap, pos, "%s%.*s", *pos ? "." : "", (int)len, k);
    } else {
        put(buf, cap, pos, "[\"");
        put_escaped(buf, cap, pos, k, len, 40);
        put(buf, cap, pos, "\"]");
    }
}

char *diag_path(const struct ynode *n, const char *child, char *buf, size_t cap)
{
    /* Collect the ancestors first: the path is written root first. Depth is bounded by the
     * reader (YTREE_MAX_DEPTH), plus one for a key node. */
    const struct ynode *chain[YTREE_MAX_DEPTH + 4];
    size_t depth = 0;
    for (const struct ynode *p = n; p != NULL && p->parent != NULL && depth < sizeof chain / sizeof *chain;
         p = p->parent)
        chain[depth++] = p;
    size_t pos = 0;
    buf[0] = '\0';
    while (depth > 0) {
        const struct ynode *c = chain[--depth];
        if (c->parent->kind == YNODE_MAPPING)
            put_key(buf, cap, &pos, c->key->text, c->key->len);
        else
            put(buf, cap, &pos, "[%zu]", c->index);
    }
    if (child != NULL)
        put_key(buf, cap, &pos, child, strlen(child));
    return buf;
}

int diag_at(st_err *err, const char *file, unsigned line, unsigned col, const char *path, const char *fmt, ...)
{
    char reason[ST_ERR_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(reason, sizeof reason, fmt, ap);
    va_end(ap);
    if (path != NULL && path[0] != '\0')
        return st_err_set(err, "%s:%u:%u: %s: %s", file, line, col, path, reason);
    return st_err_set(err, "%s:%u:%u: %s", file, line, col, reason);
}
