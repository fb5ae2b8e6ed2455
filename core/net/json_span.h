/* json_span.h: walking JSON text that has already been validated (by jansson), to find the
 * exact span of a value without converting it: RPC results handed to plugins verbatim, and
 * prices taken from their digits exactly. Each function takes the text and an index and
 * returns the index just after what it skipped; none of them checks syntax. */
#ifndef STEWARD_NET_JSON_SPAN_H
#define STEWARD_NET_JSON_SPAN_H

#include <stddef.h>

/* Skips spaces, tabs and line ends. */
size_t json_skip_ws(const char *s, size_t i);

/* Skips a string starting at s[i] == '"' (escapes included) to after its closing quote. */
size_t json_skip_string(const char *s, size_t i);

/* Skips one value starting at s[i]: a string, an object or array (tracking nesting and the
 * strings inside), or a number, true, false or null. */
size_t json_skip_value(const char *s, size_t i);

#endif
