/* test_eth_plugin.c: the Ethereum plugin through its ABI (build/plugins/eth.so loaded with
 * dlopen), driven by a test host: canned JSON-RPC answers per method, and a signer that uses
 * libsecp256k1 directly with a TEST key (that is this test's business, never the plugin's).
 *
 * End-to-end vectors through the whole plugin:
 *  - the EIP-155 example (tests/vectors/eip155_example.json): with the node reporting the
 *    example's chain id, nonce and a gas price of 20 gwei, and the host holding the key
 *    0x4646...46, build/sign/assemble produce the EIP's signed transaction byte for byte;
 *  - the EIP-712 "Mail" example: sign_message with the key keccak256("cow") returns the
 *    signature published in the EIP (v 28, r 0x4355c4..., s 0x072999...);
 *  - EIP-191: the digest of "hello world" is the one viem's documentation gives.
 * Also: the RPC requests the plugin makes (pending nonce, estimateGas with ERC-20 call data),
 * fee caps, refusals with their messages, broadcast and receipt checks, balances, and that
 * every byte crossing the ABI is released by the side that must release it. */
#include <dlfcn.h>
#include <libgen.h>
#include <limits.h>
#include <secp256k1.h>
#include <secp256k1_recovery.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "crypto/hash.h"
#include "rlp.h"
#include "steward_plugin.h"
#include "util/hex.h"

/* ---- the test host -------------------------------------------------------------------- */

#define MAX_ANSWERS 16

struct answer {
    const char *method;
    const char *result; /* NULL: fail with `error` */
    const char *error;
};

struct test_host {
    struct answer answers[MAX_ANSWERS];
    size_t nanswers;
    char calls[32][512]; /* "method params" of each request, in order */
    size_t ncalls;
    long live_allocs;    /* host->alloc minus host->free */
    uint8_t key[32];     /* the test signer's key */
    int sign_calls;
    int sign_mode;       /* 0 normal, 1 refuse, 2 wrong key, 3 short signature */
    struct stw_sign_cap *expect_cap;
    char last_log[512];
};

static struct test_host H;
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
    (void)c;
    (void)level;
    snprintf(H.last_log, sizeof H.last_log, "%s: %s", event, msg);
}

static char *host_dup(const char *s)
{
    char *p = t_alloc(strlen(s) + 1);
    strcpy(p, s);
    return p;
}

static int t_rpc(void *c, const char *method, const char *params, char **result, char err[STW_ERR_MAX])
{
    (void)c;
    if (H.ncalls < 32)
        snprintf(H.calls[H.ncalls++], sizeof H.calls[0], "%s %s", method, params);
    /* The last matching answer wins, so a test overrides a default by adding one. */
    for (size_t i = H.nanswers; i-- > 0;) {
        if (strcmp(H.answers[i].method, method) == 0) {
            if (H.answers[i].result == NULL) {
                snprintf(err, STW_ERR_MAX, "%s", H.answers[i].error);
                return -1;
            }
            *result = host_dup(H.answers[i].result);
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
    (void)c;
    (void)account;
    H.sign_calls++;
    if (cap != H.expect_cap || scheme != STW_SIG_ECDSA_SECP256K1_RECOVERABLE || msg_len != 32 || H.sign_mode == 1) {
        snprintf(err, STW_ERR_MAX, "capability refused (test)");
        return -1;
    }
    uint8_t key[32];
    memcpy(key, H.key, 32);
    if (H.sign_mode == 2)
        key[31] ^= 1;
    secp256k1_ecdsa_recoverable_signature rs;
    int recid;
    if (!secp256k1_ecdsa_sign_recoverable(ctx, &rs, msg, key, NULL, NULL))
        return -1;
    secp256k1_ecdsa_recoverable_signature_serialize_compact(ctx, sig, &recid, &rs);
    sig[64] = (uint8_t)recid;
    *sig_len = H.sign_mode == 3 ? 64 : 65;
    return 0;
}

static const struct stw_host HOST = {STW_PLUGIN_ABI_VERSION, NULL, t_alloc, t_free, t_log, t_rpc, t_http, t_sign};

static void answers_reset(void)
{
    H.nanswers = 0;
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

/* The request of the first call to `method`, or "". */
static const char *call_of(const char *method)
{
    size_t n = strlen(method);
    for (size_t i = 0; i < H.ncalls; i++) {
        if (strncmp(H.calls[i], method, n) == 0 && H.calls[i][n] == ' ')
            return H.calls[i] + n + 1;
    }
    return "";
}

/* An account for a private key, as the host would describe it. */
struct acct {
    uint8_t pub[33];
    char address[43];
    struct stw_account a;
};

static void make_account(const struct stw_plugin *p, void *st, const uint8_t key[32], struct acct *ac)
{
    secp256k1_pubkey pk;
    size_t n = 33;
    CHECK(secp256k1_ec_pubkey_create(ctx, &pk, key) == 1);
    secp256k1_ec_pubkey_serialize(ctx, ac->pub, &n, &pk, SECP256K1_EC_COMPRESSED);
    char err[STW_ERR_MAX] = "";
    CHECK(p->address(st, ac->pub, 33, ac->address, sizeof ac->address, err) == 0);
    ac->a = (struct stw_account){"default", 0, "m/44'/60'/0'/0/0", STW_CURVE_SECP256K1, ac->pub, 33, ac->address};
}

/* ---- loading -------------------------------------------------------------------------- */

static void *dl;

static const struct stw_plugin *load_plugin(void)
{
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0)
        return NULL;
    exe[n] = '\0';
    char path[PATH_MAX + 32];
    /* build/tests/test_eth_plugin -> build/plugins/eth.so */
    snprintf(path, sizeof path, "%s/../plugins/eth.so", dirname(exe));
    dl = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (dl == NULL) {
        fprintf(stderr, "cannot load %s: %s\n", path, dlerror());
        return NULL;
    }
    stw_plugin_entry_fn entry = (stw_plugin_entry_fn)dlsym(dl, STEWARD_PLUGIN_ENTRY);
    return entry ? entry() : NULL;
}

static void *init_with(const struct stw_plugin *p, const char *opts)
{
    void *st = NULL;
    char err[STW_ERR_MAX] = "";
    if (p->init(&HOST, opts, &st, err) != 0) {
        fprintf(stderr, "init(%s): %s\n", opts, err);
        return NULL;
    }
    return st;
}

/* ---- tests ---------------------------------------------------------------------------- */

static void test_table(const struct stw_plugin *p)
{
    CHECK(p->abi_version == STW_PLUGIN_ABI_VERSION);
    CHECK_STR(p->chain, "eth");
    CHECK(p->curve == STW_CURVE_SECP256K1 && p->scheme == STW_SIG_ECDSA_SECP256K1_RECOVERABLE);
    CHECK(p->sign_message != NULL);
    char out[64], err[STW_ERR_MAX];
    CHECK(p->derivation_path(NULL, 0, out, sizeof out, err) == 0);
    CHECK_STR(out, "m/44'/60'/0'/0/0");
    CHECK(p->derivation_path(NULL, 2147483647u, out, sizeof out, err) == 0);
    CHECK_STR(out, "m/44'/60'/0'/0/2147483647");
    CHECK(p->derivation_path(NULL, 2147483648u, out, sizeof out, err) != 0);
    CHECK(p->derivation_path(NULL, 0, out, 8, err) != 0);

    void *st = NULL;
    CHECK(p->init(&HOST, "{\"chain_id\":1,\"gas_price\":\"1\"}", &st, err) != 0);
    CHECK(strstr(err, "unknown option \"gas_price\"") != NULL);
    CHECK(p->init(&HOST, "{}", &st, err) != 0 && strstr(err, "chain_id") != NULL);

    /* Hardhat's published account 0: key 0xac09...ff80, address 0xf39F...2266. */
    st = init_with(p, "{\"chain_id\":31337}");
    uint8_t key[32];
    hex_decode(key, 32, "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");
    struct acct ac;
    make_account(p, st, key, &ac);
    CHECK_STR(ac.address, "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
    CHECK(p->address(st, ac.pub, 32, out, sizeof out, err) != 0);
    uint8_t badpub[33] = {0x05};
    CHECK(p->address(st, badpub, 33, out, sizeof out, err) != 0);
    p->shutdown(st);
}

/* Decodes "0x..." into a malloc'd buffer. */
static uint8_t *unhex(const char *s, size_t *n)
{
    size_t len = strlen(s);
    uint8_t *b = malloc(len / 2 + 1);
    if (hex_decode_any(b, len / 2 + 1, n, s) != 0) {
        free(b);
        return NULL;
    }
    return b;
}

/* The EIP-155 example, end to end through the plugin. */
static void test_eip155_through_plugin(const struct stw_plugin *p)
{
    json_t *v = check_load_vectors("eip155_example.json");
    void *st = init_with(p, "{\"chain_id\":1,\"tx_type\":\"legacy\",\"gas_limit_margin_percent\":0,"
                            "\"max_fee_per_gas_gwei\":\"20\"}");
    hex_decode(H.key, 32, json_string_value(json_object_get(v, "private_key")));
    struct acct ac;
    make_account(p, st, H.key, &ac);
    answers_reset();
    answer("eth_chainId", "\"0x1\"");
    answer("eth_getTransactionCount", "\"0x9\"");
    /* base 16 gwei + 16/8 + tip 2 = 20 gwei, the example's gas price */
    answer("eth_feeHistory", "{\"oldestBlock\":\"0x1\",\"baseFeePerGas\":[\"0x3b9aca000\",\"0x3b9aca000\"]}");
    answer("eth_maxPriorityFeePerGas", "\"0x77359400\"");
    answer("eth_estimateGas", "\"0x5208\"");
    answer("eth_getBalance", "\"0x1000000000000000000\"");
    char err[STW_ERR_MAX] = "";
    struct stw_tx *tx = NULL;
    CHECK(p->build(st, &ac.a,
                   "{\"chain\":\"eth\",\"kind\":\"transfer\",\"to\":\"0x3535353535353535353535353535353535353535\","
                   "\"amount\":\"1\"}",
                   &tx, err) == 0);
    if (tx == NULL) {
        fprintf(stderr, "build: %s\n", err);
        json_decref(v);
        p->shutdown(st);
        return;
    }
    CHECK(strstr(call_of("eth_getTransactionCount"), "\"pending\"") != NULL);
    struct stw_sign_cap *cap = (struct stw_sign_cap *)&H; /* any unique token */
    H.expect_cap = cap;
    H.sign_calls = 0;
    H.sign_mode = 0;
    CHECK(p->sign(st, tx, &ac.a, cap, err) == 0);
    CHECK(H.sign_calls == 1);
    char *raw = NULL, *txid = NULL;
    CHECK(p->assemble(st, tx, &raw, &txid, err) == 0);
    CHECK_STR(raw, json_string_value(json_object_get(v, "signed_tx")));
    /* txid = keccak256 of the signed bytes */
    size_t n = 0;
    uint8_t *bytes = unhex(raw, &n), h[32];
    char want[67] = "0x";
    keccak256(bytes, n, h);
    hex_encode(want + 2, h, 32);
    CHECK_STR(txid, want);
    free(bytes);
    t_free(raw);
    t_free(txid);
    p->tx_free(st, tx);
    p->shutdown(st);
    json_decref(v);
}

static const char OPTS[] =
    "{\"chain_id\":31337,\"max_fee_per_gas_gwei\":\"50\",\"max_priority_fee_per_gas_gwei\":\"3\",\"network\":\"hardhat\","
    "\"erc20\":{\"USDC\":{\"address\":\"0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48\",\"decimals\":6}}}";

static void node_defaults(void)
{
    answers_reset();
    answer("eth_chainId", "\"0x7a69\"");
    answer("eth_getTransactionCount", "\"0x5\"");
    answer("eth_feeHistory", "{\"oldestBlock\":\"0x1\",\"baseFeePerGas\":[\"0x77359400\",\"0x3b9aca00\"],\"gasUsedRatio\":[0]}");
    answer("eth_maxPriorityFeePerGas", "\"0x3b9aca00\"");
    answer("eth_estimateGas", "\"0x5208\"");
    answer("eth_getBalance", "\"0x21e19e0c9bab2400000\""); /* 10000 ETH */
}

static json_t *describe(const struct stw_plugin *p, void *st, struct stw_tx *tx)
{
    char *d = NULL, err[STW_ERR_MAX] = "";
    CHECK(p->describe(st, tx, &d, err) == 0);
    json_t *j = d ? json_loads(d, 0, NULL) : NULL;
    t_free(d);
    return j;
}

static void test_build_1559(const struct stw_plugin *p)
{
    void *st = init_with(p, OPTS);
    hex_decode(H.key, 32, "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");
    struct acct ac;
    make_account(p, st, H.key, &ac);
    node_defaults();
    char err[STW_ERR_MAX] = "";
    struct stw_tx *tx = NULL;
    CHECK(p->build(st, &ac.a,
                   "{\"kind\":\"transfer\",\"to\":\"0x70997970C51812dc3A010C7d01b50e0d17dc79C8\",\"amount\":\"0.1\"}", &tx,
                   err) == 0);
    CHECK(strstr(call_of("eth_getTransactionCount"), "[\"0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266\",\"pending\"]") != NULL);
    CHECK(strstr(call_of("eth_estimateGas"), "\"value\":\"0x16345785d8a0000\"") != NULL);
    CHECK(strstr(call_of("eth_estimateGas"), "\"to\":\"0x70997970c51812dc3a010c7d01b50e0d17dc79c8\"") != NULL);
    CHECK(strstr(call_of("eth_feeHistory"), "[\"0x1\",\"latest\",[]]") != NULL);
    json_t *d = describe(p, st, tx);
    /* base 1 gwei (the next block's), tip 1 gwei: max fee 3 gwei; gas 21000 * 1.2 = 25200 */
    CHECK_STR(json_string_value(json_object_get(d, "to")), "0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
    CHECK_STR(json_string_value(json_object_get(d, "asset")), "ETH");
    CHECK_STR(json_string_value(json_object_get(d, "amount")), "100000000000000000");
    CHECK(json_integer_value(json_object_get(d, "decimals")) == 18);
    CHECK_STR(json_string_value(json_object_get(d, "fee_max")), "75600000000000");
    CHECK(json_integer_value(json_object_get(d, "digests")) == 1);
    CHECK(json_integer_value(json_object_get(d, "nonce")) == 5);
    CHECK(json_integer_value(json_object_get(d, "gas_limit")) == 25200);
    CHECK_STR(json_string_value(json_object_get(d, "tx_type")), "eip1559");
    CHECK(strstr(json_string_value(json_object_get(d, "summary")), "send 0.1 ETH to 0x70997970C51812dc3A010C7d01b50e0d17dc79C8") != NULL);
    CHECK(json_object_get(d, "contract") == NULL);
    json_decref(d);

    struct stw_sign_cap *cap = (struct stw_sign_cap *)&HOST;
    H.expect_cap = cap;
    /* Signing for another account is refused before anything is signed. */
    uint8_t other[32];
    memset(other, 0x11, 32);
    struct acct ac2;
    make_account(p, st, other, &ac2);
    H.sign_calls = 0;
    CHECK(p->sign(st, tx, &ac2.a, cap, err) != 0 && strstr(err, "another account") != NULL && H.sign_calls == 0);
    /* A signer answering with another key's signature, a short one, or a refusal. */
    H.sign_mode = 2;
    CHECK(p->sign(st, tx, &ac.a, cap, err) != 0 && strstr(err, "does not recover") != NULL);
    H.sign_mode = 3;
    CHECK(p->sign(st, tx, &ac.a, cap, err) != 0 && strstr(err, "64-byte") != NULL);
    H.sign_mode = 1;
    CHECK(p->sign(st, tx, &ac.a, cap, err) != 0 && strstr(err, "signing refused: capability refused") != NULL);
    char *raw = NULL, *txid = NULL;
    CHECK(p->assemble(st, tx, &raw, &txid, err) != 0 && strstr(err, "not signed") != NULL);
    H.sign_mode = 0;
    CHECK(p->sign(st, tx, &ac.a, cap, err) == 0);
    CHECK(p->sign(st, tx, &ac.a, cap, err) != 0 && strstr(err, "already signed") != NULL);
    CHECK(p->assemble(st, tx, &raw, &txid, err) == 0);
    CHECK(raw != NULL && strncmp(raw, "0x02f8", 6) == 0);

    /* The raw transaction decodes to what was built. */
    size_t n = 0;
    uint8_t *bytes = unhex(raw, &n);
    struct rlp_item list, it;
    CHECK(bytes && bytes[0] == 0x02 && rlp_decode_exact(bytes + 1, n - 1, &list) == 0 && list.is_list);
    const uint8_t *q = list.payload;
    size_t left = list.payload_len;
    uint64_t want[5] = {31337, 5, 1000000000, 3000000000ULL, 25200};
    for (int i = 0; i < 5; i++) {
        u256 x;
        uint64_t y;
        CHECK(rlp_decode(q, left, &it) == 0 && rlp_item_u256(&it, &x) == 0 && u256_to_u64(&x, &y) == 0 && y == want[i]);
        q += it.total_len;
        left -= it.total_len;
    }
    free(bytes);

    /* broadcast: the node's hash must be keccak256 of the bytes. */
    char good[67], answer_text[80];
    snprintf(good, sizeof good, "%s", txid);
    snprintf(answer_text, sizeof answer_text, "\"%s\"", good);
    answer("eth_sendRawTransaction", answer_text);
    char *sent = NULL;
    CHECK(p->broadcast(st, raw, &sent, err) == 0);
    CHECK_STR(sent, txid);
    CHECK(strstr(call_of("eth_sendRawTransaction"), raw) != NULL);
    t_free(sent);
    answer("eth_sendRawTransaction", "\"0x1111111111111111111111111111111111111111111111111111111111111111\"");
    sent = NULL;
    CHECK(p->broadcast(st, raw, &sent, err) != 0 && strstr(err, "not the hash") != NULL && sent == NULL);
    answer_error("eth_sendRawTransaction", "rpc error -32000: nonce too low");
    CHECK(p->broadcast(st, raw, &sent, err) != 0);
    CHECK_STR(err, "eth_sendRawTransaction: rpc error -32000: nonce too low");
    CHECK(p->broadcast(st, "0xzz", &sent, err) != 0 && strstr(err, "not hex") != NULL);
    t_free(raw);
    t_free(txid);
    p->tx_free(st, tx);
    p->shutdown(st);
}

static void test_receipt_wait(const struct stw_plugin *p)
{
    void *st = init_with(p, "{\"chain_id\":31337,\"receipt_timeout_seconds\":1}");
    hex_decode(H.key, 32, "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");
    struct acct ac;
    make_account(p, st, H.key, &ac);
    node_defaults();
    char err[STW_ERR_MAX] = "", *raw = NULL, *txid = NULL, *sent = NULL;
    struct stw_tx *tx = NULL;
    CHECK(p->build(st, &ac.a, "{\"kind\":\"transfer\",\"to\":\"0x70997970C51812dc3A010C7d01b50e0d17dc79C8\",\"amount\":\"1\"}",
                   &tx, err) == 0);
    H.expect_cap = (struct stw_sign_cap *)&HOST;
    H.sign_mode = 0;
    CHECK(p->sign(st, tx, &ac.a, H.expect_cap, err) == 0 && p->assemble(st, tx, &raw, &txid, err) == 0);
    char ans[80];
    snprintf(ans, sizeof ans, "\"%s\"", txid);
    answer("eth_sendRawTransaction", ans);
    answer("eth_getTransactionReceipt", "{\"status\":\"0x1\",\"blockNumber\":\"0x2\",\"gasUsed\":\"0x5208\"}");
    CHECK(p->broadcast(st, raw, &sent, err) == 0);
    CHECK(strstr(H.last_log, "mined in block 2, gas used 21000") != NULL);
    t_free(sent);
    sent = NULL;
    answer("eth_getTransactionReceipt", "{\"status\":\"0x0\",\"blockNumber\":\"0x3\",\"gasUsed\":\"0x5208\"}");
    CHECK(p->broadcast(st, raw, &sent, err) != 0 && strstr(err, "reverted") != NULL && sent == NULL);
    /* Not mined in time: the broadcast stands, with a warning. */
    answer("eth_getTransactionReceipt", "null");
    CHECK(p->broadcast(st, raw, &sent, err) == 0 && strstr(H.last_log, "not mined within 1 s") != NULL);
    t_free(sent);
    t_free(raw);
    t_free(txid);
    p->tx_free(st, tx);
    p->shutdown(st);
}

static void test_token(const struct stw_plugin *p)
{
    void *st = init_with(p, OPTS);
    hex_decode(H.key, 32, "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");
    struct acct ac;
    make_account(p, st, H.key, &ac);
    node_defaults();
    answer("eth_estimateGas", "\"0xc350\""); /* 50000 */
    char err[STW_ERR_MAX] = "";
    struct stw_tx *tx = NULL;
    CHECK(p->build(st, &ac.a,
                   "{\"kind\":\"token_transfer\",\"asset\":\"USDC\",\"to\":\"0x70997970C51812dc3A010C7d01b50e0d17dc79C8\","
                   "\"amount\":\"12.5\",\"max_fee_per_gas_gwei\":\"2\"}",
                   &tx, err) == 0);
    const char *eg = call_of("eth_estimateGas");
    CHECK(strstr(eg, "\"to\":\"0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48\"") != NULL);
    CHECK(strstr(eg, "\"data\":\"0xa9059cbb00000000000000000000000070997970c51812dc3a010c7d01b50e0d17dc79c8"
                     "0000000000000000000000000000000000000000000000000000000000bebc20\"") != NULL);
    CHECK(strstr(eg, "\"value\"") == NULL);
    json_t *d = describe(p, st, tx);
    CHECK_STR(json_string_value(json_object_get(d, "to")), "0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
    CHECK_STR(json_string_value(json_object_get(d, "asset")), "USDC");
    CHECK_STR(json_string_value(json_object_get(d, "contract")), "0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48");
    CHECK_STR(json_string_value(json_object_get(d, "amount")), "12500000");
    CHECK(json_integer_value(json_object_get(d, "decimals")) == 6);
    /* the intent's 2 gwei cap: max fee = min(2*1 + 1, 2) = 2 gwei; gas 60000 */
    CHECK_STR(json_string_value(json_object_get(d, "fee_max")), "120000000000000");
    CHECK(strstr(json_string_value(json_object_get(d, "summary")), "send 12.5 USDC") != NULL);
    json_decref(d);
    p->tx_free(st, tx);
    p->shutdown(st);
}

static void test_build_refusals(const struct stw_plugin *p)
{
    void *st = init_with(p, OPTS);
    hex_decode(H.key, 32, "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");
    struct acct ac;
    make_account(p, st, H.key, &ac);
    static const char T[] = "{\"kind\":\"transfer\",\"to\":\"0x70997970C51812dc3A010C7d01b50e0d17dc79C8\",\"amount\":\"0.1\"}";
    static const struct {
        const char *method, *result, *error, *needle;
    } cases[] = {
        {"eth_chainId", "\"0x1\"", NULL, "the node's chain id is 1 but this chain is configured with chain_id 31337"},
        {"eth_chainId", "\"1\"", NULL, "eth_chainId: result: \"1\" is not a hex quantity"},
        {"eth_getTransactionCount", "\"0x\"", NULL, "eth_getTransactionCount: result"},
        {"eth_getTransactionCount", "null", NULL, "eth_getTransactionCount: result: not a hex quantity string"},
        {"eth_feeHistory", "{\"oldestBlock\":\"0x1\"}", NULL, "no baseFeePerGas"},
        {"eth_feeHistory", "{\"baseFeePerGas\":[\"0xba43b7400\"]}", NULL, "base fee (50 gwei)"},
        {"eth_feeHistory", "{\"baseFeePerGas\":[\"0xba43b7401\"]}", NULL, "is above the max_fee_per_gas cap (50 gwei)"},
        {"eth_maxPriorityFeePerGas", NULL, "rpc error -32601: method not found", "eth_maxPriorityFeePerGas: rpc error"},
        {"eth_estimateGas", NULL, "rpc error 3: execution reverted", "eth_estimateGas: rpc error 3: execution reverted"},
        {"eth_estimateGas", "\"0x0\"", NULL, "estimated 0 gas"},
        /* a host error that already names the method is not prefixed twice */
        {"eth_estimateGas", NULL, "eth_estimateGas: chains.eth.rpc: timeout", "\neth_estimateGas: chains.eth.rpc: timeout"},
        {"eth_getBalance", "\"0x16345785d8a0000\"", NULL, "insufficient ETH: the balance is 0.1"},
        {"eth_getBalance", "{\"balance\":1}", NULL, "eth_getBalance: result"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        node_defaults();
        if (cases[i].result)
            answer(cases[i].method, cases[i].result);
        else
            answer_error(cases[i].method, cases[i].error);
        struct stw_tx *tx = NULL;
        char err[STW_ERR_MAX] = "";
        int rc = p->build(st, &ac.a, T, &tx, err);
        /* the 50 gwei base fee is exactly the cap: accepted */
        if (i == 5) {
            CHECK(rc == 0);
            p->tx_free(st, tx);
            continue;
        }
        CHECK(rc != 0 && tx == NULL);
        if (cases[i].needle[0] == '\n') { /* the whole message */
            CHECK_STR(err, cases[i].needle + 1);
            continue;
        }
        if (strstr(err, cases[i].needle) == NULL)
            fprintf(stderr, "build case %zu: \"%s\" lacks \"%s\"\n", i, err, cases[i].needle);
        CHECK(strstr(err, cases[i].needle) != NULL);
    }
    /* Intent refusals happen before any request. */
    node_defaults();
    struct stw_tx *tx = NULL;
    char err[STW_ERR_MAX] = "";
    CHECK(p->build(st, &ac.a, "{\"kind\":\"transfer\",\"to\":\"0x70997970C51812dc3A010C7d01b50e0d17dc79C8\","
                              "\"amount\":\"0.1\",\"max_fee_per_gas_gwei\":\"51\"}", &tx, err) != 0);
    CHECK(strstr(err, "max_fee_per_gas_gwei: 51 gwei is above the configured cap of 50 gwei") != NULL);
    CHECK(p->build(st, &ac.a, "{\"kind\":\"message\",\"message\":\"hi\"}", &tx, err) != 0 && strstr(err, "sign_message") != NULL);
    CHECK(p->build(st, &ac.a, "{\"kind\":\"token_transfer\",\"asset\":\"WBTC\",\"to\":\"0x70997970C51812dc3A010C7d01b50e0d17dc79C8\","
                              "\"amount\":\"1\"}", &tx, err) != 0 && strstr(err, "unknown token \"WBTC\"") != NULL);
    CHECK(H.ncalls == 0);
    /* An account whose address text disagrees with its key. */
    struct stw_account bad = ac.a;
    bad.address = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
    CHECK(p->build(st, &bad, T, &tx, err) != 0 && strstr(err, "not the address of its public key") != NULL);
    p->shutdown(st);
}

static void test_balance(const struct stw_plugin *p)
{
    void *st = init_with(p, OPTS);
    char *amount = NULL, err[STW_ERR_MAX] = "";
    answers_reset();
    answer("eth_getBalance", "\"0x14d1120d7b160000\""); /* 1.5 ETH */
    CHECK(p->balance(st, "0x70997970C51812dc3A010C7d01b50e0d17dc79C8", NULL, &amount, err) == 0);
    CHECK_STR(amount, "1.5");
    CHECK(strstr(call_of("eth_getBalance"), "\"latest\"") != NULL);
    t_free(amount);
    amount = NULL;
    answer("eth_call", "\"0x0000000000000000000000000000000000000000000000000000000000bebc20\"");
    CHECK(p->balance(st, "0x70997970C51812dc3A010C7d01b50e0d17dc79C8", "USDC", &amount, err) == 0);
    CHECK_STR(amount, "12.5");
    CHECK(strstr(call_of("eth_call"), "\"data\":\"0x70a0823100000000000000000000000070997970c51812dc3a010c7d01b50e0d17dc79c8\"") != NULL);
    t_free(amount);
    amount = NULL;
    /* An unconfigured contract: decimals() is asked first (answering 2), then balanceOf. */
    answers_reset();
    answer("eth_call", "\"0x0000000000000000000000000000000000000000000000000000000000000002\"");
    CHECK(p->balance(st, "0x70997970C51812dc3A010C7d01b50e0d17dc79C8", "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359", &amount,
                     err) == 0);
    CHECK_STR(amount, "0.02");
    CHECK(strstr(H.calls[0], "\"data\":\"0x313ce567\"") != NULL);
    t_free(amount);
    amount = NULL;
    answers_reset();
    answer("eth_call", "\"0x000000000000000000000000000000000000000000000000000000000000004e\""); /* 78 */
    CHECK(p->balance(st, "0x70997970C51812dc3A010C7d01b50e0d17dc79C8", "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359", &amount,
                     err) != 0 && strstr(err, "more than 77 decimals") != NULL);
    CHECK(p->balance(st, "0x70997970C51812dc3A010C7d01b50e0d17dc79c8", NULL, &amount, err) != 0 && strstr(err, "EIP-55") != NULL);
    CHECK(p->balance(st, "0x70997970C51812dc3A010C7d01b50e0d17dc79C8", "SHIB", &amount, err) != 0 &&
          strstr(err, "unknown token") != NULL);
    answer("eth_call", "\"0x\"");
    CHECK(p->balance(st, "0x70997970C51812dc3A010C7d01b50e0d17dc79C8", "USDC", &amount, err) != 0 &&
          strstr(err, "not one 32-byte word") != NULL);
    CHECK(amount == NULL);
    p->shutdown(st);
}

static void test_messages(const struct stw_plugin *p)
{
    void *st = init_with(p, "{\"chain_id\":1}");
    keccak256((const uint8_t *)"cow", 3, H.key);
    struct acct ac;
    make_account(p, st, H.key, &ac);
    CHECK_STR(ac.address, "0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826"); /* the EIP-712 example's "Cow" */
    H.expect_cap = (struct stw_sign_cap *)&ac;
    H.sign_mode = 0;
    H.sign_calls = 0;
    answers_reset();
    char *out = NULL, err[STW_ERR_MAX] = "";
    static const char mail[] =
        "{\"kind\":\"typed_data\",\"typed_data\":{\"types\":{\"EIP712Domain\":[{\"name\":\"name\",\"type\":\"string\"},"
        "{\"name\":\"version\",\"type\":\"string\"},{\"name\":\"chainId\",\"type\":\"uint256\"},{\"name\":\"verifyingContract\","
        "\"type\":\"address\"}],\"Person\":[{\"name\":\"name\",\"type\":\"string\"},{\"name\":\"wallet\",\"type\":\"address\"}],"
        "\"Mail\":[{\"name\":\"from\",\"type\":\"Person\"},{\"name\":\"to\",\"type\":\"Person\"},{\"name\":\"contents\","
        "\"type\":\"string\"}]},\"primaryType\":\"Mail\",\"domain\":{\"name\":\"Ether Mail\",\"version\":\"1\",\"chainId\":1,"
        "\"verifyingContract\":\"0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC\"},\"message\":{\"from\":{\"name\":\"Cow\","
        "\"wallet\":\"0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826\"},\"to\":{\"name\":\"Bob\",\"wallet\":"
        "\"0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB\"},\"contents\":\"Hello, Bob!\"}}}";
    CHECK(p->sign_message(st, &ac.a, mail, H.expect_cap, &out, err) == 0);
    json_t *j = out ? json_loads(out, 0, NULL) : NULL;
    CHECK_STR(json_string_value(json_object_get(j, "digest")),
              "0xbe609aee343fb3c4b28e1df9e632fca64fcfaede20f02e86244efddf30957bd2");
    CHECK_STR(json_string_value(json_object_get(j, "signature")),
              "0x4355c47d63924e8a72e509b65029052eb6c299d53a04e167c5775fd466751c9d"
              "07299936d304c153f6443dfa05f40ff007d72911b6f72307f996231605b91562"
              "1c");
    CHECK_STR(json_string_value(json_object_get(j, "address")), "0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826");
    CHECK_STR(json_string_value(json_object_get(j, "kind")), "typed_data");
    json_decref(j);
    t_free(out);
    out = NULL;

    CHECK(p->sign_message(st, &ac.a, "{\"chain\":\"eth\",\"kind\":\"message\",\"message\":\"hello world\"}", H.expect_cap,
                          &out, err) == 0);
    j = out ? json_loads(out, 0, NULL) : NULL;
    CHECK_STR(json_string_value(json_object_get(j, "digest")),
              "0xd9eba16ed0ecae432b71fe008c98cc872bb4cc214d3220a36f365326cf807d68");
    const char *sig = json_string_value(json_object_get(j, "signature"));
    CHECK(sig && strlen(sig) == 132 && (strcmp(sig + 130, "1b") == 0 || strcmp(sig + 130, "1c") == 0));
    json_decref(j);
    t_free(out);
    out = NULL;
    CHECK(H.sign_calls == 2 && H.ncalls == 0); /* no RPC for off-chain messages */

    /* Refusals. */
    CHECK(p->sign_message(st, &ac.a, "{\"kind\":\"transfer\",\"to\":\"0x70997970C51812dc3A010C7d01b50e0d17dc79C8\","
                                     "\"amount\":\"1\"}", H.expect_cap, &out, err) != 0 && strstr(err, "build") != NULL);
    void *st5 = init_with(p, "{\"chain_id\":5}");
    CHECK(p->sign_message(st5, &ac.a, mail, H.expect_cap, &out, err) != 0 && strstr(err, "chainId") != NULL);
    p->shutdown(st5);
    H.sign_mode = 2;
    CHECK(p->sign_message(st, &ac.a, "{\"kind\":\"message\",\"message\":\"x\"}", H.expect_cap, &out, err) != 0 &&
          strstr(err, "does not recover") != NULL);
    H.sign_mode = 0;
    CHECK(out == NULL);
    p->shutdown(st);
}

int main(void)
{
    ctx = secp256k1_context_create(SECP256K1_CONTEXT_NONE);
    const struct stw_plugin *p = load_plugin();
    CHECK(p != NULL);
    if (p != NULL) {
        test_table(p);
        test_eip155_through_plugin(p);
        test_build_1559(p);
        test_receipt_wait(p);
        test_token(p);
        test_build_refusals(p);
        test_balance(p);
        test_messages(p);
    }
    CHECK(H.live_allocs == 0); /* every host allocation released by the side that owns it */
    if (H.live_allocs != 0)
        fprintf(stderr, "%ld host allocations not released\n", H.live_allocs);
    if (dl)
        dlclose(dl);
    secp256k1_context_destroy(ctx);
    return check_summary();
}
