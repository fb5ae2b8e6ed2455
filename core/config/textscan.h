/* textscan.h: the checks made on the raw bytes before libyaml sees them.
 *
 * libyaml rejects invalid UTF-8 and control characters itself, but reports them as a byte
 * offset without a line or column, and binary garbage deserves a plainer message than a
 * reader error. So the text is checked here first, with the same character classes libyaml
 * accepts, and the position is given the way libyaml counts it: lines split at LF, CR LF or
 * CR, columns counted in characters (not bytes), both 1-based here. */
#ifndef STEWARD_CONFIG_TEXTSCAN_H
#define STEWARD_CONFIG_TEXTSCAN_H

#include <stddef.h>

/* Returns 0 if text[0..len) is UTF-8 made only of characters YAML allows. Otherwise
 * returns -1, sets *bad_off to the offending byte's offset and *why to a short static
 * description ("NUL byte (binary data?)", "invalid UTF-8", "control character"). */
int text_check(const char *text, size_t len, size_t *bad_off, const char **why);

/* The 1-based line and column of byte offset `off` (off <= len). */
void text_position(const char *text, size_t len, size_t off, unsigned *line, unsigned *col);

/* The byte offset of 1-based line and column (the inverse of text_position), or len when
 * the position lies beyond the text. */
size_t text_offset(const char *text, size_t len, unsigned line, unsigned col);

#endif
