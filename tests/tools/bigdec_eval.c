/* bigdec_eval: evaluates util/bigdec operations for tests/interop/test_decimal.mjs.
 *
 * Reads one request per line from stdin, space-separated:
 *   add A B | sub A B | cmp A B | mul A B | mul A B PLACES MODE | div A B PLACES MODE
 *   round A PLACES MODE | neg A | abs A | sign A | parse A
 * and prints one line per request: the canonical result (cmp and sign print -1, 0 or 1), or
 * "error: <message>" when the library refuses, or "bad request: <why>" when the line itself is
 * malformed (which the test counts as a failure). MODE is a bigdec rounding mode name. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/bigdec.h"

#define MAX_FIELDS 6

static int parse_places(const char *s, int *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (*s == '\0' || *end != '\0' || errno != 0 || v < -1000 || v > 1000)
        return -1;
    *out = (int)v;
    return 0;
}

/* Evaluates one request; writes the answer line (without newline) into out. */
static void eval(char **f, int n, char *out, size_t cap)
{
    bigdec a, b, r;
    st_err e = {0};
    const char *op = f[0];
    int unary = strcmp(op, "neg") == 0 || strcmp(op, "abs") == 0 || strcmp(op, "sign") == 0 ||
                strcmp(op, "parse") == 0 || strcmp(op, "round") == 0;
    int want_n;
    if (strcmp(op, "round") == 0)
        want_n = 4;
    else if (unary)
        want_n = 2;
    else if (strcmp(op, "div") == 0)
        want_n = 5;
    else if (strcmp(op, "mul") == 0)
        want_n = n == 5 ? 5 : 3;
    else if (strcmp(op, "add") == 0 || strcmp(op, "sub") == 0 || strcmp(op, "cmp") == 0)
        want_n = 3;
    else {
        snprintf(out, cap, "bad request: unknown operation %.40s", op);
        return;
    }
    if (n != want_n) {
        snprintf(out, cap, "bad request: %s takes %d fields, got %d", op, want_n, n);
        return;
    }
    if (bigdec_parse(&a, f[1], strlen(f[1]), &e) != 0) {
        snprintf(out, cap, "error: %s", e.msg);
        return;
    }
    if (!unary && bigdec_parse(&b, f[2], strlen(f[2]), &e) != 0) {
        snprintf(out, cap, "error: %s", e.msg);
        return;
    }
    int places = 0;
    enum bigdec_rounding mode = BIGDEC_DOWN;
    if (n >= 4) {
        const char *p = f[n - 2], *m = f[n - 1];
        if (parse_places(p, &places) != 0 || bigdec_rounding_parse(m, strlen(m), &mode) != 0) {
            snprintf(out, cap, "bad request: places %.20s or mode %.20s", p, m);
            return;
        }
    }
    int rc = 0, cmp_result = 0, is_int = 0;
    if (strcmp(op, "add") == 0) {
        rc = bigdec_add(&r, &a, &b, &e);
    } else if (strcmp(op, "sub") == 0) {
        rc = bigdec_sub(&r, &a, &b, &e);
    } else if (strcmp(op, "mul") == 0) {
        rc = bigdec_mul(&r, &a, &b, n == 5 ? places : BIGDEC_EXACT, mode, &e);
    } else if (strcmp(op, "div") == 0) {
        rc = places < 0 ? st_err_set(&e, "places must be from 0 to 78, not %d", places)
                        : bigdec_div(&r, &a, &b, (unsigned)places, mode, &e);
    } else if (strcmp(op, "round") == 0) {
        rc = places < 0 ? st_err_set(&e, "places must be from 0 to 78, not %d", places)
                        : bigdec_round(&r, &a, (unsigned)places, mode, &e);
    } else if (strcmp(op, "cmp") == 0) {
        cmp_result = bigdec_cmp(&a, &b);
        is_int = 1;
    } else if (strcmp(op, "sign") == 0) {
        cmp_result = bigdec_sign(&a);
        is_int = 1;
    } else if (strcmp(op, "neg") == 0) {
        bigdec_neg(&r, &a);
    } else if (strcmp(op, "abs") == 0) {
        bigdec_abs(&r, &a);
    } else { /* parse */
        r = a;
    }
    if (rc != 0) {
        snprintf(out, cap, "error: %s", e.msg);
    } else if (is_int) {
        snprintf(out, cap, "%d", cmp_result);
    } else if (bigdec_to_string(&r, out, cap) == 0) {
        snprintf(out, cap, "bad request: result does not fit the output buffer");
    }
}

int main(void)
{
    char *line = NULL;
    size_t linecap = 0;
    ssize_t len;
    char out[2048];
    while ((len = getline(&line, &linecap, stdin)) != -1) {
        if (len > 0 && line[len - 1] == '\n')
            line[--len] = '\0';
        char *f[MAX_FIELDS + 1];
        int n = 0;
        for (char *save = NULL, *t = strtok_r(line, " ", &save); t; t = strtok_r(NULL, " ", &save)) {
            if (n == MAX_FIELDS + 1)
                break;
            f[n++] = t;
        }
        if (n == 0 || n > MAX_FIELDS)
            snprintf(out, sizeof out, "bad request: %d fields", n);
        else
            eval(f, n, out, sizeof out);
        puts(out);
    }
    free(line);
    return ferror(stdout) ? 1 : 0;
}
