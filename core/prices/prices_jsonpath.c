/* prices_jsonpath.c: the value at a dotted path ("data.price", "[0].p", "rows[2][1]") in the
 * TEXT of a JSON answer, so a number is taken exactly as the server wrote it, never through a
 * double. The text has been validated by jansson first; this only walks its structure. */
#include <stdio.h>
#include <string.h>

#include "net/json_span.h"
#include "prices/prices_int.h"

struct step {
    int is_index;
    const char *name; /* member name (not NUL-terminated) */
    size_t nlen;
    size_t index;
};

/* Reads the step at path[*pos]; returns 1 with st, 0 at the end, -1 on bad syntax. */
static int next_step(const char *path, size_t *pos, struct step *st, char *why, size_t cap)
{
    size_t i = *pos;
    if (path[i] == '\0')
        return i == 0 ? (snprintf(why, cap, "the path is empty"), -1) : 0;
    if (path[i] == '[') {
        size_t ds = ++i, v = 0;
        for (; path[i] >= '0' && path[i] <= '9'; i++) {
            if (i - ds >= 9)
                return snprintf(why, cap, "index too large at character %zu", ds + 1), -1;
            v = v * 10 + (size_t)(path[i] - '0');
        }
        if (i == ds || path[i] != ']')
            return snprintf(why, cap, "expected [digits] at character %zu", ds), -1;
        *st = (struct step){1, NULL, 0, v};
        *pos = i + 1;
        return 1;
    }
    if (i > 0) {
        if (path[i] != '.')
            return snprintf(why, cap, "expected \".\" or \"[\" at character %zu", i + 1), -1;
        i++;
    }
    size_t ns = i;
    while (path[i] && path[i] != '.' && path[i] != '[' && path[i] != ']')
        i++;
    if (i == ns)
        return snprintf(why, cap, "empty member name at character %zu", ns + 1), -1;
    *st = (struct step){0, path + ns, i - ns, 0};
    *pos = i;
    return 1;
}

int jpath_check(const char *path, char *why, size_t cap)
{
    size_t pos = 0;
    struct step st;
    int r;
    while ((r = next_step(path, &pos, &st, why, cap)) == 1)
        ;
    return r;
}

/* The value of member name in the object at s[i] == '{'; returns its start or (size_t)-1. */
static size_t member(const char *s, size_t i, const char *name, size_t nlen)
{
    i = json_skip_ws(s, i + 1);
    while (s[i] == '"') {
        size_t ks = i + 1, ke = json_skip_string(s, i);
        int match = ke - 1 - ks == nlen && memcmp(s + ks, name, nlen) == 0;
        i = json_skip_ws(s, ke);
        if (s[i] != ':')
            return (size_t)-1;
        i = json_skip_ws(s, i + 1);
        if (match)
            return i;
        i = json_skip_ws(s, json_skip_value(s, i));
        if (s[i] != ',')
            return (size_t)-1;
        i = json_skip_ws(s, i + 1);
    }
    return (size_t)-1;
}

/* The start of element idx of the array at s[i] == '['; (size_t)-1 when there are fewer. */
static size_t element(const char *s, size_t i, size_t idx, size_t *count)
{
    *count = 0;
    i = json_skip_ws(s, i + 1);
    if (s[i] == ']')
        return (size_t)-1;
    for (;;) {
        if (*count == idx)
            return i;
        ++*count;
        i = json_skip_ws(s, json_skip_value(s, i));
        if (s[i] != ',')
            return (size_t)-1;
        i = json_skip_ws(s, i + 1);
    }
}

int jpath_find(const char *json, const char *path, size_t *at, size_t *len, char *why, size_t cap)
{
    size_t i = json_skip_ws(json, 0), pos = 0, before = 0;
    struct step st;
    int r;
    while ((r = next_step(path, &pos, &st, why, cap)) == 1) {
        /* where: the part of the path already walked, for messages. */
        char where[PRICES_PATH_MAX];
        if (before == 0)
            snprintf(where, sizeof where, "the top level");
        else
            snprintf(where, sizeof where, "%.*s", (int)before, path);
        if (st.is_index) {
            if (json[i] != '[')
                return snprintf(why, cap, "%s is not an array", where), -1;
            size_t count;
            i = element(json, i, st.index, &count);
            if (i == (size_t)-1)
                return snprintf(why, cap, "no element [%zu] in %s (it has %zu)", st.index, where, count), -1;
        } else {
            if (json[i] != '{')
                return snprintf(why, cap, "%s is not an object", where), -1;
            i = member(json, i, st.name, st.nlen);
            if (i == (size_t)-1)
                return snprintf(why, cap, "no member \"%.*s\" in %s", (int)st.nlen, st.name, where), -1;
        }
        before = pos;
    }
    if (r < 0)
        return -1;
    *at = i;
    *len = json_skip_value(json, i) - i;
    return 0;
}
