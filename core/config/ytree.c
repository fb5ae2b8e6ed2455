#include "config/ytree.h"

#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "config/diag.h"
#include "config/textscan.h"

struct builder {
    struct ytree *t;
    const char *name;
    const char *text;
    size_t len;
    st_err *err;
    struct ynode *stack[YTREE_MAX_DEPTH + 1]; /* open containers, innermost last */
    size_t depth;
    struct ynode *pending_key; /* a key read in the innermost mapping, waiting for its value */
    int documents;
};

static int oom(struct builder *b)
{
    return diag_at(b->err, b->name, 1, 1, NULL, "out of memory while reading the configuration");
}

/* Path of the place being read: the innermost container, plus the key whose value is
 * pending. Used for errors that come before a node exists (syntax errors, aliases). */
static char *where(struct builder *b, char *buf, size_t cap)
{
    buf[0] = '\0';
    if (b->pending_key != NULL)
        return diag_path(b->pending_key, NULL, buf, cap);
    if (b->depth > 0)
        return diag_path(b->stack[b->depth - 1], NULL, buf, cap);
    return buf;
}

static int fail_mark(struct builder *b, yaml_mark_t m, const char *reason)
{
    char path[DIAG_PATH_MAX];
    return diag_at(b->err, b->name, (unsigned)m.line + 1, (unsigned)m.column + 1, where(b, path, sizeof path),
                   "%s", reason);
}

static int syntax_error(struct builder *b, const yaml_parser_t *p)
{
    char path[DIAG_PATH_MAX];
    where(b, path, sizeof path);
    const char *problem = p->problem ? p->problem : "unknown problem";
    if (p->error == YAML_READER_ERROR) {
        unsigned line, col;
        text_position(b->text, b->len, p->problem_offset, &line, &col);
        return diag_at(b->err, b->name, line, col, path, "cannot read the text: %s", problem);
    }
    if (p->error == YAML_MEMORY_ERROR)
        return oom(b);
    unsigned line = (unsigned)p->problem_mark.line + 1, col = (unsigned)p->problem_mark.column + 1;
    /* libyaml's words for a tab are "cannot start any token"; say what it is. */
    size_t off = text_offset(b->text, b->len, line, col);
    const char *hint = off < b->len && b->text[off] == '\t' ? "; it is a tab: indent with spaces" : "";
    if (p->context != NULL)
        return diag_at(b->err, b->name, line, col, path, "YAML syntax error: %s (%s at line %u, column %u)%s",
                       problem, p->context, (unsigned)p->context_mark.line + 1,
                       (unsigned)p->context_mark.column + 1, hint);
    return diag_at(b->err, b->name, line, col, path, "YAML syntax error: %s%s", problem, hint);
}

static int is_one_of(const char *s, size_t len, const char *const *words)
{
    for (; *words; words++)
        if (strlen(*words) == len && memcmp(s, *words, len) == 0)
            return 1;
    return 0;
}

static const char *const null_words[] = {"", "~", "null", "Null", "NULL", NULL};

int ynode_is_null(const struct ynode *n)
{
    if (n == NULL || n->kind != YNODE_SCALAR)
        return 0;
    if (n->tag == YTAG_NULL)
        return 1;
    return !ynode_is_forced_string(n) && n->tag == YTAG_NONE && is_one_of(n->text, n->len, null_words);
}

int ynode_is_forced_string(const struct ynode *n)
{
    return n->kind == YNODE_SCALAR && (n->tag == YTAG_STR || (n->quoted && n->tag == YTAG_NONE));
}

const struct ynode *ynode_get(const struct ynode *map, const char *key)
{
    if (map == NULL || map->kind != YNODE_MAPPING)
        return NULL;
    size_t klen = strlen(key);
    for (const struct ynode *v = map->first; v; v = v->next)
        if (v->key->len == klen && memcmp(v->key->text, key, klen) == 0)
            return v;
    return NULL;
}

/* Maps a libyaml tag to a core-schema tag; -1 for anything else. */
static int core_tag(const yaml_char_t *tag, enum ytag *out)
{
    static const struct {
        const char *name;
        enum ytag tag;
    } tags[] = {
        {YAML_STR_TAG, YTAG_STR},   {YAML_INT_TAG, YTAG_INT}, {YAML_FLOAT_TAG, YTAG_FLOAT},
        {YAML_BOOL_TAG, YTAG_BOOL}, {YAML_NULL_TAG, YTAG_NULL}, {YAML_MAP_TAG, YTAG_MAP},
        {YAML_SEQ_TAG, YTAG_SEQ},
    };
    if (tag == NULL) {
        *out = YTAG_NONE;
        return 0;
    }
    for (size_t i = 0; i < sizeof tags / sizeof *tags; i++)
        if (strcmp((const char *)tag, tags[i].name) == 0) {
            *out = tags[i].tag;
            return 0;
        }
    return -1;
}

static struct ynode *new_node(struct builder *b, enum ynode_kind kind, yaml_mark_t m)
{
    struct ynode *n = arena_alloc(&b->t->arena, sizeof *n);
    if (n == NULL)
        return NULL;
    n->kind = kind;
    n->line = (unsigned)m.line + 1;
    n->col = (unsigned)m.column + 1;
    return n;
}

static int node_error(struct builder *b, const struct ynode *n, const char *reason)
{
    char path[DIAG_PATH_MAX];
    return diag_at(b->err, b->name, n->line, n->col, diag_path(n, NULL, path, sizeof path), "%s", reason);
}

/* Hooks a new node into the innermost container (or makes it the root). A mapping
 * alternates keys and values; keys must be scalars. */
static int attach(struct builder *b, struct ynode *n)
{
    if (b->depth == 0) {
        b->t->root = n;
        return 0;
    }
    struct ynode *c = b->stack[b->depth - 1];
    n->parent = c;
    if (c->kind == YNODE_MAPPING && b->pending_key == NULL) {
        if (n->kind != YNODE_SCALAR) {
            char path[DIAG_PATH_MAX];
            n->parent = NULL; /* it has no key to be named by: name the mapping instead */
            return diag_at(b->err, b->name, n->line, n->col, diag_path(c, NULL, path, sizeof path),
                           "mapping keys must be scalars, not a mapping or a sequence");
        }
        n->key = n;
        b->pending_key = n;
        return 0;
    }
    if (c->kind == YNODE_MAPPING) {
        n->key = b->pending_key;
        b->pending_key = NULL;
    } else {
        n->index = c->count;
    }
    if (c->last)
        c->last->next = n;
    else
        c->first = n;
    c->last = n;
    c->count++;
    return 0;
}

/* Anchors, aliases and foreign tags are refused before anything else about a node. */
static int check_props(struct builder *b, yaml_mark_t m, const yaml_char_t *anchor, const yaml_char_t *tag,
                       enum ytag *out)
{
    if (anchor != NULL)
        return fail_mark(b, m, "anchors (&name) are not allowed: they make the configuration's meaning "
                               "differ from its text, and it is measured");
    if (core_tag(tag, out) != 0) {
        char q[96], reason[256];
        diag_quote((const char *)tag, strlen((const char *)tag), DIAG_SHORT, q, sizeof q);
        snprintf(reason, sizeof reason, "tag %s is not allowed: only the YAML core schema tags (!!str, !!int, ...)", q);
        return fail_mark(b, m, reason);
    }
    return 0;
}

static int check_scalar_tag(struct builder *b, const struct ynode *n)
{
    static const char *const bool_words[] = {"true", "false", NULL};
    int ok = 1;
    switch (n->tag) {
    case YTAG_NONE: case YTAG_STR: break;
    case YTAG_MAP: case YTAG_SEQ: ok = 0; break;
    case YTAG_NULL: ok = is_one_of(n->text, n->len, null_words); break;
    case YTAG_BOOL: ok = is_one_of(n->text, n->len, bool_words); break;
    case YTAG_INT: case YTAG_FLOAT: ok = n->len > 0; break; /* the schema checks the digits */
    }
    return ok ? 0 : node_error(b, n, "the explicit tag does not fit the value");
}

static int on_scalar(struct builder *b, const yaml_event_t *ev)
{
    enum ytag tag;
    if (check_props(b, ev->start_mark, ev->data.scalar.anchor, ev->data.scalar.tag, &tag) != 0)
        return -1;
    struct ynode *n = new_node(b, YNODE_SCALAR, ev->start_mark);
    if (n == NULL)
        return oom(b);
    n->len = ev->data.scalar.length;
    n->text = arena_strndup(&b->t->arena, (const char *)ev->data.scalar.value, n->len);
    if (n->text == NULL)
        return oom(b);
    n->quoted = ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE;
    n->tag = tag;
    if (attach(b, n) != 0)
        return -1;
    if (memchr(n->text, '\0', n->len) != NULL)
        return node_error(b, n, "NUL characters (\\0) are not allowed in values or keys");
    return check_scalar_tag(b, n);
}

static int on_start(struct builder *b, const yaml_event_t *ev, enum ynode_kind kind)
{
    const yaml_char_t *anchor = kind == YNODE_MAPPING ? ev->data.mapping_start.anchor : ev->data.sequence_start.anchor;
    const yaml_char_t *tagname = kind == YNODE_MAPPING ? ev->data.mapping_start.tag : ev->data.sequence_start.tag;
    enum ytag tag;
    if (check_props(b, ev->start_mark, anchor, tagname, &tag) != 0)
        return -1;
    struct ynode *n = new_node(b, kind, ev->start_mark);
    if (n == NULL)
        return oom(b);
    n->tag = tag;
    if (attach(b, n) != 0)
        return -1;
    if ((tag != YTAG_NONE && tag != (kind == YNODE_MAPPING ? YTAG_MAP : YTAG_SEQ)))
        return node_error(b, n, "the explicit tag does not fit the value");
    if (b->depth == YTREE_MAX_DEPTH)
        return node_error(b, n, "nesting deeper than 64 levels is not allowed");
    b->stack[b->depth++] = n;
    return 0;
}

static int key_cmp(const void *pa, const void *pb)
{
    const struct ynode *a = *(const struct ynode *const *)pa, *b = *(const struct ynode *const *)pb;
    size_t n = a->len < b->len ? a->len : b->len;
    int c = memcmp(a->text, b->text, n);
    if (c != 0)
        return c;
    if (a->len != b->len)
        return a->len < b->len ? -1 : 1;
    return a->index < b->index ? -1 : a->index > b->index; /* document order among equals */
}

/* Duplicate keys are found by sorting (a mapping may have many keys) and the first repeat
 * in document order is reported, at the repeated key, naming where the key first was. */
static int check_duplicates(struct builder *b, const struct ynode *map)
{
    if (map->count < 2)
        return 0;
    struct ynode **keys = malloc(map->count * sizeof *keys);
    if (keys == NULL)
        return oom(b);
    size_t i = 0;
    for (struct ynode *v = map->first; v; v = v->next, i++) {
        keys[i] = v->key;
        keys[i]->index = i; /* keys are not in a sequence: reuse index as document order */
    }
    qsort(keys, map->count, sizeof *keys, key_cmp);
    const struct ynode *dup = NULL, *first = NULL, *group = keys[0];
    for (i = 1; i < map->count; i++) {
        if (keys[i]->len == group->len && memcmp(keys[i]->text, group->text, group->len) == 0) {
            if (dup == NULL || keys[i]->index < dup->index)
                dup = keys[i], first = group;
        } else {
            group = keys[i];
        }
    }
    free(keys);
    if (dup == NULL)
        return 0;
    char path[DIAG_PATH_MAX], q[128];
    return diag_at(b->err, b->name, dup->line, dup->col, diag_path(dup, NULL, path, sizeof path),
                   "duplicate key %s (first at line %u, column %u)", diag_quote(dup->text, dup->len, DIAG_SHORT, q, sizeof q),
                   first->line, first->col);
}

static int on_event(struct builder *b, const yaml_event_t *ev)
{
    switch (ev->type) {
    case YAML_STREAM_START_EVENT:
    case YAML_STREAM_END_EVENT:
    case YAML_NO_EVENT:
        return 0;
    case YAML_DOCUMENT_START_EVENT:
        if (b->documents > 0)
            return fail_mark(b, ev->start_mark,
                             "multiple YAML documents: a configuration is exactly one document");
        return 0;
    case YAML_DOCUMENT_END_EVENT:
        b->documents++;
        return 0;
    case YAML_ALIAS_EVENT:
        return fail_mark(b, ev->start_mark, "aliases (*name) are not allowed: they make the configuration's "
                                            "meaning differ from its text, and it is measured");
    case YAML_SCALAR_EVENT:
        return on_scalar(b, ev);
    case YAML_SEQUENCE_START_EVENT:
        return on_start(b, ev, YNODE_SEQUENCE);
    case YAML_MAPPING_START_EVENT:
        return on_start(b, ev, YNODE_MAPPING);
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT: {
        struct ynode *c = b->stack[--b->depth];
        return c->kind == YNODE_MAPPING ? check_duplicates(b, c) : 0;
    }
    }
    return 0;
}

int ytree_parse(struct ytree *t, const char *name, const char *text, size_t len, st_err *err)
{
    struct builder *b = calloc(1, sizeof *b);
    if (b == NULL)
        return st_err_set(err, "%s:1:1: out of memory while reading the configuration", name);
    b->t = t;
    b->name = name;
    b->text = text;
    b->len = len;
    b->err = err;
    t->root = NULL;

    int rc = 0;
    size_t bad;
    const char *why;
    if (text_check(text, len, &bad, &why) != 0) {
        unsigned line, col;
        text_position(text, len, bad, &line, &col);
        rc = diag_at(err, name, line, col, NULL, "not a text file: %s at byte offset %zu", why, bad);
        goto out;
    }

    yaml_parser_t p;
    if (!yaml_parser_initialize(&p)) {
        rc = oom(b);
        goto out;
    }
    yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
    /* No yaml_parser_set_encoding: detection is what skips a leading UTF-8 byte order
     * mark, and the text is known to be UTF-8 already (a UTF-16 mark is invalid UTF-8). */
    for (;;) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&p, &ev)) {
            rc = syntax_error(b, &p);
            break;
        }
        int done = ev.type == YAML_STREAM_END_EVENT;
        rc = on_event(b, &ev);
        yaml_event_delete(&ev);
        if (rc != 0 || done)
            break;
    }
    yaml_parser_delete(&p);
    if (rc == 0 && (t->root == NULL || ynode_is_null(t->root)))
        rc = diag_at(err, name, t->root ? t->root->line : 1, t->root ? t->root->col : 1, NULL,
                     "empty configuration (nothing but comments or blank lines)");
out:
    explicit_bzero(b, sizeof *b);
    free(b);
    return rc;
}

void ytree_free(struct ytree *t)
{
    arena_free(&t->arena);
    t->root = NULL;
}
