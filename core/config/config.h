/* config.h: steward's configuration, typed.
 *
 * config_load parses a YAML file (or an in-memory document, for the embedded default)
 * through libyaml into these structures. Parsing is strict: an unknown key, a wrong type, a
 * missing required field, an out-of-range value, a duplicate key, a bad duration, a path
 * that does not name a readable file, or an unset ${VAR} is an error. The error is one line:
 *
 *     <file>:<line>:<column>: <key path>: <what is wrong>
 *
 * e.g. "steward.yaml:14:14: strategies[2].schedule.every: bad duration \"5 parsecs\" ...".
 * Lines and columns are 1-based. The full schema (every key, its type, default and meaning)
 * is documented in docs/config.md, the one place it is written down.
 *
 * Scalars may contain ${VAR} references, replaced by the environment variable's value
 * (an unset variable is an error naming it; "$${" writes a literal "${"). Values that came
 * from the environment are secrets as far as errors go: an error about such a value names
 * the key and the variable, never the value.
 *
 * Relative paths resolve against the folder of the configuration file (for the embedded
 * default: the current folder). Every path stored below is already resolved.
 *
 * Secret values (backup.value, passphrases) are copied into guarded memory (secbuf) and the
 * parser's own copies are wiped. config_free releases everything. */
#ifndef STEWARD_CONFIG_CONFIG_H
#define STEWARD_CONFIG_CONFIG_H

#include <stddef.h>
#include <stdint.h>

#include "util/err.h"
#include "util/secmem.h"

#define CONFIG_MAX_TENANTS 64
#define CONFIG_MAX_STRATEGIES 128
#define CONFIG_TENANT_ID_MAX 64
#define CONFIG_MAX_FILE_SIZE (1024u * 1024u) /* larger configuration files are refused */

enum secret_source_kind { SECRET_SOURCE_BACKUP, SECRET_SOURCE_SEALED, SECRET_SOURCE_MPC, SECRET_SOURCE_DEV };
enum sealing_key_provider { SEALING_KEY_FILE, SEALING_KEY_PASSPHRASE, SEALING_KEY_DSTACK };
enum btc_network { BTC_MAINNET, BTC_TESTNET, BTC_SIGNET, BTC_REGTEST };

struct config_backup {
    /* Exactly one of env, file, value is set. */
    char *env;        /* name of the environment variable holding hex or a mnemonic */
    char *file;       /* resolved path of a file (mode 0600 or stricter) holding the same */
    secbuf value;     /* inline value; only allowed through a ${VAR} reference */
    secbuf passphrase;/* optional BIP-39 passphrase (empty: none); only through ${VAR} */
    int has_passphrase;
};

struct config_sealed {
    char *file;                         /* resolved; default <data_dir>/master.sealed */
    int create;                         /* create the file when absent (first boot); default 1 */
    enum sealing_key_provider provider; /* key.provider */
    char *key_file;                     /* provider keyfile: 32 raw bytes or 64 hex digits */
    secbuf passphrase;                  /* provider passphrase (through ${VAR} only) */
    uint32_t argon2_opslimit;           /* provider passphrase: default 3 */
    uint32_t argon2_memlimit_mib;       /* provider passphrase: default 256 */
    char *dstack_socket;                /* provider dstack: default /var/run/dstack.sock */
    char *dstack_path;                  /* provider dstack: key path, default "steward/sealing/v1" */
};

struct config_mpc {
    char *rpc_url;            /* NEAR JSON-RPC endpoint */
    char *signer_contract;    /* e.g. v1.signer */
    char *account_id;         /* the requesting NEAR account */
    char *derivation_path;    /* CKD derivation path, default "steward/master/v1" */
    uint32_t domain_id;       /* CKD domain id */
    char *network_public_key; /* optional pinned "bls12381g2:<base58>" */
    /* account_key: exactly one of env, file; holds "ed25519:<base58 of 64 bytes>" (read by
     * the mpc source into guarded memory at recovery, like backup.env/backup.file). */
    char *account_key_env;    /* name of the environment variable */
    char *account_key_file;   /* resolved path of a private file (mode 0600 or stricter) */
    uint64_t gas;             /* attached gas, default 300 Tgas (300000000000000) */
    char *proxy_contract;     /* optional proxy: call proxy_method on proxy_contract instead */
    char *proxy_method;       /*   of the signer (then the proxy is the predecessor/app_id) */
    char *hkdf_salt;          /* optional HKDF salt (NULL: none) */
    char *hkdf_info;          /* optional HKDF info (NULL: empty) */
    uint32_t retries;         /* attempts after the first one (transport, unknown outcome); default 5 */
    uint64_t timeout_ms;      /* per RPC request; default 60s */
};

struct config_dev {
    char *file; /* resolved; default <data_dir>/dev-backup.secret */
};

struct config_secret {
    enum secret_source_kind source;
    struct config_backup backup;
    struct config_sealed sealed;
    struct config_mpc mpc;
    struct config_dev dev;
};

struct config_tenant {
    char id[CONFIG_TENANT_ID_MAX + 1]; /* [a-z0-9][a-z0-9_-]{0,63} */
};

struct config_schedule {
    uint64_t every_ms;   /* 0 when cron is used */
    char *cron;          /* five fields, UTC; NULL when every is used */
    uint64_t jitter_ms;  /* default 0 */
    int run_on_start;    /* default 0 */
};

/* Per-run sandbox budgets (docs/lua-sandbox.md); 0 = the sandbox's default. */
struct config_limits {
    uint64_t memory_bytes;  /* limits.memory_mib, in MiB (1..1024) */
    uint64_t instructions;  /* limits.instructions (1000..10^10) */
    uint64_t deadline_ms;   /* limits.deadline, a duration (10ms..10m) */
    uint32_t max_failures;  /* limits.max_failures: consecutive failed runs before a pause (1..1000) */
};

struct config_strategy {
    char *name;     /* unique, [a-z0-9][a-z0-9_-]{0,63} */
    char *file;     /* resolved path of the Lua script; must be a readable regular file */
    char *tenant;   /* must name a configured tenant; default "default" */
    int enabled;    /* default 1 */
    struct config_schedule schedule;
    char *params_json; /* the params mapping as a JSON object text ("{}" when absent) */
    struct config_limits limits;
    /* contracts: {chain: [address, ...]}: the only contracts ctx.call may call, as a JSON
     * object text ("{}" when absent: no calls allowed). */
    char *contracts_json;
};

#define CONFIG_MAX_CHAINS 16
#define CONFIG_CHAIN_NAME_MAX 32

/* One chains.<name> entry: the host's keys, and the rest as the plugin's options. */
struct config_chain {
    char name[CONFIG_CHAIN_NAME_MAX + 1]; /* [a-z0-9][a-z0-9_-]{0,31} */
    char *plugin;          /* resolved path of the .so; NULL: <steward's folder>/plugins/<name>.so */
    char *rpc;             /* endpoint URL (http:// or https://); NULL when none is configured */
    uint64_t rpc_timeout_ms; /* per request, default 10 s */
    uint32_t rpc_retries;  /* transport-failure retries, default 2 */
    char *options_json;    /* every other key, as a JSON object ("{}" when none) */
    /* chains.<name>.paper: the chain is simulated (docs/paper.md): the plugin's RPC is answered
     * by steward's paper ledger and broadcasts land there. The mapping as JSON; NULL: live. */
    char *paper_json;
    unsigned paper_line, paper_col;
    unsigned line, col;    /* where the entry starts, for errors found later (plugin init) */
};

struct config_chains {
    enum btc_network btc_network; /* chains.btc.network, default mainnet (also passed to the plugin) */
    uint32_t eth_chain_id;        /* chains.eth.chain_id, default 1 (also passed to the plugin) */
    size_t n;                     /* configured chains, in document order */
    struct config_chain list[CONFIG_MAX_CHAINS];
};

struct config {
    char *source_path;  /* the file loaded, or "<embedded default>" */
    char *base_dir;     /* folder relative paths were resolved against */
    uint32_t version;   /* must be 1 */
    char *data_dir;     /* resolved; default "steward-data" */
    int log_level;      /* enum log_level; default info */
    int log_format;     /* enum log_format; default text */
    struct config_secret secret;
    size_t n_tenants;   /* at least 1; "default" is added when tenants is absent */
    struct config_tenant tenants[CONFIG_MAX_TENANTS];
    struct config_chains chains;
    size_t n_strategies;
    struct config_strategy strategies[CONFIG_MAX_STRATEGIES];
    char *policy_json;  /* the policy section as a JSON object; NULL when absent */
    unsigned policy_line, policy_col; /* where it starts, for the engine's errors */
    char *prices_json;  /* the prices section as a JSON object (docs/prices.md); NULL when absent */
    unsigned prices_line, prices_col;
};

/* Loads and validates the file at path. On error returns -1 with a one-line message
 * "<path>:<line>:<col>: <key path>: <reason>" in err and leaves *cfg freed. */
int config_load_file(const char *path, struct config *cfg, st_err *err);

/* Same for an in-memory document; `name` is used in error messages and as source_path,
 * and base_dir is the folder relative paths resolve against (NULL: current folder). */
int config_load_buffer(const char *name, const char *base_dir, const char *text, size_t len,
                       struct config *cfg, st_err *err);

/* Releases everything config_load_* allocated, wiping secrets. Safe on a zeroed struct. */
void config_free(struct config *cfg);

/* Looks a chain up by name; NULL when not configured. */
const struct config_chain *config_find_chain(const struct config *cfg, const char *name);

/* Looks a tenant up by id; NULL when not configured. */
const struct config_tenant *config_find_tenant(const struct config *cfg, const char *id);

/* Looks a strategy up by name; NULL when not configured. */
const struct config_strategy *config_find_strategy(const struct config *cfg, const char *name);

/* Parses a duration: an integer followed by a unit (ms, s, m, h, d), or several joined
 * ("1h30m"). Result in milliseconds. Returns -1 on anything else or on overflow.
 * Units go from the largest down, each at most once ("1h30m", not "30m1h"); no spaces,
 * signs or fractions; "0s" is a valid zero. */
int config_parse_duration(const char *s, uint64_t *ms);

/* The configuration words for the enums ("backup", "keyfile", "regtest", ...), "?" for
 * values outside them. */
const char *config_secret_source_name(enum secret_source_kind k);
const char *config_sealing_provider_name(enum sealing_key_provider p);
const char *config_btc_network_name(enum btc_network n);

#endif
