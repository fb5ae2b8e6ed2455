/* sol_tx.h: the plugin's transaction (struct stw_tx of the ABI) and how it is built from an
 * intent once the chain's state is known.
 *
 * The builders here are pure: the caller (sol_chain.c) fetches the recent blockhash, whether
 * the destination token account exists and the rent of a new one, and passes them in. So
 * the unit tests can compare the message byte for byte with web3.js's for the same inputs.
 *
 * A transfer is one System Transfer instruction. A token transfer is
 *     [CreateIdempotent(destination ATA)] if create_ata, then TransferChecked
 * from the sender's ATA to the destination ATA (sol_instructions.h, sol_pda.h). Either
 * message has exactly one signer, the sender, who is also the fee payer. */
#ifndef STEWARD_SOL_TX_H
#define STEWARD_SOL_TX_H

#include <stddef.h>
#include <stdint.h>

#include "sol_intent.h"
#include "sol_message.h"
#include "sol_wire.h"
#include "util/err.h"

/* Base fee per signature (lamports); fixed by the protocol (fee_rate_governor). */
#define SOL_LAMPORTS_PER_SIGNATURE 5000u

struct stw_tx {
    struct sol_intent intent;
    uint8_t payer[32];
    uint8_t blockhash[32];
    uint64_t last_valid_height;

    /* token transfers */
    uint8_t source_ata[32];
    uint8_t dest_ata[32];
    int creates_ata;   /* the message has CreateIdempotent */
    uint64_t ata_rent; /* lamports the payer funds if the account is created (0 otherwise) */

    struct sol_message msg;
    uint8_t msg_bytes[SOL_PACKET_DATA_SIZE];
    size_t msg_len;
    size_t nsigs; /* signatures the message requires */
    uint64_t fee_max;

    uint8_t sigs[SOL_MAX_SIGS][SOL_SIG_LEN];
    int is_signed;
};

/* Builds a SOL transfer into tx (zeroing it first). */
int sol_tx_build_transfer(const uint8_t payer[32], const struct sol_intent *in, const uint8_t blockhash[32],
                          uint64_t last_valid_height, struct stw_tx *tx, st_err *err);

/* Builds a token transfer into tx. create_ata: add CreateIdempotent for the destination ATA;
 * ata_rent: the rent-exempt minimum the payer funds if it is created (counted in fee_max).
 * The ATAs are derived here. */
int sol_tx_build_token_transfer(const uint8_t payer[32], const struct sol_intent *in, const uint8_t blockhash[32],
                                uint64_t last_valid_height, int create_ata, uint64_t ata_rent, struct stw_tx *tx,
                                st_err *err);

/* The wire form of a signed tx into out (cap >= SOL_PACKET_DATA_SIZE suffices). */
int sol_tx_wire(const struct stw_tx *tx, uint8_t *out, size_t cap, size_t *len, st_err *err);

/* The description JSON (ABI `describe`) as a malloc'd string; NULL when memory ran out.
 * cluster: the configured cluster's name, shown in the summary. */
char *sol_tx_describe(const struct stw_tx *tx, const char *cluster);

#endif
