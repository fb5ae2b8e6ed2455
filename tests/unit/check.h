/* check.h: the unit-test harness. A test program calls CHECK* as often as it likes and
 * ends with `return check_summary();`, which prints "<file>: N checks, M failed" and
 * returns non-zero when any check failed. A failed check prints file:line and what differed
 * and the program carries on, so one run shows every failure. */
#ifndef STEWARD_TEST_CHECK_H
#define STEWARD_TEST_CHECK_H

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int check_count, check_failed;

#define CHECK(cond)                                                                  \
    do {                                                                             \
        check_count++;                                                               \
        if (!(cond)) {                                                               \
            check_failed++;                                                          \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
        }                                                                            \
    } while (0)

#define CHECK_STR(got, want)                                                                   \
    do {                                                                                       \
        const char *g_ = (got), *w_ = (want);                                                  \
        check_count++;                                                                         \
        if (g_ == NULL || w_ == NULL || strcmp(g_, w_) != 0) {                                 \
            check_failed++;                                                                    \
            fprintf(stderr, "%s:%d: %s\n   got: %s\n  want: %s\n", __FILE__, __LINE__, #got,   \
                    g_ ? g_ : "(null)", w_ ? w_ : "(null)");                                   \
        }                                                                                      \
    } while (0)

#define CHECK_MEM(got, want, n)                                                    \
    do {                                                                           \
        check_count++;                                                             \
        if (memcmp((got), (want), (n)) != 0) {                                     \
            check_failed++;                                                        \
            fprintf(stderr, "%s:%d: %s differs from %s\n", __FILE__, __LINE__, #got, #want); \
        }                                                                          \
    } while (0)

static inline int check_summary_named(const char *name)
{
    printf("%s: %d checks, %d failed\n", name, check_count, check_failed);
    if (check_count == 0) {
        printf("%s: no checks ran\n", name);
        return 1;
    }
    return check_failed ? 1 : 0;
}
#define check_summary() check_summary_named(__FILE__)

/* Loads tests/vectors/<name> (through $STEWARD_VECTORS) as JSON, or exits with a message. */
static inline json_t *check_load_vectors(const char *name)
{
    const char *dir = getenv("STEWARD_VECTORS");
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir ? dir : "tests/vectors", name);
    json_error_t e;
    json_t *j = json_load_file(path, 0, &e);
    if (j == NULL) {
        fprintf(stderr, "%s:%d: %s\n", path, e.line, e.text);
        exit(2);
    }
    return j;
}

#endif
