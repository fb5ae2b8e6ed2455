/* expand.h: ${VAR} references in scalar values.
 *
 * "${NAME}" is replaced by the environment variable NAME (letters, digits, underscore, not
 * starting with a digit); "$${" stands for a literal "${"; any other "$" is literal. No
 * defaults or other shell forms: "${A:-b}" is an error, so nothing is half-expanded. An
 * unset variable is an error; a set but empty one expands to nothing.
 *
 * Expansion results go to the load's arena (wiped when it is released), because they may
 * hold anything the environment holds. */
#ifndef STEWARD_CONFIG_EXPAND_H
#define STEWARD_CONFIG_EXPAND_H

#include <stddef.h>

#include "config/arena.h"

#define EXPAND_NAME_MAX 128

enum expand_status { EXPAND_OK, EXPAND_UNSET, EXPAND_BAD_REF, EXPAND_NOMEM };

struct expand_info {
    int from_env;               /* at least one reference was replaced */
    int changed;                /* the result differs from the raw text (references or $${) */
    char name[EXPAND_NAME_MAX]; /* EXPAND_UNSET: the variable */
    size_t bad_off;             /* EXPAND_BAD_REF: offset of the malformed "${" */
};

/* Expands raw[0..len) into *out (arena, NUL-terminated, *outlen bytes). Returns a status. */
enum expand_status expand_text(struct arena *a, const char *raw, size_t len, char **out, size_t *outlen,
                               struct expand_info *info);

/* 1 if raw[0..len) is exactly one reference "${NAME}" (nothing around it), with NAME
 * copied to name; 0 otherwise. Secrets may only be written this way. */
int expand_pure_ref(const char *raw, size_t len, char name[EXPAND_NAME_MAX]);

/* 1 if raw contains a "${" that is not escaped (a reference, well-formed or not). */
int expand_has_ref(const char *raw, size_t len);

#endif
