/* signer.h: the only code in steward that uses private keys.
 *
 * A plugin never holds a key. When the host has approved one request (built, described,
 * checked and recorded in the audit log), it issues a sign capability: a token bound to one
 * chain, one tenant's key (derivation path and public key), one signature scheme, the audit
 * record of the approved request, and a maximum number of signatures. The plugin computes its
 * digests and calls host->sign, which lands in signer_sign: the capability must be live
 * (issued by this signer, not revoked), below its bound, for the same scheme and for the same
 * account. The private key is derived on demand into guarded memory, used once and wiped.
 * Every signature is written to the audit log (kind "sign") with the request it serves before
 * the signature is handed out.
 *
 * Capabilities are one-shot: the host revokes a capability as soon as the plugin's sign step
 * returns, so a plugin that kept the pointer cannot use it again. */
#ifndef STEWARD_SIGNER_SIGNER_H
#define STEWARD_SIGNER_SIGNER_H

#include <stddef.h>
#include <stdint.h>

#include "steward_plugin.h"
#include "store/store.h"
#include "util/err.h"
#include "util/secmem.h"

struct signer;

/* Creates a signer over a root seed (not copied: it must outlive the signer) that audits into
 * `store`. */
int signer_new(const secbuf *root_seed, struct store *store, struct signer **out, st_err *err);

/* Revokes every live capability and frees the signer. NULL is a no-op. */
void signer_free(struct signer *s);

/* Issues a capability for `max_sigs` signatures (1..64) with `scheme` by `account` for `chain`,
 * serving the approved request recorded as audit record `request_seq`. */
int signer_issue(struct signer *s, const char *chain, const struct stw_account *account, enum stw_sig_scheme scheme,
                 uint32_t max_sigs, int64_t request_seq, struct stw_sign_cap **out, st_err *err);

/* Ends a capability: later uses fail. Safe on NULL and on an already revoked capability. */
void signer_revoke(struct signer *s, struct stw_sign_cap *cap);

/* Signatures made with a capability so far. */
uint32_t signer_cap_used(const struct stw_sign_cap *cap);

/* Signs through a capability (see host->sign in steward_plugin.h for the formats). Fails,
 * naming the rule, when the capability is not one of this signer's live ones, is used up,
 * or the scheme or account differs from what it was issued for. */
int signer_sign(struct signer *s, struct stw_sign_cap *cap, const struct stw_account *account,
                enum stw_sig_scheme scheme, const uint8_t *msg, size_t msg_len, uint8_t sig[65], size_t *sig_len,
                st_err *err);

#endif
