/* btc_tx.h: Bitcoin transactions: the in-memory form, serialisation (BIP-144 segwit and
 * legacy), parsing, weight/vsize (BIP-141) and the txid/wtxid.
 *
 * A btc_tx is a view: script and witness bytes are pointers into memory that the owner of
 * the btc_tx keeps alive (the plugin's transaction object, or the raw bytes given to
 * btc_tx_parse). Only the input, output and witness arrays belong to the btc_tx, and only when
 * btc_tx_parse made them (release them with btc_tx_clear). Identifiers are held in internal
 * byte order (as serialised); explorers show them reversed (btc_hash_to_hex). */
#ifndef STEWARD_BTC_TX_H
#define STEWARD_BTC_TX_H

#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

struct btc_bytes {
    const uint8_t *p;
    size_t n;
};

struct btc_txin {
    uint8_t prev_txid[32];          /* internal byte order */
    uint32_t prev_vout;
    const uint8_t *script_sig;      /* empty for segwit spends */
    size_t script_sig_len;
    uint32_t sequence;
    const struct btc_bytes *witness; /* n_witness stack items */
    size_t n_witness;
};

struct btc_txout {
    uint64_t value;                 /* satoshis */
    const uint8_t *script;          /* scriptPubKey */
    size_t script_len;
};

struct btc_tx {
    uint32_t version;
    uint32_t locktime;
    struct btc_txin *in;
    size_t n_in;
    struct btc_txout *out;
    size_t n_out;
};

/* Standardness limit of Bitcoin Core (MAX_STANDARD_TX_WEIGHT): larger transactions are not
 * relayed, so the plugin never builds one. */
#define BTC_MAX_STANDARD_WEIGHT 400000u

/* 1 if any input has a witness (then the segwit serialisation is used). */
int btc_tx_has_witness(const struct btc_tx *tx);

/* Appends the serialisation to *out: with_witness 1 gives BIP-144's
 * version || 0x00 0x01 || inputs || outputs || witnesses || locktime when some input has a
 * witness (the legacy form otherwise, as BIP-144 requires); with_witness 0 the legacy form
 * version || inputs || outputs || locktime that the txid commits to.
 * Out: out (a btc_buf, see btc_buf.h; check btc_buf_ok). */
struct btc_buf;
void btc_tx_serialize(const struct btc_tx *tx, int with_witness, struct btc_buf *out);

/* Weight (BIP-141): 3 * legacy size + full size, computed from the serialisation. */
uint64_t btc_tx_weight(const struct btc_tx *tx);

/* Virtual size: weight / 4 rounded up. */
uint64_t btc_tx_vsize(const struct btc_tx *tx);

/* txid = SHA256d(legacy serialisation), wtxid = SHA256d(full serialisation), internal order.
 * Fail only on allocation failure. */
int btc_tx_txid(const struct btc_tx *tx, uint8_t out[32], st_err *err);
int btc_tx_wtxid(const struct btc_tx *tx, uint8_t out[32], st_err *err);

/* The 64 hex digits explorers show for a txid/wtxid/block hash: the bytes reversed. */
void btc_hash_to_hex(const uint8_t h[32], char out[65]);
/* The inverse; fails (-1) unless hex is exactly 64 hex digits. */
int btc_hash_from_hex(const char *hex, uint8_t out[32]);

/* Parses a serialised transaction (legacy, or BIP-144 segwit when the byte after the version
 * is the 0x00 marker followed by flag 0x01). Every byte must be consumed; CompactSizes must be
 * canonical; a segwit serialisation must have at least one non-empty witness (BIP-144).
 * Out: tx, whose pointers point into raw (keep raw alive) and whose arrays are malloc'd.
 * Fails with a message naming the part that is malformed. */
int btc_tx_parse(const uint8_t *raw, size_t len, struct btc_tx *tx, st_err *err);

/* Releases what btc_tx_parse allocated and zeroes tx. */
void btc_tx_clear(struct btc_tx *tx);

#endif
