/* btc_script.h: output scripts (scriptPubKeys) of addresses, and their dust limits.
 *
 * Destinations the plugin pays to:
 *   P2WPKH  bech32  v0, 20-byte program   OP_0 <20>            22 bytes
 *   P2WSH   bech32  v0, 32-byte program   OP_0 <32>            34 bytes
 *   P2TR    bech32m v1, 32-byte program   OP_1 <32>            34 bytes
 *   P2PKH   base58check, version p2pkh    OP_DUP OP_HASH160 <20> OP_EQUALVERIFY OP_CHECKSIG  25
 *   P2SH    base58check, version p2sh     OP_HASH160 <20> OP_EQUAL                           23
 * Other witness versions (v2..v16, and v1 with a program other than 32 bytes) decode as valid
 * BIP-350 addresses but are refused: their outputs are anyone-can-spend today, so paying to
 * one is almost certainly a mistake. */
#ifndef STEWARD_BTC_SCRIPT_H
#define STEWARD_BTC_SCRIPT_H

#include <stddef.h>
#include <stdint.h>

#include "btc_network.h"
#include "util/err.h"

#define BTC_SCRIPT_MAX 34 /* the longest script above */

enum btc_script_type { BTC_P2WPKH = 1, BTC_P2WSH, BTC_P2TR, BTC_P2PKH, BTC_P2SH };

/* "p2wpkh", "p2wsh", "p2tr", "p2pkh", "p2sh". */
const char *btc_script_type_name(enum btc_script_type t);

/* The scriptPubKey an address of network `net` pays to.
 * Out: script[0..*len), type.
 * Fails with a message quoting the address when it is not a valid address of one of the
 * types above on this network (wrong prefix/version, bad checksum, another network,
 * unsupported witness version). Bech32 addresses may be all upper case. */
int btc_address_to_script(const struct btc_network *net, const char *addr, uint8_t script[BTC_SCRIPT_MAX],
                          size_t *len, enum btc_script_type *type, st_err *err);

/* OP_1 <32-byte output key>: the P2TR scriptPubKey. */
void btc_p2tr_script(const uint8_t output_key[32], uint8_t script[34]);

/* Bitcoin Core's dust threshold (GetDustThreshold with the default dustrelayfee of 3000 sat
 * per kvB): the cost of the output plus the input that would spend it,
 *   (8 + CompactSize + script length + (witness program ? 67 : 148)) * 3000 / 1000,
 * where 67 = 32 + 4 + 1 + 107/4 + 4 and 148 = 32 + 4 + 1 + 107 + 4 (a typical spending
 * input). Results: P2WPKH 294, P2WSH/P2TR 330, P2SH 540, P2PKH 546 sat. An output whose value
 * is below its threshold is not relayed. */
uint64_t btc_dust_limit(const uint8_t *script, size_t len);

/* 1 if script is a witness program (OP_0..OP_16 then one push of 2..40 bytes), else 0. */
int btc_is_witness_program(const uint8_t *script, size_t len);

#endif
