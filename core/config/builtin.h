/* builtin.h: the strategies shipped in strategies/, compiled into steward. A configuration
 * names one as `file: builtin:<name>` (e.g. builtin:rebalance); its text is then the one this
 * binary was built with, whatever the current folder holds. */
#ifndef STEWARD_CONFIG_BUILTIN_H
#define STEWARD_CONFIG_BUILTIN_H

#include <stddef.h>

#define BUILTIN_PREFIX "builtin:"

/* The text of built-in strategy `name` (without the prefix). Returns 0, or -1 when there is
 * no such built-in. */
int builtin_strategy(const char *name, const char **text, size_t *len);

/* The names of the built-ins, NULL-terminated, for error messages and `steward strategy
 * list`. */
const char *const *builtin_strategy_names(void);

#endif
