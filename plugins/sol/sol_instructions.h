/* sol_instructions.h: the three instructions the plugin builds.
 *
 * System program Transfer: accounts [from (writable, signer), to (writable)]; data is the
 * instruction index 2 as u32 little-endian, then the lamports as u64 little-endian
 * (12 bytes; bincode of SystemInstruction::Transfer { lamports }).
 *
 * Associated Token Account program CreateIdempotent: accounts [payer (writable, signer),
 * associated token account (writable), wallet owner, mint, System program, token program]
 * (the last four readonly); data is the one byte 1. It creates the ATA when it does not exist
 * and succeeds without change when it does (as long as it is the right account), so it is
 * safe to include whenever the ATA might be missing. The payer funds the new account's
 * rent-exempt minimum.
 *
 * Token (or Token-2022) TransferChecked: accounts [source token account (writable), mint,
 * destination token account (writable), owner (signer)]; data is the instruction index 12,
 * the amount as u64 little-endian and the mint's decimals as u8 (10 bytes). The program
 * refuses the transfer when `decimals` differs from the mint's, which guards against an
 * amount scaled for the wrong token. */
#ifndef STEWARD_SOL_INSTRUCTIONS_H
#define STEWARD_SOL_INSTRUCTIONS_H

#include <stdint.h>

#include "sol_message.h"

void sol_ix_system_transfer(const uint8_t from[32], const uint8_t to[32], uint64_t lamports,
                            struct sol_instruction *ix);

void sol_ix_ata_create_idempotent(const uint8_t payer[32], const uint8_t ata[32], const uint8_t owner[32],
                                  const uint8_t mint[32], const uint8_t token_program[32],
                                  struct sol_instruction *ix);

void sol_ix_token_transfer_checked(const uint8_t source[32], const uint8_t mint[32], const uint8_t dest[32],
                                   const uint8_t owner[32], uint64_t amount, uint8_t decimals,
                                   const uint8_t token_program[32], struct sol_instruction *ix);

#endif
