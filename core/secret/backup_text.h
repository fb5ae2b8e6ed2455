/* backup_text.h: turns the text of a backup secret into a root seed.
 *
 * The text is either exactly 64 hex digits (the 32-byte master secret; an optional "0x"
 * prefix is accepted) or an English BIP-39 mnemonic. Leading and trailing whitespace is
 * ignored; a mnemonic's words may be separated by any run of spaces, tabs or newlines and
 * are compared in lower case. A mnemonic is validated (wordlist, word count, checksum) and
 * turned into the 64-byte BIP-39 seed with the optional passphrase. A non-empty passphrase
 * with a hex secret is an error: it would be silently ignored otherwise, and the user would
 * believe it protects something. */
#ifndef STEWARD_SECRET_BACKUP_TEXT_H
#define STEWARD_SECRET_BACKUP_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "util/err.h"
#include "util/secmem.h"

/* label names the source in errors ("STEWARD_BACKUP", a file path, "secret.backup.value");
 * errors never quote the text. passphrase may be NULL or empty (no passphrase).
 * On success *root_seed holds 32 bytes (hex) or 64 bytes (mnemonic) in guarded memory and
 * *is_mnemonic tells which (may be NULL). */
int backup_text_to_seed(const char *label, const uint8_t *text, size_t len, const secbuf *passphrase,
                        secbuf *root_seed, int *is_mnemonic, st_err *err);

#endif
