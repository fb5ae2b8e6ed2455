/* plugin.c: the Solana plugin's ABI glue (steward_plugin.h). The chain logic lives in the
 * sol_*.c files; each function here converts between the ABI's conventions (host-allocated
 * outputs, a fixed error buffer) and theirs (st_err). */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/addresses.h"
#include "sol_chain.h"
#include "sol_key.h"
#include "sol_tx.h"
#include "sol_wire.h"
#include "util/decimal.h"
#include "steward_plugin.h"

/* Copies an st_err (up to ST_ERR_MAX) into the ABI's smaller buffer, truncating the tail. */
static int fail(char err[STW_ERR_MAX], const st_err *e)
{
    const char *m = e->set ? e->msg : "failed";
    size_t n = strnlen(m, STW_ERR_MAX - 1);
    memcpy(err, m, n);
    err[n] = '\0';
    return -1;
}

static int fail_text(char err[STW_ERR_MAX], const char *msg)
{
    snprintf(err, STW_ERR_MAX, "%s", msg);
    return -1;
}

/* A host-allocated copy of s. */
static char *host_strdup(const struct stw_host *h, const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = h->alloc(n);
    memcpy(p, s, n);
    return p;
}

static int sol_derivation_path(void *state, uint32_t index, char *out, size_t cap, char err[STW_ERR_MAX])
{
    (void)state;
    /* SLIP-10 ed25519 derives hardened children only, so the index must fit in 31 bits. */
    if (index >= 0x80000000u)
        return fail_text(err, "index: must be below 2^31 (every Solana path component is hardened)");
    int n = snprintf(out, cap, "m/44'/501'/%u'/0'", index);
    if (n < 0 || (size_t)n >= cap)
        return fail_text(err, "derivation path: buffer too small");
    return 0;
}

static int sol_init(const struct stw_host *host, const char *options_json, void **state, char err[STW_ERR_MAX])
{
    st_err e = {0};
    struct sol_options opt;
    if (host == NULL || host->abi_version != STW_PLUGIN_ABI_VERSION)
        return fail_text(err, "host ABI version mismatch");
    if (sodium_init() < 0)
        return fail_text(err, "libsodium failed to initialise");
    if (sol_options_parse(options_json, &opt, &e) != 0)
        return fail(err, &e);
    struct sol_state *s = host->alloc(sizeof *s);
    memset(s, 0, sizeof *s);
    s->host = host;
    s->opt = opt;
    *state = s;
    return 0;
}

static void sol_shutdown(void *state)
{
    struct sol_state *s = state;
    if (s)
        s->host->free(s);
}

static int sol_address_fn(void *state, const uint8_t *pubkey, size_t pubkey_len, char *out, size_t cap,
                          char err[STW_ERR_MAX])
{
    (void)state;
    if (pubkey == NULL || pubkey_len != 32)
        return fail_text(err, "public key: a Solana key is 32 bytes (ed25519)");
    if (sol_address(pubkey, out, cap) != 0)
        return fail_text(err, "address: buffer too small");
    return 0;
}

static int sol_build(void *state, const struct stw_account *from, const char *intent_json, struct stw_tx **tx,
                     char err[STW_ERR_MAX])
{
    struct sol_state *s = state;
    st_err e = {0};
    *tx = NULL;
    if (from == NULL || from->curve != STW_CURVE_ED25519 || from->pubkey == NULL || from->pubkey_len != 32)
        return fail_text(err, "account: not an ed25519 key");
    struct stw_tx *t = s->host->alloc(sizeof *t);
    if (sol_chain_build(s, from->pubkey, intent_json, t, &e) != 0) {
        s->host->free(t);
        return fail(err, &e);
    }
    *tx = t;
    return 0;
}

static int sol_describe(void *state, const struct stw_tx *tx, char **description_json, char err[STW_ERR_MAX])
{
    struct sol_state *s = state;
    char *text = sol_tx_describe(tx, sol_cluster_name(s->opt.cluster));
    if (text == NULL)
        return fail_text(err, "describe: out of memory");
    *description_json = host_strdup(s->host, text);
    free(text);
    return 0;
}

static int sol_sign(void *state, struct stw_tx *tx, const struct stw_account *from, struct stw_sign_cap *cap,
                    char err[STW_ERR_MAX])
{
    st_err e = {0};
    if (sol_chain_sign(state, tx, from, cap, &e) != 0)
        return fail(err, &e);
    return 0;
}

static int sol_assemble(void *state, const struct stw_tx *tx, char **raw, char **txid, char err[STW_ERR_MAX])
{
    struct sol_state *s = state;
    st_err e = {0};
    uint8_t wire[SOL_PACKET_DATA_SIZE];
    size_t len = 0;
    char id[SOL_TXID_MAX];
    if (sol_tx_wire(tx, wire, sizeof wire, &len, &e) != 0)
        return fail(err, &e);
    char *b64 = sol_base64_encode(wire, len);
    if (b64 == NULL)
        return fail_text(err, "assemble: out of memory");
    sol_signature_format(tx->sigs[0], id, sizeof id);
    *raw = host_strdup(s->host, b64);
    *txid = host_strdup(s->host, id);
    free(b64);
    return 0;
}

static int sol_broadcast(void *state, const char *raw, char **txid, char err[STW_ERR_MAX])
{
    struct sol_state *s = state;
    st_err e = {0};
    uint8_t sig[SOL_SIG_LEN];
    char id[SOL_TXID_MAX];
    if (sol_chain_broadcast(s, raw, sig, &e) != 0)
        return fail(err, &e);
    sol_signature_format(sig, id, sizeof id);
    *txid = host_strdup(s->host, id);
    return 0;
}

static int sol_balance(void *state, const char *address, const char *asset, char **amount, char err[STW_ERR_MAX])
{
    struct sol_state *s = state;
    st_err e = {0};
    char buf[DECIMAL_MAX_TEXT];
    if (sol_chain_balance(s, address, asset, buf, sizeof buf, &e) != 0)
        return fail(err, &e);
    *amount = host_strdup(s->host, buf);
    return 0;
}

static void sol_tx_free(void *state, struct stw_tx *tx)
{
    struct sol_state *s = state;
    if (tx)
        s->host->free(tx);
}

static const struct stw_plugin sol_plugin = {
    .abi_version = STW_PLUGIN_ABI_VERSION,
    .chain = "sol",
    .name = "Solana (legacy transactions, System and SPL Token transfers)",
    .version = "0.1.0",
    .curve = STW_CURVE_ED25519,
    .scheme = STW_SIG_ED25519,
    .derivation_path = sol_derivation_path,
    .init = sol_init,
    .shutdown = sol_shutdown,
    .address = sol_address_fn,
    .build = sol_build,
    .describe = sol_describe,
    .sign = sol_sign,
    .assemble = sol_assemble,
    .broadcast = sol_broadcast,
    .balance = sol_balance,
    .sign_message = NULL, /* no off-chain message format yet (docs/plugins/sol.md) */
    .tx_free = sol_tx_free,
};

STW_EXPORT const struct stw_plugin *steward_plugin_entry(void) { return &sol_plugin; }
