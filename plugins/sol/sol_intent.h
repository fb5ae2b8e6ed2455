/* sol_intent.h: the intents the Solana plugin builds transactions for (docs/plugins/sol.md).
 *
 *   {"chain": "sol", "kind": "transfer", "to": "<base58>", "amount": "0.5"}
 *       SOL to `to`; amount in SOL, at most 9 decimals (lamports); "asset": "SOL" allowed.
 *   {"chain": "sol", "kind": "token_transfer", "asset": "USDC" | {"mint": "<base58>",
 *    "decimals": 6, "program": "token" | "token-2022"}, "to": "<owner base58>",
 *    "amount": "12.5", "create_ata": true|false, "allow_owner_off_curve": true|false}
 *       SPL tokens from the sender's associated token account to the associated token account
 *       of the wallet `to`. A symbol must be configured under options.tokens; an explicit
 *       {mint, decimals} may name any mint (program defaults to "token"), but when the mint is
 *       also configured its decimals and program must agree. create_ata true always adds the
 *       ATA program's CreateIdempotent for the destination; otherwise it is added only when
 *       getAccountInfo finds no destination account. A `to` on the ed25519 curve is required
 *       (as @solana/spl-token's getAssociatedTokenAddressSync requires by default) unless
 *       allow_owner_off_curve is true: an off-curve `to` is usually a token account or a PDA
 *       pasted by mistake, and tokens sent to the ATA of a token account are stranded.
 *
 * "chain", when present, must be "sol". Amounts are JSON strings of exact decimals, greater
 * than zero. A `to` that is not 32 bytes of base58 is refused. Any other key is refused with
 * its name, so a misspelt option never silently does nothing. */
#ifndef STEWARD_SOL_INTENT_H
#define STEWARD_SOL_INTENT_H

#include <stdint.h>

#include "sol_options.h"
#include "util/err.h"

enum sol_intent_kind { SOL_INTENT_TRANSFER = 1, SOL_INTENT_TOKEN_TRANSFER = 2 };

struct sol_intent {
    enum sol_intent_kind kind;
    uint8_t to[32];
    uint64_t amount;          /* base units: lamports, or the token's smallest unit */
    struct sol_token token;   /* token_transfer: mint, decimals, program; symbol "" if unnamed */
    int create_ata;           /* 1: always add CreateIdempotent */
    int allow_owner_off_curve;
};

int sol_intent_parse(const char *intent_json, const struct sol_options *o, struct sol_intent *in, st_err *err);

#endif
