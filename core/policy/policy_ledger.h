/* policy_ledger.h: the reservation table (internal to core/policy). All functions run
 * statements on the store's connection and join its open transaction. */
#ifndef STEWARD_POLICY_LEDGER_H
#define STEWARD_POLICY_LEDGER_H

#include <stdint.h>

#include "store/store.h"
#include "util/err.h"

/* Which reservations a window covers: those of a tenant (by tenant) or of a strategy (by
 * strategy, any tenant), for one chain and asset, unreleased, with ts_ms > since_ms. */
enum ledger_scope { LEDGER_TENANT, LEDGER_STRATEGY };

int ledger_window(struct store *s, enum ledger_scope scope, const char *who, const char *chain,
                  const char *asset, int64_t since_ms, uint8_t sum[32], int64_t *count,
                  st_err *err);

int ledger_insert(struct store *s, int64_t ts_ms, const char *tenant, const char *strategy,
                  const char *chain, const char *asset, const char *to, const char *amount,
                  unsigned decimals, int64_t *id_out, st_err *err);

int ledger_set_audit_seq(struct store *s, int64_t id, int64_t seq, st_err *err);

#endif
