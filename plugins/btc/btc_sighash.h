/* btc_sighash.h: the BIP-341 signature hash for taproot key-path spends.
 *
 *   sighash = tagged_hash("TapSighash", SigMsg), with SigMsg =
 *     epoch 0x00 || hash_type || nVersion || nLockTime
 *     || [sha_prevouts || sha_amounts || sha_scriptpubkeys || sha_sequences]  unless ANYONECANPAY
 *     || [sha_outputs]                                              unless NONE or SINGLE
 *     || spend_type (0: key path, no annex)
 *     || ANYONECANPAY ? outpoint || amount || scriptPubKey || nSequence : input_index
 *     || [sha_single_output]                                         if SINGLE
 * where every sha_* is a single SHA-256 over the concatenated fields of all inputs/outputs.
 * Script-path spends (ext_flag 1) and annexes are not produced by this plugin and are not
 * supported here.
 *
 * The hash types are those of BIP-341: 0x00 (DEFAULT, which signs like ALL and lets the
 * witness carry a 64-byte signature), 0x01 ALL, 0x02 NONE, 0x03 SINGLE and the ANYONECANPAY
 * (0x80) variants 0x81, 0x82, 0x83. */
#ifndef STEWARD_BTC_SIGHASH_H
#define STEWARD_BTC_SIGHASH_H

#include <stddef.h>
#include <stdint.h>

#include "btc_tx.h"
#include "util/err.h"

#define BTC_SIGHASH_DEFAULT 0x00
#define BTC_SIGHASH_ALL 0x01
#define BTC_SIGHASH_NONE 0x02
#define BTC_SIGHASH_SINGLE 0x03
#define BTC_SIGHASH_ANYONECANPAY 0x80

/* The output an input spends: BIP-341 commits to every spent amount and scriptPubKey. */
struct btc_prevout {
    uint64_t value;
    const uint8_t *script;
    size_t script_len;
};

/* The per-transaction hashes every input's SigMsg shares. */
struct btc_sighash_cache {
    uint8_t sha_prevouts[32];
    uint8_t sha_amounts[32];
    uint8_t sha_scriptpubkeys[32];
    uint8_t sha_sequences[32];
    uint8_t sha_outputs[32];
};

/* Computes the cache for tx, whose input i spends prevouts[i] (tx->n_in entries).
 * Fails only on allocation failure. */
int btc_sighash_precompute(const struct btc_tx *tx, const struct btc_prevout *prevouts,
                           struct btc_sighash_cache *cache, st_err *err);

/* The SigMsg (including the leading epoch byte) and the sighash of input `index`.
 * In:  cache from btc_sighash_precompute for the same tx and prevouts.
 * Out: sighash (32 bytes); sigmsg (may be NULL): a btc_buf the SigMsg is appended to (for
 *      tests and diagnostics).
 * Fails on an invalid hash_type, index >= tx->n_in, SINGLE without an output at `index`
 * (BIP-341 makes that signature invalid, unlike legacy's "1" hash), or allocation failure. */
struct btc_buf;
int btc_sighash_taproot(const struct btc_tx *tx, const struct btc_prevout *prevouts,
                        const struct btc_sighash_cache *cache, size_t index, uint8_t hash_type,
                        struct btc_buf *sigmsg, uint8_t sighash[32], st_err *err);

#endif
