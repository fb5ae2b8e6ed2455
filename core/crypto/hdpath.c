/* hdpath.c: derivation path parsing (see hdpath.h). */
#include "crypto/hdpath.h"

int hd_path_parse(const char *path, uint32_t *out, size_t cap, size_t *n, st_err *err)
{
    if (path == NULL || path[0] != 'm')
        return st_err_set(err, "derivation path must start with \"m\"");
    const char *p = path + 1;
    size_t count = 0;
    while (*p != '\0') {
        if (*p != '/')
            return st_err_set(err, "derivation path: expected '/' after component %zu", count);
        p++;
        size_t comp = count + 1;
        if (*p < '0' || *p > '9')
            return st_err_set(err, "derivation path: component %zu is not a decimal index", comp);
        if (*p == '0' && p[1] >= '0' && p[1] <= '9')
            return st_err_set(err, "derivation path: component %zu has a leading zero", comp);
        uint64_t v = 0;
        while (*p >= '0' && *p <= '9') {
            v = v * 10 + (uint64_t)(*p - '0');
            if (v >= HD_HARDENED)
                return st_err_set(err,
                                  "derivation path: component %zu is 2^31 or more; indices are "
                                  "0..2147483647 (mark hardened ones with ')",
                                  comp);
            p++;
        }
        if (*p == '\'' || *p == 'h' || *p == 'H') {
            v += HD_HARDENED;
            p++;
        }
        if (*p != '\0' && *p != '/')
            return st_err_set(err, "derivation path: unexpected character after component %zu", comp);
        if (count >= cap || count >= HD_PATH_MAX_DEPTH)
            return st_err_set(err, "derivation path: more than %zu components",
                              cap < HD_PATH_MAX_DEPTH ? cap : (size_t)HD_PATH_MAX_DEPTH);
        out[count++] = (uint32_t)v;
    }
    *n = count;
    return 0;
}
