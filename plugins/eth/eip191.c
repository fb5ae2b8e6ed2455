/* eip191.c: see eip191.h. */
#include "eip191.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/hash.h"

int eip191_personal_hash(const uint8_t *msg, size_t len, uint8_t out[32], st_err *err)
{
    char prefix[64];
    int pl = snprintf(prefix, sizeof prefix, "\x19" "Ethereum Signed Message:\n%zu", len);
    /* keccak256 has no streaming interface here, so the parts are joined first. */
    uint8_t *buf = malloc((size_t)pl + len);
    if (buf == NULL)
        return st_err_set(err, "out of memory for a %zu-byte message", len);
    memcpy(buf, prefix, (size_t)pl);
    if (len)
        memcpy(buf + pl, msg, len);
    keccak256(buf, (size_t)pl + len, out);
    free(buf);
    return 0;
}
