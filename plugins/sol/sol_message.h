/* sol_message.h: legacy Solana transaction messages: compiling instructions into one and
 * serialising it.
 *
 * Wire form of a legacy message:
 *     header: num_required_signatures, num_readonly_signed, num_readonly_unsigned (u8 each)
 *     shortvec(#keys) || keys (32 bytes each)
 *     recent_blockhash (32 bytes)
 *     shortvec(#instructions) || for each: program_id_index (u8) ||
 *         shortvec(#accounts) || account indexes (u8 each) || shortvec(#data) || data
 *
 * Account ordering. The keys are laid out in four classes, which the header describes:
 *     writable signers | readonly signers | writable non-signers | readonly non-signers
 * with the fee payer first. Within a class the order is not fixed by the protocol; steward
 * uses the rule of @solana/web3.js's Message.compile / TransactionMessage
 * .compileToLegacyMessage (CompiledKeys), so that its messages equal web3.js's byte for
 * byte (tests/vectors/sol_messages.json):
 *     1. first appearance order over: the fee payer, then for each instruction in order its
 *        program id, then its accounts in order;
 *     2. each key appears once; its flags are the OR of every mention (a key that is
 *        writable in one instruction and readonly in another is writable; the payer is a
 *        writable signer);
 *     3. the keys are split into the four classes, each keeping the order of rule 1.
 * (The Rust SDK's Message::new sorts within a class by key bytes and web3.js's older
 * Transaction class by a locale comparison of the base58 text; all are valid for the
 * runtime, which only reads the classes from the header.) */
#ifndef STEWARD_SOL_MESSAGE_H
#define STEWARD_SOL_MESSAGE_H

#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

#define SOL_MAX_KEYS 64
#define SOL_MAX_INSTRUCTIONS 8
#define SOL_MAX_IX_ACCOUNTS 16
#define SOL_MAX_IX_DATA 64
/* The largest transaction the network accepts (IPv6 MTU 1280 - 48 bytes of headers). */
#define SOL_PACKET_DATA_SIZE 1232

struct sol_account_meta {
    uint8_t pubkey[32];
    int is_signer;
    int is_writable;
};

/* An instruction before compilation: the program and its accounts by key. */
struct sol_instruction {
    uint8_t program_id[32];
    struct sol_account_meta accounts[SOL_MAX_IX_ACCOUNTS];
    size_t naccounts;
    uint8_t data[SOL_MAX_IX_DATA];
    size_t data_len;
};

/* An instruction after compilation: keys replaced by indexes into the message's keys. */
struct sol_compiled_ix {
    uint8_t program_index;
    uint8_t accounts[SOL_MAX_IX_ACCOUNTS];
    size_t naccounts;
    uint8_t data[SOL_MAX_IX_DATA];
    size_t data_len;
};

struct sol_message {
    uint8_t num_required_signatures;
    uint8_t num_readonly_signed;
    uint8_t num_readonly_unsigned;
    uint8_t keys[SOL_MAX_KEYS][32];
    size_t nkeys;
    uint8_t blockhash[32];
    struct sol_compiled_ix ix[SOL_MAX_INSTRUCTIONS];
    size_t nix;
};

/* Compiles instructions into a message paid for by `payer` (ordering rules above).
 * Fails when there is no instruction or more than SOL_MAX_INSTRUCTIONS, when an
 * instruction has more accounts or data than the limits, when more than SOL_MAX_KEYS
 * distinct keys are needed, or when a program id is the fee payer (the runtime refuses
 * index 0 as a program). */
int sol_message_compile(const uint8_t payer[32], const struct sol_instruction *ixs, size_t nix,
                        const uint8_t blockhash[32], struct sol_message *m, st_err *err);

/* Serialises m into out[0..cap); *len gets its length. Fails when cap is too small. */
int sol_message_serialize(const struct sol_message *m, uint8_t *out, size_t cap, size_t *len, st_err *err);

/* Parses exactly `len` bytes as a legacy message, as strictly as the runtime sanitises one:
 * a versioned message (top bit of the first byte set), a truncated or trailing field, a
 * header that does not fit the key count (no signer, readonly signers taking every signer,
 * more readonly unsigned keys than unsigned keys), duplicate keys, or an instruction whose
 * indexes fall outside the keys or whose program index is 0 (the payer) are refused. */
int sol_message_parse(const uint8_t *in, size_t len, struct sol_message *m, st_err *err);

/* 1 if key i of m is a signer / writable, from the header, as the runtime reads it. */
int sol_message_is_signer(const struct sol_message *m, size_t i);
int sol_message_is_writable(const struct sol_message *m, size_t i);

#endif
