/* paper_eth.c: the simulated Ethereum node of a paper chain (docs/paper.md, "eth").
 *
 * It answers the JSON-RPC calls the eth plugin makes (plugins/eth/node.c) from the paper
 * ledger and from constant simulated fees, and hands a broadcast transaction to the ledger
 * (paper_submit), which applies what steward registered for it. Nothing here decodes a
 * transaction or decides whether one is valid: the ledger does.
 *
 *   eth_chainId                   the plugin's chain_id option
 *   eth_getTransactionCount       the ledger's sequence number of the account (the nonce)
 *   eth_feeHistory                a constant base fee (paper.fees.base_fee_gwei) for every
 *                                 block, blocks half full (so the base fee does not move)
 *   eth_maxPriorityFeePerGas      paper.fees.priority_fee_gwei
 *   eth_estimateGas               21000 for a plain transfer; paper.fees.erc20_transfer_gas for
 *                                 transfer(address,uint256) on a configured ERC-20 token;
 *                                 refuses what a node would (value above the balance, a token
 *                                 transfer above the token balance)
 *   eth_getBalance                the ledger's ETH balance, in wei
 *   eth_call                      on a configured token: balanceOf(address) from the ledger
 *                                 and decimals() from the erc20 option; on any other address
 *                                 "0x" (no code there)
 *   eth_sendRawTransaction        paper_submit of the exact text sent; the txid registered
 *   eth_getTransactionReceipt     null until the ledger applied the transaction, then a
 *                                 successful receipt whose gasUsed x effectiveGasPrice is the
 *                                 fee the ledger debited (the described fee_max)
 *
 * Anything else is refused naming the method. Blocks are simulated: the block number is the
 * ledger clock divided by 12 s, so it moves with time and is fixed under a test clock.
 *
 * Addresses. The ledger keys accounts by the text steward gives it, which for eth is the
 * plugin's EIP-55 form (plugin->address, and the "to" of its descriptions); the plugin's RPC
 * sends lower case, so every address read from a request is brought to its EIP-55 form before
 * it reaches the ledger. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "crypto/addresses.h"
#include "paper/paper_node.h"
#include "util/decimal.h"
#include "util/hex.h"

#define ETH_DECIMALS 18
#define ETH_TRANSFER_GAS 21000u
#define ETH_BLOCK_MS 12000
#define ETH_TOKEN_DECIMALS_MAX 77
#define ETH_CHAIN_ID_LIMIT ((UINT64_MAX - 36) / 2) /* the plugin's ETH_CHAIN_ID_MAX (EIP-155 v fits 64 bits) */
#define ETH_FEE_HISTORY_MAX 1024
#define ETH_GAS_MAX 30000000u /* a block's gas limit */

/* ERC-20 function selectors: the first 4 bytes of keccak256 of the signature, as published. */
static const uint8_t SEL_TRANSFER[4] = {0xa9, 0x05, 0x9c, 0xbb}; /* transfer(address,uint256) */
static const uint8_t SEL_BALANCE_OF[4] = {0x70, 0xa0, 0x82, 0x31}; /* balanceOf(address) */
static const uint8_t SEL_DECIMALS[4] = {0x31, 0x3c, 0xe5, 0x67}; /* decimals() */

struct eth_token {
    char symbol[PAPER_SYMBOL_MAX + 1];
    uint8_t address[20];
    char id[ETH_ADDRESS_BUFSZ]; /* EIP-55 */
    unsigned decimals;
};

struct eth_node {
    uint64_t chain_id;
    uint8_t base_fee[32];     /* wei per gas, big-endian */
    uint8_t priority_fee[32]; /* wei per gas */
    uint64_t erc20_gas;
    size_t ntokens;
    struct eth_token *tokens;
};

static struct eth_node *node_of(struct paper_chain *pc)
{
    return paper_node_state(pc);
}

/* ---- reading values ------------------------------------------------------------------ */

/* "0x" + 40 hex digits, either case (a node does not check EIP-55 in requests). */
static int parse_address(const char *s, uint8_t out[20])
{
    return s != NULL && s[0] == '0' && s[1] == 'x' && strlen(s) == 42 && hex_decode_n(out, 20, s + 2, 40) == 0 ? 0
                                                                                                               : -1;
}

/* The EIP-55 text of an address in a request, or -1 with an error naming `what`. */
static int request_address(const json_t *v, const char *what, uint8_t raw[20], char text[ETH_ADDRESS_BUFSZ],
                           st_err *err)
{
    const char *s = json_string_value(v);
    if (parse_address(s, raw) != 0)
        return st_err_set(err, "%s: not an address (0x and 40 hex digits)", what);
    eth_address_checksum(raw, text);
    return 0;
}

/* A JSON-RPC quantity ("0x" + 1 to 64 hex digits) into 32 big-endian bytes. */
static int parse_quantity(const char *s, uint8_t out[32])
{
    memset(out, 0, 32);
    size_t n = s ? strlen(s) : 0;
    if (n < 3 || n > 66 || s[0] != '0' || s[1] != 'x' || !hex_all_digits(s + 2, n - 2))
        return -1;
    char digits[65];
    size_t nd = n - 2;
    memset(digits, '0', 64 - nd);
    memcpy(digits + (64 - nd), s + 2, nd);
    digits[64] = '\0';
    return hex_decode_n(out, 32, digits, 64);
}

/* The minimal quantity form of 32 big-endian bytes ("0x0" for zero). */
static void quantity(const uint8_t v[32], char out[67])
{
    char h[65];
    hex_encode(h, v, 32);
    size_t i = 0;
    while (i < 63 && h[i] == '0')
        i++;
    snprintf(out, 67, "0x%s", h + i);
}

static json_t *quantity_json(const uint8_t v[32])
{
    char q[67];
    quantity(v, q);
    return json_string(q);
}

static json_t *quantity_u64(uint64_t x)
{
    char q[24];
    snprintf(q, sizeof q, "0x%" PRIx64, x);
    return json_string(q);
}

static json_t *word_json(const uint8_t w[32])
{
    char h[67] = "0x";
    hex_encode(h + 2, w, 32);
    return json_string(h);
}

/* A non-negative integer as a JSON integer or a string of decimal digits (YAML may give
 * either), at most max. */
static int read_uint(const json_t *v, const char *field, uint64_t max, uint64_t *out, st_err *err)
{
    uint64_t x;
    if (json_is_integer(v)) {
        if (json_integer_value(v) < 0)
            return st_err_set(err, "%s: must not be negative", field);
        x = (uint64_t)json_integer_value(v);
    } else if (json_is_string(v)) {
        const char *s = json_string_value(v);
        st_err e = {0};
        if (s[0] == '\0' || strspn(s, "0123456789") != strlen(s) || decimal_to_u64(s, 0, &x, &e) != 0)
            return st_err_set(err, "%s: \"%.40s\" is not an unsigned integer", field, s);
    } else {
        return st_err_set(err, "%s: must be an integer", field);
    }
    if (x > max)
        return st_err_set(err, "%s: %" PRIu64 " is above the maximum %" PRIu64, field, x, max);
    *out = x;
    return 0;
}

/* A fee in decimal gwei (a string, or a JSON integer) into wei. */
static int read_gwei(const json_t *v, const char *field, uint8_t wei[32], st_err *err)
{
    char buf[32];
    const char *s;
    if (json_is_string(v)) {
        s = json_string_value(v);
    } else if (json_is_integer(v) && json_integer_value(v) >= 0) {
        snprintf(buf, sizeof buf, "%lld", (long long)json_integer_value(v));
        s = buf;
    } else {
        return st_err_set(err, "%s: must be a decimal string of gwei such as \"1.5\" (in YAML, quote it)", field);
    }
    st_err e = {0};
    if (decimal_to_units(s, 9, wei, &e) != 0)
        return st_err_set(err, "%s: %s", field, e.msg);
    return 0;
}

/* ---- settings ------------------------------------------------------------------------ */

static int read_fees(struct eth_node *n, const json_t *fees, st_err *err)
{
    st_err e = {0};
    decimal_to_units("10", 9, n->base_fee, &e);
    decimal_to_units("1", 9, n->priority_fee, &e);
    n->erc20_gas = 65000;
    if (fees == NULL)
        return 0;
    if (!json_is_object(fees))
        return st_err_set(err, "paper.fees: must be a mapping (base_fee_gwei, priority_fee_gwei, erc20_transfer_gas)");
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)fees, k, v) {
        if (strcmp(k, "base_fee_gwei") == 0) {
            if (read_gwei(v, "paper.fees.base_fee_gwei", n->base_fee, err) != 0)
                return -1;
        } else if (strcmp(k, "priority_fee_gwei") == 0) {
            if (read_gwei(v, "paper.fees.priority_fee_gwei", n->priority_fee, err) != 0)
                return -1;
        } else if (strcmp(k, "erc20_transfer_gas") == 0) {
            if (read_uint(v, "paper.fees.erc20_transfer_gas", ETH_GAS_MAX, &n->erc20_gas, err) != 0)
                return -1;
            if (n->erc20_gas < ETH_TRANSFER_GAS)
                return st_err_set(err, "paper.fees.erc20_transfer_gas: must be at least %u", ETH_TRANSFER_GAS);
        } else {
            return st_err_set(err, "paper.fees.%.32s: unknown key (known: base_fee_gwei, priority_fee_gwei, "
                                   "erc20_transfer_gas)",
                              k);
        }
    }
    return 0;
}

/* What the node shares with the plugin: chain_id and the erc20 table (the plugin checks the
 * rest of its options itself). */
static int read_options(struct eth_node *n, const json_t *opt, st_err *err)
{
    const json_t *cid = json_object_get(opt, "chain_id");
    if (cid == NULL)
        return st_err_set(err, "options.chain_id: missing (the paper eth node answers eth_chainId with it)");
    if (read_uint(cid, "options.chain_id", ETH_CHAIN_ID_LIMIT, &n->chain_id, err) != 0)
        return -1;
    if (n->chain_id == 0)
        return st_err_set(err, "options.chain_id: must be at least 1");
    const json_t *t = json_object_get(opt, "erc20");
    if (t == NULL)
        return 0;
    if (!json_is_object(t))
        return st_err_set(err, "options.erc20: must be a mapping of symbol to {address, decimals}");
    if (json_object_size(t) == 0)
        return 0;
    n->tokens = calloc(json_object_size(t), sizeof *n->tokens);
    if (n->tokens == NULL)
        return st_err_set(err, "paper: out of memory");
    const char *sym;
    json_t *v;
    json_object_foreach((json_t *)t, sym, v) {
        struct eth_token *tok = &n->tokens[n->ntokens];
        char field[96];
        size_t len = strlen(sym);
        if (len == 0 || len > PAPER_SYMBOL_MAX || strcasecmp(sym, "ETH") == 0 || (sym[0] == '0' && sym[1] == 'x'))
            return st_err_set(err, "options.erc20.%.40s: a paper chain needs a token symbol of 1 to %d characters, "
                                   "not ETH or an address (the ledger keys balances by symbol)",
                              sym, PAPER_SYMBOL_MAX);
        snprintf(tok->symbol, sizeof tok->symbol, "%s", sym);
        const char *addr = json_string_value(json_object_get(v, "address"));
        if (!json_is_object(v) || parse_address(addr, tok->address) != 0)
            return st_err_set(err, "options.erc20.%s.address: missing or not an address", sym);
        eth_address_checksum(tok->address, tok->id);
        /* Mixed case must be the EIP-55 form, as the plugin requires. */
        int lower = strspn(addr + 2, "0123456789abcdef") == 40, upper = strspn(addr + 2, "0123456789ABCDEF") == 40;
        if (!lower && !upper && strcmp(addr, tok->id) != 0)
            return st_err_set(err, "options.erc20.%s.address: the EIP-55 checksum does not match", sym);
        uint64_t d;
        snprintf(field, sizeof field, "options.erc20.%s.decimals", sym);
        if (read_uint(json_object_get(v, "decimals"), field, ETH_TOKEN_DECIMALS_MAX, &d, err) != 0)
            return -1;
        tok->decimals = (unsigned)d;
        for (size_t i = 0; i < n->ntokens; i++)
            if (memcmp(n->tokens[i].address, tok->address, 20) == 0)
                return st_err_set(err, "options.erc20: %s and %s have the same address", n->tokens[i].symbol, sym);
        n->ntokens++;
    }
    return 0;
}

static void eth_free(struct paper_chain *pc)
{
    struct eth_node *n = node_of(pc);
    if (n == NULL)
        return;
    free(n->tokens);
    free(n);
    paper_node_set_state(pc, NULL);
}

static int eth_init(struct paper_chain *pc, const json_t *fees, const json_t *options, st_err *err)
{
    struct eth_node *n = calloc(1, sizeof *n);
    if (n == NULL)
        return st_err_set(err, "paper: out of memory");
    paper_node_set_state(pc, n);
    /* The exchange is a transfer's "to" in a swap description, which is EIP-55. */
    const char *ex = paper_exchange_address(pc);
    uint8_t exb[20];
    char exs[ETH_ADDRESS_BUFSZ];
    int rc = 0;
    if (ex[0] != '\0' && (parse_address(ex, exb) != 0 || (eth_address_checksum(exb, exs), strcmp(ex, exs) != 0)))
        rc = st_err_set(err, "paper: the exchange address \"%.60s\" is not an EIP-55 Ethereum address", ex);
    if (rc == 0 && (read_fees(n, fees, err) != 0 || read_options(n, options, err) != 0))
        rc = -1;
    if (rc != 0)
        eth_free(pc);
    return rc;
}

static const struct eth_token *token_by_address(const struct eth_node *n, const uint8_t addr[20])
{
    for (size_t i = 0; i < n->ntokens; i++)
        if (memcmp(n->tokens[i].address, addr, 20) == 0)
            return &n->tokens[i];
    return NULL;
}

static int eth_asset(struct paper_chain *pc, const char *name, struct paper_asset *out, st_err *err)
{
    const struct eth_node *n = node_of(pc);
    memset(out, 0, sizeof *out);
    if (name != NULL && strcasecmp(name, "ETH") == 0) {
        snprintf(out->symbol, sizeof out->symbol, "ETH");
        out->decimals = ETH_DECIMALS;
        return 0;
    }
    const struct eth_token *t = NULL;
    uint8_t a[20];
    if (name != NULL && parse_address(name, a) == 0) {
        t = token_by_address(n, a);
    } else {
        for (size_t i = 0; name != NULL && i < n->ntokens && t == NULL; i++)
            if (strcmp(n->tokens[i].symbol, name) == 0)
                t = &n->tokens[i];
    }
    if (t == NULL)
        return st_err_set(err, "unknown asset \"%.60s\" on paper chain %s (ETH, or a token configured under the "
                               "erc20 option, by symbol or contract address)",
                          name ? name : "", paper_chain_name(pc));
    snprintf(out->symbol, sizeof out->symbol, "%s", t->symbol);
    out->decimals = t->decimals;
    snprintf(out->id, sizeof out->id, "%s", t->id);
    return 0;
}

/* ---- the JSON-RPC methods ------------------------------------------------------------ */

static uint64_t block_now(struct paper_chain *pc)
{
    int64_t ms = paper_now_ms(pc);
    return ms > 0 ? (uint64_t)ms / ETH_BLOCK_MS : 0;
}

/* A block parameter: only the current state is simulated. Absent means "latest". */
static int latest_only(const char *method, const json_t *tag, st_err *err)
{
    const char *s = json_string_value(tag);
    if (tag == NULL ||
        (s && (!strcmp(s, "latest") || !strcmp(s, "pending") || !strcmp(s, "safe") || !strcmp(s, "finalized"))))
        return 0;
    return st_err_set(err, "paper eth node: %s: only the current state is simulated (block \"latest\" or "
                           "\"pending\", not %.40s)",
                      method, s ? s : "a non-string");
}

typedef json_t *(*method_fn)(struct paper_chain *pc, const char *method, const json_t *params, st_err *err);

static json_t *m_chain_id(struct paper_chain *pc, const char *method, const json_t *params, st_err *err)
{
    (void)method, (void)params, (void)err;
    return quantity_u64(node_of(pc)->chain_id);
}

static json_t *m_nonce(struct paper_chain *pc, const char *method, const json_t *params, st_err *err)
{
    uint8_t a[20];
    char who[ETH_ADDRESS_BUFSZ];
    int64_t seq;
    if (request_address(json_array_get(params, 0), "eth_getTransactionCount: address", a, who, err) != 0 ||
        latest_only(method, json_array_get(params, 1), err) != 0 || paper_account_seq(pc, who, &seq, err) != 0)
        return NULL;
    return quantity_u64((uint64_t)seq);
}

static json_t *m_balance(struct paper_chain *pc, const char *method, const json_t *params, st_err *err)
{
    uint8_t a[20], wei[32];
    char who[ETH_ADDRESS_BUFSZ];
    if (request_address(json_array_get(params, 0), "eth_getBalance: address", a, who, err) != 0 ||
        latest_only(method, json_array_get(params, 1), err) != 0 || paper_units(pc, who, "ETH", wei, err) != 0)
        return NULL;
    return quantity_json(wei);
}

static json_t *m_priority_fee(struct paper_chain *pc, const char *method, const json_t *params, st_err *err)
{
    (void)method, (void)params, (void)err;
    return quantity_json(node_of(pc)->priority_fee);
}

/* eth_feeHistory(blockCount, newestBlock, rewardPercentiles): every simulated block has the
 * configured base fee and is half full (the EIP-1559 target, so the base fee stays), and
 * every percentile of the tips paid is the configured priority fee. */
static json_t *m_fee_history(struct paper_chain *pc, const char *method, const json_t *params, st_err *err)
{
    const struct eth_node *n = node_of(pc);
    const json_t *c = json_array_get(params, 0), *newest = json_array_get(params, 1), *pct = json_array_get(params, 2);
    uint64_t count = 0, head = block_now(pc), last = head;
    uint8_t q[32];
    if (json_is_integer(c) && json_integer_value(c) > 0)
        count = (uint64_t)json_integer_value(c);
    else if (json_is_string(c) && parse_quantity(json_string_value(c), q) == 0 && units_to_u64(q, &count) != 0)
        count = 0;
    if (count == 0 || count > ETH_FEE_HISTORY_MAX) {
        st_err_set(err, "paper eth node: %s: blockCount must be 1 to %d", method, ETH_FEE_HISTORY_MAX);
        return NULL;
    }
    if (json_is_string(newest) && parse_quantity(json_string_value(newest), q) == 0) {
        if (units_to_u64(q, &last) != 0 || last > head) {
            st_err_set(err, "paper eth node: %s: block %s is in the future (the head is %" PRIu64 ")", method,
                       json_string_value(newest), head);
            return NULL;
        }
    } else if (latest_only(method, newest, err) != 0) {
        return NULL;
    }
    if (pct != NULL && !json_is_array(pct)) {
        st_err_set(err, "paper eth node: %s: rewardPercentiles must be an array", method);
        return NULL;
    }
    size_t i;
    json_t *p;
    json_array_foreach((json_t *)pct, i, p) {
        if (!json_is_number(p) || json_number_value(p) < 0 || json_number_value(p) > 100) {
            st_err_set(err, "paper eth node: %s: rewardPercentiles[%zu] must be a number from 0 to 100", method, i);
            return NULL;
        }
    }
    if (count > last + 1)
        count = last + 1;
    json_t *base = json_array(), *ratio = json_array(), *reward = json_array_size(pct) ? json_array() : NULL;
    for (uint64_t b = 0; b < count; b++) {
        json_array_append_new(base, quantity_json(n->base_fee));
        json_array_append_new(ratio, json_real(0.5));
        if (reward) {
            json_t *r = json_array();
            for (size_t k = 0; k < json_array_size(pct); k++)
                json_array_append_new(r, quantity_json(n->priority_fee));
            json_array_append_new(reward, r);
        }
    }
    json_array_append_new(base, quantity_json(n->base_fee)); /* the block after the newest */
    json_t *res = json_pack("{sososo}", "oldestBlock", quantity_u64(last + 1 - count), "baseFeePerGas", base,
                            "gasUsedRatio", ratio);
    if (res && reward)
        json_object_set_new(res, "reward", reward);
    else
        json_decref(reward);
    return res;
}

/* A call's target and data ({to, data|input, from, value}); *data is malloc'd (NULL when
 * empty). */
struct call {
    int has_from;
    uint8_t from[20];
    char from_text[ETH_ADDRESS_BUFSZ];
    uint8_t to[20];
    char to_text[ETH_ADDRESS_BUFSZ];
    uint8_t value[32];
    uint8_t *data;
    size_t data_len;
};

static int read_call(const char *method, const json_t *tx, struct call *c, st_err *err)
{
    memset(c, 0, sizeof *c);
    char what[96];
    if (!json_is_object(tx))
        return st_err_set(err, "paper eth node: %s: the first parameter must be a transaction object", method);
    const json_t *to = json_object_get(tx, "to");
    if (to == NULL || json_is_null(to))
        return st_err_set(err, "paper eth node: %s: contract creation is not simulated (no \"to\")", method);
    snprintf(what, sizeof what, "%s: to", method);
    if (request_address(to, what, c->to, c->to_text, err) != 0)
        return -1;
    const json_t *from = json_object_get(tx, "from");
    if (from != NULL) {
        snprintf(what, sizeof what, "%s: from", method);
        if (request_address(from, what, c->from, c->from_text, err) != 0)
            return -1;
        c->has_from = 1;
    }
    const json_t *v = json_object_get(tx, "value");
    if (v != NULL && parse_quantity(json_string_value(v), c->value) != 0)
        return st_err_set(err, "%s: value: not a hex quantity", method);
    const json_t *d = json_object_get(tx, "input");
    if (d == NULL)
        d = json_object_get(tx, "data");
    const char *ds = json_string_value(d);
    if (d != NULL) {
        size_t len = ds ? strlen(ds) : 0;
        if (len < 2 || ds[0] != '0' || ds[1] != 'x' || len % 2 != 0 || (len > 2 && !hex_all_digits(ds + 2, len - 2)))
            return st_err_set(err, "%s: data: not hex data (0x and an even number of hex digits)", method);
        c->data_len = (len - 2) / 2;
        if (c->data_len > 0) {
            c->data = malloc(c->data_len);
            if (c->data == NULL || hex_decode_n(c->data, c->data_len, ds + 2, len - 2) != 0) {
                free(c->data);
                c->data = NULL;
                return st_err_set(err, "%s: out of memory", method);
            }
        }
    }
    return 0;
}

/* The address in an ABI word (12 zero bytes, then 20), or -1. */
static int word_address(const uint8_t w[32], uint8_t out[20])
{
    static const uint8_t zero[12];
    if (memcmp(w, zero, 12) != 0)
        return -1;
    memcpy(out, w + 12, 20);
    return 0;
}

static json_t *m_estimate_gas(struct paper_chain *pc, const char *method, const json_t *params, st_err *err)
{
    const struct eth_node *n = node_of(pc);
    struct call c;
    json_t *res = NULL;
    if (read_call(method, json_array_get(params, 0), &c, err) != 0 ||
        latest_only(method, json_array_get(params, 1), err) != 0)
        goto out;
    uint8_t have[32];
    if (c.data_len == 0) { /* a plain transfer */
        if (c.has_from && (paper_units(pc, c.from_text, "ETH", have, err) != 0 || units_cmp(have, c.value) < 0)) {
            st_err_set(err, "insufficient funds for transfer (%s holds less ETH than the value)", c.from_text);
            goto out;
        }
        res = quantity_u64(ETH_TRANSFER_GAS);
        goto out;
    }
    const struct eth_token *t = token_by_address(n, c.to);
    if (t == NULL) {
        st_err_set(err, "paper eth node: %s: %s is not a contract on this paper chain (the only contracts are the "
                        "ERC-20 tokens configured under erc20)",
                   method, c.to_text);
        goto out;
    }
    uint8_t recipient[20], zero[32] = {0};
    if (c.data_len != 68 || memcmp(c.data, SEL_TRANSFER, 4) != 0 || word_address(c.data + 4, recipient) != 0) {
        st_err_set(err, "paper eth node: %s: only transfer(address,uint256) is simulated on the token %s", method,
                   t->symbol);
        goto out;
    }
    if (units_cmp(c.value, zero) != 0) {
        st_err_set(err, "execution reverted: %s does not accept ETH", t->symbol);
        goto out;
    }
    if (memcmp(recipient, zero, 20) == 0) {
        st_err_set(err, "execution reverted: ERC20: transfer to the zero address");
        goto out;
    }
    if (c.has_from &&
        (paper_units(pc, c.from_text, t->symbol, have, err) != 0 || units_cmp(have, c.data + 36) < 0)) {
        st_err_set(err, "execution reverted: ERC20: transfer amount exceeds balance");
        goto out;
    }
    res = quantity_u64(n->erc20_gas);
out:
    free(c.data);
    return res;
}

static json_t *m_call(struct paper_chain *pc, const char *method, const json_t *params, st_err *err)
{
    const struct eth_node *n = node_of(pc);
    struct call c;
    json_t *res = NULL;
    if (read_call(method, json_array_get(params, 0), &c, err) != 0 ||
        latest_only(method, json_array_get(params, 1), err) != 0)
        goto out;
    const struct eth_token *t = token_by_address(n, c.to);
    if (t == NULL) { /* no code at that address: the call returns nothing */
        res = json_string("0x");
        goto out;
    }
    uint8_t w[32] = {0}, who[20];
    char owner[ETH_ADDRESS_BUFSZ];
    if (c.data_len == 36 && memcmp(c.data, SEL_BALANCE_OF, 4) == 0 && word_address(c.data + 4, who) == 0) {
        eth_address_checksum(who, owner);
        if (paper_units(pc, owner, t->symbol, w, err) != 0)
            goto out;
    } else if (c.data_len == 4 && memcmp(c.data, SEL_DECIMALS, 4) == 0) {
        w[31] = (uint8_t)t->decimals;
    } else {
        st_err_set(err, "paper eth node: %s: only balanceOf(address) and decimals() are simulated on the token %s",
                   method, t->symbol);
        goto out;
    }
    res = word_json(w);
out:
    free(c.data);
    return res;
}

static json_t *m_send_raw(struct paper_chain *pc, const char *method, const json_t *params, st_err *err)
{
    const char *raw = json_string_value(json_array_get(params, 0));
    size_t len = raw ? strlen(raw) : 0;
    if (len < 4 || raw[0] != '0' || raw[1] != 'x' || len % 2 != 0 || !hex_all_digits(raw + 2, len - 2)) {
        st_err_set(err, "paper eth node: %s: the transaction is not hex data (0x and an even number of hex digits)",
                   method);
        return NULL;
    }
    char txid[128];
    if (paper_submit(pc, raw, txid, sizeof txid, err) != 0)
        return NULL;
    return json_string(txid);
}

/* What the plugin described when steward registered the applied transaction `txid`
 * (paper_pending), as a new reference, or NULL. */
static json_t *applied_description(struct paper_chain *pc, const char *txid, st_err *err)
{
    sqlite3 *db = store_db(paper_store(pc));
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db,
                           "SELECT description FROM paper_pending WHERE chain = ? AND txid = ? AND applied = 1 LIMIT 1",
                           -1, &st, NULL) != SQLITE_OK) {
        st_err_set(err, "paper %s: %s", paper_chain_name(pc), sqlite3_errmsg(db));
        return NULL;
    }
    sqlite3_bind_text(st, 1, paper_chain_name(pc), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, txid, -1, SQLITE_STATIC);
    json_t *d = NULL;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        d = json_loads((const char *)sqlite3_column_text(st, 0), 0, NULL);
    else if (rc != SQLITE_DONE)
        st_err_set(err, "paper %s: %s", paper_chain_name(pc), sqlite3_errmsg(db));
    sqlite3_finalize(st);
    if (d == NULL && !err->set)
        st_err_set(err, "paper %s: the ledger applied %s but holds no description of it", paper_chain_name(pc), txid);
    return d;
}

/* null while the ledger has not applied the transaction; then a successful receipt in the
 * block of the time it was applied. The ledger debits the described fee_max, that is
 * gas_limit x max_fee_per_gas, so that is what gasUsed and effectiveGasPrice say. */
static json_t *m_receipt(struct paper_chain *pc, const char *method, const json_t *params, st_err *err)
{
    const char *h = json_string_value(json_array_get(params, 0));
    if (h == NULL || strlen(h) != 66 || h[0] != '0' || h[1] != 'x' || !hex_all_digits(h + 2, 64)) {
        st_err_set(err, "paper eth node: %s: the transaction hash must be 0x and 64 hex digits", method);
        return NULL;
    }
    char txid[67];
    for (size_t i = 0; i < 67; i++)
        txid[i] = (char)(h[i] >= 'A' && h[i] <= 'F' ? h[i] - 'A' + 'a' : h[i]);
    int applied = 0;
    int64_t ts = 0;
    if (paper_tx_applied(pc, txid, &applied, &ts, err) != 0)
        return NULL;
    if (!applied)
        return json_null();
    json_t *d = applied_description(pc, txid, err);
    if (d == NULL)
        return NULL;
    uint64_t gas = 0;
    uint8_t price[32] = {0};
    const json_t *g = json_object_get(d, "gas_limit");
    const char *mf = json_string_value(json_object_get(d, "max_fee_per_gas"));
    const char *from = json_string_value(json_object_get(d, "from"));
    const char *to = json_string_value(json_object_get(d, "contract"));
    if (to == NULL)
        to = json_string_value(json_object_get(d, "to"));
    if (!json_is_integer(g) || json_integer_value(g) <= 0 || mf == NULL || units_from_string(mf, price) != 0) {
        json_decref(d);
        st_err_set(err, "paper %s: the description of %s lacks gas_limit or max_fee_per_gas", paper_chain_name(pc),
                   txid);
        return NULL;
    }
    gas = (uint64_t)json_integer_value(g);
    const char *type = json_string_value(json_object_get(d, "tx_type"));
    json_t *r = json_pack("{ss so so ss so so so ss? ss? so s[] sn}", "transactionHash", txid, "blockNumber",
                          quantity_u64(ts > 0 ? (uint64_t)ts / ETH_BLOCK_MS : 0), "transactionIndex", quantity_u64(0),
                          "status", "0x1", "gasUsed", quantity_u64(gas), "cumulativeGasUsed", quantity_u64(gas),
                          "effectiveGasPrice", quantity_json(price), "from", from, "to", to, "type",
                          quantity_u64(type && strcmp(type, "legacy") == 0 ? 0 : 2), "logs", "contractAddress");
    json_decref(d);
    if (r == NULL)
        st_err_set(err, "paper %s: out of memory", paper_chain_name(pc));
    return r;
}

static const struct {
    const char *name;
    method_fn fn;
} methods[] = {
    {"eth_chainId", m_chain_id},
    {"eth_getTransactionCount", m_nonce},
    {"eth_feeHistory", m_fee_history},
    {"eth_maxPriorityFeePerGas", m_priority_fee},
    {"eth_estimateGas", m_estimate_gas},
    {"eth_getBalance", m_balance},
    {"eth_call", m_call},
    {"eth_sendRawTransaction", m_send_raw},
    {"eth_getTransactionReceipt", m_receipt},
};

static int eth_rpc(struct paper_chain *pc, const char *method, const char *params_json, char **result_json,
                   st_err *err)
{
    *result_json = NULL;
    method_fn fn = NULL;
    for (size_t i = 0; i < sizeof methods / sizeof methods[0] && fn == NULL; i++)
        if (strcmp(methods[i].name, method) == 0)
            fn = methods[i].fn;
    if (fn == NULL)
        return st_err_set(err, "paper %s node: method %.80s is not simulated", paper_chain_name(pc), method);
    json_t *params = json_loads(params_json, JSON_DECODE_ANY, NULL);
    if (!json_is_array(params)) {
        json_decref(params);
        return st_err_set(err, "paper %s node: %s: params must be a JSON array", paper_chain_name(pc), method);
    }
    json_t *res = fn(pc, method, params, err);
    json_decref(params);
    if (res == NULL)
        return -1;
    *result_json = json_dumps(res, JSON_COMPACT | JSON_ENCODE_ANY);
    json_decref(res);
    if (*result_json == NULL)
        return st_err_set(err, "paper %s node: out of memory", paper_chain_name(pc));
    return 0;
}

const struct paper_node_ops paper_eth_node = {
    .family = "eth",
    .native = "ETH",
    .native_decimals = ETH_DECIMALS,
    .default_opening = "10",
    .init = eth_init,
    .free = eth_free,
    .asset = eth_asset,
    .rpc = eth_rpc,
    .http = NULL,
};
