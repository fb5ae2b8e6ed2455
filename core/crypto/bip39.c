/* bip39.c: BIP-39 English mnemonics (see bip39.h). */
#include "crypto/bip39.h"

#include <pthread.h>
#include <sodium.h>
#include <string.h>

#include "crypto/hash.h"
#include "crypto/nfkd.h"
#include "crypto/pbkdf2.h"

/* Generated at build time from tests/vectors/bip39_english.txt. */
extern const char *const bip39_english[2048];

#define WORDS 2048
#define WORD_MAX 8     /* the longest English word has 8 letters */
#define MAX_WORDS 24
#define ITERATIONS 2048

/* The wordlist as fixed 8-byte zero-padded rows, so that a lookup can read every row in
 * full without branching on the secret word. */
static uint8_t padded[WORDS][WORD_MAX];
static int padded_ok;
static pthread_once_t padded_once = PTHREAD_ONCE_INIT;

static void build_padded(void)
{
    for (size_t i = 0; i < WORDS; i++) {
        size_t n = strlen(bip39_english[i]);
        if (n == 0 || n > WORD_MAX)
            return; /* padded_ok stays 0: every lookup then fails loudly */
        memcpy(padded[i], bip39_english[i], n);
    }
    padded_ok = 1;
}

static int wordlist_ready(st_err *err)
{
    pthread_once(&padded_once, build_padded);
    if (!padded_ok)
        return st_err_set(err, "BIP-39: the compiled-in wordlist has a word longer than %d letters",
                          WORD_MAX);
    return 0;
}

/* All-ones when x == 0, else 0, without a branch. */
static uint32_t ct_is_zero(uint32_t x)
{
    return ((x | (0u - x)) >> 31) - 1u;
}

/* Index of the zero-padded word w in the list, or -1. Reads every row. */
static int word_index(const uint8_t w[WORD_MAX])
{
    uint32_t idx = 0, found = 0;
    for (uint32_t i = 0; i < WORDS; i++) {
        uint32_t d = 0;
        for (size_t j = 0; j < WORD_MAX; j++)
            d |= (uint32_t)(padded[i][j] ^ w[j]);
        uint32_t eq = ct_is_zero(d);
        idx |= i & eq;
        found |= eq;
    }
    return found ? (int)idx : -1;
}

/* Copies word `idx` (0..2047) into w, zero-padded, reading every row. */
static void word_at(uint32_t idx, uint8_t w[WORD_MAX])
{
    memset(w, 0, WORD_MAX);
    for (uint32_t i = 0; i < WORDS; i++) {
        uint8_t m = (uint8_t)ct_is_zero(i ^ idx);
        for (size_t j = 0; j < WORD_MAX; j++)
            w[j] |= padded[i][j] & m;
    }
}

/* Up to 16 bytes of a word for an error message, with anything but printable ASCII shown
 * as '?' so a message never carries control characters or broken UTF-8. */
static void describe_word(const char *w, size_t n, char out[20])
{
    size_t k = 0;
    for (size_t i = 0; i < n && k < 16; i++, k++)
        out[k] = (w[i] >= 0x21 && w[i] <= 0x7e) ? w[i] : '?';
    if (n > 16) {
        memcpy(out + k, "...", 3);
        k += 3;
    }
    out[k] = '\0';
}

/* Splits a normalised mnemonic and looks up each word.
 * Out: idx[0..*nwords): the 11-bit word indices (secret; caller wipes). */
static int parse_words(const char *s, size_t len, uint16_t idx[MAX_WORDS], size_t *nwords,
                       st_err *err)
{
    if (len == 0)
        return st_err_set(err, "BIP-39: empty mnemonic");
    if (s[0] == ' ')
        return st_err_set(err, "BIP-39: mnemonic starts with a space");
    if (s[len - 1] == ' ')
        return st_err_set(err, "BIP-39: mnemonic ends with a space");
    size_t n = 1;
    for (size_t i = 0; i < len; i++) {
        if (s[i] != ' ')
            continue;
        if (s[i + 1] == ' ')
            return st_err_set(err, "BIP-39: more than one space after word %zu; words must be "
                                   "separated by single spaces", n);
        n++;
    }
    if (n != 12 && n != 15 && n != 18 && n != 21 && n != 24)
        return st_err_set(err, "BIP-39: %zu word%s; expected 12, 15, 18, 21 or 24", n,
                          n == 1 ? "" : "s");
    if (wordlist_ready(err) != 0)
        return -1;

    const char *p = s;
    for (size_t w = 0; w < n; w++) {
        const char *end = strchr(p, ' ');
        size_t wl = end ? (size_t)(end - p) : strlen(p);
        int found = -1;
        if (wl <= WORD_MAX) {
            uint8_t buf[WORD_MAX] = {0};
            memcpy(buf, p, wl);
            found = word_index(buf);
            sodium_memzero(buf, sizeof buf);
        }
        if (found < 0) {
            char shown[20];
            describe_word(p, wl, shown);
            return st_err_set(err, "BIP-39: word %zu \"%s\" is not in the BIP-39 English wordlist",
                              w + 1, shown);
        }
        idx[w] = (uint16_t)found;
        p += wl + 1;
    }
    *nwords = n;
    return 0;
}

/* Checks a mnemonic that is already NFKD-normalised. */
static int check_normalised(const char *s, size_t len, st_err *err)
{
    uint16_t idx[MAX_WORDS];
    uint8_t bits[MAX_WORDS * 11 / 8] = {0}, h[SHA256_LEN];
    size_t n = 0;
    int rc = -1;
    if (parse_words(s, len, idx, &n, err) != 0)
        goto out;

    /* Concatenate the 11-bit indices: ENT bits of entropy, then CS = ENT/32 checksum bits. */
    for (size_t w = 0; w < n; w++)
        for (size_t b = 0; b < 11; b++) {
            size_t pos = w * 11 + b;
            bits[pos / 8] |= (uint8_t)(((idx[w] >> (10 - b)) & 1) << (7 - pos % 8));
        }
    size_t ent = n * 4 / 3, cs = n / 3; /* bytes of entropy, bits of checksum */
    sha256(bits, ent, h);
    if (((h[0] ^ bits[ent]) >> (8 - cs)) != 0) {
        st_err_set(err, "BIP-39: checksum mismatch (a word is wrong or the order is)");
        goto out;
    }
    rc = 0;
out:
    sodium_memzero(idx, sizeof idx);
    sodium_memzero(bits, sizeof bits);
    sodium_memzero(h, sizeof h);
    return rc;
}

int bip39_mnemonic_check(const char *mnemonic, st_err *err)
{
    secbuf m;
    if (nfkd_normalize(mnemonic, &m, err) != 0)
        return st_err_wrap(err, "BIP-39 mnemonic");
    int rc = check_normalised((const char *)m.p, m.len, err);
    secbuf_free(&m);
    return rc;
}

int bip39_mnemonic_to_seed(const char *mnemonic, const char *passphrase,
                           uint8_t seed[BIP39_SEED_LEN], st_err *err)
{
    static const char prefix[] = "mnemonic";
    secbuf m = SECBUF_EMPTY, p = SECBUF_EMPTY, salt = SECBUF_EMPTY;
    int rc = -1;
    if (nfkd_normalize(mnemonic, &m, err) != 0) {
        st_err_wrap(err, "BIP-39 mnemonic");
        goto out;
    }
    if (check_normalised((const char *)m.p, m.len, err) != 0)
        goto out;
    if (nfkd_normalize(passphrase ? passphrase : "", &p, err) != 0) {
        st_err_wrap(err, "BIP-39 passphrase");
        goto out;
    }
    if (secbuf_alloc(&salt, sizeof prefix - 1 + p.len, err) != 0)
        goto out;
    memcpy(salt.p, prefix, sizeof prefix - 1);
    if (p.len)
        memcpy(salt.p + sizeof prefix - 1, p.p, p.len);
    if (pbkdf2_hmac_sha512(m.p, m.len, salt.p, salt.len, ITERATIONS, seed, BIP39_SEED_LEN) != 0) {
        st_err_set(err, "BIP-39: PBKDF2 failed");
        goto out;
    }
    rc = 0;
out:
    secbuf_free(&m);
    secbuf_free(&p);
    secbuf_free(&salt);
    return rc;
}

int bip39_mnemonic_from_entropy(const uint8_t *entropy, size_t len, secbuf *out, st_err *err)
{
    *out = SECBUF_EMPTY;
    if (len < 16 || len > 32 || len % 4 != 0)
        return st_err_set(err, "BIP-39: %zu bytes of entropy; must be 16, 20, 24, 28 or 32", len);
    if (wordlist_ready(err) != 0)
        return -1;
    size_t n = len * 3 / 4; /* words: (ENT + ENT/32) / 11 */
    if (secbuf_alloc(out, n * (WORD_MAX + 1), err) != 0)
        return -1;

    /* entropy || first CS bits of SHA-256(entropy); CS <= 8 so one extra byte holds them. */
    uint8_t bits[33], h[SHA256_LEN], w[WORD_MAX];
    memcpy(bits, entropy, len);
    sha256(entropy, len, h);
    bits[len] = h[0];

    char *o = (char *)out->p;
    for (size_t i = 0; i < n; i++) {
        uint32_t idx = 0;
        for (size_t b = 0; b < 11; b++) {
            size_t pos = i * 11 + b;
            idx = idx << 1 | ((bits[pos / 8] >> (7 - pos % 8)) & 1);
        }
        word_at(idx, w);
        if (i)
            *o++ = ' ';
        for (size_t j = 0; j < WORD_MAX && w[j]; j++)
            *o++ = (char)w[j];
    }
    *o = '\0';
    out->len = (size_t)(o - (char *)out->p);
    sodium_memzero(bits, sizeof bits);
    sodium_memzero(h, sizeof h);
    sodium_memzero(w, sizeof w);
    return 0;
}
