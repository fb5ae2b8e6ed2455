/* builtin.c: the table of compiled-in strategies (see builtin.h; the texts are generated from
 * strategies/<name>.lua by the build). */
#include "config/builtin.h"

#include <string.h>

extern const char steward_builtin_rebalance[], steward_builtin_take_profit[], steward_builtin_dca[];
extern const size_t steward_builtin_rebalance_len, steward_builtin_take_profit_len, steward_builtin_dca_len;

static const char *const names[] = {"rebalance", "take_profit", "dca", NULL};

int builtin_strategy(const char *name, const char **text, size_t *len)
{
    const char *const texts[] = {steward_builtin_rebalance, steward_builtin_take_profit, steward_builtin_dca};
    const size_t *lens[] = {&steward_builtin_rebalance_len, &steward_builtin_take_profit_len,
                            &steward_builtin_dca_len};
    for (size_t i = 0; names[i]; i++)
        if (strcmp(names[i], name) == 0) {
            *text = texts[i];
            *len = *lens[i];
            return 0;
        }
    return -1;
}

const char *const *builtin_strategy_names(void)
{
    return names;
}
