/* eip191.h: EIP-191 version 0x45 ("E"), the personal_sign message hash.
 *
 *     keccak256("\x19Ethereum Signed Message:\n" || decimal(len(message)) || message)
 *
 * The prefix makes a signed message impossible to mistake for a transaction (whose RLP
 * cannot start with 0x19). The message is any bytes; wallets show text as text. */
#ifndef STEWARD_ETH_EIP191_H
#define STEWARD_ETH_EIP191_H

#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

/* The digest personal_sign signs. msg may be NULL when len is 0. Fails only when out of
 * memory. */
int eip191_personal_hash(const uint8_t *msg, size_t len, uint8_t out[32], st_err *err);

#endif
