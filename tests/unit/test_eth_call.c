/* test_eth_call.c: the "call" intent (a contract call with call data and an ETH value)
 * through the plugin's operations (plugins/eth/ops.h), driven by a test host: canned
 * JSON-RPC answers, every request recorded in full, and a signer that uses libsecp256k1
 * directly with the hardhat test key 0xac09...ff80 (the test's business, never the plugin's).
 *
 * The signed transactions are compared byte for byte with ones computed independently by
 * ethers 6.15.0 (tests/interop/node_modules) signing the same fields with the same key; both
 * sign with RFC 6979 nonces, so the bytes are identical:
 *
 *   const w = new ethers.Wallet('0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80');
 *   const i = new ethers.Interface(['function record(uint256,bytes32) payable',
 *                                   'function approve(address,uint256)']);
 *   // CALL_1559
 *   w.signTransaction({type: 2, chainId: 31337, nonce: 5, maxPriorityFeePerGas: 1000000000n,
 *     maxFeePerGas: 3000000000n, gasLimit: 60000, to: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
 *     value: ethers.parseEther('0.1'), data: i.encodeFunctionData('record', [12345n, ethers.id('steward')]),
 *     accessList: []})
 *   // CALL_LEGACY
 *   w.signTransaction({type: 0, chainId: 31337, nonce: 5, gasPrice: 2125000000n, gasLimit: 100000,
 *     to: '0x5FbDB2315678afecb367f032d93F642f64180aa3', value: 0n,
 *     data: i.encodeFunctionData('approve', ['0x70997970C51812dc3A010C7d01b50e0d17dc79C8', ethers.MaxUint256])})
 *
 * Also: the requests build makes (eth_estimateGas with from, to, value and data; none with an
 * explicit gas_limit), the description, the balance check with the value, refusals. */
#include <secp256k1.h>
#include <secp256k1_recovery.h>
#include <string.h>

#include "check.h"
#include "crypto/hash.h"
#include "intent.h"
#include "ops.h"
#include "steward_plugin.h"
#include "util/hex.h"

/* ---- the test host -------------------------------------------------------------------- */

#define MAX_ANSWERS 16
#define MAX_CALLS 16

struct answer {
    const char *method;
    const char *result; /* NULL: fail with `error` */
    const char *error;
};

static struct {
    struct answer answers[MAX_ANSWERS];
    size_t nanswers;
    char methods[MAX_CALLS][64];
    char *params[MAX_CALLS]; /* malloc'd copies of each request's parameters */
    size_t ncalls;
    long live_allocs;
    uint8_t key[32];
    int sign_calls;
    struct stw_sign_cap *expect_cap;
} H;

static secp256k1_context *ctx;

static void *t_alloc(size_t n)
{
    H.live_allocs++;
    return malloc(n ? n : 1);
}

static void t_free(void *p)
{
    if (p)
        H.live_allocs--;
    free(p);
}

static void t_log(void *c, enum stw_log_level level, const char *event, const char *msg)
{
    (void)c, (void)level, (void)event, (void)msg;
}

static int t_rpc(void *c, const char *method, const char *params, char **result, char err[STW_ERR_MAX])
{
    (void)c;
    if (H.ncalls < MAX_CALLS) {
        snprintf(H.methods[H.ncalls], sizeof H.methods[0], "%s", method);
        size_t n = strlen(params) + 1;
        H.params[H.ncalls] = malloc(n);
        memcpy(H.params[H.ncalls], params, n);
        H.ncalls++;
    }
    for (size_t i = H.nanswers; i-- > 0;) { /* the last matching answer wins */
        if (strcmp(H.answers[i].method, method) == 0) {
            if (H.answers[i].result == NULL) {
                snprintf(err, STW_ERR_MAX, "%s", H.answers[i].error);
                return -1;
            }
            *result = t_alloc(strlen(H.answers[i].result) + 1);
            strcpy(*result, H.answers[i].result);
            return 0;
        }
    }
    snprintf(err, STW_ERR_MAX, "rpc error -32601: the method %s does not exist", method);
    return -1;
}

static int t_http(void *c, const char *verb, const char *path, const char *body, const char *ct, long *status,
                  char **response, char err[STW_ERR_MAX])
{
    (void)c, (void)verb, (void)path, (void)body, (void)ct, (void)status, (void)response;
    snprintf(err, STW_ERR_MAX, "no http in this test");
    return -1;
}

static int t_sign(void *c, struct stw_sign_cap *cap, const struct stw_account *account, enum stw_sig_scheme scheme,
                  const uint8_t *msg, size_t msg_len, uint8_t sig[65], size_t *sig_len, char err[STW_ERR_MAX])
{
    (void)c, (void)account;
    H.sign_calls++;
    if (cap != H.expect_cap || scheme != STW_SIG_ECDSA_SECP256K1_RECOVERABLE || msg_len != 32) {
        snprintf(err, STW_ERR_MAX, "capability refused (test)");
        return -1;
    }
    secp256k1_ecdsa_recoverable_signature rs;
    int recid;
    if (!secp256k1_ecdsa_sign_recoverable(ctx, &rs, msg, H.key, NULL, NULL))
        return -1;
    secp256k1_ecdsa_recoverable_signature_serialize_compact(ctx, sig, &recid, &rs);
    sig[64] = (uint8_t)recid;
    *sig_len = 65;
    return 0;
}

static const struct stw_host HOST = {STW_PLUGIN_ABI_VERSION, NULL, t_alloc, t_free, t_log, t_rpc, t_http, t_sign};

static void calls_reset(void)
{
    for (size_t i = 0; i < H.ncalls; i++)
        free(H.params[i]);
    H.ncalls = 0;
}

static void answer(const char *method, const char *result)
{
    H.answers[H.nanswers++] = (struct answer){method, result, NULL};
}

static void answer_error(const char *method, const char *error)
{
    H.answers[H.nanswers++] = (struct answer){method, NULL, error};
}

/* The parameters of the first request of `method`, or NULL. */
static const char *params_of(const char *method)
{
    for (size_t i = 0; i < H.ncalls; i++)
        if (strcmp(H.methods[i], method) == 0)
            return H.params[i];
    return NULL;
}

/* The node of test_eth_plugin.c: chain 31337, nonce 5, next base fee 1 gwei, tip 1 gwei,
 * 10000 ETH; an estimate of 50000 gas (60000 with the default 20% margin). */
static void node_defaults(void)
{
    calls_reset();
    H.nanswers = 0;
    answer("eth_chainId", "\"0x7a69\"");
    answer("eth_getTransactionCount", "\"0x5\"");
    answer("eth_feeHistory", "{\"oldestBlock\":\"0x1\",\"baseFeePerGas\":[\"0x77359400\",\"0x3b9aca00\"],\"gasUsedRatio\":[0]}");
    answer("eth_maxPriorityFeePerGas", "\"0x3b9aca00\"");
    answer("eth_estimateGas", "\"0xc350\"");
    answer("eth_getBalance", "\"0x21e19e0c9bab2400000\"");
}

static struct stw_account ACCOUNT;
static uint8_t PUB[33];
static char ADDRESS[43];

static void *init_with(const char *opts)
{
    void *st = NULL;
    char err[STW_ERR_MAX] = "";
    if (eth_op_init(&HOST, opts, &st, err) != 0) {
        fprintf(stderr, "init(%s): %s\n", opts, err);
        return NULL;
    }
    hex_decode(H.key, 32, "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");
    secp256k1_pubkey pk;
    size_t n = 33;
    CHECK(secp256k1_ec_pubkey_create(ctx, &pk, H.key) == 1);
    secp256k1_ec_pubkey_serialize(ctx, PUB, &n, &pk, SECP256K1_EC_COMPRESSED);
    CHECK(eth_op_address(st, PUB, 33, ADDRESS, sizeof ADDRESS, err) == 0);
    CHECK_STR(ADDRESS, "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
    ACCOUNT = (struct stw_account){"default", 0, "m/44'/60'/0'/0/0", STW_CURVE_SECP256K1, PUB, 33, ADDRESS};
    return st;
}

static json_t *describe(void *st, struct stw_tx *tx)
{
    char *d = NULL, err[STW_ERR_MAX] = "";
    CHECK(eth_op_describe(st, tx, &d, err) == 0);
    json_t *j = d ? json_loads(d, 0, NULL) : NULL;
    t_free(d);
    return j;
}

/* Signs and assembles; checks one signature was made and txid = keccak256(raw). Returns raw
 * (host memory) or NULL. */
static char *sign_assemble(void *st, struct stw_tx *tx)
{
    char err[STW_ERR_MAX] = "", *raw = NULL, *txid = NULL;
    H.expect_cap = (struct stw_sign_cap *)&H;
    H.sign_calls = 0;
    CHECK(eth_op_sign(st, tx, &ACCOUNT, H.expect_cap, err) == 0);
    CHECK(H.sign_calls == 1);
    if (eth_op_assemble(st, tx, &raw, &txid, err) != 0) {
        fprintf(stderr, "assemble: %s\n", err);
        return NULL;
    }
    size_t n = strlen(raw) / 2;
    uint8_t *bytes = malloc(n), h[32];
    size_t got = 0;
    CHECK(hex_decode_any(bytes, n, &got, raw) == 0);
    keccak256(bytes, got, h);
    char want[67] = "0x";
    hex_encode(want + 2, h, 32);
    CHECK_STR(txid, want);
    free(bytes);
    t_free(txid);
    return raw;
}

static const char OPTS[] = "{\"chain_id\":31337,\"max_fee_per_gas_gwei\":\"50\",\"max_priority_fee_per_gas_gwei\":\"3\","
                           "\"network\":\"hardhat\"}";
static const char CONTRACT[] = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
/* record(12345, keccak256("steward")) */
static const char DATA_RECORD[] = "0xe5ac9ef10000000000000000000000000000000000000000000000000000000000003039"
                                  "521e318892c3f2f011538a1e033f8c8cd8f85dd97e767cd081efe04f127759d4";
/* approve(0x7099...79C8, 2^256 - 1), in upper-case hex digits */
static const char DATA_APPROVE[] = "0x095EA7B300000000000000000000000070997970C51812DC3A010C7D01B50E0D17DC79C8"
                                   "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF";

static const char CALL_1559[] =
    "0x02f8b9827a6905843b9aca0084b2d05e0082ea60945fbdb2315678afecb367f032d93f642f64180aa388016345785d8a0000b844e5ac9e"
    "f10000000000000000000000000000000000000000000000000000000000003039521e318892c3f2f011538a1e033f8c8cd8f85dd97e767c"
    "d081efe04f127759d4c001a01a8f2409850d016573a78fc7e0c30ece729a51baef6289ab78db83d25e2eef30a03ae9fa5180157665e96f99"
    "3a1daea08a61802c1a3605f063c479056d0cb7d2d7";
static const char CALL_LEGACY[] =
    "0xf8ab05847ea8ed40830186a0945fbdb2315678afecb367f032d93f642f64180aa380b844095ea7b300000000000000000000000070997970"
    "c51812dc3a010c7d01b50e0d17dc79c8ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff82f4f6a0a1fd2189b5"
    "823109dcd287dbef1f1eaebfb73df025712b2efc77239e34d4fe16a039843e259b04c09a875af58122bef6a6edc3c6dd05bcfd74c2619bf5fa"
    "629b0a";

static char *call_intent(const char *data, const char *amount, const char *extra)
{
    size_t n = strlen(data) + strlen(extra) + 256;
    char *s = malloc(n);
    snprintf(s, n, "{\"chain\":\"eth\",\"kind\":\"call\",\"to\":\"%s\",\"data\":\"%s\",\"amount\":\"%s\"%s}", CONTRACT,
             data, amount, extra);
    return s;
}

/* ---- tests ---------------------------------------------------------------------------- */

static void test_call_1559(void)
{
    void *st = init_with(OPTS);
    node_defaults();
    char err[STW_ERR_MAX] = "";
    struct stw_tx *tx = NULL;
    char *intent = call_intent(DATA_RECORD, "0.1", "");
    CHECK(eth_op_build(st, &ACCOUNT, intent, &tx, err) == 0);
    free(intent);
    if (tx == NULL) {
        fprintf(stderr, "build: %s\n", err);
        eth_op_shutdown(st);
        return;
    }
    /* The requests, in order; the estimate carries from, to, the value and the call data. */
    static const char *const order[] = {"eth_chainId", "eth_getTransactionCount", "eth_feeHistory",
                                        "eth_maxPriorityFeePerGas", "eth_estimateGas", "eth_getBalance"};
    CHECK(H.ncalls == 6);
    for (size_t i = 0; i < 6 && i < H.ncalls; i++)
        CHECK_STR(H.methods[i], order[i]);
    CHECK_STR(params_of("eth_estimateGas"),
              "[{\"from\":\"0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266\",\"to\":\"0x5fbdb2315678afecb367f032d93f642f64180aa3\","
              "\"value\":\"0x16345785d8a0000\",\"data\":\"0xe5ac9ef1000000000000000000000000000000000000000000000000000000000000"
              "3039521e318892c3f2f011538a1e033f8c8cd8f85dd97e767cd081efe04f127759d4\"}]");
    CHECK_STR(params_of("eth_getTransactionCount"), "[\"0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266\",\"pending\"]");

    json_t *d = describe(st, tx);
    CHECK_STR(json_string_value(json_object_get(d, "to")), CONTRACT);
    CHECK_STR(json_string_value(json_object_get(d, "contract")), CONTRACT);
    CHECK_STR(json_string_value(json_object_get(d, "asset")), "ETH");
    CHECK_STR(json_string_value(json_object_get(d, "amount")), "100000000000000000");
    CHECK(json_integer_value(json_object_get(d, "decimals")) == 18);
    CHECK_STR(json_string_value(json_object_get(d, "fee_max")), "180000000000000"); /* 60000 x 3 gwei */
    CHECK(json_integer_value(json_object_get(d, "digests")) == 1);
    CHECK(json_integer_value(json_object_get(d, "gas_limit")) == 60000);
    CHECK(json_integer_value(json_object_get(d, "nonce")) == 5);
    CHECK_STR(json_string_value(json_object_get(d, "max_fee_per_gas")), "3000000000");
    CHECK_STR(json_string_value(json_object_get(d, "tx_type")), "eip1559");
    CHECK_STR(json_string_value(json_object_get(d, "selector")), "0xe5ac9ef1");
    CHECK(json_integer_value(json_object_get(d, "data_len")) == 68);
    CHECK_STR(json_string_value(json_object_get(d, "from")), "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
    CHECK_STR(json_string_value(json_object_get(d, "summary")),
              "call 0xe5ac9ef1 on 0x5FbDB2315678afecb367f032d93F642f64180aa3 with 0.1 ETH from "
              "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266 on chain 31337 hardhat (68 bytes of data, nonce 5, eip1559, "
              "gas limit 60000, fee at most 0.00018 ETH)");
    json_decref(d);

    char *raw = sign_assemble(st, tx);
    CHECK_STR(raw, CALL_1559);
    t_free(raw);
    eth_op_tx_free(st, tx);
    eth_op_shutdown(st);
}

/* Legacy, value 0, an explicit gas limit (used as it is: no estimate is asked). */
static void test_call_legacy_gas_limit(void)
{
    void *st = init_with("{\"chain_id\":31337,\"tx_type\":\"legacy\",\"max_fee_per_gas_gwei\":\"50\"}");
    node_defaults();
    char err[STW_ERR_MAX] = "";
    struct stw_tx *tx = NULL;
    char *intent = call_intent(DATA_APPROVE, "0", ",\"gas_limit\":\"100000\"");
    CHECK(eth_op_build(st, &ACCOUNT, intent, &tx, err) == 0);
    free(intent);
    if (tx == NULL) {
        fprintf(stderr, "build: %s\n", err);
        eth_op_shutdown(st);
        return;
    }
    CHECK(params_of("eth_estimateGas") == NULL && H.ncalls == 5);
    json_t *d = describe(st, tx);
    CHECK_STR(json_string_value(json_object_get(d, "amount")), "0");
    CHECK(json_integer_value(json_object_get(d, "gas_limit")) == 100000);
    /* gas price = base + base/8 + tip = 1 + 0.125 + 1 gwei */
    CHECK_STR(json_string_value(json_object_get(d, "max_fee_per_gas")), "2125000000");
    CHECK_STR(json_string_value(json_object_get(d, "fee_max")), "212500000000000");
    CHECK_STR(json_string_value(json_object_get(d, "selector")), "0x095ea7b3");
    CHECK_STR(json_string_value(json_object_get(d, "tx_type")), "legacy");
    CHECK(strstr(json_string_value(json_object_get(d, "summary")), "call 0x095ea7b3 on ") != NULL);
    CHECK(strstr(json_string_value(json_object_get(d, "summary")), " with 0 ETH from ") != NULL);
    json_decref(d);
    char *raw = sign_assemble(st, tx);
    CHECK_STR(raw, CALL_LEGACY);
    t_free(raw);
    eth_op_tx_free(st, tx);
    eth_op_shutdown(st);
}

/* The estimate of a call without value carries the data and no value; the largest call data
 * goes through whole. */
static void test_estimate_shapes(void)
{
    void *st = init_with(OPTS);
    node_defaults();
    char err[STW_ERR_MAX] = "";
    struct stw_tx *tx = NULL;
    char *intent = call_intent("0xd0e30db0", "0", "");
    CHECK(eth_op_build(st, &ACCOUNT, intent, &tx, err) == 0);
    free(intent);
    CHECK_STR(params_of("eth_estimateGas"), "[{\"from\":\"0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266\",\"to\":"
                                            "\"0x5fbdb2315678afecb367f032d93f642f64180aa3\",\"data\":\"0xd0e30db0\"}]");
    json_t *d = describe(st, tx);
    CHECK(json_integer_value(json_object_get(d, "data_len")) == 4);
    CHECK_STR(json_string_value(json_object_get(d, "selector")), "0xd0e30db0");
    json_decref(d);
    eth_op_tx_free(st, tx);

    /* 65536 bytes of call data: in the estimate and in the signed transaction. */
    size_t n = ETH_CALL_DATA_MAX;
    char *big = malloc(2 * n + 3);
    memcpy(big, "0x", 2);
    for (size_t i = 0; i < n; i++)
        snprintf(big + 2 + 2 * i, 3, "%02x", (unsigned)(i * 7 + 1) & 0xff);
    intent = call_intent(big, "0.000000000000000001", "");
    node_defaults();
    tx = NULL;
    CHECK(eth_op_build(st, &ACCOUNT, intent, &tx, err) == 0);
    const char *eg = params_of("eth_estimateGas");
    CHECK(eg != NULL && strstr(eg, big) != NULL && strstr(eg, "\"value\":\"0x1\"") != NULL);
    if (tx != NULL) {
        d = describe(st, tx);
        CHECK(json_integer_value(json_object_get(d, "data_len")) == 65536);
        json_decref(d);
        char *raw = sign_assemble(st, tx);
        CHECK(raw != NULL && strstr(raw, big + 2) != NULL);
        t_free(raw);
        eth_op_tx_free(st, tx);
    }
    free(intent);
    free(big);
    eth_op_shutdown(st);
}

static void test_refusals(void)
{
    void *st = init_with(OPTS);
    char err[STW_ERR_MAX] = "";
    struct stw_tx *tx = NULL;
    char *intent = call_intent(DATA_RECORD, "0.1", "");

    /* The contract reverts under estimation: nothing is built. */
    node_defaults();
    answer_error("eth_estimateGas", "rpc error 3: execution reverted");
    CHECK(eth_op_build(st, &ACCOUNT, intent, &tx, err) != 0 && tx == NULL);
    CHECK_STR(err, "eth_estimateGas: rpc error 3: execution reverted");

    /* The balance must cover the value as well as the fee: 0.1 ETH is not enough. */
    node_defaults();
    answer("eth_getBalance", "\"0x16345785d8a0000\"");
    CHECK(eth_op_build(st, &ACCOUNT, intent, &tx, err) != 0 && tx == NULL);
    CHECK_STR(err, "insufficient ETH: the balance is 0.1 but up to 0.10018 is needed (value + gas limit x max fee)");
    free(intent);

    /* ... with an explicit gas limit, that one counts. */
    node_defaults();
    answer("eth_getBalance", "\"0x16345785d8a0000\"");
    intent = call_intent(DATA_RECORD, "0.09", ",\"gas_limit\":\"5000000000\"");
    CHECK(eth_op_build(st, &ACCOUNT, intent, &tx, err) != 0);
    CHECK_STR(err, "intent: gas_limit: 5000000000 is above the maximum 1000000000");
    free(intent);
    intent = call_intent(DATA_RECORD, "0.09", ",\"gas_limit\":\"4000000\"");
    CHECK(eth_op_build(st, &ACCOUNT, intent, &tx, err) != 0);
    CHECK_STR(err, "insufficient ETH: the balance is 0.1 but up to 0.102 is needed (value + gas limit x max fee)");
    free(intent);

    /* Intent refusals are made before any request. */
    node_defaults();
    intent = call_intent(DATA_RECORD, "0.1", ",\"max_fee_per_gas_gwei\":\"51\"");
    CHECK(eth_op_build(st, &ACCOUNT, intent, &tx, err) != 0);
    CHECK_STR(err, "max_fee_per_gas_gwei: 51 gwei is above the configured cap of 50 gwei (an intent may only lower it)");
    free(intent);
    intent = call_intent("0x1234", "0.1", "");
    CHECK(eth_op_build(st, &ACCOUNT, intent, &tx, err) != 0);
    CHECK_STR(err, "intent: data: 2 bytes, shorter than a 4-byte function selector");
    free(intent);
    intent = call_intent(DATA_RECORD, "0.1", ",\"value\":\"1\"");
    CHECK(eth_op_build(st, &ACCOUNT, intent, &tx, err) != 0);
    CHECK_STR(err, "intent: unknown field \"value\" for kind \"call\"");
    free(intent);
    CHECK(H.ncalls == 0);

    /* A call is a transaction, not a message. */
    intent = call_intent(DATA_RECORD, "0.1", "");
    char *sig = NULL;
    H.sign_calls = 0;
    CHECK(eth_op_sign_message(st, &ACCOUNT, intent, (struct stw_sign_cap *)&H, &sig, err) != 0 && sig == NULL);
    CHECK_STR(err, "intent: kind: sign_message signs \"message\" (personal_sign) and \"typed_data\"; transfers and "
                   "calls are built with build");
    CHECK(H.sign_calls == 0);
    free(intent);
    eth_op_shutdown(st);
}

int main(void)
{
    ctx = secp256k1_context_create(SECP256K1_CONTEXT_NONE);
    test_call_1559();
    test_call_legacy_gas_limit();
    test_estimate_shapes();
    test_refusals();
    calls_reset();
    CHECK(H.live_allocs == 0); /* every host allocation released by the side that owns it */
    if (H.live_allocs != 0)
        fprintf(stderr, "%ld host allocations not released\n", H.live_allocs);
    secp256k1_context_destroy(ctx);
    return check_summary();
}
