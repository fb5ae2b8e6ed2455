/* ops_setup.c: the plugin's account-level functions (ops.h): derivation path, init,
 * shutdown and address. */
#include <secp256k1.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/addresses.h"
#include "ethaddr.h"
#include "ops.h"
#include "ops_common.h"

int eth_op_derivation_path(void *state, uint32_t index, char *out, size_t cap, char err[STW_ERR_MAX])
{
    (void)state;
    if (index >= 0x80000000u)
        return eth_fail_msg(err, "account index must be below 2^31 (the last level is not hardened)");
    int n = snprintf(out, cap, "m/44'/60'/0'/0/%u", index);
    if (n < 0 || (size_t)n >= cap)
        return eth_fail_msg(err, "derivation path buffer too small");
    return 0;
}

int eth_op_init(const struct stw_host *host, const char *options_json, void **state, char err[STW_ERR_MAX])
{
    st_err e = {0};
    if (host == NULL || host->abi_version != STW_PLUGIN_ABI_VERSION)
        return eth_fail_msg(err, "host ABI version differs from the plugin's");
    secp256k1_selftest(); /* libsecp256k1 asks for it before using its static context */
    struct eth_state *s = calloc(1, sizeof *s);
    if (s == NULL)
        return eth_fail_msg(err, "out of memory");
    if (eth_options_parse(options_json, &s->opt, &e) != 0) {
        free(s);
        return eth_fail(err, &e);
    }
    s->host = host;
    *state = s;
    return 0;
}

void eth_op_shutdown(void *state)
{
    struct eth_state *s = state;
    if (s == NULL)
        return;
    eth_options_free(&s->opt);
    free(s);
}

int eth_op_address(void *state, const uint8_t *pubkey, size_t pubkey_len, char *out, size_t cap,
                   char err[STW_ERR_MAX])
{
    (void)state;
    char text[ETH_ADDRESS_BUFSZ];
    uint8_t account[20];
    if (pubkey == NULL || pubkey_len != 33)
        return eth_fail_msg(err, "address: needs a 33-byte compressed secp256k1 public key");
    if (eth_account_of_pubkey(pubkey, account) != 0)
        return eth_fail_msg(err, "address: not a valid secp256k1 public key");
    eth_address_checksum(account, text);
    if (cap < sizeof text)
        return eth_fail_msg(err, "address: output buffer too small");
    memcpy(out, text, sizeof text);
    return 0;
}

