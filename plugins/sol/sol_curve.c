/* sol_curve.c: see sol_curve.h. */
#include "sol_curve.h"

#include <openssl/bn.h>

int sol_on_curve(const uint8_t enc[32])
{
    uint8_t ybytes[32];
    for (int i = 0; i < 32; i++)
        ybytes[i] = enc[i];
    ybytes[31] &= 0x7f; /* the sign of x plays no part in whether a point exists */

    int result = -1;
    BN_CTX *ctx = BN_CTX_new();
    if (ctx == NULL)
        return -1;
    BN_CTX_start(ctx);
    BIGNUM *p = BN_CTX_get(ctx), *d = BN_CTX_get(ctx), *t = BN_CTX_get(ctx);
    BIGNUM *y = BN_CTX_get(ctx), *yy = BN_CTX_get(ctx), *u = BN_CTX_get(ctx);
    BIGNUM *v = BN_CTX_get(ctx), *uv = BN_CTX_get(ctx);
    if (uv == NULL)
        goto done;

    /* p = 2^255 - 19 */
    if (!BN_set_bit(p, 255) || !BN_sub_word(p, 19))
        goto done;
    /* d = -121665 / 121666 mod p (RFC 8032, section 5.1) */
    if (!BN_set_word(t, 121666) || BN_mod_inverse(d, t, p, ctx) == NULL || !BN_set_word(t, 121665) ||
        !BN_mod_mul(d, d, t, p, ctx) || !BN_sub(d, p, d))
        goto done;
    /* y = enc mod p (dalek's FieldElement::from_bytes reduces a non-canonical y) */
    if (BN_lebin2bn(ybytes, 32, y) == NULL || !BN_nnmod(y, y, p, ctx))
        goto done;
    /* u = y^2 - 1, v = d*y^2 + 1 */
    if (!BN_mod_sqr(yy, y, p, ctx) || !BN_one(t) || !BN_mod_sub(u, yy, t, p, ctx) ||
        !BN_mod_mul(v, d, yy, p, ctx) || !BN_mod_add(v, v, t, p, ctx) || !BN_mod_mul(uv, u, v, p, ctx))
        goto done;
    int j = BN_kronecker(uv, p, ctx);
    if (j == -2)
        goto done;
    result = (j >= 0) ? 1 : 0;
done:
    BN_CTX_end(ctx);
    BN_CTX_free(ctx);
    return result;
}
