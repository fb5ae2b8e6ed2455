/* sol_key.h: Solana public keys (32 bytes) as base58 text, and the programs the plugin calls.
 *
 * An address is the base58 encoding of 32 bytes; nothing else is an address. Parsing is
 * strict: a string that decodes to 31 or 33 bytes, contains a character outside the
 * alphabet, or is empty is refused, with the caller's field name in the message. An address
 * is not required to be on the ed25519 curve here (program-derived addresses are off it by
 * design); callers that care ask sol_curve.h. */
#ifndef STEWARD_SOL_KEY_H
#define STEWARD_SOL_KEY_H

#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

#define SOL_KEY_LEN 32
#define SOL_ADDR_MAX 45 /* 44 base58 characters + NUL */

/* The programs the plugin's transactions invoke (byte values of the well-known base58 ids
 * given next to each; test_sol_key.c checks each against its text). */
extern const uint8_t SOL_SYSTEM_PROGRAM[SOL_KEY_LEN];     /* 11111111111111111111111111111111 */
extern const uint8_t SOL_TOKEN_PROGRAM[SOL_KEY_LEN];      /* TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA */
extern const uint8_t SOL_TOKEN_2022_PROGRAM[SOL_KEY_LEN]; /* TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb */
extern const uint8_t SOL_ATA_PROGRAM[SOL_KEY_LEN];        /* ATokenGPvbdGVxr1b2hvZbsiqW5xWH25efTNsLJA8knL */

/* Parses a base58 address into out.
 * In:  field: what the text is, for the error ("to", "tokens.USDC.mint").
 * Fails with "<field>: not a Solana address (...)" on anything but 32 bytes of base58. */
int sol_key_parse(const char *text, const char *field, uint8_t out[SOL_KEY_LEN], st_err *err);

/* Writes the base58 text of a key into out (cap >= SOL_ADDR_MAX). Cannot fail for such a cap;
 * with a smaller one out is set to "". */
void sol_key_format(const uint8_t key[SOL_KEY_LEN], char *out, size_t cap);

#endif
