/* paper_node.h: what a simulated chain node (paper_eth.c, paper_btc.c, paper_sol.c) implements
 * and the ledger functions it may use. Internal to core/paper. */
#ifndef STEWARD_PAPER_NODE_H
#define STEWARD_PAPER_NODE_H

#include <jansson.h>
#include <stdint.h>

#include "paper/paper.h"

#define PAPER_SYMBOL_MAX 24

/* One asset of a paper chain: the symbol the ledger keys balances by, its decimals, and the
 * chain's identifier for it ("" for the native asset; an ERC-20 contract, an SPL mint). */
struct paper_asset {
    char symbol[PAPER_SYMBOL_MAX + 1];
    unsigned decimals;
    char id[96];
};

struct paper_node_ops {
    const char *family;       /* the plugin chain id this node serves: "eth", "btc", "sol" */
    const char *native;       /* the native asset's symbol */
    unsigned native_decimals;
    const char *default_opening; /* opening balance of the native asset when none is configured */
    /* Reads the node's own settings (`paper.fees`, NULL when absent: defaults) and what it
     * shares with the plugin (options), and creates pc's node state (paper_node_set_state).
     * Errors name the key path. */
    int (*init)(struct paper_chain *pc, const json_t *fees, const json_t *options, st_err *err);
    void (*free)(struct paper_chain *pc);
    /* Finds an asset by symbol or by the chain's identifier (a description's "asset" may be
     * either). Returns -1 with err set when the chain has no such asset. */
    int (*asset)(struct paper_chain *pc, const char *name, struct paper_asset *out, st_err *err);
    /* The chain capabilities (either may be NULL when the family's plugin does not use it). */
    int (*rpc)(struct paper_chain *pc, const char *method, const char *params_json, char **result_json,
               st_err *err);
    int (*http)(struct paper_chain *pc, const char *verb, const char *path, const char *body, long *status,
                char **response, st_err *err);
};

extern const struct paper_node_ops paper_eth_node;
extern const struct paper_node_ops paper_btc_node;
extern const struct paper_node_ops paper_sol_node;

void paper_node_set_state(struct paper_chain *pc, void *state);
void *paper_node_state(const struct paper_chain *pc);
struct store *paper_store(const struct paper_chain *pc);

/* A ledger balance in base units (0 for an unknown account or asset symbol). */
int paper_units(struct paper_chain *pc, const char *address, const char *symbol, uint8_t units[32], st_err *err);

/* Applies a broadcast: finds what paper_expect registered for this raw transaction (the
 * exact text the plugin sends), checks that the sender has not moved since it was built, and
 * in one durable transaction debits amount and fee, credits the recipient (or, for a swap, the
 * sender with the bought asset) and records the transaction. Writes the txid. Errors read like
 * a node's: "transaction unknown to the paper ledger", "stale: the sender's nonce/inputs moved
 * (built at 3, now 4)", "insufficient funds: ...". A transaction already applied is refused
 * ("already applied"), never applied twice. */
int paper_submit(struct paper_chain *pc, const char *raw, char *txid, size_t cap, st_err *err);

/* Whether the ledger holds an applied transaction with this txid; *ts_ms gets its time. */
int paper_tx_applied(struct paper_chain *pc, const char *txid, int *applied, int64_t *ts_ms, st_err *err);

/* The ledger's clock (paper_chain_set_clock). */
int64_t paper_now_ms(const struct paper_chain *pc);

#endif
