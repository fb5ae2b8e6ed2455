/* near_tx.c: NEAR transaction serialisation, hashing, signing and text formats (near_tx.h). */
#include "near/near_tx.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/base58.h"
#include "crypto/hash.h"

static int is_sep(char c)
{
    return c == '.' || c == '-' || c == '_';
}

static int is_alnum_lower(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

static const char *account_id_problem(const char *s)
{
    if (s == NULL)
        return "is missing";
    size_t n = strlen(s);
    if (n < NEAR_ACCOUNT_ID_MIN)
        return "is shorter than 2 characters";
    if (n > NEAR_ACCOUNT_ID_MAX)
        return "is longer than 64 characters";
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (is_sep(c)) {
            if (i == 0)
                return "starts with a separator";
            if (i == n - 1)
                return "ends with a separator";
            if (is_sep(s[i - 1]))
                return "has two adjacent separators";
        } else if (!is_alnum_lower(c)) {
            return "has a character other than a-z, 0-9, '.', '-', '_'";
        }
    }
    return NULL;
}

int near_account_id_valid(const char *s)
{
    return account_id_problem(s) == NULL;
}

int near_account_id_check(const char *s, const char *what, st_err *err)
{
    const char *p = account_id_problem(s);
    if (p == NULL)
        return 0;
    return st_err_set(err, "%s: account id %s", what, p);
}

int near_pubkey_parse(const char *text, struct near_pubkey *out, st_err *err)
{
    static const char prefix[] = "ed25519:";
    if (text == NULL || strncmp(text, prefix, sizeof prefix - 1) != 0)
        return st_err_set(err, "public key: expected \"ed25519:<base58>\"");
    uint8_t buf[64];
    size_t n = 0;
    st_err e = {0};
    if (base58_decode(text + sizeof prefix - 1, buf, sizeof buf, &n, &e) != 0)
        return st_err_set(err, "public key: bad base58 (%s)", e.msg);
    if (n != NEAR_ED25519_PK_LEN)
        return st_err_set(err, "public key: %zu bytes, an ed25519 key has 32", n);
    out->type = NEAR_KEY_ED25519;
    memcpy(out->key, buf, NEAR_ED25519_PK_LEN);
    return 0;
}

void near_pubkey_format(const struct near_pubkey *pk, char out[NEAR_PUBKEY_TEXT_MAX])
{
    memcpy(out, "ed25519:", 8);
    if (base58_encode(pk->key, NEAR_ED25519_PK_LEN, out + 8, NEAR_PUBKEY_TEXT_MAX - 8, NULL) != 0)
        out[0] = '\0'; /* cannot happen: 32 bytes always fit */
}

void near_pubkey_from_sk(const uint8_t sk[NEAR_ED25519_SK_LEN], struct near_pubkey *out)
{
    out->type = NEAR_KEY_ED25519;
    memcpy(out->key, sk + 32, NEAR_ED25519_PK_LEN);
}

void near_hash_format(const uint8_t hash[NEAR_HASH_LEN], char out[NEAR_HASH_TEXT_MAX])
{
    if (base58_encode(hash, NEAR_HASH_LEN, out, NEAR_HASH_TEXT_MAX, NULL) != 0)
        out[0] = '\0';
}

int near_hash_parse(const char *text, uint8_t out[NEAR_HASH_LEN], st_err *err)
{
    uint8_t buf[64];
    size_t n = 0;
    st_err e = {0};
    if (text == NULL || base58_decode(text, buf, sizeof buf, &n, &e) != 0)
        return st_err_set(err, "hash: bad base58%s%s", e.set ? ": " : "", e.msg);
    if (n != NEAR_HASH_LEN)
        return st_err_set(err, "hash: %zu bytes, expected 32", n);
    memcpy(out, buf, NEAR_HASH_LEN);
    return 0;
}

/* ---- u128 decimal -------------------------------------------------------------------- */

int near_u128_parse(const char *s, near_u128 *out, st_err *err)
{
    if (s == NULL || *s == '\0')
        return st_err_set(err, "amount: empty");
    size_t n = strlen(s);
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return st_err_set(err, "amount \"%.48s\": not a decimal integer of yoctoNEAR", s);
    if (n > 1 && s[0] == '0')
        return st_err_set(err, "amount \"%.48s\": leading zero", s);
    if (n > 39)
        return st_err_set(err, "amount \"%.48s\": larger than 2^128-1", s);
    /* v = v*10 + d on four 32-bit limbs (little-endian), checking the carry out. */
    uint32_t limb[4] = {0, 0, 0, 0};
    for (size_t i = 0; i < n; i++) {
        uint64_t carry = (uint64_t)(s[i] - '0');
        for (int k = 0; k < 4; k++) {
            uint64_t t = (uint64_t)limb[k] * 10u + carry;
            limb[k] = (uint32_t)t;
            carry = t >> 32;
        }
        if (carry)
            return st_err_set(err, "amount \"%.48s\": larger than 2^128-1", s);
    }
    out->lo = (uint64_t)limb[1] << 32 | limb[0];
    out->hi = (uint64_t)limb[3] << 32 | limb[2];
    return 0;
}

void near_u128_format(near_u128 v, char out[NEAR_U128_TEXT_MAX])
{
    uint32_t limb[4] = {(uint32_t)v.lo, (uint32_t)(v.lo >> 32), (uint32_t)v.hi, (uint32_t)(v.hi >> 32)};
    char tmp[NEAR_U128_TEXT_MAX];
    size_t n = 0;
    do {
        uint64_t rem = 0;
        for (int k = 3; k >= 0; k--) {
            uint64_t cur = rem << 32 | limb[k];
            limb[k] = (uint32_t)(cur / 10u);
            rem = cur % 10u;
        }
        tmp[n++] = (char)('0' + rem);
    } while (limb[0] | limb[1] | limb[2] | limb[3]);
    for (size_t i = 0; i < n; i++)
        out[i] = tmp[n - 1 - i];
    out[n] = '\0';
}

/* ---- serialisation ------------------------------------------------------------------- */

static int put_pubkey(struct bytebuf *b, const struct near_pubkey *pk, const char *what, st_err *err)
{
    if (pk->type != NEAR_KEY_ED25519)
        return st_err_set(err, "%s: key type %u is not ed25519 (0)", what, pk->type);
    borsh_enum(b, pk->type);
    borsh_fixed(b, pk->key, NEAR_ED25519_PK_LEN);
    return 0;
}

static int put_action(struct bytebuf *b, const struct near_action *a, size_t i, st_err *err)
{
    char what[64];
    snprintf(what, sizeof what, "action %zu", i);
    switch (a->kind) {
    case NEAR_ACTION_FUNCTION_CALL:
        if (a->method_name == NULL || a->method_name[0] == '\0')
            return st_err_set(err, "%s: FunctionCall without a method name", what);
        if (a->args == NULL && a->args_len != 0)
            return st_err_set(err, "%s: FunctionCall args missing", what);
        borsh_enum(b, NEAR_ACTION_FUNCTION_CALL);
        borsh_string(b, a->method_name);
        borsh_bytes(b, a->args, a->args_len);
        borsh_u64(b, a->gas);
        borsh_u128(b, a->deposit);
        return 0;
    case NEAR_ACTION_TRANSFER:
        borsh_enum(b, NEAR_ACTION_TRANSFER);
        borsh_u128(b, a->deposit);
        return 0;
    case NEAR_ACTION_ADD_KEY:
        borsh_enum(b, NEAR_ACTION_ADD_KEY);
        if (put_pubkey(b, &a->public_key, what, err) != 0)
            return -1;
        borsh_u64(b, a->ak_nonce);
        if (a->full_access) {
            borsh_enum(b, 1);
            return 0;
        }
        if (near_account_id_check(a->fc_receiver_id, what, err) != 0)
            return -1;
        if (a->method_names == NULL && a->n_method_names != 0)
            return st_err_set(err, "%s: method names missing", what);
        if (a->n_method_names > UINT32_MAX)
            return st_err_set(err, "%s: too many method names", what);
        borsh_enum(b, 0);
        if (a->has_allowance) {
            borsh_u8(b, 1);
            borsh_u128(b, a->allowance);
        } else {
            borsh_u8(b, 0);
        }
        borsh_string(b, a->fc_receiver_id);
        borsh_u32(b, (uint32_t)a->n_method_names);
        for (size_t k = 0; k < a->n_method_names; k++) {
            if (a->method_names[k] == NULL)
                return st_err_set(err, "%s: method name %zu missing", what, k);
            borsh_string(b, a->method_names[k]);
        }
        return 0;
    case NEAR_ACTION_DELETE_KEY:
        borsh_enum(b, NEAR_ACTION_DELETE_KEY);
        return put_pubkey(b, &a->public_key, what, err);
    }
    return st_err_set(err, "%s: unsupported action kind %d", what, (int)a->kind);
}

int near_tx_serialize(const struct near_tx *tx, struct bytebuf *out, st_err *err)
{
    if (near_account_id_check(tx->signer_id, "signer_id", err) != 0 ||
        near_account_id_check(tx->receiver_id, "receiver_id", err) != 0)
        return -1;
    if (tx->actions == NULL && tx->n_actions != 0)
        return st_err_set(err, "transaction: actions missing");
    if (tx->n_actions > UINT32_MAX)
        return st_err_set(err, "transaction: too many actions");
    borsh_string(out, tx->signer_id);
    if (put_pubkey(out, &tx->public_key, "public_key", err) != 0)
        return -1;
    borsh_u64(out, tx->nonce);
    borsh_string(out, tx->receiver_id);
    borsh_fixed(out, tx->block_hash, NEAR_HASH_LEN);
    borsh_u32(out, (uint32_t)tx->n_actions);
    for (size_t i = 0; i < tx->n_actions; i++)
        if (put_action(out, &tx->actions[i], i, err) != 0)
            return -1;
    if (out->oom)
        return st_err_set(err, "out of memory");
    return 0;
}

int near_tx_hash(const struct near_tx *tx, uint8_t hash[NEAR_HASH_LEN], st_err *err)
{
    struct bytebuf b = BYTEBUF_INIT;
    int rc = near_tx_serialize(tx, &b, err);
    if (rc == 0)
        sha256(b.p, b.len, hash);
    bytebuf_free(&b);
    return rc;
}

int near_signed_tx_serialize(const struct near_tx *tx, const uint8_t sig[NEAR_ED25519_SIG_LEN],
                             struct bytebuf *out, st_err *err)
{
    if (near_tx_serialize(tx, out, err) != 0)
        return -1;
    borsh_enum(out, NEAR_KEY_ED25519);
    borsh_fixed(out, sig, NEAR_ED25519_SIG_LEN);
    if (out->oom)
        return st_err_set(err, "out of memory");
    return 0;
}

int near_tx_sign(const struct near_tx *tx, const uint8_t sk[NEAR_ED25519_SK_LEN], struct near_signed_tx *out,
                 st_err *err)
{
    memset(out, 0, sizeof *out);
    if (tx->public_key.type != NEAR_KEY_ED25519 ||
        sodium_memcmp(tx->public_key.key, sk + 32, NEAR_ED25519_PK_LEN) != 0)
        return st_err_set(err, "sign: the secret key does not belong to the transaction's public key");
    if (near_tx_serialize(tx, &out->bytes, err) != 0)
        return -1;
    sha256(out->bytes.p, out->bytes.len, out->hash);
    if (crypto_sign_ed25519_detached(out->signature, NULL, out->hash, NEAR_HASH_LEN, sk) != 0)
        return st_err_set(err, "sign: ed25519 signing failed");
    borsh_enum(&out->bytes, NEAR_KEY_ED25519);
    borsh_fixed(&out->bytes, out->signature, NEAR_ED25519_SIG_LEN);
    if (out->bytes.oom)
        return st_err_set(err, "out of memory");
    return 0;
}

void near_signed_tx_free(struct near_signed_tx *s)
{
    bytebuf_free(&s->bytes);
    memset(s, 0, sizeof *s);
}

char *near_base64(const uint8_t *p, size_t n)
{
    size_t cap = sodium_base64_encoded_len(n, sodium_base64_VARIANT_ORIGINAL);
    char *s = malloc(cap);
    if (s == NULL)
        return NULL;
    static const uint8_t none[1] = {0};
    sodium_bin2base64(s, cap, n ? p : none, n, sodium_base64_VARIANT_ORIGINAL);
    return s;
}

int near_base64_decode(const char *s, uint8_t **out, size_t *outlen, st_err *err)
{
    *out = NULL;
    *outlen = 0;
    size_t n = strlen(s);
    uint8_t *buf = malloc(n / 4 * 3 + 4);
    if (buf == NULL)
        return st_err_set(err, "out of memory");
    const char *end = NULL;
    size_t len = 0;
    if (n % 4 != 0 ||
        sodium_base642bin(buf, n / 4 * 3 + 3, s, n, NULL, &len, &end, sodium_base64_VARIANT_ORIGINAL) != 0 ||
        end != s + n) {
        free(buf);
        return st_err_set(err, "not valid base64");
    }
    buf[len] = '\0';
    *out = buf;
    *outlen = len;
    return 0;
}
