/* node.c: `steward-mpc-local node`: one MPC node holding share_i of msk.
 *
 * POST /partial {"app_id_hex": 64 hex, "app_public_key": "bls12381g1:<base58>"} answers
 *   {"index": i, "big_y_i": hex(y_i·G1), "big_c_i": hex(share_i·H + y_i·A)}
 * (compressed G1, hex), with y_i fresh and uniform in Fr for every request and
 * H = ckd_hash_point(pk, app_id). With --corrupt the node uses share_i + 1 instead: its partial
 * is well-formed but wrong, so a combined answer that includes it fails the requester's
 * pairing check (for tests). */
#include <getopt.h>
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/bls_g1.h"
#include "fr.h"
#include "mpcl.h"
#include "util/fsutil.h"
#include "util/hex.h"

struct node {
    int index;
    struct mpcl_network net;
    uint8_t share[32]; /* big-endian, < r (or share + 1 when corrupt) */
};

static char *error_json(const char *msg)
{
    json_t *o = json_pack("{s:s}", "error", msg);
    char *s = o ? json_dumps(o, JSON_COMPACT) : NULL;
    json_decref(o);
    return s;
}

static unsigned handle(void *ctx, const char *url, const char *method, const char *body, char **answer)
{
    struct node *nd = ctx;
    if (strcmp(method, "POST") != 0 || strcmp(url, "/partial") != 0) {
        *answer = error_json("only POST /partial");
        return 404;
    }
    json_t *doc = json_loads(body, 0, NULL);
    const char *app_id_hex = json_string_value(json_object_get(doc, "app_id_hex"));
    const char *apk = json_string_value(json_object_get(doc, "app_public_key"));
    uint8_t app_id[32], A_bytes[CKD_G1_BYTES], H_bytes[CKD_G1_BYTES];
    g1 A, H;
    st_err e = {0};
    unsigned code = 400;
    if (app_id_hex == NULL || apk == NULL || hex_decode(app_id, 32, app_id_hex) != 0) {
        *answer = error_json("need app_id_hex (64 hex digits) and app_public_key");
    } else if (ckd_point_parse(apk, A_bytes, CKD_G1_BYTES, &e) != 0 || g1_decompress(&A, A_bytes) != 0 ||
               g1_is_infinity(&A)) {
        *answer = error_json("app_public_key is not a valid G1 point");
    } else if (ckd_hash_point(nd->net.pk, app_id, H_bytes, &e) != 0 || g1_decompress(&H, H_bytes) != 0) {
        *answer = error_json("cannot hash to G1");
        code = 500;
    } else {
        uint8_t wide[64], y[32];
        fr yf;
        randombytes_buf(wide, sizeof wide);
        fr_from_bytes_wide(&yf, wide, sizeof wide);
        fr_to_bytes(y, &yf);
        g1 Y, C, yA;
        g1_mul_ct(&Y, &G1_GENERATOR, y);
        g1_mul_ct(&C, &H, nd->share);
        g1_mul_ct(&yA, &A, y);
        g1_add(&C, &C, &yA);
        uint8_t yb[CKD_G1_BYTES], cb[CKD_G1_BYTES];
        char yh[2 * CKD_G1_BYTES + 1], ch[2 * CKD_G1_BYTES + 1];
        g1_compress(yb, &Y);
        g1_compress(cb, &C);
        hex_encode(yh, yb, sizeof yb);
        hex_encode(ch, cb, sizeof cb);
        json_t *o = json_pack("{s:i, s:s, s:s}", "index", nd->index, "big_y_i", yh, "big_c_i", ch);
        *answer = o ? json_dumps(o, JSON_COMPACT) : NULL;
        json_decref(o);
        code = 200;
        sodium_memzero(wide, sizeof wide);
        sodium_memzero(y, sizeof y);
        fr_wipe(&yf);
        sodium_memzero(&yA, sizeof yA);
    }
    json_decref(doc);
    return code;
}

int cmd_node(int argc, char **argv)
{
    static const struct option opts[] = {{"dir", required_argument, 0, 'd'},
                                         {"index", required_argument, 0, 'i'},
                                         {"port", required_argument, 0, 'p'},
                                         {"corrupt", no_argument, 0, 'c'},
                                         {0, 0, 0, 0}};
    const char *dir = NULL, *port_s = NULL;
    int corrupt = 0, c;
    static struct node nd;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'd': dir = optarg; break;
        case 'i': nd.index = atoi(optarg); break;
        case 'p': port_s = optarg; break;
        case 'c': corrupt = 1; break;
        default: return 2;
        }
    }
    uint16_t port = 0;
    if (dir == NULL || port_s == NULL || mpcl_parse_port(port_s, &port) != 0 || nd.index < 1) {
        fprintf(stderr, "usage: steward-mpc-local node --dir D --index I --port P [--corrupt]\n");
        return 2;
    }
    st_err e = {0};
    if (mpcl_read_network(dir, &nd.net, &e) != 0) {
        fprintf(stderr, "node: %s\n", e.msg);
        return 1;
    }
    if (nd.index > nd.net.n) {
        fprintf(stderr, "node: --index %d, but the network has %d nodes\n", nd.index, nd.net.n);
        return 2;
    }
    char path[4096];
    snprintf(path, sizeof path, "%s/node%d.share", dir, nd.index);
    secbuf sb = SECBUF_EMPTY;
    fr share;
    if (fs_read_secret_file(path, 256, &sb, &e) != 0 || hex_decode(nd.share, 32, (const char *)sb.p) != 0 ||
        fr_from_bytes(&share, nd.share) != 0) {
        fprintf(stderr, "node: %s: %s\n", path, e.set ? e.msg : "not 64 hex digits of a scalar below r");
        secbuf_free(&sb);
        return 1;
    }
    secbuf_free(&sb);
    if (corrupt) {
        fr one;
        fr_from_u64(&one, 1);
        fr_add(&share, &share, &one);
        fr_to_bytes(nd.share, &share);
    }
    fr_wipe(&share);
    mpcl_block_signals();
    struct MHD_Daemon *d = mpcl_http_start(port, handle, &nd, &e);
    if (d == NULL) {
        fprintf(stderr, "node %d: %s\n", nd.index, e.msg);
        sodium_memzero(nd.share, sizeof nd.share);
        return 1;
    }
    printf("node %d%s listening on http://127.0.0.1:%u\n", nd.index, corrupt ? " (CORRUPT: wrong partials)" : "",
           (unsigned)port);
    fflush(stdout);
    mpcl_wait_signal();
    MHD_stop_daemon(d);
    sodium_memzero(nd.share, sizeof nd.share);
    return 0;
}
