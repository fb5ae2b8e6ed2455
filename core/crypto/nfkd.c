/* nfkd.c: NFKD through libunistring's u8_normalize (see nfkd.h). */
#include "crypto/nfkd.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <uninorm.h>
#include <unistr.h>

int nfkd_normalize(const char *in, secbuf *out, st_err *err)
{
    *out = SECBUF_EMPTY;
    size_t n = strlen(in);
    if (u8_check((const uint8_t *)in, n) != NULL)
        return st_err_set(err, "text is not valid UTF-8");

    /* Most text grows little under NFKD (a Hangul syllable becomes 3 jamo, 3 bytes -> 9;
     * ligatures 3 -> 2..3); 4x covers ordinary input without touching the ordinary heap. */
    size_t cap = 4 * n + 16;
    secbuf buf;
    if (secbuf_alloc(&buf, cap + 1, err) != 0)
        return -1;
    if (n == 0) {
        buf.len = 0;
        *out = buf;
        return 0;
    }
    size_t len = cap;
    uint8_t *r = u8_normalize(UNINORM_NFKD, (const uint8_t *)in, n, buf.p, &len);
    if (r == NULL) {
        secbuf_free(&buf);
        return st_err_set(err, "Unicode normalisation (NFKD) failed");
    }
    if (r != buf.p) {
        /* Did not fit: libunistring returned malloc'd memory. Move it, then wipe it. */
        secbuf_free(&buf);
        int rc = secbuf_alloc(&buf, len + 1, err);
        if (rc == 0)
            memcpy(buf.p, r, len);
        sodium_memzero(r, len);
        free(r);
        if (rc != 0)
            return -1;
    }
    buf.p[len] = '\0';
    buf.len = len;
    /* A NUL inside the input cannot occur (strlen), and NFKD never produces one. */
    *out = buf;
    return 0;
}
