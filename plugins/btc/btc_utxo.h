/* btc_utxo.h: an unspent output of the agent's address, as a back end reported it. */
#ifndef STEWARD_BTC_UTXO_H
#define STEWARD_BTC_UTXO_H

#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

/* 21 million BTC in satoshis: no amount can be larger (Bitcoin Core's MAX_MONEY). */
#define BTC_MAX_MONEY 2100000000000000ull

struct btc_utxo {
    uint8_t txid[32];  /* internal byte order */
    uint32_t vout;
    uint64_t value;    /* satoshis, 1..BTC_MAX_MONEY */
    int confirmed;     /* 1 when in a block */
    int immature;      /* 1 for a coinbase output with fewer than 100 confirmations */
};

/* A malloc'd array; release with btc_utxo_list_free. */
struct btc_utxo_list {
    struct btc_utxo *v;
    size_t n;
};

void btc_utxo_list_free(struct btc_utxo_list *l);

/* 1 when two entries of v[0..n) have the same outpoint (a back end listing one twice would
 * make us spend it twice), 0 otherwise; -1 on allocation failure. */
int btc_utxo_has_duplicate(const struct btc_utxo *v, size_t n);

/* The last step of parsing a back end's UTXO list: hands the malloc'd v[0..n) over to out
 * once no outpoint is listed twice.
 * Returns 0; or -1 with err set ("<what>: an outpoint is listed twice", or out of memory),
 * v freed and out left as it was. */
int btc_utxo_list_take(struct btc_utxo_list *out, struct btc_utxo *v, size_t n, const char *what, st_err *err);

#endif
