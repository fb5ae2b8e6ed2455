/* ethaddr.c: see ethaddr.h. */
#include "ethaddr.h"

#include <secp256k1.h>
#include <string.h>

#include "crypto/addresses.h"
#include "crypto/hash.h"
#include "util/hex.h"

int eth_address_parse(const char *s, uint8_t out[20], const char *field, st_err *err)
{
    if (s == NULL)
        return st_err_set(err, "%s: missing address", field);
    if (strlen(s) != 42 || s[0] != '0' || s[1] != 'x' || !hex_all_digits(s + 2, 40))
        return st_err_set(err, "%s: \"%.64s\" is not an address (0x followed by 40 hex digits)", field, s);
    int lower = 0, upper = 0;
    for (size_t i = 2; i < 42; i++) {
        lower |= (s[i] >= 'a' && s[i] <= 'f');
        upper |= (s[i] >= 'A' && s[i] <= 'F');
    }
    if (hex_decode_n(out, 20, s + 2, 40) != 0)
        return st_err_set(err, "%s: \"%s\" is not an address", field, s);
    if (lower && upper) {
        char want[ETH_ADDRESS_BUFSZ];
        eth_address_checksum(out, want);
        if (strcmp(want, s) != 0)
            /* The correct form is deliberately not shown: for a mistyped address it would be
         * the checksum of the wrong account, and copying it would defeat the check. */
        return st_err_set(err, "%s: %s has a wrong EIP-55 checksum (a typo?)", field, s);
    }
    return 0;
}

int eth_account_of_pubkey(const uint8_t pub33[33], uint8_t out[20])
{
    secp256k1_pubkey pk;
    uint8_t full[65], h[KECCAK256_LEN];
    size_t len = sizeof full;
    if (!secp256k1_ec_pubkey_parse(secp256k1_context_static, &pk, pub33, 33) ||
        !secp256k1_ec_pubkey_serialize(secp256k1_context_static, full, &len, &pk, SECP256K1_EC_UNCOMPRESSED))
        return -1;
    keccak256(full + 1, 64, h);
    memcpy(out, h + 12, 20);
    return 0;
}
