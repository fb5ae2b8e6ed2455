/* test_crypto_hash.c: SHA-256, RIPEMD-160, HASH160, HMAC, tagged hash, Keccak-256, HKDF and
 * PBKDF2 against published test vectors (RFC 4231, RFC 5869, BIP-341) and values computed by
 * independent implementations (Python hashlib/hmac, @noble/hashes), copied here as data. */
#include <sodium.h>
#include <string.h>

#include "check.h"
#include "crypto/hash.h"
#include "crypto/pbkdf2.h"
#include "util/hex.h"

static void hexof(char *out, const uint8_t *b, size_t n)
{
    hex_encode(out, b, n);
}

static void check_sha(void)
{
    uint8_t h[32];
    char s[129];
    sha256(NULL, 0, h);
    hexof(s, h, 32);
    CHECK_STR(s, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    sha256((const uint8_t *)"abc", 3, h);
    hexof(s, h, 32);
    CHECK_STR(s, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    /* SHA256d("hello"): the double hash of Bitcoin's base58check and txids. */
    sha256d((const uint8_t *)"hello", 5, h);
    hexof(s, h, 32);
    CHECK_STR(s, "9595c9df90075148eb06860365df33584b75bff782a510c6cd4883a419833d50");

    uint8_t r[20];
    ripemd160(NULL, 0, r);
    hexof(s, r, 20);
    CHECK_STR(s, "9c1185a5c5e9fc54612808977ee8f548b2258d31");
    ripemd160((const uint8_t *)"abc", 3, r);
    hexof(s, r, 20);
    CHECK_STR(s, "8eb208f7e05d987a9b044a8e98c6b087f15a0bfc");
    /* HASH160 of the generator's compressed encoding: the program of BIP-350's first valid
     * segwit address, 0014751e76e8199196d454941c45d1b3a323f1433bd6. */
    uint8_t g[33];
    CHECK(hex_decode(g, 33, "0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798") == 0);
    hash160(g, 33, r);
    hexof(s, r, 20);
    CHECK_STR(s, "751e76e8199196d454941c45d1b3a323f1433bd6");
}

static void check_hmac(void)
{
    /* RFC 4231 test cases 1, 2 and 6 (key longer than the block). */
    uint8_t key1[20], key6[131], out[64];
    char s[129];
    memset(key1, 0x0b, sizeof key1);
    memset(key6, 0xaa, sizeof key6);
    hmac_sha512(key1, 20, (const uint8_t *)"Hi There", 8, out);
    hexof(s, out, 64);
    CHECK_STR(s, "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cde"
                 "daa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854");
    hmac_sha512((const uint8_t *)"Jefe", 4, (const uint8_t *)"what do ya want for nothing?", 28, out);
    hexof(s, out, 64);
    CHECK_STR(s, "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554"
                 "9758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737");
    const char *m6 = "Test Using Larger Than Block-Size Key - Hash Key First";
    hmac_sha512(key6, sizeof key6, (const uint8_t *)m6, strlen(m6), out);
    hexof(s, out, 64);
    CHECK_STR(s, "80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f352"
                 "6b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec8b915a985d786598");
    hmac_sha256((const uint8_t *)"Jefe", 4, (const uint8_t *)"what do ya want for nothing?", 28, out);
    hexof(s, out, 32);
    CHECK_STR(s, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    hmac_sha256(key6, sizeof key6, (const uint8_t *)m6, strlen(m6), out);
    hexof(s, out, 32);
    CHECK_STR(s, "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

static void check_tagged(void)
{
    /* BIP-341 wallet vectors: tweak = tagged_hash("TapTweak", internal key [|| merkle root]). */
    json_t *v = check_load_vectors("bip341_wallet_test_vectors.json");
    size_t i;
    json_t *e;
    int n = 0;
    json_array_foreach(json_object_get(v, "scriptPubKey"), i, e) {
        json_t *given = json_object_get(e, "given"), *inter = json_object_get(e, "intermediary");
        uint8_t msg[64], t[32];
        char s[65];
        CHECK(hex_decode(msg, 32, json_string_value(json_object_get(given, "internalPubkey"))) == 0);
        const char *root = json_string_value(json_object_get(inter, "merkleRoot"));
        if (root)
            CHECK(hex_decode(msg + 32, 32, root) == 0);
        tagged_hash("TapTweak", msg, root ? 64 : 32, t);
        hexof(s, t, 32);
        CHECK_STR(s, json_string_value(json_object_get(inter, "tweak")));
        n++;
    }
    CHECK(n == 7);
    json_decref(v);
}

static void check_keccak(void)
{
    struct { size_t len; const char *want; } cases[] = {
        /* message i -> (i*7+3) & 0xff; expected values from @noble/hashes keccak_256. The
         * lengths straddle the 136-byte rate, where padding lands in the same or next block. */
        {0, "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"},
        {135, "00ef96af9cf4b24c7f269d922294444a197d0a33638c2e56634c57e892103a8f"},
        {136, "742061bcad767ed4c4f5883b1dcb1aad11afdcc140dc469d953759b127b9f9ed"},
        {137, "e3371f61e770abf254c34239c3b0099ad90594507415bc81dd0a10b9692bbf2a"},
        {271, "4401c4afbe16ff911bdbf2d38e556e5b861f3fdf0f9d4306b1c46f6ae4f73584"},
        {272, "ac141fd7b0a0ffcd2e967254d508da3ec616596493c36fa304425647d90e6de5"},
        {1000, "80cdc8dd52cbb3dbaea8f383209893fa2bb52efbd5aedbb4b26dcfe307fcdc9b"},
    };
    uint8_t msg[1000], h[32];
    char s[65];
    for (size_t i = 0; i < sizeof msg; i++)
        msg[i] = (uint8_t)((i * 7 + 3) & 0xff);
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        keccak256(cases[c].len ? msg : NULL, cases[c].len, h);
        hexof(s, h, 32);
        CHECK_STR(s, cases[c].want);
    }
    keccak256((const uint8_t *)"abc", 3, h);
    hexof(s, h, 32);
    CHECK_STR(s, "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45");
}

/* SHA3-256: the FIPS 202 example values (empty message and "abc"), and that it is not Keccak. */
static void check_sha3(void)
{
    uint8_t h[32], k[32];
    char hex[65];
    sha3_256((const uint8_t *)"", 0, h);
    hexof(hex, h, 32);
    CHECK_STR(hex, "a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a");
    sha3_256((const uint8_t *)"abc", 3, h);
    hexof(hex, h, 32);
    CHECK_STR(hex, "3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532");
    keccak256((const uint8_t *)"abc", 3, k);
    CHECK(memcmp(h, k, 32) != 0);
}

static void check_hkdf(void)
{
    /* RFC 5869 appendix A, test cases 1-3 (SHA-256). */
    uint8_t ikm[80], salt[80], info[80], okm[82];
    char s[165];

    memset(ikm, 0x0b, 22);
    for (int i = 0; i < 13; i++)
        salt[i] = (uint8_t)i;
    for (int i = 0; i < 10; i++)
        info[i] = (uint8_t)(0xf0 + i);
    CHECK(hkdf_sha256(ikm, 22, salt, 13, info, 10, okm, 42) == 0);
    hexof(s, okm, 42);
    CHECK_STR(s, "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");

    for (int i = 0; i < 80; i++) {
        ikm[i] = (uint8_t)i;
        salt[i] = (uint8_t)(0x60 + i);
        info[i] = (uint8_t)(0xb0 + i);
    }
    CHECK(hkdf_sha256(ikm, 80, salt, 80, info, 80, okm, 82) == 0);
    hexof(s, okm, 82);
    CHECK_STR(s, "b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c"
                 "59045a99cac7827271cb41c65e590e09da3275600c2f09b8367793a9aca3db71"
                 "cc30c58179ec3e87c14c01d5c1f3434f1d87");

    memset(ikm, 0x0b, 22);
    CHECK(hkdf_sha256(ikm, 22, NULL, 0, NULL, 0, okm, 42) == 0);
    hexof(s, okm, 42);
    CHECK_STR(s, "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8");

    /* The RFC's limits: L in 1..255*HashLen. */
    static uint8_t big[255 * 32 + 1];
    CHECK(hkdf_sha256(ikm, 22, NULL, 0, NULL, 0, big, 255 * 32) == 0);
    CHECK(hkdf_sha256(ikm, 22, NULL, 0, NULL, 0, big, 255 * 32 + 1) == -1);
    CHECK(hkdf_sha256(ikm, 22, NULL, 0, NULL, 0, okm, 0) == -1);
}

static void check_pbkdf2(void)
{
    /* Python hashlib.pbkdf2_hmac('sha512', ...): two output blocks, and a password longer
     * than the HMAC block with an empty salt. (BIP-39 vectors cover the 2048-round case.) */
    uint8_t out[100];
    char s[201];
    CHECK(pbkdf2_hmac_sha512((const uint8_t *)"password", 8, (const uint8_t *)"salt", 4, 2, out, 100) == 0);
    hexof(s, out, 100);
    CHECK_STR(s, "e1d9c16aa681708a45f5c7c4e215ceb66e011a2e9f0040713f18aefdb866d53c"
                 "f76cab2868a39b9f7840edce4fef5a82be67335c77a6068e04112754f27ccf4e"
                 "473e311ad827b68945f4e2dddb204c78e40e2495141e411cd272d020640d673c"
                 "d34aa29f");
    uint8_t pass[200];
    memset(pass, 'p', sizeof pass);
    CHECK(pbkdf2_hmac_sha512(pass, sizeof pass, NULL, 0, 3, out, 64) == 0);
    hexof(s, out, 64);
    CHECK_STR(s, "e7fb107d962cf438a900bfe87dee33ad7019f72a1f87be1ee7a97b6967c66a4e"
                 "fd057831a5c7a95c412b46a24b8f4d55501c2a91a1f4bd5fee7d5b63e412e460");
    CHECK(pbkdf2_hmac_sha512(pass, 1, NULL, 0, 0, out, 64) == -1);
}

int main(void)
{
    check_sha3();
    if (sodium_init() < 0)
        return 2;
    check_sha();
    check_hmac();
    check_tagged();
    check_keccak();
    check_hkdf();
    check_pbkdf2();
    return check_summary();
}
