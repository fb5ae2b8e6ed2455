/* tx_decode.c: borsh decoding of NEAR signed transactions (see tx_decode.h). */
#include "tx_decode.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/hash.h"
#include "near/near_tx.h"

struct rd {
    const uint8_t *p;
    size_t n, off;
    st_err *err;
    int failed;
};

static int need(struct rd *r, size_t k, const char *what)
{
    if (r->failed)
        return -1;
    if (r->n - r->off < k) {
        r->failed = 1;
        return st_err_set(r->err, "borsh: %s: %zu bytes needed at offset %zu, %zu left", what, k, r->off,
                          r->n - r->off);
    }
    return 0;
}

static uint8_t rd_u8(struct rd *r, const char *what)
{
    if (need(r, 1, what) != 0)
        return 0;
    return r->p[r->off++];
}

static uint32_t rd_u32(struct rd *r, const char *what)
{
    if (need(r, 4, what) != 0)
        return 0;
    const uint8_t *q = r->p + r->off;
    r->off += 4;
    return (uint32_t)q[0] | (uint32_t)q[1] << 8 | (uint32_t)q[2] << 16 | (uint32_t)q[3] << 24;
}

static uint64_t rd_u64(struct rd *r, const char *what)
{
    if (need(r, 8, what) != 0)
        return 0;
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--)
        v = v << 8 | r->p[r->off + (size_t)i];
    r->off += 8;
    return v;
}

static void rd_fixed(struct rd *r, uint8_t *out, size_t k, const char *what)
{
    if (need(r, k, what) != 0)
        return;
    memcpy(out, r->p + r->off, k);
    r->off += k;
}

/* A u32-length-prefixed byte string, copied with a NUL after it. */
static uint8_t *rd_bytes(struct rd *r, size_t *len, const char *what)
{
    uint32_t k = rd_u32(r, what);
    if (need(r, k, what) != 0)
        return NULL;
    uint8_t *c = malloc((size_t)k + 1);
    if (c == NULL) {
        r->failed = 1;
        st_err_set(r->err, "out of memory");
        return NULL;
    }
    memcpy(c, r->p + r->off, k);
    c[k] = 0;
    r->off += k;
    if (len)
        *len = k;
    return c;
}

/* A String: no NUL inside (the agent never writes one; it would cut our C strings). */
static char *rd_string(struct rd *r, const char *what)
{
    size_t len = 0;
    uint8_t *s = rd_bytes(r, &len, what);
    if (s && memchr(s, 0, len) != NULL) {
        free(s);
        r->failed = 1;
        st_err_set(r->err, "borsh: %s contains a NUL byte", what);
        return NULL;
    }
    return (char *)s;
}

static void rd_pubkey(struct rd *r, uint8_t *type, uint8_t key[32], const char *what)
{
    *type = rd_u8(r, what);
    if (!r->failed && *type != NEAR_KEY_ED25519) {
        r->failed = 1;
        st_err_set(r->err, "borsh: %s: key type %u is not ed25519 (0)", what, *type);
        return;
    }
    rd_fixed(r, key, 32, what);
}

static void rd_u128(struct rd *r, uint64_t *hi, uint64_t *lo, const char *what)
{
    *lo = rd_u64(r, what);
    *hi = rd_u64(r, what);
}

static void rd_action(struct rd *r, struct txd_action *a)
{
    a->tag = rd_u8(r, "action tag");
    if (r->failed)
        return;
    uint8_t kt, key[32];
    switch (a->tag) {
    case NEAR_ACTION_FUNCTION_CALL:
        a->method_name = rd_string(r, "FunctionCall.method_name");
        a->args = rd_bytes(r, &a->args_len, "FunctionCall.args");
        a->gas = rd_u64(r, "FunctionCall.gas");
        rd_u128(r, &a->deposit_hi, &a->deposit_lo, "FunctionCall.deposit");
        return;
    case NEAR_ACTION_TRANSFER:
        rd_u128(r, &a->deposit_hi, &a->deposit_lo, "Transfer.deposit");
        return;
    case NEAR_ACTION_ADD_KEY: {
        rd_pubkey(r, &kt, key, "AddKey.public_key");
        (void)rd_u64(r, "AccessKey.nonce");
        uint8_t perm = rd_u8(r, "AccessKey.permission");
        if (r->failed || perm == 1)
            return;
        if (perm != 0) {
            r->failed = 1;
            st_err_set(r->err, "borsh: AccessKey.permission tag %u", perm);
            return;
        }
        uint8_t opt = rd_u8(r, "allowance option");
        if (opt == 1) {
            uint64_t hi, lo;
            rd_u128(r, &hi, &lo, "allowance");
        } else if (!r->failed && opt != 0) {
            r->failed = 1;
            st_err_set(r->err, "borsh: Option tag %u", opt);
            return;
        }
        free(rd_string(r, "FunctionCallPermission.receiver_id"));
        uint32_t k = rd_u32(r, "method_names");
        for (uint32_t i = 0; i < k && !r->failed; i++)
            free(rd_string(r, "method_names[i]"));
        return;
    }
    case NEAR_ACTION_DELETE_KEY:
        rd_pubkey(r, &kt, key, "DeleteKey.public_key");
        return;
    default:
        r->failed = 1;
        st_err_set(r->err, "borsh: action tag %u is not one this network decodes", a->tag);
        return;
    }
}

int tx_decode_signed(const uint8_t *raw, size_t n, struct tx_decoded *out, st_err *err)
{
    memset(out, 0, sizeof *out);
    struct rd r = {raw, n, 0, err, 0};
    out->signer_id = rd_string(&r, "signer_id");
    rd_pubkey(&r, &out->key_type, out->public_key, "public_key");
    out->nonce = rd_u64(&r, "nonce");
    out->receiver_id = rd_string(&r, "receiver_id");
    rd_fixed(&r, out->block_hash, 32, "block_hash");
    uint32_t na = rd_u32(&r, "actions");
    if (!r.failed && na > TXD_MAX_ACTIONS)
        return st_err_set(err, "borsh: %u actions (at most %d decoded)", na, TXD_MAX_ACTIONS);
    for (uint32_t i = 0; i < na && !r.failed; i++) {
        out->n_actions = i + 1; /* counted first, so a half-read action is freed too */
        rd_action(&r, &out->actions[i]);
    }
    if (r.failed)
        return -1;
    out->tx_len = r.off;
    out->sig_type = rd_u8(&r, "signature type");
    if (!r.failed && out->sig_type != NEAR_KEY_ED25519)
        return st_err_set(err, "borsh: signature type %u is not ed25519 (0)", out->sig_type);
    rd_fixed(&r, out->signature, 64, "signature");
    if (r.failed)
        return -1;
    if (r.off != n)
        return st_err_set(err, "borsh: %zu trailing bytes after the SignedTransaction", n - r.off);
    if (!near_account_id_valid(out->signer_id))
        return st_err_set(err, "signer_id \"%.70s\" is not a valid account id", out->signer_id);
    if (!near_account_id_valid(out->receiver_id))
        return st_err_set(err, "receiver_id \"%.70s\" is not a valid account id", out->receiver_id);
    sha256(raw, out->tx_len, out->hash);
    return 0;
}

int tx_verify_signature(const struct tx_decoded *tx)
{
    return crypto_sign_verify_detached(tx->signature, tx->hash, sizeof tx->hash, tx->public_key) == 0;
}

void tx_decoded_free(struct tx_decoded *tx)
{
    free(tx->signer_id);
    free(tx->receiver_id);
    for (size_t i = 0; i < tx->n_actions; i++) {
        free(tx->actions[i].method_name);
        free(tx->actions[i].args);
    }
    memset(tx, 0, sizeof *tx);
}
