/* bls_curve_tmpl.h: point arithmetic shared by G1 (over Fp) and G2 (over Fp2), included by
 * bls_g1.c and bls_g2.c with these macros defined:
 *   F      the coordinate field type       FN(op)  its operations (fp_add, fp2_add, ...)
 *   PT     the point type                  PN(op)  the point operations' names
 *   F_MUL_B3(r, a)  r = 3*b*a for the curve y^2 = x^3 + b
 *   F_ONE  the field's one
 * Points are homogeneous projective (X:Y:Z), x = X/Z, y = Y/Z, infinity = (0:1:0). Addition
 * and doubling are the complete formulas of Renes, Costello and Batina (2016), Algorithms 7
 * and 9 for a = 0: they are correct for every pair of inputs (equal points, inverses,
 * infinity) with one straight-line sequence of field operations, so they have no branches
 * at all. */

void PN(set_infinity)(PT *r)
{
    r->x = F_ZERO;
    r->y = F_ONE;
    r->z = F_ZERO;
}

int PN(is_infinity)(const PT *a) { return FN(is_zero)(&a->z); }

void PN(add)(PT *r, const PT *p, const PT *q)
{
    F t0, t1, t2, t3, t4, x3, y3, z3;
    FN(mul)(&t0, &p->x, &q->x);
    FN(mul)(&t1, &p->y, &q->y);
    FN(mul)(&t2, &p->z, &q->z);
    FN(add)(&t3, &p->x, &p->y);
    FN(add)(&t4, &q->x, &q->y);
    FN(mul)(&t3, &t3, &t4);
    FN(add)(&t4, &t0, &t1);
    FN(sub)(&t3, &t3, &t4);
    FN(add)(&t4, &p->y, &p->z);
    FN(add)(&x3, &q->y, &q->z);
    FN(mul)(&t4, &t4, &x3);
    FN(add)(&x3, &t1, &t2);
    FN(sub)(&t4, &t4, &x3);
    FN(add)(&x3, &p->x, &p->z);
    FN(add)(&y3, &q->x, &q->z);
    FN(mul)(&x3, &x3, &y3);
    FN(add)(&y3, &t0, &t2);
    FN(sub)(&y3, &x3, &y3);
    FN(add)(&x3, &t0, &t0);
    FN(add)(&t0, &x3, &t0);
    F_MUL_B3(&t2, &t2);
    FN(add)(&z3, &t1, &t2);
    FN(sub)(&t1, &t1, &t2);
    F_MUL_B3(&y3, &y3);
    FN(mul)(&x3, &t4, &y3);
    FN(mul)(&t2, &t3, &t1);
    FN(sub)(&x3, &t2, &x3);
    FN(mul)(&y3, &y3, &t0);
    FN(mul)(&t1, &t1, &z3);
    FN(add)(&y3, &t1, &y3);
    FN(mul)(&t0, &t0, &t3);
    FN(mul)(&z3, &z3, &t4);
    FN(add)(&z3, &z3, &t0);
    r->x = x3;
    r->y = y3;
    r->z = z3;
}

void PN(dbl)(PT *r, const PT *p)
{
    F t0, t1, t2, x3, y3, z3;
    FN(sqr)(&t0, &p->y);
    FN(add)(&z3, &t0, &t0);
    FN(add)(&z3, &z3, &z3);
    FN(add)(&z3, &z3, &z3);
    FN(mul)(&t1, &p->y, &p->z);
    FN(sqr)(&t2, &p->z);
    F_MUL_B3(&t2, &t2);
    FN(mul)(&x3, &t2, &z3);
    FN(add)(&y3, &t0, &t2);
    FN(mul)(&z3, &t1, &z3);
    FN(add)(&t1, &t2, &t2);
    FN(add)(&t2, &t1, &t2);
    FN(sub)(&t0, &t0, &t2);
    FN(mul)(&y3, &t0, &y3);
    FN(add)(&y3, &x3, &y3);
    FN(mul)(&t1, &p->x, &p->y);
    FN(mul)(&x3, &t0, &t1);
    FN(add)(&x3, &x3, &x3);
    r->x = x3;
    r->y = y3;
    r->z = z3;
}

void PN(neg)(PT *r, const PT *p)
{
    r->x = p->x;
    FN(neg)(&r->y, &p->y);
    r->z = p->z;
}

void PN(cmov)(PT *r, const PT *a, const PT *b, uint64_t c)
{
    FN(cmov)(&r->x, &a->x, &b->x, c);
    FN(cmov)(&r->y, &a->y, &b->y, c);
    FN(cmov)(&r->z, &a->z, &b->z, c);
}

int PN(eq)(const PT *a, const PT *b)
{
    F l, r;
    int e;
    FN(mul)(&l, &a->x, &b->z);
    FN(mul)(&r, &b->x, &a->z);
    e = FN(eq)(&l, &r);
    FN(mul)(&l, &a->y, &b->z);
    FN(mul)(&r, &b->y, &a->z);
    return e & FN(eq)(&l, &r);
}

int PN(is_on_curve)(const PT *p)
{
    /* Y^2 Z = X^3 + b Z^3, i.e. 3 Y^2 Z = 3 X^3 + b3 Z^3; infinity (0:1:0) passes. */
    F l, r, t;
    FN(sqr)(&l, &p->y);
    FN(mul)(&l, &l, &p->z);
    FN(add)(&t, &l, &l);
    FN(add)(&l, &t, &l);
    FN(sqr)(&r, &p->x);
    FN(mul)(&r, &r, &p->x);
    FN(add)(&t, &r, &r);
    FN(add)(&r, &t, &r);
    FN(sqr)(&t, &p->z);
    FN(mul)(&t, &t, &p->z);
    F_MUL_B3(&t, &t);
    FN(add)(&r, &r, &t);
    return FN(eq)(&l, &r) & !(FN(is_zero)(&p->z) & FN(is_zero)(&p->y));
}

void PN(to_affine)(F *x, F *y, const PT *p)
{
    F zi;
    FN(inv)(&zi, &p->z);
    FN(mul)(x, &p->x, &zi);
    FN(mul)(y, &p->y, &zi);
}

void PN(from_affine)(PT *r, const F *x, const F *y)
{
    r->x = *x;
    r->y = *y;
    r->z = F_ONE;
}

/* Public scalar as little-endian 64-bit limbs; plain double-and-add that branches on the
 * scalar's bits, so only for public scalars (r, h_eff, test inputs). */
void PN(mul_limbs_vartime)(PT *r, const PT *p, const uint64_t *k, size_t n)
{
    PT acc, base = *p;
    PN(set_infinity)(&acc);
    for (size_t i = n * 64; i-- > 0;) {
        PN(dbl)(&acc, &acc);
        if ((k[i / 64] >> (i % 64)) & 1) PN(add)(&acc, &acc, &base);
    }
    *r = acc;
}

static void PN(be32_to_limbs)(uint64_t k[4], const uint8_t s[32])
{
    for (int i = 0; i < 4; i++) {
        uint64_t v = 0;
        for (int j = 0; j < 8; j++) v = (v << 8) | s[(3 - i) * 8 + j];
        k[i] = v;
    }
}

void PN(mul_vartime)(PT *r, const PT *p, const uint8_t scalar[32])
{
    uint64_t k[4];
    PN(be32_to_limbs)(k, scalar);
    PN(mul_limbs_vartime)(r, p, k, 4);
}

/* Constant-time scalar multiplication for secret scalars: a fixed 4-bit window over all
 * 256 bits of the 32-byte big-endian scalar (64 windows, most significant first).
 *  - The table T[0..15] = 0, P, 2P, ..., 15P is built from P alone (public work).
 *  - Every window does exactly 4 doublings and 1 complete addition, whatever the digit,
 *    including digit 0 (adding T[0] = infinity) and the leading zero windows.
 *  - The digit d is read at a public position (window w reads byte 31 - w/2); its value
 *    only enters arithmetic: T[d] is fetched by reading all 16 entries and keeping the one
 *    whose index equals d through a mask ((i ^ d) - 1) >> 63, never by indexing with d.
 *  - The complete formulas and the field code are branch-free in the values (masks for
 *    carries and reductions), so no branch and no memory address depends on a secret bit.
 * tests/unit/test_crypto_bls_ct.c checks this under valgrind with the scalar marked
 * undefined. */
void PN(mul_ct)(PT *r, const PT *p, const uint8_t scalar[32])
{
    PT tab[16], acc, sel;
    PN(set_infinity)(&tab[0]);
    tab[1] = *p;
    for (int i = 2; i < 16; i++) PN(add)(&tab[i], &tab[i - 1], p);
    PN(set_infinity)(&acc);
    for (int w = 63; w >= 0; w--) {
        for (int k = 0; k < 4; k++) PN(dbl)(&acc, &acc);
        uint64_t d = (uint64_t)((scalar[31 - w / 2] >> ((w & 1) * 4)) & 15);
        PN(set_infinity)(&sel);
        for (uint64_t i = 0; i < 16; i++) {
            uint64_t hit = (((i ^ d) - 1) >> 63) & 1;
            PN(cmov)(&sel, &sel, &tab[i], hit);
        }
        PN(add)(&acc, &acc, &sel);
    }
    *r = acc;
}

int PN(in_subgroup)(const PT *p)
{
    static const uint64_t rr[4] = BLS_R_LIMBS;
    PT t;
    PN(mul_limbs_vartime)(&t, p, rr, 4);
    return PN(is_infinity)(&t);
}
