/* test_eth_eip712.c: EIP-712 typed-data hashing (plugins/eth/eip712.h).
 *
 * Published vectors:
 *  - The "Mail" example of EIP-712 (ethereum/EIPs assets/eip-712/Example.js, commit 68b7c485):
 *    encodeType, typeHash, hashStruct(message), the domain separator, the digest, and the
 *    signature by the key keccak256("cow") (v 28, r 0x4355c4..., s 0x072999...).
 *  - The earlier revision of the same example (commit 18f02487, and Example.sol), whose domain
 *    has a non-standard httpOrigin member: domain separator 0x0b72c8..., digest 0xa5f5fa...,
 *    signature v 27, r 0x24040e..., s 0x42bbab....
 *  - The eth_signTypedData_v4 example with arrays (Person.wallets address[], Mail.to Person[],
 *    an unused Group type) from MetaMask's eth-sig-util, as reproduced in Trust Wallet Core's
 *    and trezor's tests: type hashes of Person, Mail and Group, hashStruct of both persons, the
 *    message hash and the digest 0xa85c2e....
 *  - From the same test collection: a uint8 member given as a JSON number (digest
 *    0x2218fd...) and a bytes8 member (digest 0x2a3e64...).
 * Everything else here checks refusals and the encoding rules on small cases. */
#include <secp256k1.h>
#include <secp256k1_recovery.h>
#include <string.h>

#include "check.h"
#include "crypto/hash.h"
#include "eip712.h"
#include "util/hex.h"

#define DOMAIN_STD                                                                                               \
    "\"EIP712Domain\":[{\"name\":\"name\",\"type\":\"string\"},{\"name\":\"version\",\"type\":\"string\"},"      \
    "{\"name\":\"chainId\",\"type\":\"uint256\"},{\"name\":\"verifyingContract\",\"type\":\"address\"}]"
#define DOMAIN_VALUE                                                                                             \
    "\"domain\":{\"name\":\"Ether Mail\",\"version\":\"1\",\"chainId\":1,"                                       \
    "\"verifyingContract\":\"0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC\"}"
#define MAIL_TYPES                                                                                               \
    "\"Person\":[{\"name\":\"name\",\"type\":\"string\"},{\"name\":\"wallet\",\"type\":\"address\"}],"           \
    "\"Mail\":[{\"name\":\"from\",\"type\":\"Person\"},{\"name\":\"to\",\"type\":\"Person\"},"                   \
    "{\"name\":\"contents\",\"type\":\"string\"}]"
#define MAIL_MESSAGE                                                                                             \
    "\"message\":{\"from\":{\"name\":\"Cow\",\"wallet\":\"0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826\"},"        \
    "\"to\":{\"name\":\"Bob\",\"wallet\":\"0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB\"},"                       \
    "\"contents\":\"Hello, Bob!\"}"

static const char MAIL[] = "{\"types\":{" DOMAIN_STD "," MAIL_TYPES "},\"primaryType\":\"Mail\"," DOMAIN_VALUE
                           "," MAIL_MESSAGE "}";

static json_t *load(const char *text)
{
    json_error_t je;
    json_t *j = json_loads(text, JSON_DECODE_ANY, &je);
    if (j == NULL)
        fprintf(stderr, "test JSON does not parse: %s (%s)\n", je.text, text);
    return j;
}

static int hex_is(const uint8_t *got, const char *hex)
{
    uint8_t want[32];
    return hex_decode(want, 32, hex) == 0 && memcmp(got, want, 32) == 0;
}

/* Signs a digest like the host (r || s || recid) with a key. */
static void sign_with(const uint8_t key[32], const uint8_t digest[32], uint8_t sig[65])
{
    secp256k1_context *ctx = secp256k1_context_create(SECP256K1_CONTEXT_NONE);
    secp256k1_ecdsa_recoverable_signature rs;
    int recid = 0;
    CHECK(secp256k1_ecdsa_sign_recoverable(ctx, &rs, digest, key, NULL, NULL) == 1);
    secp256k1_ecdsa_recoverable_signature_serialize_compact(ctx, sig, &recid, &rs);
    sig[64] = (uint8_t)recid;
    secp256k1_context_destroy(ctx);
}

static void test_mail(void)
{
    json_t *td = load(MAIL);
    st_err e = {0};
    char *et = NULL;
    CHECK(eip712_encode_type(json_object_get(td, "types"), "Mail", &et, &e) == 0);
    CHECK_STR(et, "Mail(Person from,Person to,string contents)Person(string name,address wallet)");
    uint8_t h[32];
    if (et)
        keccak256((const uint8_t *)et, strlen(et), h);
    CHECK(hex_is(h, "0xa0cedeb2dc280ba39b857546d74f5549c3a1d7bdc2dd96bf881f76108e23dac2"));
    free(et);

    uint8_t digest[32], dom[32], msg[32];
    CHECK(eip712_hash(td, 1, digest, dom, msg, &e) == 0);
    CHECK(hex_is(msg, "0xc52c0ee5d84264471806290a3f2c4cecfc5490626bf912d01f240d7a274b371e"));
    CHECK(hex_is(dom, "0xf2cee375fa42b42143804025fc449deafd50cc031ca257e0b194a650a912090f"));
    CHECK(hex_is(digest, "0xbe609aee343fb3c4b28e1df9e632fca64fcfaede20f02e86244efddf30957bd2"));

    /* hashStruct of the message through the other entry point agrees. */
    CHECK(eip712_hash_struct(json_object_get(td, "types"), "Mail", json_object_get(td, "message"), h, &e) == 0);
    CHECK_MEM(h, msg, 32);

    /* The example's signature by keccak256("cow"), as r || s || v. */
    uint8_t key[32], sig[65];
    keccak256((const uint8_t *)"cow", 3, key);
    sign_with(key, digest, sig);
    CHECK(27 + sig[64] == 28);
    CHECK(hex_is(sig, "0x4355c47d63924e8a72e509b65029052eb6c299d53a04e167c5775fd466751c9d"));
    CHECK(hex_is(sig + 32, "0x07299936d304c153f6443dfa05f40ff007d72911b6f72307f996231605b91562"));

    /* Without EIP712Domain in types, the domain type is inferred from the domain's keys. */
    json_object_del(json_object_get(td, "types"), "EIP712Domain");
    uint8_t d2[32];
    CHECK(eip712_hash(td, 1, d2, NULL, NULL, &e) == 0);
    CHECK_MEM(d2, digest, 32);

    /* The domain's chainId binds the signature to the chain. */
    st_err_clear(&e);
    CHECK(eip712_hash(td, 5, d2, NULL, NULL, &e) != 0);
    CHECK(strstr(e.msg, "typed_data.domain.chainId") != NULL);
    json_decref(td);
}

static void test_mail_http_origin(void)
{
    static const char text[] =
        "{\"types\":{\"EIP712Domain\":[{\"name\":\"name\",\"type\":\"string\"},{\"name\":\"version\",\"type\":\"string\"},"
        "{\"name\":\"chainId\",\"type\":\"uint256\"},{\"name\":\"httpOrigin\",\"type\":\"string\"},"
        "{\"name\":\"verifyingContract\",\"type\":\"address\"}]," MAIL_TYPES "},\"primaryType\":\"Mail\","
        "\"domain\":{\"name\":\"Ether Mail\",\"version\":\"1\",\"chainId\":1,\"httpOrigin\":\"https://ether-mail.eth\","
        "\"verifyingContract\":\"0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC\"}," MAIL_MESSAGE "}";
    json_t *td = load(text);
    st_err e = {0};
    uint8_t digest[32], dom[32];
    CHECK(eip712_hash(td, 1, digest, dom, NULL, &e) == 0);
    CHECK(hex_is(dom, "0x0b72c8f1f2c3bf8bcca4c3cc24cd47275f9261a5b0bcf7b9bd803419b303a1a9"));
    CHECK(hex_is(digest, "0xa5f5fa6b05af38f2e9d2889ac36f5a4ba31e20646781d23739de458d86d6593e"));
    uint8_t key[32], sig[65];
    keccak256((const uint8_t *)"cow", 3, key);
    sign_with(key, digest, sig);
    CHECK(27 + sig[64] == 27);
    CHECK(hex_is(sig, "0x24040eda35064d96c51f3308b5fae290edae563327348886a366ed604e0c0480"));
    CHECK(hex_is(sig + 32, "0x42bbabf2fae4b00598596a99d577dde56ff9d013e861f611cfe7b0728e1cd057"));
    /* httpOrigin is not a standard member: without an EIP712Domain type it is refused. */
    json_object_del(json_object_get(td, "types"), "EIP712Domain");
    CHECK(eip712_hash(td, 1, digest, NULL, NULL, &e) != 0);
    CHECK(strstr(e.msg, "httpOrigin") != NULL);
    json_decref(td);
}

static void test_arrays_v4(void)
{
    static const char text[] =
        "{\"types\":{" DOMAIN_STD ","
        "\"Person\":[{\"name\":\"name\",\"type\":\"string\"},{\"name\":\"wallets\",\"type\":\"address[]\"}],"
        "\"Mail\":[{\"name\":\"from\",\"type\":\"Person\"},{\"name\":\"to\",\"type\":\"Person[]\"},"
        "{\"name\":\"contents\",\"type\":\"string\"}],"
        "\"Group\":[{\"name\":\"name\",\"type\":\"string\"},{\"name\":\"members\",\"type\":\"Person[]\"}]},"
        "\"primaryType\":\"Mail\"," DOMAIN_VALUE ","
        "\"message\":{\"from\":{\"name\":\"Cow\",\"wallets\":[\"0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826\","
        "\"0xDeaDbeefdEAdbeefdEadbEEFdeadbeEFdEaDbeeF\"]},"
        "\"to\":[{\"name\":\"Bob\",\"wallets\":[\"0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB\","
        "\"0xB0BdaBea57B0BDABeA57b0bdABEA57b0BDabEa57\",\"0xB0B0b0b0b0b0B000000000000000000000000000\"]}],"
        "\"contents\":\"Hello, Bob!\"}}";
    json_t *td = load(text);
    json_t *types = json_object_get(td, "types");
    st_err e = {0};
    char *et = NULL;
    uint8_t h[32];
    static const struct {
        const char *type, *hash;
    } th[] = {{"Person", "0xfabfe1ed996349fc6027709802be19d047da1aa5d6894ff5f6486d92db2e6860"},
              {"Mail", "0x4bd8a9a2b93427bb184aca81e24beb30ffa3c747e2a33d4225ec08bf12e2e753"},
              {"Group", "0x1d953c52160a9018dbb518700e05da47418ac2b6044f0c044f84c15a80103107"}};
    for (size_t i = 0; i < 3; i++) {
        CHECK(eip712_encode_type(types, th[i].type, &et, &e) == 0);
        if (et)
            keccak256((const uint8_t *)et, strlen(et), h);
        CHECK(hex_is(h, th[i].hash));
        free(et);
        et = NULL;
    }
    CHECK(eip712_encode_type(types, "Mail", &et, &e) == 0);
    CHECK_STR(et, "Mail(Person from,Person[] to,string contents)Person(string name,address[] wallets)");
    free(et);

    json_t *msg = json_object_get(td, "message");
    CHECK(eip712_hash_struct(types, "Person", json_object_get(msg, "from"), h, &e) == 0);
    CHECK(hex_is(h, "0x9b4846dd48b866f0ac54d61b9b21a9e746f921cefa4ee94c4c0a1c49c774f67f"));
    CHECK(eip712_hash_struct(types, "Person", json_array_get(json_object_get(msg, "to"), 0), h, &e) == 0);
    CHECK(hex_is(h, "0xefa62530c7ae3a290f8a13a5fc20450bdb3a6af19d9d9d2542b5a94e631a9168"));

    uint8_t digest[32], dom[32], mh[32];
    CHECK(eip712_hash(td, 1, digest, dom, mh, &e) == 0);
    CHECK(hex_is(mh, "0xeb4221181ff3f1a83ea7313993ca9218496e424604ba9492bb4052c03d5c3df8"));
    CHECK(hex_is(dom, "0xf2cee375fa42b42143804025fc449deafd50cc031ca257e0b194a650a912090f"));
    CHECK(hex_is(digest, "0xa85c2e2b118698e88db68a8105b794a8cc7cec074e89ef991cb4f5f533819cc2"));
    json_decref(td);
}

static void test_uint8_bytes8(void)
{
    static const char t2[] = "{\"types\":{" DOMAIN_STD ",\"Person\":[{\"name\":\"name\",\"type\":\"string\"},"
                             "{\"name\":\"wallet\",\"type\":\"address\"},{\"name\":\"count\",\"type\":\"uint8\"}]},"
                             "\"primaryType\":\"Person\"," DOMAIN_VALUE ",\"message\":{\"name\":\"Bob\","
                             "\"wallet\":\"0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB\",\"count\":4}}";
    static const char t4[] = "{\"types\":{" DOMAIN_STD ",\"Person\":[{\"name\":\"name\",\"type\":\"string\"},"
                             "{\"name\":\"wallet\",\"type\":\"address\"},{\"name\":\"count\",\"type\":\"bytes8\"}]},"
                             "\"primaryType\":\"Person\"," DOMAIN_VALUE ",\"message\":{\"name\":\"Bob\","
                             "\"wallet\":\"0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB\",\"count\":\"0x1122334455667788\"}}";
    st_err e = {0};
    uint8_t d[32];
    json_t *td = load(t2);
    CHECK(eip712_hash(td, 1, d, NULL, NULL, &e) == 0);
    CHECK(hex_is(d, "0x2218fda59750be7bb9e5dfb2b49e4ec000dc2542862c5826f1fe980d6d727e95"));
    /* The same number as a decimal string and as hex gives the same digest. */
    json_object_set_new(json_object_get(td, "message"), "count", json_string("4"));
    uint8_t d2[32];
    CHECK(eip712_hash(td, 1, d2, NULL, NULL, &e) == 0);
    CHECK_MEM(d2, d, 32);
    json_object_set_new(json_object_get(td, "message"), "count", json_string("0x04"));
    CHECK(eip712_hash(td, 1, d2, NULL, NULL, &e) == 0);
    CHECK_MEM(d2, d, 32);
    /* uint8 range. */
    json_object_set_new(json_object_get(td, "message"), "count", json_integer(256));
    st_err_clear(&e);
    CHECK(eip712_hash(td, 1, d2, NULL, NULL, &e) != 0 && strstr(e.msg, "typed_data.message.count") != NULL);
    json_object_set_new(json_object_get(td, "message"), "count", json_integer(-1));
    st_err_clear(&e);
    CHECK(eip712_hash(td, 1, d2, NULL, NULL, &e) != 0 && strstr(e.msg, "negative") != NULL);
    json_object_set_new(json_object_get(td, "message"), "count", json_real(4.0));
    st_err_clear(&e);
    CHECK(eip712_hash(td, 1, d2, NULL, NULL, &e) != 0);
    json_decref(td);

    td = load(t4);
    st_err_clear(&e);
    CHECK(eip712_hash(td, 1, d, NULL, NULL, &e) == 0);
    CHECK(hex_is(d, "0x2a3e64893ed4ba30ea34dbff3b0aa08c7677876cfdf7112362eccf3111f58d1d"));
    /* bytes8 needs exactly 8 bytes. */
    json_object_set_new(json_object_get(td, "message"), "count", json_string("0x11223344556677"));
    st_err_clear(&e);
    CHECK(eip712_hash(td, 1, d, NULL, NULL, &e) != 0 && strstr(e.msg, "bytes8") != NULL);
    json_decref(td);
}

/* The encoding rules, checked against the spec's formulas applied by hand here. */
static void test_rules(void)
{
    static const char types_text[] =
        "{\"T\":[{\"name\":\"a\",\"type\":\"int8\"},{\"name\":\"b\",\"type\":\"int256\"},{\"name\":\"c\",\"type\":\"bool\"},"
        "{\"name\":\"d\",\"type\":\"bytes\"},{\"name\":\"e\",\"type\":\"uint16[2]\"},{\"name\":\"f\",\"type\":\"string[][]\"}]}";
    json_t *types = load(types_text);
    json_t *v = load("{\"a\":-1,\"b\":\"-57896044618658097711785492504343953926634992332820282019728792003956564819968\","
                     "\"c\":true,\"d\":\"0x0102\",\"e\":[1,\"0xffff\"],\"f\":[[\"x\"],[]]}");
    st_err e = {0};
    char *et = NULL;
    CHECK(eip712_encode_type(types, "T", &et, &e) == 0);
    CHECK_STR(et, "T(int8 a,int256 b,bool c,bytes d,uint16[2] e,string[][] f)");
    uint8_t enc[7 * 32];
    memset(enc, 0, sizeof enc);
    keccak256((const uint8_t *)et, strlen(et), enc);
    free(et);
    memset(enc + 32, 0xff, 32);       /* int8 -1 sign-extended */
    enc[64] = 0x80;                   /* int256 minimum: 0x80 00..00 */
    enc[127] = 1;                     /* true */
    keccak256((const uint8_t *)"\x01\x02", 2, enc + 128);
    uint8_t arr[64] = {0};
    arr[31] = 1;
    arr[62] = 0xff;
    arr[63] = 0xff;
    keccak256(arr, 64, enc + 160);    /* uint16[2] */
    uint8_t inner[64], xh[32];
    keccak256((const uint8_t *)"x", 1, xh);
    keccak256(xh, 32, inner);         /* ["x"] */
    keccak256(NULL, 0, inner + 32);   /* [] */
    keccak256(inner, 64, enc + 192);  /* [["x"],[]] */
    uint8_t want[32], got[32];
    keccak256(enc, sizeof enc, want);
    CHECK(eip712_hash_struct(types, "T", v, got, &e) == 0);
    CHECK_MEM(got, want, 32);

    /* Range and shape refusals, each naming the member. */
    static const struct {
        const char *member, *value, *needle;
    } bad[] = {
        {"a", "128", "T.a"},
        {"a", "-129", "T.a"},
        {"a", "\"1e3\"", "T.a"},
        {"b", "\"57896044618658097711785492504343953926634992332820282019728792003956564819968\"", "int256"},
        {"c", "1", "true or false"},
        {"d", "\"0x123\"", "T.d"},
        {"d", "\"0102\"", "T.d"},
        {"e", "[1]", "needs 2"},
        {"e", "[1,65536]", "T.e[1]"},
        {"f", "[\"x\"]", "T.f[0]"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        json_t *c = json_deep_copy(v);
        json_object_set_new(c, bad[i].member, load(bad[i].value));
        st_err_clear(&e);
        CHECK(eip712_hash_struct(types, "T", c, got, &e) != 0);
        if (strstr(e.msg, bad[i].needle) == NULL)
            fprintf(stderr, "case %zu: error \"%s\" lacks \"%s\"\n", i, e.msg, bad[i].needle);
        CHECK(strstr(e.msg, bad[i].needle) != NULL);
        json_decref(c);
    }
    /* A missing member and an extra one. */
    json_t *c = json_deep_copy(v);
    json_object_del(c, "c");
    st_err_clear(&e);
    CHECK(eip712_hash_struct(types, "T", c, got, &e) != 0 && strstr(e.msg, "T.c: missing") != NULL);
    json_object_set_new(c, "c", json_true());
    json_object_set_new(c, "zz", json_true());
    st_err_clear(&e);
    CHECK(eip712_hash_struct(types, "T", c, got, &e) != 0 && strstr(e.msg, "zz") != NULL);
    json_decref(c);
    json_decref(v);
    json_decref(types);
}

static void test_type_refusals(void)
{
    static const struct {
        const char *types, *needle;
    } bad[] = {
        {"{\"A\":[{\"name\":\"x\",\"type\":\"Missing\"}]}", "Missing"},
        {"{\"A\":[{\"name\":\"x\",\"type\":\"uint7\"}]}", "uint7"},
        {"{\"A\":[{\"name\":\"x\",\"type\":\"uint\"}]}", "uint"},
        {"{\"A\":[{\"name\":\"x\",\"type\":\"bytes33\"}]}", "bytes33"},
        {"{\"A\":[{\"name\":\"x\",\"type\":\"uint8[0]\"}]}", "array dimension"},
        {"{\"A\":[{\"name\":\"x\",\"type\":\"uint8[\"}]}", "uint8["},
        {"{\"A\":[{\"name\":\"x\",\"type\":\"bool\"},{\"name\":\"x\",\"type\":\"bool\"}]}", "twice"},
        {"{\"uint256\":[{\"name\":\"x\",\"type\":\"bool\"}]}", "uint256"},
        {"{\"A B\":[]}", "A B"},
        {"{\"A\":[{\"name\":\"x\"}]}", "A[0]"},
        {"{\"A\":{}}", "array"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        json_t *t = load(bad[i].types);
        char *et = NULL;
        st_err e = {0};
        CHECK(eip712_encode_type(t, "A", &et, &e) != 0 && et == NULL);
        if (strstr(e.msg, bad[i].needle) == NULL)
            fprintf(stderr, "case %zu: error \"%s\" lacks \"%s\"\n", i, e.msg, bad[i].needle);
        CHECK(strstr(e.msg, bad[i].needle) != NULL);
        json_decref(t);
    }

    /* Referenced types follow the primary one sorted by name, whatever the declaration
     * order, including types referenced only indirectly and through arrays. */
    json_t *order = load("{\"Zed\":[{\"name\":\"m\",\"type\":\"Mid[2]\"},{\"name\":\"a\",\"type\":\"Alpha\"}],"
                         "\"Mid\":[{\"name\":\"b\",\"type\":\"Beta[]\"}],\"Beta\":[{\"name\":\"x\",\"type\":\"bool\"}],"
                         "\"Alpha\":[{\"name\":\"y\",\"type\":\"uint8\"}],\"Unused\":[]}");
    char *ot = NULL;
    st_err oe = {0};
    CHECK(eip712_encode_type(order, "Zed", &ot, &oe) == 0);
    CHECK_STR(ot, "Zed(Mid[2] m,Alpha a)Alpha(uint8 y)Beta(bool x)Mid(Beta[] b)");
    free(ot);
    json_decref(order);

    /* A recursive type is legal; its own name is not repeated in encodeType. */
    json_t *t = load("{\"Node\":[{\"name\":\"name\",\"type\":\"string\"},{\"name\":\"kids\",\"type\":\"Node[]\"}]}");
    char *et = NULL;
    st_err e = {0};
    CHECK(eip712_encode_type(t, "Node", &et, &e) == 0);
    CHECK_STR(et, "Node(string name,Node[] kids)");
    free(et);
    /* Data nested deeper than the limit is refused, not a stack overflow. */
    json_t *deep = load("{\"name\":\"leaf\",\"kids\":[]}");
    for (int i = 0; i < 80; i++) {
        json_t *up = json_pack("{s:s, s:[o]}", "name", "n", "kids", deep);
        deep = up;
    }
    uint8_t h[32];
    CHECK(eip712_hash_struct(t, "Node", deep, h, &e) != 0 && strstr(e.msg, "nested") != NULL);
    json_decref(deep);
    json_decref(t);

    /* Top-level shape. */
    static const char *const tops[] = {
        "{\"types\":{},\"primaryType\":\"Mail\",\"domain\":{}}",
        "{\"types\":{" MAIL_TYPES "},\"domain\":{},\"message\":{}}",
        "{\"types\":{" MAIL_TYPES "},\"primaryType\":\"Mail\",\"domain\":{},\"message\":{},\"extra\":1}",
        "{\"types\":{" MAIL_TYPES "},\"primaryType\":\"Mail\"," DOMAIN_VALUE "}",
        "[]",
    };
    for (size_t i = 0; i < sizeof tops / sizeof tops[0]; i++) {
        json_t *td = load(tops[i]);
        st_err_clear(&e);
        CHECK(eip712_hash(td, 1, h, NULL, NULL, &e) != 0 && strncmp(e.msg, "typed_data", 10) == 0);
        json_decref(td);
    }

    /* primaryType EIP712Domain signs the domain alone; a message alongside is refused. */
    json_t *td = load("{\"types\":{" DOMAIN_STD "},\"primaryType\":\"EIP712Domain\"," DOMAIN_VALUE "}");
    uint8_t dom[32], want[32];
    CHECK(eip712_hash(td, 1, h, dom, NULL, &e) == 0);
    uint8_t pre[34] = {0x19, 0x01};
    memcpy(pre + 2, dom, 32);
    keccak256(pre, 34, want);
    CHECK_MEM(h, want, 32);
    CHECK(hex_is(dom, "0xf2cee375fa42b42143804025fc449deafd50cc031ca257e0b194a650a912090f"));
    json_object_set_new(td, "message", json_pack("{s:s}", "a", "b"));
    st_err_clear(&e);
    CHECK(eip712_hash(td, 1, h, NULL, NULL, &e) != 0);
    json_decref(td);
}

int main(void)
{
    test_mail();
    test_mail_http_origin();
    test_arrays_v4();
    test_uint8_bytes8();
    test_rules();
    test_type_refusals();
    return check_summary();
}
