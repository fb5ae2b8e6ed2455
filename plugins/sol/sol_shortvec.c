/* sol_shortvec.c: see sol_shortvec.h. */
#include "sol_shortvec.h"

size_t sol_shortvec_encode(uint16_t v, uint8_t out[SOL_SHORTVEC_MAX])
{
    size_t n = 0;
    unsigned rest = v;
    for (;;) {
        uint8_t b = (uint8_t)(rest & 0x7f);
        rest >>= 7;
        if (rest == 0) {
            out[n++] = b;
            return n;
        }
        out[n++] = (uint8_t)(b | 0x80);
    }
}

size_t sol_shortvec_decode(const uint8_t *in, size_t len, uint16_t *v)
{
    uint32_t value = 0;
    for (size_t i = 0; i < SOL_SHORTVEC_MAX; i++) {
        if (i >= len)
            return 0; /* truncated */
        uint8_t b = in[i];
        /* A zero group after the first byte means a shorter encoding existed: an alias. */
        if (i > 0 && b == 0)
            return 0;
        if (i == SOL_SHORTVEC_MAX - 1 && b > 0x03)
            return 0; /* continuation or more than 16 bits */
        value |= (uint32_t)(b & 0x7f) << (7 * i);
        if ((b & 0x80) == 0) {
            *v = (uint16_t)value;
            return i + 1;
        }
    }
    return 0; /* not reached: the third byte has no continuation bit by the check above */
}
