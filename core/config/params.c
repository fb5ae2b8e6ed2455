#include "config/params.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/expand.h"
#include "util/bytebuf.h"

static void put_string(struct bytebuf *b, const char *s, size_t n)
{
    bytebuf_putc(b, '"');
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        char esc[8];
        switch (c) {
        case '"': bytebuf_puts(b, "\\\""); break;
        case '\\': bytebuf_puts(b, "\\\\"); break;
        case '\n': bytebuf_puts(b, "\\n"); break;
        case '\r': bytebuf_puts(b, "\\r"); break;
        case '\t': bytebuf_puts(b, "\\t"); break;
        case '\b': bytebuf_puts(b, "\\b"); break;
        case '\f': bytebuf_puts(b, "\\f"); break;
        default:
            if (c < 0x20) {
                snprintf(esc, sizeof esc, "\\u%04x", c);
                bytebuf_puts(b, esc);
            } else {
                bytebuf_putc(b, c);
            }
        }
    }
    bytebuf_putc(b, '"');
}

/* 1 if s is JSON number syntax whose value survives being read: integers within int64,
 * other numbers finite as doubles. */
static int json_number(const char *s)
{
    const char *p = s;
    if (*p == '-')
        p++;
    if (*p == '0')
        p++;
    else if (*p >= '1' && *p <= '9')
        while (*p >= '0' && *p <= '9')
            p++;
    else
        return 0;
    int integer = 1;
    if (*p == '.') {
        p++, integer = 0;
        if (!(*p >= '0' && *p <= '9'))
            return 0;
        while (*p >= '0' && *p <= '9')
            p++;
    }
    if (*p == 'e' || *p == 'E') {
        p++, integer = 0;
        if (*p == '+' || *p == '-')
            p++;
        if (!(*p >= '0' && *p <= '9'))
            return 0;
        while (*p >= '0' && *p <= '9')
            p++;
    }
    if (*p != '\0')
        return 0;
    errno = 0;
    if (integer) {
        (void)strtoll(s, NULL, 10);
        return errno == 0;
    }
    double d = strtod(s, NULL);
    return errno == 0 && isfinite(d);
}

static int scalar(struct walk *w, struct bytebuf *b, const struct ynode *n)
{
    struct expand_info info;
    char *t;
    size_t len;
    switch (expand_text(w->arena, n->text, n->len, &t, &len, &info)) {
    case EXPAND_OK: break;
    case EXPAND_UNSET:
        return walk_error(w, n, "environment variable %s is not set (referenced as ${%s})", info.name, info.name);
    case EXPAND_BAD_REF:
        return walk_error(w, n, "malformed ${...} reference at character %zu: write ${NAME}, or $${ for a "
                                "literal ${", info.bad_off + 1);
    case EXPAND_NOMEM:
        return walk_error(w, n, "out of memory");
    }
    if (ynode_is_forced_string(n) || info.changed)
        put_string(b, t, len);
    else if (ynode_is_null(n))
        bytebuf_puts(b, "null");
    else if (strcmp(t, "true") == 0 || strcmp(t, "false") == 0 || json_number(t))
        bytebuf_puts(b, t);
    else
        put_string(b, t, len);
    return 0;
}

static int node(struct walk *w, struct bytebuf *b, const struct ynode *n)
{
    if (n->kind == YNODE_SCALAR)
        return scalar(w, b, n);
    bytebuf_puts(b, n->kind == YNODE_MAPPING ? "{" : "[");
    for (const struct ynode *c = n->first; c; c = c->next) {
        if (c != n->first)
            bytebuf_puts(b, ",");
        if (n->kind == YNODE_MAPPING) {
            put_string(b, c->key->text, c->key->len);
            bytebuf_puts(b, ":");
        }
        if (node(w, b, c) != 0)
            return -1;
    }
    bytebuf_puts(b, n->kind == YNODE_MAPPING ? "}" : "]");
    return 0;
}

static int excluded(const char *key, const char *const *exclude)
{
    for (; exclude && *exclude; exclude++)
        if (strcmp(key, *exclude) == 0)
            return 1;
    return 0;
}

/* The top-level mapping, leaving out the keys in `exclude`. */
static int top_mapping(struct walk *w, struct bytebuf *b, const struct ynode *n, const char *const *exclude)
{
    int first = 1;
    bytebuf_puts(b, "{");
    for (const struct ynode *c = n->first; c; c = c->next) {
        if (excluded(c->key->text, exclude))
            continue;
        if (!first)
            bytebuf_puts(b, ",");
        first = 0;
        put_string(b, c->key->text, c->key->len);
        bytebuf_puts(b, ":");
        if (node(w, b, c) != 0)
            return -1;
    }
    bytebuf_puts(b, "}");
    return 0;
}

int params_to_json(struct walk *w, const struct ynode *n, char **out)
{
    return params_to_json_except(w, n, NULL, out);
}

int params_to_json_except(struct walk *w, const struct ynode *n, const char *const *exclude, char **out)
{
    struct bytebuf b = BYTEBUF_INIT;
    int rc = 0;
    if (n == NULL || n->kind != YNODE_MAPPING)
        bytebuf_puts(&b, "{}");
    else
        rc = top_mapping(w, &b, n, exclude);
    if (rc == 0 && b.oom)
        rc = n ? walk_error(w, n, "out of memory") : st_err_set(w->err, "%s:1:1: out of memory", w->file);
    if (rc != 0) {
        bytebuf_wipe_free(&b); /* it may hold expanded environment values */
        return -1;
    }
    *out = bytebuf_take_str(&b); /* not NULL: no oom, and the text is never empty */
    return 0;
}
