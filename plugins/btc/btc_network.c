/* btc_network.c: the four networks (see btc_network.h). Values from Bitcoin Core's
 * chainparams.cpp (bech32_hrp, base58Prefixes) and SLIP-44 (coin type). */
#include "btc_network.h"

#include <string.h>

static const struct btc_network networks[] = {
    { "mainnet", "bc", 0, 0x00, 0x05 },
    { "testnet", "tb", 1, 0x6f, 0xc4 },
    { "signet", "tb", 1, 0x6f, 0xc4 },
    { "regtest", "bcrt", 1, 0x6f, 0xc4 },
};

const struct btc_network *btc_network_by_name(const char *name)
{
    for (size_t i = 0; i < sizeof networks / sizeof networks[0]; i++)
        if (strcmp(networks[i].name, name) == 0)
            return &networks[i];
    return NULL;
}
