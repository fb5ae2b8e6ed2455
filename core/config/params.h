/* params.h: a strategy's `params` mapping, handed to the strategy as JSON text.
 *
 * Mappings become objects (keys in document order), sequences arrays. A scalar becomes:
 *   - a JSON string when it is quoted, a block scalar, tagged !!str, or contains a ${VAR}
 *     reference or a $${ escape (the expanded text);
 *   - null for an empty value, ~ or null; true/false for exactly true/false;
 *   - a JSON number when its text is already a valid JSON number and an integer fits in
 *     64 bits signed or a fraction/exponent is finite as a double ("10", "-3", "0.25",
 *     "1e-9"); written exactly as in the file;
 *   - a JSON string in every other case ("007", "1.", ".5", "0x1F", "yes", "2024-01-01").
 * So numbers are never rounded or reinterpreted on the way in: amounts meant as exact
 * decimals should be quoted and are then strings. */
#ifndef STEWARD_CONFIG_PARAMS_H
#define STEWARD_CONFIG_PARAMS_H

#include "config/walk.h"

/* n is a mapping or an empty value (then "{}"). *out is malloc'd. */
int params_to_json(struct walk *w, const struct ynode *n, char **out);

/* The same, leaving out the top-level keys listed in `exclude` (NULL-terminated): used for a
 * chain's mapping, whose host keys (plugin, rpc, ...) are not the plugin's options. */
int params_to_json_except(struct walk *w, const struct ynode *n, const char *const *exclude, char **out);

#endif
