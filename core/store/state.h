/* state.h: persistent key/value state, one namespace per strategy.
 *
 * A strategy's Lua code keeps what it must remember between runs (last price, position,
 * counters) here. Keys and values are byte strings (Lua strings are), so text and binary are
 * both fine; keys are compared and listed byte-wise. The namespace is the strategy id string
 * the caller chooses (a multi-tenant caller includes the tenant in it).
 *
 * Each call is its own durable transaction, or joins the caller's store transaction
 * (store_begin) when one is open, so a strategy's state change can land atomically with the
 * policy reservation and audit record of the same run. */
#ifndef STEWARD_STORE_STATE_H
#define STEWARD_STORE_STATE_H

#include <stddef.h>

#include "store/store.h"
#include "util/err.h"

#define STATE_STRATEGY_MAX 256 /* bytes, non-empty */
#define STATE_KEY_MAX 256      /* bytes, non-empty */
#define STATE_VALUE_MAX 65536  /* bytes, may be empty */

/* Sets strategy/key to the value, replacing any previous value. Over-size or empty keys,
 * over-size values and bad strategy ids are refused with an error naming the limit. */
int state_set(struct store *s, const char *strategy, const void *key, size_t key_len,
              const void *value, size_t value_len, st_err *err);

/* Looks up strategy/key. Found: *found = 1, *value is a malloc'd copy with one extra NUL byte
 * after value_len bytes (so text can be used as a C string), which the caller frees. Not found:
 * *found = 0, *value = NULL, *value_len = 0, and the call still returns 0. */
int state_get(struct store *s, const char *strategy, const void *key, size_t key_len,
              void **value, size_t *value_len, int *found, st_err *err);

/* Removes strategy/key. *existed (may be NULL) says whether there was one; deleting a missing
 * key is not an error. */
int state_delete(struct store *s, const char *strategy, const void *key, size_t key_len,
                 int *existed, st_err *err);

/* Calls fn for each key of the strategy in byte-wise order. The key pointer is valid only
 * during the call. fn returns 0 to go on, > 0 to stop, < 0 to stop with an error (state_list
 * then returns -1). */
typedef int (*state_key_fn)(const void *key, size_t key_len, void *ctx);
int state_list(struct store *s, const char *strategy, state_key_fn fn, void *ctx, st_err *err);

#endif
