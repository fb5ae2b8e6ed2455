/* ytree.h: a YAML document as a tree of nodes that remember where they were written.
 *
 * libyaml's event stream is turned into mappings, sequences and scalars, each with its
 * 1-based line and column and a link to its parent, so that any later error can name both
 * the position and the full key path. The reader also enforces the rules that are about
 * the YAML rather than the schema:
 *   - exactly one document; an empty stream (or comments only) is "empty configuration";
 *   - no anchors or aliases, no tags outside the YAML core schema (!!str, !!int, ...):
 *     both make what a reader sees differ from what the text plainly says, and the
 *     configuration is measured, so it must have one obvious meaning;
 *   - mapping keys are scalars and unique within their mapping;
 *   - no NUL characters in scalars (a "\0" escape), nesting at most YTREE_MAX_DEPTH deep.
 * Scalars are kept exactly as written (no ${VAR} expansion here). */
#ifndef STEWARD_CONFIG_YTREE_H
#define STEWARD_CONFIG_YTREE_H

#include <stddef.h>

#include "config/arena.h"
#include "util/err.h"

#define YTREE_MAX_DEPTH 64

enum ynode_kind { YNODE_SCALAR, YNODE_MAPPING, YNODE_SEQUENCE };

/* Explicit core-schema tags; YTAG_NONE when the node has none (the usual case). */
enum ytag { YTAG_NONE, YTAG_STR, YTAG_INT, YTAG_FLOAT, YTAG_BOOL, YTAG_NULL, YTAG_MAP, YTAG_SEQ };

struct ynode {
    enum ynode_kind kind;
    unsigned line, col;   /* 1-based start of the node */
    struct ynode *parent; /* the containing mapping or sequence; NULL for the root */
    struct ynode *key;    /* inside a mapping: the key scalar (a key node points to itself) */
    size_t index;         /* inside a sequence: 0-based position */
    struct ynode *next;   /* next value of the same container, in document order */

    /* scalars */
    char *text;  /* as written, NUL-terminated, no NUL inside */
    size_t len;
    int quoted;  /* written in single or double quotes, or as a block scalar (| or >) */
    enum ytag tag;

    /* mappings (values, each with ->key) and sequences (items) */
    struct ynode *first, *last;
    size_t count;
};

struct ytree {
    struct arena arena;
    struct ynode *root; /* NULL for an empty stream */
};

/* Parses len bytes of text. `name` is the file name used in error messages. On error
 * returns -1 with "<name>:<line>:<col>: [<key path>: ]<reason>" in err; the tree must be
 * released with ytree_free either way. */
int ytree_parse(struct ytree *t, const char *name, const char *text, size_t len, st_err *err);

/* Wipes and releases the tree. */
void ytree_free(struct ytree *t);

/* Value of `key` in a mapping, or NULL (also when map is not a mapping). */
const struct ynode *ynode_get(const struct ynode *map, const char *key);

/* 1 if the node is a scalar the core schema reads as null: an empty plain scalar, ~, null. */
int ynode_is_null(const struct ynode *n);

/* 1 if the scalar is a string by how it is written (quoted, block, or tagged !!str), so
 * that no int/float/bool/null reading applies to it. */
int ynode_is_forced_string(const struct ynode *n);

#endif
