/* secp_ctx.c: lazily created, randomised libsecp256k1 context (see secp_ctx.h). */
#include "crypto/secp_ctx.h"

#include <pthread.h>
#include <sodium.h>

static secp256k1_context *ctx;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void make_ctx(void)
{
    if (sodium_init() < 0)
        return;
    secp256k1_context *c = secp256k1_context_create(SECP256K1_CONTEXT_NONE);
    if (c == NULL)
        return;
    unsigned char seed[32];
    randombytes_buf(seed, sizeof seed);
    int ok = secp256k1_context_randomize(c, seed);
    sodium_memzero(seed, sizeof seed);
    if (!ok) {
        secp256k1_context_destroy(c);
        return;
    }
    ctx = c;
}

const secp256k1_context *secp_ctx(void)
{
    pthread_once(&once, make_ctx);
    return ctx;
}
