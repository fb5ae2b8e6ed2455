/* bench_bls: timings of the BLS12-381 code (core/crypto/bls_*), with @noble/curves measured in
 * the same run when node and tests/interop/node_modules are available. Prints figures;
 * asserts nothing about time.
 *
 *   g1 mul ct        g1_mul_ct (secret scalar, fixed window)     vs noble G1 multiply
 *   g1 mul vartime   g1_mul_vartime (public scalar)              vs noble G1 multiplyUnsafe
 *   g2 mul ct        g2_mul_ct                                   vs noble G2 multiply
 *   hash_to_g1       hash_to_curve of a 128-byte message (the CKD input size)
 *   pairing check 2  e(P1,Q1) e(P2,Q2) == 1 (the CKD verification)  vs noble pairingBatch
 *
 * usage: bench_bls [ITERATIONS] [SOURCE_DIR]   (default 20; SOURCE_DIR enables the noble run
 *        through node SOURCE_DIR/tests/bench/bench_bls.mjs ITERATIONS) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "crypto/bls_g1.h"
#include "crypto/bls_g2.h"
#include "crypto/bls_h2c.h"
#include "crypto/bls_pairing.h"

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void report(const char *what, double secs, int n)
{
    printf("  %-18s %10.3f ms/op  (%d ops)\n", what, secs * 1000.0 / n, n);
}

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 20;
    if (n <= 0) n = 20;
    uint8_t k[32];
    for (int i = 0; i < 32; i++) k[i] = (uint8_t)(0x5a ^ (i * 37));
    k[0] &= 0x3f;
    g1 p = G1_GENERATOR;
    g2 q = G2_GENERATOR;
    double t;
    printf("steward (C):\n");

    t = now_s();
    for (int i = 0; i < n; i++) g1_mul_ct(&p, &p, k);
    report("g1 mul ct", now_s() - t, n);

    t = now_s();
    for (int i = 0; i < n; i++) g1_mul_vartime(&p, &p, k);
    report("g1 mul vartime", now_s() - t, n);

    t = now_s();
    for (int i = 0; i < n; i++) g2_mul_ct(&q, &q, k);
    report("g2 mul ct", now_s() - t, n);

    static const char dst[] = "NEAR BLS12381G1_XMD:SHA-256_SSWU_RO_";
    uint8_t msg[128];
    memset(msg, 0x42, sizeof msg);
    g1 h;
    t = now_s();
    for (int i = 0; i < n; i++) {
        msg[0] = (uint8_t)i;
        bls_hash_to_g1(&h, msg, sizeof msg, (const uint8_t *)dst, strlen(dst));
    }
    report("hash_to_g1", now_s() - t, n);

    /* e(kG1, G2) * e(-G1, kG2) == 1 */
    g1 ps[2];
    g2 qs[2];
    g1_mul_vartime(&ps[0], &G1_GENERATOR, k);
    qs[0] = G2_GENERATOR;
    g1_neg(&ps[1], &G1_GENERATOR);
    g2_mul_vartime(&qs[1], &G2_GENERATOR, k);
    int ok = 1;
    t = now_s();
    for (int i = 0; i < n; i++) ok &= bls_pairing_check(ps, qs, 2);
    report("pairing check 2", now_s() - t, n);
    if (!ok) printf("  (pairing check returned 0: unexpected)\n");

    if (argc > 2) {
        char cmd[4096];
        snprintf(cmd, sizeof cmd, "node '%s/tests/bench/bench_bls.mjs' %d", argv[2], n);
        fflush(stdout);
        if (system(cmd) != 0) printf("(the @noble/curves run failed; is node installed and tests/interop/node_modules present?)\n");
    }
    return ok ? 0 : 1;
}
