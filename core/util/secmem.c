#include "util/secmem.h"

#include <sodium.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>

int secmem_init(st_err *err)
{
    if (sodium_init() < 0)
        return st_err_set(err, "libsodium could not be initialised");
    /* No core dumps and no ptrace attach from other users' processes: a crash must not
     * write secrets to disk. Guarded allocations are also madvise(MADV_DONTDUMP)ed by
     * libsodium, so this holds even where PR_SET_DUMPABLE is overridden by a debugger. */
    if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0)
        return st_err_set(err, "prctl(PR_SET_DUMPABLE, 0) failed");
    struct rlimit none = {0, 0};
    if (setrlimit(RLIMIT_CORE, &none) != 0)
        return st_err_set(err, "setrlimit(RLIMIT_CORE, 0) failed");
    return 0;
}

int secbuf_alloc(secbuf *b, size_t len, st_err *err)
{
    /* sodium_malloc(0) is allowed but keep a byte so p is never NULL for a live buffer. */
    void *p = sodium_malloc(len ? len : 1);
    if (p == NULL)
        return st_err_set(err, "out of guarded memory (%zu bytes)", len);
    memset(p, 0, len ? len : 1);
    b->p = p;
    b->len = len;
    return 0;
}

int secbuf_copy(secbuf *b, const void *src, size_t len, st_err *err)
{
    if (secbuf_alloc(b, len, err) != 0)
        return -1;
    if (len)
        memcpy(b->p, src, len);
    return 0;
}

void secbuf_free(secbuf *b)
{
    if (b->p)
        sodium_free(b->p); /* wipes before unmapping */
    b->p = NULL;
    b->len = 0;
}

int secbuf_equal(const secbuf *a, const secbuf *b)
{
    if (a->len != b->len)
        return 0;
    return sodium_memcmp(a->p, b->p, a->len) == 0;
}
