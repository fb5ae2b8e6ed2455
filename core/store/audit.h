/* audit.h: the append-only, hash-chained audit log.
 *
 * Every action that matters (agent start, policy decision, signature, broadcast outcome) is a
 * record: seq (1, 2, 3, ... without gaps), ts (UTC, ISO-8601 with milliseconds), kind (a dotted
 * identifier such as "agent.start"), tenant (or none), subject, detail (a JSON object), the
 * previous record's hash, its own hash, and an optional signature (added by a later issue).
 *
 * hash = SHA-256 over a domain-separated, length-prefixed encoding of (seq, ts, kind, tenant,
 * subject, detail, prev_hash); docs/store.md gives the exact bytes so that an outside tool
 * can recompute it. The audit_head table holds the last seq and hash and moves in the same
 * transaction as each append, so deleting the tail of the log is detected too.
 *
 * What this proves and what it does not: audit_verify detects any edit, deletion, insertion or
 * reordering of records, and truncation, unless the attacker rewrites every record from the
 * first changed one onwards AND the head consistently. Without a signature by a key the
 * attacker does not hold (a later issue), such a full rewrite is not detectable: anyone who
 * can write the database file can compute these hashes. The SQLite triggers that refuse
 * UPDATE and DELETE only stop accidents; they are not the guarantee. */
#ifndef STEWARD_STORE_AUDIT_H
#define STEWARD_STORE_AUDIT_H

#include <stddef.h>
#include <stdint.h>

#include "store/store.h"
#include "util/err.h"

#define AUDIT_HASH_LEN 32
#define AUDIT_HASH_TAG "steward-audit-v1" /* domain separation tag, first hashed field */

/* Limits audit_append enforces (bytes). */
#define AUDIT_KIND_MAX 64        /* [A-Za-z0-9._-], non-empty */
#define AUDIT_TENANT_MAX 256     /* non-empty when given, UTF-8 */
#define AUDIT_SUBJECT_MAX 1024   /* may be empty, UTF-8 */
#define AUDIT_DETAIL_MAX 65536   /* a JSON object */

/* One record as stored. Pointers are valid only for the duration of the callback that
 * receives the record. */
struct audit_record {
    int64_t seq;
    const char *ts;      /* "2025-01-31T23:59:59.123Z" */
    const char *kind;
    const char *tenant;  /* NULL when the record belongs to no tenant */
    const char *subject;
    const char *detail;  /* JSON object text, exactly as appended (and hashed) */
    uint8_t prev_hash[AUDIT_HASH_LEN];
    uint8_t hash[AUDIT_HASH_LEN];
    char prev_hash_hex[2 * AUDIT_HASH_LEN + 1];
    char hash_hex[2 * AUDIT_HASH_LEN + 1];
    const uint8_t *sig; /* NULL while unsigned */
    size_t sig_len;
};

/* Appends one record and returns its seq in *seq_out (may be NULL).
 * kind, subject and detail_json are required; tenant may be NULL. detail_json must parse (with
 * jansson, duplicate keys refused) as a JSON object; it is stored and hashed byte for byte as
 * given. Inputs outside the limits above, or text that is not UTF-8, are refused.
 * Outside a store transaction the record is durable (committed with synchronous=FULL) when
 * this returns 0. Inside one (store_begin), it joins that transaction: it becomes durable
 * when the outermost store_commit returns 0 and disappears with a rollback. On failure
 * nothing is appended and an enclosing transaction stays usable. */
int audit_append(struct store *s, const char *kind, const char *tenant, const char *subject,
                 const char *detail_json, int64_t *seq_out, st_err *err);

/* Computes a record's hash from its seq, ts, kind, tenant, subject, detail and prev_hash
 * (rec->hash, the hex fields and sig are ignored). Text fields are NUL-terminated. */
void audit_compute_hash(const struct audit_record *rec, uint8_t out[AUDIT_HASH_LEN]);

/* The head: the seq and hash of the last appended record (0 and 32 zero bytes when empty). */
int audit_get_head(struct store *s, int64_t *seq, uint8_t hash[AUDIT_HASH_LEN], st_err *err);

struct audit_verify_report {
    int ok;                /* 1 if every check passed */
    int64_t records;       /* records verified before the first problem (all when ok) */
    int64_t head_seq;      /* what the head says; -1 if the head row is missing */
    int64_t first_bad_seq; /* 0 when ok; else the first seq that cannot be trusted */
    char reason[256];      /* "" when ok; else one line naming the record and the problem */
};

/* Walks the whole log in seq order inside one read transaction (so a concurrent append
 * cannot look like tampering) and checks, for each record: its seq follows the previous one,
 * its prev_hash equals the previous record's hash (32 zero bytes for seq 1), and its hash
 * matches its contents; then that the head names the last record and its hash. Stops at the
 * first problem. Returns 0 when the verification ran, whatever its verdict (see rep->ok);
 * -1 (with err) only when the log could not be read. See docs/store.md for the reasons. */
int audit_verify(struct store *s, struct audit_verify_report *rep, st_err *err);

/* Calls fn for each record with seq >= from_seq, in seq order, at most `limit` records
 * (limit <= 0: no limit). fn returns 0 to go on, > 0 to stop (audit_foreach then returns 0),
 * < 0 to stop with an error (audit_foreach returns -1 and says which record). Records are
 * shown as stored: use audit_verify to know whether they can be trusted. */
typedef int (*audit_record_fn)(const struct audit_record *rec, void *ctx);
int audit_foreach(struct store *s, int64_t from_seq, int64_t limit, audit_record_fn fn,
                  void *ctx, st_err *err);

#endif
