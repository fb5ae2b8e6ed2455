/* ops_message.c: off-chain signatures through the plugin ABI (ops.h): EIP-191
 * personal_sign and EIP-712 typed data. No RPC is made. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/addresses.h"
#include "eip191.h"
#include "eip712.h"
#include "intent.h"
#include "ops.h"
#include "ops_common.h"

/* The digest an off-chain intent asks to sign. */
static int message_digest(const struct eth_state *s, const struct eth_intent *in, uint8_t digest[32], st_err *err)
{
    switch (in->kind) {
    case ETH_INTENT_PERSONAL_SIGN:
        return eip191_personal_hash(in->message, in->message_len, digest, err);
    case ETH_INTENT_TYPED_DATA:
        return eip712_hash(in->typed_data, s->opt.chain_id, digest, NULL, NULL, err);
    default:
        return st_err_set(err, "intent: kind: sign_message signs \"message\" (personal_sign) and \"typed_data\"; "
                          "transfers and calls are built with build");
    }
}

int eth_op_sign_message(void *state, const struct stw_account *from, const char *intent_json,
                        struct stw_sign_cap *cap, char **signature_json, char err[STW_ERR_MAX])
{
    struct eth_state *s = state;
    st_err e = {0};
    struct eth_intent in;
    uint8_t addr[20], digest[32], sig[65];
    if (eth_intent_parse(intent_json, &s->opt, &in, &e) != 0)
        return eth_fail(err, &e);
    const char *kind = in.kind == ETH_INTENT_TYPED_DATA ? "typed_data" : "personal_sign";
    int rc = -1;
    if (message_digest(s, &in, digest, &e) == 0 && eth_account_address(from, addr, &e) == 0 &&
        eth_sign_digest(s->host, cap, from, digest, sig, &e) == 0)
        rc = 0;
    eth_intent_free(&in);
    if (rc != 0)
        return eth_fail(err, &e);
    sig[64] = (uint8_t)(27 + sig[64]); /* v as wallets return it */
    char sighex[2 * 65 + 3], dighex[67], addrtext[ETH_ADDRESS_BUFSZ];
    eth_hex0x(sighex, sig, 65);
    eth_hex0x(dighex, digest, 32);
    eth_address_checksum(addr, addrtext);
    json_t *j = json_pack("{ssssssss}", "signature", sighex, "digest", dighex, "address", addrtext, "kind", kind);
    char *text = j ? json_dumps(j, JSON_COMPACT) : NULL;
    json_decref(j);
    if (text == NULL)
        return eth_fail_msg(err, "sign_message: out of memory");
    *signature_json = eth_host_strdup(s->host, text);
    free(text);
    return 0;
}
