/* slip10.h: SLIP-10 key derivation for ed25519 (Solana, NEAR).
 *
 * Master: I = HMAC-SHA512("ed25519 seed", seed); child i (hardened only, as SLIP-10 requires
 * for ed25519): I = HMAC-SHA512(chain code, 0x00 || private key || ser32(i)). The private key
 * is I[0..32), which is an ed25519 seed in RFC 8032's sense; the public key is derived by
 * libsodium's crypto_sign_seed_keypair. A slip10_node is opaque and lives in guarded memory.
 *
 * Every function taking `slip10_node **out` sets *out to a new node on success (free it with
 * slip10_free) and to NULL on failure. */
#ifndef STEWARD_CRYPTO_SLIP10_H
#define STEWARD_CRYPTO_SLIP10_H

#include <stddef.h>
#include <stdint.h>

#include "util/err.h"
#include "util/secmem.h"

typedef struct slip10_node slip10_node;

#define SLIP10_SEED_MIN 16
#define SLIP10_SEED_MAX 64

/* Master node from a 16..64-byte seed (secret). Fails on another seed length or when
 * guarded memory runs out. */
int slip10_ed25519_from_seed(const uint8_t *seed, size_t seedlen, slip10_node **out, st_err *err);

/* Hardened child `index` (must include HD_HARDENED from crypto/hdpath.h).
 * Fails for a non-hardened index (ed25519 has no public derivation), at depth 255, or when
 * guarded memory runs out. */
int slip10_ed25519_derive_child(const slip10_node *parent, uint32_t index, slip10_node **out,
                                st_err *err);

/* Follows a path such as "m/44'/501'/0'/0'" from `node` ("m" is `node` itself; syntax in
 * crypto/hdpath.h). Fails on a malformed path, on any non-hardened component (named in the
 * message), or as slip10_ed25519_derive_child. */
int slip10_ed25519_derive_path(const slip10_node *node, const char *path, slip10_node **out,
                               st_err *err);

/* The 32-byte ed25519 public key. */
void slip10_ed25519_pubkey(const slip10_node *node, uint8_t out[32]);

/* Copies the 32-byte private key (the RFC 8032 seed) into a new guarded buffer.
 * Fails only when guarded memory runs out. */
int slip10_ed25519_privkey(const slip10_node *node, secbuf *out, st_err *err);

/* Copies the 32-byte chain code (secret) into a new guarded buffer. */
int slip10_ed25519_chain_code(const slip10_node *node, secbuf *out, st_err *err);

/* The node's fingerprint, first 4 bytes of HASH160(0x00 || public key) as SLIP-10 prints
 * ed25519 keys, and the parent's fingerprint stored in the node (zero for the master). */
void slip10_ed25519_fingerprint(const slip10_node *node, uint8_t out[4]);
void slip10_ed25519_parent_fingerprint(const slip10_node *node, uint8_t out[4]);

/* Depth (0 for the master) and child number (with HD_HARDENED set). */
unsigned slip10_ed25519_depth(const slip10_node *node);
uint32_t slip10_ed25519_child_number(const slip10_node *node);

/* Wipes and frees a node; NULL is allowed. */
void slip10_free(slip10_node *node);

#endif
