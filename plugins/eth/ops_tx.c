/* ops_tx.c: transactions through the plugin ABI (ops.h): build, describe, sign, assemble,
 * broadcast and release. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "abi.h"
#include "crypto/addresses.h"
#include "crypto/hash.h"
#include "fees.h"
#include "intent.h"
#include "node.h"
#include "ops.h"
#include "ops_common.h"
#include "rlp.h"
#include "tx.h"
#include "util/decimal.h"
#include "util/hex.h"

/* A built transaction (the ABI's opaque struct stw_tx) and what describe reports about it. */
struct stw_tx {
    struct eth_tx tx;
    uint8_t from[20];
    enum eth_intent_kind kind;
    uint8_t recipient[20]; /* who receives the ETH or the tokens; a call's contract */
    u256 amount;           /* base units of the asset */
    unsigned decimals;
    char asset[ETH_SYMBOL_MAX + 11];
};

/* Fetches fees, nonce and gas for a transaction whose kind, to, value and data are set.
 * gas_limit 0: estimate it (eth_estimateGas plus the configured margin); otherwise use it
 * as it is (a call's explicit gas_limit) and ask no estimate. */
static int fill_from_node(struct eth_state *s, struct stw_tx *t, const struct eth_fee_caps *caps, uint64_t gas_limit,
                          st_err *err)
{
    const struct stw_host *h = s->host;
    struct eth_tx *tx = &t->tx;
    uint64_t node_chain;
    if (eth_node_chain_id(h, &node_chain, err) != 0)
        return -1;
    if (node_chain != s->opt.chain_id)
        return st_err_set(err, "the node's chain id is %llu but this chain is configured with chain_id %llu; "
                          "refusing to build", (unsigned long long)node_chain, (unsigned long long)s->opt.chain_id);
    u256 base, tip;
    if (eth_node_nonce(h, t->from, &tx->nonce, err) != 0 || eth_node_next_base_fee(h, &base, err) != 0 ||
        eth_node_priority_fee(h, &tip, err) != 0)
        return -1;
    if (tx->type == ETH_TX_EIP1559) {
        if (eth_fees_1559(&base, &tip, caps, &tx->max_fee_per_gas, &tx->max_priority_fee_per_gas, err) != 0)
            return -1;
    } else if (eth_fees_legacy(&base, &tip, caps, &tx->max_fee_per_gas, err) != 0) {
        return -1;
    }
    uint64_t estimate;
    if (gas_limit != 0)
        tx->gas_limit = gas_limit;
    else if (eth_node_estimate_gas(h, t->from, tx->to, &tx->value, tx->data, tx->data_len, &estimate, err) != 0 ||
             eth_gas_with_margin(estimate, s->opt.gas_margin_percent, &tx->gas_limit, err) != 0)
        return -1;
    /* A node refuses a transaction whose sender cannot pay value + gas_limit * max fee;
     * refuse it here already, before the policy engine reserves anything for it. */
    u256 need, fee, balance;
    if (u256_mul_u64(&fee, &tx->max_fee_per_gas, tx->gas_limit) != 0 || u256_add(&need, &fee, &tx->value) != 0)
        return st_err_set(err, "the fee computation overflows");
    if (eth_node_balance(h, t->from, &balance, err) != 0)
        return -1;
    if (u256_cmp(&balance, &need) < 0) {
        char have[DECIMAL_MAX_TEXT], want[DECIMAL_MAX_TEXT];
        eth_u256_display(&balance, 18, have, sizeof have);
        eth_u256_display(&need, 18, want, sizeof want);
        return st_err_set(err, "insufficient ETH: the balance is %s but up to %s is needed (value + gas limit x "
                          "max fee)", have, want);
    }
    return 0;
}

int eth_op_build(void *state, const struct stw_account *from, const char *intent_json, struct stw_tx **out,
                 char err[STW_ERR_MAX])
{
    struct eth_state *s = state;
    st_err e = {0};
    struct eth_intent in;
    *out = NULL;
    if (eth_intent_parse(intent_json, &s->opt, &in, &e) != 0)
        return eth_fail(err, &e);
    struct stw_tx *t = calloc(1, sizeof *t);
    if (t == NULL) {
        eth_intent_free(&in);
        return eth_fail_msg(err, "out of memory");
    }
    eth_tx_init(&t->tx);
    int rc = -1;
    struct eth_fee_caps caps;
    if (in.kind == ETH_INTENT_PERSONAL_SIGN || in.kind == ETH_INTENT_TYPED_DATA) {
        st_err_set(&e, "intent: kind: messages are signed with sign_message, not built as transactions");
        goto done;
    }
    if (eth_account_address(from, t->from, &e) != 0 || eth_fee_caps_merge(&s->opt.caps, &in.caps, &caps, &e) != 0)
        goto done;
    t->kind = in.kind;
    memcpy(t->recipient, in.to, 20);
    t->amount = in.amount;
    t->decimals = in.decimals;
    memcpy(t->asset, in.asset, sizeof t->asset);
    t->tx.type = s->opt.tx_type;
    t->tx.chain_id = s->opt.chain_id;
    if (in.kind == ETH_INTENT_TRANSFER) {
        memcpy(t->tx.to, in.to, 20);
        t->tx.value = in.amount;
    } else if (in.kind == ETH_INTENT_CALL) {
        memcpy(t->tx.to, in.to, 20);
        t->tx.value = in.amount;
        if (eth_tx_set_data(&t->tx, in.data, in.data_len, &e) != 0)
            goto done;
    } else {
        uint8_t data[ERC20_TRANSFER_CALLDATA_LEN];
        erc20_transfer_calldata(in.to, &in.amount, data);
        memcpy(t->tx.to, in.contract, 20);
        t->tx.value = u256_from_u64(0);
        if (eth_tx_set_data(&t->tx, data, sizeof data, &e) != 0)
            goto done;
    }
    if (fill_from_node(s, t, &caps, in.has_gas_limit ? in.gas_limit : 0, &e) != 0)
        goto done;
    rc = 0;
done:
    eth_intent_free(&in);
    if (rc != 0) {
        eth_tx_clear(&t->tx);
        free(t);
        return eth_fail(err, &e);
    }
    *out = t;
    return 0;
}

int eth_op_describe(void *state, const struct stw_tx *t, char **description_json, char err[STW_ERR_MAX])
{
    struct eth_state *s = state;
    const struct eth_tx *tx = &t->tx;
    char to[ETH_ADDRESS_BUFSZ], from[ETH_ADDRESS_BUFSZ], contract[ETH_ADDRESS_BUFSZ];
    char amount[DECIMAL_MAX_TEXT], shown[DECIMAL_MAX_TEXT], fee[DECIMAL_MAX_TEXT], fee_eth[DECIMAL_MAX_TEXT];
    char maxfee[DECIMAL_MAX_TEXT], summary[640];
    u256 fee_max;
    if (u256_mul_u64(&fee_max, &tx->max_fee_per_gas, tx->gas_limit) != 0)
        return eth_fail_msg(err, "describe: the maximum fee overflows 256 bits");
    eth_address_checksum(t->recipient, to);
    eth_address_checksum(t->from, from);
    eth_address_checksum(tx->to, contract);
    eth_u256_text(&t->amount, amount, sizeof amount);
    eth_u256_display(&t->amount, t->decimals, shown, sizeof shown);
    eth_u256_text(&fee_max, fee, sizeof fee);
    eth_u256_display(&fee_max, 18, fee_eth, sizeof fee_eth);
    eth_u256_text(&tx->max_fee_per_gas, maxfee, sizeof maxfee);
    const char *type = tx->type == ETH_TX_EIP1559 ? "eip1559" : "legacy";
    char selector[11] = "";
    if (t->kind == ETH_INTENT_CALL) {
        if (tx->data_len < 4)
            return eth_fail_msg(err, "describe: a call without a function selector");
        eth_hex0x(selector, tx->data, 4);
        snprintf(summary, sizeof summary,
                 "call %s on %s with %s ETH from %s on chain %llu%s%s (%zu bytes of data, nonce %llu, %s, gas limit "
                 "%llu, fee at most %s ETH)",
                 selector, to, shown, from, (unsigned long long)tx->chain_id, s->opt.network[0] ? " " : "",
                 s->opt.network, tx->data_len, (unsigned long long)tx->nonce, type, (unsigned long long)tx->gas_limit,
                 fee_eth);
    } else {
        snprintf(summary, sizeof summary,
                 "send %s %s to %s from %s on chain %llu%s%s (nonce %llu, %s, fee at most %s ETH)", shown, t->asset,
                 to, from, (unsigned long long)tx->chain_id, s->opt.network[0] ? " " : "", s->opt.network,
                 (unsigned long long)tx->nonce, type, fee_eth);
    }
    json_t *j = json_pack("{ss ss ss si ss si ss ss sI sI ss sI ss}", "to", to, "asset", t->asset, "amount", amount,
                          "decimals", (int)t->decimals, "fee_max", fee, "digests", 1, "summary", summary, "from", from,
                          "nonce", (json_int_t)tx->nonce, "chain_id", (json_int_t)tx->chain_id, "tx_type", type,
                          "gas_limit", (json_int_t)tx->gas_limit, "max_fee_per_gas", maxfee);
    if (j != NULL && (t->kind == ETH_INTENT_TOKEN_TRANSFER || t->kind == ETH_INTENT_CALL))
        json_object_set_new(j, "contract", json_string(contract));
    if (j != NULL && t->kind == ETH_INTENT_CALL) {
        json_object_set_new(j, "selector", json_string(selector));
        json_object_set_new(j, "data_len", json_integer((json_int_t)tx->data_len));
    }
    char *text = j ? json_dumps(j, JSON_COMPACT) : NULL;
    json_decref(j);
    if (text == NULL)
        return eth_fail_msg(err, "describe: out of memory");
    *description_json = eth_host_strdup(s->host, text);
    free(text);
    return 0;
}

int eth_op_sign(void *state, struct stw_tx *t, const struct stw_account *from, struct stw_sign_cap *cap,
                char err[STW_ERR_MAX])
{
    struct eth_state *s = state;
    st_err e = {0};
    uint8_t addr[20], digest[32], sig[65];
    if (eth_account_address(from, addr, &e) != 0)
        return eth_fail(err, &e);
    if (memcmp(addr, t->from, 20) != 0)
        return eth_fail_msg(err, "sign: the transaction was built for another account");
    if (t->tx.has_sig)
        return eth_fail_msg(err, "sign: the transaction is already signed");
    if (eth_tx_sighash(&t->tx, digest, &e) != 0 || eth_sign_digest(s->host, cap, from, digest, sig, &e) != 0 ||
        eth_tx_set_signature(&t->tx, sig, &e) != 0)
        return eth_fail(err, &e);
    return 0;
}

int eth_op_assemble(void *state, const struct stw_tx *t, char **raw, char **txid, char err[STW_ERR_MAX])
{
    struct eth_state *s = state;
    st_err e = {0};
    struct rlpbuf b;
    rlp_init(&b);
    if (eth_tx_serialize_signed(&t->tx, &b, &e) != 0) {
        rlp_free(&b);
        return eth_fail(err, &e);
    }
    uint8_t h[32];
    keccak256(b.p, b.len, h);
    *raw = s->host->alloc(2 * b.len + 3);
    eth_hex0x(*raw, b.p, b.len);
    *txid = s->host->alloc(67);
    eth_hex0x(*txid, h, 32);
    rlp_free(&b);
    return 0;
}

/* Waits up to the configured time for the receipt; fails only on a reverted transaction. */
static int wait_receipt(struct eth_state *s, const uint8_t txid[32], const char *txid_hex, st_err *err)
{
    const struct stw_host *h = s->host;
    char msg[256];
    for (unsigned waited = 0; waited < s->opt.receipt_timeout_seconds; waited++) {
        int found = 0, status = 0;
        uint64_t block = 0, gas = 0;
        st_err e = {0};
        if (eth_node_receipt(h, txid, &found, &status, &block, &gas, &e) != 0) {
            h->log(h->ctx, STW_LOG_WARN, "eth.receipt", e.msg);
        } else if (found) {
            if (status == 0)
                return st_err_set(err, "transaction %s was mined in block %llu but reverted", txid_hex,
                                  (unsigned long long)block);
            snprintf(msg, sizeof msg, "%s mined in block %llu, gas used %llu", txid_hex, (unsigned long long)block,
                     (unsigned long long)gas);
            h->log(h->ctx, STW_LOG_INFO, "eth.receipt", msg);
            return 0;
        }
        struct timespec ts = {1, 0};
        nanosleep(&ts, NULL);
    }
    snprintf(msg, sizeof msg, "%s not mined within %u s; it stays in the node's pool", txid_hex,
             s->opt.receipt_timeout_seconds);
    h->log(h->ctx, STW_LOG_WARN, "eth.receipt", msg);
    return 0;
}

int eth_op_broadcast(void *state, const char *raw, char **txid, char err[STW_ERR_MAX])
{
    struct eth_state *s = state;
    st_err e = {0};
    size_t n = raw ? strlen(raw) : 0;
    if (n >= 2 && raw[0] == '0' && raw[1] == 'x') {
        raw += 2;
        n -= 2;
    }
    if (n == 0 || n % 2 != 0 || !hex_all_digits(raw, n))
        return eth_fail_msg(err, "broadcast: the raw transaction is not hex");
    uint8_t *bytes = malloc(n / 2);
    char *wire = malloc(n + 3);
    if (bytes == NULL || wire == NULL) {
        free(bytes);
        free(wire);
        return eth_fail_msg(err, "broadcast: out of memory");
    }
    hex_decode_n(bytes, n / 2, raw, n);
    eth_hex0x(wire, bytes, n / 2); /* re-encoded: lower case, with 0x */
    uint8_t want[32], got[32];
    keccak256(bytes, n / 2, want);
    free(bytes);
    int rc = eth_node_send_raw(s->host, wire, got, &e);
    free(wire);
    if (rc != 0)
        return eth_fail(err, &e);
    char hex[67];
    eth_hex0x(hex, got, 32);
    if (memcmp(want, got, 32) != 0) {
        st_err_set(&e, "eth_sendRawTransaction: the node answered %s, which is not the hash of the "
                   "transaction sent", hex);
        return eth_fail(err, &e);
    }
    if (s->opt.receipt_timeout_seconds > 0 && wait_receipt(s, got, hex, &e) != 0)
        return eth_fail(err, &e);
    *txid = eth_host_strdup(s->host, hex);
    return 0;
}

void eth_op_tx_free(void *state, struct stw_tx *t)
{
    (void)state;
    if (t == NULL)
        return;
    eth_tx_clear(&t->tx);
    free(t);
}
