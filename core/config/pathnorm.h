/* pathnorm.h: resolving configured paths.
 *
 * Relative paths in a configuration resolve against the folder of the configuration file,
 * made absolute once (so later chdir calls change nothing). Resolution is textual: "." and
 * repeated slashes are removed, ".." is kept (it means something different across a
 * symbolic link) and symbolic links are not followed. */
#ifndef STEWARD_CONFIG_PATHNORM_H
#define STEWARD_CONFIG_PATHNORM_H

/* Returns a malloc'd absolute folder for `dir` (relative to the current folder; NULL or ""
 * mean the current folder itself), or NULL when the current folder cannot be read. */
char *path_absolute_dir(const char *dir);

/* Returns a malloc'd path: `path` itself if absolute, else base_dir/path; tidied. */
char *path_resolve(const char *base_dir, const char *path);

#endif
