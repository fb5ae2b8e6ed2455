/* arena.h: one allocation pool per configuration load.
 *
 * The YAML node tree and every intermediate string (expanded ${VAR} values included) live
 * here, so that freeing the tree on any error path is a single call that cannot leak, and
 * so that everything the parser saw can be wiped in one pass: a configuration file may hold
 * a literal secret (which is refused, but was still read) and expansions may contain
 * environment values. Not for the strings handed to the caller; those are malloc'd. */
#ifndef STEWARD_CONFIG_ARENA_H
#define STEWARD_CONFIG_ARENA_H

#include <stddef.h>

struct arena_chunk;

struct arena {
    struct arena_chunk *head;
};

/* Returns n zeroed bytes aligned for any type, or NULL when out of memory. */
void *arena_alloc(struct arena *a, size_t n);

/* Copies n bytes of s and appends a NUL. NULL when out of memory. */
char *arena_strndup(struct arena *a, const char *s, size_t n);

/* Wipes and releases every chunk; the arena is empty (and reusable) afterwards. */
void arena_free(struct arena *a);

#endif
