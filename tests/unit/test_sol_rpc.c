/* test_sol_rpc.c: parsing the Solana JSON-RPC answers. The accepted shapes are those of the
 * Solana RPC documentation (an RpcResponse {"context": {"slot"}, "value"} for the
 * context-carrying methods); each malformed answer must be refused with the method and the
 * field in the message. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "sol_key.h"
#include "sol_rpc.h"

#define BH "EkSnNWid2cvwEVnVx9aBqawnmiCNiDgp3gUdkDPTKN1N"
#define OWNER "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA"

static void expect(int rc, const st_err *e, const char *needle, int line)
{
    if (rc != -1 || strstr(e->msg, needle) == NULL) {
        fprintf(stderr, "line %d: rc %d, error \"%s\" lacks \"%s\"\n", line, rc, e->msg, needle);
        CHECK(0);
    } else {
        CHECK(1);
    }
}
#define EXPECT_ERR(call, needle)      \
    do {                              \
        st_err e_ = {0};              \
        int rc_ = call;               \
        expect(rc_, &e_, needle, __LINE__); \
    } while (0)
#define ERR (&e_)

static void test_blockhash(void)
{
    uint8_t bh[32], want[32];
    uint64_t h = 0;
    CHECK(sol_key_parse(BH, "bh", want, NULL) == 0);
    CHECK(sol_rpc_latest_blockhash("{\"context\":{\"slot\":2792},\"value\":{\"blockhash\":\"" BH
                                   "\",\"lastValidBlockHeight\":3090}}",
                                   bh, &h, NULL) == 0);
    CHECK(memcmp(bh, want, 32) == 0 && h == 3090);
    EXPECT_ERR(sol_rpc_latest_blockhash("nope", bh, &h, ERR), "getLatestBlockhash: the answer is not JSON");
    EXPECT_ERR(sol_rpc_latest_blockhash(NULL, bh, &h, ERR), "getLatestBlockhash: the answer is not JSON");
    EXPECT_ERR(sol_rpc_latest_blockhash("{\"context\":{}}", bh, &h, ERR), "getLatestBlockhash: the answer has no \"value\"");
    EXPECT_ERR(sol_rpc_latest_blockhash("{\"value\":\"" BH "\"}", bh, &h, ERR), "getLatestBlockhash: value: not an object");
    EXPECT_ERR(sol_rpc_latest_blockhash("{\"value\":{\"lastValidBlockHeight\":1}}", bh, &h, ERR), "value.blockhash");
    EXPECT_ERR(sol_rpc_latest_blockhash("{\"value\":{\"blockhash\":\"abc\",\"lastValidBlockHeight\":1}}", bh, &h, ERR),
               "value.blockhash: not 32 bytes of base58");
    EXPECT_ERR(sol_rpc_latest_blockhash("{\"value\":{\"blockhash\":\"" BH "0\",\"lastValidBlockHeight\":1}}", bh, &h, ERR),
               "value.blockhash");
    EXPECT_ERR(sol_rpc_latest_blockhash("{\"value\":{\"blockhash\":\"" BH "\"}}", bh, &h, ERR),
               "value.lastValidBlockHeight: not a non-negative integer");
    EXPECT_ERR(sol_rpc_latest_blockhash("{\"value\":{\"blockhash\":\"" BH "\",\"lastValidBlockHeight\":-5}}", bh, &h, ERR),
               "value.lastValidBlockHeight");
    EXPECT_ERR(sol_rpc_latest_blockhash("{\"value\":{\"blockhash\":\"" BH "\",\"lastValidBlockHeight\":1.5}}", bh, &h, ERR),
               "value.lastValidBlockHeight");
    EXPECT_ERR(sol_rpc_latest_blockhash("{\"value\":{\"blockhash\":\"" BH "\",\"blockhash\":\"" BH
                                        "\",\"lastValidBlockHeight\":1}}",
                                        bh, &h, ERR),
               "not JSON"); /* duplicate keys */
}

static void test_balances(void)
{
    uint64_t v = 0;
    unsigned d = 0;
    CHECK(sol_rpc_balance("{\"context\":{\"slot\":1},\"value\":0}", &v, NULL) == 0 && v == 0);
    CHECK(sol_rpc_balance("{\"context\":{\"slot\":1},\"value\":9223372036854775807}", &v, NULL) == 0 &&
          v == 9223372036854775807ull);
    EXPECT_ERR(sol_rpc_balance("{\"value\":\"5\"}", &v, ERR), "getBalance: value: not a non-negative integer");
    EXPECT_ERR(sol_rpc_balance("{\"value\":-1}", &v, ERR), "getBalance: value");
    EXPECT_ERR(sol_rpc_balance("{\"value\":18446744073709551616}", &v, ERR), "getBalance: value: not a non-negative integer");
    EXPECT_ERR(sol_rpc_balance("{\"value\":1", &v, ERR), "getBalance: the answer is not JSON");
    EXPECT_ERR(sol_rpc_balance("42", &v, ERR), "getBalance: the answer has no \"value\"");

    CHECK(sol_rpc_token_balance("{\"context\":{\"slot\":1},\"value\":{\"amount\":\"9864\",\"decimals\":2,"
                                "\"uiAmount\":98.64,\"uiAmountString\":\"98.64\"}}",
                                &v, &d, NULL) == 0);
    CHECK(v == 9864 && d == 2);
    CHECK(sol_rpc_token_balance("{\"value\":{\"amount\":\"18446744073709551615\",\"decimals\":0}}", &v, &d, NULL) == 0);
    CHECK(v == UINT64_MAX && d == 0);
    EXPECT_ERR(sol_rpc_token_balance("{\"value\":{\"amount\":9864,\"decimals\":2}}", &v, &d, ERR),
               "getTokenAccountBalance: value.amount");
    EXPECT_ERR(sol_rpc_token_balance("{\"value\":{\"amount\":\"18446744073709551616\",\"decimals\":2}}", &v, &d, ERR),
               "value.amount");
    EXPECT_ERR(sol_rpc_token_balance("{\"value\":{\"amount\":\"-1\",\"decimals\":2}}", &v, &d, ERR), "value.amount");
    EXPECT_ERR(sol_rpc_token_balance("{\"value\":{\"amount\":\"\",\"decimals\":2}}", &v, &d, ERR), "value.amount");
    EXPECT_ERR(sol_rpc_token_balance("{\"value\":{\"amount\":\"1.5\",\"decimals\":2}}", &v, &d, ERR), "value.amount");
    EXPECT_ERR(sol_rpc_token_balance("{\"value\":{\"amount\":\"1\"}}", &v, &d, ERR), "value.decimals");
    EXPECT_ERR(sol_rpc_token_balance("{\"value\":{\"amount\":\"1\",\"decimals\":256}}", &v, &d, ERR),
               "value.decimals: 256 is above 255");
    EXPECT_ERR(sol_rpc_token_balance("{\"value\":null}", &v, &d, ERR), "getTokenAccountBalance: value: not an object");
}

static void test_account_info(void)
{
    struct sol_account_info info;
    uint8_t owner[32];
    CHECK(sol_key_parse(OWNER, "o", owner, NULL) == 0);
    CHECK(sol_rpc_account_info("{\"context\":{\"slot\":9},\"value\":null}", &info, NULL) == 0 && !info.exists);
    /* What current nodes answer: rentEpoch is u64::MAX, beyond what jansson holds. */
    CHECK(sol_rpc_account_info("{\"context\":{\"apiVersion\":\"2.2.7\",\"slot\":9},\"value\":{\"data\":[\"\",\"base64\"],"
                               "\"executable\":false,\"lamports\":2039280,\"owner\":\"" OWNER
                               "\",\"rentEpoch\":18446744073709551615,\"space\":165}}",
                               &info, NULL) == 0);
    CHECK(info.exists && info.lamports == 2039280 && memcmp(info.owner, owner, 32) == 0);
    /* A member the plugin reads must still be an integer in range. */
    EXPECT_ERR(sol_rpc_account_info("{\"value\":{\"lamports\":18446744073709551615,\"owner\":\"" OWNER "\"}}", &info, ERR),
               "getAccountInfo: value.lamports: not a non-negative integer");
    EXPECT_ERR(sol_rpc_account_info("{\"value\":[]}", &info, ERR), "getAccountInfo: value: neither null nor an object");
    EXPECT_ERR(sol_rpc_account_info("{\"value\":{\"lamports\":1}}", &info, ERR), "getAccountInfo: value.owner");
    EXPECT_ERR(sol_rpc_account_info("{\"value\":{\"owner\":\"" OWNER "\"}}", &info, ERR), "getAccountInfo: value.lamports");
    EXPECT_ERR(sol_rpc_account_info("{}", &info, ERR), "getAccountInfo: the answer has no \"value\"");
}

static void test_quote_big_ints(void)
{
    struct {
        const char *in, *out;
    } cases[] = {
        {"9223372036854775807", "9223372036854775807"},
        {"9223372036854775808", "\"9223372036854775808\""},
        {"-9223372036854775808", "-9223372036854775808"},
        {"-9223372036854775809", "\"-9223372036854775809\""},
        {"[18446744073709551615,1,100000000000000000000]", "[\"18446744073709551615\",1,\"100000000000000000000\"]"},
        {"{\"a\":\"18446744073709551615\",\"b\":1.8446744073709551615e19}",
         "{\"a\":\"18446744073709551615\",\"b\":1.8446744073709551615e19}"},
        {"{\"s\":\"x\\\"99999999999999999999\"}", "{\"s\":\"x\\\"99999999999999999999\"}"},
        {"", ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *t = sol_rpc_quote_big_ints(cases[i].in);
        CHECK_STR(t, cases[i].out);
        free(t);
    }
}

static void test_scalars(void)
{
    uint64_t v = 0;
    uint8_t b[64];
    CHECK(sol_rpc_u64("2039280", "getMinimumBalanceForRentExemption", &v, NULL) == 0 && v == 2039280);
    EXPECT_ERR(sol_rpc_u64("\"2039280\"", "getMinimumBalanceForRentExemption", &v, ERR),
               "getMinimumBalanceForRentExemption: result: not a non-negative integer");
    EXPECT_ERR(sol_rpc_u64("", "getMinimumBalanceForRentExemption", &v, ERR), "not JSON");
    CHECK(sol_rpc_base58("\"" BH "\"", "getGenesisHash", 32, b, NULL) == 0);
    EXPECT_ERR(sol_rpc_base58(BH, "getGenesisHash", 32, b, ERR), "getGenesisHash: the answer is not JSON");
    EXPECT_ERR(sol_rpc_base58("\"" BH "\"", "sendTransaction", 64, b, ERR), "sendTransaction: result: not 64 bytes of base58");
    EXPECT_ERR(sol_rpc_base58("null", "sendTransaction", 64, b, ERR), "sendTransaction: result");
}

static void test_statuses(void)
{
    struct sol_sig_status st;
    CHECK(sol_rpc_signature_status("{\"context\":{\"slot\":82},\"value\":[null]}", &st, NULL) == 0 && !st.found);
    CHECK(sol_rpc_signature_status("{\"context\":{\"slot\":82},\"value\":[{\"slot\":48,\"confirmations\":null,"
                                   "\"err\":null,\"status\":{\"Ok\":null},\"confirmationStatus\":\"finalized\"}]}",
                                   &st, NULL) == 0);
    CHECK(st.found && !st.failed && st.level == SOL_FINALIZED);
    CHECK(sol_rpc_signature_status("{\"value\":[{\"slot\":48,\"confirmations\":3,\"err\":null,"
                                   "\"confirmationStatus\":\"confirmed\"}]}",
                                   &st, NULL) == 0);
    CHECK(st.found && st.level == SOL_CONFIRMED);
    CHECK(sol_rpc_signature_status("{\"value\":[{\"slot\":48,\"confirmations\":0,\"err\":{\"InstructionError\":[0,"
                                   "{\"Custom\":1}]},\"confirmationStatus\":\"processed\"}]}",
                                   &st, NULL) == 0);
    CHECK(st.found && st.failed && st.level == SOL_PROCESSED);
    CHECK_STR(st.failure, "{\"InstructionError\":[0,{\"Custom\":1}]}");
    /* Old nodes: no confirmationStatus; null confirmations means rooted. */
    CHECK(sol_rpc_signature_status("{\"value\":[{\"slot\":1,\"confirmations\":null,\"err\":null}]}", &st, NULL) == 0);
    CHECK(st.level == SOL_FINALIZED);
    CHECK(sol_rpc_signature_status("{\"value\":[{\"slot\":1,\"confirmations\":10,\"err\":null}]}", &st, NULL) == 0);
    CHECK(st.level == SOL_PROCESSED);

    EXPECT_ERR(sol_rpc_signature_status("{\"value\":[]}", &st, ERR), "getSignatureStatuses: value: not an array of one");
    EXPECT_ERR(sol_rpc_signature_status("{\"value\":[null,null]}", &st, ERR), "value: not an array of one");
    EXPECT_ERR(sol_rpc_signature_status("{\"value\":{}}", &st, ERR), "value: not an array of one");
    EXPECT_ERR(sol_rpc_signature_status("{\"value\":[7]}", &st, ERR), "value[0]: neither null nor an object");
    EXPECT_ERR(sol_rpc_signature_status("{\"value\":[{\"confirmationStatus\":\"finalized\"}]}", &st, ERR),
               "value[0].err: missing");
    EXPECT_ERR(sol_rpc_signature_status("{\"value\":[{\"err\":null,\"confirmationStatus\":\"rooted\"}]}", &st, ERR),
               "value[0].confirmationStatus");
    EXPECT_ERR(sol_rpc_signature_status("{\"value\":[{\"err\":null}]}", &st, ERR),
               "value[0]: neither confirmationStatus nor confirmations");
    EXPECT_ERR(sol_rpc_signature_status("{\"value\":[{\"err\":null,\"confirmations\":\"3\"}]}", &st, ERR),
               "neither confirmationStatus nor confirmations");
}

static void test_commitment(void)
{
    enum sol_commitment c;
    CHECK(sol_commitment_parse("processed", &c) == 0 && c == SOL_PROCESSED);
    CHECK(sol_commitment_parse("finalized", &c) == 0 && c == SOL_FINALIZED);
    CHECK(sol_commitment_parse("max", &c) == -1);
    CHECK(sol_commitment_parse("Confirmed", &c) == -1);
    CHECK_STR(sol_commitment_name(SOL_CONFIRMED), "confirmed");
}

int main(void)
{
    test_blockhash();
    test_balances();
    test_account_info();
    test_quote_big_ints();
    test_scalars();
    test_statuses();
    test_commitment();
    return check_summary();
}
