#include "util/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int st_err_set(st_err *err, const char *fmt, ...)
{
    if (err == NULL || err->set)
        return -1;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    err->set = 1;
    return -1;
}

int st_err_wrap(st_err *err, const char *fmt, ...)
{
    if (err == NULL)
        return -1;
    char prefix[ST_ERR_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(prefix, sizeof prefix, fmt, ap);
    va_end(ap);
    if (err->set) {
        /* Room for "<prefix>: <old>", truncating the old message's tail if it must. */
        size_t plen = strnlen(prefix, sizeof err->msg - 3);
        size_t olen = strnlen(err->msg, sizeof err->msg);
        if (plen + 2 + olen >= sizeof err->msg)
            olen = sizeof err->msg - 1 - plen - 2;
        memmove(err->msg + plen + 2, err->msg, olen);
        memcpy(err->msg, prefix, plen);
        err->msg[plen] = ':';
        err->msg[plen + 1] = ' ';
        err->msg[plen + 2 + olen] = '\0';
    } else {
        snprintf(err->msg, sizeof err->msg, "%s", prefix);
    }
    err->set = 1;
    return -1;
}

void st_err_clear(st_err *err)
{
    if (err) {
        err->msg[0] = '\0';
        err->set = 0;
    }
}
