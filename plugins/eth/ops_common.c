/* ops_common.c: see ops_common.h. */
#include "ops_common.h"

#include <secp256k1.h>
#include <secp256k1_recovery.h>
#include <string.h>
#include <strings.h>

#include "crypto/addresses.h"
#include "ethaddr.h"
#include "tx.h"
#include "util/decimal.h"
#include "util/hex.h"

/* Copies a message into the ABI's error buffer, truncated to fit. */
int eth_fail_msg(char err[STW_ERR_MAX], const char *msg)
{
    size_t n = strnlen(msg, STW_ERR_MAX - 1);
    memcpy(err, msg, n);
    err[n] = '\0';
    return -1;
}

int eth_fail(char err[STW_ERR_MAX], const st_err *e)
{
    return eth_fail_msg(err, e->set ? e->msg : "failed");
}

/* Copies s into host memory. */
char *eth_host_strdup(const struct stw_host *h, const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = h->alloc(n);
    memcpy(p, s, n);
    return p;
}

void eth_hex0x(char *out, const uint8_t *p, size_t n)
{
    out[0] = '0';
    out[1] = 'x';
    hex_encode(out + 2, p, n);
}

void eth_u256_text(const u256 *v, char *out, size_t cap)
{
    uint8_t be[32];
    u256_to_be(v, be);
    units_to_string(be, out, cap);
}

void eth_u256_display(const u256 *v, unsigned decimals, char *out, size_t cap)
{
    uint8_t be[32];
    u256_to_be(v, be);
    units_to_decimal(be, decimals, out, cap);
}

/* The sender's 20-byte address from the account's public key; the account's address text,
 * when given, must agree. */
int eth_account_address(const struct stw_account *from, uint8_t addr[20], st_err *err)
{
    if (from == NULL || from->curve != STW_CURVE_SECP256K1 || from->pubkey == NULL || from->pubkey_len != 33)
        return st_err_set(err, "account: needs a 33-byte compressed secp256k1 public key");
    char text[ETH_ADDRESS_BUFSZ];
    if (eth_account_of_pubkey(from->pubkey, addr) != 0)
        return st_err_set(err, "account: the public key is not a valid secp256k1 point");
    eth_address_checksum(addr, text);
    if (from->address != NULL && from->address[0] != '\0' && strcasecmp(from->address, text) != 0)
        return st_err_set(err, "account: address %.60s is not the address of its public key (%s)", from->address,
                          text);
    return 0;
}

/* Signs one digest through the host and checks the answer: 65 bytes, recid 0/1, low s,
 * and recovering to the account's own key (a host or signer bug must not leave here as a
 * transaction that spends from another account or cannot be sent). */
int eth_sign_digest(const struct stw_host *h, struct stw_sign_cap *cap, const struct stw_account *from,
                    const uint8_t digest[32], uint8_t sig[65], st_err *err)
{
    size_t sig_len = 0;
    char e[STW_ERR_MAX] = "";
    if (h->sign(h->ctx, cap, from, STW_SIG_ECDSA_SECP256K1_RECOVERABLE, digest, 32, sig, &sig_len, e) != 0) {
        e[STW_ERR_MAX - 1] = '\0';
        return st_err_set(err, "signing refused: %s", e[0] ? e : "no reason given");
    }
    if (sig_len != 65)
        return st_err_set(err, "the host returned a %zu-byte signature, not 65 (r || s || recid)", sig_len);
    struct eth_tx probe;
    eth_tx_init(&probe);
    if (eth_tx_set_signature(&probe, sig, err) != 0)
        return -1;
    /* The static context allocates nothing (see eth_account_of_pubkey) and suffices for
     * parsing and recovery, which involve no secret. */
    const secp256k1_context *ctx = secp256k1_context_static;
    secp256k1_ecdsa_recoverable_signature rs;
    secp256k1_pubkey pk;
    uint8_t pub[33];
    size_t pl = sizeof pub;
    if (!secp256k1_ecdsa_recoverable_signature_parse_compact(ctx, &rs, sig, sig[64]) ||
        !secp256k1_ecdsa_recover(ctx, &pk, &rs, digest) ||
        !secp256k1_ec_pubkey_serialize(ctx, pub, &pl, &pk, SECP256K1_EC_COMPRESSED) ||
        memcmp(pub, from->pubkey, 33) != 0)
        return st_err_set(err, "the signature does not recover to the account's public key");
    return 0;
}
