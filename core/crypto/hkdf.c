/* hkdf.c: HKDF-SHA256 (RFC 5869) on libsodium's HMAC-SHA256.
 *
 * libsodium 1.0.18 has no HKDF. The two steps are a few lines on top of HMAC, which keeps
 * every intermediate (PRK, T(i)) on our stack where it is wiped, rather than inside an
 * OpenSSL EVP_KDF context that has to be fetched, parameterised and freed. */
#include "crypto/hash.h"

#include <sodium.h>
#include <string.h>

static const uint8_t zero_salt[SHA256_LEN];

int hkdf_sha256(const uint8_t *ikm, size_t ikmlen, const uint8_t *salt, size_t saltlen,
                const uint8_t *info, size_t infolen, uint8_t *out, size_t outlen)
{
    if (outlen == 0 || outlen > 255 * SHA256_LEN)
        return -1;

    /* Extract: PRK = HMAC(salt, IKM); "if not provided, [salt] is set to a string of
     * HashLen zeros" (RFC 5869 section 2.2). */
    uint8_t prk[SHA256_LEN];
    if (saltlen == 0)
        hmac_sha256(zero_salt, sizeof zero_salt, ikm, ikmlen, prk);
    else
        hmac_sha256(salt, saltlen, ikm, ikmlen, prk);

    /* Expand: T(i) = HMAC(PRK, T(i-1) || info || i), OKM = first outlen bytes of T(1)... */
    uint8_t t[SHA256_LEN];
    size_t tlen = 0, done = 0;
    crypto_auth_hmacsha256_state st;
    for (uint8_t ctr = 1; done < outlen; ctr++) {
        crypto_auth_hmacsha256_init(&st, prk, sizeof prk);
        if (tlen)
            crypto_auth_hmacsha256_update(&st, t, tlen);
        if (infolen)
            crypto_auth_hmacsha256_update(&st, info, infolen);
        crypto_auth_hmacsha256_update(&st, &ctr, 1);
        crypto_auth_hmacsha256_final(&st, t);
        tlen = sizeof t;
        size_t n = outlen - done < tlen ? outlen - done : tlen;
        memcpy(out + done, t, n);
        done += n;
    }
    sodium_memzero(&st, sizeof st);
    sodium_memzero(t, sizeof t);
    sodium_memzero(prk, sizeof prk);
    return 0;
}
