/* plugin.c: the Bitcoin taproot plugin's entry point and ABI glue (steward_plugin.h).
 *
 * Everything chain-specific lives in the btc_*.c files; this file turns ABI calls into calls
 * of those, converts errors, and owns the plugin state and the transaction object. The key
 * the plugin works for is the BIP-86 internal key the host derived (m/86'/c'/0'/0/i); its
 * key-path-only output key Q (BIP-341 tweak, no script tree) is the agent's address, the
 * script of every UTXO it spends and the script of its change. Signing goes through
 * host->sign with STW_SIG_SCHNORR_BIP340_TAPROOT, the host applying the same tweak to the
 * private key; each signature is verified against Q before it is used. */
#include <inttypes.h>
#include <jansson.h>
#include <secp256k1.h>
#include <secp256k1_extrakeys.h>
#include <secp256k1_schnorrsig.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "btc_backend.h"
#include "btc_fee.h"
#include "btc_intent.h"
#include "btc_options.h"
#include "btc_script.h"
#include "btc_spend.h"
#include "crypto/addresses.h"
#include "steward_plugin.h"
#include "util/decimal.h"
#include "util/hex.h"

#define BTC_PLUGIN_VERSION "1.0.0"

struct btc_state {
    const struct stw_host *host;
    struct btc_options opt;
    struct btc_backend backend;
};

struct stw_tx {
    struct btc_spend spend;
    struct btc_intent intent;
    uint8_t pubkey[33];      /* the account's internal key, as the host gave it */
    uint8_t output_key[32];  /* its BIP-86 output key */
    char own_address[BTC_P2TR_ADDRESS_BUFSZ];
    uint64_t fee_rate;       /* sat/kvB */
    const char *fee_source;
};

/* Writes a one-line message into the ABI's error buffer (truncated to fit); returns -1. */
__attribute__((format(printf, 2, 3))) static int failf(char err[STW_ERR_MAX], const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, STW_ERR_MAX, fmt, ap);
    va_end(ap);
    return -1;
}

/* Copies an st_err into the ABI's error buffer; returns -1. */
static int fail(char err[STW_ERR_MAX], const st_err *e)
{
    return failf(err, "%s", e->set ? e->msg : "unknown error");
}

/* A host-allocated copy of s. */
static char *host_strdup(const struct stw_host *h, const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = h->alloc(n);
    memcpy(p, s, n);
    return p;
}

/* The output key and P2TR address of a compressed public key (BIP-86: the internal key is
 * the x coordinate; its parity does not matter, BIP-340 keys are x-only). */
static int own_key(const struct btc_state *st, const uint8_t *pub, size_t len, uint8_t q[32],
                   char addr[BTC_P2TR_ADDRESS_BUFSZ], st_err *e)
{
    if (pub == NULL || len != 33 || (pub[0] != 0x02 && pub[0] != 0x03))
        return st_err_set(e, "the public key must be 33 bytes, compressed secp256k1");
    if (taproot_output_key(pub + 1, q, NULL) != 0)
        return st_err_set(e, "the public key is not a valid secp256k1 point");
    if (btc_p2tr_address(q, st->opt.net->hrp, addr, BTC_P2TR_ADDRESS_BUFSZ) != 0)
        return st_err_set(e, "cannot encode the P2TR address");
    return 0;
}

static int p_derivation_path(void *state, uint32_t index, char *out, size_t cap, char err[STW_ERR_MAX])
{
    const struct btc_state *st = state;
    if (index >= 0x80000000u)
        return failf(err, "derivation_path: the index must be below 2^31 (the last level is not hardened)");
    int n = snprintf(out, cap, "m/86'/%" PRIu32 "'/0'/0/%" PRIu32, st->opt.net->coin_type, index);
    if (n < 0 || (size_t)n >= cap)
        return failf(err, "derivation_path: buffer too small");
    return 0;
}

static int p_init(const struct stw_host *host, const char *options_json, void **state, char err[STW_ERR_MAX])
{
    st_err e = { 0 };
    *state = NULL;
    if (host == NULL || host->abi_version != STW_PLUGIN_ABI_VERSION)
        return failf(err, "init: host ABI version mismatch");
    struct btc_state *st = calloc(1, sizeof *st);
    if (st == NULL)
        return failf(err, "init: out of memory");
    if (btc_options_parse(options_json, &st->opt, &e) != 0) {
        free(st);
        return fail(err, &e);
    }
    st->host = host;
    st->backend.host = host;
    st->backend.opt = &st->opt;
    *state = st;
    return 0;
}

static void p_shutdown(void *state)
{
    free(state);
}

static int p_address(void *state, const uint8_t *pubkey, size_t pubkey_len, char *out, size_t cap,
                     char err[STW_ERR_MAX])
{
    st_err e = { 0 };
    uint8_t q[32];
    char addr[BTC_P2TR_ADDRESS_BUFSZ];
    if (own_key(state, pubkey, pubkey_len, q, addr, &e) != 0)
        return fail(err, &e);
    if (strlen(addr) >= cap)
        return failf(err, "address: buffer too small");
    memcpy(out, addr, strlen(addr) + 1);
    return 0;
}

static int p_build(void *state, const struct stw_account *from, const char *intent_json, struct stw_tx **txp,
                   char err[STW_ERR_MAX])
{
    struct btc_state *st = state;
    st_err e = { 0 };
    *txp = NULL;
    if (from == NULL)
        return failf(err, "build: no account");
    struct stw_tx *tx = calloc(1, sizeof *tx);
    if (tx == NULL)
        return failf(err, "build: out of memory");
    if (btc_intent_parse(intent_json, st->opt.net, &tx->intent, &e) != 0)
        goto fail;
    if (own_key(st, from->pubkey, from->pubkey_len, tx->output_key, tx->own_address, &e) != 0) {
        st_err_wrap(&e, "account %s", from->path ? from->path : "?");
        goto fail;
    }
    if (from->address != NULL && strcmp(from->address, tx->own_address) != 0) {
        st_err_set(&e, "account address %.100s is not the P2TR address %s of its key on %s", from->address,
                   tx->own_address, st->opt.net->name);
        goto fail;
    }
    memcpy(tx->pubkey, from->pubkey, 33);

    /* The fee rate first: it may refuse the request without touching the network. */
    struct btc_fee_sources fs = {
        .intent_rate = tx->intent.fee_rate,
        .intent_max = tx->intent.max_fee_rate,
        .option_rate = st->opt.fee_rate,
        .option_max = st->opt.max_fee_rate,
        .option_min = st->opt.min_fee_rate,
        .fallback = st->opt.fallback_fee_rate,
    };
    char why[200] = "";
    if (btc_fee_needs_estimate(&fs)) {
        if (btc_backend_fee_estimate(&st->backend, &fs.estimate, &fs.have_estimate, why, sizeof why, &e) != 0)
            goto fail;
        fs.no_estimate_reason = why;
    }
    uint64_t cap;
    if (btc_fee_resolve(&fs, &tx->fee_rate, &cap, &tx->fee_source, &e) != 0)
        goto fail;

    struct btc_spend_request req = {
        .dest_script_len = tx->intent.script_len,
        .amount = tx->intent.amount,
        .fee_rate = tx->fee_rate,
        .max_fee_rate = cap,
        .allow_unconfirmed = st->opt.spend_unconfirmed,
    };
    btc_p2tr_script(tx->output_key, req.own_script);
    memcpy(req.dest_script, tx->intent.script, tx->intent.script_len);

    struct btc_utxo_list utxos;
    if (btc_backend_utxos(&st->backend, tx->own_address, req.own_script, sizeof req.own_script, &utxos, &e) != 0)
        goto fail;
    int rc = btc_spend_build(&req, utxos.v, utxos.n, &tx->spend, &e);
    btc_utxo_list_free(&utxos);
    if (rc != 0)
        goto fail;
    *txp = tx;
    return 0;
fail:
    btc_spend_free(&tx->spend);
    free(tx);
    return fail(err, &e);
}

static int p_describe(void *state, const struct stw_tx *tx, char **description_json, char err[STW_ERR_MAX])
{
    struct btc_state *st = state;
    const struct btc_spend *s = &tx->spend;
    char amount[32], fee[32], rate[24], sats[24], summary[512], change[160] = "no change";
    *description_json = NULL;
    u64_to_decimal(tx->intent.amount, 8, amount, sizeof amount);
    snprintf(sats, sizeof sats, "%" PRIu64, tx->intent.amount);
    snprintf(fee, sizeof fee, "%" PRIu64, s->sel.fee);
    btc_feerate_format(tx->fee_rate, rate, sizeof rate);
    if (s->sel.has_change)
        snprintf(change, sizeof change, "change %" PRIu64 " sat to %s", s->sel.change, tx->own_address);
    snprintf(summary, sizeof summary,
             "send %s BTC (%s sat) to %s (%s) on %s from %zu input%s, %s, fee %s sat at %s sat/vB (%s), vsize %" PRIu64,
             amount, sats, tx->intent.to, btc_script_type_name(tx->intent.type), st->opt.net->name, s->sel.n,
             s->sel.n == 1 ? "" : "s", change, fee, rate, tx->fee_source, s->sel.vsize);
    json_t *j = json_pack("{ss ss ss si ss sI ss}", "to", tx->intent.to, "asset", "BTC", "amount", sats, "decimals",
                          8, "fee_max", fee, "digests", (json_int_t)s->sel.n, "summary", summary);
    char *text = j ? json_dumps(j, JSON_COMPACT) : NULL;
    json_decref(j);
    if (text == NULL)
        return failf(err, "describe: out of memory");
    *description_json = host_strdup(st->host, text);
    free(text);
    return 0;
}

static int p_sign(void *state, struct stw_tx *tx, const struct stw_account *from, struct stw_sign_cap *cap,
                  char err[STW_ERR_MAX])
{
    struct btc_state *st = state;
    st_err e = { 0 };
    struct btc_spend *s = &tx->spend;
    if (from == NULL || from->pubkey_len != 33 || memcmp(from->pubkey, tx->pubkey, 33) != 0)
        return failf(err, "sign: the account is not the one the transaction was built for");
    secp256k1_xonly_pubkey q;
    if (!secp256k1_xonly_pubkey_parse(secp256k1_context_static, &q, tx->output_key))
        return failf(err, "sign: invalid output key");
    uint8_t(*digests)[32] = calloc(s->tx.n_in, sizeof *digests);
    if (digests == NULL)
        return failf(err, "sign: out of memory");
    if (btc_spend_sighashes(s, digests, &e) != 0) {
        free(digests);
        return fail(err, &e);
    }
    for (size_t i = 0; i < s->tx.n_in; i++) {
        uint8_t sig[65];
        size_t sig_len = 0;
        char herr[STW_ERR_MAX] = "";
        if (st->host->sign(st->host->ctx, cap, from, STW_SIG_SCHNORR_BIP340_TAPROOT, digests[i], 32, sig, &sig_len,
                           herr) != 0) {
            free(digests);
            return failf(err, "sign: input %zu: %s", i, herr);
        }
        /* A wrong key or an untweaked one would make an invalid transaction: refuse it here. */
        if (sig_len != 64 || !secp256k1_schnorrsig_verify(secp256k1_context_static, sig, digests[i], 32, &q)) {
            free(digests);
            return failf(err, "sign: input %zu: the host's signature does not verify against the output key of %s",
                         i, tx->own_address);
        }
        btc_spend_set_signature(s, i, sig);
    }
    free(digests);
    return 0;
}

static int p_assemble(void *state, const struct stw_tx *tx, char **raw, char **txid, char err[STW_ERR_MAX])
{
    struct btc_state *st = state;
    st_err e = { 0 };
    struct btc_buf b = BTC_BUF_INIT;
    uint8_t id[32], wid[32];
    *raw = *txid = NULL;
    if (btc_spend_serialize(&tx->spend, &b, id, wid, &e) != 0) {
        btc_buf_free(&b);
        return fail(err, &e);
    }
    *raw = st->host->alloc(2 * b.n + 1);
    hex_encode(*raw, b.p, b.n);
    btc_buf_free(&b);
    *txid = st->host->alloc(65);
    btc_hash_to_hex(id, *txid);
    char msg[200], w[65];
    btc_hash_to_hex(wid, w);
    snprintf(msg, sizeof msg, "txid %s wtxid %s vsize %" PRIu64, *txid, w, tx->spend.sel.vsize);
    st->host->log(st->host->ctx, STW_LOG_DEBUG, "btc.assemble", msg);
    return 0;
}

static int p_broadcast(void *state, const char *raw, char **txid, char err[STW_ERR_MAX])
{
    struct btc_state *st = state;
    st_err e = { 0 };
    *txid = NULL;
    size_t hexlen = raw ? strlen(raw) : 0;
    if (hexlen == 0 || hexlen % 2 != 0 || hexlen > 2 * (size_t)BTC_MAX_STANDARD_WEIGHT)
        return failf(err, "broadcast: raw is not the hex of a transaction");
    uint8_t *bytes = malloc(hexlen / 2);
    if (bytes == NULL)
        return failf(err, "broadcast: out of memory");
    struct btc_tx parsed;
    uint8_t id[32];
    char ours[65], theirs[65];
    if (hex_decode_n(bytes, hexlen / 2, raw, hexlen) != 0) {
        free(bytes);
        return failf(err, "broadcast: raw is not hex");
    }
    if (btc_tx_parse(bytes, hexlen / 2, &parsed, &e) != 0) {
        free(bytes);
        st_err_wrap(&e, "broadcast");
        return fail(err, &e);
    }
    int rc = btc_tx_txid(&parsed, id, &e);
    btc_tx_clear(&parsed);
    free(bytes);
    if (rc != 0)
        return fail(err, &e);
    btc_hash_to_hex(id, ours);
    if (btc_backend_broadcast(&st->backend, raw, theirs, &e) != 0)
        return fail(err, &e);
    if (strcmp(ours, theirs) != 0)
        return failf(err, "broadcast: the node answered txid %s, but the transaction's txid is %s", theirs, ours);
    *txid = host_strdup(st->host, ours);
    return 0;
}

static int p_balance(void *state, const char *address, const char *asset, char **amount, char err[STW_ERR_MAX])
{
    struct btc_state *st = state;
    st_err e = { 0 };
    uint8_t script[BTC_SCRIPT_MAX];
    size_t len;
    enum btc_script_type type;
    uint64_t sats;
    *amount = NULL;
    if (asset != NULL && strcmp(asset, "BTC") != 0)
        return failf(err, "balance: asset must be BTC (or none)");
    if (address == NULL || strlen(address) > BECH32_MAX_LEN ||
        btc_address_to_script(st->opt.net, address, script, &len, &type, &e) != 0) {
        st_err_wrap(&e, "balance");
        return fail(err, &e);
    }
    if (btc_backend_balance(&st->backend, address, script, len, &sats, &e) != 0)
        return fail(err, &e);
    char text[32];
    u64_to_decimal(sats, 8, text, sizeof text);
    *amount = host_strdup(st->host, text);
    return 0;
}

static void p_tx_free(void *state, struct stw_tx *tx)
{
    (void)state;
    if (tx == NULL)
        return;
    btc_spend_free(&tx->spend);
    free(tx);
}

static const struct stw_plugin btc_plugin = {
    .abi_version = STW_PLUGIN_ABI_VERSION,
    .chain = "btc",
    .name = "Bitcoin (BIP-86 taproot key path)",
    .version = BTC_PLUGIN_VERSION,
    .curve = STW_CURVE_SECP256K1,
    .scheme = STW_SIG_SCHNORR_BIP340_TAPROOT,
    .derivation_path = p_derivation_path,
    .init = p_init,
    .shutdown = p_shutdown,
    .address = p_address,
    .build = p_build,
    .describe = p_describe,
    .sign = p_sign,
    .assemble = p_assemble,
    .broadcast = p_broadcast,
    .balance = p_balance,
    .sign_message = NULL, /* no BIP-322 message signing */
    .tx_free = p_tx_free,
};

STW_EXPORT const struct stw_plugin *steward_plugin_entry(void)
{
    return &btc_plugin;
}
