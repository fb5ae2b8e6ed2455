/* mpcl.h: shared pieces of steward-mpc-local (a TEST/DEMO NEAR MPC CKD network, see
 * docs/mpc-local.md): the network description, the little HTTP server around
 * libmicrohttpd, and the three commands. */
#ifndef STEWARD_MPC_LOCAL_MPCL_H
#define STEWARD_MPC_LOCAL_MPCL_H

#include <microhttpd.h>
#include <stddef.h>
#include <stdint.h>

#include "secret/ckd.h"
#include "util/err.h"

#define MPCL_MAX_NODES 64
#define MPCL_MAX_BODY (1u << 20)

/* D/network.json */
struct mpcl_network {
    int n, t;
    uint8_t pk[CKD_G2_BYTES];
    char pk_text[160]; /* "bls12381g2:<base58>" */
};

int mpcl_read_network(const char *dir, struct mpcl_network *net, st_err *err);

/* A request body handed to a handler; the handler returns the HTTP status and a malloc'd
 * body (JSON). */
typedef unsigned (*mpcl_handler)(void *ctx, const char *url, const char *method, const char *body, char **answer);

/* Starts an HTTP server on 127.0.0.1:port (one thread per connection). NULL on failure. */
struct MHD_Daemon *mpcl_http_start(uint16_t port, mpcl_handler h, void *ctx, st_err *err);

/* Blocks SIGINT/SIGTERM in the calling thread (call before any thread starts, so every
 * thread inherits the mask), and later waits for one of them. */
void mpcl_block_signals(void);
void mpcl_wait_signal(void);

int mpcl_parse_port(const char *s, uint16_t *port);

int cmd_setup(int argc, char **argv);
int cmd_node(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_selftest(int argc, char **argv);
int cmd_pubkey(int argc, char **argv);
int cmd_keygen(int argc, char **argv);

/* An ed25519 key file: "ed25519:<base58 of 64 bytes>" (NEAR's form) or 64 hex digits (a
 * seed). Out: sk, libsodium's 64-byte secret key. */
int mpcl_read_key_file(const char *path, uint8_t sk[64], st_err *err);

#endif
