/* sol_pda.h: program-derived addresses (PDAs) and associated token accounts.
 *
 * create_program_address(seeds, program) =
 *     SHA-256(seed_1 || ... || seed_n || program_id || "ProgramDerivedAddress"),
 * refused when the hash is on the ed25519 curve (sol_curve.h: the runtime's rule). At most
 * 16 seeds of at most 32 bytes each (the runtime's MAX_SEEDS and MAX_SEED_LEN).
 *
 * find_program_address appends a one-byte "bump" seed and tries 255, 254, ... 1 (the order
 * of the runtime's Pubkey::find_program_address and of web3.js), returning the first
 * address off the curve and its bump; so the caller's own seeds are at most 15.
 *
 * The associated token account (ATA) of a wallet for a mint is
 *     find_program_address([owner, token_program_id, mint], ATA program),
 * as the ATA program derives it; token_program_id is the Token or the Token-2022 program
 * that owns the mint, so one wallet has a different ATA under each. */
#ifndef STEWARD_SOL_PDA_H
#define STEWARD_SOL_PDA_H

#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

#define SOL_PDA_MAX_SEEDS 16
#define SOL_PDA_MAX_SEED_LEN 32

struct sol_seed {
    const uint8_t *data;
    size_t len;
};

/* Computes create_program_address.
 * Returns 0 with the address in out; 1 when the hash is on the curve (out unspecified: not
 * an address); -1 with err on too many or too long seeds, or when memory ran out. */
int sol_create_program_address(const struct sol_seed *seeds, size_t nseeds, const uint8_t program[32],
                               uint8_t out[32], st_err *err);

/* Computes find_program_address: out gets the address, *bump the bump seed.
 * Fails (-1) on more than 15 seeds, a seed longer than 32 bytes, or no bump in 255..1 giving
 * an address off the curve (probability about 2^-255). */
int sol_find_program_address(const struct sol_seed *seeds, size_t nseeds, const uint8_t program[32],
                             uint8_t out[32], uint8_t *bump, st_err *err);

/* The associated token account of `owner` for `mint` under `token_program`. bump may be NULL.
 * Fails only as sol_find_program_address does. */
int sol_ata_address(const uint8_t owner[32], const uint8_t mint[32], const uint8_t token_program[32],
                    uint8_t out[32], uint8_t *bump, st_err *err);

#endif
