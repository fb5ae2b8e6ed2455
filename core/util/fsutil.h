/* fsutil.h: file operations with the guarantees steward needs: files that hold or guard
 * secrets are checked for permissions, new files never overwrite, and writes land whole or
 * not at all (temporary file, fsync, rename, fsync of the folder). */
#ifndef STEWARD_UTIL_FSUTIL_H
#define STEWARD_UTIL_FSUTIL_H

#include <stddef.h>
#include <sys/types.h>

#include "util/err.h"
#include "util/secmem.h"

/* Reads a whole regular file (at most `max` bytes) into a malloc'd, NUL-terminated buffer.
 * Not for secrets. Errors name the path. */
int fs_read_file(const char *path, size_t max, char **out, size_t *outlen, st_err *err);

/* Reads a file that holds or guards a secret into guarded memory, byte for byte (binary keys,
 * sealed files). A NUL is kept after the content (not counted in out->len). Refuses anything
 * that is not a regular file (symlinks included), any file whose mode grants a permission to
 * group or others ("chmod 600 <path>" is suggested in the error), files over `max` bytes and
 * files that change while being read. The checks are made on the open descriptor, so the
 * file checked is the file read. */
int fs_read_private_file(const char *path, size_t max, secbuf *out, st_err *err);

/* Like fs_read_private_file, for text secrets: trailing whitespace is removed. */
int fs_read_secret_file(const char *path, size_t max, secbuf *out, st_err *err);

/* Checks that path's mode grants nothing to group or others. */
int fs_check_private(const char *path, st_err *err);

/* Creates a new file with `mode` (O_EXCL: an existing file is an error, never overwritten),
 * writes all bytes, fsyncs it and its folder. On failure the partial file is removed. */
int fs_write_new(const char *path, const void *data, size_t len, mode_t mode, st_err *err);

/* Replaces (or creates) path atomically: writes a temporary file in the same folder with
 * `mode`, fsyncs, renames over path and fsyncs the folder. Readers see old or new, never a mix. */
int fs_write_atomic(const char *path, const void *data, size_t len, mode_t mode, st_err *err);

/* Creates a folder and its missing parents with `mode`. An existing folder is fine. */
int fs_mkdir_p(const char *path, mode_t mode, st_err *err);

/* Returns a malloc'd path: `path` itself when absolute, else base_dir/path. base_dir NULL or
 * "" means the current folder. */
char *fs_resolve(const char *base_dir, const char *path);

/* Returns a malloc'd copy of the folder part of path ("." when it has none). */
char *fs_dirname(const char *path);

/* 1 if path exists (any type), 0 if not. */
int fs_exists(const char *path);

/* Removes a folder and everything under it (symbolic links are removed, never followed).
 * Returns 0, or -1 when something could not be removed. For throwaway folders steward made
 * itself (backtests). */
int fs_remove_tree(const char *path);

#endif
