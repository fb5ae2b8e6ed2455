/* test_paper_btc.c: the simulated Bitcoin node (core/paper/paper_btc.c) driven by the real btc
 * plugin. Loads build/plugins/btc.so with dlopen (or $STEWARD_BTC_PLUGIN) like
 * test_btc_plugin.c, and gives it a test host whose rpc_call and http go to paper_rpc /
 * paper_http of a paper chain opened on a store in a temporary folder, and whose sign signs
 * with TEST keys (BIP-86 tweak, BIP-340), so every transaction is built, described, signed,
 * assembled and broadcast exactly as on a live chain.
 *
 * Checked, once with each of the plugin's back ends (Esplora over http, Bitcoin Core over
 * rpc_call): opening balances (once per account), the UTXO the node synthesises (its value,
 * a new outpoint after the sender moves), the fee rate the plugin gets from the node (exact
 * fee_max), build -> describe -> sign -> assemble -> paper_expect -> broadcast, the balances
 * of both accounts through plugin->balance afterwards (debit = amount + fee_max, credit =
 * amount), the status query, spending a received payment; refusals: a replay, a transaction
 * built before the first was broadcast (stale), one never registered, one larger than the
 * balance (the plugin at build, the ledger at broadcast), a swap (a btc chain has no other
 * asset to buy); unknown methods and paths; another network's address. The settings:
 * paper.fees (unknown key, bad rates), paper.balances (unknown symbol, a configured amount),
 * options.network. The address decoder against the BIP-350 vectors and the plugin's own. */
#include <dlfcn.h>
#include <inttypes.h>
#include <libgen.h>
#include <secp256k1.h>
#include <secp256k1_extrakeys.h>
#include <secp256k1_schnorrsig.h>
#include <unistd.h>

#include "btc_network.h"
#include "btc_script.h"
#include "btc_tx.h"
#include "check.h"
#include "crypto/base58.h"
#include "crypto/hash.h"
#include "paper/paper.h"
#include "paper/paper_btc_addr.h"
#include "paper/paper_node.h"
#include "steward_plugin.h"
#include "store/store.h"
#include "testfs.h"
#include "util/decimal.h"
#include "util/hex.h"
#include "util/log.h"

/* ---- the test host -------------------------------------------------------------------- */

struct key {
    uint8_t sk[32]; /* a TEST key: this file is test code, the plugin never sees it */
    uint8_t pub[33];
    char addr[100];
    char path[64];
};

static struct key KA, KB, KX; /* Alice, Bob, and the key behind the exchange's address */
static struct paper_chain *PC; /* the paper chain the host's rpc_call/http are routed to */
static secp256k1_context *CTX;
static int ALLOCS, FREES, RPC_CALLS, HTTP_CALLS, SIGNS;

static void *h_alloc(size_t n)
{
    ALLOCS++;
    void *p = malloc(n);
    if (p == NULL)
        abort();
    return p;
}

static void h_free(void *p)
{
    if (p != NULL)
        FREES++;
    free(p);
}

static char *h_copy(char *s) /* a malloc'd string into host memory */
{
    char *p = h_alloc(strlen(s) + 1);
    strcpy(p, s);
    free(s);
    return p;
}

static void h_log(void *ctx, enum stw_log_level level, const char *event, const char *msg)
{
    (void)ctx, (void)level, (void)event, (void)msg;
}

static int h_rpc(void *ctx, const char *method, const char *params, char **result, char err[STW_ERR_MAX])
{
    (void)ctx;
    st_err e = {0};
    char *r = NULL;
    RPC_CALLS++;
    *result = NULL;
    if (paper_rpc(PC, method, params, &r, &e) != 0) {
        snprintf(err, STW_ERR_MAX, "%.500s", e.msg);
        return -1;
    }
    *result = h_copy(r);
    return 0;
}

static int h_http(void *ctx, const char *verb, const char *path, const char *body, const char *ctype, long *status,
                  char **response, char err[STW_ERR_MAX])
{
    (void)ctx;
    st_err e = {0};
    char *r = NULL;
    HTTP_CALLS++;
    *response = NULL;
    if (body != NULL && (ctype == NULL || strcmp(ctype, "text/plain") != 0)) {
        snprintf(err, STW_ERR_MAX, "test host: POST without text/plain");
        return -1;
    }
    if (paper_http(PC, verb, path, body, status, &r, &e) != 0) {
        snprintf(err, STW_ERR_MAX, "%.500s", e.msg);
        return -1;
    }
    *response = h_copy(r);
    return 0;
}

static const struct key *key_of(const struct stw_account *a)
{
    const struct key *keys[] = {&KA, &KB, &KX};
    for (size_t i = 0; a != NULL && i < 3; i++)
        if (a->pubkey_len == 33 && memcmp(a->pubkey, keys[i]->pub, 33) == 0)
            return keys[i];
    return NULL;
}

static int h_sign(void *ctx, struct stw_sign_cap *cap, const struct stw_account *account, enum stw_sig_scheme scheme,
                  const uint8_t *msg, size_t msg_len, uint8_t sig[65], size_t *sig_len, char err[STW_ERR_MAX])
{
    (void)ctx;
    const struct key *k = key_of(account);
    if (cap != (struct stw_sign_cap *)&KA || k == NULL || scheme != STW_SIG_SCHNORR_BIP340_TAPROOT || msg_len != 32) {
        snprintf(err, STW_ERR_MAX, "test host: refused");
        return -1;
    }
    secp256k1_keypair kp;
    secp256k1_xonly_pubkey internal;
    uint8_t x[32], tweak[32], aux[32];
    if (!secp256k1_keypair_create(CTX, &kp, k->sk) || !secp256k1_keypair_xonly_pub(CTX, &internal, NULL, &kp) ||
        !secp256k1_xonly_pubkey_serialize(CTX, x, &internal))
        return -1;
    tagged_hash("TapTweak", x, 32, tweak);
    if (!secp256k1_keypair_xonly_tweak_add(CTX, &kp, tweak))
        return -1;
    memset(aux, ++SIGNS, sizeof aux); /* a fresh nonce each time: the same tx signs to new bytes */
    if (!secp256k1_schnorrsig_sign32(CTX, sig, msg, &kp, aux))
        return -1;
    *sig_len = 64;
    return 0;
}

static const struct stw_host HOST = {
    .abi_version = STW_PLUGIN_ABI_VERSION,
    .ctx = NULL,
    .alloc = h_alloc,
    .free = h_free,
    .log = h_log,
    .rpc_call = h_rpc,
    .http = h_http,
    .sign = h_sign,
};

static const struct stw_plugin *P;

static void load_plugin(void)
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
        fprintf(stderr, "test_paper_btc: cannot load %s: %s (build the btc target)\n", path, dlerror());
        exit(2);
    }
    stw_plugin_entry_fn entry = (stw_plugin_entry_fn)dlsym(h, STEWARD_PLUGIN_ENTRY);
    if (entry == NULL) {
        fprintf(stderr, "test_paper_btc: %s has no %s\n", path, STEWARD_PLUGIN_ENTRY);
        exit(2);
    }
    P = entry();
}

static void make_key(struct key *k, uint8_t fill)
{
    memset(k->sk, fill, 32);
    secp256k1_pubkey pk;
    size_t len = 33;
    if (!secp256k1_ec_pubkey_create(CTX, &pk, k->sk) ||
        !secp256k1_ec_pubkey_serialize(CTX, k->pub, &len, &pk, SECP256K1_EC_COMPRESSED)) {
        fprintf(stderr, "test key\n");
        exit(2);
    }
}

/* The key's address and path under a plugin state (they depend on the network). */
static void key_account(void *st, struct key *k)
{
    char err[STW_ERR_MAX] = "";
    CHECK(P->address(st, k->pub, 33, k->addr, sizeof k->addr, err) == 0);
    CHECK(P->derivation_path(st, 0, k->path, sizeof k->path, err) == 0);
}

static struct stw_account account(const struct key *k)
{
    struct stw_account a = {.tenant = "default", .index = 0, .path = k->path, .curve = STW_CURVE_SECP256K1,
                            .pubkey = k->pub, .pubkey_len = 33, .address = k->addr};
    return a;
}

/* ---- helpers -------------------------------------------------------------------------- */

static int64_t fixed_clock(void *ctx)
{
    return *(const int64_t *)ctx;
}

static char *sats(uint64_t v) /* display BTC of v satoshis (a static buffer per call site use) */
{
    static char buf[4][32];
    static int i;
    i = (i + 1) % 4;
    u64_to_decimal(v, 8, buf[i], sizeof buf[i]);
    return buf[i];
}

/* The balance the plugin reads through the node ("" on failure, which fails the check). */
static const char *balance(void *st, const char *addr)
{
    static char out[64];
    char *amount = NULL, err[STW_ERR_MAX] = "";
    out[0] = '\0';
    if (P->balance(st, addr, NULL, &amount, err) != 0)
        fprintf(stderr, "balance %s: %s\n", addr, err);
    else
        snprintf(out, sizeof out, "%s", amount);
    h_free(amount);
    return out;
}

struct built {
    char *raw;      /* malloc'd */
    char txid[65];
    char *desc;     /* malloc'd JSON */
    uint64_t fee;   /* fee_max */
    char in_txid[65]; /* the outpoint its one input spends, as explorers show it */
    size_t n_in;
};

static void built_free(struct built *b)
{
    free(b->raw);
    free(b->desc);
    memset(b, 0, sizeof *b);
}

/* build -> describe -> sign -> assemble, as steward does; 0, or -1 with err. */
static int build(void *st, const struct key *from, const char *to, const char *amount, struct built *b,
                 char err[STW_ERR_MAX])
{
    memset(b, 0, sizeof *b);
    struct stw_account a = account(from);
    char intent[400];
    snprintf(intent, sizeof intent, "{\"chain\":\"btc\",\"kind\":\"transfer\",\"to\":\"%s\",\"amount\":\"%s\"}", to,
             amount);
    struct stw_tx *tx = NULL;
    if (P->build(st, &a, intent, &tx, err) != 0)
        return -1;
    char *d = NULL, *raw = NULL, *txid = NULL;
    int rc = -1;
    if (P->describe(st, tx, &d, err) == 0 && P->sign(st, tx, &a, (struct stw_sign_cap *)&KA, err) == 0 &&
        P->assemble(st, tx, &raw, &txid, err) == 0) {
        b->raw = strdup(raw);
        b->desc = strdup(d);
        snprintf(b->txid, sizeof b->txid, "%s", txid);
        json_t *j = json_loads(d, 0, NULL);
        const char *f = json_string_value(json_object_get(j, "fee_max"));
        b->fee = f ? strtoull(f, NULL, 10) : 0;
        json_decref(j);
        /* The input it spends, from the signed bytes. */
        size_t len = strlen(raw) / 2;
        uint8_t *bytes = malloc(len);
        struct btc_tx parsed;
        st_err e = {0};
        if (bytes && hex_decode_n(bytes, len, raw, 2 * len) == 0 && btc_tx_parse(bytes, len, &parsed, &e) == 0) {
            b->n_in = parsed.n_in;
            if (parsed.n_in > 0)
                btc_hash_to_hex(parsed.in[0].prev_txid, b->in_txid);
            btc_tx_clear(&parsed);
        }
        free(bytes);
        rc = 0;
    }
    h_free(d);
    h_free(raw);
    h_free(txid);
    P->tx_free(st, tx);
    return rc;
}

/* plugin->broadcast; 0 with *txid (checked against want), or -1 with err. */
static int broadcast(void *st, const char *raw, const char *want, char err[STW_ERR_MAX])
{
    char *txid = NULL;
    if (P->broadcast(st, raw, &txid, err) != 0)
        return -1;
    CHECK_STR(txid, want);
    h_free(txid);
    return 0;
}

/* The one output the node reports for addr: its txid ("" for none) and value. */
static void node_utxo(int esplora, const char *addr, char txid[65], uint64_t *value)
{
    char *r = NULL, q[300];
    st_err e = {0};
    long status = 0;
    txid[0] = '\0';
    *value = 0;
    int rc;
    if (esplora) {
        snprintf(q, sizeof q, "/address/%s/utxo", addr);
        rc = paper_http(PC, "GET", q, NULL, &status, &r, &e);
        CHECK(rc == 0 && status == 200);
    } else {
        snprintf(q, sizeof q, "[\"start\",[{\"desc\":\"addr(%s)\"}]]", addr);
        rc = paper_rpc(PC, "scantxoutset", q, &r, &e);
        CHECK(rc == 0);
    }
    json_t *j = rc == 0 ? json_loads(r, 0, NULL) : NULL;
    json_t *list = esplora ? j : json_object_get(j, "unspents");
    CHECK(json_array_size(list) <= 1);
    json_t *u = json_array_get(list, 0);
    if (u != NULL) {
        const char *id = json_string_value(json_object_get(u, "txid"));
        snprintf(txid, 65, "%s", id ? id : "");
        if (esplora)
            *value = (uint64_t)json_integer_value(json_object_get(u, "value"));
        else
            *value = (uint64_t)(json_number_value(json_object_get(u, "amount")) * 1e8 + 0.5);
        CHECK(json_integer_value(json_object_get(u, "vout")) == 0);
    }
    json_decref(j);
    free(r);
}

static int64_t seq_of(const char *addr)
{
    int64_t s = -1;
    st_err e = {0};
    CHECK(paper_account_seq(PC, addr, &s, &e) == 0);
    return s;
}

static int expect(const struct built *b, const char *from, int64_t seq, const char *desc, const char *swap_buy,
                  st_err *e)
{
    return paper_expect(PC, b->raw, b->txid, from, seq, desc ? desc : b->desc, swap_buy, e);
}

static int price_one(void *ctx, const char *symbol, char *out, size_t cap, st_err *err)
{
    (void)ctx, (void)symbol, (void)err;
    snprintf(out, cap, "1");
    return 0;
}

/* ---- the end-to-end flow -------------------------------------------------------------- */

/* vsize of a 1-input P2TR spend paying a P2TR address with P2TR change:
 * 4*(10 + 41 + 43 + 43) + 2 + 66 = 616 WU = 154 vB. */
#define VSIZE_1IN_2OUT 154u

static void test_flow(int esplora)
{
    const char *backend = esplora ? "esplora" : "bitcoind";
    char dir[128], prefix[64], err[STW_ERR_MAX] = "", options[200];
    snprintf(prefix, sizeof prefix, "paper-btc-%s", backend);
    testfs_mkdtemp(dir, sizeof dir, prefix);
    struct store *store = NULL;
    st_err e = {0};
    if (store_open(dir, &store, &e) != 0) {
        fprintf(stderr, "store_open: %s\n", e.msg);
        exit(2);
    }
    snprintf(options, sizeof options, "{\"network\":\"regtest\",\"backend\":\"%s\"}", backend);
    void *st = NULL;
    CHECK(P->init(&HOST, options, &st, err) == 0);
    key_account(st, &KA);
    key_account(st, &KB);
    key_account(st, &KX);
    /* Esplora gets a configured rate, bitcoind the default (2 sat/vB). */
    const char *paper_json = esplora ? "{\"fees\":{\"fee_rate_sat_vb\":\"2.5\"}}" : "{}";
    uint64_t kvb = esplora ? 2500 : 2000;
    uint64_t fee = (VSIZE_1IN_2OUT * kvb + 999) / 1000; /* 385 / 308 sat */
    CHECK(paper_chain_open(store, "btc", "btc", paper_json, options, KX.addr, &PC, &e) == 0);
    if (PC == NULL) {
        fprintf(stderr, "paper_chain_open: %s\n", e.msg);
        exit(1);
    }
    int64_t now = 1700000000000; /* a fixed clock: the simulated tip is block 2833333 */
    paper_chain_set_clock(PC, fixed_clock, &now);
    paper_chain_set_price(PC, price_one, NULL);
    RPC_CALLS = HTTP_CALLS = 0;

    /* Opening balances: 1 BTC each (the default), once. Unknown accounts hold nothing. */
    CHECK_STR(balance(st, KA.addr), "0");
    CHECK(paper_fund(PC, KA.addr, &e) == 0 && paper_fund(PC, KB.addr, &e) == 0);
    CHECK(paper_fund(PC, KA.addr, &e) == 0);
    CHECK_STR(balance(st, KA.addr), "1");
    CHECK_STR(balance(st, KB.addr), "1");
    CHECK_STR(balance(st, KX.addr), "0");
    char utxo0[65], utxo1[65];
    uint64_t value;
    node_utxo(esplora, KA.addr, utxo0, &value);
    CHECK(strlen(utxo0) == 64 && value == 100000000);
    node_utxo(esplora, KX.addr, utxo1, &value);
    CHECK(utxo1[0] == '\0' && value == 0); /* nothing held: no output */

    /* Alice pays Bob 0.1 BTC; a second payment is built before the first is broadcast, and a
     * third is never registered. */
    int64_t seq0 = seq_of(KA.addr);
    CHECK(seq0 == 0);
    struct built t1, t2, t3;
    CHECK(build(st, &KA, KB.addr, "0.1", &t1, err) == 0);
    CHECK(t1.fee == fee && t1.n_in == 1);
    CHECK_STR(t1.in_txid, utxo0); /* it spends the output the node reported */
    json_t *d = json_loads(t1.desc ? t1.desc : "{}", 0, NULL);
    CHECK_STR(json_string_value(json_object_get(d, "amount")), "10000000");
    CHECK_STR(json_string_value(json_object_get(d, "to")), KB.addr);
    const char *summary = json_string_value(json_object_get(d, "summary"));
    CHECK(summary && strstr(summary, esplora ? "at 2.5 sat/vB (estimate)" : "at 2 sat/vB (estimate)") &&
          strstr(summary, "vsize 154"));
    json_decref(d);
    CHECK(expect(&t1, KA.addr, seq0, NULL, NULL, &e) == 0);
    CHECK(build(st, &KA, KB.addr, "0.2", &t2, err) == 0);
    CHECK(expect(&t2, KA.addr, seq0, NULL, NULL, &e) == 0);
    CHECK(build(st, &KA, KB.addr, "0.05", &t3, err) == 0);
    /* The plugin spoke to the node through the back end it was configured with. */
    CHECK(esplora ? HTTP_CALLS > 0 && RPC_CALLS == 0 : RPC_CALLS > 0 && HTTP_CALLS == 0);

    CHECK(broadcast(st, t1.raw, t1.txid, err) == 0);
    CHECK_STR(balance(st, KA.addr), sats(100000000 - 10000000 - fee));
    CHECK_STR(balance(st, KB.addr), "1.1");
    CHECK(seq_of(KA.addr) == 1 && seq_of(KB.addr) == 0);
    int applied = 0;
    int64_t ts = 0;
    CHECK(paper_tx_applied(PC, t1.txid, &applied, &ts, &e) == 0 && applied && ts == now);
    /* The spent output is gone; the change is a new one. */
    node_utxo(esplora, KA.addr, utxo1, &value);
    CHECK(strlen(utxo1) == 64 && strcmp(utxo1, utxo0) != 0 && value == 100000000 - 10000000 - fee);
    CHECK_STR(t2.in_txid, utxo0);

    char *r = NULL;
    long status = 0;
    if (esplora) { /* the status query and the tip */
        char q[120];
        snprintf(q, sizeof q, "/tx/%s/status", t1.txid);
        CHECK(paper_http(PC, "GET", q, NULL, &status, &r, &e) == 0 && status == 200);
        CHECK(r && strstr(r, "\"confirmed\":true") && strstr(r, "\"block_height\":2833333"));
        free(r);
        snprintf(q, sizeof q, "/tx/%s/status", t3.txid); /* never broadcast */
        CHECK(paper_http(PC, "GET", q, NULL, &status, &r, &e) == 0 && status == 404);
        free(r);
        CHECK(paper_http(PC, "GET", "/blocks/tip/height", NULL, &status, &r, &e) == 0 && status == 200);
        CHECK_STR(r, "2833333");
        free(r);
    } else {
        CHECK(paper_rpc(PC, "getblockcount", "[]", &r, &e) == 0);
        CHECK_STR(r, "2833333");
        free(r);
    }

    /* Refusals at broadcast: a replay, the stale second payment, the unregistered third. */
    const char *bal_a = sats(100000000 - 10000000 - fee);
    CHECK(broadcast(st, t1.raw, t1.txid, err) == -1 && strstr(err, "already applied"));
    CHECK(esplora ? strstr(err, "HTTP 400") != NULL : strstr(err, "rpc error -27") != NULL);
    CHECK(broadcast(st, t2.raw, t2.txid, err) == -1 && strstr(err, "stale"));
    CHECK(esplora || strstr(err, "rpc error -25") != NULL);
    CHECK(broadcast(st, t3.raw, t3.txid, err) == -1 && strstr(err, "unknown to the paper ledger"));
    CHECK_STR(balance(st, KA.addr), bal_a);
    CHECK_STR(balance(st, KB.addr), "1.1");

    /* More than the balance: the plugin refuses to build it from the node's UTXOs ... */
    struct built t4;
    CHECK(build(st, &KA, KB.addr, "5", &t4, err) == -1 && strstr(err, "insufficient funds"));
    built_free(&t4);
    /* ... and the ledger refuses a description that takes more than the sender holds. */
    int64_t seq_b = seq_of(KB.addr);
    CHECK(build(st, &KB, KA.addr, "0.5", &t4, err) == 0);
    json_t *big = json_loads(t4.desc ? t4.desc : "{}", 0, NULL);
    json_object_set_new(big, "amount", json_string("500000000"));
    char *big_text = json_dumps(big, JSON_COMPACT);
    CHECK(expect(&t4, KB.addr, seq_b, big_text, NULL, &e) == 0);
    CHECK(broadcast(st, t4.raw, t4.txid, err) == -1 && strstr(err, "insufficient funds"));
    free(big_text);
    json_decref(big);
    CHECK_STR(balance(st, KB.addr), "1.1");
    CHECK(seq_of(KB.addr) == seq_b);

    /* Bob spends what he received: his one output holds 1.1 BTC. */
    struct built t5;
    char utxo_b[65];
    node_utxo(esplora, KB.addr, utxo_b, &value);
    CHECK(value == 110000000);
    CHECK(build(st, &KB, KA.addr, "0.4", &t5, err) == 0);
    CHECK(t5.fee == fee);
    CHECK_STR(t5.in_txid, utxo_b);
    CHECK(expect(&t5, KB.addr, seq_b, NULL, NULL, &e) == 0);
    CHECK(broadcast(st, t5.raw, t5.txid, err) == 0);
    CHECK_STR(balance(st, KB.addr), sats(110000000 - 40000000 - fee));
    CHECK_STR(balance(st, KA.addr), sats(100000000 - 10000000 - fee + 40000000));
    /* Nothing was created or lost but the two fees. */
    uint8_t ua[32], ub[32];
    uint64_t va = 0, vb = 0;
    CHECK(paper_units(PC, KA.addr, "BTC", ua, &e) == 0 && units_to_u64(ua, &va) == 0);
    CHECK(paper_units(PC, KB.addr, "BTC", ub, &e) == 0 && units_to_u64(ub, &vb) == 0);
    CHECK(va + vb == 200000000 - 2 * fee);

    /* A swap: the btc chain has no other asset, so buying anything is refused, and selling BTC
     * for BTC is refused at broadcast without moving a satoshi. */
    struct built t6;
    int64_t seq_a = seq_of(KA.addr);
    CHECK(build(st, &KA, KX.addr, "0.01", &t6, err) == 0);
    CHECK(expect(&t6, KA.addr, seq_a, NULL, "ETH", &e) == -1 && strstr(e.msg, "unknown asset"));
    st_err_clear(&e);
    CHECK(expect(&t6, KA.addr, seq_a, NULL, "BTC", &e) == 0);
    CHECK(broadcast(st, t6.raw, t6.txid, err) == -1 && strstr(err, "another asset"));
    CHECK_STR(balance(st, KA.addr), sats(va));
    CHECK_STR(balance(st, KX.addr), "0");
    CHECK(seq_of(KA.addr) == seq_a);

    /* Asked something it does not simulate, the node says so, naming it. */
    CHECK(paper_rpc(PC, "getblockchaininfo", "[]", &r, &e) == -1 && r == NULL &&
          strstr(e.msg, "method getblockchaininfo is not simulated"));
    st_err_clear(&e);
    CHECK(paper_http(PC, "GET", "/blocks/tip/hash", NULL, &status, &r, &e) == -1 &&
          strstr(e.msg, "GET /blocks/tip/hash is not simulated"));
    st_err_clear(&e);
    CHECK(paper_rpc(PC, "scantxoutset", "[\"start\",[\"pkh(02aa)\"]]", &r, &e) == -1 &&
          strstr(e.msg, "only addr(<address>)"));
    st_err_clear(&e);
    /* Another network's address: Esplora's 400, Core's -5. */
    CHECK(paper_http(PC, "GET", "/address/bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4/utxo", NULL, &status, &r, &e) ==
              0 &&
          status == 400 && r && strstr(r, "Invalid Bitcoin address") && strstr(r, "not a regtest address"));
    free(r);
    CHECK(paper_rpc(PC, "scantxoutset", "[\"start\",[\"addr(bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4)\"]]", &r,
                    &e) == -1 &&
          strstr(e.msg, "rpc error -5"));
    st_err_clear(&e);
    /* The fee answers themselves. */
    CHECK(paper_http(PC, "GET", "/fee-estimates", NULL, &status, &r, &e) == 0 && status == 200);
    CHECK(r && strstr(r, esplora ? "\"6\":2.5," : "\"6\":2,") && strstr(r, "\"1008\":"));
    free(r);
    CHECK(paper_rpc(PC, "estimatesmartfee", "[6]", &r, &e) == 0);
    CHECK_STR(r, esplora ? "{\"feerate\":0.00002500,\"blocks\":6}" : "{\"feerate\":0.00002000,\"blocks\":6}");
    free(r);
    CHECK(paper_rpc(PC, "estimatesmartfee", "[0]", &r, &e) == -1 && strstr(e.msg, "rpc error -8"));
    st_err_clear(&e);
    /* Both addresses in one scan; one listed twice counts once. */
    char q[400];
    snprintf(q, sizeof q, "{\"action\":\"start\",\"scanobjects\":[\"addr(%s)\",{\"desc\":\"addr(%s)\"},\"addr(%s)\"]}",
             KA.addr, KB.addr, KA.addr);
    CHECK(paper_rpc(PC, "scantxoutset", q, &r, &e) == 0);
    json_t *scan = r ? json_loads(r, 0, NULL) : NULL;
    CHECK(json_array_size(json_object_get(scan, "unspents")) == 2);
    CHECK(json_is_true(json_object_get(scan, "success")) &&
          json_integer_value(json_object_get(scan, "height")) == 2833333);
    CHECK(json_real_value(json_object_get(scan, "total_amount")) == (double)(va + vb) / 1e8);
    json_decref(scan);
    free(r);

    built_free(&t1);
    built_free(&t2);
    built_free(&t3);
    built_free(&t4);
    built_free(&t5);
    built_free(&t6);
    P->shutdown(st);
    paper_chain_close(PC);
    PC = NULL;
    store_close(store);
    CHECK(testfs_rmtree(dir) == 0);
}

/* ---- settings ------------------------------------------------------------------------- */

static void test_settings(void)
{
    char dir[128];
    testfs_mkdtemp(dir, sizeof dir, "paper-btc-settings");
    struct store *store = NULL;
    st_err e = {0};
    if (store_open(dir, &store, &e) != 0) {
        fprintf(stderr, "store_open: %s\n", e.msg);
        exit(2);
    }
    static const char *ex = "bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080";
    static const char *opt = "{\"network\":\"regtest\"}";
    static const struct {
        const char *paper, *options, *needle;
    } bad[] = {
        {"{\"fees\":{\"bogus\":1}}", NULL, "paper.fees.bogus: unknown key"},
        {"{\"fees\":{\"fee_rate_sat_vb\":\"0\"}}", NULL, "paper.fees.fee_rate_sat_vb"},
        {"{\"fees\":{\"fee_rate_sat_vb\":\"2.0001\"}}", NULL, "paper.fees.fee_rate_sat_vb"},
        {"{\"fees\":{\"fee_rate_sat_vb\":2.0001}}", NULL, "paper.fees.fee_rate_sat_vb"},
        {"{\"fees\":{\"fee_rate_sat_vb\":\"fast\"}}", NULL, "paper.fees.fee_rate_sat_vb"},
        {"{\"fees\":{\"fee_rate_sat_vb\":1000001}}", NULL, "paper.fees.fee_rate_sat_vb"},
        {"{\"fees\":{\"fee_rate_sat_vb\":true}}", NULL, "paper.fees.fee_rate_sat_vb"},
        {"{\"fees\":\"cheap\"}", NULL, "paper.fees: must be a mapping"},
        {"{\"balances\":{\"ETH\":\"1\"}}", NULL, "paper.balances.ETH"},
        {"{\"balances\":{\"BTC\":\"0.000000001\"}}", NULL, "paper.balances.BTC"},
        {"{}", "{\"network\":\"litecoin\"}", "options.network"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct paper_chain *pc = NULL;
        st_err_clear(&e);
        int rc = paper_chain_open(store, "btc", "btc", bad[i].paper, bad[i].options ? bad[i].options : opt, ex, &pc,
                                  &e);
        check_count++;
        if (rc != -1 || pc != NULL || strstr(e.msg, bad[i].needle) == NULL) {
            check_failed++;
            fprintf(stderr, "settings case %zu: rc %d \"%s\", wanted \"%s\"\n", i, rc, e.msg, bad[i].needle);
        }
        paper_chain_close(pc);
    }
    /* Good settings: a rate as a number, a configured opening balance, mainnet by default. */
    struct paper_chain *pc = NULL;
    st_err_clear(&e);
    CHECK(paper_chain_open(store, "btc-main", "btc", "{\"fees\":{\"fee_rate_sat_vb\":12.125},\"balances\":{\"BTC\":\"2.5\"}}",
                           "{}", "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", &pc, &e) == 0);
    if (pc != NULL) {
        const char *who = "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0";
        char out[64], *r = NULL;
        long status;
        CHECK(paper_fund(pc, who, &e) == 0 && paper_fund(pc, who, &e) == 0);
        CHECK(paper_balance(pc, who, NULL, out, sizeof out, &e) == 0);
        CHECK_STR(out, "2.5");
        CHECK(paper_balance(pc, who, "", out, sizeof out, &e) == 0); /* the native asset's id */
        CHECK_STR(out, "2.5");
        CHECK(paper_rpc(pc, "estimatesmartfee", "{\"conf_target\":1,\"estimate_mode\":\"ECONOMICAL\"}", &r, &e) == 0);
        CHECK_STR(r, "{\"feerate\":0.00012125,\"blocks\":2}");
        free(r);
        char q[200];
        snprintf(q, sizeof q, "/address/%s", who);
        CHECK(paper_http(pc, "GET", q, NULL, &status, &r, &e) == 0 && status == 200);
        json_t *j = r ? json_loads(r, 0, NULL) : NULL;
        CHECK(json_integer_value(json_object_get(json_object_get(j, "chain_stats"), "funded_txo_sum")) == 250000000);
        CHECK_STR(json_string_value(json_object_get(j, "address")), who);
        json_decref(j);
        free(r);
        /* A regtest address is not a mainnet one. */
        CHECK(paper_http(pc, "GET", "/address/bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080", NULL, &status, &r, &e) ==
                  0 &&
              status == 400);
        free(r);
        const char *assets[4];
        CHECK(paper_assets(pc, assets, 4) == 1 && strcmp(assets[0], "BTC") == 0);
        paper_chain_close(pc);
    }
    store_close(store);
    CHECK(testfs_rmtree(dir) == 0);
}

/* ---- addresses ------------------------------------------------------------------------ */

static void test_addresses(void)
{
    const struct paper_btc_net *main_net = paper_btc_net_by_name("mainnet"), *test_net = paper_btc_net_by_name("testnet");
    CHECK(main_net && test_net && paper_btc_net_by_name("regtest") && !paper_btc_net_by_name("Mainnet"));
    json_t *v = check_load_vectors("bip350_bech32m_vectors.json");
    json_t *good = json_object_get(v, "segwit_addresses_valid"), *bad = json_object_get(v, "segwit_addresses_invalid");
    CHECK(json_array_size(good) == 8 && json_array_size(bad) == 15);
    for (size_t i = 0; i < json_array_size(good); i++) {
        const char *a = json_string_value(json_object_get(json_array_get(good, i), "address"));
        const char *want = json_string_value(json_object_get(json_array_get(good, i), "scriptPubKey"));
        uint8_t script[PAPER_BTC_SCRIPT_MAX];
        size_t len = 0;
        char hex[2 * PAPER_BTC_SCRIPT_MAX + 1] = "";
        st_err e = {0};
        int rc = paper_btc_address_script((a[0] | 0x20) == 'b' ? main_net : test_net, a, script, &len, &e);
        if (rc == 0)
            hex_encode(hex, script, len);
        check_count++;
        if (rc != 0 || strcmp(hex, want) != 0) {
            check_failed++;
            fprintf(stderr, "valid %s: rc %d %s (%s)\n", a, rc, hex, e.msg);
        }
    }
    for (size_t i = 0; i < json_array_size(bad); i++) {
        const char *a = json_string_value(json_object_get(json_array_get(bad, i), "address"));
        uint8_t script[PAPER_BTC_SCRIPT_MAX];
        size_t len = 0;
        st_err e = {0};
        int rc = paper_btc_address_script((a[0] | 0x20) == 't' ? test_net : main_net, a, script, &len, &e);
        check_count++;
        if (rc != -1 || !e.set) {
            check_failed++;
            fprintf(stderr, "invalid %s accepted\n", a);
        }
    }
    json_decref(v);

    /* Base58 (P2PKH, P2SH) and the keys' P2TR addresses agree with the plugin's decoder. */
    static const char *const nets[] = {"mainnet", "testnet", "regtest"};
    for (size_t n = 0; n < 3; n++) {
        const struct paper_btc_net *ours = paper_btc_net_by_name(nets[n]);
        const struct btc_network *theirs = btc_network_by_name(nets[n]);
        char addrs[4][100];
        for (int k = 0; k < 2; k++) {
            uint8_t payload[21];
            payload[0] = k == 0 ? theirs->p2pkh_version : theirs->p2sh_version;
            for (int i = 1; i < 21; i++)
                payload[i] = (uint8_t)(i * 7 + k + n);
            st_err e = {0};
            CHECK(base58check_encode(payload, 21, addrs[k], sizeof addrs[k], &e) == 0);
        }
        snprintf(addrs[2], sizeof addrs[2], "%s", n == 2 ? KA.addr : "");
        /* leading zero bytes in base58: version 0 and a hash starting with zeros */
        uint8_t zeros[21] = {theirs->p2pkh_version, 0, 0};
        st_err e0 = {0};
        CHECK(base58check_encode(zeros, 21, addrs[3], sizeof addrs[3], &e0) == 0);
        for (int k = 0; k < 4; k++) {
            if (addrs[k][0] == '\0')
                continue;
            uint8_t s1[PAPER_BTC_SCRIPT_MAX], s2[BTC_SCRIPT_MAX];
            size_t l1 = 0, l2 = 0;
            enum btc_script_type type;
            st_err e1 = {0}, e2 = {0};
            CHECK(paper_btc_address_script(ours, addrs[k], s1, &l1, &e1) == 0);
            CHECK(btc_address_to_script(theirs, addrs[k], s2, &l2, &type, &e2) == 0);
            CHECK(l1 == l2 && l1 > 0 && memcmp(s1, s2, l1) == 0);
            /* One character changed: the checksum no longer holds. */
            char broken[100];
            snprintf(broken, sizeof broken, "%.99s", addrs[k]);
            size_t last = strlen(broken) - 1;
            broken[last] = broken[last] == 'z' ? 'y' : 'z';
            CHECK(paper_btc_address_script(ours, broken, s1, &l1, &e1) == -1);
        }
        /* Another network's base58 address. */
        const struct paper_btc_net *other = paper_btc_net_by_name(n == 0 ? "regtest" : "mainnet");
        uint8_t s[PAPER_BTC_SCRIPT_MAX];
        size_t l;
        st_err e = {0};
        CHECK(paper_btc_address_script(other, addrs[0], s, &l, &e) == -1 && strstr(e.msg, "another network"));
    }
    uint8_t s[PAPER_BTC_SCRIPT_MAX];
    size_t l;
    st_err e = {0};
    CHECK(paper_btc_address_script(main_net, "", s, &l, &e) == -1);
    CHECK(paper_btc_address_script(main_net, "0OIl", s, &l, &e) == -1);
}

int main(void)
{
    log_setup(LOG_WARN, LOG_FORMAT_TEXT, NULL);
    CTX = secp256k1_context_create(SECP256K1_CONTEXT_NONE);
    load_plugin();
    make_key(&KA, 0x11);
    make_key(&KB, 0x22);
    make_key(&KX, 0x33);
    test_flow(1);
    test_flow(0);
    test_settings();
    test_addresses();
    CHECK(ALLOCS == FREES);
    secp256k1_context_destroy(CTX);
    /* No dlclose: the plugin's copy of the crypto module keeps a process-lifetime libsecp256k1
     * context (secp_ctx.h), which must stay reachable until exit. */
    return check_summary();
}
