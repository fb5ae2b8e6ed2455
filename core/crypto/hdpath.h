/* hdpath.h: derivation path strings such as "m/44'/60'/0'/0/0" (BIP-32 notation).
 *
 * Shared by BIP-32 and SLIP-10 so both accept exactly the same syntax. */
#ifndef STEWARD_CRYPTO_HDPATH_H
#define STEWARD_CRYPTO_HDPATH_H

#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

#define HD_HARDENED 0x80000000u /* added to an index to mark it hardened */
#define HD_PATH_MAX_DEPTH 255   /* BIP-32 serialises depth in one byte */

/* Parses "m" followed by zero or more "/<index>" components. <index> is a decimal number
 * 0..2^31-1 without sign, spaces or leading zeros, optionally followed by one of ' h H to
 * mark it hardened (HD_HARDENED is then added).
 * Out: out[0..*n): the child indices in order (cap = capacity of out).
 * Fails, naming the component, on a missing "m", an empty component ("m//0", trailing '/'),
 * a non-digit, a leading zero, an index >= 2^31 (write 2147483648 as 0' instead), more than
 * cap or HD_PATH_MAX_DEPTH components. */
int hd_path_parse(const char *path, uint32_t *out, size_t cap, size_t *n, st_err *err);

#endif
