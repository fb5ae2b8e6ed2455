/* http_client.h: the chain RPC capability. One endpoint per chain (chains.<name>.rpc), a
 * per-request timeout, and bounded retries with backoff for failures that cannot have taken
 * effect or are explicitly transient: connection errors, HTTP 429 and 5xx. An answer the
 * server gave (a result, a JSON-RPC error, a 4xx) is never retried, so a broadcast is never
 * sent twice because of a retry. */
#ifndef STEWARD_NET_HTTP_CLIENT_H
#define STEWARD_NET_HTTP_CLIENT_H

#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

struct http_endpoint {
    const char *url;       /* base URL; NULL when the chain has no rpc configured */
    const char *name;      /* for errors: "chains.eth.rpc" */
    uint64_t timeout_ms;
    uint32_t retries;
};

/* verb "GET" or "POST"; path appended to the URL (may be ""); body may be NULL. On success
 * *status is the HTTP status and *response a malloc'd NUL-terminated body. */
int http_request(const struct http_endpoint *ep, const char *verb, const char *path, const char *body,
                 const char *content_type, long *status, char **response, st_err *err);

/* A JSON-RPC 2.0 call: POSTs {"jsonrpc":"2.0","id":n,"method":..,"params":..} and returns the
 * text of "result" (malloc'd). An "error" member fails with "rpc error <code>: <message>". */
int http_jsonrpc(const struct http_endpoint *ep, const char *method, const char *params_json, char **result_json,
                 st_err *err);

/* Finds the value of top-level member `key` in a JSON object text already validated as JSON;
 * *at and *len give its span in the text. Returns -1 when absent. (Used to hand plugins RPC
 * results verbatim.) */
int json_member_span(const char *json, const char *key, size_t *at, size_t *len);

#endif
