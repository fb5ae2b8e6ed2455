/* sealing_key.h: the key a sealed master secret is encrypted under, from its provider.
 *
 *   keyfile     a private file holding 32 raw bytes or 64 hex digits, used as the key
 *   passphrase  Argon2id13 (crypto_pwhash) of the configured passphrase, with the salt and
 *               limits stored in the sealed file's header
 *   dstack      the dstack guest agent's key for the configured path (dstack_key.h), never
 *               used directly: sealing key = BLAKE2b-256 keyed with the agent's key over the
 *               label "steward-sealing-v1" (crypto_generichash), so the raw agent key, which
 *               other software in the CVM may derive for the same path, is not the AEAD key
 *
 * The provider of an existing file must be the configured one; there is no fallback from
 * one provider to another. */
#ifndef STEWARD_SECRET_SEALING_KEY_H
#define STEWARD_SECRET_SEALING_KEY_H

#include "config/config.h"
#include "secret/sealed_format.h"
#include "util/err.h"
#include "util/secmem.h"

#define SEALING_DSTACK_LABEL "steward-sealing-v1"
#define SEALING_DSTACK_PURPOSE "steward-sealing-key"
#define SEALING_DSTACK_DEFAULT_PATH "steward/sealing/v1"

/* Fills a header for a new file: version, provider, a random nonce, and for the passphrase
 * provider a random salt and the configured Argon2id limits. Checks the configuration
 * (key file set, passphrase not empty, limits within libsodium's range). */
int sealing_key_new_header(const struct config_sealed *cfg, struct sealed_header *h, st_err *err);

/* Checks an existing file's header against the configuration before any key work: the
 * provider must be the configured one, and the passphrase provider's stored limits must lie
 * between libsodium's minimum and the configured limits, so a modified file cannot make
 * steward spend more memory or time than the operator allowed. label prefixes errors. */
int sealing_key_check_header(const char *label, const struct config_sealed *cfg, const struct sealed_header *h,
                             st_err *err);

/* Derives the 32-byte sealing key for h (provider and parameters) into guarded memory. */
int sealing_key_derive(const struct config_sealed *cfg, const struct sealed_header *h, secbuf *key, st_err *err);

/* The key derivation from a dstack key, exposed for tests. */
void sealing_key_from_dstack(const uint8_t *dstack_key, size_t len, uint8_t out[SEALED_KEY_LEN]);

#endif
