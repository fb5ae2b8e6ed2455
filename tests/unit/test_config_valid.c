/* test_config_valid: valid configurations, every default and every parsed value.
 *
 * Fixtures come from tests/configs (through $STEWARD_TESTS); configurations that need
 * files with a private mode are written to a temporary folder, since git keeps no modes. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "testfs.h"
#include "config/config.h"
#include "util/log.h"

static char dir[256];
static struct config cfg; /* large: keep it off the stack */

/* A valid backup file's content (the BIP-39 test mnemonic). */
static const char ABOUT[] = "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon "
                            "abandon about\n";

static char *in_dir(const char *rel)
{
    static char bufs[8][512];
    static int next;
    char *b = bufs[next++ % 8];
    snprintf(b, sizeof bufs[0], "%s/%s", dir, rel);
    return b;
}

/* Loads dir/<name> (written from text) and reports the error if any. */
static int load(const char *name, const char *text)
{
    testfs_write_file(in_dir(name), text, strlen(text), 0644);
    st_err err = {0};
    int rc = config_load_file(in_dir(name), &cfg, &err);
    if (rc != 0)
        fprintf(stderr, "unexpected error: %s\n", err.msg);
    CHECK(rc == 0);
    return rc;
}

static void test_minimal_defaults(void)
{
    const char *tests = getenv("STEWARD_TESTS");
    char path[PATH_MAX], folder[3 * PATH_MAX];
    snprintf(path, sizeof path, "%s/configs/minimal.yaml", tests ? tests : "tests");
    st_err err = {0};
    int rc = config_load_file(path, &cfg, &err);
    if (rc != 0)
        fprintf(stderr, "minimal: %s\n", err.msg);
    CHECK(rc == 0);
    /* base_dir is absolute even when STEWARD_TESTS is relative. */
    if (path[0] == '/')
        snprintf(folder, sizeof folder, "%s/configs", tests);
    else {
        char cwd[PATH_MAX];
        CHECK(getcwd(cwd, sizeof cwd) != NULL);
        snprintf(folder, sizeof folder, "%s/%s/configs", cwd, tests ? tests : "tests");
    }
    CHECK_STR(cfg.source_path, path);
    CHECK_STR(cfg.base_dir, folder);
    CHECK(cfg.version == 1);
    char want[4 * PATH_MAX];
    snprintf(want, sizeof want, "%s/steward-data", folder);
    CHECK_STR(cfg.data_dir, want);
    CHECK(cfg.log_level == LOG_INFO);
    CHECK(cfg.log_format == LOG_FORMAT_TEXT);
    CHECK(cfg.secret.source == SECRET_SOURCE_DEV);
    snprintf(want, sizeof want, "%s/steward-data/dev-backup.secret", folder);
    CHECK_STR(cfg.secret.dev.file, want);
    CHECK(cfg.n_tenants == 1);
    CHECK_STR(cfg.tenants[0].id, "default");
    CHECK(config_find_tenant(&cfg, "default") == &cfg.tenants[0]);
    CHECK(config_find_tenant(&cfg, "alice") == NULL);
    CHECK(cfg.chains.btc_network == BTC_MAINNET);
    CHECK(cfg.chains.eth_chain_id == 1);
    CHECK(cfg.n_strategies == 0);
    /* Nothing of the other sources is set. */
    CHECK(cfg.secret.backup.env == NULL && cfg.secret.backup.file == NULL && cfg.secret.backup.value.p == NULL);
    CHECK(cfg.secret.sealed.file == NULL && cfg.secret.mpc.rpc_url == NULL);
    config_free(&cfg);
    config_free(&cfg); /* safe twice */
    CHECK(cfg.data_dir == NULL && cfg.n_tenants == 0);
}

static void test_full_fixture(void)
{
    const char *tests = getenv("STEWARD_TESTS");
    char path[2 * PATH_MAX], folder[PATH_MAX + 16], want[PATH_MAX + 64];
    snprintf(folder, sizeof folder, "%s/configs", tests ? tests : "tests");
    snprintf(path, sizeof path, "%s/full.yaml", folder);
    setenv("STEWARD_BACKUP", "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon "
                             "abandon about", 1);
    setenv("BIP39_PASS", "TREZOR", 1);
    st_err err = {0};
    int rc = config_load_file(path, &cfg, &err);
    if (rc != 0)
        fprintf(stderr, "full: %s\n", err.msg);
    CHECK(rc == 0);
    if (rc != 0)
        return;
    snprintf(want, sizeof want, "%s/state/data", folder);
    CHECK(folder[0] != '/' || strcmp(cfg.data_dir, want) == 0); /* "./state//data" tidied */
    CHECK(strstr(cfg.data_dir, "/./") == NULL && strstr(cfg.data_dir, "//") == NULL);
    CHECK(cfg.log_level == LOG_DEBUG);
    CHECK(cfg.log_format == LOG_FORMAT_JSON);
    CHECK(cfg.secret.source == SECRET_SOURCE_BACKUP);
    CHECK_STR(cfg.secret.backup.env, "STEWARD_BACKUP");
    CHECK(cfg.secret.backup.file == NULL && cfg.secret.backup.value.p == NULL);
    CHECK(cfg.secret.backup.has_passphrase == 1);
    CHECK(cfg.secret.backup.passphrase.len == 6 && memcmp(cfg.secret.backup.passphrase.p, "TREZOR", 6) == 0);
    CHECK(cfg.secret.backup.passphrase.p[6] == 0);
    CHECK(cfg.n_tenants == 3);
    CHECK_STR(cfg.tenants[0].id, "default");
    CHECK_STR(cfg.tenants[1].id, "alice");
    CHECK_STR(cfg.tenants[2].id, "bob-2");
    CHECK(cfg.chains.btc_network == BTC_SIGNET);
    CHECK(cfg.chains.eth_chain_id == 11155111);
    CHECK(cfg.n_strategies == 2);

    const struct config_strategy *r = config_find_strategy(&cfg, "rebalance");
    CHECK(r == &cfg.strategies[0]);
    if (r) {
        CHECK(strstr(r->file, "/configs/strategies/rebalance.lua") != NULL);
        CHECK_STR(r->tenant, "default");
        CHECK(r->enabled == 1);
        CHECK(r->schedule.every_ms == 5400000);
        CHECK(r->schedule.cron == NULL);
        CHECK(r->schedule.jitter_ms == 5000);
        CHECK(r->schedule.run_on_start == 1);
        CHECK_STR(r->params_json, "{\"target\":{\"eth\":\"0.5\",\"btc\":\"0.5\"},\"max_slippage_bps\":30,"
                                  "\"ratio\":0.25,\"dry_run\":false,\"note\":null,\"assets\":[\"eth\",\"btc\",7,\"7\"]}");
        json_error_t je;
        json_t *j = json_loads(r->params_json, 0, &je);
        CHECK(j != NULL && json_integer_value(json_object_get(j, "max_slippage_bps")) == 30);
        json_decref(j);
    }
    const struct config_strategy *d = config_find_strategy(&cfg, "dca");
    CHECK(d == &cfg.strategies[1]);
    if (d) {
        CHECK_STR(d->tenant, "alice");
        CHECK(d->enabled == 0);
        CHECK(d->schedule.every_ms == 0);
        CHECK_STR(d->schedule.cron, "*/15 9-17 * * 1-5");
        CHECK(d->schedule.jitter_ms == 0);
        CHECK(d->schedule.run_on_start == 0);
        CHECK_STR(d->params_json, "{}");
    }
    CHECK(config_find_strategy(&cfg, "nope") == NULL);
    config_free(&cfg);
    unsetenv("BIP39_PASS");
}

static void test_backup_file_and_value(void)
{
    testfs_write_file(in_dir("backup.secret"), ABOUT, strlen(ABOUT), 0600);
    if (load("backup-file.yaml", "version: 1\nsecret:\n  source: backup\n  backup:\n    file: ./backup.secret\n") == 0) {
        CHECK_STR(cfg.secret.backup.file, in_dir("backup.secret"));
        CHECK(cfg.secret.backup.env == NULL && cfg.secret.backup.has_passphrase == 0);
        config_free(&cfg);
    }
    /* An absolute path is kept as is. */
    char text[1024];
    snprintf(text, sizeof text, "version: 1\nsecret:\n  source: backup\n  backup: {file: \"%s\"}\n",
             in_dir("backup.secret"));
    if (load("backup-abs.yaml", text) == 0) {
        CHECK_STR(cfg.secret.backup.file, in_dir("backup.secret"));
        config_free(&cfg);
    }

    setenv("STEWARD_TEST_SECRET", "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", 1);
    setenv("STEWARD_TEST_EMPTY", "", 1);
    if (load("backup-value.yaml", "version: 1\nsecret:\n  source: backup\n  backup:\n    value: ${STEWARD_TEST_SECRET}\n"
                                  "    passphrase: \"${STEWARD_TEST_EMPTY}\"\n") == 0) {
        CHECK(cfg.secret.backup.value.len == 64);
        CHECK(memcmp(cfg.secret.backup.value.p, getenv("STEWARD_TEST_SECRET"), 64) == 0);
        CHECK(cfg.secret.backup.value.p[64] == 0);
        CHECK(cfg.secret.backup.has_passphrase == 1 && cfg.secret.backup.passphrase.len == 0);
        config_free(&cfg);
        CHECK(cfg.secret.backup.value.p == NULL);
    }
}

static void test_sealed(void)
{
    testfs_write_file(in_dir("seal.key"), "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", 64, 0400);
    if (load("sealed-keyfile.yaml", "version: 1\ndata_dir: /var/lib/steward\nsecret:\n  source: sealed\n  sealed:\n"
                                    "    key:\n      provider: keyfile\n      file: seal.key\n") == 0) {
        CHECK(cfg.secret.source == SECRET_SOURCE_SEALED);
        CHECK_STR(cfg.data_dir, "/var/lib/steward");
        CHECK_STR(cfg.secret.sealed.file, "/var/lib/steward/master.sealed");
        CHECK(cfg.secret.sealed.provider == SEALING_KEY_FILE);
        CHECK(cfg.secret.sealed.create == 1); /* default: create on first boot */
        CHECK_STR(cfg.secret.sealed.key_file, in_dir("seal.key"));
        CHECK(cfg.secret.sealed.passphrase.p == NULL && cfg.secret.sealed.dstack_socket == NULL);
        config_free(&cfg);
    }
    if (load("sealed-nocreate.yaml", "version: 1\nsecret:\n  source: sealed\n  sealed:\n    create: false\n"
                                     "    key:\n      provider: keyfile\n      file: seal.key\n") == 0) {
        CHECK(cfg.secret.sealed.create == 0);
        config_free(&cfg);
    }
    setenv("SEAL_PASS", "correct horse battery staple", 1);
    if (load("sealed-pass.yaml", "version: 1\nsecret:\n  source: sealed\n  sealed:\n    file: keep/master.sealed\n"
                                 "    key:\n      provider: passphrase\n      passphrase: ${SEAL_PASS}\n") == 0) {
        CHECK_STR(cfg.secret.sealed.file, in_dir("keep/master.sealed")); /* need not exist */
        CHECK(cfg.secret.sealed.provider == SEALING_KEY_PASSPHRASE);
        CHECK(cfg.secret.sealed.passphrase.len == 28);
        CHECK(memcmp(cfg.secret.sealed.passphrase.p, "correct horse battery staple", 28) == 0);
        CHECK(cfg.secret.sealed.argon2_opslimit == 3 && cfg.secret.sealed.argon2_memlimit_mib == 256);
        config_free(&cfg);
    }
    if (load("sealed-pass2.yaml", "version: 1\nsecret:\n  source: sealed\n  sealed:\n    key:\n      provider: passphrase\n"
                                  "      passphrase: ${SEAL_PASS}\n      argon2_opslimit: 20\n"
                                  "      argon2_memlimit_mib: 8\n") == 0) {
        CHECK(cfg.secret.sealed.argon2_opslimit == 20 && cfg.secret.sealed.argon2_memlimit_mib == 8);
        config_free(&cfg);
    }
    if (load("sealed-dstack.yaml", "version: 1\nsecret:\n  source: sealed\n  sealed:\n    key: {provider: dstack}\n") == 0) {
        CHECK(cfg.secret.sealed.provider == SEALING_KEY_DSTACK);
        CHECK_STR(cfg.secret.sealed.dstack_socket, "/var/run/dstack.sock");
        CHECK_STR(cfg.secret.sealed.dstack_path, "steward/sealing/v1");
        CHECK_STR(cfg.secret.sealed.file, in_dir("steward-data/master.sealed"));
        config_free(&cfg);
    }
    if (load("sealed-dstack2.yaml", "version: 1\nsecret:\n  source: sealed\n  sealed:\n    key:\n      provider: dstack\n"
                                    "      socket: run/dstack.sock\n      path: my/key/v2\n") == 0) {
        CHECK_STR(cfg.secret.sealed.dstack_socket, in_dir("run/dstack.sock"));
        CHECK_STR(cfg.secret.sealed.dstack_path, "my/key/v2");
        config_free(&cfg);
    }
}

static void test_mpc(void)
{
    /* The account key file need only exist with a private mode here; its content is read at
     * recovery (test_secret_mpc). */
    testfs_write_file(in_dir("near.key"), "ed25519:x\n", 10, 0600);
    setenv("STEWARD_TEST_NEAR_KEY", "ed25519:x", 1);
    if (load("mpc-min.yaml", "version: 1\nsecret:\n  source: mpc\n  mpc:\n    rpc_url: http://127.0.0.1:3030\n"
                             "    signer_contract: v1.signer\n    account_id: steward.near\n"
                             "    account_key: {file: near.key}\n") == 0) {
        CHECK(cfg.secret.source == SECRET_SOURCE_MPC);
        CHECK_STR(cfg.secret.mpc.rpc_url, "http://127.0.0.1:3030");
        CHECK_STR(cfg.secret.mpc.signer_contract, "v1.signer");
        CHECK_STR(cfg.secret.mpc.account_id, "steward.near");
        CHECK_STR(cfg.secret.mpc.derivation_path, "steward/master/v1");
        CHECK(cfg.secret.mpc.domain_id == 2);
        CHECK(cfg.secret.mpc.network_public_key == NULL);
        CHECK_STR(cfg.secret.mpc.account_key_file, in_dir("near.key"));
        CHECK(cfg.secret.mpc.account_key_env == NULL);
        CHECK(cfg.secret.mpc.gas == 300000000000000ull);
        CHECK(cfg.secret.mpc.proxy_contract == NULL && cfg.secret.mpc.proxy_method == NULL);
        CHECK(cfg.secret.mpc.hkdf_salt == NULL && cfg.secret.mpc.hkdf_info == NULL);
        CHECK(cfg.secret.mpc.retries == 5);
        CHECK(cfg.secret.mpc.timeout_ms == 60000);
        config_free(&cfg);
    }
    if (load("mpc-full.yaml", "version: 1\nsecret:\n  source: mpc\n  mpc:\n    rpc_url: https://rpc.testnet.near.org\n"
                              "    signer_contract: v1.signer-prod.testnet\n    account_id: alice.testnet\n"
                              "    derivation_path: app/v7\n    domain_id: 0\n"
                              "    network_public_key: bls12381g2:6mDeVaJ6o8\n"
                              "    account_key: {env: STEWARD_TEST_NEAR_KEY}\n    gas: 100000000000000\n"
                              "    proxy: {contract: proxy.alice.testnet, method: request_key}\n"
                              "    hkdf: {salt: steward-salt, info: master}\n    retries: 0\n    timeout: 90s\n") == 0) {
        CHECK_STR(cfg.secret.mpc.derivation_path, "app/v7");
        CHECK(cfg.secret.mpc.domain_id == 0);
        CHECK_STR(cfg.secret.mpc.network_public_key, "bls12381g2:6mDeVaJ6o8");
        CHECK_STR(cfg.secret.mpc.account_key_env, "STEWARD_TEST_NEAR_KEY");
        CHECK(cfg.secret.mpc.account_key_file == NULL);
        CHECK(cfg.secret.mpc.gas == 100000000000000ull);
        CHECK_STR(cfg.secret.mpc.proxy_contract, "proxy.alice.testnet");
        CHECK_STR(cfg.secret.mpc.proxy_method, "request_key");
        CHECK_STR(cfg.secret.mpc.hkdf_salt, "steward-salt");
        CHECK_STR(cfg.secret.mpc.hkdf_info, "master");
        CHECK(cfg.secret.mpc.retries == 0);
        CHECK(cfg.secret.mpc.timeout_ms == 90000);
        config_free(&cfg);
    }
    unsetenv("STEWARD_TEST_NEAR_KEY");
}

static void test_expansion_and_paths(void)
{
    setenv("STEWARD_TEST_DIR", "/srv/steward", 1);
    setenv("STEWARD_TEST_NET", "regtest", 1);
    setenv("STEWARD_TEST_CHAIN", "31337", 1);
    setenv("STEWARD_TEST_EVERY", "45s", 1);
    setenv("STEWARD_TEST_NAME", "weird \"value\"", 1);
    testfs_write_file(in_dir("s.lua"), "", 0, 0644);
    if (load("expand.yaml",
             "version: 1\ndata_dir: ${STEWARD_TEST_DIR}/data\nsecret:\n  source: dev\n  dev:\n    file: ../dev.secret\n"
             "chains:\n  btc: {network: \"${STEWARD_TEST_NET}\"}\n  eth: {chain_id: \"${STEWARD_TEST_CHAIN}\"}\n"
             "strategies:\n  - name: s\n    file: s.lua\n    schedule: {every: \"${STEWARD_TEST_EVERY}\"}\n"
             "    params:\n      who: ${STEWARD_TEST_NAME}\n      literal: $${NOT_EXPANDED}\n      cost: $5\n"
             "      n: ${STEWARD_TEST_CHAIN}\n") == 0) {
        CHECK_STR(cfg.data_dir, "/srv/steward/data");
        /* ".." is kept (textual resolution does not cross symbolic links). */
        CHECK_STR(cfg.secret.dev.file, in_dir("../dev.secret"));
        CHECK(cfg.chains.btc_network == BTC_REGTEST);
        CHECK(cfg.chains.eth_chain_id == 31337);
        CHECK(cfg.strategies[0].schedule.every_ms == 45000);
        /* Expanded scalars are strings in params, whatever they look like. */
        CHECK_STR(cfg.strategies[0].params_json,
                  "{\"who\":\"weird \\\"value\\\"\",\"literal\":\"${NOT_EXPANDED}\",\"cost\":\"$5\",\"n\":\"31337\"}");
        config_free(&cfg);
    }
}

static void test_params_typing(void)
{
    testfs_write_file(in_dir("p.lua"), "", 0, 0644);
    if (load("params.yaml",
             "version: 1\nsecret: {source: dev}\nstrategies:\n  - name: p\n    file: p.lua\n    schedule: {every: 1s}\n"
             "    params:\n      ints: [0, -3, 42, 9223372036854775807, 9223372036854775808, 007, 0x1F]\n"
             "      floats: [0.5, -1.25e3, 1e-9, 1., .5, 1e999, .inf, .nan]\n"
             "      bools: [true, false, True, yes, \"true\"]\n"
             "      nulls: [~, null, \"\"]\n      none:\n"
             "      text: \"line\\nbreak\\ttab\\u0001\"\n"
             "      block: |\n        two\n        lines\n"
             "      tagged: !!str 12\n"
             "      unicode: \"gr\\u00fc\\u00dfe\"\n"
             "      \"odd key\": {nested: {deeper: [[]]}}\n") == 0) {
        CHECK_STR(cfg.strategies[0].params_json,
                  "{\"ints\":[0,-3,42,9223372036854775807,\"9223372036854775808\",\"007\",\"0x1F\"],"
                  "\"floats\":[0.5,-1.25e3,1e-9,\"1.\",\".5\",\"1e999\",\".inf\",\".nan\"],"
                  "\"bools\":[true,false,\"True\",\"yes\",\"true\"],"
                  "\"nulls\":[null,null,\"\"],\"none\":null,"
                  "\"text\":\"line\\nbreak\\ttab\\u0001\","
                  "\"block\":\"two\\nlines\\n\","
                  "\"tagged\":\"12\","
                  "\"unicode\":\"gr\xc3\xbc\xc3\x9f" "e\","
                  "\"odd key\":{\"nested\":{\"deeper\":[[]]}}}");
        json_error_t je;
        json_t *j = json_loads(cfg.strategies[0].params_json, 0, &je);
        CHECK(j != NULL);
        if (j == NULL)
            fprintf(stderr, "params JSON does not parse: %s\n", je.text);
        json_decref(j);
        CHECK(cfg.strategies[0].schedule.every_ms == 1000);
        config_free(&cfg);
    }
}

static void test_small_forms(void)
{
    /* Empty values where mappings are expected mean "all defaults"; flow style works too. */
    if (load("empty-sections.yaml", "version: 1\nlog:\nsecret: {source: dev, dev: }\nchains:\n  btc:\n  sol:\n"
                                    "strategies:\n") == 0) {
        CHECK(cfg.log_level == LOG_INFO && cfg.chains.btc_network == BTC_MAINNET && cfg.n_strategies == 0);
        CHECK_STR(cfg.secret.dev.file, in_dir("steward-data/dev-backup.secret"));
        config_free(&cfg);
    }
    /* Explicit document markers, CRLF line ends, a BOM, core tags and ids of 64 characters. */
    const char *id64 = "a234567890123456789012345678901234567890123456789012345678901234";
    char text[1024];
    snprintf(text, sizeof text,
             "\xEF\xBB\xBF---\r\nversion: !!int 1\r\nsecret: !!map\r\n  source: !!str dev\r\n"
             "tenants:\r\n  - id: %s\r\n  - id: \"0_-\"\r\n...\r\n", id64);
    if (load("markers.yaml", text) == 0) {
        CHECK(cfg.n_tenants == 2);
        CHECK_STR(cfg.tenants[0].id, id64);
        CHECK_STR(cfg.tenants[1].id, "0_-");
        config_free(&cfg);
    }
    /* Cron forms and whitespace between fields. */
    testfs_write_file(in_dir("c.lua"), "", 0, 0644);
    if (load("cron.yaml", "version: 1\nsecret: {source: dev}\nstrategies:\n"
                          "  - {name: a, file: c.lua, schedule: {cron: \"0 0 1 1 0\"}}\n"
                          "  - {name: b, file: c.lua, schedule: {cron: \"59 23 31 12 7\", jitter: 90m}}\n"
                          "  - {name: c, file: c.lua, schedule: {cron: \"1,2,5-9,*/7  0/6 1-31/2 * 0-7\"}}\n") == 0) {
        CHECK(cfg.n_strategies == 3);
        CHECK_STR(cfg.strategies[1].schedule.cron, "59 23 31 12 7");
        CHECK(cfg.strategies[1].schedule.jitter_ms == 5400000);
        config_free(&cfg);
    }
}

static void test_embedded_and_starter(void)
{
    /* examples/paper.yaml is what the binary embeds; it must load with base_dir NULL. */
    const char *tests = getenv("STEWARD_TESTS");
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/../examples/paper.yaml", tests ? tests : "tests");
    FILE *f = fopen(path, "rb");
    CHECK(f != NULL);
    if (f) {
        static char buf[65536];
        size_t n = fread(buf, 1, sizeof buf, f);
        fclose(f);
        st_err err = {0};
        int rc = config_load_buffer("<embedded default>", NULL, buf, n, &cfg, &err);
        if (rc != 0)
            fprintf(stderr, "paper.yaml: %s\n", err.msg);
        CHECK(rc == 0);
        char cwd[PATH_MAX], want[PATH_MAX + 32];
        CHECK(getcwd(cwd, sizeof cwd) != NULL);
        snprintf(want, sizeof want, "%s/steward-data", cwd);
        CHECK_STR(cfg.source_path, "<embedded default>");
        CHECK_STR(cfg.base_dir, cwd);
        CHECK_STR(cfg.data_dir, want);
        CHECK(cfg.secret.source == SECRET_SOURCE_DEV);
        CHECK(cfg.chains.btc_network == BTC_REGTEST);
        config_free(&cfg);
    }
    /* A buffer with a relative base_dir resolves against cwd/base_dir. */
    st_err err = {0};
    const char *text = "version: 1\ndata_dir: d\nsecret:\n  source: dev\n";
    int rc = config_load_buffer("b.yaml", "some/./where/", text, strlen(text), &cfg, &err);
    CHECK(rc == 0);
    if (rc == 0) {
        CHECK(strstr(cfg.data_dir, "/some/where/d") != NULL && cfg.data_dir[0] == '/');
        config_free(&cfg);
    }
    /* The configuration `steward init` writes (core/cli/cli_init.c). */
    testfs_write_file(in_dir("backup.secret"), ABOUT, strlen(ABOUT), 0600);
    if (load("starter.yaml", "# steward configuration, written by `steward init`. Schema: docs/config.md.\n"
                             "version: 1\n"
                             "data_dir: data                 # the store (SQLite) lives here; relative to this file\n"
                             "log:\n  level: info\n  format: text\n"
                             "secret:\n  source: backup\n  backup:\n    file: backup.secret\n"
                             "tenants:\n  - id: default\n"
                             "chains:\n  btc:\n    network: regtest\n  eth:\n    chain_id: 31337\n") == 0) {
        CHECK_STR(cfg.data_dir, in_dir("data"));
        CHECK_STR(cfg.secret.backup.file, in_dir("backup.secret"));
        CHECK(cfg.chains.eth_chain_id == 31337);
        config_free(&cfg);
    }
}

/* The full example in docs/config.md must load: the documentation is tested, not trusted. */
static void test_docs_example(void)
{
    const char *tests = getenv("STEWARD_TESTS");
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/../docs/config.md", tests ? tests : "tests");
    FILE *f = fopen(path, "rb");
    CHECK(f != NULL);
    if (f == NULL)
        return;
    static char doc[131072];
    size_t n = fread(doc, 1, sizeof doc - 1, f);
    fclose(f);
    doc[n] = '\0';
    char *start = strstr(doc, "## Full example");
    start = start ? strstr(start, "```yaml\n") : NULL;
    char *end = start ? strstr(start + 8, "```") : NULL;
    CHECK(start != NULL && end != NULL);
    if (start == NULL || end == NULL)
        return;
    *end = '\0';
    char sub[512];
    snprintf(sub, sizeof sub, "%s/strategies", dir);
    mkdir(sub, 0755);
    testfs_write_file(in_dir("strategies/rebalance.lua"), "", 0, 0644);
    testfs_write_file(in_dir("strategies/dca.lua"), "", 0, 0644);
    testfs_write_file(in_dir("backup.secret"), ABOUT, strlen(ABOUT), 0600);
    setenv("BIP39_PASS", "x", 1);
    if (load("docs-example.yaml", start + 8) == 0) {
        CHECK_STR(cfg.data_dir, in_dir("state"));
        CHECK(cfg.log_format == LOG_FORMAT_JSON);
        CHECK_STR(cfg.secret.backup.file, in_dir("backup.secret"));
        CHECK(cfg.secret.backup.has_passphrase == 1);
        CHECK(cfg.n_tenants == 2 && cfg.n_strategies == 2);
        CHECK(cfg.strategies[0].schedule.every_ms == 5400000);
        CHECK_STR(cfg.strategies[0].params_json, "{\"target\":{\"eth\":\"0.5\",\"btc\":\"0.5\"},\"max_slippage_bps\":30}");
        CHECK_STR(cfg.strategies[1].tenant, "alice");
        config_free(&cfg);
    }
    unsetenv("BIP39_PASS");
}

static void test_names(void)
{
    CHECK_STR(config_secret_source_name(SECRET_SOURCE_MPC), "mpc");
    CHECK_STR(config_secret_source_name((enum secret_source_kind)9), "?");
    CHECK_STR(config_sealing_provider_name(SEALING_KEY_FILE), "keyfile");
    CHECK_STR(config_btc_network_name(BTC_SIGNET), "signet");
}

/* chains.<name>: the host's keys are read, everything else becomes the plugin's options. */
static void test_chains(void)
{
    testfs_write_file(in_dir("fake.so"), "not really a plugin", 19, 0644);
    setenv("CFG_TEST_RPC", "http://127.0.0.1:8545", 1);
    if (load("chains.yaml", "version: 1\nsecret: {source: dev}\nchains:\n"
                            "  eth:\n    plugin: fake.so\n    rpc: ${CFG_TEST_RPC}\n    rpc_timeout: 2s\n"
                            "    rpc_retries: 0\n    chain_id: 31337\n    erc20: {USDC: {address: \"0xab\", decimals: 6}}\n"
                            "  btc:\n    network: regtest\n    backend: esplora\n"
                            "  sol:\n  mychain: {rpc: https://example.invalid/rpc}\n") == 0) {
        CHECK(cfg.chains.n == 4);
        const struct config_chain *eth = config_find_chain(&cfg, "eth");
        CHECK(eth != NULL && strcmp(eth->name, "eth") == 0);
        CHECK_STR(eth ? eth->plugin : NULL, in_dir("fake.so"));
        CHECK_STR(eth ? eth->rpc : NULL, "http://127.0.0.1:8545");
        CHECK(eth && eth->rpc_timeout_ms == 2000 && eth->rpc_retries == 0 && eth->line == 4 && eth->col == 3);
        CHECK_STR(eth ? eth->options_json : NULL, "{\"chain_id\":31337,\"erc20\":{\"USDC\":{\"address\":\"0xab\",\"decimals\":6}}}");
        CHECK(cfg.chains.eth_chain_id == 31337 && cfg.chains.btc_network == BTC_REGTEST);
        const struct config_chain *btc = config_find_chain(&cfg, "btc");
        CHECK_STR(btc ? btc->options_json : NULL, "{\"network\":\"regtest\",\"backend\":\"esplora\"}");
        CHECK(btc && btc->plugin == NULL && btc->rpc == NULL && btc->rpc_timeout_ms == 10000 && btc->rpc_retries == 2);
        const struct config_chain *sol = config_find_chain(&cfg, "sol");
        CHECK_STR(sol ? sol->options_json : NULL, "{}");
        CHECK(config_find_chain(&cfg, "mychain") != NULL && config_find_chain(&cfg, "doge") == NULL);
        config_free(&cfg);
    }
}

/* policy: a mapping handed to the policy engine as JSON; absent means NULL. */
static void test_policy_section(void)
{
    if (load("policy.yaml", "version: 1\nsecret: {source: dev}\npolicy:\n  tenants:\n    default:\n"
                            "      eth: {ETH: {max_per_tx: \"0.5\", max_tx_per_hour: 10}}\n") == 0) {
        CHECK_STR(cfg.policy_json, "{\"tenants\":{\"default\":{\"eth\":{\"ETH\":{\"max_per_tx\":\"0.5\",\"max_tx_per_hour\":10}}}}}");
        CHECK(cfg.policy_line == 3 && cfg.policy_col == 1);
        config_free(&cfg);
    }
    if (load("nopolicy.yaml", "version: 1\nsecret: {source: dev}\n") == 0) {
        CHECK(cfg.policy_json == NULL);
        config_free(&cfg);
    }
}

int main(void)
{
    testfs_mkdtemp(dir, sizeof dir, "steward-config-valid");
    test_minimal_defaults();
    test_full_fixture();
    test_backup_file_and_value();
    test_sealed();
    test_mpc();
    test_expansion_and_paths();
    test_params_typing();
    test_small_forms();
    test_embedded_and_starter();
    test_docs_example();
    test_names();
    test_chains();
    test_policy_section();
    if (testfs_rmtree(dir) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
    return check_summary();
}
