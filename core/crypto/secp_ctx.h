/* secp_ctx.h: the one libsecp256k1 context the crypto module uses.
 *
 * Creating a context costs tens of microseconds and it is read-only once made, so one is
 * shared by the whole process. It is randomised (secp256k1_context_randomize) with 32 bytes
 * from libsodium's CSPRNG, which blinds the secret-key operations against side channels. */
#ifndef STEWARD_CRYPTO_SECP_CTX_H
#define STEWARD_CRYPTO_SECP_CTX_H

#include <secp256k1.h>

/* Returns the shared context, creating it on first use (thread-safe), or NULL if libsodium
 * could not be initialised or the context could not be allocated or randomised. The context
 * must not be destroyed or re-randomised by callers. */
const secp256k1_context *secp_ctx(void);

#endif
