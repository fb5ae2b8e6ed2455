#include "util/hex.h"

#include <sodium.h>
#include <string.h>

void hex_encode(char *out, const uint8_t *in, size_t len)
{
    sodium_bin2hex(out, 2 * len + 1, in, len);
}

int hex_decode_n(uint8_t *out, size_t len, const char *hex, size_t hexlen)
{
    size_t got = 0;
    const char *end = NULL;
    if (hexlen != 2 * len)
        return -1;
    /* sodium_hex2bin stops at the first non-hex character; demand it consumed everything. */
    if (sodium_hex2bin(out, len, hex, hexlen, NULL, &got, &end) != 0 || got != len || end != hex + hexlen)
        return -1;
    return 0;
}

static const char *skip_0x(const char *hex)
{
    return (hex[0] == '0' && (hex[1] == 'x' || hex[1] == 'X')) ? hex + 2 : hex;
}

int hex_decode(uint8_t *out, size_t len, const char *hex)
{
    hex = skip_0x(hex);
    return hex_decode_n(out, len, hex, strlen(hex));
}

int hex_decode_any(uint8_t *out, size_t cap, size_t *outlen, const char *hex)
{
    hex = skip_0x(hex);
    size_t n = strlen(hex);
    if (n % 2 != 0 || n / 2 > cap || hex_decode_n(out, n / 2, hex, n) != 0)
        return -1;
    *outlen = n / 2;
    return 0;
}

int hex_all_digits(const char *s, size_t n)
{
    if (n == 0)
        return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i] | 0x20;
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            return 0;
    }
    return 1;
}
