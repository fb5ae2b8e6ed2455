/* main.c: steward-mpc-local, a local NEAR MPC CKD network for tests and demos.
 * NOT SECURE: see docs/mpc-local.md. This file: the command dispatch, `setup` (dealing the
 * Shamir shares), and the shared helpers of mpcl.h. */
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <netinet/in.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "crypto/bls_g2.h"
#include "crypto/hash.h"
#include "fr.h"
#include "mpcl.h"
#include "util/bytebuf.h"
#include "util/fsutil.h"
#include "util/hex.h"

/* ---- shared helpers ------------------------------------------------------------------- */

int mpcl_parse_port(const char *s, uint16_t *port)
{
    char *end = NULL;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < 1 || v > 65535)
        return -1;
    *port = (uint16_t)v;
    return 0;
}

int mpcl_read_network(const char *dir, struct mpcl_network *net, st_err *err)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/network.json", dir);
    char *text = NULL;
    size_t len = 0;
    if (fs_read_file(path, 65536, &text, &len, err) != 0)
        return -1;
    json_error_t je;
    json_t *doc = json_loads(text, 0, &je);
    free(text);
    if (doc == NULL)
        return st_err_set(err, "%s:%d: %s", path, je.line, je.text);
    json_t *n = json_object_get(doc, "n"), *t = json_object_get(doc, "t");
    const char *pk = json_string_value(json_object_get(doc, "public_key"));
    int rc = 0;
    if (!json_is_integer(n) || !json_is_integer(t) || pk == NULL)
        rc = st_err_set(err, "%s: needs \"n\", \"t\" (integers) and \"public_key\"", path);
    if (rc == 0) {
        net->n = (int)json_integer_value(n);
        net->t = (int)json_integer_value(t);
        if (net->t < 1 || net->t > net->n || net->n > MPCL_MAX_NODES)
            rc = st_err_set(err, "%s: need 1 <= t <= n <= %d", path, MPCL_MAX_NODES);
    }
    if (rc == 0 && ckd_point_parse(pk, net->pk, CKD_G2_BYTES, err) != 0)
        rc = st_err_wrap(err, "%s: public_key", path);
    if (rc == 0)
        snprintf(net->pk_text, sizeof net->pk_text, "%s", pk);
    json_decref(doc);
    return rc;
}

struct conn {
    struct bytebuf body;
    int too_big;
};

struct server {
    mpcl_handler h;
    void *ctx;
};

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                                  const char *version, const char *data, size_t *size, void **con_cls)
{
    (void)version;
    struct server *s = cls;
    struct conn *cn = *con_cls;
    if (cn == NULL) {
        cn = calloc(1, sizeof *cn);
        if (cn == NULL)
            return MHD_NO;
        *con_cls = cn;
        return MHD_YES;
    }
    if (*size) {
        if (cn->body.len + *size > MPCL_MAX_BODY)
            cn->too_big = 1;
        else
            bytebuf_put(&cn->body, data, *size);
        *size = 0;
        return MHD_YES;
    }
    char *answer = NULL;
    unsigned code;
    if (cn->too_big || cn->body.oom) {
        code = 413;
        answer = strdup("{\"error\":\"request too large\"}");
    } else {
        code = s->h(s->ctx, url, method, bytebuf_str(&cn->body), &answer);
    }
    if (answer == NULL) {
        code = 500;
        answer = strdup("{\"error\":\"out of memory\"}");
        if (answer == NULL)
            return MHD_NO;
    }
    struct MHD_Response *r = MHD_create_response_from_buffer(strlen(answer), answer, MHD_RESPMEM_MUST_FREE);
    if (r == NULL) {
        free(answer);
        return MHD_NO;
    }
    MHD_add_response_header(r, "Content-Type", "application/json");
    enum MHD_Result ret = MHD_queue_response(c, code, r);
    MHD_destroy_response(r);
    return ret;
}

static void on_done(void *cls, struct MHD_Connection *c, void **con_cls, enum MHD_RequestTerminationCode t)
{
    (void)cls, (void)c, (void)t;
    struct conn *cn = *con_cls;
    if (cn) {
        bytebuf_free(&cn->body);
        free(cn);
    }
    *con_cls = NULL;
}

static struct server the_server;

struct MHD_Daemon *mpcl_http_start(uint16_t port, mpcl_handler h, void *ctx, st_err *err)
{
    the_server.h = h;
    the_server.ctx = ctx;
    struct sockaddr_in sa;
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_port = htons(port);
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    struct MHD_Daemon *d = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION, port, NULL, NULL, on_request,
        &the_server, MHD_OPTION_NOTIFY_COMPLETED, on_done, NULL, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
        MHD_OPTION_CONNECTION_TIMEOUT, 30u, MHD_OPTION_END);
    if (d == NULL)
        st_err_set(err, "cannot listen on 127.0.0.1:%u (port in use?)", (unsigned)port);
    return d;
}

void mpcl_block_signals(void)
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);
}

void mpcl_wait_signal(void)
{
    sigset_t set;
    int sig = 0;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigwait(&set, &sig);
}

/* ---- setup ---------------------------------------------------------------------------- */

/* A scalar from the seed (reproducible) or from the system's CSPRNG: 64 bytes reduced mod r. */
static void draw_scalar(fr *out, const uint8_t *seed, size_t seedlen, const char *label, uint32_t k)
{
    uint8_t wide[64];
    if (seed != NULL) {
        /* SHA-512 of "steward-mpc-local/<label>" || be32(k) || seed: distinct per use. */
        crypto_hash_sha512_state st;
        uint8_t kb[4] = {(uint8_t)(k >> 24), (uint8_t)(k >> 16), (uint8_t)(k >> 8), (uint8_t)k};
        const char *tag = "steward-mpc-local/";
        crypto_hash_sha512_init(&st);
        crypto_hash_sha512_update(&st, (const uint8_t *)tag, strlen(tag));
        crypto_hash_sha512_update(&st, (const uint8_t *)label, strlen(label));
        crypto_hash_sha512_update(&st, kb, sizeof kb);
        crypto_hash_sha512_update(&st, seed, seedlen);
        crypto_hash_sha512_final(&st, wide);
    } else {
        randombytes_buf(wide, sizeof wide);
    }
    fr_from_bytes_wide(out, wide, sizeof wide);
    sodium_memzero(wide, sizeof wide);
}

static void usage_setup(void)
{
    fprintf(stderr, "usage: steward-mpc-local setup --dir D --n N --t T [--seed HEX] [--insecure-print-msk]\n");
}

int cmd_setup(int argc, char **argv)
{
    static const struct option opts[] = {{"dir", required_argument, 0, 'd'},
                                         {"n", required_argument, 0, 'n'},
                                         {"t", required_argument, 0, 't'},
                                         {"seed", required_argument, 0, 's'},
                                         {"insecure-print-msk", no_argument, 0, 'P'},
                                         {0, 0, 0, 0}};
    const char *dir = NULL, *seed_hex = NULL;
    int n = 0, t = 0, print_msk = 0, c;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'd': dir = optarg; break;
        case 'n': n = atoi(optarg); break;
        case 't': t = atoi(optarg); break;
        case 's': seed_hex = optarg; break;
        case 'P': print_msk = 1; break;
        default: usage_setup(); return 2;
        }
    }
    if (dir == NULL || n < 1 || t < 1 || t > n || n > MPCL_MAX_NODES) {
        usage_setup();
        fprintf(stderr, "need --dir and 1 <= t <= n <= %d\n", MPCL_MAX_NODES);
        return 2;
    }
    uint8_t seed[256];
    size_t seedlen = 0;
    if (seed_hex && (hex_decode_any(seed, sizeof seed, &seedlen, seed_hex) != 0 || seedlen == 0)) {
        fprintf(stderr, "setup: --seed must be 1 to 256 bytes of hex\n");
        return 2;
    }
    st_err e = {0};
    if (fs_mkdir_p(dir, 0700, &e) != 0) {
        fprintf(stderr, "setup: %s\n", e.msg);
        return 1;
    }
    /* f(x) = msk + a_1 x + ... + a_{t-1} x^{t-1} over Fr; share_i = f(i). */
    fr coef[MPCL_MAX_NODES];
    draw_scalar(&coef[0], seed_hex ? seed : NULL, seedlen, "msk", 0);
    for (int k = 1; k < t; k++)
        draw_scalar(&coef[k], seed_hex ? seed : NULL, seedlen, "coef", (uint32_t)k);
    if (fr_is_zero(&coef[0])) {
        fprintf(stderr, "setup: the master secret came out zero; pick another seed\n");
        return 1;
    }
    int rc = 0;
    for (int i = 1; i <= n && rc == 0; i++) {
        fr x, acc;
        fr_from_u64(&x, (uint64_t)i);
        acc = coef[t - 1];
        for (int k = t - 2; k >= 0; k--) { /* Horner */
            fr_mul(&acc, &acc, &x);
            fr_add(&acc, &acc, &coef[k]);
        }
        uint8_t b[32];
        char hex[65 + 1], path[4096];
        fr_to_bytes(b, &acc);
        hex_encode(hex, b, 32);
        hex[64] = '\n';
        hex[65] = 0;
        snprintf(path, sizeof path, "%s/node%d.share", dir, i);
        if (fs_write_new(path, hex, 65, 0600, &e) != 0) {
            fprintf(stderr, "setup: %s\n", e.msg);
            rc = 1;
        }
        sodium_memzero(b, sizeof b);
        sodium_memzero(hex, sizeof hex);
        fr_wipe(&acc);
    }
    uint8_t mskb[32], pkb[CKD_G2_BYTES];
    fr_to_bytes(mskb, &coef[0]);
    g2 P;
    g2_mul_ct(&P, &G2_GENERATOR, mskb);
    g2_compress(pkb, &P);
    char pk_text[160];
    if (rc == 0 && ckd_point_text(pkb, sizeof pkb, pk_text, sizeof pk_text, &e) != 0) {
        fprintf(stderr, "setup: %s\n", e.msg);
        rc = 1;
    }
    if (rc == 0) {
        json_t *doc = json_pack("{s:i, s:i, s:s, s:s}", "n", n, "t", t, "public_key", pk_text, "warning",
                                "steward-mpc-local: a TEST/DEMO network, not secure");
        char *text = doc ? json_dumps(doc, JSON_INDENT(2)) : NULL;
        json_decref(doc);
        char path[4096];
        snprintf(path, sizeof path, "%s/network.json", dir);
        if (text == NULL || fs_write_new(path, text, strlen(text), 0644, &e) != 0) {
            fprintf(stderr, "setup: %s\n", text ? e.msg : "out of memory");
            rc = 1;
        }
        free(text);
    }
    if (rc == 0) {
        printf("network: %d nodes, threshold %d, in %s\npublic_key: %s\n", n, t, dir, pk_text);
        if (print_msk) {
            char mhex[65];
            hex_encode(mhex, mskb, 32);
            printf("INSECURE-MSK (test only, never for a real network): %s\n", mhex);
            sodium_memzero(mhex, sizeof mhex);
        }
    }
    for (int k = 0; k < t; k++)
        fr_wipe(&coef[k]);
    sodium_memzero(mskb, sizeof mskb);
    sodium_memzero(seed, sizeof seed);
    return rc;
}

/* ---- dispatch ------------------------------------------------------------------------- */

static void usage(void)
{
    fprintf(stderr,
            "steward-mpc-local: a local NEAR MPC CKD network for TESTS AND DEMOS (not secure)\n"
            "  setup --dir D --n N --t T [--seed HEX] [--insecure-print-msk]\n"
            "  node  --dir D --index I --port P [--corrupt]\n"
            "  serve --dir D --port P --nodes P1,P2,... [--contract ID] [--domain-id N] [--account-keys FILE]\n"
            "  keygen --out F           a new NEAR account key \"ed25519:<base58 of 64 bytes>\" (0600)\n"
            "  pubkey --key-file F      its public key (also of a file of 64 hex digits, a seed)\n"
            "  selftest                 checks of Fr, Shamir/Lagrange and the transaction decoder\n"
            "See docs/mpc-local.md.\n");
}

int main(int argc, char **argv)
{
    if (sodium_init() < 0) {
        fprintf(stderr, "libsodium failed to initialise\n");
        return 1;
    }
    if (argc < 2) {
        usage();
        return 2;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "setup") == 0)
        return cmd_setup(argc - 1, argv + 1);
    if (strcmp(cmd, "node") == 0)
        return cmd_node(argc - 1, argv + 1);
    if (strcmp(cmd, "serve") == 0)
        return cmd_serve(argc - 1, argv + 1);
    if (strcmp(cmd, "selftest") == 0)
        return cmd_selftest(argc - 1, argv + 1);
    if (strcmp(cmd, "pubkey") == 0)
        return cmd_pubkey(argc - 1, argv + 1);
    if (strcmp(cmd, "keygen") == 0)
        return cmd_keygen(argc - 1, argv + 1);
    usage();
    return strcmp(cmd, "--help") == 0 || strcmp(cmd, "help") == 0 ? 0 : 2;
}
