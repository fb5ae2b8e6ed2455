#include "config/walk.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config/config.h"
#include "config/diag.h"
#include "config/expand.h"
#include "config/pathnorm.h"

static int verror(struct walk *w, unsigned line, unsigned col, const char *path, const char *fmt, va_list ap)
{
    char reason[ST_ERR_MAX];
    vsnprintf(reason, sizeof reason, fmt, ap);
    return diag_at(w->err, w->file, line, col, path, "%s", reason);
}

int walk_error(struct walk *w, const struct ynode *n, const char *fmt, ...)
{
    char path[DIAG_PATH_MAX];
    va_list ap;
    va_start(ap, fmt);
    verror(w, n->line, n->col, diag_path(n, NULL, path, sizeof path), fmt, ap);
    va_end(ap);
    return -1;
}

int walk_error_key(struct walk *w, const struct ynode *map, const char *key, const char *fmt, ...)
{
    char path[DIAG_PATH_MAX];
    va_list ap;
    va_start(ap, fmt);
    verror(w, map->line, map->col, diag_path(map, key, path, sizeof path), fmt, ap);
    va_end(ap);
    return -1;
}

const char *walk_show(const struct ynode *n, char *buf, size_t cap)
{
    if (n->kind == YNODE_MAPPING)
        snprintf(buf, cap, "a mapping");
    else if (n->kind == YNODE_SEQUENCE)
        snprintf(buf, cap, "a sequence");
    else if (ynode_is_null(n))
        snprintf(buf, cap, "an empty value");
    else {
        char q[160];
        diag_quote(n->text, n->len, DIAG_SHORT, q, sizeof q);
        snprintf(buf, cap, "%s%s", q,
                 expand_has_ref(n->text, n->len) ? " (from the environment; the value is not shown)" : "");
    }
    return buf;
}

int walk_mapping(struct walk *w, const struct ynode *n)
{
    if (n->kind == YNODE_MAPPING || ynode_is_null(n))
        return 0;
    char s[256];
    return walk_error(w, n, "expected a mapping (key: value lines), got %s", walk_show(n, s, sizeof s));
}

int walk_sequence(struct walk *w, const struct ynode *n)
{
    if (n->kind == YNODE_SEQUENCE || ynode_is_null(n))
        return 0;
    char s[256];
    return walk_error(w, n, "expected a sequence (\"- \" items), got %s", walk_show(n, s, sizeof s));
}

/* Edit distance for "did you mean": insertions, deletions, substitutions and swaps of two
 * neighbours ("evrey" is one edit from "every"). Keys are short: a small table on the stack. */
static size_t distance(const char *a, size_t la, const char *b, size_t lb)
{
    size_t d[33][33];
    if (la > 32 || lb > 32)
        return SIZE_MAX;
    for (size_t i = 0; i <= la; i++)
        d[i][0] = i;
    for (size_t j = 0; j <= lb; j++)
        d[0][j] = j;
    for (size_t i = 1; i <= la; i++)
        for (size_t j = 1; j <= lb; j++) {
            size_t best = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
            if (d[i - 1][j] + 1 < best)
                best = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < best)
                best = d[i][j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < best)
                best = d[i - 2][j - 2] + 1;
            d[i][j] = best;
        }
    return d[la][lb];
}

int walk_known_keys(struct walk *w, const struct ynode *map, const char *const *allowed, const char *noun)
{
    if (map->kind != YNODE_MAPPING)
        return 0;
    for (const struct ynode *v = map->first; v; v = v->next) {
        const struct ynode *k = v->key;
        const char *best = NULL;
        size_t best_d = SIZE_MAX;
        int known = 0;
        for (const char *const *a = allowed; *a; a++) {
            if (strlen(*a) == k->len && memcmp(*a, k->text, k->len) == 0) {
                known = 1;
                break;
            }
            size_t d = distance(k->text, k->len, *a, strlen(*a));
            if (d < best_d)
                best_d = d, best = *a;
        }
        if (known)
            continue;
        char q[160], list[256] = "", parent[DIAG_PATH_MAX];
        diag_quote(k->text, k->len, DIAG_SHORT, q, sizeof q);
        /* A suggestion only when it is clearly a typo: at most 2 edits, and fewer than
         * half the key's length (so "id" does not suggest "file"). */
        if (best != NULL && best_d <= 2 && best_d * 2 < strlen(best))
            return walk_error(w, k, "unknown %s %s (did you mean \"%s\"?)", noun, q, best);
        if (allowed[0] == NULL)
            return walk_error(w, k, "unknown %s %s: %s takes no keys", noun, q,
                              diag_path(map, NULL, parent, sizeof parent));
        size_t pos = 0;
        for (const char *const *a = allowed; *a && pos < sizeof list; a++) {
            int n = snprintf(list + pos, sizeof list - pos, "%s%s", a == allowed ? "" : ", ", *a);
            pos += n > 0 ? (size_t)n : 0;
        }
        return walk_error(w, k, "unknown %s %s; expected one of: %s", noun, q, list);
    }
    return 0;
}

int walk_require(struct walk *w, const struct ynode *map, const char *key, const struct ynode **out)
{
    *out = ynode_get(map, key);
    if (*out != NULL)
        return 0;
    return walk_error_key(w, map, key, "missing required key \"%s\"", key);
}

/* Expands a scalar's ${VAR} references; the common part of every scalar reader. */
static int expand(struct walk *w, const struct ynode *n, const char **out, size_t *len, int *from_env)
{
    struct expand_info info;
    char *s;
    switch (expand_text(w->arena, n->text, n->len, &s, len, &info)) {
    case EXPAND_OK:
        break;
    case EXPAND_UNSET:
        return walk_error(w, n, "environment variable %s is not set (referenced as ${%s})", info.name, info.name);
    case EXPAND_BAD_REF:
        return walk_error(w, n, "malformed ${...} reference at character %zu: write ${NAME} with NAME made "
                                "of letters, digits and _; write $${ for a literal ${",
                          info.bad_off + 1);
    case EXPAND_NOMEM:
        return walk_error(w, n, "out of memory");
    }
    *out = s;
    if (from_env)
        *from_env = info.from_env;
    return 0;
}

int walk_string(struct walk *w, const struct ynode *n, const char **out, int *from_env)
{
    char s[256];
    if (n->kind != YNODE_SCALAR || ynode_is_null(n))
        return walk_error(w, n, "expected a string, got %s", walk_show(n, s, sizeof s));
    size_t len;
    int env = 0;
    if (expand(w, n, out, &len, &env) != 0)
        return -1;
    if (len == 0)
        return walk_error(w, n, "must not be empty%s", env ? " (the environment variable expands to nothing)" : "");
    if (from_env)
        *from_env = env;
    return 0;
}

int walk_string_dup(struct walk *w, const struct ynode *n, char **out)
{
    const char *s;
    if (walk_string(w, n, &s, NULL) != 0)
        return -1;
    *out = strdup(s);
    return *out ? 0 : walk_error(w, n, "out of memory");
}

/* Reads a scalar meant as an integer or boolean: plain (not quoted), expanded. */
static int typed_scalar(struct walk *w, const struct ynode *n, const char *want, const char **out)
{
    char s[256];
    if (n->kind != YNODE_SCALAR || ynode_is_null(n))
        return walk_error(w, n, "expected %s, got %s", want, walk_show(n, s, sizeof s));
    /* Quotes make a string, except around ${VAR} references: flow style ({a: ${X}})
     * needs them there, and an environment value is text either way. */
    if (ynode_is_forced_string(n) && !expand_has_ref(n->text, n->len))
        return walk_error(w, n, "expected %s, got the quoted string %s (remove the quotes)", want,
                          walk_show(n, s, sizeof s));
    size_t len;
    return expand(w, n, out, &len, NULL);
}

static int looks_like_float(const char *t)
{
    if (*t == '-' || *t == '+')
        t++;
    int digits = 0, dot = 0;
    for (; *t; t++) {
        if (*t >= '0' && *t <= '9')
            digits = 1;
        else if (*t == '.' && !dot)
            dot = 1;
        else if ((*t == 'e' || *t == 'E') && digits)
            return 1;
        else
            return 0;
    }
    return digits && dot;
}

int walk_uint(struct walk *w, const struct ynode *n, uint64_t min, uint64_t max, uint64_t *out)
{
    const char *t;
    char s[256];
    if (typed_scalar(w, n, "an integer", &t) != 0)
        return -1;
    const char *d = t[0] == '-' ? t + 1 : t;
    size_t nd = strspn(d, "0123456789");
    if (nd == 0 || d[nd] != '\0') {
        if (looks_like_float(t))
            return walk_error(w, n, "expected an integer, got the number %s with a fraction or exponent",
                              walk_show(n, s, sizeof s));
        return walk_error(w, n, "expected a decimal integer, got %s", walk_show(n, s, sizeof s));
    }
    if (nd > 1 && d[0] == '0')
        return walk_error(w, n, "%s has a leading zero (octal in some YAML readers); write it without",
                          walk_show(n, s, sizeof s));
    uint64_t v = 0;
    int overflow = 0;
    for (size_t i = 0; i < nd; i++) {
        uint64_t digit = (uint64_t)(d[i] - '0');
        if (v > (UINT64_MAX - digit) / 10)
            overflow = 1;
        else
            v = v * 10 + digit;
    }
    if (t[0] == '-' && v != 0)
        overflow = 1; /* negative: below any minimum here */
    if (overflow || v < min || v > max)
        return walk_error(w, n, "%s is out of range: must be between %llu and %llu", walk_show(n, s, sizeof s),
                          (unsigned long long)min, (unsigned long long)max);
    *out = v;
    return 0;
}

int walk_bool(struct walk *w, const struct ynode *n, int *out)
{
    const char *t;
    char s[256];
    if (typed_scalar(w, n, "true or false", &t) != 0)
        return -1;
    if (strcmp(t, "true") == 0)
        *out = 1;
    else if (strcmp(t, "false") == 0)
        *out = 0;
    else
        return walk_error(w, n, "expected true or false, got %s", walk_show(n, s, sizeof s));
    return 0;
}

int walk_choice(struct walk *w, const struct ynode *n, const char *const *words, int *out)
{
    const char *t;
    if (walk_string(w, n, &t, NULL) != 0)
        return -1;
    char list[256] = "", s[256];
    size_t pos = 0;
    for (int i = 0; words[i]; i++) {
        if (strcmp(t, words[i]) == 0) {
            *out = i;
            return 0;
        }
        int k = snprintf(list + pos, sizeof list - pos, "%s%s", i ? ", " : "", words[i]);
        pos += k > 0 && (size_t)k < sizeof list - pos ? (size_t)k : 0;
    }
    return walk_error(w, n, "%s is not allowed; expected one of: %s", walk_show(n, s, sizeof s), list);
}

int walk_duration(struct walk *w, const struct ynode *n, uint64_t min_ms, uint64_t *ms)
{
    const char *t;
    size_t len;
    char s[256];
    if (n->kind != YNODE_SCALAR || ynode_is_null(n))
        return walk_error(w, n, "expected a duration like 30s or 1h30m, got %s", walk_show(n, s, sizeof s));
    if (expand(w, n, &t, &len, NULL) != 0)
        return -1;
    if (config_parse_duration(t, ms) != 0)
        return walk_error(w, n, "bad duration %s: write whole numbers with units d, h, m, s, ms, largest "
                                "first (30s, 1h30m, 500ms), without spaces or signs, at most 2^64-1 ms",
                          walk_show(n, s, sizeof s));
    if (*ms < min_ms)
        return walk_error(w, n, "duration %s is too short: the minimum is %llu ms", walk_show(n, s, sizeof s),
                          (unsigned long long)min_ms);
    return 0;
}

int walk_secret(struct walk *w, const struct ynode *n, int allow_empty, secbuf *out)
{
    char name[EXPAND_NAME_MAX];
    /* The raw text is never shown: if it is not a reference, it may be the secret itself. */
    if (n->kind != YNODE_SCALAR || ynode_is_null(n) || !expand_pure_ref(n->text, n->len, name))
        return walk_error(w, n, "put secrets in the environment or a file, not in the config: write exactly "
                                "${VARIABLE} here (the value written is not shown)");
    const char *v = getenv(name);
    if (v == NULL)
        return walk_error(w, n, "environment variable %s is not set (referenced as ${%s})", name, name);
    size_t len = strlen(v);
    if (len == 0 && !allow_empty)
        return walk_error(w, n, "environment variable %s is set but empty", name);
    secbuf b;
    st_err e = {0};
    if (secbuf_alloc(&b, len + 1, &e) != 0)
        return walk_error(w, n, "%s", e.msg);
    memcpy(b.p, v, len);
    b.len = len; /* the extra byte stays NUL: text secrets can be used as C strings */
    *out = b;
    return 0;
}

int walk_path(struct walk *w, const struct ynode *n, char **out)
{
    const char *t;
    if (walk_string(w, n, &t, NULL) != 0)
        return -1;
    *out = path_resolve(w->base_dir, t);
    return *out ? 0 : walk_error(w, n, "out of memory");
}

int walk_check_file(struct walk *w, const struct ynode *n, const char *path, unsigned flags)
{
    /* A path that came from the environment is not printed (only its raw ${VAR} form). */
    char shown[4 * DIAG_LONG + 8];
    if (expand_has_ref(n->text, n->len))
        walk_show(n, shown, sizeof shown);
    else
        diag_quote(path, strlen(path), DIAG_LONG, shown, sizeof shown);
    struct stat st;
    int private = (flags & WALK_FILE_PRIVATE) != 0;
    /* Secret files are opened with O_NOFOLLOW by fs_read_secret_file: check the same way. */
    if ((private ? lstat(path, &st) : stat(path, &st)) != 0) {
        if (errno == ENOENT || errno == ENOTDIR)
            return walk_error(w, n, "file %s does not exist", shown);
        return walk_error(w, n, "file %s cannot be accessed: %s", shown, strerror(errno));
    }
    if (S_ISDIR(st.st_mode))
        return walk_error(w, n, "%s is a folder, not a file", shown);
    if (private && S_ISLNK(st.st_mode))
        return walk_error(w, n, "%s is a symbolic link; name the file itself (secret files are not followed "
                                "through links)", shown);
    if (!S_ISREG(st.st_mode))
        return walk_error(w, n, "%s is not a regular file", shown);
    if (private && (st.st_mode & 077))
        return walk_error(w, n, "%s is readable or writable by group or others (mode %04o); run: chmod 600 %s",
                          shown, (unsigned)(st.st_mode & 07777), expand_has_ref(n->text, n->len) ? "<file>" : shown);
    int fd = open(path, O_RDONLY | O_CLOEXEC | (private ? O_NOFOLLOW : 0));
    if (fd < 0)
        return walk_error(w, n, "file %s cannot be read: %s", shown, strerror(errno));
    close(fd);
    return 0;
}

int walk_is_name(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > 64)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        int ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (i > 0 && (c == '_' || c == '-'));
        if (!ok)
            return 0;
    }
    return 1;
}
