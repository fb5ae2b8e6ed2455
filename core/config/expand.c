#include "config/expand.h"

#include <stdlib.h>
#include <string.h>

static int name_start(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}

static int name_char(char c)
{
    return name_start(c) || (c >= '0' && c <= '9');
}

/* At raw[i] == '$' && raw[i+1] == '{': length of the name, or 0 when the reference is
 * malformed (no closing brace, empty or bad name, too long). */
static size_t ref_name_len(const char *raw, size_t len, size_t i)
{
    size_t j = i + 2;
    if (j >= len || !name_start(raw[j]))
        return 0;
    while (j < len && name_char(raw[j]))
        j++;
    if (j >= len || raw[j] != '}' || j - (i + 2) >= EXPAND_NAME_MAX)
        return 0;
    return j - (i + 2);
}

int expand_has_ref(const char *raw, size_t len)
{
    for (size_t i = 0; i + 1 < len; i++) {
        if (raw[i] != '$')
            continue;
        if (i + 2 < len && raw[i + 1] == '$' && raw[i + 2] == '{') {
            i += 2; /* escaped */
            continue;
        }
        if (raw[i + 1] == '{')
            return 1;
    }
    return 0;
}

int expand_pure_ref(const char *raw, size_t len, char name[EXPAND_NAME_MAX])
{
    if (len < 4 || raw[0] != '$' || raw[1] != '{')
        return 0;
    size_t n = ref_name_len(raw, len, 0);
    if (n == 0 || n + 3 != len)
        return 0;
    memcpy(name, raw + 2, n);
    name[n] = '\0';
    return 1;
}

/* One pass that measures (out == NULL) or writes at most cap bytes. */
static enum expand_status run(const char *raw, size_t len, char *out, size_t cap, size_t *outlen,
                              struct expand_info *info)
{
    size_t o = 0;
    for (size_t i = 0; i < len;) {
        const char *piece;
        size_t plen, skip;
        if (raw[i] == '$' && i + 2 < len && raw[i + 1] == '$' && raw[i + 2] == '{') {
            piece = "${", plen = 2, skip = 3;
            info->changed = 1;
        } else if (raw[i] == '$' && i + 1 < len && raw[i + 1] == '{') {
            size_t n = ref_name_len(raw, len, i);
            if (n == 0) {
                info->bad_off = i;
                return EXPAND_BAD_REF;
            }
            memcpy(info->name, raw + i + 2, n);
            info->name[n] = '\0';
            piece = getenv(info->name);
            if (piece == NULL)
                return EXPAND_UNSET;
            plen = strlen(piece), skip = n + 3;
            info->from_env = info->changed = 1;
        } else {
            piece = raw + i, plen = 1, skip = 1;
        }
        if (out != NULL && o + plen <= cap)
            memcpy(out + o, piece, plen);
        o += plen, i += skip;
    }
    *outlen = o;
    return EXPAND_OK;
}

enum expand_status expand_text(struct arena *a, const char *raw, size_t len, char **out, size_t *outlen,
                               struct expand_info *info)
{
    memset(info, 0, sizeof *info);
    size_t n = 0, m = 0;
    enum expand_status st = run(raw, len, NULL, 0, &n, info);
    if (st != EXPAND_OK)
        return st;
    char *buf = arena_alloc(a, n + 1);
    if (buf == NULL)
        return EXPAND_NOMEM;
    /* Bounded by n: the environment cannot change the size between the passes unless
     * another thread calls setenv during a load, and then the copy is only cut short. */
    run(raw, len, buf, n, &m, info);
    buf[n] = '\0';
    *out = buf;
    *outlen = m < n ? m : n;
    return EXPAND_OK;
}
