/* schema.h: the configuration schema, as code. docs/config.md is its description; the
 * two must agree key for key. Each function reads one part of the tree into struct config
 * and reports the first problem it meets. */
#ifndef STEWARD_CONFIG_SCHEMA_H
#define STEWARD_CONFIG_SCHEMA_H

#include "config/config.h"
#include "config/walk.h"

/* The whole document: root must be a mapping. */
int schema_read(struct walk *w, const struct ynode *root, struct config *cfg);

/* The secret: mapping (needs cfg->data_dir for defaults). */
int schema_secret(struct walk *w, const struct ynode *secret, struct config *cfg);

/* The strategies: sequence (needs cfg->tenants). n may be NULL (absent). */
int schema_strategies(struct walk *w, const struct ynode *n, struct config *cfg);

/* Returns malloc'd "<dir>/<name>". */
char *schema_join(const char *dir, const char *name);

#endif
