/* diag.h: the one-line error format of the configuration loader.
 *
 *     <file>:<line>:<col>: <key path>: <reason>
 *
 * Key paths are built from the node tree: mapping keys joined with '.', sequence positions
 * as [i] (0-based), e.g. strategies[2].schedule.every. Keys that are not plain identifiers
 * are written as ["..."] with escapes, so that a path is always one unambiguous line.
 * Errors that concern no key (syntax errors at the top level, an empty file) leave the key
 * path out. Text taken from the file is always escaped and shortened before it is quoted in
 * a message; text that came from the environment is never quoted at all (callers show the
 * raw ${VAR} reference instead). */
#ifndef STEWARD_CONFIG_DIAG_H
#define STEWARD_CONFIG_DIAG_H

#include <stddef.h>

#include "config/ytree.h"
#include "util/err.h"

#define DIAG_PATH_MAX 512

/* Writes the key path of node n into buf (always NUL-terminated, shortened if needed).
 * A key node has the path of its value. If `child` is not NULL it is appended as one more
 * mapping key (for "missing key" errors reported at the parent). Returns buf. */
char *diag_path(const struct ynode *n, const char *child, char *buf, size_t cap);

/* Writes `"text"` with escapes into buf, showing at most `limit` bytes of s (then "...").
 * Values are shown short (DIAG_SHORT); file paths in full (DIAG_LONG). Returns buf. */
#define DIAG_SHORT 48
#define DIAG_LONG 300
char *diag_quote(const char *s, size_t len, size_t limit, char *buf, size_t cap);

/* Sets err to "<file>:<line>:<col>: <path>: <reason>"; path may be NULL or "" (left out).
 * Returns -1. */
int diag_at(st_err *err, const char *file, unsigned line, unsigned col, const char *path,
            const char *fmt, ...) __attribute__((format(printf, 6, 7)));

#endif
