/* ckd.h: the requester's side of the NEAR MPC network's Confidential Key Derivation (CKD), as
 * the network runs it (DESIGN.md, "NEAR MPC CKD"):
 *
 *   app_id = SHA3-256("near-mpc v0.1.0 app_id derivation:" || predecessor_account || "," ||
 *            derivation_path)
 *   the requester picks an ephemeral scalar a and sends A = a·G1 ("bls12381g1:<base58>");
 *   the network answers Y and C (G1) with C = msk·H + a·Y, where
 *   H = hash_to_curve_G1(pk_compressed96 || app_id), RFC 9380 BLS12381G1_XMD:SHA-256_SSWU_RO_,
 *   DST "NEAR BLS12381G1_XMD:SHA-256_SSWU_RO_", and pk = msk·G2 is the network key;
 *   sig = C − a·Y = msk·H, which must satisfy e(H, pk) = e(sig, G2) (checked here: the
 *   contract does not), and the secret is HKDF-SHA256(ikm = compressed sig, salt, info), 32
 *   bytes (default: no salt, empty info, as the network's vectors do).
 *
 * The ephemeral scalar is a secret: it is multiplied in constant time (g1_mul_ct) and wiped by
 * ckd_request_wipe. Everything else here is public. */
#ifndef STEWARD_SECRET_CKD_H
#define STEWARD_SECRET_CKD_H

#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

#define CKD_DST "NEAR BLS12381G1_XMD:SHA-256_SSWU_RO_"
#define CKD_APP_ID_PREFIX "near-mpc v0.1.0 app_id derivation:"
#define CKD_G1_BYTES 48
#define CKD_G2_BYTES 96
#define CKD_SECRET_BYTES 32

/* app_id for the account that calls the signer contract (the predecessor) and a path. */
void ckd_app_id(const char *predecessor, const char *derivation_path, uint8_t out[32]);

struct ckd_request {
    uint8_t a[32];                 /* the ephemeral scalar, 0 < a < r, big-endian (secret) */
    uint8_t app_pk[CKD_G1_BYTES];  /* A = a·G1, compressed */
};

/* A fresh request: a uniformly random scalar in [1, r-1] from the system's CSPRNG. */
int ckd_request_new(struct ckd_request *rq, st_err *err);

/* A request from a given scalar (tests; must be in [1, r-1]). */
int ckd_request_from_scalar(struct ckd_request *rq, const uint8_t a[32], st_err *err);

void ckd_request_wipe(struct ckd_request *rq);

/* "bls12381g1:<base58 of 48 bytes>" and "bls12381g2:<base58 of 96 bytes>", both ways. Parsing
 * checks the prefix, the base58 and the length (not the point: ckd_finish decompresses with
 * the curve and subgroup checks). */
int ckd_point_text(const uint8_t *pt, size_t len, char *out, size_t cap, st_err *err);
int ckd_point_parse(const char *text, uint8_t *out, size_t len, st_err *err);

/* Finishes a request: decompresses Y, C (G1) and pk (G2) with curve and subgroup checks,
 * computes sig = C − a·Y and H, checks e(H, pk) == e(sig, G2), and derives the secret with
 * HKDF-SHA256 (salt/info may be NULL when their length is 0). On any failure returns -1 and
 * says which check failed (a wrong network key and a corrupted answer both fail the pairing
 * check); *secret is then untouched. sig_out (may be NULL) gets the compressed sig. */
int ckd_finish(const struct ckd_request *rq, const uint8_t big_y[CKD_G1_BYTES], const uint8_t big_c[CKD_G1_BYTES],
               const uint8_t pk[CKD_G2_BYTES], const uint8_t app_id[32], const uint8_t *salt, size_t saltlen,
               const uint8_t *info, size_t infolen, uint8_t secret[CKD_SECRET_BYTES], uint8_t sig_out[CKD_G1_BYTES],
               st_err *err);

/* H for a network key and app_id (compressed), for tests and the local network. */
int ckd_hash_point(const uint8_t pk[CKD_G2_BYTES], const uint8_t app_id[32], uint8_t out[CKD_G1_BYTES], st_err *err);

#endif
