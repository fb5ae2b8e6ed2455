#include "config/arena.h"

#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct arena_chunk {
    struct arena_chunk *next;
    size_t size; /* usable bytes after the header */
    size_t used;
};

#define ARENA_ALIGN alignof(max_align_t)
#define ARENA_HDR ((sizeof(struct arena_chunk) + ARENA_ALIGN - 1) & ~(ARENA_ALIGN - 1))
#define ARENA_CHUNK 65536u

static unsigned char *chunk_data(struct arena_chunk *c)
{
    return (unsigned char *)c + ARENA_HDR;
}

void *arena_alloc(struct arena *a, size_t n)
{
    if (n > SIZE_MAX / 2)
        return NULL;
    n = (n + ARENA_ALIGN - 1) & ~(ARENA_ALIGN - 1);
    struct arena_chunk *c = a->head;
    if (c == NULL || c->size - c->used < n) {
        /* Large requests get a chunk of their own; small ones share 64 KiB chunks. */
        size_t size = n > ARENA_CHUNK ? n : ARENA_CHUNK;
        c = calloc(1, ARENA_HDR + size);
        if (c == NULL)
            return NULL;
        c->size = size;
        c->next = a->head;
        a->head = c;
    }
    void *p = chunk_data(c) + c->used;
    c->used += n;
    return p; /* calloc'd and never reused: already zero */
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
    if (n == SIZE_MAX)
        return NULL;
    char *p = arena_alloc(a, n + 1);
    if (p != NULL) {
        if (n)
            memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

void arena_free(struct arena *a)
{
    struct arena_chunk *c = a->head;
    while (c != NULL) {
        struct arena_chunk *next = c->next;
        explicit_bzero(chunk_data(c), c->used);
        free(c);
        c = next;
    }
    a->head = NULL;
}
