/* bls_eval: evaluates core/crypto/bls_* operations for tests/interop/test_bls.mjs.
 *
 * Reads one request per line from stdin, space-separated, all values hex ("-" is the empty
 * string), and prints one line per request:
 *   g1mul K          -> compressed K*G1 (K: 32-byte big-endian scalar; constant-time path)
 *   g2mul K          -> compressed K*G2
 *   g1mulp P K       -> compressed K*P for a compressed G1 point P
 *   g2mulp Q K       -> compressed K*Q for a compressed G2 point Q
 *   g1add P1 P2      -> compressed P1 + P2
 *   g1dec P / g2dec Q-> the re-encoded point, or "error" when the encoding is refused
 *   xmd DST MSG LEN  -> expand_message_xmd(MSG, DST, LEN) (LEN decimal)
 *   h2c DST MSG      -> compressed hash_to_curve G1 of MSG under DST
 *   pair P Q         -> e(P, Q) as 576 bytes (12 Fp coefficients, see fp12_to_bytes)
 *   check P1 Q1 ...  -> 1 when e(P1,Q1)*...*e(Pn,Qn) == 1, else 0
 * A malformed request prints "bad request: ..." (the test counts it as a failure). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/bls_g1.h"
#include "crypto/bls_g2.h"
#include "crypto/bls_h2c.h"
#include "crypto/bls_pairing.h"
#include "util/hex.h"

#define MAX_FIELDS 34
#define MAX_BYTES 4096

static uint8_t *unhex(const char *s, size_t *len)
{
    static uint8_t bufs[MAX_FIELDS][MAX_BYTES];
    static int next;
    uint8_t *b = bufs[next++ % MAX_FIELDS];
    if (strcmp(s, "-") == 0) {
        *len = 0;
        return b;
    }
    if (hex_decode_any(b, MAX_BYTES, len, s) != 0) return NULL;
    return b;
}

static void put(const uint8_t *b, size_t n)
{
    static char s[2 * MAX_BYTES + 1];
    hex_encode(s, b, n);
    puts(s);
}

static int get_g1(g1 *p, const char *s)
{
    size_t n;
    uint8_t *b = unhex(s, &n);
    return b && n == 48 && g1_decompress(p, b) == 0 ? 0 : -1;
}

static int get_g2(g2 *p, const char *s)
{
    size_t n;
    uint8_t *b = unhex(s, &n);
    return b && n == 96 && g2_decompress(p, b) == 0 ? 0 : -1;
}

static int get_scalar(uint8_t k[32], const char *s)
{
    size_t n;
    uint8_t *b = unhex(s, &n);
    if (!b || n != 32) return -1;
    memcpy(k, b, 32);
    return 0;
}

static void eval(char **f, int n)
{
    const char *op = f[0];
    uint8_t k[32], out[576];
    g1 p, q;
    g2 P;
    if (strcmp(op, "g1mul") == 0 && n == 2) {
        if (get_scalar(k, f[1])) goto bad;
        g1_mul_ct(&p, &G1_GENERATOR, k);
        g1_compress(out, &p);
        put(out, 48);
    } else if (strcmp(op, "g2mul") == 0 && n == 2) {
        if (get_scalar(k, f[1])) goto bad;
        g2_mul_ct(&P, &G2_GENERATOR, k);
        g2_compress(out, &P);
        put(out, 96);
    } else if (strcmp(op, "g1mulp") == 0 && n == 3) {
        if (get_g1(&p, f[1]) || get_scalar(k, f[2])) goto bad;
        g1_mul_ct(&p, &p, k);
        g1_compress(out, &p);
        put(out, 48);
    } else if (strcmp(op, "g2mulp") == 0 && n == 3) {
        if (get_g2(&P, f[1]) || get_scalar(k, f[2])) goto bad;
        g2_mul_ct(&P, &P, k);
        g2_compress(out, &P);
        put(out, 96);
    } else if (strcmp(op, "g1add") == 0 && n == 3) {
        if (get_g1(&p, f[1]) || get_g1(&q, f[2])) goto bad;
        g1_add(&p, &p, &q);
        g1_compress(out, &p);
        put(out, 48);
    } else if (strcmp(op, "g1dec") == 0 && n == 2) {
        if (get_g1(&p, f[1])) {
            puts("error");
            return;
        }
        g1_compress(out, &p);
        put(out, 48);
    } else if (strcmp(op, "g2dec") == 0 && n == 2) {
        if (get_g2(&P, f[1])) {
            puts("error");
            return;
        }
        g2_compress(out, &P);
        put(out, 96);
    } else if (strcmp(op, "xmd") == 0 && n == 4) {
        size_t dl, ml;
        uint8_t *dst = unhex(f[1], &dl), *msg = unhex(f[2], &ml);
        long len = strtol(f[3], NULL, 10);
        static uint8_t o[8192];
        if (!dst || !msg || len <= 0 || len > (long)sizeof o) goto bad;
        if (bls_expand_message_xmd(o, (size_t)len, msg, ml, dst, dl) != 0) {
            puts("error");
            return;
        }
        put(o, (size_t)len);
    } else if (strcmp(op, "h2c") == 0 && n == 3) {
        size_t dl, ml;
        uint8_t *dst = unhex(f[1], &dl), *msg = unhex(f[2], &ml);
        if (!dst || !msg || bls_hash_to_g1(&p, msg, ml, dst, dl) != 0) goto bad;
        g1_compress(out, &p);
        put(out, 48);
    } else if (strcmp(op, "pair") == 0 && n == 3) {
        fp12 e;
        if (get_g1(&p, f[1]) || get_g2(&P, f[2])) goto bad;
        bls_pairing(&e, &p, &P);
        fp12_to_bytes(out, &e);
        put(out, 576);
    } else if (strcmp(op, "check") == 0 && n >= 1 && (n - 1) % 2 == 0) {
        g1 ps[16];
        g2 qs[16];
        size_t m = (size_t)(n - 1) / 2;
        if (m > 16) goto bad;
        for (size_t i = 0; i < m; i++)
            if (get_g1(&ps[i], f[1 + 2 * i]) || get_g2(&qs[i], f[2 + 2 * i])) goto bad;
        puts(bls_pairing_check(ps, qs, m) ? "1" : "0");
    } else {
        goto bad;
    }
    return;
bad:
    printf("bad request: %s with %d fields\n", op, n);
}

int main(void)
{
    static char line[65536];
    while (fgets(line, sizeof line, stdin)) {
        char *f[MAX_FIELDS], *save = NULL;
        int n = 0;
        for (char *t = strtok_r(line, " \t\r\n", &save); t && n < MAX_FIELDS;
             t = strtok_r(NULL, " \t\r\n", &save))
            f[n++] = t;
        if (n == 0) continue;
        eval(f, n);
        fflush(stdout);
    }
    return 0;
}
