/* config_parse_duration: "30s", "1h30m", "500ms", "2d".
 *
 * Each part is decimal digits and a unit; units are d, h, m, s, ms, each used at most once
 * and from the largest down ("1h30m", not "30m1h"), so every duration has one obvious
 * reading. No signs, spaces, fractions or bare numbers: a bare "30" could be seconds or
 * minutes depending on who reads it. Overflow of 64-bit milliseconds is an error. */
#include "config/config.h"

#include <string.h>

static const struct {
    const char *name;
    uint64_t ms;
} units[] = {{"d", 86400000u}, {"h", 3600000u}, {"m", 60000u}, {"s", 1000u}, {"ms", 1u}};

#define N_UNITS (sizeof units / sizeof *units)

int config_parse_duration(const char *s, uint64_t *ms)
{
    if (s == NULL || *s == '\0')
        return -1;
    uint64_t total = 0;
    size_t next_unit = 0; /* units before this index were used or skipped */
    while (*s) {
        if (*s < '0' || *s > '9')
            return -1;
        uint64_t n = 0;
        for (; *s >= '0' && *s <= '9'; s++) {
            uint64_t d = (uint64_t)(*s - '0');
            if (n > (UINT64_MAX - d) / 10)
                return -1;
            n = n * 10 + d;
        }
        /* "ms" must be tried before "m". */
        size_t u = N_UNITS;
        if (s[0] == 'm' && s[1] == 's')
            u = 4;
        else
            for (size_t i = 0; i < 4; i++)
                if (s[0] == units[i].name[0]) {
                    u = i;
                    break;
                }
        if (u == N_UNITS || u < next_unit)
            return -1;
        s += strlen(units[u].name);
        next_unit = u + 1;
        if (n > UINT64_MAX / units[u].ms)
            return -1;
        n *= units[u].ms;
        if (total > UINT64_MAX - n)
            return -1;
        total += n;
    }
    *ms = total;
    return 0;
}
