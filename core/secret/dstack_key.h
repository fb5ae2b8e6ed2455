/* dstack_key.h: a client for the dstack guest agent's key endpoint.
 *
 * Inside a dstack CVM the guest agent listens on a unix socket (default
 * /var/run/dstack.sock) and derives application keys from the app's KMS-provisioned root
 * key: the same app (same compose hash, under the same KMS) gets the same key for the same
 * path on every boot and every machine; nothing outside the CVM can obtain it.
 *
 * The call is the guest agent's frozen v0 surface, which every dstack release since 0.5
 * serves (0.6 also as /v0/GetKey):
 *
 *     POST http://localhost/GetKey   Content-Type: application/json
 *     {"path": "<key path>", "purpose": "<purpose>"}
 *  -> 200 {"key": "<hex>", "signature_chain": ["<hex>", "<hex>"]}
 *
 * The key depends on the path only (purpose only enters the signature chain); algorithm is
 * left out so the agent's default (secp256k1: 32 raw key bytes) applies on old and new
 * agents alike. Errors come back as a non-2xx status or as {"error": "..."}. The dstack
 * v1 surface (/v1/GetKey, {"domain", "algorithm"}) derives different keys and is not used:
 * a sealing key must never change under an existing file. */
#ifndef STEWARD_SECRET_DSTACK_KEY_H
#define STEWARD_SECRET_DSTACK_KEY_H

#include "util/err.h"
#include "util/secmem.h"

#define DSTACK_DEFAULT_SOCKET "/var/run/dstack.sock"
#define DSTACK_KEY_MIN 32
#define DSTACK_KEY_MAX 64

/* Fetches the key for key_path into guarded memory (32 to 64 bytes). Connect timeout 5 s,
 * whole request 15 s. Errors name the socket and never contain key material: a missing
 * socket, a refused connection, a timeout, a non-2xx status (with the agent's error text),
 * a malformed answer. */
int dstack_get_key(const char *socket_path, const char *key_path, const char *purpose, secbuf *key, st_err *err);

#endif
