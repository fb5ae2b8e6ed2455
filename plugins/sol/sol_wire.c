/* sol_wire.c: see sol_wire.h. */
#include "sol_wire.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/base58.h"
#include "sol_shortvec.h"

int sol_wire_serialize(const uint8_t (*sigs)[SOL_SIG_LEN], size_t nsigs, const uint8_t *msg, size_t msg_len,
                       uint8_t *out, size_t cap, size_t *len, st_err *err)
{
    uint8_t prefix[SOL_SHORTVEC_MAX];
    if (nsigs == 0 || nsigs > SOL_MAX_SIGS)
        return st_err_set(err, "transaction: %zu signatures (1 to %d)", nsigs, SOL_MAX_SIGS);
    size_t plen = sol_shortvec_encode((uint16_t)nsigs, prefix);
    size_t total = plen + nsigs * SOL_SIG_LEN + msg_len;
    if (total > cap)
        return st_err_set(err, "transaction: %zu bytes do not fit in %zu", total, cap);
    memcpy(out, prefix, plen);
    memcpy(out + plen, sigs, nsigs * SOL_SIG_LEN);
    memcpy(out + plen + nsigs * SOL_SIG_LEN, msg, msg_len);
    *len = total;
    return 0;
}

int sol_wire_split(const uint8_t *in, size_t len, const uint8_t **sigs, size_t *nsigs, const uint8_t **msg,
                   size_t *msg_len, st_err *err)
{
    uint16_t n;
    size_t used = sol_shortvec_decode(in, len, &n);
    if (used == 0)
        return st_err_set(err, "transaction: bad signature count");
    if (n == 0 || n > SOL_MAX_SIGS)
        return st_err_set(err, "transaction: %u signatures (1 to %d)", n, SOL_MAX_SIGS);
    if ((size_t)n * SOL_SIG_LEN + 1 > len - used)
        return st_err_set(err, "transaction: truncated (%zu bytes for %u signatures)", len, n);
    *sigs = in + used;
    *nsigs = n;
    *msg = in + used + (size_t)n * SOL_SIG_LEN;
    *msg_len = len - used - (size_t)n * SOL_SIG_LEN;
    if ((*msg)[0] != n)
        return st_err_set(err, "transaction: %u signatures but the message requires %u", n, (*msg)[0]);
    return 0;
}

void sol_signature_format(const uint8_t sig[SOL_SIG_LEN], char *out, size_t cap)
{
    if (base58_encode(sig, SOL_SIG_LEN, out, cap, NULL) != 0 && cap > 0)
        out[0] = '\0';
}

char *sol_base64_encode(const uint8_t *in, size_t len)
{
    size_t cap = sodium_base64_encoded_len(len, sodium_base64_VARIANT_ORIGINAL);
    char *out = malloc(cap);
    if (out == NULL)
        return NULL;
    sodium_bin2base64(out, cap, in, len, sodium_base64_VARIANT_ORIGINAL);
    return out;
}

int sol_base64_decode(const char *text, uint8_t *out, size_t cap, size_t *len, st_err *err)
{
    const char *end = NULL;
    size_t n = 0;
    if (sodium_base642bin(out, cap, text, strlen(text), NULL, &n, &end, sodium_base64_VARIANT_ORIGINAL) != 0 ||
        *end != '\0')
        return st_err_set(err, "not base64 (or longer than %zu bytes)", cap);
    *len = n;
    return 0;
}
