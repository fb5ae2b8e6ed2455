/* btc_utxo.c: UTXO lists (see btc_utxo.h). */
#include "btc_utxo.h"

#include <stdlib.h>
#include <string.h>

void btc_utxo_list_free(struct btc_utxo_list *l)
{
    free(l->v);
    l->v = NULL;
    l->n = 0;
}

static int outpoint_cmp(const void *a, const void *b)
{
    const struct btc_utxo *x = a, *y = b;
    int c = memcmp(x->txid, y->txid, 32);
    if (c != 0)
        return c;
    return x->vout < y->vout ? -1 : x->vout > y->vout ? 1 : 0;
}

int btc_utxo_has_duplicate(const struct btc_utxo *v, size_t n)
{
    if (n < 2)
        return 0;
    struct btc_utxo *s = malloc(n * sizeof *s);
    if (s == NULL)
        return -1;
    memcpy(s, v, n * sizeof *s);
    qsort(s, n, sizeof *s, outpoint_cmp);
    int dup = 0;
    for (size_t i = 1; i < n && !dup; i++)
        dup = outpoint_cmp(&s[i - 1], &s[i]) == 0;
    free(s);
    return dup;
}

int btc_utxo_list_take(struct btc_utxo_list *out, struct btc_utxo *v, size_t n, const char *what, st_err *err)
{
    int dup = btc_utxo_has_duplicate(v, n);
    if (dup != 0) {
        free(v);
        return st_err_set(err, dup < 0 ? "out of memory" : "%s: an outpoint is listed twice", what);
    }
    out->v = v;
    out->n = n;
    return 0;
}
