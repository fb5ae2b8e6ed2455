/* bech32.c: Bech32/Bech32m and segwit addresses (see bech32.h), written from BIP-173 and
 * BIP-350. */
#include "crypto/bech32.h"

#include <string.h>
#include <strings.h>

static const char charset[] = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";

static uint32_t variant_const(bech32_variant v)
{
    return v == BECH32_VARIANT_BECH32M ? 0x2bc830a3u : 1u;
}

/* The BCH code's generator, as BIP-173 defines it over GF(32). */
static uint32_t polymod_step(uint32_t pre)
{
    uint32_t b = pre >> 25;
    return ((pre & 0x1ffffff) << 5) ^ (-((b >> 0) & 1) & 0x3b6a57b2u) ^
           (-((b >> 1) & 1) & 0x26508e6du) ^ (-((b >> 2) & 1) & 0x1ea119fau) ^
           (-((b >> 3) & 1) & 0x3d4233ddu) ^ (-((b >> 4) & 1) & 0x2a1462b3u);
}

/* polymod over the expanded HRP (high bits, a zero, low bits) followed by `data`. The HRP
 * must already be lower case. */
static uint32_t polymod(const char *hrp, size_t hrplen, const uint8_t *data, size_t datalen)
{
    uint32_t chk = 1;
    for (size_t i = 0; i < hrplen; i++)
        chk = polymod_step(chk) ^ ((uint8_t)hrp[i] >> 5);
    chk = polymod_step(chk);
    for (size_t i = 0; i < hrplen; i++)
        chk = polymod_step(chk) ^ ((uint8_t)hrp[i] & 31);
    for (size_t i = 0; i < datalen; i++)
        chk = polymod_step(chk) ^ data[i];
    return chk;
}

int bech32_encode(char *out, size_t cap, const char *hrp, const uint8_t *data, size_t datalen,
                  bech32_variant variant, st_err *err)
{
    if (cap > 0)
        out[0] = '\0';
    size_t hrplen = strlen(hrp);
    if (hrplen < 1 || hrplen > BECH32_MAX_HRP)
        return st_err_set(err, "bech32: HRP must have 1 to %d characters", BECH32_MAX_HRP);
    for (size_t i = 0; i < hrplen; i++) {
        unsigned char c = (unsigned char)hrp[i];
        if (c < 33 || c > 126 || (c >= 'A' && c <= 'Z'))
            return st_err_set(err, "bech32: HRP character %zu is not allowed", i + 1);
    }
    size_t total = hrplen + 1 + datalen + 6;
    if (total > BECH32_MAX_LEN)
        return st_err_set(err, "bech32: %zu characters; at most %d", total, BECH32_MAX_LEN);
    if (total + 1 > cap)
        return st_err_set(err, "bech32: output needs %zu bytes, buffer has %zu", total + 1, cap);

    uint8_t values[BECH32_MAX_LEN + 6];
    for (size_t i = 0; i < datalen; i++) {
        if (data[i] > 31)
            return st_err_set(err, "bech32: data value %zu is %u; at most 31", i, data[i]);
        values[i] = data[i];
    }
    memset(values + datalen, 0, 6);
    uint32_t mod = polymod(hrp, hrplen, values, datalen + 6) ^ variant_const(variant);

    char *p = out;
    memcpy(p, hrp, hrplen);
    p += hrplen;
    *p++ = '1';
    for (size_t i = 0; i < datalen; i++)
        *p++ = charset[data[i]];
    for (int i = 0; i < 6; i++)
        *p++ = charset[(mod >> (5 * (5 - i))) & 31];
    *p = '\0';
    return 0;
}

int bech32_decode(const char *str, char *hrp, size_t hrpcap, uint8_t *data, size_t datacap,
                  size_t *datalen, bech32_variant *variant, st_err *err)
{
    size_t len = strnlen(str, BECH32_MAX_LEN + 1);
    if (len > BECH32_MAX_LEN)
        return st_err_set(err, "bech32: longer than %d characters", BECH32_MAX_LEN);
    int lower = 0, upper = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)str[i];
        if (c < 33 || c > 126)
            return st_err_set(err, "bech32: character %zu is outside the printable ASCII range", i + 1);
        lower |= c >= 'a' && c <= 'z';
        upper |= c >= 'A' && c <= 'Z';
    }
    if (lower && upper)
        return st_err_set(err, "bech32: mixed upper and lower case");

    const char *sep = strrchr(str, '1');
    if (sep == NULL)
        return st_err_set(err, "bech32: no separator '1'");
    size_t hrplen = (size_t)(sep - str), dlen = len - hrplen - 1;
    if (hrplen == 0)
        return st_err_set(err, "bech32: empty human-readable part");
    if (dlen < 6)
        return st_err_set(err, "bech32: checksum too short (%zu data characters; at least 6)", dlen);
    if (hrplen + 1 > hrpcap || dlen - 6 > datacap)
        return st_err_set(err, "bech32: output buffers too small");

    uint8_t values[BECH32_MAX_LEN];
    for (size_t i = 0; i < dlen; i++) {
        unsigned char c = (unsigned char)sep[1 + i];
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c - 'A' + 'a');
        const char *p = strchr(charset, c);
        if (p == NULL)
            return st_err_set(err, "bech32: character %zu is not a bech32 data character",
                              hrplen + 2 + i);
        values[i] = (uint8_t)(p - charset);
    }
    for (size_t i = 0; i < hrplen; i++) {
        char c = str[i];
        hrp[i] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
    }
    hrp[hrplen] = '\0';

    uint32_t mod = polymod(hrp, hrplen, values, dlen);
    if (mod == variant_const(BECH32_VARIANT_BECH32))
        *variant = BECH32_VARIANT_BECH32;
    else if (mod == variant_const(BECH32_VARIANT_BECH32M))
        *variant = BECH32_VARIANT_BECH32M;
    else
        return st_err_set(err, "bech32: checksum mismatch");
    memcpy(data, values, dlen - 6);
    *datalen = dlen - 6;
    return 0;
}

/* Regroups bits: `frombits`-bit values to `tobits`-bit values, big-endian. When `pad`,
 * the last group is zero-padded (encoding); otherwise (decoding) leftover bits must be
 * fewer than `frombits` and all zero, as BIP-173 requires. Returns -1 on a violation. */
static int convert_bits(uint8_t *out, size_t cap, size_t *outlen, int tobits, const uint8_t *in,
                        size_t inlen, int frombits, int pad)
{
    uint32_t acc = 0, maxv = (1u << tobits) - 1;
    int bits = 0;
    size_t n = 0;
    for (size_t i = 0; i < inlen; i++) {
        acc = (acc << frombits) | in[i];
        bits += frombits;
        while (bits >= tobits) {
            bits -= tobits;
            if (n >= cap)
                return -1;
            out[n++] = (uint8_t)((acc >> bits) & maxv);
        }
    }
    if (pad) {
        if (bits > 0) {
            if (n >= cap)
                return -1;
            out[n++] = (uint8_t)((acc << (tobits - bits)) & maxv);
        }
    } else if (bits >= frombits || ((acc << (tobits - bits)) & maxv) != 0) {
        return -1;
    }
    *outlen = n;
    return 0;
}

int segwit_addr_encode(char *out, size_t cap, const char *hrp, int witver, const uint8_t *prog,
                       size_t proglen, st_err *err)
{
    if (cap > 0)
        out[0] = '\0';
    if (witver < 0 || witver > 16)
        return st_err_set(err, "segwit: witness version %d; must be 0..16", witver);
    if (proglen < 2 || proglen > SEGWIT_PROGRAM_MAX)
        return st_err_set(err, "segwit: program of %zu bytes; must be 2..40", proglen);
    if (witver == 0 && proglen != 20 && proglen != 32)
        return st_err_set(err, "segwit: v0 program of %zu bytes; must be 20 or 32", proglen);
    uint8_t data[1 + (SEGWIT_PROGRAM_MAX * 8 + 4) / 5];
    size_t n = 0;
    data[0] = (uint8_t)witver;
    if (convert_bits(data + 1, sizeof data - 1, &n, 5, prog, proglen, 8, 1) != 0)
        return st_err_set(err, "segwit: program conversion failed");
    return bech32_encode(out, cap, hrp, data, n + 1,
                         witver == 0 ? BECH32_VARIANT_BECH32 : BECH32_VARIANT_BECH32M, err);
}

int segwit_addr_decode(const char *addr, const char *hrp, int *witver,
                       uint8_t prog[SEGWIT_PROGRAM_MAX], size_t *proglen, st_err *err)
{
    char got_hrp[BECH32_MAX_HRP + 1];
    uint8_t data[BECH32_MAX_LEN];
    size_t dlen = 0, n = 0;
    bech32_variant v;
    if (bech32_decode(addr, got_hrp, sizeof got_hrp, data, sizeof data, &dlen, &v, err) != 0)
        return -1;
    if (strcasecmp(got_hrp, hrp) != 0)
        return st_err_set(err, "segwit: address is for \"%s\", expected \"%s\"", got_hrp, hrp);
    if (dlen < 1)
        return st_err_set(err, "segwit: empty data section (no witness version)");
    if (data[0] > 16)
        return st_err_set(err, "segwit: witness version %u; must be 0..16", data[0]);
    if (data[0] == 0 && v != BECH32_VARIANT_BECH32)
        return st_err_set(err, "segwit: v0 address must use a Bech32 checksum, not Bech32m");
    if (data[0] != 0 && v != BECH32_VARIANT_BECH32M)
        return st_err_set(err, "segwit: v%u address must use a Bech32m checksum, not Bech32", data[0]);
    /* Convert into a buffer big enough for any 90-character string, so that an over-long
     * program is reported with its length rather than as a conversion failure. */
    uint8_t bytes[BECH32_MAX_LEN];
    if (convert_bits(bytes, sizeof bytes, &n, 8, data + 1, dlen - 1, 5, 0) != 0)
        return st_err_set(err, "segwit: more than 4 bits of padding, or non-zero padding");
    if (n < 2 || n > SEGWIT_PROGRAM_MAX)
        return st_err_set(err, "segwit: program of %zu bytes; must be 2..40", n);
    if (data[0] == 0 && n != 20 && n != 32)
        return st_err_set(err, "segwit: v0 program of %zu bytes; must be 20 or 32", n);
    memcpy(prog, bytes, n);
    *witver = data[0];
    *proglen = n;
    return 0;
}
