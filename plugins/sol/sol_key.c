/* sol_key.c: see sol_key.h. */
#include "sol_key.h"

#include <string.h>

#include "crypto/base58.h"

const uint8_t SOL_SYSTEM_PROGRAM[SOL_KEY_LEN] = {0};

const uint8_t SOL_TOKEN_PROGRAM[SOL_KEY_LEN] = {
    0x06, 0xdd, 0xf6, 0xe1, 0xd7, 0x65, 0xa1, 0x93, 0xd9, 0xcb, 0xe1, 0x46, 0xce, 0xeb, 0x79, 0xac,
    0x1c, 0xb4, 0x85, 0xed, 0x5f, 0x5b, 0x37, 0x91, 0x3a, 0x8c, 0xf5, 0x85, 0x7e, 0xff, 0x00, 0xa9,
};

const uint8_t SOL_TOKEN_2022_PROGRAM[SOL_KEY_LEN] = {
    0x06, 0xdd, 0xf6, 0xe1, 0xee, 0x75, 0x8f, 0xde, 0x18, 0x42, 0x5d, 0xbc, 0xe4, 0x6c, 0xcd, 0xda,
    0xb6, 0x1a, 0xfc, 0x4d, 0x83, 0xb9, 0x0d, 0x27, 0xfe, 0xbd, 0xf9, 0x28, 0xd8, 0xa1, 0x8b, 0xfc,
};

const uint8_t SOL_ATA_PROGRAM[SOL_KEY_LEN] = {
    0x8c, 0x97, 0x25, 0x8f, 0x4e, 0x24, 0x89, 0xf1, 0xbb, 0x3d, 0x10, 0x29, 0x14, 0x8e, 0x0d, 0x83,
    0x0b, 0x5a, 0x13, 0x99, 0xda, 0xff, 0x10, 0x84, 0x04, 0x8e, 0x7b, 0xd8, 0xdb, 0xe9, 0xf8, 0x59,
};

int sol_key_parse(const char *text, const char *field, uint8_t out[SOL_KEY_LEN], st_err *err)
{
    /* Decode into a larger buffer so that 33 decoded bytes are reported as a wrong length
     * rather than as an overflow. */
    uint8_t buf[SOL_KEY_LEN + 8];
    size_t len = 0;
    st_err inner = {0};
    if (text == NULL)
        return st_err_set(err, "%s: not a Solana address (not a string)", field);
    if (text[0] == '\0')
        return st_err_set(err, "%s: not a Solana address (empty)", field);
    if (strlen(text) > 44)
        return st_err_set(err, "%s: not a Solana address (%zu characters; at most 44)", field, strlen(text));
    if (base58_decode(text, buf, sizeof buf, &len, &inner) != 0)
        return st_err_set(err, "%s: not a Solana address (%s)", field, inner.msg);
    if (len != SOL_KEY_LEN)
        return st_err_set(err, "%s: not a Solana address (%zu bytes of base58; need 32)", field, len);
    memcpy(out, buf, SOL_KEY_LEN);
    return 0;
}

void sol_key_format(const uint8_t key[SOL_KEY_LEN], char *out, size_t cap)
{
    if (base58_encode(key, SOL_KEY_LEN, out, cap, NULL) != 0 && cap > 0)
        out[0] = '\0';
}
