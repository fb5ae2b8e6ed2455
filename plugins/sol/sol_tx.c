/* sol_tx.c: see sol_tx.h. */
#include "sol_tx.h"

#include <string.h>

#include "sol_instructions.h"
#include "sol_options.h"
#include "sol_pda.h"

/* Compiles and serialises the instructions; fills the message fields and fee_max. */
static int finish(struct stw_tx *tx, const struct sol_instruction *ixs, size_t nix, st_err *err)
{
    if (sol_message_compile(tx->payer, ixs, nix, tx->blockhash, &tx->msg, err) != 0 ||
        sol_message_serialize(&tx->msg, tx->msg_bytes, sizeof tx->msg_bytes, &tx->msg_len, err) != 0)
        return -1;
    tx->nsigs = tx->msg.num_required_signatures;
    /* shortvec(#sigs) is one byte for fewer than 128 signatures */
    if (1 + tx->nsigs * SOL_SIG_LEN + tx->msg_len > SOL_PACKET_DATA_SIZE)
        return st_err_set(err, "transaction: larger than %d bytes", SOL_PACKET_DATA_SIZE);
    tx->fee_max = (uint64_t)SOL_LAMPORTS_PER_SIGNATURE * tx->nsigs + tx->ata_rent;
    return 0;
}

int sol_tx_build_transfer(const uint8_t payer[32], const struct sol_intent *in, const uint8_t blockhash[32],
                          uint64_t last_valid_height, struct stw_tx *tx, st_err *err)
{
    struct sol_instruction ix;
    memset(tx, 0, sizeof *tx);
    if (in->kind != SOL_INTENT_TRANSFER)
        return st_err_set(err, "internal: not a transfer intent");
    tx->intent = *in;
    memcpy(tx->payer, payer, 32);
    memcpy(tx->blockhash, blockhash, 32);
    tx->last_valid_height = last_valid_height;
    sol_ix_system_transfer(payer, in->to, in->amount, &ix);
    return finish(tx, &ix, 1, err);
}

int sol_tx_build_token_transfer(const uint8_t payer[32], const struct sol_intent *in, const uint8_t blockhash[32],
                                uint64_t last_valid_height, int create_ata, uint64_t ata_rent, struct stw_tx *tx,
                                st_err *err)
{
    struct sol_instruction ixs[2];
    size_t n = 0;
    memset(tx, 0, sizeof *tx);
    if (in->kind != SOL_INTENT_TOKEN_TRANSFER)
        return st_err_set(err, "internal: not a token transfer intent");
    tx->intent = *in;
    memcpy(tx->payer, payer, 32);
    memcpy(tx->blockhash, blockhash, 32);
    tx->last_valid_height = last_valid_height;
    const uint8_t *program = sol_token_program(&in->token);
    if (sol_ata_address(payer, in->token.mint, program, tx->source_ata, NULL, err) != 0 ||
        sol_ata_address(in->to, in->token.mint, program, tx->dest_ata, NULL, err) != 0)
        return -1;
    if (create_ata) {
        sol_ix_ata_create_idempotent(payer, tx->dest_ata, in->to, in->token.mint, program, &ixs[n++]);
        tx->creates_ata = 1;
        tx->ata_rent = ata_rent;
    }
    sol_ix_token_transfer_checked(tx->source_ata, in->token.mint, tx->dest_ata, payer, in->amount,
                                  (uint8_t)in->token.decimals, program, &ixs[n++]);
    return finish(tx, ixs, n, err);
}

int sol_tx_wire(const struct stw_tx *tx, uint8_t *out, size_t cap, size_t *len, st_err *err)
{
    if (!tx->is_signed)
        return st_err_set(err, "transaction: not signed");
    return sol_wire_serialize((const uint8_t(*)[SOL_SIG_LEN])tx->sigs, tx->nsigs, tx->msg_bytes, tx->msg_len, out,
                              cap, len, err);
}
