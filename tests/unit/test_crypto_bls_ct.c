/* test_crypto_bls_ct.c: constant-time evidence for g1_mul_ct and g2_mul_ct.
 *
 * Run normally it only checks that the constant-time results equal the variable-time ones.
 * Run under valgrind (tests/integration/test_bls_consttime.sh) it is the constant-time test:
 * the scalar is marked undefined with VALGRIND_MAKE_MEM_UNDEFINED ("secret marking"), so
 * memcheck reports every conditional jump and every memory address that depends on any bit
 * of it; the script requires zero reports. The results are marked defined again before they
 * are compared (comparing them is not part of the secret computation).
 * With the argument --leaky it runs g1_mul_vartime on a marked scalar instead: the negative
 * control, which valgrind must flag (it branches on every bit), showing the marking works. */
#include <string.h>
#include <valgrind/memcheck.h>

#include "check.h"
#include "crypto/bls_g1.h"
#include "crypto/bls_g2.h"

static const char *scalars[] = {
    "0000000000000000000000000000000000000000000000000000000000000001",
    "13e0c575c3ac888bf8815e0ed50166ed3560ffbe9fcf5917551d3bd56be291f8",
    "6fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
    "73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000000",
    "0000000000000000000000000000000000000000000000000000000000000000",
};

static void unhex32(uint8_t out[32], const char *s)
{
    for (int i = 0; i < 32; i++) {
        unsigned v;
        sscanf(s + 2 * i, "%2x", &v);
        out[i] = (uint8_t)v;
    }
}

int main(int argc, char **argv)
{
    int leaky = argc > 1 && strcmp(argv[1], "--leaky") == 0;
    for (size_t i = 0; i < sizeof scalars / sizeof *scalars; i++) {
        uint8_t k[32];
        unhex32(k, scalars[i]);
        g1 a, b;
        g2 A, B;
        g1_mul_vartime(&b, &G1_GENERATOR, k);
        g2_mul_vartime(&B, &G2_GENERATOR, k);

        VALGRIND_MAKE_MEM_UNDEFINED(k, sizeof k);
        if (leaky) {
            g1_mul_vartime(&a, &G1_GENERATOR, k);
        } else {
            g1_mul_ct(&a, &G1_GENERATOR, k);
            g2_mul_ct(&A, &G2_GENERATOR, k);
        }
        VALGRIND_MAKE_MEM_DEFINED(k, sizeof k);
        VALGRIND_MAKE_MEM_DEFINED(&a, sizeof a);
        VALGRIND_MAKE_MEM_DEFINED(&A, sizeof A);

        CHECK(g1_eq(&a, &b));
        if (!leaky) CHECK(g2_eq(&A, &B));
    }
    return check_summary();
}
