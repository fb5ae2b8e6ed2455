/* bls_g2.c: BLS12-381 G2 on the twist E'(Fp2): y^2 = x^3 + 4(1 + u) (see bls_g2.h). */
#include "bls_g2.h"

#include <string.h>

#include "bls_consts.h"

const g2 G2_GENERATOR = {BLS_G2_X, BLS_G2_Y, {{BLS_ONE_LIMBS}, {{0, 0, 0, 0, 0, 0}}}};

static void fp2_mul_b3(fp2 *r, const fp2 *a) /* r = 12 (1 + u) a */
{
    fp2 t;
    fp2_add(&t, a, a);
    fp2_add(&t, &t, a);
    fp2_add(&t, &t, &t);
    fp2_add(&t, &t, &t);
    fp2_mul_xi(r, &t);
}

#define F fp2
#define FN(op) fp2_##op
#define PT g2
#define PN(op) g2_##op
#define F_ONE FP2_ONE
#define F_ZERO FP2_ZERO
#define F_MUL_B3 fp2_mul_b3
#include "bls_curve_tmpl.h"

void g2_compress(uint8_t out[G2_COMPRESSED_BYTES], const g2 *a)
{
    if (g2_is_infinity(a)) {
        memset(out, 0, G2_COMPRESSED_BYTES);
        out[0] = 0xc0;
        return;
    }
    fp2 x, y;
    g2_to_affine(&x, &y, a);
    fp_to_bytes(out, &x.c1);
    fp_to_bytes(out + FP_BYTES, &x.c0);
    out[0] |= 0x80;
    if (fp2_is_lex_largest(&y)) out[0] |= 0x20;
}

int g2_decompress_unchecked(g2 *r, const uint8_t in[G2_COMPRESSED_BYTES])
{
    uint8_t flags = in[0] & 0xe0, buf[FP_BYTES];
    if (!(flags & 0x80)) return -1;
    if (flags & 0x40) {
        if (flags & 0x20) return -1;
        if (in[0] & 0x1f) return -1;
        for (int i = 1; i < G2_COMPRESSED_BYTES; i++)
            if (in[i]) return -1;
        g2_set_infinity(r);
        return 0;
    }
    memcpy(buf, in, sizeof buf);
    buf[0] &= 0x1f;
    fp2 x, y, rhs, b;
    if (fp_from_bytes(&x.c1, buf) != 0) return -1;
    if (fp_from_bytes(&x.c0, in + FP_BYTES) != 0) return -1;
    fp2_sqr(&rhs, &x);
    fp2_mul(&rhs, &rhs, &x);
    fp_from_u64(&b.c0, 4);
    fp_from_u64(&b.c1, 4);
    fp2_add(&rhs, &rhs, &b);
    if (!fp2_sqrt(&y, &rhs)) return -1;
    if (fp2_is_lex_largest(&y) != ((flags & 0x20) != 0)) fp2_neg(&y, &y);
    g2_from_affine(r, &x, &y);
    return 0;
}

int g2_decompress(g2 *r, const uint8_t in[G2_COMPRESSED_BYTES])
{
    g2 t;
    if (g2_decompress_unchecked(&t, in) != 0) return -1;
    if (!g2_in_subgroup(&t)) return -1;
    *r = t;
    return 0;
}
