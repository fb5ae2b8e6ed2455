/* ops_balance.c: balances through the plugin ABI (ops.h): ETH by eth_getBalance, ERC-20
 * tokens by eth_call of balanceOf (and decimals() for a token that is not configured). */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "abi.h"
#include "ethaddr.h"
#include "node.h"
#include "ops.h"
#include "ops_common.h"
#include "util/decimal.h"

/* The decimals of a token contract, by calling decimals(). */
static int token_decimals(struct eth_state *s, const uint8_t contract[20], unsigned *decimals, st_err *err)
{
    uint8_t data[ERC20_DECIMALS_CALLDATA_LEN], *out;
    size_t n;
    erc20_decimals_calldata(data);
    if (eth_node_call(s->host, contract, data, sizeof data, &out, &n, err) != 0)
        return -1;
    if (n != 32) {
        free(out);
        return st_err_set(err, "eth_call decimals(): answered %zu bytes, not one 32-byte word", n);
    }
    u256 v = u256_from_be(out);
    uint64_t d;
    free(out);
    if (u256_to_u64(&v, &d) != 0 || d > ETH_DECIMALS_MAX)
        return st_err_set(err, "eth_call decimals(): the token answered more than %d decimals", ETH_DECIMALS_MAX);
    *decimals = (unsigned)d;
    return 0;
}

int eth_op_balance(void *state, const char *address, const char *asset, char **amount, char err[STW_ERR_MAX])
{
    struct eth_state *s = state;
    st_err e = {0};
    uint8_t who[20];
    char text[DECIMAL_MAX_TEXT];
    if (eth_address_parse(address, who, "balance: address", &e) != 0)
        return eth_fail(err, &e);
    if (asset == NULL || strcasecmp(asset, "ETH") == 0) {
        u256 wei;
        if (eth_node_balance(s->host, who, &wei, &e) != 0)
            return eth_fail(err, &e);
        eth_u256_display(&wei, 18, text, sizeof text);
        *amount = eth_host_strdup(s->host, text);
        return 0;
    }
    uint8_t contract[20];
    unsigned decimals = 0;
    const struct eth_token *t;
    if (asset[0] == '0' && asset[1] == 'x') {
        if (eth_address_parse(asset, contract, "balance: asset", &e) != 0)
            return eth_fail(err, &e);
        t = eth_options_token_by_address(&s->opt, contract);
        if (t != NULL)
            decimals = t->decimals;
        else if (token_decimals(s, contract, &decimals, &e) != 0)
            return eth_fail(err, &e);
    } else if ((t = eth_options_token_by_symbol(&s->opt, asset)) != NULL) {
        memcpy(contract, t->address, 20);
        decimals = t->decimals;
    } else {
        st_err_set(&e, "balance: unknown token \"%.40s\" (configure it under erc20, or give the contract "
                   "address)", asset);
        return eth_fail(err, &e);
    }
    uint8_t data[ERC20_BALANCEOF_CALLDATA_LEN], *out;
    size_t n;
    erc20_balanceof_calldata(who, data);
    if (eth_node_call(s->host, contract, data, sizeof data, &out, &n, &e) != 0)
        return eth_fail(err, &e);
    if (n != 32) {
        free(out);
        st_err_set(&e, "eth_call balanceOf: answered %zu bytes, not one 32-byte word (is %.60s an ERC-20 "
                   "contract?)", n, asset);
        return eth_fail(err, &e);
    }
    units_to_decimal(out, decimals, text, sizeof text);
    free(out);
    *amount = eth_host_strdup(s->host, text);
    return 0;
}
