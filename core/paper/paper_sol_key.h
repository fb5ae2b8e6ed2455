/* paper_sol_key.h: the Solana key arithmetic the paper sol node needs to answer for
 * associated token accounts: base58 text of keys and signatures, the runtime's "on the
 * ed25519 curve" rule, and the associated token account (ATA) of a wallet for a mint.
 * Internal to core/paper.
 *
 * Base58 is steward's own (core/crypto/base58.h: steward_paper links steward_crypto); the two
 * functions below only adapt it to what the node needs (no error text, an exact decoded
 * length, NULL text refused). The on-curve rule is written here: neither core/crypto nor
 * libsodium has it (see paper_sol_on_curve), and the one in the sol plugin
 * (plugins/sol/sol_curve.c) lives in the plugin's library steward_sol, which no core library
 * links. test_paper_sol.c checks the on-curve rule and the ATAs against the sol plugin's own
 * implementation (plugins/sol/sol_pda.c, sol_curve.c).
 *
 * The rules are the runtime's (docs/plugins/sol.md):
 *   on the curve  y = the 32 bytes little-endian with the top bit cleared, reduced mod
 *                 p = 2^255 - 19; on the curve iff (y^2 - 1)(d y^2 + 1) is 0 or a square
 *                 mod p (curve25519-dalek's CompressedEdwardsY::decompress succeeds).
 *   ATA           the first bump b = 255, 254, ... 1 for which SHA-256(owner || token
 *                 program || mint || b || ATA program || "ProgramDerivedAddress") is NOT on
 *                 the curve. */
#ifndef STEWARD_PAPER_SOL_KEY_H
#define STEWARD_PAPER_SOL_KEY_H

#include <stddef.h>
#include <stdint.h>

#define PAPER_SOL_ADDR_MAX 45 /* 44 base58 characters + NUL */
#define PAPER_SOL_SIG_MAX 90  /* 88 + NUL */

/* The program ids, as base58 text. */
#define PAPER_SOL_SYSTEM_PROGRAM "11111111111111111111111111111111"
#define PAPER_SOL_TOKEN_PROGRAM "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA"
#define PAPER_SOL_TOKEN_2022_PROGRAM "TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb"
#define PAPER_SOL_ATA_PROGRAM "ATokenGPvbdGVxr1b2hvZbsiqW5xWH25efTNsLJA8knL"

/* base58_encode (core/crypto/base58.h) without an error message: the base58 text of len
 * (<= BASE58_MAX_BYTES) bytes into out; -1 when len is too large or cap is too small (out is
 * then an empty string if cap > 0). */
int paper_sol_b58_encode(const uint8_t *in, size_t len, char *out, size_t cap);

/* base58_decode (core/crypto/base58.h) of text that must give exactly `want` (<= 64) bytes;
 * -1 on anything else (NULL, empty, a character outside the alphabet, another length), and
 * out is then left as it was. */
int paper_sol_b58_decode(const char *text, uint8_t *out, size_t want);

/* 1 when enc is on the curve under the runtime's rule above, 0 when not. Not libsodium's
 * crypto_core_ed25519_is_valid_point, which answers another question (paper_sol_key.c). */
int paper_sol_on_curve(const uint8_t enc[32]);

/* The ATA of owner for mint under the Token program (token_2022 0) or Token-2022 (1).
 * Returns 0, or -1 when no bump gives an address off the curve (probability ~2^-255). */
int paper_sol_ata(const uint8_t owner[32], const uint8_t mint[32], int token_2022, uint8_t out[32]);

#endif
