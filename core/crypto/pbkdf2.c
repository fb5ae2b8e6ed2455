/* pbkdf2.c: PBKDF2-HMAC-SHA512 on libsodium's HMAC (see pbkdf2.h).
 *
 * Written here rather than taken from OpenSSL so that the password-keyed HMAC state and the
 * U/T blocks stay in memory this code wipes. The keyed state is computed once and copied for
 * every iteration, which also spares re-hashing a password longer than the HMAC block. */
#include "crypto/pbkdf2.h"

#include <sodium.h>
#include <string.h>

static const uint8_t empty[1];

int pbkdf2_hmac_sha512(const uint8_t *pass, size_t passlen, const uint8_t *salt, size_t saltlen,
                       uint32_t iterations, uint8_t *out, size_t outlen)
{
    if (iterations == 0 || outlen == 0)
        return -1;
    crypto_auth_hmacsha512_state keyed, st;
    uint8_t u[crypto_auth_hmacsha512_BYTES], t[crypto_auth_hmacsha512_BYTES];
    crypto_auth_hmacsha512_init(&keyed, passlen ? pass : empty, passlen);

    /* T_i = U_1 ^ ... ^ U_c, U_1 = HMAC(P, S || INT_32_BE(i)), U_j = HMAC(P, U_{j-1}). */
    for (uint32_t block = 1; outlen > 0; block++) {
        uint8_t be[4] = {(uint8_t)(block >> 24), (uint8_t)(block >> 16), (uint8_t)(block >> 8),
                         (uint8_t)block};
        st = keyed;
        if (saltlen)
            crypto_auth_hmacsha512_update(&st, salt, saltlen);
        crypto_auth_hmacsha512_update(&st, be, sizeof be);
        crypto_auth_hmacsha512_final(&st, u);
        memcpy(t, u, sizeof t);
        for (uint32_t j = 1; j < iterations; j++) {
            st = keyed;
            crypto_auth_hmacsha512_update(&st, u, sizeof u);
            crypto_auth_hmacsha512_final(&st, u);
            for (size_t k = 0; k < sizeof t; k++)
                t[k] ^= u[k];
        }
        size_t n = outlen < sizeof t ? outlen : sizeof t;
        memcpy(out, t, n);
        out += n;
        outlen -= n;
    }
    sodium_memzero(&keyed, sizeof keyed);
    sodium_memzero(&st, sizeof st);
    sodium_memzero(u, sizeof u);
    sodium_memzero(t, sizeof t);
    return 0;
}
