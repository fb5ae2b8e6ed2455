/* paper_sol_key.c: see paper_sol_key.h. */
#include "paper/paper_sol_key.h"

#include <string.h>

#include <sodium.h>

#include "crypto/base58.h"

int paper_sol_b58_encode(const uint8_t *in, size_t len, char *out, size_t cap)
{
    return base58_encode(in, len, out, cap, NULL);
}

int paper_sol_b58_decode(const char *text, uint8_t *out, size_t want)
{
    uint8_t bytes[64]; /* out stays untouched unless the whole text decodes to want bytes */
    size_t n = 0;
    if (text == NULL || want > sizeof bytes || base58_decode(text, bytes, want, &n, NULL) != 0 || n != want)
        return -1;
    memcpy(out, bytes, want);
    return 0;
}

/* ---- arithmetic mod p = 2^255 - 19 ------------------------------------------------------
 * A field element is 16 limbs of 16 bits, least significant first, each kept non-negative
 * (no shifts of negative numbers). Between operations a limb may exceed 16 bits slightly;
 * products of such limbs and their sums stay far below 2^63. Everything here is public data
 * (hashes of public keys), so nothing needs to run in constant time. */

typedef int64_t fe[16];

/* One carry pass; 2^256 = 38 (mod p) folds the top carry into limb 0. Returns the top carry:
 * when it is 0, every limb is now at most 0xffff. */
static int64_t fe_carry(fe o)
{
    int64_t c = 0;
    for (int i = 0; i < 16; i++) {
        c = o[i] >> 16;
        o[i] &= 0xffff;
        if (i < 15)
            o[i + 1] += c;
        else
            o[0] += 38 * c;
    }
    return c;
}

static void fe_mul(fe o, const fe a, const fe b)
{
    int64_t t[31] = {0};
    for (int i = 0; i < 16; i++)
        for (int j = 0; j < 16; j++)
            t[i + j] += a[i] * b[j];
    for (int i = 0; i < 15; i++)
        t[i] += 38 * t[i + 16];
    for (int i = 0; i < 16; i++)
        o[i] = t[i];
    fe_carry(o);
    fe_carry(o);
}

static void fe_from_bytes(fe o, const uint8_t b[32])
{
    for (int i = 0; i < 16; i++)
        o[i] = (int64_t)b[2 * i] | ((int64_t)b[2 * i + 1] << 8);
    o[15] &= 0x7fff; /* the sign of x plays no part */
}

/* p in limbs. */
static const fe P = {0xffed, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff,
                     0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0x7fff};

/* The canonical representative (0 <= o < p), limbs of 16 bits. */
static void fe_reduce(fe o)
{
    while (fe_carry(o) != 0)
        ;
    /* now o < 2^256 < 3p */
    for (int k = 0; k < 2; k++) {
        fe m;
        int64_t borrow = 0;
        for (int i = 0; i < 16; i++) {
            m[i] = o[i] - P[i] - borrow;
            borrow = m[i] < 0;
            if (borrow)
                m[i] += 65536;
        }
        if (!borrow)
            memcpy(o, m, sizeof m);
    }
}

/* Written out rather than taken from a library, because none that steward_paper may link
 * has this rule:
 *  - libsodium's crypto_core_ed25519_is_valid_point is NOT the same test. It also refuses
 *    non-canonical encodings (y >= p), points of small order and points outside the
 *    prime-order subgroup, all of which decompress and so are "on the curve" for the runtime;
 *    roughly 7 in 16 random 32-byte strings are on the curve yet "invalid" for libsodium.
 *    Using it would keep bumps the runtime refuses and derive wrong ATAs.
 *  - core/crypto has no ed25519 point arithmetic (its curve code is libsecp256k1's).
 *  - the sol plugin's sol_on_curve (plugins/sol/sol_curve.c) is this rule, but it is in the
 *    plugin's library steward_sol, which the core must not link.
 * test_paper_sol.c compares this function with sol_on_curve on random strings and the
 * rule's edge cases. */
int paper_sol_on_curve(const uint8_t enc[32])
{
    /* d = -121665/121666 mod p, little-endian */
    static const uint8_t D[32] = {0xa3, 0x78, 0x59, 0x13, 0xca, 0x4d, 0xeb, 0x75, 0xab, 0xd8, 0x41,
                                  0x41, 0x4d, 0x0a, 0x70, 0x00, 0x98, 0xe8, 0x79, 0x77, 0x79, 0x40,
                                  0xc7, 0x8c, 0x73, 0xfe, 0x6f, 0x2b, 0xee, 0x6c, 0x03, 0x52};
    /* (p - 1) / 2 = 2^254 - 10, little-endian: Euler's criterion's exponent */
    uint8_t e[32];
    memset(e, 0xff, sizeof e);
    e[0] = 0xf6;
    e[31] = 0x3f;

    fe y, d, yy, u, v, uv, r = {1};
    fe_from_bytes(y, enc);
    fe_from_bytes(d, D);
    fe_mul(yy, y, y);
    for (int i = 0; i < 16; i++) /* u = y^2 + (p - 1) = y^2 - 1 */
        u[i] = yy[i] + P[i] - (i == 0);
    fe_carry(u);
    fe_mul(v, d, yy); /* v = d y^2 + 1 */
    v[0] += 1;
    fe_carry(v);
    fe_mul(uv, u, v);
    for (int bit = 255; bit >= 0; bit--) {
        fe_mul(r, r, r);
        if ((e[bit / 8] >> (bit % 8)) & 1)
            fe_mul(r, r, uv);
    }
    fe_reduce(r);
    /* r is 0 (u = 0: x = 0), 1 (a square) or p - 1 (not a square: no point) */
    int minus_one = r[0] == 0xffec && r[15] == 0x7fff;
    for (int i = 1; i < 15 && minus_one; i++)
        minus_one = r[i] == 0xffff;
    return !minus_one;
}

int paper_sol_ata(const uint8_t owner[32], const uint8_t mint[32], int token_2022, uint8_t out[32])
{
    static const char MARKER[] = "ProgramDerivedAddress";
    uint8_t program[32], ata_program[32], buf[32 * 3 + 1 + 32 + sizeof MARKER - 1];
    if (paper_sol_b58_decode(token_2022 ? PAPER_SOL_TOKEN_2022_PROGRAM : PAPER_SOL_TOKEN_PROGRAM, program, 32) != 0 ||
        paper_sol_b58_decode(PAPER_SOL_ATA_PROGRAM, ata_program, 32) != 0)
        return -1;
    memcpy(buf, owner, 32);
    memcpy(buf + 32, program, 32);
    memcpy(buf + 64, mint, 32);
    memcpy(buf + 97, ata_program, 32);
    memcpy(buf + 129, MARKER, sizeof MARKER - 1);
    for (unsigned bump = 255; bump >= 1; bump--) {
        buf[96] = (uint8_t)bump;
        crypto_hash_sha256(out, buf, sizeof buf);
        if (!paper_sol_on_curve(out))
            return 0;
    }
    return -1;
}
