/* btc_script.c: addresses to scriptPubKeys, dust limits (see btc_script.h). */
#include "btc_script.h"

#include <string.h>
#include <strings.h>

#include "btc_buf.h"
#include "crypto/base58.h"
#include "crypto/bech32.h"

const char *btc_script_type_name(enum btc_script_type t)
{
    switch (t) {
    case BTC_P2WPKH: return "p2wpkh";
    case BTC_P2WSH: return "p2wsh";
    case BTC_P2TR: return "p2tr";
    case BTC_P2PKH: return "p2pkh";
    case BTC_P2SH: return "p2sh";
    }
    return "?";
}

void btc_p2tr_script(const uint8_t output_key[32], uint8_t script[34])
{
    script[0] = 0x51; /* OP_1 */
    script[1] = 0x20; /* push 32 */
    memcpy(script + 2, output_key, 32);
}

/* A bech32 address starts with its HRP and "1"; base58 has no '1' after the first
 * character run that could be confused, so "hrp1" at the start, case-insensitively, decides. */
static int looks_bech32(const struct btc_network *net, const char *addr)
{
    size_t h = strlen(net->hrp);
    if (strlen(addr) <= h || addr[h] != '1')
        return 0;
    for (size_t i = 0; i < h; i++) {
        char c = addr[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c != net->hrp[i])
            return 0;
    }
    return 1;
}

static int segwit_script(const struct btc_network *net, const char *addr, uint8_t script[BTC_SCRIPT_MAX],
                         size_t *len, enum btc_script_type *type, st_err *err)
{
    int ver;
    uint8_t prog[SEGWIT_PROGRAM_MAX];
    size_t plen;
    st_err e = { 0 };
    if (segwit_addr_decode(addr, net->hrp, &ver, prog, &plen, &e) != 0)
        return st_err_set(err, "\"%.100s\" is not a valid %s address: %s", addr, net->name, e.msg);
    if (ver == 0 && plen == 20)
        *type = BTC_P2WPKH;
    else if (ver == 0 && plen == 32)
        *type = BTC_P2WSH;
    else if (ver == 1 && plen == 32)
        *type = BTC_P2TR;
    else
        return st_err_set(err, "\"%.100s\" is a segwit v%d address with a %zu-byte program, which is not supported "
                          "(only P2WPKH, P2WSH and P2TR)", addr, ver, plen);
    script[0] = ver == 0 ? 0x00 : (uint8_t)(0x50 + ver);
    script[1] = (uint8_t)plen;
    memcpy(script + 2, prog, plen);
    *len = 2 + plen;
    return 0;
}

static int base58_script(const struct btc_network *net, const char *addr, uint8_t script[BTC_SCRIPT_MAX],
                         size_t *len, enum btc_script_type *type, st_err *err)
{
    uint8_t payload[64];
    size_t n;
    st_err e = { 0 };
    if (strlen(addr) > 40 || base58check_decode(addr, payload, sizeof payload, &n, &e) != 0)
        return st_err_set(err, "\"%.100s\" is not a valid %s address (neither %s1... bech32 nor base58check%s%s)",
                          addr, net->name, net->hrp, e.set ? ": " : "", e.set ? e.msg : "");
    if (n != 21)
        return st_err_set(err, "\"%.100s\" is not a valid %s address: base58 payload of %zu bytes, not 21",
                          addr, net->name, n);
    if (payload[0] == net->p2pkh_version) {
        static const uint8_t pre[3] = { 0x76, 0xa9, 0x14 }; /* OP_DUP OP_HASH160 push20 */
        memcpy(script, pre, 3);
        memcpy(script + 3, payload + 1, 20);
        script[23] = 0x88; /* OP_EQUALVERIFY */
        script[24] = 0xac; /* OP_CHECKSIG */
        *len = 25;
        *type = BTC_P2PKH;
        return 0;
    }
    if (payload[0] == net->p2sh_version) {
        script[0] = 0xa9; /* OP_HASH160 */
        script[1] = 0x14;
        memcpy(script + 2, payload + 1, 20);
        script[22] = 0x87; /* OP_EQUAL */
        *len = 23;
        *type = BTC_P2SH;
        return 0;
    }
    return st_err_set(err, "\"%.100s\" is not a %s address: base58 version 0x%02x is for another network",
                      addr, net->name, payload[0]);
}

int btc_address_to_script(const struct btc_network *net, const char *addr, uint8_t script[BTC_SCRIPT_MAX],
                          size_t *len, enum btc_script_type *type, st_err *err)
{
    *len = 0;
    if (looks_bech32(net, addr))
        return segwit_script(net, addr, script, len, type, err);
    /* Another network's bech32 prefix gets a precise message instead of a base58 error. */
    static const char *const hrps[] = { "bc1", "tb1", "bcrt1" };
    for (size_t i = 0; i < 3; i++)
        if (strncasecmp(addr, hrps[i], strlen(hrps[i])) == 0)
            return st_err_set(err, "\"%.100s\" is not a %s address (expected the prefix %s1)", addr, net->name, net->hrp);
    return base58_script(net, addr, script, len, type, err);
}

int btc_is_witness_program(const uint8_t *script, size_t len)
{
    if (len < 4 || len > 42)
        return 0;
    if (script[0] != 0x00 && !(script[0] >= 0x51 && script[0] <= 0x60))
        return 0;
    return script[1] == len - 2;
}

uint64_t btc_dust_limit(const uint8_t *script, size_t len)
{
    uint64_t size = 8 + btc_compact_size_len(len) + len;
    size += btc_is_witness_program(script, len) ? 32 + 4 + 1 + 107 / 4 + 4 : 32 + 4 + 1 + 107 + 4;
    return size * 3000 / 1000;
}
