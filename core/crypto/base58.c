/* base58.c: base58 and base58check (see base58.h). */
#include "crypto/base58.h"

#include <sodium.h>
#include <string.h>

#include "crypto/hash.h"

static const char alphabet[] = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

/* log(256)/log(58) < 1.38 and log(58)/log(256) < 0.733, hence the buffer sizes below. */
#define ENC_DIGITS_MAX (BASE58_MAX_BYTES * 138 / 100 + 1)
#define DEC_STR_MAX (ENC_DIGITS_MAX + BASE58_MAX_BYTES)

int base58_encode(const uint8_t *in, size_t len, char *out, size_t cap, st_err *err)
{
    if (cap > 0)
        out[0] = '\0';
    if (len > BASE58_MAX_BYTES)
        return st_err_set(err, "base58: %zu bytes to encode; at most %d", len, BASE58_MAX_BYTES);

    size_t zeros = 0;
    while (zeros < len && in[zeros] == 0)
        zeros++;

    /* digits[] holds the number in base 58, most significant digit first. Each input byte
     * multiplies it by 256 and adds; every digit is visited every time (no early stop when
     * the carry dies out) so the running time does not depend on the byte values. */
    uint8_t digits[ENC_DIGITS_MAX];
    size_t size = (len - zeros) * 138 / 100 + 1;
    memset(digits, 0, size);
    for (size_t i = zeros; i < len; i++) {
        unsigned carry = in[i];
        for (size_t k = size; k-- > 0;) {
            carry += 256u * digits[k];
            digits[k] = (uint8_t)(carry % 58);
            carry /= 58;
        }
    }
    size_t skip = 0;
    while (skip < size && digits[skip] == 0)
        skip++;

    size_t outlen = zeros + (size - skip);
    int rc = 0;
    if (outlen + 1 > cap) {
        rc = st_err_set(err, "base58: output needs %zu bytes, buffer has %zu", outlen + 1, cap);
    } else {
        memset(out, '1', zeros);
        for (size_t i = skip; i < size; i++)
            out[zeros + i - skip] = alphabet[digits[i]];
        out[outlen] = '\0';
    }
    sodium_memzero(digits, sizeof digits);
    return rc;
}

/* All-ones when a == b, else 0, without a branch. */
static unsigned ct_eq(unsigned a, unsigned b)
{
    unsigned x = a ^ b;
    return ((x | (0u - x)) >> (sizeof x * 8 - 1)) - 1u;
}

/* Value of a base58 digit, or -1; compares with the whole alphabet so that decoding a
 * secret (an xprv) does not branch on or index by its characters. */
static int digit_value(char c)
{
    unsigned v = 0, found = 0;
    for (unsigned i = 0; i < sizeof alphabet - 1; i++) {
        unsigned eq = ct_eq((unsigned char)c, (unsigned char)alphabet[i]);
        v |= i & eq;
        found |= eq;
    }
    return found ? (int)v : -1;
}

int base58_decode(const char *str, uint8_t *out, size_t cap, size_t *outlen, st_err *err)
{
    size_t n = strnlen(str, DEC_STR_MAX + 1);
    if (n == 0)
        return st_err_set(err, "base58: empty string");
    if (n > DEC_STR_MAX)
        return st_err_set(err, "base58: string longer than %d characters", DEC_STR_MAX);

    size_t ones = 0;
    while (ones < n && str[ones] == '1')
        ones++;

    /* bytes[] holds the number in base 256, big-endian; every byte is visited for every
     * digit, as in base58_encode. */
    uint8_t bytes[DEC_STR_MAX * 733 / 1000 + 1];
    size_t size = (n - ones) * 733 / 1000 + 1;
    memset(bytes, 0, size);
    int rc = 0;
    for (size_t i = ones; i < n; i++) {
        int d = digit_value(str[i]);
        if (d < 0) {
            rc = st_err_set(err, "base58: character %zu is not in the base58 alphabet", i + 1);
            goto out;
        }
        unsigned carry = (unsigned)d;
        for (size_t k = size; k-- > 0;) {
            carry += 58u * bytes[k];
            bytes[k] = (uint8_t)(carry & 0xff);
            carry >>= 8;
        }
    }
    size_t skip = 0;
    while (skip < size && bytes[skip] == 0)
        skip++;
    size_t total = ones + (size - skip);
    if (total > cap || total > BASE58_MAX_BYTES) {
        rc = st_err_set(err, "base58: decodes to %zu bytes; at most %zu expected", total,
                        cap < BASE58_MAX_BYTES ? cap : (size_t)BASE58_MAX_BYTES);
        goto out;
    }
    memset(out, 0, ones);
    memcpy(out + ones, bytes + skip, size - skip);
    *outlen = total;
out:
    sodium_memzero(bytes, sizeof bytes);
    return rc;
}

int base58check_encode(const uint8_t *payload, size_t len, char *out, size_t cap, st_err *err)
{
    if (len + 4 > BASE58_MAX_BYTES) {
        if (cap > 0)
            out[0] = '\0';
        return st_err_set(err, "base58check: payload of %zu bytes is too long", len);
    }
    uint8_t buf[BASE58_MAX_BYTES], h[SHA256_LEN];
    if (len)
        memcpy(buf, payload, len);
    sha256d(payload, len, h);
    memcpy(buf + len, h, 4);
    int rc = base58_encode(buf, len + 4, out, cap, err);
    sodium_memzero(buf, sizeof buf);
    sodium_memzero(h, sizeof h);
    return rc;
}

int base58check_decode(const char *str, uint8_t *out, size_t cap, size_t *outlen, st_err *err)
{
    uint8_t buf[BASE58_MAX_BYTES], h[SHA256_LEN];
    size_t n = 0;
    int rc = -1;
    if (base58_decode(str, buf, sizeof buf, &n, err) != 0)
        goto out;
    if (n < 4) {
        st_err_set(err, "base58check: %zu bytes decoded; too short for a checksum", n);
        goto out;
    }
    sha256d(buf, n - 4, h);
    if (sodium_memcmp(h, buf + n - 4, 4) != 0) {
        st_err_set(err, "base58check: checksum mismatch");
        goto out;
    }
    if (n - 4 > cap) {
        st_err_set(err, "base58check: payload of %zu bytes; at most %zu expected", n - 4, cap);
        goto out;
    }
    memcpy(out, buf, n - 4);
    *outlen = n - 4;
    rc = 0;
out:
    sodium_memzero(buf, sizeof buf);
    sodium_memzero(h, sizeof h);
    return rc;
}
