/* test_config_errors: malformed configurations, each refused with one precise line.
 *
 * Every case is written to a file in a fresh temporary folder (next to a few helper files:
 * secret files with good and bad modes, a strategy script, a folder) and loaded. The test
 * checks that loading fails, that the message starts with "<file>:<line>:<col>: " at the
 * right place, that the key path comes next, that the reason has the expected keyword, that
 * it is one line, that no value taken from the environment or written as a secret leaks
 * into it, and that the struct is left zeroed (freed). Valgrind and ASan runs of this
 * program cover every error path for leaks. */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "testfs.h"
#include "config/config.h"

static char dir[256];

/* Values that must never appear in a message. */
#define ENV_SECRET "zebra-env-secret-4711"
#define LITERAL_SECRET "lima-literal-secret"

static void setup(void)
{
    testfs_mkdtemp(dir, sizeof dir, "steward-config-errors");
    if (chmod(dir, 0755) != 0) {
        perror("chmod");
        exit(2);
    }
    const char *mnemonic = "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon "
                           "abandon about\n";
    const char *key = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/strategies", dir);
    mkdir(path, 0755);
    const struct {
        const char *name, *text;
        mode_t mode;
    } files[] = {
        {"backup.secret", mnemonic, 0600}, {"open.secret", mnemonic, 0644},
        {"noread.secret", mnemonic, 0600}, {"seal.key", key, 0644},
        {"strategies/rebalance.lua", "function tick(ctx) end\n", 0644},
    };
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, files[i].name);
        testfs_write_file(path, files[i].text, strlen(files[i].text), files[i].mode);
    }
    snprintf(path, sizeof path, "%s/strategies/folder.lua", dir);
    mkdir(path, 0755);
    char target[PATH_MAX];
    snprintf(target, sizeof target, "%s/backup.secret", dir);
    snprintf(path, sizeof path, "%s/link.secret", dir);
    if (symlink(target, path) != 0) {
        perror("symlink");
        exit(2);
    }

    setenv("STEWARD_TEST_SECRET", ENV_SECRET, 1);
    setenv("STEWARD_TEST_NOTNUM", ENV_SECRET, 1);
    setenv("STEWARD_TEST_EMPTY", "", 1);
    unsetenv("STEWARD_TEST_UNSET");
}

static void cleanup(void)
{
    if (testfs_rmtree(dir) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
}

static int is_zero(const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++)
        if (b[i])
            return 0;
    return 1;
}

/* Checks one failed load. */
static void expect(const char *name, const char *file, int rc, const char *msg, const struct config *cfg,
                   unsigned line, unsigned col, const char *path, const char *keyword)
{
    char prefix[PATH_MAX + 64];
    snprintf(prefix, sizeof prefix, "%s:%u:%u: ", file, line, col);
    int ok = rc == -1;
    ok &= strncmp(msg, prefix, strlen(prefix)) == 0;
    const char *rest = msg + (strncmp(msg, prefix, strlen(prefix)) == 0 ? strlen(prefix) : 0);
    if (path[0] != '\0')
        ok &= strncmp(rest, path, strlen(path)) == 0 && strncmp(rest + strlen(path), ": ", 2) == 0;
    ok &= strstr(rest, keyword) != NULL;
    ok &= strchr(msg, '\n') == NULL;
    ok &= strstr(msg, "zebra") == NULL && strstr(msg, "lima") == NULL;
    ok &= is_zero(cfg, sizeof *cfg);
    CHECK(ok);
    if (getenv("STEWARD_TEST_VERBOSE")) /* to read every message */
        printf("%-26s %s\n", name, msg + (strncmp(msg, dir, strlen(dir)) == 0 ? strlen(dir) + 1 : 0));
    if (!ok)
        fprintf(stderr, "  case %s: rc=%d\n   got: %s\n  want: %s%s%s...%s...\n", name, rc, msg, prefix, path,
                path[0] ? ": " : "", keyword);
}

static struct config cfg; /* large: keep it off the stack */

static void run_case(const char *name, const char *text, size_t len, unsigned line, unsigned col, const char *path,
                     const char *keyword)
{
    char file[PATH_MAX + 64];
    snprintf(file, sizeof file, "%s/%s.yaml", dir, name);
    testfs_write_file(file, text, len, 0644);
    st_err err = {0};
    memset(&cfg, 0xA5, sizeof cfg); /* the loader must not rely on a zeroed struct */
    int rc = config_load_file(file, &cfg, &err);
    expect(name, file, rc, err.msg, &cfg, line, col, path, keyword);
    if (rc == 0)
        config_free(&cfg);
}

struct bad {
    const char *name;
    const char *text;
    unsigned line, col;
    const char *path;    /* "" when the error concerns no key */
    const char *keyword; /* must appear in the reason */
};

#define DEV "secret:\n  source: dev\n"
#define HEAD "version: 1\n" DEV
/* A strategy entry with everything required; cases override one thing. */
#define STRAT_HEAD "version: 1\n" DEV "strategies:\n"

#define MPC_HEAD_ACCOUNT(acct)                                                                            \
    "version: 1\nsecret:\n  source: mpc\n  mpc:\n    rpc_url: http://x\n    signer_contract: v1.signer\n" \
    "    account_id: " acct "\n"
#define MPC_HEAD MPC_HEAD_ACCOUNT("a.near")

static const struct bad cases[] = {
    /* --- YAML syntax --- */
    {"syntax-indent", "version: 1\nsecret:\n  source: dev\n   dev: {}\n", 4, 7, "secret", "mapping values are not allowed"},
    {"syntax-quote", "version: 1\nsecret:\n  source: \"dev\n", 4, 1, "secret.source", "while scanning a quoted scalar"},
    {"syntax-tab", "version: 1\nsecret:\n\tsource: dev\n", 3, 1, "secret", "cannot start any token"},
    {"syntax-tab-hint", "version: 1\nsecret:\n  source: dev\nlog:\n  \tlevel: info\n", 5, 3, "log", "it is a tab"},
    {"syntax-flow", "version: 1\nchains: {btc: {network: mainnet}\n" DEV, 3, 1, "chains", "did not find expected"},
    {"syntax-colon", "version: 1\nsecret\n  source: dev\n", 3, 9, "", "syntax error"},
    {"syntax-key-not-scalar", "? [a, b]\n: 1\n", 1, 3, "", "keys must be scalars"},

    /* --- document level --- */
    {"empty", "", 1, 1, "", "empty configuration"},
    {"comments-only", "# nothing here\n   # and here\n\n", 1, 1, "", "empty configuration"},
    {"doc-marker-only", "---\n", 2, 1, "", "empty configuration"},
    {"multi-doc", HEAD "---\nversion: 1\n", 4, 1, "", "multiple YAML documents"},
    {"top-sequence", "- version: 1\n", 1, 1, "", "top level must be a mapping"},
    {"top-scalar", "hello\n", 1, 1, "", "top level must be a mapping"},
    {"anchor", "version: &v 1\n" DEV, 1, 10, "version", "anchors"},
    {"alias", "version: 1\nsecret:\n  source: *src\n", 3, 11, "secret.source", "aliases"},
    {"tag-custom", "version: !bignum 1\n" DEV, 1, 10, "version", "tag \"!bignum\" is not allowed"},
    {"tag-mismatch", "version: !!bool 1\n" DEV, 1, 10, "version", "tag does not fit"},
    {"bom-node-position", "\xEF\xBB\xBFversion: x\n" DEV, 1, 10, "version", "decimal integer"},
    {"bom-text-position", "\xEF\xBB\xBFver\x01sion: 1\n" DEV, 1, 4, "", "control character"},
    {"nul-escape", "version: 1\ndata_dir: \"a\\0b\"\n" DEV, 2, 11, "data_dir", "NUL"},

    /* --- unknown keys, at every level --- */
    {"unknown-top", "versoin: 1\n" DEV, 1, 1, "versoin", "unknown key \"versoin\" (did you mean \"version\"?)"},
    {"unknown-top-far", HEAD "plugins: []\n", 4, 1, "plugins", "unknown key \"plugins\"; expected one of"},
    {"unknown-log", HEAD "log:\n  colour: red\n", 5, 3, "log.colour", "unknown key \"colour\""},
    {"unknown-secret", "version: 1\nsecret:\n  source: dev\n  sorce: dev\n", 4, 3, "secret.sorce", "did you mean \"source\""},
    {"unknown-backup", "version: 1\nsecret:\n  source: backup\n  backup:\n    envv: X\n", 5, 5, "secret.backup.envv",
     "unknown key \"envv\""},
    {"unknown-sealing-key", "version: 1\nsecret:\n  source: sealed\n  sealed:\n    key:\n      providr: dstack\n", 6, 7,
     "secret.sealed.key.providr", "did you mean \"provider\""},
    {"unknown-mpc", "version: 1\nsecret:\n  source: mpc\n  mpc:\n    rpc: http://x\n", 5, 5, "secret.mpc.rpc", "unknown key"},
    {"unknown-dev", "version: 1\nsecret:\n  source: dev\n  dev:\n    path: x\n", 5, 5, "secret.dev.path", "unknown key"},
    {"unknown-tenant-key", HEAD "tenants:\n  - id: a\n    name: b\n", 6, 5, "tenants[0].name", "unknown key \"name\""},
    /* Unknown chains and a chain's own options are the plugin's to refuse (at start); the
     * configuration checks names and the host's keys. */
    {"bad-chain-name", HEAD "chains:\n  Doge: {}\n", 5, 3, "chains.Doge", "must match"},
    {"chain-rpc-not-url", HEAD "chains:\n  sol: {rpc: x}\n", 5, 14, "chains.sol.rpc", "http:// or https://"},
    {"chain-rpc-retries", HEAD "chains:\n  btc:\n    rpc_retries: 11\n", 6, 18, "chains.btc.rpc_retries", "range"},
    {"chain-rpc-timeout", HEAD "chains:\n  eth:\n    rpc_timeout: 10\n", 6, 18, "chains.eth.rpc_timeout", "duration"},
    {"chain-plugin-missing", HEAD "chains:\n  eth:\n    plugin: nowhere/eth.so\n", 6, 13, "chains.eth.plugin", "does not exist"},
    {"unknown-strategy-key",
     STRAT_HEAD "  - nmae: a\n    file: strategies/rebalance.lua\n    schedule: {every: 30s}\n", 5, 5,
     "strategies[0].nmae", "did you mean \"name\""},
    {"unknown-schedule-key",
     STRAT_HEAD "  - name: a\n    file: strategies/rebalance.lua\n    schedule:\n      evrey: 30s\n", 8, 7,
     "strategies[0].schedule.evrey", "unknown key \"evrey\" (did you mean \"every\"?)"},

    /* --- wrong types --- */
    {"type-seq-for-map", "version: 1\nsecret: [source, dev]\n", 2, 9, "secret", "expected a mapping"},
    {"type-scalar-for-map", HEAD "log: debug\n", 4, 6, "log", "expected a mapping"},
    {"type-map-for-seq", HEAD "tenants: {id: a}\n", 4, 10, "tenants", "expected a sequence"},
    {"type-string-for-int", "version: one\n" DEV, 1, 10, "version", "expected a decimal integer"},
    {"type-quoted-int", "version: \"1\"\n" DEV, 1, 10, "version", "quoted string"},
    {"type-float-for-int", HEAD "chains:\n  eth: {chain_id: 1.5}\n", 5, 19, "chains.eth.chain_id", "fraction"},
    {"type-hex-int", HEAD "chains:\n  eth: {chain_id: 0x10}\n", 5, 19, "chains.eth.chain_id", "decimal integer"},
    {"type-leading-zero", "version: 01\n" DEV, 1, 10, "version", "leading zero"},
    {"type-int-for-bool",
     STRAT_HEAD "  - name: a\n    file: strategies/rebalance.lua\n    enabled: 1\n    schedule: {every: 30s}\n", 7, 14,
     "strategies[0].enabled", "expected true or false"},
    {"type-yes-for-bool",
     STRAT_HEAD "  - name: a\n    file: strategies/rebalance.lua\n    schedule: {every: 30s, run_on_start: yes}\n", 7,
     42, "strategies[0].schedule.run_on_start", "expected true or false"},
    {"type-seq-for-string", "version: 1\ndata_dir: [a]\n" DEV, 2, 11, "data_dir", "expected a string, got a sequence"},
    {"type-empty-string", "version: 1\ndata_dir:\n" DEV, 2, 10, "data_dir", "expected a string, got an empty value"},
    {"type-params-seq",
     STRAT_HEAD "  - name: a\n    file: strategies/rebalance.lua\n    schedule: {every: 30s}\n    params: [1, 2]\n", 8, 13,
     "strategies[0].params", "expected a mapping"},
    {"type-env-not-int", "version: ${STEWARD_TEST_NOTNUM}\n" DEV, 1, 10, "version", "not shown"},

    /* --- missing required keys (reported at the parent mapping) --- */
    {"missing-version", DEV, 1, 1, "version", "missing required key \"version\""},
    {"missing-secret", "version: 1\ntenants:\n  - id: a\n", 1, 1, "secret", "missing required key \"secret\""},
    {"missing-source", "version: 1\nsecret:\n  dev: {}\n", 3, 3, "secret.source", "missing required key"},
    {"missing-source-empty", "version: 1\nsecret:\n", 2, 8, "secret.source", "missing required key"},
    {"missing-backup-section", "version: 1\nsecret:\n  source: backup\n", 3, 3, "secret.backup", "missing required key"},
    {"missing-backup-choice", "version: 1\nsecret:\n  source: backup\n  backup: {}\n", 4, 11, "secret.backup",
     "needs one of env"},
    {"missing-sealing-key", "version: 1\nsecret:\n  source: sealed\n  sealed:\n    file: x.sealed\n", 5, 5,
     "secret.sealed.key", "missing required key"},
    {"missing-keyfile", "version: 1\nsecret:\n  source: sealed\n  sealed:\n    key: {provider: keyfile}\n", 5, 10,
     "secret.sealed.key.file", "missing required key"},
    {"missing-mpc-account",
     "version: 1\nsecret:\n  source: mpc\n  mpc:\n    rpc_url: https://rpc.testnet.near.org\n    signer_contract: "
     "v1.signer-prod.testnet\n",
     5, 5, "secret.mpc.account_id", "missing required key"},
    {"missing-tenant-id", HEAD "tenants:\n  - {}\n", 5, 5, "tenants[0].id", "missing required key"},
    {"missing-strategy-file", STRAT_HEAD "  - name: a\n    schedule: {every: 30s}\n", 5, 5, "strategies[0].file",
     "missing required key"},
    {"missing-schedule", STRAT_HEAD "  - name: a\n    file: strategies/rebalance.lua\n", 5, 5, "strategies[0].schedule",
     "missing required key"},
    {"missing-every-cron",
     STRAT_HEAD "  - name: a\n    file: strategies/rebalance.lua\n    schedule: {jitter: 1s}\n", 7, 15,
     "strategies[0].schedule", "needs every"},

    /* --- out of range and unknown words --- */
    {"range-version", "version: 2\n" DEV, 1, 10, "version", "unsupported version 2"},
    {"range-chain-id-zero", HEAD "chains:\n  eth:\n    chain_id: 0\n", 6, 15, "chains.eth.chain_id", "out of range"},
    {"range-chain-id-big", HEAD "chains:\n  eth:\n    chain_id: 4294967296\n", 6, 15, "chains.eth.chain_id",
     "out of range"},
    {"range-huge-int", "version: 99999999999999999999999\n" DEV, 1, 10, "version", "out of range"},
    {"range-negative", "version: 1\nsecret:\n  source: mpc\n  mpc:\n    rpc_url: http://localhost:3030\n"
                       "    signer_contract: v1.signer\n    account_id: a.near\n    domain_id: -1\n",
     8, 16, "secret.mpc.domain_id", "out of range"},
    {"range-opslimit",
     "version: 1\nsecret:\n  source: sealed\n  sealed:\n    key:\n      provider: passphrase\n"
     "      passphrase: ${STEWARD_TEST_SECRET}\n      argon2_opslimit: 21\n",
     8, 24, "secret.sealed.key.argon2_opslimit", "between 1 and 20"},
    {"range-memlimit",
     "version: 1\nsecret:\n  source: sealed\n  sealed:\n    key:\n      provider: passphrase\n"
     "      passphrase: ${STEWARD_TEST_SECRET}\n      argon2_memlimit_mib: 4\n",
     8, 28, "secret.sealed.key.argon2_memlimit_mib", "between 8 and 4096"},
    {"enum-log-level", HEAD "log:\n  level: verbose\n", 5, 10, "log.level", "\"verbose\" is not allowed"},
    {"enum-log-format", HEAD "log: {format: xml}\n", 4, 15, "log.format", "expected one of: text, json"},
    {"enum-btc-network", HEAD "chains:\n  btc: {network: testnet3}\n", 5, 18, "chains.btc.network", "mainnet, testnet"},
    {"enum-source", "version: 1\nsecret:\n  source: hsm\n", 3, 11, "secret.source", "expected one of: backup"},
    {"enum-provider", "version: 1\nsecret:\n  source: sealed\n  sealed:\n    key: {provider: tpm}\n", 5, 21,
     "secret.sealed.key.provider", "keyfile, passphrase, dstack"},
    {"bad-rpc-url",
     "version: 1\nsecret:\n  source: mpc\n  mpc:\n    rpc_url: ftp://x\n    signer_contract: a\n    account_id: b\n",
     5, 14, "secret.mpc.rpc_url", "http://"},
    {"bad-network-key",
     "version: 1\nsecret:\n  source: mpc\n  mpc:\n    rpc_url: http://x\n    signer_contract: a\n    account_id: b\n"
     "    network_public_key: ed25519:abc\n",
     8, 25, "secret.mpc.network_public_key", "bls12381g2:"},
    /* secret.mpc: line 8 is the first line after MPC_HEAD */
    {"mpc-no-account-key", MPC_HEAD, 5, 5, "secret.mpc.account_key", "missing required key"},
    {"mpc-key-both", MPC_HEAD "    account_key:\n      env: STEWARD_TEST_SECRET\n      file: backup.secret\n", 10, 7,
     "secret.mpc.account_key.file", "only one of env or file"},
    {"mpc-key-none", MPC_HEAD "    account_key: {}\n", 8, 18, "secret.mpc.account_key", "needs one of env"},
    {"mpc-key-open", MPC_HEAD "    account_key: {file: open.secret}\n", 8, 25, "secret.mpc.account_key.file", "mode 0644"},
    {"mpc-key-symlink", MPC_HEAD "    account_key: {file: link.secret}\n", 8, 25, "secret.mpc.account_key.file",
     "symbolic link"},
    {"mpc-key-missing", MPC_HEAD "    account_key: {file: nothere.key}\n", 8, 25, "secret.mpc.account_key.file",
     "does not exist"},
    {"mpc-key-env-unset", MPC_HEAD "    account_key: {env: STEWARD_TEST_UNSET}\n", 8, 24, "secret.mpc.account_key.env",
     "is not set"},
    {"mpc-key-env-ref", MPC_HEAD "    account_key:\n      env: ${STEWARD_TEST_SECRET}\n", 9, 12,
     "secret.mpc.account_key.env", "not an environment variable name"},
    {"mpc-key-unknown", MPC_HEAD "    account_key: {value: x}\n", 8, 19, "secret.mpc.account_key.value", "unknown key"},
    {"mpc-bad-account", MPC_HEAD_ACCOUNT("Alice.near") "    account_key: {file: backup.secret}\n", 7, 17,
     "secret.mpc.account_id", "not a NEAR account id"},
    {"mpc-gas-low", MPC_HEAD "    gas: 1000\n    account_key: {file: backup.secret}\n", 8, 10, "secret.mpc.gas",
     "out of range"},
    {"mpc-gas-high", MPC_HEAD "    gas: 1000000000000001\n    account_key: {file: backup.secret}\n", 8, 10,
     "secret.mpc.gas", "out of range"},
    {"mpc-retries", MPC_HEAD "    retries: 101\n    account_key: {file: backup.secret}\n", 8, 14, "secret.mpc.retries",
     "out of range"},
    {"mpc-timeout", MPC_HEAD "    timeout: 10ms\n    account_key: {file: backup.secret}\n", 8, 14, "secret.mpc.timeout",
     ""},
    {"mpc-proxy-no-method", MPC_HEAD "    proxy: {contract: p.near}\n", 8, 12, "secret.mpc.proxy.method",
     "missing required key"},
    {"mpc-proxy-bad-contract", MPC_HEAD "    proxy: {contract: P, method: go}\n", 8, 23, "secret.mpc.proxy.contract",
     "not a NEAR account id"},
    {"mpc-proxy-bad-method", MPC_HEAD "    proxy: {contract: p.near, method: \"a b\"}\n", 8, 39,
     "secret.mpc.proxy.method", "method name"},
    {"mpc-hkdf-unknown", MPC_HEAD "    hkdf: {pepper: x}\n", 8, 12, "secret.mpc.hkdf.pepper", "unknown key"},
    {"mpc-unknown-key", MPC_HEAD "    deposit: 1\n", 8, 5, "secret.mpc.deposit", "unknown key"},
    {"tenant-id-pattern", HEAD "tenants:\n  - id: Default\n", 5, 9, "tenants[0].id", "a-z 0-9"},
    {"tenants-empty", HEAD "tenants: []\n", 4, 10, "tenants", "at least one tenant"},
    {"strategy-name-pattern",
     STRAT_HEAD "  - name: -rebalance\n    file: strategies/rebalance.lua\n    schedule: {every: 30s}\n", 5, 11,
     "strategies[0].name", "a-z 0-9"},

    /* --- durations --- */
    {"duration-parsecs",
     STRAT_HEAD "  - name: a\n    file: strategies/rebalance.lua\n    schedule:\n      every: 5 parsecs\n", 8, 14,
     "strategies[0].schedule.every", "bad duration \"5 parsecs\""},
    {"duration-zero",
     STRAT_HEAD "  - name: a\n    file: strategies/rebalance.lua\n    schedule:\n      every: 0s\n", 8, 14,
     "strategies[0].schedule.every", "too short"},
    {"duration-empty",
     STRAT_HEAD "  - name: a\n    file: strategies/rebalance.lua\n    schedule:\n      every: \"\"\n", 8, 14,
     "strategies[0].schedule.every", "bad duration \"\""},
    {"duration-null",
     STRAT_HEAD "  - name: a\n    file: strategies/rebalance.lua\n    schedule:\n      every:\n", 8, 13,
     "strategies[0].schedule.every", "expected a duration"},
    {"duration-negative",
     STRAT_HEAD "  - name: a\n    file: strategies/rebalance.lua\n    schedule:\n      every: -1s\n", 8, 14,
     "strategies[0].schedule.every", "bad duration"},
    {"duration-overflow",
     STRAT_HEAD "  - name: a\n    file: strategies/rebalance.lua\n    schedule:\n      every: 99999999999999999999s\n", 8,
     14, "strategies[0].schedule.every", "bad duration"},
    {"duration-overflow-unit",
     STRAT_HEAD "  - name: a\n    file: strategies/rebalance.lua\n    schedule:\n      every: 300000000000d\n", 8, 14,
     "strategies[0].schedule.every", "bad duration"},
    {"duration-ms-too-short",
     STRAT_HEAD "  - name: a\n    file: strategies/rebalance.lua\n    schedule:\n      every: 500ms\n", 8, 14,
     "strategies[0].schedule.every", "minimum is 1000 ms"},
    {"duration-order",
     STRAT_HEAD "  - name: a\n    file: strategies/rebalance.lua\n    schedule:\n      every: 30m1h\n", 8, 14,
     "strategies[0].schedule.every", "largest first"},
    {"duration-no-unit",
     STRAT_HEAD "  - name: a\n    file: strategies/rebalance.lua\n    schedule:\n      every: 30\n", 8, 14,
     "strategies[0].schedule.every", "bad duration"},
    {"jitter-too-long",
     STRAT_HEAD "  - name: a\n    file: strategies/rebalance.lua\n    schedule:\n      every: 10s\n      jitter: 10s\n", 9,
     15, "strategies[0].schedule.jitter", "shorter than every"},
    {"jitter-bad",
     STRAT_HEAD "  - name: a\n    file: strategies/rebalance.lua\n    schedule:\n      every: 10s\n      jitter: 1.5s\n", 9,
     15, "strategies[0].schedule.jitter", "bad duration"},

    /* --- cron --- */
    {"cron-fields",
     STRAT_HEAD "  - name: a\n    file: strategies/rebalance.lua\n    schedule:\n      cron: \"* * * *\"\n", 8, 13,
     "strategies[0].schedule.cron", "expected 5 fields"},
    {"cron-minute-range",
     STRAT_HEAD "  - name: a\n    file: strategies/rebalance.lua\n    schedule:\n      cron: \"60 * * * *\"\n", 8, 13,
     "strategies[0].schedule.cron", "minute field: 60 is out of range 0-59"},
    {"cron-hour-range",
     STRAT_HEAD "  - name: a\n    file: strategies/rebalance.lua\n    schedule:\n      cron: \"0 24 * * *\"\n", 8, 13,
     "strategies[0].schedule.cron", "hour field: 24"},
    {"cron-dom-zero",
     STRAT_HEAD "  - name: a\n    file: strategies/rebalance.lua\n    schedule:\n      cron: \"0 0 0 * *\"\n", 8, 13,
     "strategies[0].schedule.cron", "day of month field"},
    {"cron-dow-range",
     STRAT_HEAD "  - name: a\n    file: strategies/rebalance.lua\n    schedule:\n      cron: \"0 0 * * 8\"\n", 8, 13,
     "strategies[0].schedule.cron", "day of week field: 8"},
    {"cron-step-zero",
     STRAT_HEAD "  - name: a\n    file: strategies/rebalance.lua\n    schedule:\n      cron: \"*/0 * * * *\"\n", 8, 13,
     "strategies[0].schedule.cron", "step"},
    {"cron-backwards",
     STRAT_HEAD "  - name: a\n    file: strategies/rebalance.lua\n    schedule:\n      cron: \"0 5-1 * * *\"\n", 8, 13,
     "strategies[0].schedule.cron", "backwards"},
    {"cron-names",
     STRAT_HEAD "  - name: a\n    file: strategies/rebalance.lua\n    schedule:\n      cron: \"0 0 * JAN *\"\n", 8, 13,
     "strategies[0].schedule.cron", "names are not supported"},
    {"cron-empty-item",
     STRAT_HEAD "  - name: a\n    file: strategies/rebalance.lua\n    schedule:\n      cron: \"1,,2 * * * *\"\n", 8, 13,
     "strategies[0].schedule.cron", "empty list item"},
    {"cron-and-every",
     STRAT_HEAD "  - name: a\n    file: strategies/rebalance.lua\n    schedule:\n      every: 1m\n      cron: \"* * * * *\"\n",
     9, 7, "strategies[0].schedule.cron", "not both"},

    /* --- duplicates --- */
    {"dup-top", "version: 1\n" DEV "version: 1\n", 4, 1, "version", "duplicate key \"version\" (first at line 1"},
    {"dup-nested", "version: 1\nsecret:\n  source: dev\n  source: backup\n", 4, 3, "secret.source", "duplicate key"},
    {"dup-params",
     STRAT_HEAD "  - name: a\n    file: strategies/rebalance.lua\n    schedule: {every: 30s}\n    params:\n      x: {a: 1, "
                "a: 2}\n",
     9, 17, "strategies[0].params.x.a", "duplicate key \"a\""},
    {"dup-quoted-key", "version: 1\n\"version\": 1\n" DEV, 2, 1, "version", "duplicate key"},
    {"dup-tenant", HEAD "tenants:\n  - id: alice\n  - id: bob\n  - id: alice\n", 7, 9, "tenants[2].id",
     "duplicate tenant id \"alice\" (also tenants[0]"},
    {"dup-strategy",
     STRAT_HEAD "  - name: a\n    file: strategies/rebalance.lua\n    schedule: {every: 30s}\n"
                "  - name: a\n    file: strategies/rebalance.lua\n    schedule: {every: 1m}\n",
     8, 11, "strategies[1].name", "duplicate strategy name"},
    {"unknown-tenant-ref",
     STRAT_HEAD "  - name: a\n    file: strategies/rebalance.lua\n    tenant: carol\n    schedule: {every: 30s}\n", 7, 13,
     "strategies[0].tenant", "tenant \"carol\" is not configured"},
    {"default-tenant-missing",
     "version: 1\n" DEV "tenants:\n  - id: alice\nstrategies:\n  - name: a\n    file: strategies/rebalance.lua\n"
     "    schedule: {every: 30s}\n",
     7, 5, "strategies[0].tenant", "\"default\" is not configured"},

    /* --- paths --- */
    {"strategy-file-missing",
     STRAT_HEAD "  - name: a\n    file: strategies/missing.lua\n    schedule: {every: 30s}\n", 6, 11,
     "strategies[0].file", "does not exist"},
    {"strategy-file-folder",
     STRAT_HEAD "  - name: a\n    file: strategies/folder.lua\n    schedule: {every: 30s}\n", 6, 11, "strategies[0].file",
     "is a folder, not a file"},
    {"strategy-file-below-file",
     STRAT_HEAD "  - name: a\n    file: strategies/rebalance.lua/x.lua\n    schedule: {every: 30s}\n", 6, 11,
     "strategies[0].file", "does not exist"},
    {"backup-file-open", "version: 1\nsecret:\n  source: backup\n  backup:\n    file: open.secret\n", 5, 11,
     "secret.backup.file", "mode 0644"},
    {"backup-file-missing", "version: 1\nsecret:\n  source: backup\n  backup:\n    file: nothere.secret\n", 5, 11,
     "secret.backup.file", "does not exist"},
    {"backup-file-symlink", "version: 1\nsecret:\n  source: backup\n  backup:\n    file: link.secret\n", 5, 11,
     "secret.backup.file", "symbolic link"},
    {"keyfile-open", "version: 1\nsecret:\n  source: sealed\n  sealed:\n    key:\n      provider: keyfile\n"
                     "      file: seal.key\n",
     7, 13, "secret.sealed.key.file", "chmod 600"},

    /* --- secrets and the environment --- */
    {"literal-value", "version: 1\nsecret:\n  source: backup\n  backup:\n    value: " LITERAL_SECRET " abandon\n", 5,
     12, "secret.backup.value", "put secrets in the environment or a file, not in the config"},
    {"literal-value-escaped", "version: 1\nsecret:\n  source: backup\n  backup:\n    value: $${STEWARD_TEST_SECRET}\n",
     5, 12, "secret.backup.value", "not in the config"},
    {"literal-value-mixed", "version: 1\nsecret:\n  source: backup\n  backup:\n    value: x${STEWARD_TEST_SECRET}\n",
     5, 12, "secret.backup.value", "not in the config"},
    {"literal-passphrase",
     "version: 1\nsecret:\n  source: backup\n  backup:\n    env: STEWARD_TEST_SECRET\n    passphrase: " LITERAL_SECRET
     "\n",
     6, 17, "secret.backup.passphrase", "not in the config"},
    {"literal-seal-passphrase",
     "version: 1\nsecret:\n  source: sealed\n  sealed:\n    key:\n      provider: passphrase\n      passphrase: "
     "'" LITERAL_SECRET "'\n",
     7, 19, "secret.sealed.key.passphrase", "not in the config"},
    {"unset-value", "version: 1\nsecret:\n  source: backup\n  backup:\n    value: ${STEWARD_TEST_UNSET}\n", 5, 12,
     "secret.backup.value", "STEWARD_TEST_UNSET is not set"},
    {"empty-value", "version: 1\nsecret:\n  source: backup\n  backup:\n    value: ${STEWARD_TEST_EMPTY}\n", 5, 12,
     "secret.backup.value", "set but empty"},
    {"unset-env-name", "version: 1\nsecret:\n  source: backup\n  backup:\n    env: STEWARD_TEST_UNSET\n", 5, 10,
     "secret.backup.env", "STEWARD_TEST_UNSET is not set"},
    {"bad-env-name", "version: 1\nsecret:\n  source: backup\n  backup:\n    env: steward_backup\n", 5, 10,
     "secret.backup.env", "not an environment variable name"},
    {"unset-in-path", "version: 1\ndata_dir: ${STEWARD_TEST_UNSET}/data\n" DEV, 2, 11, "data_dir",
     "STEWARD_TEST_UNSET is not set"},
    {"bad-reference", "version: 1\ndata_dir: /srv/${oops\n" DEV, 2, 11, "data_dir", "malformed ${...} reference"},
    {"unset-in-params",
     STRAT_HEAD "  - name: a\n    file: strategies/rebalance.lua\n    schedule: {every: 30s}\n    params:\n"
                "      deep: [1, {key: \"${STEWARD_TEST_UNSET}\"}]\n",
     9, 23, "strategies[0].params.deep[1].key", "not set"},
    {"env-in-enum", HEAD "log:\n  level: ${STEWARD_TEST_SECRET}\n", 5, 10, "log.level", "not shown"},
    {"two-backup-kinds", "version: 1\nsecret:\n  source: backup\n  backup:\n    env: STEWARD_TEST_SECRET\n"
                         "    file: backup.secret\n",
     6, 5, "secret.backup.file", "only one of env, file or value"},
    {"foreign-section", "version: 1\nsecret:\n  source: backup\n  backup: {env: STEWARD_TEST_SECRET}\n"
                        "  sealed: {key: {provider: dstack}}\n",
     5, 3, "secret.sealed", "only used with source: sealed"},
    {"foreign-provider-key",
     "version: 1\nsecret:\n  source: sealed\n  sealed:\n    key:\n      provider: keyfile\n      file: seal.key\n"
     "      socket: /run/x.sock\n",
     8, 7, "secret.sealed.key.socket", "only used with provider: dstack"},
};

/* Generated cases: counts above the limits, deep nesting, size. */
static void generated_cases(void)
{
    size_t cap = 64 * 1024, len = 0;
    char *buf = malloc(cap);
    len += (size_t)snprintf(buf + len, cap - len, HEAD "tenants:\n");
    for (int i = 0; i < 65; i++)
        len += (size_t)snprintf(buf + len, cap - len, "  - id: t%d\n", i);
    run_case("too-many-tenants", buf, len, 4 + 65, 5, "tenants[64]", "at most 64");

    len = (size_t)snprintf(buf, cap, HEAD "strategies:\n");
    for (int i = 0; i < 129; i++)
        len += (size_t)snprintf(buf + len, cap - len, "  - {name: s%d, file: strategies/rebalance.lua, schedule: {every: 1m}}\n", i);
    run_case("too-many-strategies", buf, len, 4 + 129, 5, "strategies[128]", "at most 128");

    /* 70 nested flow sequences inside params: refused at depth 64 (root mapping = 1). */
    const char *pre = STRAT_HEAD "  - name: a\n    file: strategies/rebalance.lua\n    schedule: {every: 30s}\n    params: {x: ";
    len = (size_t)snprintf(buf, cap, "%s", pre);
    for (int i = 0; i < 70; i++)
        buf[len++] = '[';
    for (int i = 0; i < 70; i++)
        buf[len++] = ']';
    len += (size_t)snprintf(buf + len, cap - len, "}\n");
    /* Containers: root, strategies, the item, params, then '['s: the 61st '[' is the 65th. */
    char deep_path[512];
    size_t dp = (size_t)snprintf(deep_path, sizeof deep_path, "strategies[0].params.x");
    for (int i = 0; i < 60; i++)
        dp += (size_t)snprintf(deep_path + dp, sizeof deep_path - dp, "[0]");
    run_case("too-deep", buf, len, 8, 17 + 60, deep_path, "nesting deeper than 64");
    free(buf);

    /* Larger than 1 MiB: comments, so only the size is wrong. */
    size_t big = CONFIG_MAX_FILE_SIZE + 10;
    char *huge = malloc(big);
    memcpy(huge, HEAD, strlen(HEAD));
    memset(huge + strlen(HEAD), '#', big - strlen(HEAD));
    huge[big - 1] = '\n';
    run_case("too-large", huge, big, 1, 1, "", "larger than 1048576 bytes");
    free(huge);

    /* Binary garbage: random bytes with NULs in them; the first bad byte is found. */
    unsigned char garbage[512];
    uint32_t x = 0x12345678u;
    for (size_t i = 0; i < sizeof garbage; i++) {
        x = x * 1103515245u + 12345u;
        garbage[i] = (unsigned char)(x >> 24);
    }
    memcpy(garbage, "version: 1\nxy", 13); /* so the position is not simply 1:1 */
    garbage[13] = 0x00;
    run_case("binary-nul", (const char *)garbage, sizeof garbage, 2, 3, "", "NUL byte");
    garbage[13] = 0xFF;
    run_case("binary-utf8", (const char *)garbage, sizeof garbage, 2, 3, "", "invalid UTF-8");
    garbage[13] = 0x07;
    run_case("binary-control", (const char *)garbage, sizeof garbage, 2, 3, "", "control character");
    const char overlong[] = "version: 1\ndata_dir: \"\xC0\xAF\"\n";
    run_case("overlong-utf8", overlong, sizeof overlong - 1, 2, 12, "", "invalid UTF-8");
}

/* An unreadable secret file. Root reads any file regardless of its mode, so then the
 * load runs in a child that has given up root (as nobody); otherwise mode 0000 does it. */
static void unreadable_case(void)
{
    const char *text = "version: 1\nsecret:\n  source: backup\n  backup:\n    file: noread.secret\n";
    char file[PATH_MAX + 64], secret[PATH_MAX + 64];
    snprintf(file, sizeof file, "%s/unreadable.yaml", dir);
    snprintf(secret, sizeof secret, "%s/noread.secret", dir);
    testfs_write_file(file, text, strlen(text), 0644);
    if (geteuid() != 0) {
        chmod(secret, 0000);
        st_err err = {0};
        int rc = config_load_file(file, &cfg, &err);
        expect("unreadable", file, rc, err.msg, &cfg, 5, 11, "secret.backup.file", "cannot be read");
        return;
    }
    int fds[2];
    if (pipe(fds) != 0) {
        perror("pipe");
        exit(2);
    }
    pid_t pid = fork();
    if (pid == 0) {
        close(fds[0]);
        st_err err = {0};
        int rc = -2;
        if (setgid(65534) == 0 && setuid(65534) == 0)
            rc = config_load_file(file, &cfg, &err);
        else
            snprintf(err.msg, sizeof err.msg, "SKIP: cannot drop root: %s", strerror(errno));
        if (rc == 0)
            config_free(&cfg);
        char out[sizeof err.msg + 16];
        int n = snprintf(out, sizeof out, "%d %s", rc, err.msg);
        if (write(fds[1], out, (size_t)n) != n)
            _exit(3);
        _exit(is_zero(&cfg, sizeof cfg) ? 0 : 4);
    }
    close(fds[1]);
    char in[ST_ERR_MAX + 32] = "";
    size_t got = 0;
    ssize_t r;
    while ((r = read(fds[0], in + got, sizeof in - 1 - got)) > 0)
        got += (size_t)r;
    in[got] = '\0';
    close(fds[0]);
    int status;
    waitpid(pid, &status, 0);
    if (strstr(in, "SKIP:") != NULL) {
        printf("unreadable case skipped: %s\n", in);
        return;
    }
    struct config zero;
    memset(&zero, 0, sizeof zero);
    const char *msg = strchr(in, ' ') ? strchr(in, ' ') + 1 : in;
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    expect("unreadable", file, atoi(in), msg, &zero, 5, 11, "secret.backup.file", "cannot be read");
}

int main(void)
{
    setup();
    size_t n = sizeof cases / sizeof *cases;
    for (size_t i = 0; i < n; i++)
        run_case(cases[i].name, cases[i].text, strlen(cases[i].text), cases[i].line, cases[i].col, cases[i].path,
                 cases[i].keyword);
    generated_cases();
    unreadable_case();

    /* The same failures through config_load_buffer: name and position as given. */
    st_err err = {0};
    const char *text = "version: 1\nsecret:\n  source: dev\nchains:\n  eth: {chain_id: x}\n";
    int rc = config_load_buffer("inline.yaml", dir, text, strlen(text), &cfg, &err);
    expect("buffer", "inline.yaml", rc, err.msg, &cfg, 5, 19, "chains.eth.chain_id", "expected a decimal integer");
    st_err_clear(&err);
    rc = config_load_file("/nonexistent/steward.yaml", &cfg, &err);
    expect("no-such-file", "/nonexistent/steward.yaml", rc, err.msg, &cfg, 1, 1, "", "No such file");
    st_err_clear(&err);
    rc = config_load_file(dir, &cfg, &err);
    expect("folder-as-config", dir, rc, err.msg, &cfg, 1, 1, "", "not a regular file");
    /* A NULL err is allowed: the load still fails and frees. */
    rc = config_load_buffer("x", NULL, "version: 2\n", 11, &cfg, NULL);
    CHECK(rc == -1 && is_zero(&cfg, sizeof cfg));

    printf("%zu table cases + generated cases run\n", n);
    cleanup();
    return check_summary();
}
