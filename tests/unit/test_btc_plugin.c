/* test_btc_plugin.c: the plugin as the host sees it. Loads build/plugins/btc.so with dlopen
 * (or $STEWARD_BTC_PLUGIN) and drives every ABI function through a test host:
 *   - http / rpc_call answer from an in-memory table (a fake Esplora and a fake bitcoind)
 *     and record what the plugin sent;
 *   - sign holds a TEST secret key (this file is test code; the plugin never sees it),
 *     applies the BIP-86 tweak and signs with libsecp256k1, counting digests against the
 *     bound given by describe's "digests" like the real capability does;
 *   - alloc / free count, so the test can see that everything handed across is released.
 * Checked: entry table and metadata; derivation paths per network; BIP-86 addresses (the
 * published vectors of bip-0086); build -> describe -> sign -> assemble -> broadcast with
 * three inputs against Esplora and against bitcoind; the signed transaction re-parsed and
 * every input's signature verified against the spent output key; refusals: bad options,
 * wrong account, a capability that runs out, a host signature that does not verify, a
 * node answering another txid, HTTP errors, fee cap, insufficient funds, malformed answers,
 * wrong-network destinations; balances. */
#include <dlfcn.h>
#include <inttypes.h>
#include <libgen.h>
#include <secp256k1.h>
#include <secp256k1_extrakeys.h>
#include <secp256k1_schnorrsig.h>
#include <unistd.h>

#include "btc_sighash.h"
#include "btc_tx.h"
#include "check.h"
#include "crypto/addresses.h"
#include "crypto/hash.h"
#include "steward_plugin.h"
#include "util/hex.h"

/* ---- the test host ------------------------------------------------------------------- */

#define MAX_ROUTES 16

struct route {
    char key[256];   /* "GET /fee-estimates" or "rpc estimatesmartfee" */
    long status;     /* HTTP status; for rpc: 0 result, else a JSON-RPC error */
    char body[4096];
};

struct test_host {
    struct route routes[MAX_ROUTES];
    size_t n_routes;
    char last_post[8192];    /* body of the last POST */
    char last_params[1024];  /* params of the last rpc call */
    char fee_params[64];     /* params of the last estimatesmartfee */
    int allocs, frees;
    int signs, sign_bound;   /* signatures made, and allowed */
    int untweaked;           /* 1: sign with the internal key instead (a broken host) */
    uint8_t sk[32];
    secp256k1_context *ctx;
};

static struct test_host H;

static void route(const char *key, long status, const char *body)
{
    for (size_t i = 0; i < H.n_routes; i++)
        if (strcmp(H.routes[i].key, key) == 0) {
            H.routes[i].status = status;
            snprintf(H.routes[i].body, sizeof H.routes[i].body, "%s", body);
            return;
        }
    struct route *r = &H.routes[H.n_routes++];
    snprintf(r->key, sizeof r->key, "%s", key);
    r->status = status;
    snprintf(r->body, sizeof r->body, "%s", body);
}

static void *h_alloc(size_t n)
{
    H.allocs++;
    void *p = malloc(n);
    if (p == NULL)
        abort();
    return p;
}

static void h_free(void *p)
{
    if (p != NULL)
        H.frees++;
    free(p);
}

static char *h_strdup(const char *s)
{
    char *p = h_alloc(strlen(s) + 1);
    strcpy(p, s);
    return p;
}

static void h_log(void *ctx, enum stw_log_level level, const char *event, const char *msg)
{
    (void)ctx;
    (void)level;
    (void)event;
    (void)msg;
}

static int h_http(void *ctx, const char *verb, const char *path, const char *body, const char *ctype, long *status,
                  char **response, char err[STW_ERR_MAX])
{
    (void)ctx;
    char key[256];
    snprintf(key, sizeof key, "%s %s", verb, path);
    if (body != NULL) {
        snprintf(H.last_post, sizeof H.last_post, "%s", body);
        if (ctype == NULL || strcmp(ctype, "text/plain") != 0) {
            snprintf(err, STW_ERR_MAX, "test host: POST without text/plain");
            return -1;
        }
    }
    for (size_t i = 0; i < H.n_routes; i++)
        if (strcmp(H.routes[i].key, key) == 0) {
            *status = H.routes[i].status;
            *response = h_strdup(H.routes[i].body);
            return 0;
        }
    *status = 404;
    *response = h_strdup("not found");
    return 0;
}

static int h_rpc(void *ctx, const char *method, const char *params, char **result, char err[STW_ERR_MAX])
{
    (void)ctx;
    char key[256];
    snprintf(key, sizeof key, "rpc %s", method);
    snprintf(H.last_params, sizeof H.last_params, "%s", params);
    if (strcmp(method, "estimatesmartfee") == 0)
        snprintf(H.fee_params, sizeof H.fee_params, "%s", params);
    for (size_t i = 0; i < H.n_routes; i++)
        if (strcmp(H.routes[i].key, key) == 0) {
            if (H.routes[i].status != 0) {
                snprintf(err, STW_ERR_MAX, "rpc error %ld: %.400s", H.routes[i].status, H.routes[i].body);
                return -1;
            }
            *result = h_strdup(H.routes[i].body);
            return 0;
        }
    snprintf(err, STW_ERR_MAX, "rpc error -32601: Method not found");
    return -1;
}

static uint8_t PUB[33]; /* the test key's compressed public key */

static int h_sign(void *ctx, struct stw_sign_cap *cap, const struct stw_account *account, enum stw_sig_scheme scheme,
                  const uint8_t *msg, size_t msg_len, uint8_t sig[65], size_t *sig_len, char err[STW_ERR_MAX])
{
    (void)ctx;
    if (cap != (struct stw_sign_cap *)&H) {
        snprintf(err, STW_ERR_MAX, "unknown capability");
        return -1;
    }
    if (account == NULL || account->pubkey_len != 33 || memcmp(account->pubkey, PUB, 33) != 0) {
        snprintf(err, STW_ERR_MAX, "capability is for another account");
        return -1;
    }
    if (scheme != STW_SIG_SCHNORR_BIP340_TAPROOT || msg_len != 32) {
        snprintf(err, STW_ERR_MAX, "wrong scheme");
        return -1;
    }
    if (H.signs >= H.sign_bound) {
        snprintf(err, STW_ERR_MAX, "capability used up (%d digests)", H.sign_bound);
        return -1;
    }
    H.signs++;
    secp256k1_keypair kp;
    secp256k1_xonly_pubkey internal;
    uint8_t x[32], tweak[32], aux[32];
    if (!secp256k1_keypair_create(H.ctx, &kp, H.sk) || !secp256k1_keypair_xonly_pub(H.ctx, &internal, NULL, &kp) ||
        !secp256k1_xonly_pubkey_serialize(H.ctx, x, &internal))
        return -1;
    tagged_hash("TapTweak", x, 32, tweak);
    if (!H.untweaked && !secp256k1_keypair_xonly_tweak_add(H.ctx, &kp, tweak))
        return -1;
    memset(aux, H.signs, sizeof aux);
    if (!secp256k1_schnorrsig_sign32(H.ctx, sig, msg, &kp, aux))
        return -1;
    *sig_len = 64;
    return 0;
}

static struct stw_host HOST = {
    .abi_version = STW_PLUGIN_ABI_VERSION,
    .ctx = &H,
    .alloc = h_alloc,
    .free = h_free,
    .log = h_log,
    .rpc_call = h_rpc,
    .http = h_http,
    .sign = h_sign,
};

/* ---- helpers -------------------------------------------------------------------------- */

static const struct stw_plugin *P;

static void *load_plugin(void)
{
    char path[4096];
    const char *env = getenv("STEWARD_BTC_PLUGIN");
    if (env != NULL) {
        snprintf(path, sizeof path, "%s", env);
    } else {
        char exe[4096];
        ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
        if (n <= 0) {
            fprintf(stderr, "cannot find /proc/self/exe\n");
            exit(2);
        }
        exe[n] = '\0';
        snprintf(path, sizeof path, "%s/../plugins/btc.so", dirname(exe));
    }
    void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (h == NULL) {
        fprintf(stderr, "test_btc_plugin: cannot load %s: %s (build the btc target)\n", path, dlerror());
        exit(2);
    }
    stw_plugin_entry_fn entry = (stw_plugin_entry_fn)dlsym(h, STEWARD_PLUGIN_ENTRY);
    if (entry == NULL) {
        fprintf(stderr, "test_btc_plugin: %s has no %s\n", path, STEWARD_PLUGIN_ENTRY);
        exit(2);
    }
    P = entry();
    return h;
}

static void *init(const char *options)
{
    void *st = NULL;
    char err[STW_ERR_MAX] = "";
    if (P->init(&HOST, options, &st, err) != 0) {
        fprintf(stderr, "init(%s): %s\n", options, err);
        check_count++;
        check_failed++;
        return NULL;
    }
    return st;
}

static char OWN_ADDR[100];
static char PATH[64];

static struct stw_account account(void)
{
    struct stw_account a = { .tenant = "default", .index = 0, .path = PATH, .curve = STW_CURVE_SECP256K1,
                             .pubkey = PUB, .pubkey_len = 33, .address = OWN_ADDR };
    return a;
}

/* Verifies the signed transaction input by input against the output key of our address. */
static void verify_raw(const char *raw_hex, const uint8_t *script, size_t script_len, const uint64_t *values,
                       size_t n_in, uint64_t amount, size_t n_out)
{
    size_t len = strlen(raw_hex) / 2;
    uint8_t *raw = malloc(len);
    struct btc_tx tx;
    st_err e = { 0 };
    CHECK(hex_decode_n(raw, len, raw_hex, 2 * len) == 0);
    CHECK(btc_tx_parse(raw, len, &tx, &e) == 0);
    CHECK(tx.n_in == n_in && tx.n_out == n_out);
    if (tx.n_in == n_in) {
        struct btc_prevout *prev = calloc(n_in, sizeof *prev);
        for (size_t i = 0; i < n_in; i++) {
            prev[i].value = values[i];
            prev[i].script = script;
            prev[i].script_len = script_len;
        }
        struct btc_sighash_cache c;
        CHECK(btc_sighash_precompute(&tx, prev, &c, &e) == 0);
        secp256k1_xonly_pubkey q;
        CHECK(secp256k1_xonly_pubkey_parse(H.ctx, &q, script + 2));
        for (size_t i = 0; i < n_in; i++) {
            uint8_t h[32];
            CHECK(btc_sighash_taproot(&tx, prev, &c, i, 0, NULL, h, &e) == 0);
            CHECK(tx.in[i].n_witness == 1 && tx.in[i].witness[0].n == 64);
            CHECK(secp256k1_schnorrsig_verify(H.ctx, tx.in[i].witness[0].p, h, 32, &q));
            CHECK(tx.in[i].sequence == 0xfffffffdu);
        }
        free(prev);
    }
    CHECK(tx.version == 2 && tx.locktime == 0);
    if (tx.n_out >= 1)
        CHECK(tx.out[0].value == amount);
    if (tx.n_out == 2)
        CHECK(tx.out[1].script_len == script_len && memcmp(tx.out[1].script, script, script_len) == 0);
    btc_tx_clear(&tx);
    free(raw);
}

static json_t *describe(void *st, struct stw_tx *tx)
{
    char *d = NULL, err[STW_ERR_MAX] = "";
    CHECK(P->describe(st, tx, &d, err) == 0);
    json_error_t je;
    json_t *j = d ? json_loads(d, 0, &je) : NULL;
    CHECK(j != NULL);
    h_free(d);
    return j;
}

/* ---- tests ---------------------------------------------------------------------------- */

static void test_metadata(void)
{
    CHECK(P->abi_version == STW_PLUGIN_ABI_VERSION);
    CHECK_STR(P->chain, "btc");
    CHECK(P->curve == STW_CURVE_SECP256K1 && P->scheme == STW_SIG_SCHNORR_BIP340_TAPROOT);
    CHECK(P->sign_message == NULL);
    CHECK(P->derivation_path && P->init && P->shutdown && P->address && P->build && P->describe && P->sign &&
          P->assemble && P->broadcast && P->balance && P->tx_free);

    char out[64], err[STW_ERR_MAX];
    void *st;
    static const struct { const char *opt; uint32_t i; const char *want; } paths[] = {
        { "{}", 0, "m/86'/0'/0'/0/0" },
        { "{\"network\":\"mainnet\"}", 7, "m/86'/0'/0'/0/7" },
        { "{\"network\":\"testnet\"}", 0, "m/86'/1'/0'/0/0" },
        { "{\"network\":\"signet\"}", 3, "m/86'/1'/0'/0/3" },
        { "{\"network\":\"regtest\"}", 2147483647u, "m/86'/1'/0'/0/2147483647" },
    };
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
        st = init(paths[i].opt);
        CHECK(st != NULL && P->derivation_path(st, paths[i].i, out, sizeof out, err) == 0);
        CHECK_STR(out, paths[i].want);
        CHECK(P->derivation_path(st, 0x80000000u, out, sizeof out, err) == -1);
        CHECK(P->derivation_path(st, 0, out, 8, err) == -1);
        P->shutdown(st);
    }
    st = NULL;
    CHECK(P->init(&HOST, "{\"network\":\"litecoin\"}", &st, err) == -1 && strstr(err, "option network") && st == NULL);
    CHECK(P->init(&HOST, "{\"rpc\":\"x\"}", &st, err) == -1 && strstr(err, "unknown option \"rpc\""));
    struct stw_host old = HOST;
    old.abi_version = 2;
    CHECK(P->init(&old, "{}", &st, err) == -1);
}

static void test_addresses(void)
{
    json_t *pins = check_load_vectors("derivation_v1_pins.json");
    json_t *list = json_object_get(pins, "btc_mainnet");
    void *st = init("{}");
    CHECK(json_array_size(list) == 2);
    for (size_t i = 0; i < json_array_size(list); i++) {
        json_t *v = json_array_get(list, i);
        uint8_t pub[33];
        char addr[100], err[STW_ERR_MAX];
        CHECK(hex_decode(pub + 1, 32, json_string_value(json_object_get(v, "internal_key"))) == 0);
        /* BIP-86 uses the x coordinate only: either parity prefix gives the same address. */
        for (int parity = 2; parity <= 3; parity++) {
            pub[0] = (uint8_t)parity;
            CHECK(P->address(st, pub, 33, addr, sizeof addr, err) == 0);
            CHECK_STR(addr, json_string_value(json_object_get(v, "address")));
        }
        CHECK(P->address(st, pub, 33, addr, 20, err) == -1);
        pub[0] = 0x04;
        CHECK(P->address(st, pub, 33, addr, sizeof addr, err) == -1 && strstr(err, "compressed"));
        CHECK(P->address(st, pub, 32, addr, sizeof addr, err) == -1);
    }
    /* An x coordinate that is not on the curve (x = 5 has no y on secp256k1). */
    uint8_t bad[33] = { 0x02 };
    bad[32] = 5;
    char addr[100], err[STW_ERR_MAX];
    CHECK(P->address(st, bad, 33, addr, sizeof addr, err) == -1 && strstr(err, "not a valid secp256k1 point"));
    P->shutdown(st);
    /* The same key on regtest. */
    st = init("{\"network\":\"regtest\"}");
    uint8_t pub[33] = { 0x02 };
    CHECK(hex_decode(pub + 1, 32, json_string_value(json_object_get(json_array_get(list, 0), "internal_key"))) == 0);
    CHECK(P->address(st, pub, 33, addr, sizeof addr, err) == 0 && strncmp(addr, "bcrt1p", 6) == 0);
    P->shutdown(st);
    json_decref(pins);
}

#define TXID1 "1111111111111111111111111111111111111111111111111111111111111111"
#define TXID2 "2222222222222222222222222222222222222222222222222222222222222222"
#define TXID3 "3333333333333333333333333333333333333333333333333333333333333333"
#define TXID4 "4444444444444444444444444444444444444444444444444444444444444444"
#define DEST "bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080"

static void set_utxos_esplora(void)
{
    char key[200], body[2048];
    snprintf(key, sizeof key, "GET /address/%s/utxo", OWN_ADDR);
    snprintf(body, sizeof body,
             "[{\"txid\":\"" TXID1 "\",\"vout\":0,\"status\":{\"confirmed\":true,\"block_height\":101},\"value\":40000},"
             "{\"txid\":\"" TXID2 "\",\"vout\":1,\"status\":{\"confirmed\":true,\"block_height\":102},\"value\":30000},"
             "{\"txid\":\"" TXID3 "\",\"vout\":2,\"status\":{\"confirmed\":true,\"block_height\":103},\"value\":20000},"
             "{\"txid\":\"" TXID4 "\",\"vout\":3,\"status\":{\"confirmed\":false},\"value\":900000}]");
    route(key, 200, body);
}

/* Builds, describes, signs and assembles; returns the raw hex (malloc'd) and sets txid. */
static char *full_flow(void *st, const char *intent, int expect_inputs, char txid_out[65], json_t **desc_out)
{
    struct stw_account a = account();
    struct stw_tx *tx = NULL;
    char err[STW_ERR_MAX] = "";
    if (P->build(st, &a, intent, &tx, err) != 0) {
        fprintf(stderr, "build: %s\n", err);
        check_count++;
        check_failed++;
        return NULL;
    }
    json_t *d = describe(st, tx);
    int digests = (int)json_integer_value(json_object_get(d, "digests"));
    CHECK(digests == expect_inputs);
    char *raw = NULL, *txid = NULL;
    CHECK(P->assemble(st, tx, &raw, &txid, err) == -1 && strstr(err, "not signed"));
    H.signs = 0;
    H.sign_bound = digests;
    CHECK(P->sign(st, tx, &a, (struct stw_sign_cap *)&H, err) == 0);
    CHECK(H.signs == digests);
    CHECK(P->assemble(st, tx, &raw, &txid, err) == 0);
    char *copy = NULL;
    if (raw != NULL) {
        copy = strdup(raw);
        snprintf(txid_out, 65, "%s", txid);
    }
    h_free(raw);
    h_free(txid);
    P->tx_free(st, tx);
    if (desc_out)
        *desc_out = d;
    else
        json_decref(d);
    return copy;
}

static void test_esplora_flow(void)
{
    void *st = init("{\"network\":\"regtest\"}");
    char err[STW_ERR_MAX];
    CHECK(P->address(st, PUB, 33, OWN_ADDR, sizeof OWN_ADDR, err) == 0);
    CHECK(P->derivation_path(st, 0, PATH, sizeof PATH, err) == 0);
    uint8_t own_script[34] = { 0x51, 0x20 };
    int parity;
    CHECK(taproot_output_key(PUB + 1, own_script + 2, &parity) == 0);

    set_utxos_esplora();
    route("GET /fee-estimates", 200, "{\"1\":20.5,\"6\":2.5,\"144\":1.0}");
    /* 85000 sat needs all three confirmed coins (90000); the unconfirmed 900000 is not used.
     * 3 inputs + P2WPKH + P2TR change: 4*(10+3*41+31+43) + 2 + 3*66 = 1028 WU = 257 vB,
     * at 2.5 sat/vB: 642.5 -> 643 sat; change 90000 - 85000 - 643 = 4357. */
    char txid[65] = "";
    json_t *d = NULL;
    char *raw = full_flow(st, "{\"chain\":\"btc\",\"kind\":\"transfer\",\"to\":\"" DEST "\",\"amount\":\"0.00085\"}", 3,
                          txid, &d);
    CHECK(raw != NULL);
    if (raw != NULL) {
        CHECK_STR(json_string_value(json_object_get(d, "to")), DEST);
        CHECK_STR(json_string_value(json_object_get(d, "asset")), "BTC");
        CHECK_STR(json_string_value(json_object_get(d, "amount")), "85000");
        CHECK(json_integer_value(json_object_get(d, "decimals")) == 8);
        CHECK_STR(json_string_value(json_object_get(d, "fee_max")), "643");
        const char *summary = json_string_value(json_object_get(d, "summary"));
        CHECK(summary && strstr(summary, "change 4357 sat") && strstr(summary, "vsize 257") &&
              strstr(summary, "2.5 sat/vB (estimate)"));
        uint64_t values[3] = { 40000, 30000, 20000 };
        verify_raw(raw, own_script, 34, values, 3, 85000, 2);

        /* Broadcast: the node gets the raw hex and answers the txid. */
        char *got = NULL;
        char body[80];
        snprintf(body, sizeof body, "%s\n", txid);
        route("POST /tx", 200, body);
        CHECK(P->broadcast(st, raw, &got, err) == 0);
        CHECK_STR(got, txid);
        CHECK_STR(H.last_post, raw);
        h_free(got);
        /* A node answering another txid is an error. */
        route("POST /tx", 200, TXID1);
        CHECK(P->broadcast(st, raw, &got, err) == -1 && strstr(err, "answered txid " TXID1));
        route("POST /tx", 400, "sendrawtransaction RPC error: {\"code\":-26,\"message\":\"min relay fee not met\"}\n<html>");
        CHECK(P->broadcast(st, raw, &got, err) == -1 && strstr(err, "HTTP 400: sendrawtransaction RPC error") &&
              !strstr(err, "<html>"));
        CHECK(P->broadcast(st, "zz", &got, err) == -1);
        CHECK(P->broadcast(st, "0200000000", &got, err) == -1);
        free(raw);
    }
    json_decref(d);

    /* An intent fee rate overrides the estimator; exact match: no change. 1 input + P2WPKH:
     * 4*(10+41+31) + 2 + 66 = 396 WU = 99 vB at 1 sat/vB. */
    raw = full_flow(st, "{\"kind\":\"transfer\",\"to\":\"" DEST "\",\"amount\":\"0.00029901\",\"fee_rate_sat_vb\":\"1\"}",
                    1, txid, &d);
    if (raw != NULL) {
        CHECK_STR(json_string_value(json_object_get(d, "fee_max")), "99");
        uint64_t values[1] = { 30000 };
        verify_raw(raw, own_script, 34, values, 1, 29901, 1);
        free(raw);
    }
    json_decref(d);

    struct stw_account a = account();
    struct stw_tx *tx = NULL;
    /* Refusals while building. */
    static const struct { const char *intent, *needle; } bad[] = {
        { "{\"kind\":\"transfer\",\"to\":\"" DEST "\",\"amount\":\"0.1\"}", "insufficient funds" },
        { "{\"kind\":\"transfer\",\"to\":\"" DEST "\",\"amount\":\"0.0001\",\"fee_rate_sat_vb\":\"101\"}",
          "fee cap exceeded" },
        { "{\"kind\":\"transfer\",\"to\":\"" DEST "\",\"amount\":\"0.0001\",\"max_fee_rate_sat_vb\":\"2\"}",
          "fee cap exceeded" }, /* the 2.5 sat/vB estimate is above the intent's cap */
        { "{\"kind\":\"transfer\",\"to\":\"" DEST "\",\"amount\":\"0.0001\",\"max_fee_rate_sat_vb\":\"1000\"}",
          "may only lower the cap" },
        { "{\"kind\":\"transfer\",\"to\":\"bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4\",\"amount\":\"0.0001\"}",
          "intent to" },
        { "{\"kind\":\"transfer\",\"to\":\"" DEST "\",\"amount\":\"0.00000293\"}", "dust limit of 294 sat" },
        { "{\"kind\":\"transfer\",\"to\":\"" DEST "\",\"amount\":0.0001}", "decimal string" },
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int rc = P->build(st, &a, bad[i].intent, &tx, err);
        check_count++;
        if (rc != -1 || strstr(err, bad[i].needle) == NULL || tx != NULL) {
            check_failed++;
            fprintf(stderr, "build case %zu: rc %d \"%s\", wanted \"%s\"\n", i, rc, err, bad[i].needle);
        }
    }
    const char *ok_intent = "{\"kind\":\"transfer\",\"to\":\"" DEST "\",\"amount\":\"0.0001\"}";
    route("GET /fee-estimates", 200, "{\"6\":150}");
    CHECK(P->build(st, &a, ok_intent, &tx, err) == -1 && strstr(err, "fee cap exceeded: the fee rate 150 sat/vB"));
    route("GET /fee-estimates", 200, "{}");
    CHECK(P->build(st, &a, ok_intent, &tx, err) == -1 && strstr(err, "no fee rate"));
    route("GET /fee-estimates", 503, "busy");
    CHECK(P->build(st, &a, ok_intent, &tx, err) == -1 && strstr(err, "esplora GET /fee-estimates: HTTP 503: busy"));
    route("GET /fee-estimates", 200, "{\"6\":3}");
    char key[200];
    snprintf(key, sizeof key, "GET /address/%s/utxo", OWN_ADDR);
    route(key, 200, "{\"error\":\"too many\"}");
    CHECK(P->build(st, &a, ok_intent, &tx, err) == -1 && strstr(err, "expected a JSON array"));
    set_utxos_esplora();

    /* The account must be the key's own address. */
    struct stw_account other = a;
    other.address = "bcrt1p0000";
    CHECK(P->build(st, &other, ok_intent, &tx, err) == -1 && strstr(err, "is not the P2TR address"));

    /* Signing: another account, a capability that runs out, a host that does not tweak. */
    CHECK(P->build(st, &a, ok_intent, &tx, err) == 0);
    uint8_t pub2[33];
    memcpy(pub2, PUB, 33);
    pub2[0] ^= 1;
    other = a;
    other.pubkey = pub2;
    CHECK(P->sign(st, tx, &other, (struct stw_sign_cap *)&H, err) == -1 && strstr(err, "not the one"));
    H.signs = 0;
    H.sign_bound = 0;
    CHECK(P->sign(st, tx, &a, (struct stw_sign_cap *)&H, err) == -1 && strstr(err, "capability used up"));
    H.signs = 0;
    H.sign_bound = 10;
    H.untweaked = 1;
    CHECK(P->sign(st, tx, &a, (struct stw_sign_cap *)&H, err) == -1 && strstr(err, "does not verify"));
    H.untweaked = 0;
    char *raw2 = NULL, *id2 = NULL;
    CHECK(P->assemble(st, tx, &raw2, &id2, err) == -1);
    P->tx_free(st, tx);

    /* Balance. */
    char *amount = NULL;
    snprintf(key, sizeof key, "GET /address/%s", OWN_ADDR);
    char body[600];
    snprintf(body, sizeof body,
             "{\"address\":\"%s\",\"chain_stats\":{\"funded_txo_sum\":90000,\"spent_txo_sum\":0},"
             "\"mempool_stats\":{\"funded_txo_sum\":900000,\"spent_txo_sum\":0}}", OWN_ADDR);
    route(key, 200, body);
    CHECK(P->balance(st, OWN_ADDR, NULL, &amount, err) == 0);
    CHECK_STR(amount, "0.0099");
    h_free(amount);
    CHECK(P->balance(st, OWN_ADDR, "BTC", &amount, err) == 0);
    h_free(amount);
    CHECK(P->balance(st, OWN_ADDR, "USDT", &amount, err) == -1 && amount == NULL);
    CHECK(P->balance(st, "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", NULL, &amount, err) == -1);
    CHECK(P->balance(st, DEST, NULL, &amount, err) == -1 && strstr(err, "HTTP 404"));
    P->shutdown(st);
}

static void test_bitcoind_flow(void)
{
    void *st = init("{\"network\":\"regtest\",\"backend\":\"bitcoind\",\"fallback_fee_rate_sat_vb\":2}");
    char err[STW_ERR_MAX];
    uint8_t own_script[34] = { 0x51, 0x20 };
    CHECK(taproot_output_key(PUB + 1, own_script + 2, NULL) == 0);
    char spk[69];
    hex_encode(spk, own_script, 34);
    char body[2048];
    snprintf(body, sizeof body,
             "{\"success\":true,\"txouts\":10,\"height\":200,\"bestblock\":\"00\",\"unspents\":["
             "{\"txid\":\"" TXID1 "\",\"vout\":0,\"scriptPubKey\":\"%s\",\"amount\":0.0004,\"coinbase\":false,\"height\":150},"
             "{\"txid\":\"" TXID2 "\",\"vout\":1,\"scriptPubKey\":\"%s\",\"amount\":0.0003,\"coinbase\":false,\"height\":151},"
             "{\"txid\":\"" TXID3 "\",\"vout\":2,\"scriptPubKey\":\"%s\",\"amount\":0.0002,\"coinbase\":false,\"height\":152},"
             "{\"txid\":\"" TXID4 "\",\"vout\":0,\"scriptPubKey\":\"%s\",\"amount\":50,\"coinbase\":true,\"height\":150}],"
             "\"total_amount\":50.0009}", spk, spk, spk, spk);
    route("rpc scantxoutset", 0, body);
    route("rpc estimatesmartfee", 0, "{\"errors\":[\"Insufficient data or no feerate found\"],\"blocks\":0}");
    char txid[65] = "";
    json_t *d = NULL;
    char *raw = full_flow(st, "{\"kind\":\"transfer\",\"to\":\"" DEST "\",\"amount\":\"0.00085\"}", 3, txid, &d);
    CHECK(strstr(H.last_params, "\"addr(") && strstr(H.last_params, OWN_ADDR) && strstr(H.last_params, "\"start\""));
    if (raw != NULL) {
        /* 257 vB at the 2 sat/vB fallback (the node has no estimate): 514 sat. The immature
         * coinbase (50 confirmations) is not spent. */
        CHECK_STR(json_string_value(json_object_get(d, "fee_max")), "514");
        CHECK(strstr(json_string_value(json_object_get(d, "summary")), "(fallback)") != NULL);
        uint64_t values[3] = { 40000, 30000, 20000 };
        verify_raw(raw, own_script, 34, values, 3, 85000, 2);
        char *got = NULL, answer[80];
        snprintf(answer, sizeof answer, "\"%s\"", txid);
        route("rpc sendrawtransaction", 0, answer);
        CHECK(P->broadcast(st, raw, &got, err) == 0);
        CHECK_STR(got, txid);
        CHECK(strstr(H.last_params, raw) != NULL);
        h_free(got);
        route("rpc sendrawtransaction", -26, "min relay fee not met");
        CHECK(P->broadcast(st, raw, &got, err) == -1 && strstr(err, "bitcoind sendrawtransaction: rpc error -26"));
        free(raw);
    }
    json_decref(d);

    /* An estimate: 0.00003 BTC/kvB = 3 sat/vB. */
    route("rpc estimatesmartfee", 0, "{\"feerate\":0.00003,\"blocks\":6}");
    raw = full_flow(st, "{\"kind\":\"transfer\",\"to\":\"" DEST "\",\"amount\":\"0.00085\"}", 3, txid, &d);
    CHECK_STR(H.fee_params, "[6]");
    if (raw != NULL)
        CHECK_STR(json_string_value(json_object_get(d, "fee_max")), "771"); /* 257 * 3 */
    free(raw);
    json_decref(d);

    char *amount = NULL;
    CHECK(P->balance(st, OWN_ADDR, NULL, &amount, err) == 0);
    CHECK_STR(amount, "50.0009");
    h_free(amount);
    /* Another address's scan returning our script is malformed. */
    CHECK(P->balance(st, DEST, NULL, &amount, err) == -1 && strstr(err, "scriptPubKey"));
    route("rpc scantxoutset", -8, "Scan already in progress, use action \"abort\" or \"status\"");
    struct stw_account a = account();
    struct stw_tx *tx = NULL;
    CHECK(P->build(st, &a, "{\"kind\":\"transfer\",\"to\":\"" DEST "\",\"amount\":\"0.0001\"}", &tx, err) == -1 &&
          strstr(err, "Scan already in progress"));
    P->shutdown(st);
}

int main(void)
{
    void *so = load_plugin();
    H.ctx = secp256k1_context_create(SECP256K1_CONTEXT_NONE);
    sha256((const uint8_t *)"steward btc plugin test key", 27, H.sk);
    secp256k1_pubkey pk;
    size_t publen = 33;
    if (!secp256k1_ec_pubkey_create(H.ctx, &pk, H.sk) ||
        !secp256k1_ec_pubkey_serialize(H.ctx, PUB, &publen, &pk, SECP256K1_EC_COMPRESSED))
        return 2;

    test_metadata();
    test_addresses();
    test_esplora_flow();
    test_bitcoind_flow();

    /* Everything the plugin handed across was released by the host, and vice versa. */
    CHECK(H.allocs == H.frees);
    if (H.allocs != H.frees)
        fprintf(stderr, "allocs %d frees %d\n", H.allocs, H.frees);
    secp256k1_context_destroy(H.ctx);
    /* No dlclose: the plugin's copy of the crypto module keeps a process-lifetime
     * libsecp256k1 context (secp_ctx.h), which must stay reachable until exit. */
    (void)so;
    return check_summary();
}
