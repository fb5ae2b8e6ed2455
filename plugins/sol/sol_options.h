/* sol_options.h: the chain's options (chains.sol in the configuration, handed to init as a
 * JSON object). Every key is optional; an unknown key is an error naming it.
 *
 *   cluster          "mainnet-beta" (default), "devnet", "testnet" or "localnet". For the
 *                    first three the endpoint's getGenesisHash must match the cluster's
 *                    well-known genesis hash before steward builds or reads anything
 *                    (checked once per start); "localnet" is not checked.
 *   commitment       "processed", "confirmed" (default) or "finalized": used for
 *                    getLatestBlockhash, reads, preflight, and as the level broadcast waits for.
 *   tokens           mapping symbol -> {mint: base58, decimals: 0..77,
 *                    program: "token" (default) or "token-2022"}; symbols are 1 to 16 of
 *                    [A-Za-z0-9._-], "SOL" is reserved, at most SOL_MAX_TOKENS entries.
 *   confirm_timeout  seconds broadcast waits for the commitment level (integer 0..3600, or a
 *                    string of digits with an optional "s"); 0 returns right after
 *                    sendTransaction. Default 60.
 *
 * Integers may also arrive as strings of digits, since a YAML-to-JSON conversion may keep
 * scalars as text. */
#ifndef STEWARD_SOL_OPTIONS_H
#define STEWARD_SOL_OPTIONS_H

#include <stddef.h>
#include <stdint.h>

#include "sol_rpc.h"
#include "util/err.h"

#define SOL_MAX_TOKENS 32
#define SOL_SYMBOL_MAX 16
/* The SPL mint stores decimals in a u8, but steward's exact decimal arithmetic (util/decimal.h)
 * stops at 77, far beyond any real token (u64 amounts make more than 19 pointless). */
#define SOL_MAX_DECIMALS 77

enum sol_cluster { SOL_MAINNET_BETA = 0, SOL_DEVNET, SOL_TESTNET, SOL_LOCALNET };

struct sol_token {
    char symbol[SOL_SYMBOL_MAX + 1];
    uint8_t mint[32];
    unsigned decimals;
    int token_2022;                /* 1: Token-2022 program, 0: Token program */
};

struct sol_options {
    enum sol_cluster cluster;
    enum sol_commitment commitment;
    struct sol_token tokens[SOL_MAX_TOKENS];
    size_t ntokens;
    unsigned confirm_timeout; /* seconds */
};

int sol_options_parse(const char *options_json, struct sol_options *o, st_err *err);

/* The configured token with this exact symbol, or NULL. */
const struct sol_token *sol_options_token(const struct sol_options *o, const char *symbol);

/* The configured token with this mint (the first one), or NULL. */
const struct sol_token *sol_options_token_by_mint(const struct sol_options *o, const uint8_t mint[32]);

const char *sol_cluster_name(enum sol_cluster c);

/* base58 genesis hash of a public cluster; NULL for localnet. */
const char *sol_cluster_genesis(enum sol_cluster c);

/* The token program's id for a token. */
const uint8_t *sol_token_program(const struct sol_token *t);

/* Parses "token" / "token-2022" into *is_2022; -1 on another word. */
int sol_token_program_parse(const char *s, int *is_2022);

#endif
