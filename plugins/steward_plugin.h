/* steward_plugin.h: the chain plugin ABI, version 1.
 *
 * A chain plugin is a shared object that steward loads with dlopen. It exports exactly one
 * symbol, STEWARD_PLUGIN_ENTRY ("steward_plugin_entry"), a function that returns a pointer to
 * a static `struct stw_plugin` describing the plugin and its functions. The host then calls
 * `init` with a table of narrow capabilities (`struct stw_host`) and the chain's options from
 * the configuration.
 *
 * The trust boundary. A plugin never sees a private key or the master secret. It learns the
 * public key of the account it works for, builds and describes transactions, and when the
 * host has approved one request it receives a sign capability: an opaque token bound to one
 * tenant's key, one request, one signature scheme and a bounded number of digests. The plugin
 * computes the digests (sighashes) itself and asks the host to sign each through
 * host->sign(); the host refuses a token that is used up, revoked, for another key or beyond
 * its bound, and records every signature in the audit log.
 *
 * Conventions for every function below, unless its comment says otherwise:
 *  - `state` is what init stored in *state; plugins keep no other global mutable state.
 *  - Strings are NUL-terminated UTF-8. JSON in and out is UTF-8 text of one JSON value.
 *  - Memory a plugin returns through a `char **out` is allocated with host->alloc and released
 *    by the host with host->free; memory the host returns to a plugin (rpc results) is
 *    released by the plugin with host->free.
 *  - Return 0 on success. On failure return -1 and write a one-line, human-readable reason
 *    into `err` (capacity STW_ERR_MAX, always NUL-terminated). Errors never contain secrets.
 *  - Amounts cross the ABI as decimal strings, never floats: in intents they are in the
 *    asset's display unit ("0.1" ETH), in descriptions in the smallest unit ("100000000000000000"
 *    wei) together with the number of decimals. The plugin converts exactly and refuses an
 *    amount with more decimals than the asset has.
 *  - Functions may be called from one thread at a time per loaded plugin.
 *
 * Versioning. STW_PLUGIN_ABI_VERSION changes whenever a struct layout or a function contract
 * changes; the host refuses a plugin whose abi_version differs from its own. */
#ifndef STEWARD_PLUGIN_H
#define STEWARD_PLUGIN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define STW_PLUGIN_ABI_VERSION 1u
#define STEWARD_PLUGIN_ENTRY "steward_plugin_entry"
#define STW_ERR_MAX 512

/* Log levels for host->log. */
enum stw_log_level { STW_LOG_DEBUG = 0, STW_LOG_INFO = 1, STW_LOG_WARN = 2, STW_LOG_ERROR = 3 };

/* The key a chain uses, and how the host derives it (key derivation v1, DESIGN.md). */
enum stw_curve {
    STW_CURVE_SECP256K1 = 1, /* BIP-32; the public key is 33 bytes, compressed */
    STW_CURVE_ED25519 = 2    /* SLIP-10; the public key is 32 bytes */
};

/* Signature schemes the host offers through a sign capability. */
enum stw_sig_scheme {
    /* ECDSA over secp256k1 of a 32-byte digest, low-s, with recovery id:
     * signature = r (32) || s (32) || recid (1, 0 or 1); 65 bytes. (Ethereum) */
    STW_SIG_ECDSA_SECP256K1_RECOVERABLE = 1,
    /* BIP-340 Schnorr of a 32-byte digest with the key tweaked per BIP-341 for a key-path-only
     * output (BIP-86: tweak = tagged_hash("TapTweak", internal x-only key)); 64 bytes. (Bitcoin) */
    STW_SIG_SCHNORR_BIP340_TAPROOT = 2,
    /* Ed25519 (RFC 8032) of the message bytes themselves (any length up to 64 KiB); 64 bytes.
     * (Solana: the message is the serialised transaction message) */
    STW_SIG_ED25519 = 3
};

/* The account a request is for: which key, as the host derived it. */
struct stw_account {
    const char *tenant;         /* tenant id */
    uint32_t index;             /* the i of the derivation path */
    const char *path;           /* full derivation path, e.g. "m/44'/60'/0'/0/0" */
    enum stw_curve curve;
    const uint8_t *pubkey;      /* 33 (secp256k1) or 32 (ed25519) bytes */
    size_t pubkey_len;
    const char *address;        /* the plugin's own address for this key (from `address`) */
};

/* An opaque sign capability. Only the host can create or interpret one. */
struct stw_sign_cap;

/* Capabilities the host grants a plugin. Every function pointer is non-NULL. */
struct stw_host {
    uint32_t abi_version; /* STW_PLUGIN_ABI_VERSION of the host */
    void *ctx;            /* the host's context: pass it back in every call */

    /* Memory for values crossing the ABI (see the conventions above). alloc never returns
     * NULL (the host aborts on exhaustion, as it cannot continue safely). */
    void *(*alloc)(size_t n);
    void (*free)(void *p);

    /* Writes one log line attributed to this plugin. */
    void (*log)(void *ctx, enum stw_log_level level, const char *event, const char *msg);

    /* JSON-RPC 2.0 call to the chain's configured endpoint (chains.<name>.rpc), through
     * libcurl with the configured timeout and retries (retried only on transport failures
     * and HTTP 5xx/429, never after the server answered a result or a JSON-RPC error).
     * params_json is a JSON array or object text. On success *result_json is the text of
     * the response's "result" member (host->alloc'd). A JSON-RPC error response fails with
     * err = "rpc error <code>: <message>". */
    int (*rpc_call)(void *ctx, const char *method, const char *params_json, char **result_json,
                    char err[STW_ERR_MAX]);

    /* Plain HTTP to the configured endpoint, for REST back ends (e.g. Esplora): `verb` is
     * "GET" or "POST", `path` is appended to the endpoint URL, `body` may be NULL,
     * content_type applies to a body ("text/plain", "application/json"). On success *status
     * is the HTTP status and *response the body (host->alloc'd, NUL-terminated). Transport
     * failures and 5xx/429 are retried like rpc_call. */
    int (*http)(void *ctx, const char *verb, const char *path, const char *body, const char *content_type,
                long *status, char **response, char err[STW_ERR_MAX]);

    /* Signs with a capability. `msg` is the 32-byte digest for the ECDSA and Schnorr schemes
     * and the message for Ed25519. `account` must be the account the capability was issued
     * for (the host compares tenant, path and public key). Fails when the capability is
     * unknown, revoked, used up (more digests than its bound), for another account or
     * another scheme. sig must have room for 65 bytes; *sig_len gets 65 or 64. Each
     * signature made is written to the audit log with the request it serves. */
    int (*sign)(void *ctx, struct stw_sign_cap *cap, const struct stw_account *account,
                enum stw_sig_scheme scheme, const uint8_t *msg, size_t msg_len, uint8_t sig[65],
                size_t *sig_len, char err[STW_ERR_MAX]);
};

/* A built, unsigned transaction as the plugin holds it. Opaque to the host. */
struct stw_tx;

/* The plugin's description of itself and its functions. Every function pointer is non-NULL
 * unless its comment says it may be NULL. */
struct stw_plugin {
    uint32_t abi_version;     /* must equal the host's STW_PLUGIN_ABI_VERSION */
    const char *chain;        /* the chain it serves: [a-z0-9_-]{1,32}, unique among loaded plugins */
    const char *name;         /* human-readable, e.g. "Ethereum (EIP-1559, ERC-20)" */
    const char *version;      /* the plugin's own version */
    enum stw_curve curve;     /* the key it needs */
    enum stw_sig_scheme scheme; /* the signature scheme its transactions use */

    /* Writes the derivation path of account `index` for this chain, given the configured
     * options (e.g. Bitcoin's coin type depends on the network). Eth, btc and sol must give
     * key derivation v1's paths; the host refuses a disagreement. */
    int (*derivation_path)(void *state, uint32_t index, char *out, size_t cap, char err[STW_ERR_MAX]);

    /* Creates the plugin's state. options_json is the chain's `options` mapping from the
     * configuration as a JSON object ("{}" when absent); unknown options are an error. */
    int (*init)(const struct stw_host *host, const char *options_json, void **state, char err[STW_ERR_MAX]);

    /* Releases the state. */
    void (*shutdown)(void *state);

    /* Writes the chain address of a public key (EIP-55, bech32m P2TR, base58, ...). */
    int (*address)(void *state, const uint8_t *pubkey, size_t pubkey_len, char *out, size_t cap,
                   char err[STW_ERR_MAX]);

    /* Builds an unsigned transaction for an intent (JSON object: {"chain", "kind", "to",
     * "amount", "asset", fee caps...}, docs/intents.md) from `from`, fetching what it needs
     * (nonce, fees, UTXOs, blockhash) through host->rpc_call/http. */
    int (*build)(void *state, const struct stw_account *from, const char *intent_json, struct stw_tx **tx,
                 char err[STW_ERR_MAX]);

    /* Describes a built transaction for the policy engine and the audit log, as a JSON
     * object: {"to": address, "asset": symbol or contract, "amount": base units (string),
     * "decimals": n, "fee_max": base units of the native asset (string), "digests": n
     * (signatures the transaction needs), "summary": one line}. */
    int (*describe)(void *state, const struct stw_tx *tx, char **description_json, char err[STW_ERR_MAX]);

    /* Computes the transaction's digests and signs each through host->sign with `cap`. */
    int (*sign)(void *state, struct stw_tx *tx, const struct stw_account *from, struct stw_sign_cap *cap,
                char err[STW_ERR_MAX]);

    /* Serialises the signed transaction: *raw is its wire form as hex (Bitcoin, Ethereum) or
     * base64 (Solana), *txid its identifier as the chain's explorers show it. */
    int (*assemble)(void *state, const struct stw_tx *tx, char **raw, char **txid, char err[STW_ERR_MAX]);

    /* Sends an assembled transaction; *txid is what the node answered. */
    int (*broadcast)(void *state, const char *raw, char **txid, char err[STW_ERR_MAX]);

    /* Balance of `address` in `asset` (NULL: the native asset) as a decimal string in the
     * asset's display unit ("1.5"). */
    int (*balance)(void *state, const char *address, const char *asset, char **amount, char err[STW_ERR_MAX]);

    /* Signs an off-chain message for `kind` "personal_sign" (EIP-191) or "typed_data"
     * (EIP-712) or the chain's equivalent, given as an intent. May be NULL when the chain has
     * none. *signature_json gets {"signature": ..., "digest": ...}. */
    int (*sign_message)(void *state, const struct stw_account *from, const char *intent_json,
                        struct stw_sign_cap *cap, char **signature_json, char err[STW_ERR_MAX]);

    /* Releases a transaction. */
    void (*tx_free)(void *state, struct stw_tx *tx);
};

/* The entry point every plugin exports under the name STEWARD_PLUGIN_ENTRY. Plugins are built
 * with hidden visibility; mark the entry point STW_EXPORT so it is the one exported symbol:
 *
 *     STW_EXPORT const struct stw_plugin *steward_plugin_entry(void) { return &my_plugin; }
 */
typedef const struct stw_plugin *(*stw_plugin_entry_fn)(void);
#define STW_EXPORT __attribute__((visibility("default")))

#ifdef __cplusplus
}
#endif

#endif
