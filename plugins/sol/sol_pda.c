/* sol_pda.c: see sol_pda.h. */
#include "sol_pda.h"

#include <string.h>

#include "crypto/hash.h"
#include "sol_curve.h"
#include "sol_key.h"

static const char PDA_MARKER[] = "ProgramDerivedAddress"; /* hashed without its NUL */

int sol_create_program_address(const struct sol_seed *seeds, size_t nseeds, const uint8_t program[32],
                               uint8_t out[32], st_err *err)
{
    uint8_t buf[SOL_PDA_MAX_SEEDS * SOL_PDA_MAX_SEED_LEN + 32 + sizeof PDA_MARKER];
    size_t n = 0;
    if (nseeds > SOL_PDA_MAX_SEEDS)
        return st_err_set(err, "program address: %zu seeds (at most %d)", nseeds, SOL_PDA_MAX_SEEDS);
    for (size_t i = 0; i < nseeds; i++) {
        if (seeds[i].len > SOL_PDA_MAX_SEED_LEN)
            return st_err_set(err, "program address: seed %zu is %zu bytes (at most %d)", i, seeds[i].len,
                              SOL_PDA_MAX_SEED_LEN);
        if (seeds[i].len > 0)
            memcpy(buf + n, seeds[i].data, seeds[i].len);
        n += seeds[i].len;
    }
    memcpy(buf + n, program, 32);
    n += 32;
    memcpy(buf + n, PDA_MARKER, sizeof PDA_MARKER - 1);
    n += sizeof PDA_MARKER - 1;
    sha256(buf, n, out);

    int on = sol_on_curve(out);
    if (on < 0)
        return st_err_set(err, "program address: out of memory in the curve check");
    return on ? 1 : 0;
}

int sol_find_program_address(const struct sol_seed *seeds, size_t nseeds, const uint8_t program[32],
                             uint8_t out[32], uint8_t *bump, st_err *err)
{
    struct sol_seed all[SOL_PDA_MAX_SEEDS];
    uint8_t b[1];
    if (nseeds > SOL_PDA_MAX_SEEDS - 1)
        return st_err_set(err, "program address: %zu seeds (at most %d besides the bump)", nseeds,
                          SOL_PDA_MAX_SEEDS - 1);
    for (size_t i = 0; i < nseeds; i++)
        all[i] = seeds[i];
    all[nseeds].data = b;
    all[nseeds].len = 1;
    for (unsigned candidate = 255; candidate >= 1; candidate--) {
        b[0] = (uint8_t)candidate;
        int r = sol_create_program_address(all, nseeds + 1, program, out, err);
        if (r < 0)
            return -1;
        if (r == 0) {
            if (bump != NULL)
                *bump = (uint8_t)candidate;
            return 0;
        }
    }
    return st_err_set(err, "program address: no bump from 255 to 1 gives an address off the curve");
}

int sol_ata_address(const uint8_t owner[32], const uint8_t mint[32], const uint8_t token_program[32],
                    uint8_t out[32], uint8_t *bump, st_err *err)
{
    const struct sol_seed seeds[3] = {{owner, 32}, {token_program, 32}, {mint, 32}};
    uint8_t b = 0;
    if (sol_find_program_address(seeds, 3, SOL_ATA_PROGRAM, out, &b, err) != 0)
        return -1;
    if (bump != NULL)
        *bump = b;
    return 0;
}
