/* secret_source.h: where the master secret comes from at every boot.
 *
 * A TEE's memory does not survive a restart, so steward recovers its master secret from the
 * one source the configuration names (secret.source):
 *
 *   backup  hex (32 bytes) or a BIP-39 mnemonic, from an environment variable, a private
 *           file or an inline ${VAR} value
 *   sealed  32 bytes encrypted at rest (XChaCha20-Poly1305) under a sealing key from a
 *           provider (key file, passphrase through Argon2id, or the dstack guest agent);
 *           created on the first boot, opened on every later one
 *   dev     a generated mnemonic in the data folder, for development only (is_dev = 1)
 *   mpc     NEAR MPC CKD (mpc.h): the network derives it for the configured account and
 *           path; the same request always gives the same secret
 *
 * The no-fallback rule: secret_recover uses exactly the configured source. If that source
 * cannot deliver, it fails; it never tries another source, never generates a replacement
 * for a secret that should already exist, and never continues with a different secret,
 * because a different secret means different addresses and funds that silently disappear.
 * (The only things ever generated are the sealed secret when its file does not exist yet and
 * the dev secret when its file does not exist yet; both report created = 1.)
 *
 * Errors name the source (variable name, file path, config key) and never contain secret
 * material. Formats and rules are documented in docs/secrets.md. */
#ifndef STEWARD_SECRET_SECRET_SOURCE_H
#define STEWARD_SECRET_SECRET_SOURCE_H

#include "config/config.h"
#include "util/err.h"
#include "util/secmem.h"

struct master_secret {
    secbuf root_seed;   /* 32 bytes (hex, sealed, dev, mpc) or 64 bytes (BIP-39 seed) */
    const char *source; /* "backup", "sealed", "dev", ... (static string) */
    int is_dev;         /* 1 for the dev source: every output must label it */
    int created;        /* 1 if this boot created it (sealed first boot, dev first run) */
};

/* Recovers the master secret from the source cfg->source names, and only from it.
 *
 * data_dir supplies defaults for paths the configuration left unset (NULL when every path is
 * set): <data_dir>/master.sealed for sealed and <data_dir>/dev-backup.secret for dev.
 * On success *out holds the root seed in guarded memory (release it with master_secret_free).
 * On failure returns -1, *out is left empty and err holds one line naming the source.
 *
 * Side effect of the backup source read from an environment variable: the variable's value
 * is wiped and the variable removed from the process environment (see docs/secrets.md).
 * Must run before other threads exist (it may call unsetenv). */
int secret_recover(const struct config_secret *cfg, const char *data_dir, struct master_secret *out,
                   st_err *err);

/* Wipes and releases the root seed; leaves *ms zeroed. Safe on a zeroed struct. */
void master_secret_free(struct master_secret *ms);

/* Writes a fresh backup secret for `steward init`: a 24-word English BIP-39 mnemonic made from
 * 32 bytes of randombytes_buf, words separated by single spaces, with a trailing newline, into a
 * new file of mode 0600. Missing parent folders are created with mode 0700. An existing file is
 * never overwritten (error). Nothing secret is written anywhere else. */
int secret_generate_backup_file(const char *path, st_err *err);

#endif
