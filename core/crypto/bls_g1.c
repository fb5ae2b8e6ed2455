/* bls_g1.c: BLS12-381 G1 (see bls_g1.h). */
#include "bls_g1.h"

#include <string.h>

#include "bls_consts.h"

const g1 G1_GENERATOR = {BLS_G1_X, BLS_G1_Y, {BLS_ONE_LIMBS}};

static void fp_mul_b3(fp *r, const fp *a) /* r = 12 a */
{
    fp t;
    fp_add(&t, a, a);
    fp_add(&t, &t, a);
    fp_add(&t, &t, &t);
    fp_add(r, &t, &t);
}

#define F fp
#define FN(op) fp_##op
#define PT g1
#define PN(op) g1_##op
#define F_ONE FP_ONE
#define F_ZERO FP_ZERO
#define F_MUL_B3 fp_mul_b3
#include "bls_curve_tmpl.h"

void g1_clear_cofactor(g1 *r, const g1 *a)
{
    static const uint64_t h[1] = {0xd201000000010001ULL};
    g1_mul_limbs_vartime(r, a, h, 1);
}

void g1_compress(uint8_t out[G1_COMPRESSED_BYTES], const g1 *a)
{
    if (g1_is_infinity(a)) {
        memset(out, 0, G1_COMPRESSED_BYTES);
        out[0] = 0xc0;
        return;
    }
    fp x, y;
    g1_to_affine(&x, &y, a);
    fp_to_bytes(out, &x);
    out[0] |= 0x80;
    if (fp_is_lex_largest(&y)) out[0] |= 0x20;
}

int g1_decompress_unchecked(g1 *r, const uint8_t in[G1_COMPRESSED_BYTES])
{
    uint8_t flags = in[0] & 0xe0, buf[G1_COMPRESSED_BYTES];
    if (!(flags & 0x80)) return -1;
    if (flags & 0x40) {
        if (flags & 0x20) return -1;
        if (in[0] & 0x1f) return -1;
        for (int i = 1; i < G1_COMPRESSED_BYTES; i++)
            if (in[i]) return -1;
        g1_set_infinity(r);
        return 0;
    }
    memcpy(buf, in, sizeof buf);
    buf[0] &= 0x1f;
    fp x, y, rhs, four;
    if (fp_from_bytes(&x, buf) != 0) return -1;
    fp_sqr(&rhs, &x);
    fp_mul(&rhs, &rhs, &x);
    fp_from_u64(&four, 4);
    fp_add(&rhs, &rhs, &four);
    if (!fp_sqrt(&y, &rhs)) return -1;
    if (fp_is_lex_largest(&y) != ((flags & 0x20) != 0)) fp_neg(&y, &y);
    g1_from_affine(r, &x, &y);
    return 0;
}

int g1_decompress(g1 *r, const uint8_t in[G1_COMPRESSED_BYTES])
{
    g1 t;
    if (g1_decompress_unchecked(&t, in) != 0) return -1;
    if (!g1_in_subgroup(&t)) return -1;
    *r = t;
    return 0;
}
