/* sol_instructions.c: see sol_instructions.h. */
#include "sol_instructions.h"

#include <string.h>

#include "sol_key.h"

static void add_account(struct sol_instruction *ix, const uint8_t key[32], int is_signer, int is_writable)
{
    struct sol_account_meta *a = &ix->accounts[ix->naccounts++];
    memcpy(a->pubkey, key, 32);
    a->is_signer = is_signer;
    a->is_writable = is_writable;
}

static void put_le(uint8_t *out, uint64_t v, int bytes)
{
    for (int i = 0; i < bytes; i++)
        out[i] = (uint8_t)(v >> (8 * i));
}

void sol_ix_system_transfer(const uint8_t from[32], const uint8_t to[32], uint64_t lamports,
                            struct sol_instruction *ix)
{
    memset(ix, 0, sizeof *ix);
    memcpy(ix->program_id, SOL_SYSTEM_PROGRAM, 32);
    add_account(ix, from, 1, 1);
    add_account(ix, to, 0, 1);
    put_le(ix->data, 2, 4); /* SystemInstruction::Transfer */
    put_le(ix->data + 4, lamports, 8);
    ix->data_len = 12;
}

void sol_ix_ata_create_idempotent(const uint8_t payer[32], const uint8_t ata[32], const uint8_t owner[32],
                                  const uint8_t mint[32], const uint8_t token_program[32],
                                  struct sol_instruction *ix)
{
    memset(ix, 0, sizeof *ix);
    memcpy(ix->program_id, SOL_ATA_PROGRAM, 32);
    add_account(ix, payer, 1, 1);
    add_account(ix, ata, 0, 1);
    add_account(ix, owner, 0, 0);
    add_account(ix, mint, 0, 0);
    add_account(ix, SOL_SYSTEM_PROGRAM, 0, 0);
    add_account(ix, token_program, 0, 0);
    ix->data[0] = 1; /* AssociatedTokenAccountInstruction::CreateIdempotent */
    ix->data_len = 1;
}

void sol_ix_token_transfer_checked(const uint8_t source[32], const uint8_t mint[32], const uint8_t dest[32],
                                   const uint8_t owner[32], uint64_t amount, uint8_t decimals,
                                   const uint8_t token_program[32], struct sol_instruction *ix)
{
    memset(ix, 0, sizeof *ix);
    memcpy(ix->program_id, token_program, 32);
    add_account(ix, source, 0, 1);
    add_account(ix, mint, 0, 0);
    add_account(ix, dest, 0, 1);
    add_account(ix, owner, 1, 0);
    ix->data[0] = 12; /* TokenInstruction::TransferChecked */
    put_le(ix->data + 1, amount, 8);
    ix->data[9] = decimals;
    ix->data_len = 10;
}
