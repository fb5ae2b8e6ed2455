/* bech32.h: Bech32 (BIP-173) and Bech32m (BIP-350) strings, and segwit addresses.
 *
 * All data here is public (addresses), so nothing is constant-time. Decoders follow the
 * BIPs strictly: at most 90 characters, characters 33..126, no mixed case, a non-empty HRP,
 * at least 6 checksum characters; they report which rule a string broke. */
#ifndef STEWARD_CRYPTO_BECH32_H
#define STEWARD_CRYPTO_BECH32_H

#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

typedef enum {
    BECH32_VARIANT_BECH32 = 1,  /* BIP-173 checksum constant 1 (segwit v0) */
    BECH32_VARIANT_BECH32M = 2, /* BIP-350 checksum constant 0x2bc830a3 (segwit v1+) */
} bech32_variant;

#define BECH32_MAX_LEN 90         /* characters, excluding the NUL */
#define BECH32_MAX_HRP 83         /* characters */
#define SEGWIT_PROGRAM_MAX 40     /* bytes */

/* Encodes hrp || '1' || data || checksum in lower case.
 * In:  hrp: 1..83 characters in 33..126, none upper case; data: datalen 5-bit values
 *      (each 0..31); variant: which checksum.
 * Out: out: NUL-terminated string (cap >= strlen(hrp) + datalen + 8 suffices).
 * Fails on an invalid HRP, a data value above 31, a result longer than 90 characters, or a
 * too-small buffer. */
int bech32_encode(char *out, size_t cap, const char *hrp, const uint8_t *data, size_t datalen,
                  bech32_variant variant, st_err *err);

/* Decodes a Bech32 or Bech32m string.
 * Out: hrp: the HRP in lower case, NUL-terminated (hrpcap >= 84 is always enough);
 *      data[0..*datalen): the 5-bit values without the checksum (datacap >= 84 always enough);
 *      variant: which checksum verified.
 * Fails when any BIP-173 rule is broken or neither checksum verifies. */
int bech32_decode(const char *str, char *hrp, size_t hrpcap, uint8_t *data, size_t datacap,
                  size_t *datalen, bech32_variant *variant, st_err *err);

/* Encodes a segwit address: witness version 0..16 and a 2..40-byte program (20 or 32 for v0),
 * Bech32 for v0 and Bech32m for v1+ (BIP-350).
 * Out: out: NUL-terminated lower-case address; cap >= 91 always suffices. */
int segwit_addr_encode(char *out, size_t cap, const char *hrp, int witver, const uint8_t *prog,
                       size_t proglen, st_err *err);

/* Decodes a segwit address and checks it against the expected HRP (e.g. "bc", "tb", "bcrt";
 * compared case-insensitively, since an address may be written in upper case).
 * Out: witver: 0..16; prog[0..*proglen): the witness program (prog must hold 40 bytes).
 * Fails on a Bech32 error, another HRP, a witness version above 16, the wrong checksum
 * variant for the version, a bad 5-to-8-bit conversion (more than 4 bits of padding or
 * non-zero padding), or a program length outside 2..40 (20 or 32 for v0). */
int segwit_addr_decode(const char *addr, const char *hrp, int *witver,
                       uint8_t prog[SEGWIT_PROGRAM_MAX], size_t *proglen, st_err *err);

#endif
