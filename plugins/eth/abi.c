/* abi.c: see abi.h. */
#include "abi.h"

#include <string.h>

#include "crypto/hash.h"

void abi_selector(const char *signature, uint8_t out[4])
{
    uint8_t h[KECCAK256_LEN];
    keccak256((const uint8_t *)signature, strlen(signature), h);
    memcpy(out, h, 4);
}

void abi_word_address(const uint8_t addr[20], uint8_t word[32])
{
    memset(word, 0, 12);
    memcpy(word + 12, addr, 20);
}

void abi_word_uint(const u256 *v, uint8_t word[32])
{
    u256_to_be(v, word);
}

void erc20_transfer_calldata(const uint8_t to[20], const u256 *amount, uint8_t out[ERC20_TRANSFER_CALLDATA_LEN])
{
    abi_selector("transfer(address,uint256)", out);
    abi_word_address(to, out + 4);
    abi_word_uint(amount, out + 36);
}

void erc20_balanceof_calldata(const uint8_t owner[20], uint8_t out[ERC20_BALANCEOF_CALLDATA_LEN])
{
    abi_selector("balanceOf(address)", out);
    abi_word_address(owner, out + 4);
}

void erc20_decimals_calldata(uint8_t out[ERC20_DECIMALS_CALLDATA_LEN])
{
    abi_selector("decimals()", out);
}
