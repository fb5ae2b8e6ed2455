#include "secret/backup_text.h"

#include <sodium.h>
#include <string.h>

#include "crypto/bip39.h"
#include "util/hex.h"

static int is_space(uint8_t c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

/* Copies a BIP-39 error message without anything it quotes. The checker names at most one
 * offending word, in double quotes ("word 3 \"abandom\" is not in ..."); that word is the
 * user's secret (a typo of it is close enough), so the quoted part is dropped and only the
 * position stays. The checker's "BIP-39: " prefix is dropped too: the caller's message already
 * says BIP-39. */
static void redact(char *out, size_t cap, const char *msg)
{
    if (strncmp(msg, "BIP-39: ", 8) == 0)
        msg += 8;
    /* Everything from the first to the last double quote goes, so a quote character inside
     * the user's word cannot end the redaction early. */
    const char *q1 = strchr(msg, '"'), *q2 = strrchr(msg, '"');
    size_t o = 0;
    for (const char *p = msg; *p && o + 1 < cap; p++) {
        if (q1 && p == q1) {
            if (q2 == q1) /* unbalanced: drop the rest rather than risk printing it */
                break;
            if (o > 0 && out[o - 1] == ' ' && q2[1] == ' ')
                o--;
            p = q2;
            continue;
        }
        out[o++] = *p;
    }
    out[o] = 0;
}

static int from_hex(const char *label, const uint8_t *digits, size_t n, const secbuf *passphrase,
                    secbuf *root_seed, st_err *err)
{
    if (n != 64)
        return st_err_set(err, "%s: neither 64 hex digits nor a valid BIP-39 mnemonic: it is %zu hex digits", label,
                          n);
    if (passphrase && passphrase->len > 0)
        return st_err_set(err,
                          "%s: a BIP-39 passphrase is configured but the secret is hex, not a mnemonic; "
                          "a passphrase only applies to a mnemonic (remove it or use the mnemonic)",
                          label);
    if (secbuf_alloc(root_seed, 32, err) != 0)
        return -1;
    if (hex_decode_n(root_seed->p, 32, (const char *)digits, n) != 0) {
        secbuf_free(root_seed);
        return st_err_set(err, "%s: not valid hex", label);
    }
    return 0;
}

static int from_mnemonic(const char *label, const uint8_t *text, size_t len, const secbuf *passphrase,
                         secbuf *root_seed, st_err *err)
{
    /* The normalised mnemonic is as secret as the input: it lives in guarded memory. */
    secbuf m = SECBUF_EMPTY, pp = SECBUF_EMPTY;
    int rc = -1;
    if (secbuf_alloc(&m, len + 1, err) != 0)
        return -1;
    size_t o = 0;
    int gap = 0;
    for (size_t i = 0; i < len; i++) {
        uint8_t c = text[i];
        if (is_space(c)) {
            gap = 1;
            continue;
        }
        if (gap && o > 0)
            m.p[o++] = ' ';
        gap = 0;
        m.p[o++] = (c >= 'A' && c <= 'Z') ? (uint8_t)(c + 32) : c;
    }
    m.p[o] = 0;
    m.len = o;

    st_err inner = {0};
    if (bip39_mnemonic_check((const char *)m.p, &inner) != 0) {
        char why[ST_ERR_MAX];
        redact(why, sizeof why, inner.set ? inner.msg : "invalid");
        st_err_set(err, "%s: neither 64 hex digits nor a valid BIP-39 mnemonic: %s", label, why);
        goto out;
    }
    sodium_memzero(&inner, sizeof inner);
    if (passphrase && passphrase->len > 0) {
        /* A NUL-terminated copy for the C-string API, still in guarded memory. */
        if (memchr(passphrase->p, 0, passphrase->len) != NULL) {
            st_err_set(err, "%s: the BIP-39 passphrase contains a NUL byte", label);
            goto out;
        }
        if (secbuf_alloc(&pp, passphrase->len + 1, err) != 0)
            goto out;
        memcpy(pp.p, passphrase->p, passphrase->len);
    }
    if (secbuf_alloc(root_seed, 64, err) != 0)
        goto out;
    if (bip39_mnemonic_to_seed((const char *)m.p, pp.p ? (const char *)pp.p : NULL, root_seed->p, &inner) != 0) {
        secbuf_free(root_seed);
        char why[ST_ERR_MAX];
        redact(why, sizeof why, inner.set ? inner.msg : "internal error");
        st_err_set(err, "%s: cannot compute the BIP-39 seed: %s", label, why);
        goto out;
    }
    rc = 0;
out:
    sodium_memzero(&inner, sizeof inner);
    secbuf_free(&pp);
    secbuf_free(&m);
    return rc;
}

int backup_text_to_seed(const char *label, const uint8_t *text, size_t len, const secbuf *passphrase,
                        secbuf *root_seed, int *is_mnemonic, st_err *err)
{
    *root_seed = SECBUF_EMPTY;
    size_t b = 0, e = len;
    while (b < e && is_space(text[b]))
        b++;
    while (e > b && is_space(text[e - 1]))
        e--;
    if (b == e)
        return st_err_set(err, "%s: is empty; expected 64 hex digits or a BIP-39 mnemonic", label);
    /* A NUL would cut the C string short: a valid mnemonic followed by NUL and anything
     * else must not be accepted as that mnemonic. */
    if (memchr(text + b, 0, e - b) != NULL)
        return st_err_set(err, "%s: neither 64 hex digits nor a valid BIP-39 mnemonic: it contains a NUL byte", label);

    /* One token of hex digits (optionally 0x-prefixed) is meant as hex, whatever its length,
     * so a wrong length gets a hex error rather than a confusing mnemonic one. */
    size_t s = b;
    if (e - b >= 2 && text[b] == '0' && (text[b + 1] | 0x20) == 'x')
        s = b + 2;
    int hex_only = hex_all_digits((const char *)text + s, e - s);
    if (is_mnemonic)
        *is_mnemonic = !hex_only;
    if (hex_only)
        return from_hex(label, text + s, e - s, passphrase, root_seed, err);
    return from_mnemonic(label, text + b, e - b, passphrase, root_seed, err);
}
