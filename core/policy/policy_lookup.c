/* policy_lookup.c: finding the rule set, limits and lists that apply to a request. Names,
 * chains, assets and addresses are compared byte for byte (docs/policy.md). */
#include <string.h>

#include "policy/policy_rules.h"

const struct policy_ruleset *policy_find_set(const struct policy_ruleset *sets, size_t n, const char *name)
{
    if (!name)
        return NULL;
    for (size_t i = 0; i < n; i++)
        if (strcmp(sets[i].name, name) == 0)
            return &sets[i];
    return NULL;
}

const struct policy_limits *policy_find_limits(const struct policy_ruleset *rs, const char *chain, const char *asset)
{
    for (size_t i = 0; rs && i < rs->nlimits; i++)
        if (strcmp(rs->limits[i].chain, chain) == 0 && strcmp(rs->limits[i].asset, asset) == 0)
            return &rs->limits[i];
    return NULL;
}

const struct policy_list *policy_find_list(const struct policy_list *lists, size_t n, const char *chain)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(lists[i].chain, chain) == 0)
            return &lists[i];
    return NULL;
}

int policy_list_has(const struct policy_list *l, const char *item)
{
    for (size_t i = 0; l && i < l->n; i++)
        if (strcmp(l->items[i], item) == 0)
            return 1;
    return 0;
}
