/* test_crypto_base58.c: base58 and base58check. Expected strings were produced by @scure/base
 * (an independent implementation) or are well-known Bitcoin values. */
#include <sodium.h>
#include <string.h>

#include "check.h"
#include "crypto/base58.h"
#include "util/hex.h"

static void check_encode(const char *hex, const char *want)
{
    uint8_t in[64], back[64];
    size_t n = 0, m = 0;
    char out[128];
    CHECK(hex_decode_any(in, sizeof in, &n, hex) == 0);
    CHECK(base58_encode(in, n, out, sizeof out, NULL) == 0);
    CHECK_STR(out, want);
    if (n > 0) {
        CHECK(base58_decode(want, back, sizeof back, &m, NULL) == 0);
        CHECK(m == n);
        CHECK_MEM(back, in, n);
    }
}

int main(void)
{
    if (sodium_init() < 0)
        return 2;
    check_encode("", "");
    check_encode("00000000", "1111");
    check_encode("48656c6c6f20576f726c6421", "2NEpo7TZRRrLZSi2U"); /* "Hello World!" */
    check_encode("0000287fb4cd", "11233QC4");
    check_encode("ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
                 "JEKNVnkbo3jma5nREBBJCDoXFVeKkD56V3xKrvRmWxFG");

    /* base58check: the P2PKH address of the generator point (private key 1). */
    uint8_t payload[21], out[64];
    size_t n = 0;
    char s[64];
    CHECK(hex_decode(payload, 21, "00751e76e8199196d454941c45d1b3a323f1433bd6") == 0);
    CHECK(base58check_encode(payload, 21, s, sizeof s, NULL) == 0);
    CHECK_STR(s, "1BgGZ9tcN4rm9KBzDn7KprQz87SZ26SAMH");
    CHECK(base58check_decode("1BgGZ9tcN4rm9KBzDn7KprQz87SZ26SAMH", out, sizeof out, &n, NULL) == 0);
    CHECK(n == 21);
    CHECK_MEM(out, payload, 21);
    CHECK(base58check_encode(NULL, 0, s, sizeof s, NULL) == 0);
    CHECK_STR(s, "3QJmnh");

    /* Errors, each with a message. */
    st_err e = {0};
    CHECK(base58check_decode("1BgGZ9tcN4rm9KBzDn7KprQz87SZ26SAMJ", out, sizeof out, &n, &e) == -1);
    CHECK(strstr(e.msg, "checksum mismatch") != NULL);
    const char *bad[] = {"1BgGZ9tcN4rm9KBzDn7KprQz87SZ26SAM0", "O", "I", "l", "abc def", ""};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        st_err_clear(&e);
        CHECK(base58_decode(bad[i], out, sizeof out, &n, &e) == -1);
        CHECK(e.set);
    }
    st_err_clear(&e);
    CHECK(base58check_decode("2NEpo", out, sizeof out, &n, &e) == -1); /* decodes to 4 bytes */
    CHECK(e.set);
    st_err_clear(&e);
    CHECK(base58_decode("2NEpo7TZRRrLZSi2U", out, 5, &n, &e) == -1); /* 12 bytes, cap 5 */
    CHECK(strstr(e.msg, "12 bytes") != NULL);
    st_err_clear(&e);
    CHECK(base58_encode(payload, 21, s, 10, &e) == -1); /* buffer too small */
    CHECK(e.set && s[0] == '\0');

    /* Round trips of random data with 0..3 leading zero bytes, at every length up to 86. */
    for (size_t len = 1; len <= 86; len++) {
        uint8_t r[86], back[86];
        char enc[128];
        size_t m = 0;
        randombytes_buf(r, len);
        for (size_t z = 0; z < len && z < len % 4; z++)
            r[z] = 0;
        CHECK(base58check_encode(r, len, enc, sizeof enc, NULL) == 0);
        CHECK(base58check_decode(enc, back, sizeof back, &m, NULL) == 0);
        CHECK(m == len && memcmp(back, r, len) == 0);
    }
    return check_summary();
}
