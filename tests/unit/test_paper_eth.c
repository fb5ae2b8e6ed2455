/* test_paper_eth.c: the paper eth node (core/paper/paper_eth.c) driven by the real eth plugin
 * (its ops, linked from steward_eth), end to end: a test host whose rpc_call goes to
 * paper_rpc of the paper chain and whose signer signs with TEST keys (hardhat's published
 * accounts), a store in a temporary folder, and the flow steward runs for every transaction:
 * read the sender's sequence, build, describe, sign, assemble, paper_expect, broadcast.
 *
 * Checked: the node's answers (chain id, fee history, tip, nonce, balances, token calls,
 * receipts, refusals naming the method); ETH and ERC-20 transfers moving exactly amount +
 * fee_max out and amount in; legacy transactions; receipts (also through the plugin's
 * receipt wait and after reopening the chain); refusals of a replay, of a transaction built
 * before its sender moved (same nonce), of one the ledger cannot pay, of a raw never
 * registered, of transfers above the balance at build; a swap through the paper exchange;
 * funding once; and the settings' errors (paper.fees, paper.balances, options). */
#include <secp256k1.h>
#include <secp256k1_recovery.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "crypto/addresses.h"
#include "ops.h"
#include "paper/paper.h"
#include "steward_plugin.h"
#include "store/store.h"
#include "testfs.h"
#include "util/decimal.h"
#include "util/hex.h"

/* ---- the plugin, as plugin.c publishes it ------------------------------------------- */

static const struct stw_plugin P = {
    .abi_version = STW_PLUGIN_ABI_VERSION,
    .chain = "eth",
    .name = "eth (test)",
    .version = "test",
    .curve = STW_CURVE_SECP256K1,
    .scheme = STW_SIG_ECDSA_SECP256K1_RECOVERABLE,
    .derivation_path = eth_op_derivation_path,
    .init = eth_op_init,
    .shutdown = eth_op_shutdown,
    .address = eth_op_address,
    .build = eth_op_build,
    .describe = eth_op_describe,
    .sign = eth_op_sign,
    .assemble = eth_op_assemble,
    .broadcast = eth_op_broadcast,
    .balance = eth_op_balance,
    .sign_message = eth_op_sign_message,
    .tx_free = eth_op_tx_free,
};

/* ---- the test host: RPC to the paper chain, a signer with test keys ------------------ */

#define NKEYS 3

static struct paper_chain *PC;
static secp256k1_context *ctx;
static long live_allocs;
static char last_log[512];
static int rpc_calls;
static uint8_t keys[NKEYS][32];
static uint8_t pubs[NKEYS][33];
static int cap_token; /* the address stands for a sign capability */

static void *t_alloc(size_t n)
{
    live_allocs++;
    return malloc(n ? n : 1);
}

static void t_free(void *p)
{
    if (p)
        live_allocs--;
    free(p);
}

static void t_log(void *c, enum stw_log_level level, const char *event, const char *msg)
{
    (void)c, (void)level;
    snprintf(last_log, sizeof last_log, "%s: %s", event, msg);
}

static int t_rpc(void *c, const char *method, const char *params, char **result, char err[STW_ERR_MAX])
{
    (void)c;
    rpc_calls++;
    st_err e = {0};
    char *r = NULL;
    if (paper_rpc(PC, method, params, &r, &e) != 0) {
        snprintf(err, STW_ERR_MAX, "%.*s", STW_ERR_MAX - 1, e.msg);
        return -1;
    }
    *result = t_alloc(strlen(r) + 1);
    strcpy(*result, r);
    free(r);
    return 0;
}

static int t_http(void *c, const char *verb, const char *path, const char *body, const char *ct, long *status,
                  char **response, char err[STW_ERR_MAX])
{
    (void)c, (void)body, (void)ct, (void)status, (void)response;
    st_err e = {0};
    char *r = NULL;
    long s = 0;
    if (paper_http(PC, verb, path, body, &s, &r, &e) != 0) {
        snprintf(err, STW_ERR_MAX, "%.*s", STW_ERR_MAX - 1, e.msg);
        return -1;
    }
    free(r);
    snprintf(err, STW_ERR_MAX, "unexpected: the eth plugin used http");
    return -1;
}

static int t_sign(void *c, struct stw_sign_cap *cap, const struct stw_account *account, enum stw_sig_scheme scheme,
                  const uint8_t *msg, size_t msg_len, uint8_t sig[65], size_t *sig_len, char err[STW_ERR_MAX])
{
    (void)c, (void)cap;
    int k = -1;
    for (int i = 0; i < NKEYS; i++)
        if (account->pubkey_len == 33 && memcmp(account->pubkey, pubs[i], 33) == 0)
            k = i;
    if (k < 0 || scheme != STW_SIG_ECDSA_SECP256K1_RECOVERABLE || msg_len != 32) {
        snprintf(err, STW_ERR_MAX, "test signer: unknown account or scheme");
        return -1;
    }
    secp256k1_ecdsa_recoverable_signature rs;
    int recid;
    if (!secp256k1_ecdsa_sign_recoverable(ctx, &rs, msg, keys[k], NULL, NULL))
        return -1;
    secp256k1_ecdsa_recoverable_signature_serialize_compact(ctx, sig, &recid, &rs);
    sig[64] = (uint8_t)recid;
    *sig_len = 65;
    return 0;
}

static const struct stw_host HOST = {STW_PLUGIN_ABI_VERSION, NULL, t_alloc, t_free, t_log, t_rpc, t_http, t_sign};

/* ---- helpers -------------------------------------------------------------------------- */

struct acct {
    char address[ETH_ADDRESS_BUFSZ];
    struct stw_account a;
};

static struct acct A, B, C; /* hardhat accounts 0, 1, 2 */

static void make_account(void *st, int k, const char *key_hex, struct acct *ac)
{
    secp256k1_pubkey pk;
    size_t n = 33;
    hex_decode(keys[k], 32, key_hex);
    CHECK(secp256k1_ec_pubkey_create(ctx, &pk, keys[k]) == 1);
    secp256k1_ec_pubkey_serialize(ctx, pubs[k], &n, &pk, SECP256K1_EC_COMPRESSED);
    char err[STW_ERR_MAX] = "";
    CHECK(P.address(st, pubs[k], 33, ac->address, sizeof ac->address, err) == 0);
    ac->a = (struct stw_account){"default", (uint32_t)k, "m/44'/60'/0'/0/0", STW_CURVE_SECP256K1, pubs[k], 33,
                                 ac->address};
}

static void *plugin_init(const char *opts)
{
    void *st = NULL;
    char err[STW_ERR_MAX] = "";
    if (P.init(&HOST, opts, &st, err) != 0) {
        fprintf(stderr, "plugin init(%s): %s\n", opts, err);
        exit(2);
    }
    return st;
}

/* The plugin's balance, as text in a static buffer ("ERR: ..." on failure). */
static const char *bal(void *st, const char *addr, const char *asset)
{
    static char out[STW_ERR_MAX + 8];
    char err[STW_ERR_MAX] = "", *amount = NULL;
    if (P.balance(st, addr, asset, &amount, err) != 0) {
        snprintf(out, sizeof out, "ERR: %s", err);
        return out;
    }
    snprintf(out, sizeof out, "%s", amount);
    t_free(amount);
    return out;
}

/* An assembled transaction and what steward records for it. */
struct sent {
    int64_t seq;       /* the sender's sequence read before building */
    char *raw, *txid;  /* host memory */
    char *desc;        /* host memory: the plugin's description */
    char err[STW_ERR_MAX];
};

static void sent_free(struct sent *s)
{
    t_free(s->raw);
    t_free(s->txid);
    t_free(s->desc);
    memset(s, 0, sizeof *s);
}

/* Reads the sequence, builds, describes, signs and assembles. Returns 0, or -1 with s->err. */
static int make_tx(void *st, const struct acct *from, const char *intent, struct sent *s)
{
    memset(s, 0, sizeof *s);
    st_err e = {0};
    if (paper_account_seq(PC, from->address, &s->seq, &e) != 0) {
        snprintf(s->err, sizeof s->err, "%.*s", STW_ERR_MAX - 1, e.msg);
        return -1;
    }
    struct stw_tx *tx = NULL;
    if (P.build(st, &from->a, intent, &tx, s->err) != 0)
        return -1;
    int rc = -1;
    if (P.describe(st, tx, &s->desc, s->err) == 0 && P.sign(st, tx, &from->a, (struct stw_sign_cap *)&cap_token, s->err) == 0 &&
        P.assemble(st, tx, &s->raw, &s->txid, s->err) == 0)
        rc = 0;
    P.tx_free(st, tx);
    return rc;
}

/* paper_expect as steward calls it after assembling. */
static int expect(const struct acct *from, const struct sent *s, const char *swap_buy)
{
    st_err e = {0};
    if (s->raw == NULL || s->txid == NULL || s->desc == NULL)
        return -1; /* the build failed (and a CHECK said so) */
    int rc = paper_expect(PC, s->raw, s->txid, from->address, s->seq, s->desc, swap_buy, &e);
    if (rc != 0)
        fprintf(stderr, "paper_expect: %s\n", e.msg);
    return rc;
}

/* Broadcasts through the plugin; returns 0 and checks the txid, or -1 with err. */
static int broadcast(void *st, const struct sent *s, char err[STW_ERR_MAX])
{
    char *txid = NULL;
    if (s->raw == NULL) {
        snprintf(err, STW_ERR_MAX, "(nothing was assembled)");
        return -1;
    }
    if (P.broadcast(st, s->raw, &txid, err) != 0)
        return -1;
    CHECK_STR(txid, s->txid);
    t_free(txid);
    return 0;
}

static const char *desc_str(const struct sent *s, const char *key)
{
    static char out[128];
    json_t *d = s->desc ? json_loads(s->desc, 0, NULL) : NULL;
    json_t *v = json_object_get(d, key);
    if (json_is_string(v))
        snprintf(out, sizeof out, "%s", json_string_value(v));
    else if (json_is_integer(v))
        snprintf(out, sizeof out, "%lld", (long long)json_integer_value(v));
    else
        snprintf(out, sizeof out, "(none)");
    json_decref(d);
    return out;
}

/* display(start) - display(minus...) in base units, formatted with `decimals`. */
static const char *display_minus(const char *start, unsigned decimals, const char *minus_units1,
                                 const char *minus_units2)
{
    static char out[DECIMAL_MAX_TEXT];
    uint8_t a[32], b[32];
    st_err e = {0};
    CHECK(decimal_to_units(start, decimals, a, &e) == 0);
    if (minus_units1) {
        CHECK(units_from_string(minus_units1, b) == 0);
        CHECK(units_sub(a, a, b) == 0);
    }
    if (minus_units2) {
        CHECK(units_from_string(minus_units2, b) == 0);
        CHECK(units_sub(a, a, b) == 0);
    }
    units_to_decimal(a, decimals, out, sizeof out);
    return out;
}

/* A direct JSON-RPC call to the paper node; result text in a static buffer or "ERR: ...". */
static const char *rpc(const char *method, const char *params)
{
    static char out[2048];
    st_err e = {0};
    char *r = NULL;
    if (paper_rpc(PC, method, params, &r, &e) != 0) {
        snprintf(out, sizeof out, "ERR: %s", e.msg);
        return out;
    }
    snprintf(out, sizeof out, "%s", r);
    free(r);
    return out;
}

static int64_t clock_ms = 1700000000000; /* block 141666666 */

static int64_t test_clock(void *c)
{
    (void)c;
    return clock_ms;
}

static int price(void *c, const char *symbol, char *out, size_t cap, st_err *err)
{
    (void)c;
    if (strcmp(symbol, "ETH") == 0)
        snprintf(out, cap, "3000");
    else if (strcmp(symbol, "USDC") == 0)
        snprintf(out, cap, "1");
    else
        return st_err_set(err, "no price for %s", symbol);
    return 0;
}

#define USDC "0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48"
#define OPTIONS "{\"chain_id\":31337,\"network\":\"paper\",\"erc20\":{\"USDC\":{\"address\":\"" USDC "\",\"decimals\":6}}}"
#define PAPER                                                                                                     \
    "{\"balances\":{\"ETH\":\"10\",\"USDC\":\"1000\"},\"fees\":{\"base_fee_gwei\":\"2\",\"priority_fee_gwei\":" \
    "\"0.5\"},\"exchange\":{\"fee_bps\":30}}"

static char EXCHANGE[ETH_ADDRESS_BUFSZ];

static struct paper_chain *open_chain(struct store *s, const char *paper, const char *opts, const char *exchange,
                                      char *errout, size_t cap)
{
    struct paper_chain *pc = NULL;
    st_err e = {0};
    if (paper_chain_open(s, "eth", "eth", paper, opts, exchange, &pc, &e) != 0) {
        snprintf(errout, cap, "%s", e.msg);
        return NULL;
    }
    paper_chain_set_clock(pc, test_clock, NULL);
    return pc;
}

/* ---- tests ---------------------------------------------------------------------------- */

/* The node's answers, asked directly. */
static void test_node_answers(void)
{
    CHECK_STR(rpc("eth_chainId", "[]"), "\"0x7a69\"");
    CHECK_STR(rpc("eth_maxPriorityFeePerGas", "[]"), "\"0x1dcd6500\""); /* 0.5 gwei */
    /* 2 gwei = 0x77359400 for the block asked and the next; half-full blocks. */
    CHECK_STR(rpc("eth_feeHistory", "[\"0x1\",\"latest\",[]]"),
              "{\"oldestBlock\":\"0x871a96a\",\"baseFeePerGas\":[\"0x77359400\",\"0x77359400\"],"
              "\"gasUsedRatio\":[0.5]}");
    CHECK_STR(rpc("eth_feeHistory", "[2,\"latest\",[25,75]]"),
              "{\"oldestBlock\":\"0x871a969\",\"baseFeePerGas\":[\"0x77359400\",\"0x77359400\",\"0x77359400\"],"
              "\"gasUsedRatio\":[0.5,0.5],\"reward\":[[\"0x1dcd6500\",\"0x1dcd6500\"],[\"0x1dcd6500\","
              "\"0x1dcd6500\"]]}");
    CHECK(strstr(rpc("eth_feeHistory", "[\"0x0\",\"latest\",[]]"), "blockCount must be 1 to") != NULL);
    CHECK(strstr(rpc("eth_feeHistory", "[1,\"0xffffffffff\",[]]"), "in the future") != NULL);

    /* Unknown methods, malformed requests and history are refused, naming what. */
    CHECK_STR(rpc("eth_blockNumber", "[]"), "ERR: paper eth node: method eth_blockNumber is not simulated");
    CHECK_STR(rpc("debug_traceTransaction", "[]"),
              "ERR: paper eth node: method debug_traceTransaction is not simulated");
    CHECK(strstr(rpc("eth_chainId", "{}"), "params must be a JSON array") != NULL);
    CHECK(strstr(rpc("eth_getBalance", "[\"0x1234\",\"latest\"]"), "eth_getBalance: address: not an address") !=
          NULL);
    CHECK(strstr(rpc("eth_getTransactionCount", "[\"0x70997970c51812dc3a010c7d01b50e0d17dc79c8\",\"earliest\"]"),
                 "only the current state is simulated") != NULL);
    CHECK(strstr(rpc("eth_getBalance", "[\"0x70997970c51812dc3a010c7d01b50e0d17dc79c8\",\"0x5\"]"),
                 "only the current state is simulated") != NULL);

    /* An account the ledger has never seen holds nothing and has sent nothing. */
    CHECK_STR(rpc("eth_getBalance", "[\"0x00000000000000000000000000000000000000aa\",\"latest\"]"), "\"0x0\"");
    CHECK_STR(rpc("eth_getTransactionCount", "[\"0x00000000000000000000000000000000000000aa\",\"pending\"]"),
              "\"0x0\"");

    /* eth_call: no code outside the configured tokens; decimals() of a configured token. */
    CHECK_STR(rpc("eth_call", "[{\"to\":\"0x00000000000000000000000000000000000000aa\",\"data\":\"0x313ce567\"},"
                              "\"latest\"]"),
              "\"0x\"");
    CHECK_STR(rpc("eth_call", "[{\"to\":\"0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48\",\"data\":\"0x313ce567\"},"
                              "\"latest\"]"),
              "\"0x0000000000000000000000000000000000000000000000000000000000000006\"");
    CHECK(strstr(rpc("eth_call", "[{\"to\":\"0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48\",\"data\":\"0x18160ddd\"},"
                                 "\"latest\"]"),
                 "only balanceOf(address) and decimals() are simulated on the token USDC") != NULL);
    CHECK(strstr(rpc("eth_estimateGas", "[{\"from\":\"0x00000000000000000000000000000000000000aa\"}]"),
                 "contract creation is not simulated") != NULL);
    CHECK(strstr(rpc("eth_estimateGas", "[{\"to\":\"0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48\",\"data\":"
                                        "\"0x095ea7b3\"}]"),
                 "only transfer(address,uint256) is simulated") != NULL);
    CHECK_STR(rpc("eth_estimateGas", "[{\"to\":\"0x00000000000000000000000000000000000000aa\"}]"), "\"0x5208\"");
    CHECK(strstr(rpc("eth_sendRawTransaction", "[\"not hex\"]"), "is not hex data") != NULL);
    CHECK(strstr(rpc("eth_getTransactionReceipt", "[\"0x12\"]"), "0x and 64 hex digits") != NULL);
    CHECK_STR(rpc("eth_getTransactionReceipt",
                  "[\"0x1111111111111111111111111111111111111111111111111111111111111111\"]"),
              "null");
}

static void test_funding(void *st)
{
    st_err e = {0};
    CHECK(paper_fund(PC, A.address, &e) == 0);
    CHECK(paper_fund(PC, B.address, &e) == 0);
    CHECK(paper_fund(PC, A.address, &e) == 0); /* once only */
    CHECK_STR(bal(st, A.address, NULL), "10");
    CHECK_STR(bal(st, A.address, "ETH"), "10");
    CHECK_STR(bal(st, A.address, "USDC"), "1000");
    CHECK_STR(bal(st, B.address, NULL), "10");
    CHECK_STR(bal(st, C.address, NULL), "0");
    char out[64];
    CHECK(paper_balance(PC, A.address, "USDC", out, sizeof out, &e) == 0);
    CHECK_STR(out, "1000");
    const char *assets[4];
    CHECK(paper_assets(PC, assets, 4) == 2);
    CHECK_STR(assets[0], "ETH");
    CHECK_STR(assets[1], "USDC");
    /* The node reads the same ledger rows the plugin shows: wei as a quantity. */
    char params[128];
    snprintf(params, sizeof params, "[\"%s\",\"latest\"]", A.address);
    CHECK_STR(rpc("eth_getBalance", params), "\"0x8ac7230489e80000\""); /* 10 ETH */
}

static void test_eth_transfer(void *st)
{
    char err[STW_ERR_MAX] = "";
    struct sent t1, t2, t3, t4;
    const char *to_b = "{\"chain\":\"eth\",\"kind\":\"transfer\",\"to\":\"0x70997970C51812dc3A010C7d01b50e0d17dc79C8\","
                       "\"amount\":\"1.5\"}";
    CHECK(make_tx(st, &A, to_b, &t1) == 0);
    CHECK_STR(desc_str(&t1, "nonce"), "0");
    CHECK_STR(desc_str(&t1, "gas_limit"), "25200");              /* 21000 + 20% */
    CHECK_STR(desc_str(&t1, "max_fee_per_gas"), "4500000000");   /* 2 x 2 gwei + 0.5 gwei */
    CHECK_STR(desc_str(&t1, "fee_max"), "113400000000000");      /* 25200 x 4.5 gwei */
    CHECK_STR(desc_str(&t1, "to"), B.address);
    /* Built before t1 is broadcast: the same nonce. */
    const char *small = "{\"kind\":\"transfer\",\"to\":\"0x70997970C51812dc3A010C7d01b50e0d17dc79C8\",\"amount\":\"0.1\"}";
    CHECK(make_tx(st, &A, small, &t2) == 0);
    CHECK_STR(desc_str(&t2, "nonce"), "0");
    CHECK(expect(&A, &t1, NULL) == 0);
    CHECK(expect(&A, &t2, NULL) == 0);

    CHECK(broadcast(st, &t1, err) == 0);
    CHECK_STR(bal(st, A.address, NULL), display_minus("10", 18, "1500000000000000000", "113400000000000"));
    CHECK_STR(bal(st, A.address, NULL), "8.4998866");
    CHECK_STR(bal(st, B.address, NULL), "11.5");
    CHECK_STR(bal(st, A.address, "USDC"), "1000");
    int64_t seq = -1;
    st_err e = {0};
    CHECK(paper_account_seq(PC, A.address, &seq, &e) == 0 && seq == 1);
    CHECK(paper_account_seq(PC, B.address, &seq, &e) == 0 && seq == 0); /* receiving does not move it */

    /* The receipt: mined at the ledger's clock, successful, gas x price = the fee debited. */
    char params[128], want[1024];
    snprintf(params, sizeof params, "[\"%s\"]", t1.txid);
    snprintf(want, sizeof want,
             "{\"transactionHash\":\"%s\",\"blockNumber\":\"0x871a96a\",\"transactionIndex\":\"0x0\","
             "\"status\":\"0x1\",\"gasUsed\":\"0x6270\",\"cumulativeGasUsed\":\"0x6270\","
             "\"effectiveGasPrice\":\"0x10c388d00\",\"from\":\"%s\",\"to\":\"%s\",\"type\":\"0x2\",\"logs\":[],"
             "\"contractAddress\":null}",
             t1.txid, A.address, B.address);
    CHECK_STR(rpc("eth_getTransactionReceipt", params), want);
    /* Upper-case hex names the same transaction. */
    char upper[128];
    snprintf(upper, sizeof upper, "[\"0x");
    for (size_t i = 2; t1.txid && t1.txid[i]; i++)
        snprintf(upper + strlen(upper), 2, "%c", t1.txid[i] >= 'a' && t1.txid[i] <= 'f' ? t1.txid[i] - 32 : t1.txid[i]);
    strcat(upper, "\"]");
    CHECK(strncmp(rpc("eth_getTransactionReceipt", upper), "{\"transactionHash\"", 18) == 0);

    /* A replay is refused, and nothing moves. */
    CHECK(broadcast(st, &t1, err) != 0);
    CHECK(strstr(err, "eth_sendRawTransaction: already applied") != NULL);
    /* t2 reuses nonce 0, which t1 took. */
    CHECK(broadcast(st, &t2, err) != 0);
    CHECK(strstr(err, "stale") != NULL && strstr(err, "(sequence 0 then, 1 now") != NULL);
    CHECK_STR(bal(st, B.address, NULL), "11.5");
    snprintf(params, sizeof params, "[\"%s\"]", t2.txid);
    CHECK_STR(rpc("eth_getTransactionReceipt", params), "null");

    /* Built now, it takes nonce 1 and goes through. */
    CHECK(make_tx(st, &A, small, &t3) == 0);
    CHECK_STR(desc_str(&t3, "nonce"), "1");
    CHECK(expect(&A, &t3, NULL) == 0);
    CHECK(broadcast(st, &t3, err) == 0);
    CHECK_STR(bal(st, B.address, NULL), "11.6");
    CHECK_STR(bal(st, A.address, NULL), display_minus("8.4998866", 18, "100000000000000000", "113400000000000"));

    /* A transaction steward never registered is refused by the paper ledger. */
    CHECK(make_tx(st, &A, small, &t4) == 0);
    CHECK(broadcast(st, &t4, err) != 0);
    CHECK(strstr(err, "transaction unknown to the paper ledger") != NULL);
    CHECK_STR(bal(st, B.address, NULL), "11.6");
    sent_free(&t4);

    /* More than the balance: the node refuses the estimate, as a node does. */
    CHECK(make_tx(st, &A, "{\"kind\":\"transfer\",\"to\":\"0x70997970C51812dc3A010C7d01b50e0d17dc79C8\","
                          "\"amount\":\"100\"}",
                  &t4) != 0);
    CHECK(strstr(t4.err, "eth_estimateGas: insufficient funds for transfer") != NULL);
    sent_free(&t4);
    /* The value fits, value + fee does not: the plugin's own check on eth_getBalance. */
    CHECK(make_tx(st, &A, "{\"kind\":\"transfer\",\"to\":\"0x70997970C51812dc3A010C7d01b50e0d17dc79C8\","
                          "\"amount\":\"8.3997\"}",
                  &t4) != 0);
    CHECK(strstr(t4.err, "insufficient ETH") != NULL);
    sent_free(&t4);

    /* The ledger's own check, when what was registered asks for more than the sender holds. */
    CHECK(make_tx(st, &A, small, &t4) == 0);
    json_t *d = json_loads(t4.desc ? t4.desc : "{}", 0, NULL);
    json_object_set_new(d, "amount", json_string("100000000000000000000"));
    char *big = json_dumps(d, JSON_COMPACT);
    json_decref(d);
    t_free(t4.desc);
    t4.desc = t_alloc(strlen(big) + 1);
    strcpy(t4.desc, big);
    free(big);
    CHECK(expect(&A, &t4, NULL) == 0);
    CHECK(broadcast(st, &t4, err) != 0);
    CHECK(strstr(err, "insufficient funds") != NULL);
    CHECK(paper_account_seq(PC, A.address, &seq, &e) == 0 && seq == 2);
    CHECK_STR(bal(st, B.address, NULL), "11.6");
    sent_free(&t4);

    sent_free(&t1);
    sent_free(&t2);
    sent_free(&t3);
}

static void test_token_transfer(void *st)
{
    char err[STW_ERR_MAX] = "";
    struct sent t, bad;
    char a_eth[64];
    snprintf(a_eth, sizeof a_eth, "%s", bal(st, A.address, NULL));
    CHECK(make_tx(st, &A, "{\"kind\":\"token_transfer\",\"asset\":\"USDC\",\"to\":\"0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC\","
                          "\"amount\":\"250.5\"}",
                  &t) == 0);
    CHECK_STR(desc_str(&t, "asset"), "USDC");
    CHECK_STR(desc_str(&t, "contract"), USDC);
    CHECK_STR(desc_str(&t, "gas_limit"), "78000"); /* 65000 + 20% */
    CHECK_STR(desc_str(&t, "fee_max"), "351000000000000");
    CHECK(expect(&A, &t, NULL) == 0);
    CHECK(broadcast(st, &t, err) == 0);
    CHECK_STR(bal(st, A.address, "USDC"), "749.5");
    CHECK_STR(bal(st, A.address, USDC), "749.5");
    CHECK_STR(bal(st, A.address, "0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48"), "749.5");
    CHECK_STR(bal(st, A.address, NULL), display_minus(a_eth, 18, "351000000000000", NULL));
    CHECK_STR(bal(st, C.address, "USDC"), "250.5"); /* never funded: receives all the same */
    CHECK_STR(bal(st, C.address, NULL), "0");
    char params[128];
    snprintf(params, sizeof params, "[\"%s\"]", t.txid);
    const char *r = rpc("eth_getTransactionReceipt", params);
    CHECK(strstr(r, "\"to\":\"" USDC "\"") != NULL && strstr(r, "\"gasUsed\":\"0x130b0\"") != NULL);

    /* More tokens than held: the token reverts the estimate. */
    CHECK(make_tx(st, &A, "{\"kind\":\"token_transfer\",\"asset\":\"USDC\",\"to\":\"0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC\","
                          "\"amount\":\"749.500001\"}",
                  &bad) != 0);
    CHECK(strstr(bad.err, "eth_estimateGas: execution reverted: ERC20: transfer amount exceeds balance") != NULL);
    /* A token the paper chain does not have. */
    CHECK(make_tx(st, &A, "{\"kind\":\"token_transfer\",\"asset\":\"0xdAC17F958D2ee523a2206206994597C13D831ec7\","
                          "\"decimals\":6,\"to\":\"0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC\",\"amount\":\"1\"}",
                  &bad) != 0);
    CHECK(strstr(bad.err, "is not a contract on this paper chain") != NULL);
    CHECK(strncmp(bal(st, A.address, "0xdAC17F958D2ee523a2206206994597C13D831ec7"), "ERR: eth_call decimals(): answered 0 bytes",
                  42) == 0);
    sent_free(&t);
}

/* Legacy (EIP-155) transactions: fee_max = gas limit x gas price. */
static void test_legacy(void)
{
    void *st = plugin_init("{\"chain_id\":31337,\"tx_type\":\"legacy\",\"erc20\":{\"USDC\":{\"address\":\"" USDC
                           "\",\"decimals\":6}}}");
    char err[STW_ERR_MAX] = "", b_before[64];
    snprintf(b_before, sizeof b_before, "%s", bal(st, B.address, NULL));
    struct sent t;
    CHECK(make_tx(st, &B, "{\"kind\":\"transfer\",\"to\":\"0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266\",\"amount\":\"2\"}",
                  &t) == 0);
    CHECK_STR(desc_str(&t, "tx_type"), "legacy");
    CHECK_STR(desc_str(&t, "max_fee_per_gas"), "2750000000"); /* 2 + 2/8 + 0.5 gwei */
    CHECK_STR(desc_str(&t, "fee_max"), "69300000000000");
    CHECK(expect(&B, &t, NULL) == 0);
    CHECK(broadcast(st, &t, err) == 0);
    CHECK_STR(bal(st, B.address, NULL), display_minus(b_before, 18, "2000000000000000000", "69300000000000"));
    char params[128];
    snprintf(params, sizeof params, "[\"%s\"]", t.txid);
    CHECK(strstr(rpc("eth_getTransactionReceipt", params), "\"type\":\"0x0\"") != NULL);
    sent_free(&t);
    P.shutdown(st);
}

/* With receipt_timeout_seconds the plugin polls the receipt: the ledger applied the
 * transaction at once, so the first poll finds it mined. */
static void test_receipt_wait(void)
{
    void *st = plugin_init("{\"chain_id\":31337,\"receipt_timeout_seconds\":3}");
    char err[STW_ERR_MAX] = "";
    struct sent t;
    CHECK(make_tx(st, &B, "{\"kind\":\"transfer\",\"to\":\"0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC\",\"amount\":\"0.25\"}",
                  &t) == 0);
    CHECK(expect(&B, &t, NULL) == 0);
    last_log[0] = '\0';
    CHECK(broadcast(st, &t, err) == 0);
    CHECK(strncmp(last_log, "eth.receipt: ", 13) == 0 && strstr(last_log, "mined in block 141666666, gas used 25200"));
    CHECK_STR(bal(st, C.address, NULL), "0.25");
    sent_free(&t);
    P.shutdown(st);
}

/* A swap: ETH to the paper exchange, registered with swap_buy, pays USDC at the price. */
static void test_swap(void *st)
{
    char err[STW_ERR_MAX] = "", eth_before[64];
    snprintf(eth_before, sizeof eth_before, "%s", bal(st, A.address, NULL));
    paper_chain_set_price(PC, price, NULL);
    struct sent t;
    char intent[256];
    snprintf(intent, sizeof intent, "{\"kind\":\"transfer\",\"to\":\"%s\",\"amount\":\"1\"}", EXCHANGE);
    CHECK(make_tx(st, &A, intent, &t) == 0);
    CHECK(expect(&A, &t, "USDC") == 0);
    CHECK(broadcast(st, &t, err) == 0);
    CHECK_STR(bal(st, A.address, "USDC"), "3740.5"); /* 749.5 + 3000 x 0.997 */
    CHECK_STR(bal(st, A.address, NULL), display_minus(eth_before, 18, "1000000000000000000", desc_str(&t, "fee_max")));
    paper_chain_set_price(PC, NULL, NULL);
    sent_free(&t);
}

static void test_settings_errors(struct store *s)
{
    char err[1024];
    CHECK(open_chain(s, "{\"fees\":{\"gas_price_gwei\":\"1\"}}", OPTIONS, EXCHANGE, err, sizeof err) == NULL);
    CHECK(strstr(err, "paper.fees.gas_price_gwei: unknown key") != NULL);
    CHECK(open_chain(s, "{\"fees\":{\"base_fee_gwei\":1.5}}", OPTIONS, EXCHANGE, err, sizeof err) == NULL);
    CHECK(strstr(err, "paper.fees.base_fee_gwei") != NULL && strstr(err, "quote it") != NULL);
    CHECK(open_chain(s, "{\"fees\":{\"priority_fee_gwei\":\"0.0000000001\"}}", OPTIONS, EXCHANGE, err, sizeof err) ==
          NULL);
    CHECK(strstr(err, "paper.fees.priority_fee_gwei") != NULL);
    CHECK(open_chain(s, "{\"fees\":{\"erc20_transfer_gas\":20000}}", OPTIONS, EXCHANGE, err, sizeof err) == NULL);
    CHECK(strstr(err, "paper.fees.erc20_transfer_gas") != NULL);
    CHECK(open_chain(s, "{\"fees\":[]}", OPTIONS, EXCHANGE, err, sizeof err) == NULL);
    CHECK(strstr(err, "paper.fees: must be a mapping") != NULL);
    CHECK(open_chain(s, "{\"balances\":{\"DOGE\":\"1\"}}", OPTIONS, EXCHANGE, err, sizeof err) == NULL);
    CHECK(strstr(err, "paper.balances.DOGE") != NULL && strstr(err, "unknown asset") != NULL);
    CHECK(open_chain(s, "{\"balances\":{\"" USDC "\":\"1\"}}", OPTIONS, EXCHANGE, err, sizeof err) == NULL);
    CHECK(strstr(err, "name the asset by its symbol (USDC)") != NULL);
    CHECK(open_chain(s, "{}", "{\"network\":\"x\"}", EXCHANGE, err, sizeof err) == NULL);
    CHECK(strstr(err, "options.chain_id: missing") != NULL);
    CHECK(open_chain(s, "{}", "{\"chain_id\":1,\"erc20\":{\"USDC\":{\"address\":\"0x12\",\"decimals\":6}}}", EXCHANGE, err,
                     sizeof err) == NULL);
    CHECK(strstr(err, "options.erc20.USDC.address") != NULL);
    CHECK(open_chain(s, "{}", "{\"chain_id\":1,\"erc20\":{\"ABCDEFGHIJKLMNOPQRSTUVWXYZ\":{\"address\":\"" USDC
                          "\",\"decimals\":6}}}",
                     EXCHANGE, err, sizeof err) == NULL);
    CHECK(strstr(err, "options.erc20.ABCDEFGHIJKLMNOPQRSTUVWXYZ") != NULL);
    char lower[ETH_ADDRESS_BUFSZ];
    for (size_t i = 0; i < sizeof lower; i++)
        lower[i] = (char)(EXCHANGE[i] >= 'A' && EXCHANGE[i] <= 'F' ? EXCHANGE[i] + 32 : EXCHANGE[i]);
    CHECK(open_chain(s, "{}", OPTIONS, lower, err, sizeof err) == NULL);
    CHECK(strstr(err, "is not an EIP-55 Ethereum address") != NULL);

    /* Defaults: 10 ETH for a new account; 10 gwei base fee, 1 gwei tip, 65000 token gas. */
    struct paper_chain *pc = NULL;
    st_err e = {0};
    CHECK(paper_chain_open(s, "eth-defaults", "eth", "{}", OPTIONS, EXCHANGE, &pc, &e) == 0);
    if (pc != NULL) {
        char out[64];
        CHECK(paper_fund(pc, A.address, &e) == 0);
        CHECK(paper_balance(pc, A.address, NULL, out, sizeof out, &e) == 0);
        CHECK_STR(out, "10");
        CHECK(paper_balance(pc, A.address, "USDC", out, sizeof out, &e) == 0);
        CHECK_STR(out, "0");
        char *r = NULL;
        CHECK(paper_rpc(pc, "eth_maxPriorityFeePerGas", "[]", &r, &e) == 0);
        CHECK_STR(r, "\"0x3b9aca00\"");
        free(r);
        CHECK(paper_rpc(pc, "eth_feeHistory", "[1,\"latest\",[]]", &r, &e) == 0);
        CHECK(r && strstr(r, "\"baseFeePerGas\":[\"0x2540be400\",\"0x2540be400\"]") != NULL);
        free(r);
        CHECK(paper_rpc(pc, "eth_estimateGas",
                        "[{\"to\":\"0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48\",\"data\":\"0xa9059cbb"
                        "000000000000000000000000000000000000000000000000000000000000000a"
                        "0000000000000000000000000000000000000000000000000000000000000001\"}]",
                        &r, &e) == 0);
        CHECK_STR(r, "\"0xfde8\"");
        free(r);
        CHECK(paper_rpc(pc, "eth_blockNumber", "[]", &r, &e) != 0);
        CHECK(strstr(e.msg, "paper eth-defaults node: method eth_blockNumber is not simulated") != NULL);
        paper_chain_close(pc);
    }
}

int main(void)
{
    ctx = secp256k1_context_create(SECP256K1_CONTEXT_NONE);
    char dir[256];
    testfs_mkdtemp(dir, sizeof dir, "steward-paper-eth");
    struct store *s = NULL;
    st_err e = {0};
    if (store_open(dir, &s, &e) != 0) {
        fprintf(stderr, "store_open: %s\n", e.msg);
        return 2;
    }
    uint8_t ex[20];
    memset(ex, 0xe7, sizeof ex);
    eth_address_checksum(ex, EXCHANGE);

    char err[1024] = "";
    PC = open_chain(s, PAPER, OPTIONS, EXCHANGE, err, sizeof err);
    if (PC == NULL) {
        fprintf(stderr, "paper_chain_open: %s\n", err);
        CHECK(PC != NULL);
        return check_summary();
    }
    void *st = plugin_init(OPTIONS);
    make_account(st, 0, "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80", &A);
    make_account(st, 1, "59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d", &B);
    make_account(st, 2, "5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a", &C);
    CHECK_STR(A.address, "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
    CHECK_STR(B.address, "0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
    CHECK_STR(C.address, "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC");

    test_node_answers();
    test_funding(st);
    test_eth_transfer(st);
    test_token_transfer(st);
    test_legacy();
    test_receipt_wait();
    test_swap(st);

    /* Reopened, the chain answers from the same ledger: balances, nonces, receipts. */
    char a_eth[64], a_usdc[64];
    snprintf(a_eth, sizeof a_eth, "%s", bal(st, A.address, NULL));
    snprintf(a_usdc, sizeof a_usdc, "%s", bal(st, A.address, "USDC"));
    paper_chain_close(PC);
    PC = open_chain(s, PAPER, OPTIONS, EXCHANGE, err, sizeof err);
    CHECK(PC != NULL);
    if (PC != NULL) {
        CHECK_STR(bal(st, A.address, NULL), a_eth);
        CHECK_STR(bal(st, A.address, "USDC"), a_usdc);
        char params[128];
        snprintf(params, sizeof params, "[\"%s\",\"pending\"]", A.address);
        CHECK_STR(rpc("eth_getTransactionCount", params), "\"0x4\""); /* t1, t3, the token transfer, the swap */
        struct sent t;
        CHECK(make_tx(st, &A, "{\"kind\":\"transfer\",\"to\":\"0x70997970C51812dc3A010C7d01b50e0d17dc79C8\","
                              "\"amount\":\"0.01\"}",
                      &t) == 0);
        CHECK_STR(desc_str(&t, "nonce"), "4");
        sent_free(&t);
        CHECK(paper_fund(PC, A.address, &e) == 0); /* still funded only once */
        CHECK_STR(bal(st, A.address, NULL), a_eth);
    }
    test_settings_errors(s);

    P.shutdown(st);
    paper_chain_close(PC);
    store_close(s);
    testfs_rmtree(dir);
    secp256k1_context_destroy(ctx);
    CHECK(live_allocs == 0);
    CHECK(rpc_calls > 0);
    return check_summary();
}
