/* walk.h: typed reading of YAML nodes, with errors in the loader's one-line format.
 *
 * Each function checks one node against one expectation (a mapping, known keys, an
 * integer in a range, a boolean, one of some words, a duration, a path to a file, a secret
 * written as ${VAR}) and on failure writes "<file>:<line>:<col>: <key path>: <reason>"
 * for that node and returns -1. The schema code (schema*.c) is then a plain list of calls.
 *
 * Typing follows the YAML core schema, narrowed: integers are plain decimal digits (no
 * 0x, 0o, leading zeros, signs on unsigned values, or floats), booleans are exactly true or
 * false, and a quoted scalar is always a string ("1" is not an integer). An empty value
 * (`key:` with nothing after it, ~ or null) counts as an empty mapping or sequence where
 * one is expected, and is an error where a scalar is.
 *
 * ${VAR} references are expanded in every scalar a walk_* function reads (not in keys).
 * Messages quote a value as it is written in the file; when it contains references the
 * expansion is never shown. Secrets are never quoted at all. */
#ifndef STEWARD_CONFIG_WALK_H
#define STEWARD_CONFIG_WALK_H

#include <stddef.h>
#include <stdint.h>

#include "config/arena.h"
#include "config/ytree.h"
#include "util/err.h"
#include "util/secmem.h"

struct walk {
    const char *file;     /* name used in messages */
    const char *base_dir; /* absolute folder relative paths resolve against */
    struct arena *arena;  /* for expansions; wiped with the tree */
    st_err *err;
};

/* An error about node n (its position, its key path). Returns -1. */
int walk_error(struct walk *w, const struct ynode *n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* An error about `key` of mapping map (position of map, path map.key). Returns -1. */
int walk_error_key(struct walk *w, const struct ynode *map, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* How a node is shown in a message: a quoted scalar as written (plus a note when it holds
 * ${VAR} references), "a mapping", "a sequence", "an empty value". */
const char *walk_show(const struct ynode *n, char *buf, size_t cap);

/* n must be a mapping (or an empty value). */
int walk_mapping(struct walk *w, const struct ynode *n);

/* n must be a sequence (or an empty value). */
int walk_sequence(struct walk *w, const struct ynode *n);

/* Every key of map must be in `allowed` (NULL-terminated). `noun` names what a key is
 * ("key", "chain") in the message, which suggests a close match when there is one. */
int walk_known_keys(struct walk *w, const struct ynode *map, const char *const *allowed, const char *noun);

/* Value of a required key; a missing key is reported at the mapping. */
int walk_require(struct walk *w, const struct ynode *map, const char *key, const struct ynode **out);

/* A non-empty string scalar, ${VAR} expanded (into the arena). *from_env (may be NULL) is
 * set when a reference was expanded. */
int walk_string(struct walk *w, const struct ynode *n, const char **out, int *from_env);

/* Same, copied with malloc into *out for the caller's structures. */
int walk_string_dup(struct walk *w, const struct ynode *n, char **out);

/* A decimal integer in [min, max]. */
int walk_uint(struct walk *w, const struct ynode *n, uint64_t min, uint64_t max, uint64_t *out);

/* true or false. */
int walk_bool(struct walk *w, const struct ynode *n, int *out);

/* One of the NULL-terminated words; *out is its index. */
int walk_choice(struct walk *w, const struct ynode *n, const char *const *words, int *out);

/* A duration (config_parse_duration) of at least min_ms. */
int walk_duration(struct walk *w, const struct ynode *n, uint64_t min_ms, uint64_t *ms);

/* A secret, which must be written as exactly one ${VAR} reference: the variable's value is
 * copied into guarded memory (NUL-terminated, the NUL not counted in len). An unset
 * variable is an error; so is an empty one unless allow_empty. */
int walk_secret(struct walk *w, const struct ynode *n, int allow_empty, secbuf *out);

/* A path, ${VAR} expanded and resolved against base_dir (malloc'd). */
int walk_path(struct walk *w, const struct ynode *n, char **out);

/* Checks for files named by a path (walk_path) that must exist already. */
#define WALK_FILE_PRIVATE 1u /* no permission bits for group or others; no symlink */
int walk_check_file(struct walk *w, const struct ynode *n, const char *path, unsigned flags);

/* 1 if the text matches [a-z0-9][a-z0-9_-]{0,63} (tenant ids, strategy names). */
int walk_is_name(const char *s);

#endif
