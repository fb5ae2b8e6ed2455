/* template.c: a minimal, complete steward chain plugin to start a new chain from.
 *
 * It serves an imaginary chain "template" whose accounts are ed25519 keys (SLIP-10,
 * m/44'/1'/i'/0'), whose addresses are "tmpl1" + the public key in hex, and whose
 * transactions are a line of text: "transfer <amount> <to> nonce <n>". Signing goes through
 * the host's sign capability like every real plugin; the wire form is the text and the
 * signature in hex. With the option {"offline": true} it needs no RPC (nonce 0, broadcast
 * refused); otherwise it calls the JSON-RPC methods template_getNonce, template_submit and
 * template_getBalance on chains.template.rpc.
 *
 * Copy this folder, rename the chain, and replace build/describe/sign/assemble with your
 * chain's encoding. Everything a plugin must do is here; read plugins/steward_plugin.h for the
 * contract of each function. Build: see CMakeLists.txt (needs only steward_plugin.h).
 *
 * The same source builds the test suite's deliberately broken plugins through compile-time
 * switches (TEMPLATE_ABI, TEMPLATE_CHAIN, TEMPLATE_PATH_FMT, TEMPLATE_NO_ENTRY). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "steward_plugin.h"

#ifndef TEMPLATE_ABI
#define TEMPLATE_ABI STW_PLUGIN_ABI_VERSION
#endif
#ifndef TEMPLATE_CHAIN
#define TEMPLATE_CHAIN "template"
#endif
#ifndef TEMPLATE_PATH_FMT
#define TEMPLATE_PATH_FMT "m/44'/1'/%u'/0'"
#endif

struct state {
    const struct stw_host *host;
    int offline;
};

struct stw_tx {
    char text[256];   /* what is signed */
    char to[80];
    char amount[40];  /* base units: the display amount times 10^6 */
    uint8_t sig[64];
    size_t sig_len;
};

static int fail(char err[STW_ERR_MAX], const char *msg)
{
    snprintf(err, STW_ERR_MAX, "%s", msg);
    return -1;
}

static char *dup_abi(const struct stw_host *h, const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = h->alloc(n);
    memcpy(p, s, n);
    return p;
}

/* Returns the string value of "key" in a flat JSON object (enough for this template's intents;
 * a real plugin parses JSON properly, e.g. with jansson). */
static int json_field(const char *json, const char *key, char *out, size_t cap)
{
    char pat[64];
    snprintf(pat, sizeof pat, "\"%s\"", key);
    const char *p = strstr(json, pat);
    if (p == NULL || (p = strchr(p + strlen(pat), ':')) == NULL || (p = strchr(p, '"')) == NULL)
        return -1;
    const char *e = strchr(++p, '"');
    if (e == NULL || (size_t)(e - p) >= cap)
        return -1;
    memcpy(out, p, (size_t)(e - p));
    out[e - p] = '\0';
    return 0;
}

/* "1.5" with 6 decimals -> "1500000"; digits and one point only. */
static int to_base_units(const char *amount, char *out, size_t cap)
{
    char digits[64] = "";
    size_t n = 0, frac = 0;
    int point = 0;
    for (const char *p = amount; *p; p++) {
        if (*p == '.' && !point && p != amount && p[1]) {
            point = 1;
            continue;
        }
        if (*p < '0' || *p > '9' || n + 1 >= sizeof digits || (point && ++frac > 6))
            return -1;
        digits[n++] = *p;
    }
    if (n == 0)
        return -1;
    for (; frac < 6; frac++)
        digits[n++] = '0';
    digits[n] = '\0';
    const char *d = digits;
    while (d[0] == '0' && d[1])
        d++;
    return snprintf(out, cap, "%s", d) < (int)cap ? 0 : -1;
}

static int t_derivation_path(void *state, uint32_t index, char *out, size_t cap, char err[STW_ERR_MAX])
{
    (void)state;
    if (index >= 0x80000000u)
        return fail(err, "index out of range");
    int n = snprintf(out, cap, TEMPLATE_PATH_FMT, index);
    return n > 0 && (size_t)n < cap ? 0 : fail(err, "path buffer too small");
}

static int t_init(const struct stw_host *host, const char *options_json, void **state, char err[STW_ERR_MAX])
{
    /* Options: {} or {"offline": true|false}; anything else is refused, naming it. */
    struct state *s = calloc(1, sizeof *s);
    if (s == NULL)
        return fail(err, "out of memory");
    s->host = host;
    const char *p = options_json;
    while (*p == ' ' || *p == '{')
        p++;
    if (strncmp(p, "\"offline\":true", 14) == 0 && (p[14] == '}' || p[14] == '\0'))
        s->offline = 1;
    else if (!(strncmp(p, "\"offline\":false", 15) == 0 || *p == '}' || *p == '\0')) {
        free(s);
        snprintf(err, STW_ERR_MAX, "unknown options %s (this plugin takes only \"offline\")", options_json);
        return -1;
    }
    *state = s;
    return 0;
}

static void t_shutdown(void *state)
{
    free(state);
}

static int t_address(void *state, const uint8_t *pubkey, size_t len, char *out, size_t cap, char err[STW_ERR_MAX])
{
    (void)state;
    if (len != 32 || cap < 5 + 64 + 1)
        return fail(err, "an ed25519 public key of 32 bytes is needed");
    strcpy(out, "tmpl1");
    for (size_t i = 0; i < 32; i++)
        snprintf(out + 5 + 2 * i, 3, "%02x", pubkey[i]);
    return 0;
}

static int t_build(void *state, const struct stw_account *from, const char *intent, struct stw_tx **tx,
                   char err[STW_ERR_MAX])
{
    struct state *s = state;
    char kind[32], to[80], amount[40], units[40];
    if (json_field(intent, "kind", kind, sizeof kind) != 0 || strcmp(kind, "transfer") != 0)
        return fail(err, "kind: only \"transfer\" is supported");
    if (json_field(intent, "to", to, sizeof to) != 0 || strncmp(to, "tmpl1", 5) != 0 || strlen(to) != 69)
        return fail(err, "to: not a template address (tmpl1 + 64 hex digits)");
    if (json_field(intent, "amount", amount, sizeof amount) != 0 || to_base_units(amount, units, sizeof units) != 0)
        return fail(err, "amount: a decimal string with at most 6 decimals is needed");
    unsigned long nonce = 0;
    if (!s->offline) {
        char params[160], *result = NULL;
        snprintf(params, sizeof params, "[\"%s\"]", from->address);
        if (s->host->rpc_call(s->host->ctx, "template_getNonce", params, &result, err) != 0)
            return -1;
        nonce = strtoul(result, NULL, 10);
        s->host->free(result);
    }
    struct stw_tx *t = calloc(1, sizeof *t);
    if (t == NULL)
        return fail(err, "out of memory");
    snprintf(t->to, sizeof t->to, "%s", to);
    snprintf(t->amount, sizeof t->amount, "%s", units);
    snprintf(t->text, sizeof t->text, "transfer %s %s nonce %lu", units, to, nonce);
    *tx = t;
    return 0;
}

static int t_describe(void *state, const struct stw_tx *tx, char **out, char err[STW_ERR_MAX])
{
    struct state *s = state;
    char buf[512];
    (void)err;
    snprintf(buf, sizeof buf,
             "{\"to\":\"%s\",\"asset\":\"TMPL\",\"amount\":\"%s\",\"decimals\":6,\"fee_max\":\"0\",\"digests\":1,"
             "\"summary\":\"%s\"}",
             tx->to, tx->amount, tx->text);
    *out = dup_abi(s->host, buf);
    return 0;
}

static int t_sign(void *state, struct stw_tx *tx, const struct stw_account *from, struct stw_sign_cap *cap,
                  char err[STW_ERR_MAX])
{
    struct state *s = state;
    uint8_t sig[65];
    size_t len = 0;
    if (s->host->sign(s->host->ctx, cap, from, STW_SIG_ED25519, (const uint8_t *)tx->text, strlen(tx->text), sig,
                      &len, err) != 0)
        return -1;
#ifdef TEMPLATE_SIGN_TWICE
    /* Test switch: a misbehaving plugin that tries a second signature with a one-signature
     * capability; the host must refuse it. */
    if (s->host->sign(s->host->ctx, cap, from, STW_SIG_ED25519, (const uint8_t *)tx->text, strlen(tx->text), sig,
                      &len, err) != 0)
        return -1;
#endif
    memcpy(tx->sig, sig, len);
    tx->sig_len = len;
    return 0;
}

static int t_assemble(void *state, const struct stw_tx *tx, char **raw, char **txid, char err[STW_ERR_MAX])
{
    struct state *s = state;
    if (tx->sig_len != 64)
        return fail(err, "the transaction is not signed");
    char buf[256 * 2 + 130], id[33];
    size_t n = strlen(tx->text), o = 0;
    for (size_t i = 0; i < n; i++, o += 2)
        snprintf(buf + o, 3, "%02x", (unsigned char)tx->text[i]);
    for (size_t i = 0; i < 64; i++, o += 2)
        snprintf(buf + o, 3, "%02x", tx->sig[i]);
    for (size_t i = 0; i < 16; i++)
        snprintf(id + 2 * i, 3, "%02x", tx->sig[i]);
    *raw = dup_abi(s->host, buf);
    *txid = dup_abi(s->host, id);
    return 0;
}

static int t_broadcast(void *state, const char *raw, char **txid, char err[STW_ERR_MAX])
{
    struct state *s = state;
    if (s->offline)
        return fail(err, "offline: nothing is broadcast");
    char *params = s->host->alloc(strlen(raw) + 8), *result = NULL;
    sprintf(params, "[\"%s\"]", raw);
    int rc = s->host->rpc_call(s->host->ctx, "template_submit", params, &result, err);
    s->host->free(params);
    if (rc == 0)
        *txid = result;
    return rc;
}

static int t_balance(void *state, const char *address, const char *asset, char **amount, char err[STW_ERR_MAX])
{
    struct state *s = state;
    (void)asset;
    if (s->offline)
        return fail(err, "offline: no balance");
    char params[160];
    snprintf(params, sizeof params, "[\"%s\"]", address);
    return s->host->rpc_call(s->host->ctx, "template_getBalance", params, amount, err);
}

static void t_tx_free(void *state, struct stw_tx *tx)
{
    (void)state;
    free(tx);
}

static const struct stw_plugin plugin = {
    .abi_version = TEMPLATE_ABI,
    .chain = TEMPLATE_CHAIN,
    .name = "Template chain (example plugin)",
    .version = "1.0.0",
    .curve = STW_CURVE_ED25519,
    .scheme = STW_SIG_ED25519,
    .derivation_path = t_derivation_path,
    .init = t_init,
    .shutdown = t_shutdown,
    .address = t_address,
    .build = t_build,
    .describe = t_describe,
    .sign = t_sign,
    .assemble = t_assemble,
    .broadcast = t_broadcast,
    .balance = t_balance,
    .sign_message = NULL,
    .tx_free = t_tx_free,
};

#ifndef TEMPLATE_NO_ENTRY
STW_EXPORT const struct stw_plugin *steward_plugin_entry(void)
{
    return &plugin;
}
#else
STW_EXPORT const struct stw_plugin *not_the_entry(void)
{
    return &plugin;
}
#endif
