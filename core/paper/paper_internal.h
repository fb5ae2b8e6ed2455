/* paper_internal.h: the paper chain's fields, shared by paper_chain.c and paper_ledger.c. */
#ifndef STEWARD_PAPER_INTERNAL_H
#define STEWARD_PAPER_INTERNAL_H

#include <jansson.h>
#include <sqlite3.h>

#include "paper/paper_node.h"

#define PAPER_MAX_ASSETS 16

struct paper_opening {
    char symbol[PAPER_SYMBOL_MAX + 1];
    unsigned decimals;
    uint8_t units[32];
};

struct paper_chain {
    struct store *st;
    const struct paper_node_ops *node;
    void *node_state;
    int node_inited;
    char chain[40];
    char exchange[128];
    unsigned fee_bps; /* the paper exchange's fee, basis points of the bought amount */
    size_t n_opening;
    struct paper_opening opening[PAPER_MAX_ASSETS];
    paper_price_fn price;
    void *price_ctx;
    int64_t (*now)(void *ctx);
    void *now_ctx;
};

#endif
