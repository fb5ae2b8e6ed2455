/* addresses.h: chain addresses from public keys (derivation scheme v1, DESIGN.md).
 *
 * Everything here is public data. The functions return 0 on success and -1 on failure
 * without an st_err: the only failures are an invalid key or argument and a too-small
 * buffer, which the contracts below list. */
#ifndef STEWARD_CRYPTO_ADDRESSES_H
#define STEWARD_CRYPTO_ADDRESSES_H

#include <stddef.h>
#include <stdint.h>

#define ETH_ADDRESS_BUFSZ 43 /* "0x" + 40 hex digits + NUL */
#define BTC_P2TR_ADDRESS_BUFSZ 65 /* "bcrt" "1" "p" + 52 data + 6 checksum characters + NUL */
#define SOL_ADDRESS_BUFSZ 45 /* 32 bytes in base58: at most 44 characters + NUL */

/* EIP-55 checksummed address for a 20-byte account: "0x" + hex where a letter is upper case
 * when the matching nibble of keccak256(lower-case hex) is 8 or more. Cannot fail. */
void eth_address_checksum(const uint8_t addr[20], char out[ETH_ADDRESS_BUFSZ]);

/* Ethereum address of a compressed secp256k1 public key: the last 20 bytes of
 * keccak256(X || Y) of the uncompressed point, EIP-55 checksummed.
 * Fails (-1, out set to "") when pub33 is not a valid compressed point. */
int eth_address_from_pubkey(const uint8_t pub33[33], char out[ETH_ADDRESS_BUFSZ]);

/* BIP-341 output key for an internal x-only key and an optional script tree:
 * Q = P + t*G, t = tagged_hash("TapTweak", P || merkle_root), P the even-Y point with the
 * given X. merkle_root NULL means key-path only (t = tagged_hash("TapTweak", P)), which is
 * what BIP-86 wallets use.
 * Out: out_xonly: X of Q; parity (may be NULL): 1 if Q's Y is odd (needed for script-path
 *      control blocks and for tweaking the private key consistently).
 * Fails when internal_xonly is not the X of a curve point, or t >= n / Q is infinity
 * (negligible probability). */
int taproot_tweak_pubkey(const uint8_t internal_xonly[32], const uint8_t *merkle_root,
                         uint8_t out_xonly[32], int *parity);

/* Key-path-only output key, taproot_tweak_pubkey(internal_xonly, NULL, ...). */
int taproot_output_key(const uint8_t internal_xonly[32], uint8_t out_xonly[32], int *parity);

/* Bech32m (BIP-350) segwit v1 address of a taproot output key.
 * In:  hrp: "bc" (mainnet), "tb" (testnet and signet) or "bcrt" (regtest); nothing else.
 * Fails on another HRP, an output key that is not a valid x-only point, or cap too small
 * (BTC_P2TR_ADDRESS_BUFSZ always suffices). */
int btc_p2tr_address(const uint8_t out_xonly[32], const char *hrp, char *out, size_t cap);

/* Solana address: the base58 encoding of the 32-byte ed25519 public key. Not checked to be
 * on the curve (program-derived addresses are deliberately not). Fails only when cap is too
 * small (SOL_ADDRESS_BUFSZ always suffices). */
int sol_address(const uint8_t pub[32], char *out, size_t cap);

#endif
