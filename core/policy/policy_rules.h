/* policy_rules.h: the parsed rules (internal to core/policy). A rule set is what one tenant
 * or one strategy is bound by: limits per chain and asset, and lists per chain. */
#ifndef STEWARD_POLICY_RULES_H
#define STEWARD_POLICY_RULES_H

#include <stddef.h>
#include <stdint.h>

struct policy_limits {
    char *chain;
    char *asset;
    char *max_per_tx;         /* display-unit decimal text, NULL when not set */
    char *max_per_day;        /* idem */
    int64_t max_tx_per_hour;  /* -1 when not set */
};

struct policy_list {
    char *chain;
    char **items;
    size_t n;
};

struct policy_ruleset {
    char *name;
    struct policy_limits *limits;
    size_t nlimits;
    struct policy_list *allow_to, *deny_to, *assets;
    size_t nallow, ndeny, nassets;
};

struct policy {
    struct policy_ruleset *tenants;
    size_t ntenants;
    struct policy_ruleset *strategies;
    size_t nstrategies;
};

const struct policy_ruleset *policy_find_set(const struct policy_ruleset *sets, size_t n, const char *name);
const struct policy_limits *policy_find_limits(const struct policy_ruleset *rs, const char *chain, const char *asset);
const struct policy_list *policy_find_list(const struct policy_list *lists, size_t n, const char *chain);
int policy_list_has(const struct policy_list *l, const char *item);

#endif
