/* abi.h: the Solidity contract ABI, as far as ERC-20 needs it.
 *
 * A call's data is the function selector (the first 4 bytes of keccak256 of the canonical
 * signature, e.g. "transfer(address,uint256)") followed by its arguments, each static
 * argument one 32-byte big-endian word: an address is left-padded with zeros, a uint256 is
 * its 32 bytes. The selectors are computed from the signatures rather than written as
 * constants, so the tests compare them with the published values. */
#ifndef STEWARD_ETH_ABI_H
#define STEWARD_ETH_ABI_H

#include <stdint.h>

#include "u256.h"

#define ERC20_TRANSFER_CALLDATA_LEN 68  /* selector + address + uint256 */
#define ERC20_BALANCEOF_CALLDATA_LEN 36 /* selector + address */
#define ERC20_DECIMALS_CALLDATA_LEN 4   /* selector */

/* The 4-byte selector of a canonical function signature (no spaces, canonical type names). */
void abi_selector(const char *signature, uint8_t out[4]);

/* One ABI word for an address / an unsigned integer. */
void abi_word_address(const uint8_t addr[20], uint8_t word[32]);
void abi_word_uint(const u256 *v, uint8_t word[32]);

/* Call data of ERC-20 transfer(to, amount). */
void erc20_transfer_calldata(const uint8_t to[20], const u256 *amount, uint8_t out[ERC20_TRANSFER_CALLDATA_LEN]);

/* Call data of ERC-20 balanceOf(owner). */
void erc20_balanceof_calldata(const uint8_t owner[20], uint8_t out[ERC20_BALANCEOF_CALLDATA_LEN]);

/* Call data of ERC-20 decimals(). */
void erc20_decimals_calldata(uint8_t out[ERC20_DECIMALS_CALLDATA_LEN]);

#endif
