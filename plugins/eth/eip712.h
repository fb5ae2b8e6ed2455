/* eip712.h: EIP-712 typed structured data hashing.
 *
 * Input is the typed-data object wallets receive in eth_signTypedData_v4:
 *     {"types": {Name: [{"name": n, "type": t}, ...], ...}, "primaryType": Name,
 *      "domain": {...}, "message": {...}}
 * and the digest signed is
 *     keccak256(0x19 0x01 || hashStruct("EIP712Domain", domain) || hashStruct(primaryType, message))
 * (without the last term when primaryType is "EIP712Domain"), where
 *     hashStruct(T, v) = keccak256(keccak256(encodeType(T)) || encodeData(T, v))
 *     encodeType(T)    = T's declaration "T(type1 name1,type2 name2)" followed by the
 *                        declarations of every struct type T references, directly or not,
 *                        sorted by name
 *     encodeData       = one 32-byte word per member, in declaration order:
 *                        bool, address, uintN, intN (sign-extended), bytesN (right-padded):
 *                          the value as an ABI word
 *                        string, bytes: keccak256 of the contents
 *                        struct: hashStruct of the member
 *                        array (T[] or T[n]): keccak256 of its elements' words concatenated
 *
 * Accepted values: bool as JSON true/false; address as an address string (EIP-55 checked
 * when mixed case); uintN/intN as a JSON integer or a string of decimal digits (intN: an
 * optional "-") or "0x" hex, range-checked for N; bytesN as "0x" and exactly N bytes of hex;
 * bytes as "0x" hex; string as a JSON string. Every member a type declares must be present
 * and a struct value may hold no other key (what is signed is exactly what is shown).
 *
 * When types has no EIP712Domain, it is inferred from the domain's keys in the standard order
 * name (string), version (string), chainId (uint256), verifyingContract (address),
 * salt (bytes32), as ethers and viem do. A domain chainId must equal the chain's.
 *
 * Limits that keep hostile input cheap: 64 levels of nesting, 256 types, 1024 members in a
 * type. Type names are identifiers ([A-Za-z_$][A-Za-z0-9_$]*) that are not atomic type names. */
#ifndef STEWARD_ETH_EIP712_H
#define STEWARD_ETH_EIP712_H

#include <jansson.h>
#include <stdint.h>

#include "util/err.h"

/* Hashes typed data. expected_chain_id != 0: a domain chainId must equal it.
 * Out: digest (signed), domain_separator and message_hash (may be NULL; message_hash is all
 * zero when primaryType is EIP712Domain). Returns 0, or -1 with an error naming the path
 * ("typed_data.message.to.wallet: ..."). */
int eip712_hash(const json_t *typed_data, uint64_t expected_chain_id, uint8_t digest[32],
                uint8_t domain_separator[32], uint8_t message_hash[32], st_err *err);

/* encodeType(type_name) given a typed-data object's "types" (malloc'd text; release with
 * free). For tests and diagnostics. */
int eip712_encode_type(const json_t *types, const char *type_name, char **out, st_err *err);

/* hashStruct(type_name, value) given "types". For tests. */
int eip712_hash_struct(const json_t *types, const char *type_name, const json_t *value, uint8_t out[32],
                       st_err *err);

#endif
