/* bip39.h: BIP-39 mnemonics (English wordlist only) and their seeds.
 *
 * A mnemonic and its passphrase are secret. Inputs are NFKD-normalised into guarded memory
 * first; word lookups scan the whole wordlist without data-dependent branches or indexing, so
 * their timing does not depend on which words were chosen; all intermediates are wiped.
 * Error messages name the problem and at most one offending word and its position, never the
 * mnemonic. */
#ifndef STEWARD_CRYPTO_BIP39_H
#define STEWARD_CRYPTO_BIP39_H

#include <stddef.h>
#include <stdint.h>

#include "util/err.h"
#include "util/secmem.h"

#define BIP39_SEED_LEN 64

/* Checks a mnemonic: after NFKD normalisation it must be 12, 15, 18, 21 or 24 words from
 * the English wordlist (lower case), separated by single spaces (no leading, trailing or
 * doubled space; U+3000 and other compatibility spaces become U+0020 under NFKD), with a
 * valid checksum.
 * Returns 0 when valid; -1 with a message such as "23 words; expected 12, 15, 18, 21 or 24",
 * "word 7 \"abandom\" is not in the BIP-39 English wordlist" or "checksum mismatch". */
int bip39_mnemonic_check(const char *mnemonic, st_err *err);

/* The 64-byte BIP-39 seed: PBKDF2-HMAC-SHA512(NFKD(mnemonic), "mnemonic" || NFKD(passphrase),
 * 2048 rounds, 64 bytes). The mnemonic is checked first (bip39_mnemonic_check).
 * In:  mnemonic (secret); passphrase (secret; NULL means "").
 * Out: seed (secret: point it into guarded memory).
 * Fails when the mnemonic is invalid, either text is not valid UTF-8, or memory runs out. */
int bip39_mnemonic_to_seed(const char *mnemonic, const char *passphrase,
                           uint8_t seed[BIP39_SEED_LEN], st_err *err);

/* The mnemonic for `len` bytes of entropy (secret).
 * In:  entropy: len = 16, 20, 24, 28 or 32 bytes (12..24 words).
 * Out: out: a new guarded buffer holding the words separated by single spaces, NUL-terminated,
 *      out->len = strlen. Caller frees with secbuf_free.
 * Fails on another length or when guarded memory runs out. */
int bip39_mnemonic_from_entropy(const uint8_t *entropy, size_t len, secbuf *out, st_err *err);

#endif
