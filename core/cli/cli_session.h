/* cli_session.h: what a command that acts for the agent opens, in order, and closes in reverse:
 * configuration, master secret, store, signer, chain plugins. Each command asks only for what
 * it needs. */
#ifndef STEWARD_CLI_SESSION_H
#define STEWARD_CLI_SESSION_H

#include <jansson.h>

#include "cli/cli_common.h"
#include "intent/intent.h"
#include "plugin/host.h"
#include "policy/policy.h"
#include "prices/prices.h"
#include "secret/secret_source.h"
#include "signer/signer.h"
#include "store/store.h"

enum { NEED_SECRET = 1, NEED_STORE = 2, NEED_PLUGINS = 4, NEED_SIGNER = 8, NEED_POLICY = 16, NEED_PRICES = 32 };

struct session {
    struct config cfg;
    struct master_secret ms;
    struct store *store;
    struct signer *signer;
    struct plugin_set plugins;
    struct policy *policy; /* the configured rules (empty rules when there is no policy section) */
    struct prices *prices; /* the configured price source (NEED_PRICES) */
    struct intent_env env; /* the above, for the intent pipeline (core/intent) */
};


/* Opens what `need` asks for (NEED_SIGNER implies secret and store). Returns an exit code:
 * 0, EXIT_USAGE (configuration) or EXIT_RUNTIME; errors are printed as "steward <cmd>: ...". */
int session_open(const char *cmd, const struct cli_opts *o, unsigned need, struct session *s);

/* The same with s->cfg already loaded (and possibly adjusted: backtests); the rest of *s must
 * be zero. */
int session_open_loaded(const char *cmd, unsigned need, struct session *s);

void session_close(struct session *s);

/* Derives tenant's account `index` on a loaded chain (intent_account: on a paper chain the
 * account is funded the first time it is seen). */
int session_account(struct session *s, struct loaded_plugin *lp, const char *tenant, uint32_t index,
                    struct intent_account *out, st_err *err);

/* Appends an audit record with a JSON detail (consumed). Returns -1 on failure; *seq gets its seq. */
int session_audit(struct session *s, const char *kind, const char *tenant, const char *subject, json_t *detail,
                  int64_t *seq, st_err *err);

#endif
