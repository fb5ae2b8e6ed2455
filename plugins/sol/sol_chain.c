/* sol_chain.c: see sol_chain.h. */
#include "sol_chain.h"

#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sol_key.h"
#include "sol_pda.h"
#include "sol_rpc.h"
#include "util/decimal.h"

#define POLL_INTERVAL_MS 400

/* One JSON-RPC call. params is consumed. On success *result is host->alloc'd text. */
static int rpc(struct sol_state *s, const char *method, json_t *params, char **result, st_err *err)
{
    char perr[STW_ERR_MAX] = "";
    char *text = json_dumps(params, JSON_COMPACT);
    json_decref(params);
    *result = NULL;
    if (text == NULL)
        return st_err_set(err, "%s: out of memory", method);
    int r = s->host->rpc_call(s->host->ctx, method, text, result, perr);
    free(text);
    if (r != 0) {
        if (*result) {
            s->host->free(*result);
            *result = NULL;
        }
        /* The host names the method itself for transport failures; do not say it twice. */
        size_t ml = strlen(method);
        if (strncmp(perr, method, ml) == 0 && perr[ml] == ':')
            return st_err_set(err, "%s", perr);
        return st_err_set(err, "%s: %s", method, perr[0] ? perr : "the call failed");
    }
    if (*result == NULL)
        return st_err_set(err, "%s: the host returned no result", method);
    return 0;
}

static json_t *config(const struct sol_state *s)
{
    return json_pack("{s:s}", "commitment", sol_commitment_name(s->opt.commitment));
}

static json_t *key_json(const uint8_t key[32])
{
    char buf[SOL_ADDR_MAX];
    sol_key_format(key, buf, sizeof buf);
    return json_string(buf);
}

int sol_chain_check_cluster(struct sol_state *s, st_err *err)
{
    const char *want = sol_cluster_genesis(s->opt.cluster);
    char *res = NULL;
    uint8_t got[32], expected[32];
    char got_text[SOL_ADDR_MAX];
    if (s->cluster_checked || want == NULL)
        return 0;
    if (rpc(s, "getGenesisHash", json_array(), &res, err) != 0)
        return -1;
    int r = sol_rpc_base58(res, "getGenesisHash", 32, got, err);
    s->host->free(res);
    if (r != 0)
        return -1;
    if (sol_key_parse(want, "genesis", expected, err) != 0)
        return -1;
    if (memcmp(got, expected, 32) != 0) {
        sol_key_format(got, got_text, sizeof got_text);
        return st_err_set(err, "cluster: the endpoint serves genesis %s, not %s (%s); fix chains.sol.cluster or rpc",
                          got_text, sol_cluster_name(s->opt.cluster), want);
    }
    s->cluster_checked = 1;
    return 0;
}

/* getAccountInfo of key (base64 encoding: the data itself is not needed). */
static int account_info(struct sol_state *s, const uint8_t key[32], struct sol_account_info *info, st_err *err)
{
    char *res = NULL;
    json_t *cfg = config(s);
    json_object_set_new(cfg, "encoding", json_string("base64"));
    if (rpc(s, "getAccountInfo", json_pack("[o,o]", key_json(key), cfg), &res, err) != 0)
        return -1;
    int r = sol_rpc_account_info(res, info, err);
    s->host->free(res);
    return r;
}

int sol_chain_build(struct sol_state *s, const uint8_t payer[32], const char *intent_json, struct stw_tx *tx,
                    st_err *err)
{
    struct sol_intent in;
    uint8_t blockhash[32];
    uint64_t last_valid = 0;
    char *res = NULL;

    if (sol_intent_parse(intent_json, &s->opt, &in, err) != 0 || sol_chain_check_cluster(s, err) != 0)
        return -1;
    if (rpc(s, "getLatestBlockhash", json_pack("[o]", config(s)), &res, err) != 0)
        return -1;
    int r = sol_rpc_latest_blockhash(res, blockhash, &last_valid, err);
    s->host->free(res);
    if (r != 0)
        return -1;

    if (in.kind == SOL_INTENT_TRANSFER)
        return sol_tx_build_transfer(payer, &in, blockhash, last_valid, tx, err);

    const uint8_t *program = sol_token_program(&in.token);
    uint8_t dest[32];
    int create = in.create_ata;
    uint64_t rent = 0;
    if (sol_ata_address(in.to, in.token.mint, program, dest, NULL, err) != 0)
        return -1;
    if (!create) {
        struct sol_account_info info;
        if (account_info(s, dest, &info, err) != 0)
            return -1;
        if (!info.exists) {
            create = 1;
        } else if (memcmp(info.owner, program, 32) != 0) {
            char d[SOL_ADDR_MAX], o[SOL_ADDR_MAX];
            sol_key_format(dest, d, sizeof d);
            sol_key_format(info.owner, o, sizeof o);
            return st_err_set(err, "to: its associated token account %s is owned by %s, not the %s program", d, o,
                              in.token.token_2022 ? "Token-2022" : "Token");
        }
    }
    if (create) {
        unsigned len = in.token.token_2022 ? SOL_TOKEN_2022_ATA_LEN : SOL_TOKEN_ACCOUNT_LEN;
        if (rpc(s, "getMinimumBalanceForRentExemption", json_pack("[I,o]", (json_int_t)len, config(s)), &res, err) !=
            0)
            return -1;
        r = sol_rpc_u64(res, "getMinimumBalanceForRentExemption", &rent, err);
        s->host->free(res);
        if (r != 0)
            return -1;
    }
    return sol_tx_build_token_transfer(payer, &in, blockhash, last_valid, create, rent, tx, err);
}

int sol_chain_sign(struct sol_state *s, struct stw_tx *tx, const struct stw_account *from,
                   struct stw_sign_cap *cap, st_err *err)
{
    char perr[STW_ERR_MAX] = "";
    uint8_t sig[65];
    size_t sig_len = 0;
    if (tx->is_signed)
        return st_err_set(err, "transaction: already signed");
    if (from == NULL || from->curve != STW_CURVE_ED25519 || from->pubkey == NULL || from->pubkey_len != 32)
        return st_err_set(err, "account: not an ed25519 key");
    if (memcmp(from->pubkey, tx->payer, 32) != 0)
        return st_err_set(err, "account: not the fee payer the transaction was built for");
    /* Every signer of the message must be this account: steward's messages have one. */
    if (tx->nsigs != 1)
        return st_err_set(err, "transaction: needs %zu signatures; steward signs for one key", tx->nsigs);
    if (s->host->sign(s->host->ctx, cap, from, STW_SIG_ED25519, tx->msg_bytes, tx->msg_len, sig, &sig_len, perr) != 0)
        return st_err_set(err, "sign: %s", perr[0] ? perr : "refused");
    if (sig_len != SOL_SIG_LEN)
        return st_err_set(err, "sign: the host returned %zu bytes, not a 64-byte ed25519 signature", sig_len);
    /* The host signs with the key it derived; check it is the key the message names, so a
     * mismatch is caught here rather than as a rejected transaction. */
    if (crypto_sign_verify_detached(sig, tx->msg_bytes, tx->msg_len, from->pubkey) != 0)
        return st_err_set(err, "sign: the host's signature does not verify under the account's public key");
    memcpy(tx->sigs[0], sig, SOL_SIG_LEN);
    tx->is_signed = 1;
    return 0;
}

static uint64_t now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000u + (uint64_t)t.tv_nsec / 1000000u;
}

static void sleep_ms(unsigned ms)
{
    struct timespec t = {ms / 1000, (long)(ms % 1000) * 1000000L};
    while (nanosleep(&t, &t) != 0)
        ;
}

int sol_chain_broadcast(struct sol_state *s, const char *raw_b64, uint8_t sig[64], st_err *err)
{
    uint8_t wire[SOL_PACKET_DATA_SIZE];
    size_t len = 0, nsigs = 0, msg_len = 0;
    const uint8_t *sigs, *msg;
    struct sol_message m;
    uint8_t answered[64];
    char sig_text[SOL_TXID_MAX], *res = NULL;
    st_err inner = {0};

    if (raw_b64 == NULL || sol_base64_decode(raw_b64, wire, sizeof wire, &len, &inner) != 0 || len == 0)
        return st_err_set(err, "raw: %s", inner.set ? inner.msg : "empty");
    if (sol_wire_split(wire, len, &sigs, &nsigs, &msg, &msg_len, err) != 0 ||
        sol_message_parse(msg, msg_len, &m, err) != 0)
        return st_err_wrap(err, "raw");
    memcpy(sig, sigs, 64);
    sol_signature_format(sig, sig_text, sizeof sig_text);
    if (sol_chain_check_cluster(s, err) != 0)
        return -1;

    json_t *cfg = json_pack("{s:s, s:b, s:s}", "encoding", "base64", "skipPreflight", 0, "preflightCommitment",
                            sol_commitment_name(s->opt.commitment));
    if (rpc(s, "sendTransaction", json_pack("[s,o]", raw_b64, cfg), &res, err) != 0)
        return -1;
    int r = sol_rpc_base58(res, "sendTransaction", 64, answered, err);
    s->host->free(res);
    if (r != 0)
        return -1;
    if (memcmp(answered, sig, 64) != 0)
        return st_err_set(err, "sendTransaction: the node answered another signature than the transaction's %s",
                          sig_text);
    s->host->log(s->host->ctx, STW_LOG_INFO, "sol.sent", sig_text);
    if (s->opt.confirm_timeout == 0)
        return 0;

    /* From here on the transaction is out of our hands: only a confirmed on-chain failure is
     * reported as one. A polling error (transport, a malformed answer) is logged and polling
     * goes on, since failing now could make a caller send the payment again. */
    uint64_t deadline = now_ms() + (uint64_t)s->opt.confirm_timeout * 1000u;
    char msgbuf[STW_ERR_MAX + 200];
    st_err last = {0};
    for (;;) {
        struct sol_sig_status st;
        st_err perr = {0};
        json_t *params = json_pack("[[s],{s:b}]", sig_text, "searchTransactionHistory", 0);
        if (rpc(s, "getSignatureStatuses", params, &res, &perr) == 0) {
            r = sol_rpc_signature_status(res, &st, &perr);
            s->host->free(res);
            if (r == 0 && st.found && st.failed)
                return st_err_set(err, "transaction %s failed on chain: %s", sig_text, st.failure);
            if (r == 0 && st.found && st.level >= s->opt.commitment) {
                s->host->log(s->host->ctx, STW_LOG_INFO, "sol.confirmed", sig_text);
                return 0;
            }
        }
        if (perr.set && !last.set) {
            snprintf(msgbuf, sizeof msgbuf, "%s: %.*s (still polling)", sig_text, STW_ERR_MAX, perr.msg);
            s->host->log(s->host->ctx, STW_LOG_WARN, "sol.poll_error", msgbuf);
            last = perr;
        }
        if (now_ms() >= deadline)
            break;
        sleep_ms(POLL_INTERVAL_MS);
    }
    snprintf(msgbuf, sizeof msgbuf, "%s: not %s within %u s; it may still land until its blockhash expires",
             sig_text, sol_commitment_name(s->opt.commitment), s->opt.confirm_timeout);
    s->host->log(s->host->ctx, STW_LOG_WARN, "sol.unconfirmed", msgbuf);
    return 0;
}

int sol_chain_balance(struct sol_state *s, const char *address, const char *asset, char *out, size_t cap,
                      st_err *err)
{
    uint8_t owner[32], mint[32], ata[32];
    char *res = NULL;
    int r;
    if (sol_key_parse(address, "address", owner, err) != 0 || sol_chain_check_cluster(s, err) != 0)
        return -1;

    if (asset == NULL || strcmp(asset, "SOL") == 0) {
        uint64_t lamports;
        if (rpc(s, "getBalance", json_pack("[o,o]", key_json(owner), config(s)), &res, err) != 0)
            return -1;
        r = sol_rpc_balance(res, &lamports, err);
        s->host->free(res);
        if (r != 0)
            return -1;
        u64_to_decimal(lamports, 9, out, cap);
        return 0;
    }

    /* A configured symbol, or a mint whose program the chain tells. */
    const struct sol_token *t = sol_options_token(&s->opt, asset);
    struct sol_token adhoc;
    if (t == NULL) {
        if (sol_key_parse(asset, "asset", mint, NULL) != 0)
            return st_err_set(err, "asset: \"%.40s\" is neither SOL, a configured token nor a mint address", asset);
        t = sol_options_token_by_mint(&s->opt, mint);
    }
    if (t == NULL) {
        struct sol_account_info info;
        memset(&adhoc, 0, sizeof adhoc);
        memcpy(adhoc.mint, mint, 32);
        if (account_info(s, mint, &info, err) != 0)
            return -1;
        if (!info.exists)
            return st_err_set(err, "asset: mint %.44s does not exist", asset);
        if (memcmp(info.owner, SOL_TOKEN_PROGRAM, 32) == 0)
            adhoc.token_2022 = 0;
        else if (memcmp(info.owner, SOL_TOKEN_2022_PROGRAM, 32) == 0)
            adhoc.token_2022 = 1;
        else
            return st_err_set(err, "asset: %.44s is not a mint of the Token or Token-2022 program", asset);
        adhoc.decimals = 0xffffffffu; /* unknown: taken from the answer */
        t = &adhoc;
    }

    const uint8_t *program = sol_token_program(t);
    struct sol_account_info info;
    if (sol_ata_address(owner, t->mint, program, ata, NULL, err) != 0 || account_info(s, ata, &info, err) != 0)
        return -1;
    if (!info.exists) {
        snprintf(out, cap, "0");
        return 0;
    }
    if (memcmp(info.owner, program, 32) != 0)
        return st_err_set(err, "the associated token account of %.44s is not owned by the token program", address);
    uint64_t amount;
    unsigned decimals;
    if (rpc(s, "getTokenAccountBalance", json_pack("[o,o]", key_json(ata), config(s)), &res, err) != 0)
        return -1;
    r = sol_rpc_token_balance(res, &amount, &decimals, err);
    s->host->free(res);
    if (r != 0)
        return -1;
    if (t->decimals != 0xffffffffu && decimals != t->decimals)
        return st_err_set(err, "getTokenAccountBalance: value.decimals: the chain says %u, the configuration %u",
                          decimals, t->decimals);
    if (decimals > SOL_MAX_DECIMALS)
        return st_err_set(err, "getTokenAccountBalance: value.decimals: %u is above %d", decimals, SOL_MAX_DECIMALS);
    u64_to_decimal(amount, decimals, out, cap);
    return 0;
}
