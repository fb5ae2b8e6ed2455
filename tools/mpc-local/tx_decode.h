/* tx_decode.h: a borsh decoder for exactly the SignedTransaction layout core/near/near_tx.c
 * writes (near_tx.h and docs/near.md have the table):
 *
 *   Transaction       = signer_id: String ‖ public_key: PublicKey ‖ nonce: u64 ‖
 *                       receiver_id: String ‖ block_hash: [u8;32] ‖ actions: Vec<Action>
 *   PublicKey         = u8 0 (ed25519) ‖ [u8;32]
 *   Action            = u8 tag ‖ fields; decoded: 2 FunctionCall, 3 Transfer, 5 AddKey,
 *                       6 DeleteKey (any other tag is refused)
 *     FunctionCall    = method_name: String ‖ args: Vec<u8> ‖ gas: u64 ‖ deposit: u128
 *     Transfer        = deposit: u128
 *     AddKey          = PublicKey ‖ AccessKey{nonce: u64, permission: u8 1 |
 *                       u8 0 ‖ Option<u128> ‖ String ‖ Vec<String>}
 *     DeleteKey       = PublicKey
 *   SignedTransaction = Transaction ‖ u8 0 (ed25519) ‖ [u8;64]
 *
 * Every length is checked against the bytes left, strings must be valid account ids where
 * nearcore requires it (signer, receiver), and trailing bytes are an error. The decoded
 * strings and args point into a copy owned by the struct (free with tx_decoded_free). */
#ifndef STEWARD_MPC_LOCAL_TX_DECODE_H
#define STEWARD_MPC_LOCAL_TX_DECODE_H

#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

#define TXD_MAX_ACTIONS 16

struct txd_action {
    uint8_t tag;               /* 2 FunctionCall, 3 Transfer, 5 AddKey, 6 DeleteKey */
    char *method_name;         /* FunctionCall (NUL-terminated copy) */
    uint8_t *args;             /* FunctionCall (copy, NUL after it) */
    size_t args_len;
    uint64_t gas;
    uint64_t deposit_hi, deposit_lo; /* FunctionCall, Transfer */
};

struct tx_decoded {
    char *signer_id;
    uint8_t key_type;
    uint8_t public_key[32];
    uint64_t nonce;
    char *receiver_id;
    uint8_t block_hash[32];
    size_t n_actions;
    struct txd_action actions[TXD_MAX_ACTIONS];
    uint8_t sig_type;
    uint8_t signature[64];
    uint8_t hash[32];          /* SHA-256 of the Transaction bytes (the signed message) */
    size_t tx_len;             /* length of borsh(Transaction) inside the input */
};

/* Decodes borsh(SignedTransaction) from raw[0..n). Returns 0, or -1 with the reason. out is
 * always initialised (free it with tx_decoded_free even on failure). The signature is NOT
 * checked here (tx_verify_signature). */
int tx_decode_signed(const uint8_t *raw, size_t n, struct tx_decoded *out, st_err *err);

/* 1 when the ed25519 signature verifies over hash with the transaction's public key. */
int tx_verify_signature(const struct tx_decoded *tx);

void tx_decoded_free(struct tx_decoded *tx);

#endif
