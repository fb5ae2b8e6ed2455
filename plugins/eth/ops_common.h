/* ops_common.h: what the files implementing ops.h share (not part of the plugin ABI).
 *
 * The plugin's state, and helpers for the ABI's conventions: errors go into a fixed
 * STW_ERR_MAX buffer, strings handed to the host are allocated with host->alloc, and every
 * signature the host makes is checked before it is used. */
#ifndef STEWARD_ETH_OPS_COMMON_H
#define STEWARD_ETH_OPS_COMMON_H

#include <stddef.h>
#include <stdint.h>

#include "options.h"
#include "steward_plugin.h"
#include "u256.h"
#include "util/err.h"

/* What init creates: the host's capabilities and the parsed options. */
struct eth_state {
    const struct stw_host *host;
    struct eth_options opt;
};

/* Copies msg (truncated to fit) into the ABI's error buffer; returns -1. */
int eth_fail_msg(char err[STW_ERR_MAX], const char *msg);

/* The same with an st_err's message; returns -1. */
int eth_fail(char err[STW_ERR_MAX], const st_err *e);

/* A copy of s in host memory (host->alloc; the host releases it). */
char *eth_host_strdup(const struct stw_host *h, const char *s);

/* Writes "0x" and the lower-case hex of n bytes (out: 2n + 3 bytes). */
void eth_hex0x(char *out, const uint8_t *p, size_t n);

/* Base-10 text of v, and v as a display amount with `decimals` ("1.5"). cap >= 82. */
void eth_u256_text(const u256 *v, char *out, size_t cap);
void eth_u256_display(const u256 *v, unsigned decimals, char *out, size_t cap);

/* The 20-byte address of an account from its public key (which must be a 33-byte compressed
 * secp256k1 key); the account's address text, when given, must be that address (any case). */
int eth_account_address(const struct stw_account *from, uint8_t addr[20], st_err *err);

/* Signs one 32-byte digest through host->sign with `cap` and checks the answer: 65 bytes,
 * recid 0 or 1, r and s in range, low s, and recovering to the account's own public key, so
 * a host or signer fault cannot leave the plugin as a signature for another account or one
 * the network would reject. On success sig holds r || s || recid. */
int eth_sign_digest(const struct stw_host *h, struct stw_sign_cap *cap, const struct stw_account *from,
                    const uint8_t digest[32], uint8_t sig[65], st_err *err);

#endif
