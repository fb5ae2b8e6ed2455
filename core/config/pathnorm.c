#include "config/pathnorm.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/fsutil.h"

/* Drops "." components and repeated or trailing slashes, in place. */
static void tidy(char *p)
{
    char *out = p;
    const char *in = p;
    int absolute = *in == '/';
    if (absolute)
        *out++ = *in++;
    while (*in) {
        while (*in == '/')
            in++;
        const char *end = strchr(in, '/');
        size_t n = end ? (size_t)(end - in) : strlen(in);
        if (n == 0)
            break;
        if (!(n == 1 && in[0] == '.')) {
            if (out > p && out[-1] != '/')
                *out++ = '/';
            memmove(out, in, n);
            out += n;
        }
        in += n;
    }
    if (out == p)
        *out++ = absolute ? '/' : '.';
    *out = '\0';
}

char *path_absolute_dir(const char *dir)
{
    if (dir != NULL && dir[0] == '/') {
        char *d = strdup(dir);
        if (d)
            tidy(d);
        return d;
    }
    char *cwd = getcwd(NULL, 0);
    if (cwd == NULL)
        return NULL;
    char *d = fs_resolve(cwd, dir && dir[0] ? dir : ".");
    free(cwd);
    if (d)
        tidy(d);
    return d;
}

char *path_resolve(const char *base_dir, const char *path)
{
    char *p = fs_resolve(base_dir, path);
    if (p)
        tidy(p);
    return p;
}
