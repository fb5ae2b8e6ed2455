/* keys.h: key derivation v1 (DESIGN.md, "Key derivation, version 1"). Frozen: addresses
 * derived here hold funds. A change gets a new version and keeps v1 derivable.
 *
 *   tenant seed  = root seed                                  for tenant "default"
 *                = HKDF-SHA256(ikm = root seed, salt = "steward/tenant/v1",
 *                              info = tenant id, L = 64)      for any other tenant
 *   Ethereum     = BIP-32 secp256k1  m/44'/60'/0'/0/i       EIP-55 address
 *   Bitcoin      = BIP-86            m/86'/c'/0'/0/i        c = 0 mainnet, 1 test networks;
 *                                    BIP-341 key-path-only output key, bech32m address
 *   Solana       = SLIP-10 ed25519   m/44'/501'/i'/0'       base58 address
 *
 * The root seed is the 32-byte master secret, or the 64-byte BIP-39 seed when the backup is
 * a mnemonic. Everything this header returns is public; private keys stay inside keys.c. */
#ifndef STEWARD_KEYS_KEYS_H
#define STEWARD_KEYS_KEYS_H

#include <stdint.h>

#include "config/config.h"
#include "util/err.h"
#include "util/secmem.h"

#define KEYS_SCHEME "v1"
#define KEYS_TENANT_SALT "steward/tenant/v1"

struct eth_public {
    char path[48];
    char pubkey[67];   /* compressed secp256k1 key, hex */
    char address[43];  /* EIP-55 */
};

struct btc_public {
    char path[48];
    const char *network;   /* "mainnet", "testnet", "signet", "regtest" */
    char internal_key[65]; /* x-only BIP-86 internal key, hex */
    char output_key[65];   /* x-only tweaked output key, hex */
    char address[100];     /* bech32m: bc1p / tb1p / bcrt1p */
};

struct sol_public {
    char path[48];
    char pubkey[65];   /* ed25519 public key, hex */
    char address[48];  /* base58 of the public key */
};

struct tenant_public_keys {
    char tenant[CONFIG_TENANT_ID_MAX + 1];
    uint32_t index;
    struct eth_public eth;
    struct btc_public btc;
    struct sol_public sol;
};

/* Curves a key can be on (values equal the plugin ABI's enum stw_curve). */
enum key_curve { KEY_SECP256K1 = 1, KEY_ED25519 = 2 };

/* Writes key derivation v1's path of `chain` ("eth", "btc", "sol") for index into out.
 * Returns -1 for another chain (whose plugin then defines the path) or an index >= 2^31. */
int keys_v1_path(const char *chain, uint32_t index, enum btc_network net, char *out, size_t cap);

/* The public key of a tenant at a path: 33 bytes compressed (secp256k1, BIP-32) or 32 bytes
 * (ed25519, SLIP-10, hardened steps only). *len gets 33 or 32. */
int keys_public_at(const secbuf *root_seed, const char *tenant, enum key_curve curve, const char *path,
                   uint8_t pub[33], size_t *len, st_err *err);

/* The private key of a tenant at a path, into guarded memory: the 32-byte secp256k1 secret
 * key, or the 32-byte ed25519 seed (RFC 8032 private key). For the signer only. */
int keys_private_at(const secbuf *root_seed, const char *tenant, enum key_curve curve, const char *path,
                    secbuf *priv, st_err *err);

/* Derives a tenant's 64-byte (or, for "default", root-sized) seed into guarded memory. */
int keys_tenant_seed(const secbuf *root_seed, const char *tenant, secbuf *out, st_err *err);

/* Derives the public keys and addresses of one tenant at index (< 2^31). */
int keys_derive_public(const secbuf *root_seed, const char *tenant, uint32_t index,
                       enum btc_network net, struct tenant_public_keys *out, st_err *err);

#endif
