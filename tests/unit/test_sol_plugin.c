/* test_sol_plugin.c: the Solana plugin as the host sees it: build/sol.so is loaded with
 * dlopen and driven through its ABI table by a small TEST host whose sign capability holds a
 * test ed25519 key (libsodium) and whose rpc_call is a scripted fake JSON-RPC server. This
 * checks the ABI glue and the RPC conversation (which methods, which parameters, what
 * happens with each answer); the message bytes themselves are checked against web3.js in
 * test_sol_messages.c and executed by litesvm in tests/interop/test_sol_litesvm.mjs. */
#include <dlfcn.h>
#include <libgen.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "crypto/base58.h"
#include "steward_plugin.h"

#define DEVNET_GENESIS "EtWTRABZaYq6iMfeYKouRu166VU2xqa1wcaWoxPkrZBG"
#define MAINNET_GENESIS "5eykt4UsFv8P8NJdTREpY1vzqKqZKvdpKuc147dw2N9d"
#define BLOCKHASH "EkSnNWid2cvwEVnVx9aBqawnmiCNiDgp3gUdkDPTKN1N"
#define TO "HAgk14JpMQLgt6rVgv7cBQFJWFto5Dqxi472uT3DKpqk"
#define TO_USDC_ATA "5N3f1tj9v1vc5TUZ8S7mCAnVmjVKrfnzXWhxLaxyZAgt" /* sol_ata.json, from spl-token */
#define USDC "EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v"
#define TOKEN_PROGRAM "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA"
#define TOKEN_2022 "TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb"

/* ---- the test host --------------------------------------------------------------------- */

#define MAX_CALLS 64
static struct {
    /* answers; NULL means "rpc error" with rpc_error_text */
    const char *genesis, *blockhash, *rent, *balance, *token_balance, *send;
    const char *account_default;  /* getAccountInfo of any other key */
    const char *account_key, *account_for_key; /* getAccountInfo of one particular key */
    const char *statuses[8];
    int nstatuses, status_i;
    const char *rpc_error_method, *rpc_error_text;
    /* what was asked */
    char method[MAX_CALLS][48];
    char params[MAX_CALLS][1024];
    int ncalls;
    /* signing */
    uint8_t pk[32], sk[64], other_sk[64];
    int sign_uses, sign_bound, sign_with_other_key, sign_refuse;
    const void *cap_expected;
    /* logs */
    char last_log_event[64], last_log_msg[512];
    int nlogs;
} F;

static void *t_alloc(size_t n) { return malloc(n ? n : 1); }
static void t_free(void *p) { free(p); }

static void t_log(void *ctx, enum stw_log_level level, const char *event, const char *msg)
{
    (void)ctx;
    (void)level;
    snprintf(F.last_log_event, sizeof F.last_log_event, "%s", event);
    snprintf(F.last_log_msg, sizeof F.last_log_msg, "%s", msg);
    F.nlogs++;
}

static char *dup_abi(const char *s)
{
    char *p = t_alloc(strlen(s) + 1);
    strcpy(p, s);
    return p;
}

static int t_rpc(void *ctx, const char *method, const char *params, char **result, char err[STW_ERR_MAX])
{
    (void)ctx;
    *result = NULL;
    if (F.ncalls < MAX_CALLS) {
        snprintf(F.method[F.ncalls], sizeof F.method[0], "%s", method);
        snprintf(F.params[F.ncalls], sizeof F.params[0], "%s", params);
        F.ncalls++;
    }
    const char *answer = NULL;
    if (F.rpc_error_method && strcmp(method, F.rpc_error_method) == 0) {
        snprintf(err, STW_ERR_MAX, "%s", F.rpc_error_text);
        return -1;
    }
    if (strcmp(method, "getGenesisHash") == 0)
        answer = F.genesis;
    else if (strcmp(method, "getLatestBlockhash") == 0)
        answer = F.blockhash;
    else if (strcmp(method, "getMinimumBalanceForRentExemption") == 0)
        answer = F.rent;
    else if (strcmp(method, "getBalance") == 0)
        answer = F.balance;
    else if (strcmp(method, "getTokenAccountBalance") == 0)
        answer = F.token_balance;
    else if (strcmp(method, "sendTransaction") == 0)
        answer = F.send;
    else if (strcmp(method, "getAccountInfo") == 0)
        answer = (F.account_key && strstr(params, F.account_key)) ? F.account_for_key : F.account_default;
    else if (strcmp(method, "getSignatureStatuses") == 0)
        answer = F.status_i < F.nstatuses ? F.statuses[F.status_i++] : F.statuses[F.nstatuses - 1];
    if (answer == NULL) {
        snprintf(err, STW_ERR_MAX, "rpc error -32601: Method not found (%s)", method);
        return -1;
    }
    *result = dup_abi(answer);
    return 0;
}

static int t_http(void *ctx, const char *verb, const char *path, const char *body, const char *ct, long *status,
                  char **response, char err[STW_ERR_MAX])
{
    (void)ctx, (void)verb, (void)path, (void)body, (void)ct, (void)status;
    *response = NULL;
    snprintf(err, STW_ERR_MAX, "no HTTP in this test");
    return -1;
}

static int t_sign(void *ctx, struct stw_sign_cap *cap, const struct stw_account *account, enum stw_sig_scheme scheme,
                  const uint8_t *msg, size_t msg_len, uint8_t sig[65], size_t *sig_len, char err[STW_ERR_MAX])
{
    (void)ctx;
    if (F.sign_refuse || (const void *)cap != F.cap_expected || F.sign_uses >= F.sign_bound) {
        snprintf(err, STW_ERR_MAX, "capability used up or unknown");
        return -1;
    }
    if (scheme != STW_SIG_ED25519 || account->pubkey_len != 32 || memcmp(account->pubkey, F.pk, 32) != 0) {
        snprintf(err, STW_ERR_MAX, "capability for another key or scheme");
        return -1;
    }
    F.sign_uses++;
    unsigned long long n = 0;
    crypto_sign_detached(sig, &n, msg, msg_len, F.sign_with_other_key ? F.other_sk : F.sk);
    *sig_len = (size_t)n;
    return 0;
}

static struct stw_host host = {STW_PLUGIN_ABI_VERSION, NULL, t_alloc, t_free, t_log, t_rpc, t_http, t_sign};

static void fake_reset(void)
{
    uint8_t pk[32], sk[64], osk[64];
    memcpy(pk, F.pk, 32);
    memcpy(sk, F.sk, 64);
    memcpy(osk, F.other_sk, 64);
    memset(&F, 0, sizeof F);
    memcpy(F.pk, pk, 32);
    memcpy(F.sk, sk, 64);
    memcpy(F.other_sk, osk, 64);
    F.genesis = "\"" DEVNET_GENESIS "\"";
    F.blockhash = "{\"context\":{\"slot\":5},\"value\":{\"blockhash\":\"" BLOCKHASH "\",\"lastValidBlockHeight\":300}}";
    F.rent = "2039280";
    F.account_default = "{\"context\":{\"slot\":5},\"value\":null}";
    F.sign_bound = 1;
}

static int count_calls(const char *method)
{
    int n = 0;
    for (int i = 0; i < F.ncalls; i++)
        n += strcmp(F.method[i], method) == 0;
    return n;
}

static const char *params_of(const char *method)
{
    for (int i = F.ncalls - 1; i >= 0; i--)
        if (strcmp(F.method[i], method) == 0)
            return F.params[i];
    return "";
}

/* ---- helpers --------------------------------------------------------------------------- */

static const struct stw_plugin *P;

static void *init_ok(const char *options)
{
    void *state = NULL;
    char err[STW_ERR_MAX] = "";
    int rc = P->init(&host, options, &state, err);
    if (rc != 0)
        fprintf(stderr, "init: %s\n", err);
    CHECK(rc == 0 && state != NULL);
    return state;
}

static struct stw_account account(char address[64])
{
    struct stw_account a = {"default", 0, "m/44'/501'/0'/0'", STW_CURVE_ED25519, F.pk, 32, address};
    char err[STW_ERR_MAX];
    CHECK(P->address(NULL, F.pk, 32, address, 64, err) == 0);
    return a;
}

static json_t *describe(void *state, struct stw_tx *tx)
{
    char *d = NULL, err[STW_ERR_MAX] = "";
    CHECK(P->describe(state, tx, &d, err) == 0);
    json_t *j = json_loads(d ? d : "", 0, NULL);
    CHECK(json_is_object(j));
    t_free(d);
    return j;
}

static const char *jstr(json_t *j, const char *k) { return json_string_value(json_object_get(j, k)); }

/* Signs and assembles; checks raw = base64(1 || sig || message), sig verifies, txid. */
static void sign_and_check(void *state, struct stw_tx *tx, struct stw_account *a, char **raw_out)
{
    char err[STW_ERR_MAX] = "", *raw = NULL, *txid = NULL;
    int marker;
    F.cap_expected = &marker;
    F.sign_uses = 0;
    CHECK(P->assemble(state, tx, &raw, &txid, err) == -1); /* not signed yet */
    CHECK(strstr(err, "not signed") != NULL);
    CHECK(P->sign(state, tx, a, (struct stw_sign_cap *)&marker, err) == 0);
    CHECK(F.sign_uses == 1);
    CHECK(P->assemble(state, tx, &raw, &txid, err) == 0);
    uint8_t wire[1300];
    size_t len = 0;
    CHECK(sodium_base642bin(wire, sizeof wire, raw, strlen(raw), NULL, &len, NULL, sodium_base64_VARIANT_ORIGINAL) == 0);
    CHECK(len > 65 && wire[0] == 1 && wire[65] == 1);
    CHECK(crypto_sign_verify_detached(wire + 1, wire + 65, len - 65, F.pk) == 0);
    char id[100];
    CHECK(base58_encode(wire + 1, 64, id, sizeof id, NULL) == 0);
    CHECK_STR(txid, id);
    /* The blockhash the RPC gave is the message's. */
    uint8_t bh[40];
    size_t bl = 0;
    CHECK(base58_decode(BLOCKHASH, bh, sizeof bh, &bl, NULL) == 0 && bl == 32);
    CHECK(memmem(wire + 65, len - 65, bh, 32) != NULL);
    /* Signing twice is refused by the plugin itself. */
    CHECK(P->sign(state, tx, a, (struct stw_sign_cap *)&marker, err) == -1);
    CHECK(strstr(err, "already signed") != NULL);
    t_free(txid);
    if (raw_out)
        *raw_out = raw;
    else
        t_free(raw);
}

/* ---- tests ----------------------------------------------------------------------------- */

static void test_table(void)
{
    char out[64], err[STW_ERR_MAX];
    CHECK(P->abi_version == STW_PLUGIN_ABI_VERSION);
    CHECK_STR(P->chain, "sol");
    CHECK(P->curve == STW_CURVE_ED25519 && P->scheme == STW_SIG_ED25519);
    CHECK(P->sign_message == NULL);
    CHECK(P->derivation_path(NULL, 0, out, sizeof out, err) == 0);
    CHECK_STR(out, "m/44'/501'/0'/0'");
    CHECK(P->derivation_path(NULL, 7, out, sizeof out, err) == 0);
    CHECK_STR(out, "m/44'/501'/7'/0'");
    CHECK(P->derivation_path(NULL, 0x7fffffffu, out, sizeof out, err) == 0);
    CHECK_STR(out, "m/44'/501'/2147483647'/0'");
    CHECK(P->derivation_path(NULL, 0x80000000u, out, sizeof out, err) == -1);
    CHECK(P->derivation_path(NULL, 0, out, 10, err) == -1);

    /* The address of a key is its base58 text. */
    uint8_t key[40];
    size_t n = 0;
    CHECK(base58_decode(TO, key, sizeof key, &n, NULL) == 0 && n == 32);
    CHECK(P->address(NULL, key, 32, out, sizeof out, err) == 0);
    CHECK_STR(out, TO);
    CHECK(P->address(NULL, key, 33, out, sizeof out, err) == -1);
    CHECK(strstr(err, "32 bytes") != NULL);

    /* init refuses bad options with the key's name. */
    void *state = NULL;
    CHECK(P->init(&host, "{\"cluster\":\"mainnet\"}", &state, err) == -1);
    CHECK(strstr(err, "cluster") != NULL);
    CHECK(P->init(&host, "{\"rpc_url\":\"x\"}", &state, err) == -1);
    CHECK(strstr(err, "rpc_url: unknown option") != NULL);
    struct stw_host old = host;
    old.abi_version = 2;
    CHECK(P->init(&old, "{}", &state, err) == -1);
}

static void test_transfer(void)
{
    char addr[64], err[STW_ERR_MAX] = "";
    fake_reset();
    void *state = init_ok("{\"cluster\":\"devnet\"}");
    struct stw_account a = account(addr);
    struct stw_tx *tx = NULL;
    CHECK(P->build(state, &a, "{\"chain\":\"sol\",\"kind\":\"transfer\",\"to\":\"" TO "\",\"amount\":\"0.5\"}", &tx,
                   err) == 0);
    CHECK(tx != NULL);
    CHECK(count_calls("getGenesisHash") == 1);
    CHECK_STR(params_of("getLatestBlockhash"), "[{\"commitment\":\"confirmed\"}]");
    json_t *d = describe(state, tx);
    CHECK_STR(jstr(d, "to"), TO);
    CHECK_STR(jstr(d, "asset"), "SOL");
    CHECK_STR(jstr(d, "amount"), "500000000");
    CHECK(json_integer_value(json_object_get(d, "decimals")) == 9);
    CHECK_STR(jstr(d, "fee_max"), "5000");
    CHECK(json_integer_value(json_object_get(d, "digests")) == 1);
    CHECK_STR(jstr(d, "recent_blockhash"), BLOCKHASH);
    CHECK(strstr(jstr(d, "summary"), "transfer 0.5 SOL to " TO " on devnet") != NULL);
    json_decref(d);
    sign_and_check(state, tx, &a, NULL);
    P->tx_free(state, tx);

    /* The genesis check is made once per start. */
    tx = NULL;
    CHECK(P->build(state, &a, "{\"kind\":\"transfer\",\"to\":\"" TO "\",\"amount\":\"1\"}", &tx, err) == 0);
    CHECK(count_calls("getGenesisHash") == 1);

    /* Sign refusals: another account, the host refusing, a signature by another key. */
    struct stw_account other = a;
    uint8_t wrong[32];
    memset(wrong, 7, 32);
    other.pubkey = wrong;
    int marker;
    F.cap_expected = &marker;
    F.sign_uses = 0;
    CHECK(P->sign(state, tx, &other, (struct stw_sign_cap *)&marker, err) == -1);
    CHECK(strstr(err, "not the fee payer") != NULL);
    F.sign_refuse = 1;
    CHECK(P->sign(state, tx, &a, (struct stw_sign_cap *)&marker, err) == -1);
    CHECK(strstr(err, "sign: capability used up") != NULL);
    F.sign_refuse = 0;
    F.sign_with_other_key = 1;
    CHECK(P->sign(state, tx, &a, (struct stw_sign_cap *)&marker, err) == -1);
    if (strstr(err, "does not verify") == NULL)
        fprintf(stderr, "sign with another key: %s\n", err);
    CHECK(strstr(err, "does not verify") != NULL);
    F.sign_with_other_key = 0;
    P->tx_free(state, tx);

    /* A finalized commitment is what getLatestBlockhash is asked for. */
    P->shutdown(state);
    fake_reset();
    state = init_ok("{\"cluster\":\"devnet\",\"commitment\":\"finalized\"}");
    tx = NULL;
    CHECK(P->build(state, &a, "{\"kind\":\"transfer\",\"to\":\"" TO "\",\"amount\":\"1\"}", &tx, err) == 0);
    CHECK_STR(params_of("getLatestBlockhash"), "[{\"commitment\":\"finalized\"}]");
    P->tx_free(state, tx);
    P->shutdown(state);
}

static void expect_build_error(const char *options, const char *intent, const char *needle)
{
    char addr[64], err[STW_ERR_MAX] = "";
    void *state = init_ok(options);
    struct stw_account a = account(addr);
    struct stw_tx *tx = (struct stw_tx *)&a; /* must be reset to NULL on failure */
    CHECK(P->build(state, &a, intent, &tx, err) == -1);
    CHECK(tx == NULL);
    if (strstr(err, needle) == NULL) {
        fprintf(stderr, "build error \"%s\" lacks \"%s\"\n", err, needle);
        CHECK(0);
    }
    P->shutdown(state);
}

static void test_build_errors(void)
{
    const char *intent = "{\"kind\":\"transfer\",\"to\":\"" TO "\",\"amount\":\"1\"}";
    fake_reset();
    F.genesis = "\"" MAINNET_GENESIS "\"";
    expect_build_error("{\"cluster\":\"devnet\"}", intent, "cluster: the endpoint serves genesis " MAINNET_GENESIS
                                                           ", not devnet");
    /* The default cluster is mainnet-beta, and is checked too. */
    fake_reset();
    expect_build_error("{}", intent, "not mainnet-beta");
    /* localnet is not checked: getGenesisHash is never called. */
    fake_reset();
    F.genesis = NULL;
    {
        char addr[64], err[STW_ERR_MAX];
        void *state = init_ok("{\"cluster\":\"localnet\"}");
        struct stw_account a = account(addr);
        struct stw_tx *tx = NULL;
        CHECK(P->build(state, &a, intent, &tx, err) == 0);
        CHECK(count_calls("getGenesisHash") == 0);
        P->tx_free(state, tx);
        P->shutdown(state);
    }
    fake_reset();
    F.genesis = "\"abc\"";
    expect_build_error("{\"cluster\":\"testnet\"}", intent, "getGenesisHash: result: not 32 bytes of base58");
    fake_reset();
    F.blockhash = "{\"context\":{\"slot\":5},\"value\":{\"blockhash\":\"" BLOCKHASH "\"}}";
    expect_build_error("{\"cluster\":\"devnet\"}", intent, "getLatestBlockhash: value.lastValidBlockHeight");
    fake_reset();
    F.rpc_error_method = "getLatestBlockhash";
    F.rpc_error_text = "rpc error -32005: Node is behind";
    expect_build_error("{\"cluster\":\"devnet\"}", intent, "getLatestBlockhash: rpc error -32005: Node is behind");
    fake_reset();
    expect_build_error("{\"cluster\":\"devnet\"}", "{\"kind\":\"transfer\",\"to\":\"" TO "x\",\"amount\":\"1\"}",
                       "to: not a Solana address");
    /* An intent error is reported before any RPC call. */
    CHECK(F.ncalls == 0);
}

static const char *TOKEN_OPTS = "{\"cluster\":\"devnet\",\"tokens\":{\"USDC\":{\"mint\":\"" USDC "\",\"decimals\":6}}}";

static void test_token_transfer(void)
{
    char addr[64], err[STW_ERR_MAX] = "";
    const char *intent = "{\"chain\":\"sol\",\"kind\":\"token_transfer\",\"asset\":\"USDC\",\"to\":\"" TO
                         "\",\"amount\":\"12.5\"}";
    fake_reset();
    void *state = init_ok(TOKEN_OPTS);
    struct stw_account a = account(addr);

    /* The destination ATA does not exist: CreateIdempotent is added and its rent counted. */
    struct stw_tx *tx = NULL;
    CHECK(P->build(state, &a, intent, &tx, err) == 0);
    CHECK(strstr(params_of("getAccountInfo"), "\"" TO_USDC_ATA "\"") != NULL);
    CHECK(strstr(params_of("getAccountInfo"), "\"encoding\":\"base64\"") != NULL);
    CHECK_STR(params_of("getMinimumBalanceForRentExemption"), "[165,{\"commitment\":\"confirmed\"}]");
    json_t *d = describe(state, tx);
    CHECK_STR(jstr(d, "asset"), "USDC");
    CHECK_STR(jstr(d, "amount"), "12500000");
    CHECK(json_integer_value(json_object_get(d, "decimals")) == 6);
    CHECK_STR(jstr(d, "to"), TO);
    CHECK_STR(jstr(d, "destination_token_account"), TO_USDC_ATA);
    CHECK_STR(jstr(d, "mint"), USDC);
    CHECK(json_is_true(json_object_get(d, "create_ata")));
    CHECK_STR(jstr(d, "ata_rent"), "2039280");
    CHECK_STR(jstr(d, "fee_max"), "2044280");
    CHECK_STR(jstr(d, "fee"), "5000");
    CHECK(strstr(jstr(d, "summary"), "0.00203928 SOL rent") != NULL);
    json_decref(d);
    sign_and_check(state, tx, &a, NULL);
    P->tx_free(state, tx);

    /* It exists and belongs to the Token program: no creation, no rent. The answer has the
     * rentEpoch current nodes send (u64::MAX). */
    fake_reset();
    F.account_default = "{\"context\":{\"slot\":5},\"value\":{\"data\":[\"\",\"base64\"],\"executable\":false,"
                        "\"lamports\":2039280,\"owner\":\"" TOKEN_PROGRAM "\",\"rentEpoch\":18446744073709551615,"
                        "\"space\":165}}";
    tx = NULL;
    CHECK(P->build(state, &a, intent, &tx, err) == 0);
    CHECK(count_calls("getMinimumBalanceForRentExemption") == 0);
    d = describe(state, tx);
    CHECK(json_is_false(json_object_get(d, "create_ata")));
    CHECK(json_object_get(d, "ata_rent") == NULL);
    CHECK_STR(jstr(d, "fee_max"), "5000");
    json_decref(d);
    P->tx_free(state, tx);

    /* create_ata: true adds CreateIdempotent without asking. */
    fake_reset();
    tx = NULL;
    CHECK(P->build(state, &a,
                   "{\"kind\":\"token_transfer\",\"asset\":\"USDC\",\"to\":\"" TO "\",\"amount\":\"1\",\"create_ata\":true}",
                   &tx, err) == 0);
    CHECK(count_calls("getAccountInfo") == 0);
    d = describe(state, tx);
    CHECK(json_is_true(json_object_get(d, "create_ata")));
    json_decref(d);
    P->tx_free(state, tx);

    /* Token-2022: the rent of its larger ATA is asked for. */
    fake_reset();
    tx = NULL;
    CHECK(P->build(state, &a,
                   "{\"kind\":\"token_transfer\",\"asset\":{\"mint\":\"" TO "\",\"decimals\":2,\"program\":\"token-2022\"},"
                   "\"to\":\"" TO "\",\"amount\":\"1\"}",
                   &tx, err) == 0);
    CHECK_STR(params_of("getMinimumBalanceForRentExemption"), "[170,{\"commitment\":\"confirmed\"}]");
    d = describe(state, tx);
    CHECK_STR(jstr(d, "asset"), TO); /* an unnamed mint is shown by its address */
    CHECK_STR(jstr(d, "token_program"), "token-2022");
    json_decref(d);
    P->tx_free(state, tx);
    P->shutdown(state);

    /* A destination account owned by another program is refused. */
    fake_reset();
    F.account_default = "{\"context\":{\"slot\":5},\"value\":{\"lamports\":1,\"owner\":\"" TOKEN_2022 "\"}}";
    expect_build_error(TOKEN_OPTS, intent, "is owned by " TOKEN_2022 ", not the Token program");
    fake_reset();
    F.account_default = "{\"context\":{\"slot\":5},\"value\":{\"lamports\":1}}";
    expect_build_error(TOKEN_OPTS, intent, "getAccountInfo: value.owner");
    fake_reset();
    F.rent = "\"lots\"";
    expect_build_error(TOKEN_OPTS, intent, "getMinimumBalanceForRentExemption: result: not a non-negative integer");
}

static char *signed_raw(void *state, struct stw_account *a)
{
    char err[STW_ERR_MAX], *raw = NULL;
    struct stw_tx *tx = NULL;
    CHECK(P->build(state, a, "{\"kind\":\"transfer\",\"to\":\"" TO "\",\"amount\":\"0.25\"}", &tx, err) == 0);
    sign_and_check(state, tx, a, &raw);
    P->tx_free(state, tx);
    return raw;
}

static void test_broadcast(void)
{
    char addr[64], err[STW_ERR_MAX] = "", sig_text[100], answer[128], *txid = NULL;
    fake_reset();
    void *state = init_ok("{\"cluster\":\"devnet\",\"confirm_timeout\":5}");
    struct stw_account a = account(addr);
    char *raw = signed_raw(state, &a);
    uint8_t wire[1300];
    size_t len = 0;
    CHECK(sodium_base642bin(wire, sizeof wire, raw, strlen(raw), NULL, &len, NULL, sodium_base64_VARIANT_ORIGINAL) == 0);
    CHECK(base58_encode(wire + 1, 64, sig_text, sizeof sig_text, NULL) == 0);
    snprintf(answer, sizeof answer, "\"%s\"", sig_text);

    /* Sent, seen as processed, then confirmed. */
    F.send = answer;
    F.statuses[0] = "{\"context\":{\"slot\":1},\"value\":[null]}";
    F.statuses[1] = "{\"context\":{\"slot\":2},\"value\":[{\"slot\":2,\"confirmations\":0,\"err\":null,"
                    "\"confirmationStatus\":\"processed\"}]}";
    F.statuses[2] = "{\"context\":{\"slot\":3},\"value\":[{\"slot\":2,\"confirmations\":1,\"err\":null,"
                    "\"confirmationStatus\":\"confirmed\"}]}";
    F.nstatuses = 3;
    F.ncalls = 0;
    CHECK(P->broadcast(state, raw, &txid, err) == 0);
    CHECK_STR(txid, sig_text);
    t_free(txid);
    char want_params[2048];
    snprintf(want_params, sizeof want_params,
             "[\"%s\",{\"encoding\":\"base64\",\"skipPreflight\":false,\"preflightCommitment\":\"confirmed\"}]", raw);
    CHECK_STR(params_of("sendTransaction"), want_params);
    CHECK(count_calls("getSignatureStatuses") == 3);
    snprintf(want_params, sizeof want_params, "[[\"%s\"],{\"searchTransactionHistory\":false}]", sig_text);
    CHECK_STR(params_of("getSignatureStatuses"), want_params);
    CHECK_STR(F.last_log_event, "sol.confirmed");

    /* Confirmed with an error: a failure naming the transaction. */
    F.statuses[0] = "{\"context\":{\"slot\":3},\"value\":[{\"slot\":2,\"confirmations\":1,\"err\":{\"InstructionError\":"
                    "[0,{\"Custom\":1}]},\"confirmationStatus\":\"confirmed\"}]}";
    F.nstatuses = 1;
    F.status_i = 0;
    txid = NULL;
    CHECK(P->broadcast(state, raw, &txid, err) == -1);
    CHECK(txid == NULL);
    CHECK(strstr(err, "failed on chain: {\"InstructionError\":[0,{\"Custom\":1}]}") != NULL);
    CHECK(strstr(err, sig_text) != NULL);

    /* The node answers another signature. */
    F.send = "\"" "5VERv8NMvzbJMEkV8xnrLkEaWRtSz9CosKDYjCJjBRnbJLgp8uirBgmQpjKhoR4tjF3ZpRzrFmBV6UjKdiSZkQUW" "\"";
    CHECK(P->broadcast(state, raw, &txid, err) == -1);
    CHECK(strstr(err, "another signature") != NULL);
    /* The node refuses it (preflight). */
    F.rpc_error_method = "sendTransaction";
    F.rpc_error_text = "rpc error -32002: Transaction simulation failed: Blockhash not found";
    CHECK(P->broadcast(state, raw, &txid, err) == -1);
    CHECK(strstr(err, "sendTransaction: rpc error -32002: Transaction simulation failed") != NULL);
    F.rpc_error_method = NULL;
    P->shutdown(state);

    /* Not confirmed in time: reported as sent, with a warning, never as failed. */
    fake_reset();
    state = init_ok("{\"cluster\":\"devnet\",\"confirm_timeout\":1,\"commitment\":\"finalized\"}");
    F.send = answer;
    F.statuses[0] = "{\"context\":{\"slot\":3},\"value\":[{\"slot\":2,\"confirmations\":1,\"err\":null,"
                    "\"confirmationStatus\":\"confirmed\"}]}";
    F.nstatuses = 1;
    txid = NULL;
    CHECK(P->broadcast(state, raw, &txid, err) == 0);
    CHECK_STR(txid, sig_text);
    t_free(txid);
    CHECK(count_calls("getSignatureStatuses") >= 2);
    CHECK_STR(F.last_log_event, "sol.unconfirmed");
    CHECK(strstr(F.last_log_msg, "not finalized within 1 s") != NULL);

    /* A polling error is logged, polling goes on, and the confirmation still counts. */
    F.statuses[0] = "{\"context\":{\"slot\":3},\"value\":[{\"slot\":2}]}"; /* malformed: no err */
    F.statuses[1] = "{\"context\":{\"slot\":4},\"value\":[{\"slot\":2,\"confirmations\":null,\"err\":null,"
                    "\"confirmationStatus\":\"finalized\"}]}";
    F.nstatuses = 2;
    F.status_i = 0;
    F.nlogs = 0;
    txid = NULL;
    CHECK(P->broadcast(state, raw, &txid, err) == 0);
    t_free(txid);
    CHECK_STR(F.last_log_event, "sol.confirmed");
    CHECK(F.nlogs == 3); /* sent, poll_error, confirmed */
    P->shutdown(state);

    /* confirm_timeout 0: no polling. */
    fake_reset();
    state = init_ok("{\"cluster\":\"devnet\",\"confirm_timeout\":0}");
    F.send = answer;
    txid = NULL;
    CHECK(P->broadcast(state, raw, &txid, err) == 0);
    CHECK(count_calls("getSignatureStatuses") == 0);
    t_free(txid);

    /* Raw text that is not a legacy Solana transaction is refused before any RPC call. */
    F.ncalls = 0;
    CHECK(P->broadcast(state, "not base64!", &txid, err) == -1);
    CHECK(strstr(err, "raw: not base64") != NULL);
    CHECK(P->broadcast(state, "", &txid, err) == -1);
    char *b = malloc(strlen(raw) + 8);
    /* a versioned message: set the top bit of the message's first byte */
    wire[65] |= 0x80;
    sodium_bin2base64(b, strlen(raw) + 8, wire, len, sodium_base64_VARIANT_ORIGINAL);
    CHECK(P->broadcast(state, b, &txid, err) == -1);
    CHECK(strstr(err, "raw: ") != NULL);
    wire[65] &= 0x7f;
    sodium_bin2base64(b, strlen(raw) + 8, wire, len - 1, sodium_base64_VARIANT_ORIGINAL); /* truncated */
    CHECK(P->broadcast(state, b, &txid, err) == -1);
    CHECK(strstr(err, "raw: message:") != NULL);
    CHECK(F.ncalls == 0);
    free(b);
    t_free(raw);
    P->shutdown(state);
}

static void test_balance(void)
{
    char err[STW_ERR_MAX] = "", *amount = NULL;
    fake_reset();
    void *state = init_ok(TOKEN_OPTS);
    F.balance = "{\"context\":{\"slot\":1},\"value\":1500000000}";
    CHECK(P->balance(state, TO, NULL, &amount, err) == 0);
    CHECK_STR(amount, "1.5");
    t_free(amount);
    CHECK_STR(params_of("getBalance"), "[\"" TO "\",{\"commitment\":\"confirmed\"}]");
    CHECK(P->balance(state, TO, "SOL", &amount, err) == 0);
    t_free(amount);

    /* USDC: the ATA does not exist -> "0" without asking for a token balance. */
    F.ncalls = 0;
    CHECK(P->balance(state, TO, "USDC", &amount, err) == 0);
    CHECK_STR(amount, "0");
    t_free(amount);
    CHECK(strstr(params_of("getAccountInfo"), TO_USDC_ATA) != NULL);
    CHECK(count_calls("getTokenAccountBalance") == 0);

    /* It exists. */
    F.account_default = "{\"context\":{\"slot\":5},\"value\":{\"lamports\":2039280,\"owner\":\"" TOKEN_PROGRAM
                        "\",\"rentEpoch\":18446744073709551615}}";
    F.token_balance = "{\"context\":{\"slot\":1},\"value\":{\"amount\":\"12345\",\"decimals\":6,\"uiAmount\":0.012345,"
                      "\"uiAmountString\":\"0.012345\"}}";
    CHECK(P->balance(state, TO, "USDC", &amount, err) == 0);
    CHECK_STR(amount, "0.012345");
    t_free(amount);
    CHECK_STR(params_of("getTokenAccountBalance"), "[\"" TO_USDC_ATA "\",{\"commitment\":\"confirmed\"}]");
    /* The mint's address works like its configured symbol. */
    CHECK(P->balance(state, TO, USDC, &amount, err) == 0);
    CHECK_STR(amount, "0.012345");
    t_free(amount);
    /* The chain disagrees with the configured decimals. */
    F.token_balance = "{\"context\":{\"slot\":1},\"value\":{\"amount\":\"12345\",\"decimals\":9}}";
    CHECK(P->balance(state, TO, "USDC", &amount, err) == -1);
    CHECK(strstr(err, "the chain says 9, the configuration 6") != NULL);

    /* An unconfigured mint: its owner tells the program, the answer the decimals. */
    F.account_key = "\"" TO "\""; /* used as a mint here */
    F.account_for_key = "{\"context\":{\"slot\":5},\"value\":{\"lamports\":1,\"owner\":\"" TOKEN_2022 "\"}}";
    F.account_default = "{\"context\":{\"slot\":5},\"value\":{\"lamports\":2039280,\"owner\":\"" TOKEN_2022 "\"}}";
    F.token_balance = "{\"context\":{\"slot\":1},\"value\":{\"amount\":\"700\",\"decimals\":2}}";
    amount = NULL;
    CHECK(P->balance(state, "11111111111111111111111111111112", TO, &amount, err) == 0);
    CHECK_STR(amount, "7");
    t_free(amount);
    F.account_for_key = "{\"context\":{\"slot\":5},\"value\":{\"lamports\":1,\"owner\":\"11111111111111111111111111111111\"}}";
    CHECK(P->balance(state, "11111111111111111111111111111112", TO, &amount, err) == -1);
    CHECK(strstr(err, "is not a mint") != NULL);
    F.account_for_key = "{\"context\":{\"slot\":5},\"value\":null}";
    CHECK(P->balance(state, "11111111111111111111111111111112", TO, &amount, err) == -1);
    CHECK(strstr(err, "does not exist") != NULL);

    CHECK(P->balance(state, TO, "USDT", &amount, err) == -1);
    CHECK(strstr(err, "asset: \"USDT\" is neither SOL") != NULL);
    CHECK(P->balance(state, "0xabc", NULL, &amount, err) == -1);
    CHECK(strstr(err, "address: not a Solana address") != NULL);
    F.balance = "{\"context\":{\"slot\":1},\"value\":1.5}";
    CHECK(P->balance(state, TO, NULL, &amount, err) == -1);
    CHECK(strstr(err, "getBalance: value: not a non-negative integer") != NULL);
    P->shutdown(state);
}

int main(int argc, char **argv)
{
    (void)argc;
    if (sodium_init() < 0)
        return 2;
    /* The TEST keys: fixed seeds, never used outside this file. */
    uint8_t seed[32], opk[32];
    memset(seed, 0x42, 32);
    crypto_sign_seed_keypair(F.pk, F.sk, seed);
    memset(seed, 0x43, 32);
    crypto_sign_seed_keypair(opk, F.other_sk, seed);

    /* build/tests/test_sol_plugin -> build/plugins/sol.so, or $STEWARD_SOL_PLUGIN. */
    char path[4096];
    const char *env = getenv("STEWARD_SOL_PLUGIN");
    if (env) {
        snprintf(path, sizeof path, "%s", env);
    } else {
        char self[4096];
        ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
        if (n <= 0)
            snprintf(self, sizeof self, "%s", argv[0]);
        else
            self[n] = '\0';
        snprintf(path, sizeof path, "%s/../plugins/sol.so", dirname(self));
    }
    void *dl = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (dl == NULL) {
        fprintf(stderr, "cannot load %s: %s (build the sol target)\n", path, dlerror());
        return 1;
    }
    stw_plugin_entry_fn entry = (stw_plugin_entry_fn)dlsym(dl, STEWARD_PLUGIN_ENTRY);
    CHECK(entry != NULL);
    if (entry == NULL)
        return check_summary();
    P = entry();

    test_table();
    test_transfer();
    test_build_errors();
    test_token_transfer();
    test_broadcast();
    test_balance();
    dlclose(dl);
    return check_summary();
}
