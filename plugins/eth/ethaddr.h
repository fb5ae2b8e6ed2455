/* ethaddr.h: reading Ethereum addresses from text.
 *
 * An address is "0x" followed by 40 hex digits. EIP-55 puts a checksum in the case of the
 * letters; an address written all in lower case or all in upper case carries no checksum and
 * is accepted as is, while a mixed-case address must match its EIP-55 form exactly, so a
 * mistyped digit in a checksummed address is caught instead of sending funds to it. */
#ifndef STEWARD_ETH_ETHADDR_H
#define STEWARD_ETH_ETHADDR_H

#include <stdint.h>

#include "util/err.h"

/* The 20-byte account of a compressed secp256k1 public key: the last 20 bytes of
 * keccak256(X || Y). Returns 0, or -1 when pub33 is not a valid point.
 *
 * It works on libsecp256k1's static context, which allocates nothing: a plugin is unloaded
 * with dlclose, and a context allocated inside it (core's shared secp_ctx()) would be left
 * behind, unreachable, every time. */
int eth_account_of_pubkey(const uint8_t pub33[33], uint8_t out[20]);

/* Parses `s` into 20 bytes. `field` names the value in the error message ("to",
 * "erc20.USDC.address"). Returns 0, or -1 with err set: not a string of "0x" + 40 hex
 * digits, or mixed case that is not the EIP-55 checksum. */
int eth_address_parse(const char *s, uint8_t out[20], const char *field, st_err *err);

#endif
