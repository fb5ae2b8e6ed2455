/* paper_btc_addr.c: Bitcoin addresses to scriptPubKeys (see paper_btc_addr.h), on top of
 * core/crypto's segwit and base58check decoders. */
#include "paper/paper_btc_addr.h"

#include <string.h>

#include "crypto/base58.h"
#include "crypto/bech32.h"

static const struct paper_btc_net nets[] = {
    /* Bitcoin Core's chainparams: bech32 HRP and base58 versions per network. */
    {"mainnet", "bc", 0x00, 0x05},
    {"testnet", "tb", 0x6f, 0xc4},
    {"signet", "tb", 0x6f, 0xc4},
    {"regtest", "bcrt", 0x6f, 0xc4},
};

const struct paper_btc_net *paper_btc_net_by_name(const char *name)
{
    for (size_t i = 0; name && i < sizeof nets / sizeof nets[0]; i++)
        if (strcmp(nets[i].name, name) == 0)
            return &nets[i];
    return NULL;
}

int paper_btc_address_script(const struct paper_btc_net *net, const char *addr, uint8_t script[PAPER_BTC_SCRIPT_MAX],
                             size_t *len, st_err *err)
{
    *len = 0;
    size_t h = strlen(net->hrp), n = strlen(addr);
    int bech = n > h && addr[h] == '1';
    for (size_t i = 0; bech && i < h; i++)
        bech = (addr[i] | 0x20) == net->hrp[i];
    st_err e = {0};
    if (bech) {
        int version = 0;
        uint8_t prog[SEGWIT_PROGRAM_MAX];
        size_t plen = 0;
        if (segwit_addr_decode(addr, net->hrp, &version, prog, &plen, &e) != 0)
            return st_err_set(err, "\"%.100s\" is not a valid %s address: %s", addr, net->name, e.msg);
        script[0] = version == 0 ? 0x00 : (uint8_t)(0x50 + version); /* OP_0, OP_1..OP_16 */
        script[1] = (uint8_t)plen;
        memcpy(script + 2, prog, plen);
        *len = 2 + plen;
        return 0;
    }
    static const char *const prefixes[] = {"bc1", "tb1", "bcrt1"};
    for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++) {
        size_t k = strlen(prefixes[i]), j = 0;
        while (j < k && j < n && (addr[j] | 0x20) == prefixes[i][j])
            j++;
        if (j == k)
            return st_err_set(err, "\"%.100s\" is not a %s address (its prefix is %s, %s's is %s1)", addr, net->name,
                              prefixes[i], net->name, net->hrp);
    }
    /* version || 20-byte hash; the buffer is one byte larger so that a longer payload decodes
     * and is refused by its length rather than as a base58 error. */
    uint8_t raw[22];
    size_t rlen = 0;
    if (base58check_decode(addr, raw, sizeof raw, &rlen, &e) != 0)
        return st_err_set(err, "\"%.100s\" is not a valid %s address (neither %s1... bech32 nor base58check: %s)",
                          addr, net->name, net->hrp, e.msg);
    if (rlen != 21)
        return st_err_set(err, "\"%.100s\" is not a valid %s address: base58 payload of %zu bytes, not 21", addr,
                          net->name, rlen);
    if (raw[0] == net->p2pkh) { /* OP_DUP OP_HASH160 <20> OP_EQUALVERIFY OP_CHECKSIG */
        script[0] = 0x76;
        script[1] = 0xa9;
        script[2] = 0x14;
        memcpy(script + 3, raw + 1, 20);
        script[23] = 0x88;
        script[24] = 0xac;
        *len = 25;
        return 0;
    }
    if (raw[0] == net->p2sh) { /* OP_HASH160 <20> OP_EQUAL */
        script[0] = 0xa9;
        script[1] = 0x14;
        memcpy(script + 2, raw + 1, 20);
        script[22] = 0x87;
        *len = 23;
        return 0;
    }
    return st_err_set(err, "\"%.100s\" is not a %s address: base58 version 0x%02x belongs to another network", addr,
                      net->name, raw[0]);
}
