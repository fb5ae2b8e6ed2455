/* test_secret_ckd.c: the CKD requester against the near/mpc vectors
 * (tests/vectors/near_mpc_ckd_test_vectors.json): for each vector, A = a·G1 is app_pk1,
 * H(pk || app_id) is hash_point, C − a·Y is sig, the pairing check passes and the HKDF output
 * is s. A corrupted C, another network key, a wrong app_id and malformed points are refused.
 * Also the text form of points, app_id and scalar range checks. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "crypto/hash.h"
#include "secret/ckd.h"
#include "util/hex.h"

static int unhex(const char *s, uint8_t *out, size_t len)
{
    return s && strlen(s) == 2 * len && hex_decode(out, len, s) == 0 ? 0 : -1;
}

static void test_vector(const json_t *v, size_t idx)
{
    uint8_t a[32], app_id[32], pk[96], y[48], c[48], h[48], sig[48], s[32], pk1[48];
    int ok = unhex(json_string_value(json_object_get(v, "a")), a, 32) == 0 &&
             unhex(json_string_value(json_object_get(v, "app_id")), app_id, 32) == 0 &&
             unhex(json_string_value(json_object_get(v, "pk")), pk, 96) == 0 &&
             unhex(json_string_value(json_object_get(v, "big_y")), y, 48) == 0 &&
             unhex(json_string_value(json_object_get(v, "big_c")), c, 48) == 0 &&
             unhex(json_string_value(json_object_get(v, "hash_point")), h, 48) == 0 &&
             unhex(json_string_value(json_object_get(v, "sig")), sig, 48) == 0 &&
             unhex(json_string_value(json_object_get(v, "s")), s, 32) == 0 &&
             unhex(json_string_value(json_object_get(v, "app_pk1")), pk1, 48) == 0;
    CHECK(ok);
    if (!ok) {
        fprintf(stderr, "vector %zu: unreadable\n", idx);
        return;
    }
    st_err err = {0};
    struct ckd_request rq;
    CHECK(ckd_request_from_scalar(&rq, a, &err) == 0);
    CHECK(memcmp(rq.app_pk, pk1, 48) == 0);
    uint8_t hp[48], secret[32], got_sig[48];
    CHECK(ckd_hash_point(pk, app_id, hp, &err) == 0 && memcmp(hp, h, 48) == 0);
    memset(secret, 0, sizeof secret);
    CHECK(ckd_finish(&rq, y, c, pk, app_id, NULL, 0, NULL, 0, secret, got_sig, &err) == 0);
    if (err.msg[0])
        fprintf(stderr, "vector %zu: %s\n", idx, err.msg);
    CHECK(memcmp(got_sig, sig, 48) == 0);
    CHECK(memcmp(secret, s, 32) == 0);

    /* Refusals: each must fail the check and leave the secret untouched. */
    uint8_t keep[32];
    memset(keep, 0xee, sizeof keep);
    memcpy(secret, keep, 32);
    uint8_t c2[48];
    memcpy(c2, y, 48); /* a valid point, but not the answer */
    st_err e1 = {0};
    CHECK(ckd_finish(&rq, y, c2, pk, app_id, NULL, 0, NULL, 0, secret, NULL, &e1) == -1 &&
          strstr(e1.msg, "does not verify") != NULL && memcmp(secret, keep, 32) == 0);
    uint8_t app2[32];
    memcpy(app2, app_id, 32);
    app2[0] ^= 1;
    st_err e2 = {0};
    CHECK(ckd_finish(&rq, y, c, pk, app2, NULL, 0, NULL, 0, secret, NULL, &e2) == -1 && memcmp(secret, keep, 32) == 0);
    uint8_t bad[48];
    memcpy(bad, c, 48);
    bad[47] ^= 1; /* almost certainly off the curve */
    st_err e3 = {0};
    CHECK(ckd_finish(&rq, y, bad, pk, app_id, NULL, 0, NULL, 0, secret, NULL, &e3) == -1 &&
          memcmp(secret, keep, 32) == 0);
    /* Salt and info change the secret (HKDF), deterministically. */
    uint8_t s2[32], s3[32];
    CHECK(ckd_finish(&rq, y, c, pk, app_id, (const uint8_t *)"salt", 4, (const uint8_t *)"info", 4, s2, NULL, &err) ==
          0);
    CHECK(ckd_finish(&rq, y, c, pk, app_id, (const uint8_t *)"salt", 4, (const uint8_t *)"info", 4, s3, NULL, &err) ==
          0);
    CHECK(memcmp(s2, s, 32) != 0 && memcmp(s2, s3, 32) == 0);
    ckd_request_wipe(&rq);
}

/* Another vector's network key: the answer is refused. */
static void test_other_key(const json_t *v0, const json_t *v1)
{
    uint8_t a[32], app_id[32], pk_other[96], y[48], c[48], secret[32];
    CHECK(unhex(json_string_value(json_object_get(v0, "a")), a, 32) == 0 &&
          unhex(json_string_value(json_object_get(v0, "app_id")), app_id, 32) == 0 &&
          unhex(json_string_value(json_object_get(v1, "pk")), pk_other, 96) == 0 &&
          unhex(json_string_value(json_object_get(v0, "big_y")), y, 48) == 0 &&
          unhex(json_string_value(json_object_get(v0, "big_c")), c, 48) == 0);
    struct ckd_request rq;
    st_err err = {0};
    CHECK(ckd_request_from_scalar(&rq, a, &err) == 0);
    CHECK(ckd_finish(&rq, y, c, pk_other, app_id, NULL, 0, NULL, 0, secret, NULL, &err) == -1 &&
          strstr(err.msg, "another network key") != NULL);
}

static void test_text_and_scalars(void)
{
    st_err err = {0};
    struct ckd_request rq;
    CHECK(ckd_request_new(&rq, &err) == 0);
    char text[200];
    uint8_t back[48];
    CHECK(ckd_point_text(rq.app_pk, 48, text, sizeof text, &err) == 0 && strncmp(text, "bls12381g1:", 11) == 0);
    CHECK(ckd_point_parse(text, back, 48, &err) == 0 && memcmp(back, rq.app_pk, 48) == 0);
    CHECK(ckd_point_parse(text + 2, back, 48, &err) == -1);           /* wrong prefix */
    CHECK(ckd_point_parse("bls12381g1:0OIl", back, 48, &err) == -1);  /* not base58 */
    CHECK(ckd_point_parse("bls12381g1:2g", back, 48, &err) == -1);    /* too short */
    CHECK(ckd_point_parse(text, back, 96, &err) == -1);               /* a G1 text where G2 is wanted */
    /* Two fresh requests differ. */
    struct ckd_request rq2;
    CHECK(ckd_request_new(&rq2, &err) == 0 && memcmp(rq.a, rq2.a, 32) != 0);
    /* Scalars: 0 and r are refused, r - 1 is accepted. */
    uint8_t zero[32] = {0}, r[32], rm1[32];
    CHECK(hex_decode(r, 32, "73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001") == 0);
    memcpy(rm1, r, 32);
    rm1[31] = 0x00;
    CHECK(ckd_request_from_scalar(&rq, zero, &err) == -1);
    CHECK(ckd_request_from_scalar(&rq, r, &err) == -1);
    CHECK(ckd_request_from_scalar(&rq, rm1, &err) == 0);
    /* app_id is SHA3-256 of the documented string. */
    uint8_t id[32], want[32];
    ckd_app_id("worker.near", "steward/master/v1", id);
    const char *m = "near-mpc v0.1.0 app_id derivation:worker.near,steward/master/v1";
    sha3_256((const uint8_t *)m, strlen(m), want);
    CHECK(memcmp(id, want, 32) == 0);
}

int main(void)
{
    const char *dir = getenv("STEWARD_VECTORS");
    char path[512];
    snprintf(path, sizeof path, "%s/near_mpc_ckd_test_vectors.json", dir ? dir : "tests/vectors");
    json_error_t je;
    json_t *root = json_load_file(path, 0, &je);
    json_t *vs = json_object_get(root, "vectors");
    CHECK(json_array_size(vs) == 4);
    for (size_t i = 0; i < json_array_size(vs); i++)
        test_vector(json_array_get(vs, i), i);
    if (json_array_size(vs) >= 2)
        test_other_key(json_array_get(vs, 0), json_array_get(vs, 1));
    test_text_and_scalars();
    json_decref(root);
    return check_summary();
}
