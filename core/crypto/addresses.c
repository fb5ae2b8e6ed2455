/* addresses.c: Ethereum, Bitcoin taproot and Solana addresses (see addresses.h). */
#include "crypto/addresses.h"

#include <secp256k1_extrakeys.h>
#include <string.h>

#include "crypto/base58.h"
#include "crypto/bech32.h"
#include "crypto/hash.h"
#include "crypto/secp_ctx.h"
#include "util/hex.h"

void eth_address_checksum(const uint8_t addr[20], char out[ETH_ADDRESS_BUFSZ])
{
    char lower[41];
    uint8_t h[KECCAK256_LEN];
    hex_encode(lower, addr, 20);
    keccak256((const uint8_t *)lower, 40, h);
    out[0] = '0';
    out[1] = 'x';
    for (size_t i = 0; i < 40; i++) {
        uint8_t nibble = (i % 2 == 0) ? h[i / 2] >> 4 : h[i / 2] & 15;
        char c = lower[i];
        out[2 + i] = (c >= 'a' && c <= 'f' && nibble >= 8) ? (char)(c - 'a' + 'A') : c;
    }
    out[42] = '\0';
}

int eth_address_from_pubkey(const uint8_t pub33[33], char out[ETH_ADDRESS_BUFSZ])
{
    out[0] = '\0';
    const secp256k1_context *ctx = secp_ctx();
    secp256k1_pubkey pk;
    if (ctx == NULL || !secp256k1_ec_pubkey_parse(ctx, &pk, pub33, 33))
        return -1;
    uint8_t full[65], h[KECCAK256_LEN];
    size_t len = sizeof full;
    secp256k1_ec_pubkey_serialize(ctx, full, &len, &pk, SECP256K1_EC_UNCOMPRESSED);
    keccak256(full + 1, 64, h);
    eth_address_checksum(h + 12, out);
    return 0;
}

int taproot_tweak_pubkey(const uint8_t internal_xonly[32], const uint8_t *merkle_root,
                         uint8_t out_xonly[32], int *parity)
{
    const secp256k1_context *ctx = secp_ctx();
    secp256k1_xonly_pubkey p, q;
    secp256k1_pubkey tweaked;
    if (ctx == NULL || !secp256k1_xonly_pubkey_parse(ctx, &p, internal_xonly))
        return -1;
    uint8_t msg[64], t[SHA256_LEN];
    memcpy(msg, internal_xonly, 32);
    if (merkle_root)
        memcpy(msg + 32, merkle_root, 32);
    tagged_hash("TapTweak", msg, merkle_root ? 64 : 32, t);
    int pty = 0;
    if (!secp256k1_xonly_pubkey_tweak_add(ctx, &tweaked, &p, t) ||
        !secp256k1_xonly_pubkey_from_pubkey(ctx, &q, &pty, &tweaked) ||
        !secp256k1_xonly_pubkey_serialize(ctx, out_xonly, &q))
        return -1;
    if (parity)
        *parity = pty;
    return 0;
}

int taproot_output_key(const uint8_t internal_xonly[32], uint8_t out_xonly[32], int *parity)
{
    return taproot_tweak_pubkey(internal_xonly, NULL, out_xonly, parity);
}

int btc_p2tr_address(const uint8_t out_xonly[32], const char *hrp, char *out, size_t cap)
{
    if (cap > 0)
        out[0] = '\0';
    if (strcmp(hrp, "bc") != 0 && strcmp(hrp, "tb") != 0 && strcmp(hrp, "bcrt") != 0)
        return -1;
    const secp256k1_context *ctx = secp_ctx();
    secp256k1_xonly_pubkey q;
    if (ctx == NULL || !secp256k1_xonly_pubkey_parse(ctx, &q, out_xonly))
        return -1;
    return segwit_addr_encode(out, cap, hrp, 1, out_xonly, 32, NULL);
}

int sol_address(const uint8_t pub[32], char *out, size_t cap)
{
    return base58_encode(pub, 32, out, cap, NULL);
}
