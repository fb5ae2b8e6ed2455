/* near_tx.h: NEAR transactions — building, borsh serialisation, hashing and ed25519 signing —
 * plus the text formats around them (account ids, "ed25519:<base58>" keys, yoctoNEAR amounts).
 *
 * Wire layout (borsh, see borsh.h), as nearcore's `Transaction::V0` / `SignedTransaction`:
 *
 *   Transaction      = signer_id: String, public_key: PublicKey, nonce: u64,
 *                      receiver_id: String, block_hash: [u8; 32], actions: Vec<Action>
 *   PublicKey        = u8 key type (0 = ed25519) ‖ [u8; 32]
 *   Action           = u8 tag ‖ fields; the tags are nearcore's enum order:
 *                      0 CreateAccount, 1 DeployContract, 2 FunctionCall, 3 Transfer, 4 Stake,
 *                      5 AddKey, 6 DeleteKey, 7 DeleteAccount, 8 Delegate. This module writes
 *                      2, 3, 5 and 6:
 *     FunctionCall   = method_name: String, args: Vec<u8>, gas: u64, deposit: u128
 *     Transfer       = deposit: u128
 *     AddKey         = public_key: PublicKey, access_key: AccessKey
 *     DeleteKey      = public_key: PublicKey
 *   AccessKey        = nonce: u64, permission: u8 tag ‖ fields, with
 *                      0 FunctionCall{allowance: Option<u128>, receiver_id: String,
 *                                     method_names: Vec<String>}, 1 FullAccess
 *   SignedTransaction= Transaction ‖ Signature
 *   Signature        = u8 key type (0 = ed25519) ‖ [u8; 64]
 *
 * The transaction hash (what the RPC calls the tx hash, shown in base58) is
 * SHA-256(borsh(Transaction)); the ed25519 signature is over those 32 bytes, not over the
 * serialised transaction. send_tx takes base64(borsh(SignedTransaction)).
 *
 * Every function that serialises checks its input first (account ids, method names present,
 * key types), so a malformed transaction is an error here, not a refusal from the network. */
#ifndef STEWARD_NEAR_TX_H
#define STEWARD_NEAR_TX_H

#include <stddef.h>
#include <stdint.h>

#include "near/borsh.h"
#include "util/bytebuf.h"
#include "util/err.h"

#define NEAR_KEY_ED25519 0
#define NEAR_HASH_LEN 32
#define NEAR_ED25519_PK_LEN 32
#define NEAR_ED25519_SIG_LEN 64
#define NEAR_ED25519_SK_LEN 64 /* libsodium's secret key: seed ‖ public key */
#define NEAR_ACCOUNT_ID_MIN 2
#define NEAR_ACCOUNT_ID_MAX 64
/* "ed25519:" + at most 44 base58 characters + NUL. */
#define NEAR_PUBKEY_TEXT_MAX 56
/* base58 of a 32-byte hash: at most 44 characters + NUL. */
#define NEAR_HASH_TEXT_MAX 48
/* 2^128-1 has 39 decimal digits. */
#define NEAR_U128_TEXT_MAX 40

struct near_pubkey {
    uint8_t type; /* NEAR_KEY_ED25519, the only type this module writes */
    uint8_t key[NEAR_ED25519_PK_LEN];
};

enum near_action_kind {
    NEAR_ACTION_FUNCTION_CALL = 2,
    NEAR_ACTION_TRANSFER = 3,
    NEAR_ACTION_ADD_KEY = 5,
    NEAR_ACTION_DELETE_KEY = 6,
};

/* One action. Only the fields of its kind are read; the strings and arrays are borrowed
 * (the caller keeps them alive while the transaction is serialised). */
struct near_action {
    enum near_action_kind kind;
    /* FunctionCall */
    const char *method_name;       /* non-NULL, non-empty */
    const uint8_t *args;           /* may be NULL when args_len is 0 */
    size_t args_len;
    uint64_t gas;
    near_u128 deposit;             /* FunctionCall and Transfer */
    /* AddKey and DeleteKey */
    struct near_pubkey public_key;
    /* AddKey's AccessKey */
    uint64_t ak_nonce;
    int full_access;               /* 1: FullAccess; 0: FunctionCall permission below */
    int has_allowance;             /* 0: allowance None (unlimited) */
    near_u128 allowance;
    const char *fc_receiver_id;    /* a valid account id */
    const char *const *method_names; /* n_method_names strings (none: any method) */
    size_t n_method_names;
};

struct near_tx {
    const char *signer_id;
    struct near_pubkey public_key;
    uint64_t nonce;
    const char *receiver_id;
    uint8_t block_hash[NEAR_HASH_LEN];
    const struct near_action *actions;
    size_t n_actions;
};

/* A signed transaction: its bytes, hash and signature. Free with near_signed_tx_free. */
struct near_signed_tx {
    struct bytebuf bytes;            /* borsh(SignedTransaction) */
    uint8_t hash[NEAR_HASH_LEN];     /* SHA-256(borsh(Transaction)) */
    uint8_t signature[NEAR_ED25519_SIG_LEN];
};

/* ---- text formats -------------------------------------------------------------------- */

/* 1 when s is a valid NEAR account id, else 0. The rules (nearcore's near-account-id):
 * 2 to 64 characters; only a-z, 0-9 and the separators '.', '-', '_'; it neither starts nor
 * ends with a separator and no two separators are adjacent. Named accounts ("alice.near"),
 * implicit accounts (64 lower-case hex digits) and eth-implicit ones ("0x" + 40 hex) all
 * fall under these rules; upper-case hex is not a valid account id. */
int near_account_id_valid(const char *s);
/* The same check, failing with a message that names `what` and the first broken rule. */
int near_account_id_check(const char *s, const char *what, st_err *err);

/* Parses "ed25519:<base58 of exactly 32 bytes>". Other key types (secp256k1:) are refused. */
int near_pubkey_parse(const char *text, struct near_pubkey *out, st_err *err);
/* Writes "ed25519:<base58>" into out (NEAR_PUBKEY_TEXT_MAX bytes). */
void near_pubkey_format(const struct near_pubkey *pk, char out[NEAR_PUBKEY_TEXT_MAX]);
/* The public key of a libsodium ed25519 secret key (its second half). */
void near_pubkey_from_sk(const uint8_t sk[NEAR_ED25519_SK_LEN], struct near_pubkey *out);

/* Parses a yoctoNEAR amount: a plain decimal integer string, 1 to 39 digits, no sign, no
 * point, no exponent, no spaces, no leading zero unless the value is "0", at most
 * 2^128-1 = 340282366920938463463374607431768211455. Exact: no floating point anywhere. */
int near_u128_parse(const char *s, near_u128 *out, st_err *err);
/* Writes the decimal form (no leading zeros) into out (NEAR_U128_TEXT_MAX bytes). */
void near_u128_format(near_u128 v, char out[NEAR_U128_TEXT_MAX]);

/* base58 of a 32-byte hash (block hashes and tx hashes in RPC text). */
void near_hash_format(const uint8_t hash[NEAR_HASH_LEN], char out[NEAR_HASH_TEXT_MAX]);
/* Parses a base58 32-byte hash. */
int near_hash_parse(const char *text, uint8_t out[NEAR_HASH_LEN], st_err *err);

/* ---- serialisation and signing ------------------------------------------------------- */

/* Appends borsh(Transaction) to out (out->oom is checked: an allocation failure fails).
 * Fails, leaving out with unspecified extra bytes, on an invalid account id (signer, receiver,
 * a FunctionCall permission's receiver), a missing method name, an unknown action kind or
 * key type. */
int near_tx_serialize(const struct near_tx *tx, struct bytebuf *out, st_err *err);

/* hash = SHA-256(borsh(Transaction)). */
int near_tx_hash(const struct near_tx *tx, uint8_t hash[NEAR_HASH_LEN], st_err *err);

/* Appends borsh(SignedTransaction) given a signature made elsewhere. */
int near_signed_tx_serialize(const struct near_tx *tx, const uint8_t sig[NEAR_ED25519_SIG_LEN],
                             struct bytebuf *out, st_err *err);

/* Signs tx with an ed25519 key held by the caller as a libsodium secret key (64 bytes:
 * seed ‖ public key). The key's public half must equal tx->public_key (a transaction signed
 * by another key than it names would be refused by the network: refused here instead).
 * Out: out (initialised by this call; free with near_signed_tx_free even on failure). */
int near_tx_sign(const struct near_tx *tx, const uint8_t sk[NEAR_ED25519_SK_LEN], struct near_signed_tx *out,
                 st_err *err);

void near_signed_tx_free(struct near_signed_tx *s);

/* base64 (standard alphabet, padded) of n bytes, malloc'd NUL-terminated; NULL on OOM. */
char *near_base64(const uint8_t *p, size_t n);
/* Decodes standard padded base64 (whitespace not allowed); *out is malloc'd with a NUL after
 * the *outlen bytes, so text results can be used as C strings. */
int near_base64_decode(const char *s, uint8_t **out, size_t *outlen, st_err *err);

#endif
