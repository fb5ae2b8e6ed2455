/* bytebuf.c: see bytebuf.h. */
#include "util/bytebuf.h"

#include <stdlib.h>
#include <string.h>

void bytebuf_init(struct bytebuf *b)
{
    b->p = NULL;
    b->len = b->cap = 0;
    b->oom = 0;
}

int bytebuf_reserve(struct bytebuf *b, size_t n)
{
    if (b->oom)
        return -1;
    if (b->p != NULL && n < b->cap - b->len) /* room for n bytes and the terminator */
        return 0;
    if (n >= SIZE_MAX / 2 - b->len) {
        b->oom = 1;
        return -1;
    }
    size_t need = b->len + n + 1, cap = b->cap ? b->cap : 64;
    while (cap < need)
        cap *= 2;
    uint8_t *p = realloc(b->p, cap);
    if (p == NULL) {
        b->oom = 1;
        return -1;
    }
    b->p = p;
    b->cap = cap;
    return 0;
}

void bytebuf_put(struct bytebuf *b, const void *data, size_t n)
{
    if (n == 0 || bytebuf_reserve(b, n) != 0)
        return;
    memcpy(b->p + b->len, data, n);
    b->len += n;
    b->p[b->len] = '\0';
}

void bytebuf_putc(struct bytebuf *b, int c)
{
    unsigned char byte = (unsigned char)c;
    bytebuf_put(b, &byte, 1);
}

void bytebuf_puts(struct bytebuf *b, const char *s)
{
    bytebuf_put(b, s, strlen(s));
}

void bytebuf_insert(struct bytebuf *b, size_t off, const void *data, size_t n)
{
    if (n == 0 || off > b->len || bytebuf_reserve(b, n) != 0)
        return;
    memmove(b->p + off + n, b->p + off, b->len - off);
    memcpy(b->p + off, data, n);
    b->len += n;
    b->p[b->len] = '\0';
}

const char *bytebuf_str(const struct bytebuf *b)
{
    return b->p ? (const char *)b->p : "";
}

char *bytebuf_take_str(struct bytebuf *b)
{
    if (b->oom)
        return NULL;
    char *s = b->p ? (char *)b->p : strdup("");
    if (s != NULL)
        bytebuf_init(b);
    return s;
}

void bytebuf_free(struct bytebuf *b)
{
    free(b->p);
    bytebuf_init(b);
}

void bytebuf_wipe_free(struct bytebuf *b)
{
    if (b->p != NULL)
        explicit_bzero(b->p, b->cap);
    bytebuf_free(b);
}
