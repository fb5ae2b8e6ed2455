/* private_file.h: reads a small binary file that guards a secret, byte for byte.
 *
 * fs_read_secret_file (util/fsutil.h) trims trailing whitespace, which is right for text
 * secrets but would corrupt binary ones: a raw 32-byte key file whose last byte happens to be
 * 0x0a or 0x20 would lose it. Key files and sealed files are read here instead, with the same
 * checks (regular file, no symlink, nothing granted to group or others, size limit). */
#ifndef STEWARD_SECRET_PRIVATE_FILE_H
#define STEWARD_SECRET_PRIVATE_FILE_H

#include <stddef.h>

#include "util/err.h"
#include "util/secmem.h"

/* Reads at most `max` bytes of path into guarded memory, exactly as stored (a NUL is kept
 * after the content, not counted in out->len). Errors name the path. */
int private_file_read(const char *path, size_t max, secbuf *out, st_err *err);

#endif
