/* bip32.h: BIP-32 hierarchical deterministic keys on secp256k1.
 *
 * A bip32_node is opaque and lives entirely in libsodium guarded memory, since its private
 * key and chain code are secret; it is wiped when freed. A node is either private (it has a
 * private key; its public key is derived from it) or public-only (from an xpub or
 * bip32_neuter). The curve arithmetic is libsecp256k1's constant-time code; the HMAC and
 * every stack temporary are wiped. Extended keys use the mainnet versions only
 * (xprv 0x0488ADE4, xpub 0x0488B21E). SLIP-10 for secp256k1 is the same scheme.
 *
 * Every function taking `bip32_node **out` sets *out to a new node on success (free it with
 * bip32_free) and to NULL on failure. */
#ifndef STEWARD_CRYPTO_BIP32_H
#define STEWARD_CRYPTO_BIP32_H

#include <stddef.h>
#include <stdint.h>

#include "util/err.h"
#include "util/secmem.h"

typedef struct bip32_node bip32_node;

#define BIP32_SEED_MIN 16
#define BIP32_SEED_MAX 64
#define BIP32_XKEY_BUFSZ 113 /* 82 bytes in base58 is at most 112 characters, plus NUL */

/* Master node from a seed: I = HMAC-SHA512("Bitcoin seed", seed); private key = I[0..32),
 * chain code = I[32..64).
 * In:  seed: 16..64 bytes (secret).
 * Fails on a seed of another length or if I[0..32) is 0 or >= n (probability < 2^-127; the
 * BIP says the seed is then unusable), or when guarded memory runs out. */
int bip32_from_seed(const uint8_t *seed, size_t seedlen, bip32_node **out, st_err *err);

/* Child `index` of `parent` (index >= HD_HARDENED from crypto/hdpath.h means hardened).
 * A private parent gives a private child (hardened or not); a public-only parent gives a
 * public-only child and cannot derive hardened children.
 * Fails for a hardened index on a public-only parent, at depth 255, or when the derived key
 * is invalid (IL >= n, or a zero key / point at infinity: probability < 2^-127; BIP-32 then
 * says to use the next index, which is left to the caller). */
int bip32_derive_child(const bip32_node *parent, uint32_t index, bip32_node **out, st_err *err);

/* Follows a path such as "m/44'/60'/0'/0/0" (syntax in crypto/hdpath.h) from `node`; "m"
 * stands for `node` itself, whatever its depth, so "m" alone returns a copy.
 * Fails on a malformed path (the message names the component) or as bip32_derive_child. */
int bip32_derive_path(const bip32_node *node, const char *path, bip32_node **out, st_err *err);

/* A public-only copy of `node` (same depth, parent fingerprint, index, chain code, public key).
 * Fails only when guarded memory runs out. */
int bip32_neuter(const bip32_node *node, bip32_node **out, st_err *err);

/* 1 if the node holds a private key, 0 if it is public-only. */
int bip32_has_private(const bip32_node *node);

/* The compressed SEC1 public key (33 bytes, prefix 02 or 03). */
void bip32_pubkey(const bip32_node *node, uint8_t out[33]);

/* Copies the 32-byte private key into a new guarded buffer (caller frees with secbuf_free).
 * Fails for a public-only node or when guarded memory runs out. */
int bip32_privkey(const bip32_node *node, secbuf *out, st_err *err);

/* Copies the 32-byte chain code into a new guarded buffer. It is secret for private nodes
 * (with one child private key it yields the parent's) and sensitive for public ones (it
 * links all non-hardened children). Fails only when guarded memory runs out. */
int bip32_chain_code(const bip32_node *node, secbuf *out, st_err *err);

/* The node's own fingerprint: the first 4 bytes of HASH160(public key). */
void bip32_fingerprint(const bip32_node *node, uint8_t out[4]);

/* The parent's fingerprint as stored in the node (zero for a master node). */
void bip32_parent_fingerprint(const bip32_node *node, uint8_t out[4]);

/* Depth (0 for a master node) and child number (with HD_HARDENED set for hardened ones). */
unsigned bip32_depth(const bip32_node *node);
uint32_t bip32_child_number(const bip32_node *node);

/* The extended public key ("xpub...") as a NUL-terminated string; works on any node. */
void bip32_to_xpub(const bip32_node *node, char out[BIP32_XKEY_BUFSZ]);

/* The extended private key ("xprv...") in a new guarded buffer, NUL-terminated, out->len =
 * strlen. Fails for a public-only node or when guarded memory runs out. */
int bip32_to_xprv(const bip32_node *node, secbuf *out, st_err *err);

/* Parses an xprv or xpub (the input may be secret; the decoded bytes are wiped).
 * Rejects, with a message naming the reason: a bad base58 character or checksum ("checksum
 * mismatch"), a length other than 78 bytes, an unknown version, an xpub holding a private
 * key or an xprv holding a public key ("version / key mismatch"), a public key prefix other
 * than 02/03 or a private key prefix other than 00, depth 0 with a non-zero parent
 * fingerprint or child index, a private key of 0 or >= n, a public key that is not on the
 * curve. */
int bip32_from_xkey(const char *xkey, bip32_node **out, st_err *err);

/* Wipes and frees a node; NULL is allowed. */
void bip32_free(bip32_node *node);

#endif
