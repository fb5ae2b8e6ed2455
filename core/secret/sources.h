/* sources.h: the per-source entry points behind secret_recover (internal to core/secret).
 *
 * Each fills a zeroed master_secret on success and leaves it empty on failure; none of them
 * knows about any other source, which is how the no-fallback rule is kept structurally. */
#ifndef STEWARD_SECRET_SOURCES_H
#define STEWARD_SECRET_SOURCES_H

#include "config/config.h"
#include "secret/secret_source.h"
#include "util/err.h"

/* backup: cfg->env, cfg->file or cfg->value (exactly one), hex or BIP-39 mnemonic. */
int secret_source_backup(const struct config_backup *cfg, struct master_secret *out, st_err *err);

/* sealed: open <file>, or create it when it does not exist yet. */
int secret_source_sealed(const struct config_sealed *cfg, const char *data_dir, struct master_secret *out,
                         st_err *err);

/* dev: read <file> as a backup mnemonic, generating it first when it does not exist yet. */
int secret_source_dev(const struct config_dev *cfg, const char *data_dir, struct master_secret *out,
                      st_err *err);

/* mpc: NEAR MPC CKD through secret.mpc (see mpc.h). */
int secret_source_mpc(const struct config_mpc *cfg, struct master_secret *out, st_err *err);

/* Joins data_dir and name into a malloc'd path (NULL data_dir: "steward-data"). */
char *secret_default_path(const char *data_dir, const char *name);

#endif
