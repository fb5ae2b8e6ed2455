/* eip712.c: see eip712.h. */
#include "eip712.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/hash.h"
#include "ethaddr.h"
#include "u256.h"
#include "util/bytebuf.h"
#include "util/decimal.h"
#include "util/hex.h"

#define MAX_DEPTH 64
#define MAX_TYPES 256
#define MAX_MEMBERS 1024
#define MAX_FIXED_ARRAY 1048576
#define PATH_MAX_LEN 200

struct member {
    const char *name;
    const char *type; /* the full type string, e.g. "Person[]" */
};

struct stype {
    const char *name;
    struct member *m;
    size_t nm;
    int hashed;          /* typehash computed */
    uint8_t typehash[32];
};

struct ctx {
    struct stype *t;
    size_t n;
    st_err *err;
};

/* ---- type strings --------------------------------------------------------------------- */

enum atom { A_NONE, A_BOOL, A_ADDRESS, A_STRING, A_BYTES, A_BYTESN, A_UINT, A_INT };

/* Classifies an atomic type name of length n; *size gets N of bytesN / uintN / intN. */
static enum atom atom_of(const char *s, size_t n, unsigned *size)
{
    *size = 0;
    if (n == 4 && !memcmp(s, "bool", 4))
        return A_BOOL;
    if (n == 7 && !memcmp(s, "address", 7))
        return A_ADDRESS;
    if (n == 6 && !memcmp(s, "string", 6))
        return A_STRING;
    if (n == 5 && !memcmp(s, "bytes", 5))
        return A_BYTES;
    enum atom a = A_NONE;
    size_t p = 0;
    if (n > 5 && !memcmp(s, "bytes", 5)) {
        a = A_BYTESN;
        p = 5;
    } else if (n > 4 && !memcmp(s, "uint", 4)) {
        a = A_UINT;
        p = 4;
    } else if (n > 3 && !memcmp(s, "int", 3)) {
        a = A_INT;
        p = 3;
    } else {
        return A_NONE;
    }
    if (s[p] == '0' || n - p > 3)
        return A_NONE;
    unsigned v = 0;
    for (size_t i = p; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return A_NONE;
        v = v * 10 + (unsigned)(s[i] - '0');
    }
    if (a == A_BYTESN ? (v < 1 || v > 32) : (v < 8 || v > 256 || v % 8 != 0))
        return A_NONE;
    *size = v;
    return a;
}

/* Splits "T[...]" at its last dimension: *inner_len is the length of T, *fixed the count
 * (0 for []). Returns 1 if the type is an array, 0 if not, -1 if the suffix is malformed. */
static int array_split(const char *type, size_t *inner_len, uint64_t *fixed)
{
    size_t n = strlen(type);
    if (n == 0 || type[n - 1] != ']')
        return 0;
    const char *open = NULL;
    for (size_t i = n - 1; i-- > 0;) {
        if (type[i] == '[') {
            open = type + i;
            break;
        }
    }
    if (open == NULL || open == type)
        return -1;
    const char *d = open + 1;
    size_t dl = (size_t)(type + n - 1 - d);
    *fixed = 0;
    if (dl > 0) {
        if (d[0] == '0' || dl > 7)
            return -1;
        for (size_t i = 0; i < dl; i++) {
            if (d[i] < '0' || d[i] > '9')
                return -1;
            *fixed = *fixed * 10 + (uint64_t)(d[i] - '0');
        }
        if (*fixed > MAX_FIXED_ARRAY)
            return -1;
    }
    *inner_len = (size_t)(open - type);
    return 1;
}

/* The base of a type string (without any array dimensions): length of the leading run of
 * characters before the first '['. */
static size_t base_len(const char *type)
{
    const char *b = strchr(type, '[');
    return b ? (size_t)(b - type) : strlen(type);
}

static const struct stype *find_type(const struct ctx *c, const char *name, size_t n)
{
    for (size_t i = 0; i < c->n; i++) {
        if (strlen(c->t[i].name) == n && !memcmp(c->t[i].name, name, n))
            return &c->t[i];
    }
    return NULL;
}

static int is_identifier(const char *s)
{
    static const char first[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_$";
    static const char rest[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_$0123456789";
    size_t n = strlen(s);
    return n > 0 && n <= 256 && strchr(first, s[0]) && strspn(s, rest) == n;
}

/* Checks a full member type string: every dimension well formed, the base atomic or a
 * declared struct. */
static int check_type_string(const struct ctx *c, const char *type, const char *where)
{
    char buf[512];
    size_t n = strlen(type);
    if (n == 0 || n >= sizeof buf)
        return st_err_set(c->err, "%s: type \"%.60s\" is empty or too long", where, type);
    memcpy(buf, type, n + 1);
    for (;;) {
        size_t inner;
        uint64_t fixed;
        int a = array_split(buf, &inner, &fixed);
        if (a < 0)
            return st_err_set(c->err, "%s: type \"%.60s\" has a malformed array dimension", where, type);
        if (a == 0)
            break;
        buf[inner] = '\0';
    }
    unsigned size;
    if (atom_of(buf, strlen(buf), &size) == A_NONE && find_type(c, buf, strlen(buf)) == NULL)
        return st_err_set(c->err, "%s: type \"%.60s\" is neither atomic nor declared in types", where, buf);
    return 0;
}

/* ---- loading "types" ------------------------------------------------------------------ */

static void ctx_free(struct ctx *c)
{
    for (size_t i = 0; i < c->n; i++)
        free(c->t[i].m);
    free(c->t);
    c->t = NULL;
    c->n = 0;
}

/* Loads types (and, when the types have no EIP712Domain and `domain` is given, the inferred
 * domain type). Strings point into the JSON, which must outlive the context. */
static int ctx_load(struct ctx *c, const json_t *types, const json_t *domain)
{
    c->t = NULL;
    c->n = 0;
    if (!json_is_object(types))
        return st_err_set(c->err, "typed_data.types: must be an object");
    size_t n = json_object_size(types);
    if (n > MAX_TYPES)
        return st_err_set(c->err, "typed_data.types: more than %d types", MAX_TYPES);
    int infer = domain != NULL && json_object_get(types, "EIP712Domain") == NULL;
    c->t = calloc(n + 1, sizeof *c->t);
    if (c->t == NULL)
        return st_err_set(c->err, "typed_data: out of memory");
    const char *name;
    json_t *decl;
    json_object_foreach((json_t *)types, name, decl) {
        char where[PATH_MAX_LEN];
        snprintf(where, sizeof where, "typed_data.types.%.60s", name);
        unsigned size;
        if (!is_identifier(name) || atom_of(name, strlen(name), &size) != A_NONE)
            return st_err_set(c->err, "%s: not a usable struct type name", where);
        if (!json_is_array(decl))
            return st_err_set(c->err, "%s: must be an array of {name, type}", where);
        size_t nm = json_array_size(decl);
        if (nm > MAX_MEMBERS)
            return st_err_set(c->err, "%s: more than %d members", where, MAX_MEMBERS);
        struct stype *t = &c->t[c->n++];
        t->name = name;
        t->m = calloc(nm ? nm : 1, sizeof *t->m);
        if (t->m == NULL)
            return st_err_set(c->err, "typed_data: out of memory");
        size_t i;
        json_t *mem;
        json_array_foreach(decl, i, mem) {
            json_t *mn = json_is_object(mem) ? json_object_get(mem, "name") : NULL;
            json_t *mt = json_is_object(mem) ? json_object_get(mem, "type") : NULL;
            if (!json_is_string(mn) || !json_is_string(mt) || json_object_size(mem) != 2)
                return st_err_set(c->err, "%s[%zu]: must be {\"name\": string, \"type\": string}", where, i);
            if (!is_identifier(json_string_value(mn)))
                return st_err_set(c->err, "%s[%zu]: member name \"%.60s\" is not an identifier", where, i,
                                  json_string_value(mn));
            for (size_t k = 0; k < i; k++) {
                if (!strcmp(t->m[k].name, json_string_value(mn)))
                    return st_err_set(c->err, "%s: member \"%.60s\" declared twice", where, json_string_value(mn));
            }
            t->m[i].name = json_string_value(mn);
            t->m[i].type = json_string_value(mt);
        }
        t->nm = nm;
    }
    if (infer) {
        /* The standard domain members, in the order the EIP lists them. */
        static const struct member std[] = {{"name", "string"},
                                            {"version", "string"},
                                            {"chainId", "uint256"},
                                            {"verifyingContract", "address"},
                                            {"salt", "bytes32"}};
        if (!json_is_object(domain))
            return st_err_set(c->err, "typed_data.domain: must be an object");
        const char *k;
        json_t *v;
        json_object_foreach((json_t *)domain, k, v) {
            size_t j = 0;
            while (j < 5 && strcmp(std[j].name, k) != 0)
                j++;
            if (j == 5)
                return st_err_set(c->err, "typed_data.domain.%.60s: not a standard domain field, and types has no "
                                  "EIP712Domain declaring it", k);
        }
        struct stype *t = &c->t[c->n++];
        t->name = "EIP712Domain";
        t->m = calloc(5, sizeof *t->m);
        if (t->m == NULL)
            return st_err_set(c->err, "typed_data: out of memory");
        for (size_t j = 0; j < 5; j++) {
            if (json_object_get(domain, std[j].name) != NULL)
                t->m[t->nm++] = std[j];
        }
    }
    for (size_t i = 0; i < c->n; i++) {
        for (size_t k = 0; k < c->t[i].nm; k++) {
            char where[PATH_MAX_LEN];
            snprintf(where, sizeof where, "typed_data.types.%.60s.%.60s", c->t[i].name, c->t[i].m[k].name);
            if (check_type_string(c, c->t[i].m[k].type, where) != 0)
                return -1;
        }
    }
    return 0;
}

/* ---- encodeType ----------------------------------------------------------------------- */

/* Marks every struct type reachable from t (t included). Iterative over a work list so a
 * deep or cyclic graph costs no recursion. */
static void mark_deps(const struct ctx *c, const struct stype *t, unsigned char *mark)
{
    size_t *stack = malloc(c->n * sizeof *stack), top = 0;
    if (stack == NULL)
        return;
    size_t ti = (size_t)(t - c->t);
    mark[ti] = 1;
    stack[top++] = ti;
    while (top > 0) {
        const struct stype *u = &c->t[stack[--top]];
        for (size_t k = 0; k < u->nm; k++) {
            const struct stype *d = find_type(c, u->m[k].type, base_len(u->m[k].type));
            if (d != NULL && !mark[d - c->t]) {
                mark[d - c->t] = 1;
                stack[top++] = (size_t)(d - c->t);
            }
        }
    }
    free(stack);
}

static void put_decl(struct bytebuf *b, const struct stype *t)
{
    bytebuf_puts(b, t->name);
    bytebuf_putc(b, '(');
    for (size_t k = 0; k < t->nm; k++) {
        if (k)
            bytebuf_putc(b, ',');
        bytebuf_puts(b, t->m[k].type);
        bytebuf_putc(b, ' ');
        bytebuf_puts(b, t->m[k].name);
    }
    bytebuf_putc(b, ')');
}

static int cmp_names(const void *a, const void *b)
{
    const struct stype *x = *(const struct stype *const *)a, *y = *(const struct stype *const *)b;
    return strcmp(x->name, y->name);
}

static int encode_type(const struct ctx *c, const struct stype *t, struct bytebuf *b)
{
    unsigned char *mark = calloc(c->n, 1);
    const struct stype **deps = calloc(c->n, sizeof *deps);
    if (mark == NULL || deps == NULL) {
        free(mark);
        free(deps);
        return st_err_set(c->err, "typed_data: out of memory");
    }
    mark_deps(c, t, mark);
    size_t nd = 0;
    for (size_t i = 0; i < c->n; i++) {
        if (mark[i] && &c->t[i] != t)
            deps[nd++] = &c->t[i];
    }
    qsort(deps, nd, sizeof *deps, cmp_names);
    put_decl(b, t);
    for (size_t i = 0; i < nd; i++)
        put_decl(b, deps[i]);
    free(mark);
    free(deps);
    if (b->oom)
        return st_err_set(c->err, "typed_data: out of memory");
    return 0;
}

static int typehash(struct ctx *c, struct stype *t, uint8_t out[32])
{
    if (!t->hashed) {
        struct bytebuf b = BYTEBUF_INIT;
        if (encode_type(c, t, &b) != 0) {
            bytebuf_free(&b);
            return -1;
        }
        keccak256(b.p, b.len, t->typehash);
        bytebuf_free(&b);
        t->hashed = 1;
    }
    memcpy(out, t->typehash, 32);
    return 0;
}

/* ---- encodeData ----------------------------------------------------------------------- */

static int hash_struct(struct ctx *c, struct stype *t, const json_t *v, const char *path, int depth,
                       uint8_t out[32]);

/* 2^k for k < 256. */
static u256 pow2(unsigned k)
{
    u256 r = {{0, 0, 0, 0}};
    r.w[k / 64] = (uint64_t)1 << (k % 64);
    return r;
}

static int encode_integer(struct ctx *c, const json_t *v, int is_signed, unsigned bits, const char *path,
                          uint8_t word[32])
{
    u256 mag;
    int neg = 0;
    if (json_is_integer(v)) {
        json_int_t i = json_integer_value(v);
        neg = i < 0;
        /* -(i+1)+1 avoids overflow at INT64_MIN. */
        mag = u256_from_u64(neg ? (uint64_t)(-(i + 1)) + 1 : (uint64_t)i);
    } else if (json_is_string(v)) {
        const char *s = json_string_value(v);
        if (s[0] == '-') {
            neg = 1;
            s++;
        }
        uint8_t be[32];
        if (s[0] == '0' && s[1] == 'x') {
            if (u256_from_hex(s + 2, strlen(s + 2), &mag) != 0)
                return st_err_set(c->err, "%s: \"%.80s\" is not a hex integer", path, json_string_value(v));
        } else if (s[0] == '\0' || strspn(s, "0123456789") != strlen(s) || units_from_string(s, be) != 0) {
            return st_err_set(c->err, "%s: \"%.80s\" is not an integer (decimal digits or 0x hex)", path,
                              json_string_value(v));
        } else {
            mag = u256_from_be(be);
        }
    } else {
        return st_err_set(c->err, "%s: must be an integer or a string holding one", path);
    }
    if (neg && u256_is_zero(&mag))
        neg = 0;
    if (neg && !is_signed)
        return st_err_set(c->err, "%s: uint%u cannot be negative", path, bits);
    if (is_signed) {
        u256 lim = pow2(bits - 1); /* |min| = 2^(bits-1), max = 2^(bits-1) - 1 */
        if (neg ? u256_cmp(&mag, &lim) > 0 : u256_cmp(&mag, &lim) >= 0)
            return st_err_set(c->err, "%s: out of range for int%u", path, bits);
    } else if (bits < 256) {
        u256 lim = pow2(bits);
        if (u256_cmp(&mag, &lim) >= 0)
            return st_err_set(c->err, "%s: out of range for uint%u", path, bits);
    }
    if (neg) {
        /* Two's complement over 256 bits: ~mag + 1. */
        for (int i = 0; i < 4; i++)
            mag.w[i] = ~mag.w[i];
        u256 one = u256_from_u64(1);
        u256_add(&mag, &mag, &one);
    }
    u256_to_be(&mag, word);
    return 0;
}

/* Decodes a "0x" hex string into a malloc'd buffer. */
static int hex_bytes(struct ctx *c, const json_t *v, const char *path, uint8_t **out, size_t *len)
{
    *out = NULL;
    *len = 0;
    const char *s = json_string_value(v);
    size_t n = json_is_string(v) ? json_string_length(v) : 0;
    if (s == NULL || n < 2 || s[0] != '0' || s[1] != 'x' || n % 2 != 0 || (n > 2 && !hex_all_digits(s + 2, n - 2)))
        return st_err_set(c->err, "%s: must be 0x followed by an even number of hex digits", path);
    *len = (n - 2) / 2;
    if (*len == 0)
        return 0;
    *out = malloc(*len);
    if (*out == NULL)
        return st_err_set(c->err, "typed_data: out of memory");
    hex_decode_n(*out, *len, s + 2, n - 2);
    return 0;
}

/* The 32-byte word of one value of `type` (a full type string). */
static int encode_value(struct ctx *c, const char *type, const json_t *v, const char *path, int depth,
                        uint8_t word[32])
{
    if (depth > MAX_DEPTH)
        return st_err_set(c->err, "%s: nested more than %d levels", path, MAX_DEPTH);
    size_t inner;
    uint64_t fixed;
    int arr = array_split(type, &inner, &fixed);
    if (arr < 0)
        return st_err_set(c->err, "%s: malformed type \"%.60s\"", path, type);
    if (arr) {
        if (!json_is_array(v))
            return st_err_set(c->err, "%s: must be an array (type %.60s)", path, type);
        size_t n = json_array_size(v);
        if (fixed && n != fixed)
            return st_err_set(c->err, "%s: has %zu elements, type %.60s needs %llu", path, n, type,
                              (unsigned long long)fixed);
        char *elem = strndup(type, inner);
        uint8_t *words = malloc(n ? 32 * n : 1);
        if (elem == NULL || words == NULL) {
            free(elem);
            free(words);
            return st_err_set(c->err, "typed_data: out of memory");
        }
        int rc = 0;
        for (size_t i = 0; i < n && rc == 0; i++) {
            char p[PATH_MAX_LEN];
            snprintf(p, sizeof p, "%s[%zu]", path, i);
            rc = encode_value(c, elem, json_array_get(v, i), p, depth + 1, words + 32 * i);
        }
        if (rc == 0)
            keccak256(words, 32 * n, word);
        free(elem);
        free(words);
        return rc;
    }
    unsigned size;
    size_t tl = strlen(type);
    switch (atom_of(type, tl, &size)) {
    case A_BOOL:
        if (!json_is_boolean(v))
            return st_err_set(c->err, "%s: must be true or false", path);
        memset(word, 0, 32);
        word[31] = json_is_true(v) ? 1 : 0;
        return 0;
    case A_ADDRESS: {
        uint8_t a[20];
        if (!json_is_string(v))
            return st_err_set(c->err, "%s: must be an address string", path);
        if (eth_address_parse(json_string_value(v), a, path, c->err) != 0)
            return -1;
        memset(word, 0, 12);
        memcpy(word + 12, a, 20);
        return 0;
    }
    case A_STRING:
        if (!json_is_string(v))
            return st_err_set(c->err, "%s: must be a string", path);
        keccak256((const uint8_t *)json_string_value(v), json_string_length(v), word);
        return 0;
    case A_BYTES: {
        uint8_t *b;
        size_t n;
        if (hex_bytes(c, v, path, &b, &n) != 0)
            return -1;
        keccak256(b, n, word);
        free(b);
        return 0;
    }
    case A_BYTESN: {
        uint8_t *b;
        size_t n;
        if (hex_bytes(c, v, path, &b, &n) != 0)
            return -1;
        if (n != size) {
            free(b);
            return st_err_set(c->err, "%s: has %zu bytes, bytes%u needs exactly %u", path, n, size, size);
        }
        memset(word, 0, 32);
        memcpy(word, b, n);
        free(b);
        return 0;
    }
    case A_UINT:
        return encode_integer(c, v, 0, size, path, word);
    case A_INT:
        return encode_integer(c, v, 1, size, path, word);
    case A_NONE:
        break;
    }
    struct stype *t = (struct stype *)find_type(c, type, tl);
    if (t == NULL)
        return st_err_set(c->err, "%s: unknown type \"%.60s\"", path, type);
    return hash_struct(c, t, v, path, depth + 1, word);
}

static int hash_struct(struct ctx *c, struct stype *t, const json_t *v, const char *path, int depth,
                       uint8_t out[32])
{
    if (depth > MAX_DEPTH)
        return st_err_set(c->err, "%s: nested more than %d levels", path, MAX_DEPTH);
    if (!json_is_object(v))
        return st_err_set(c->err, "%s: must be an object (type %s)", path, t->name);
    const char *k;
    json_t *x;
    json_object_foreach((json_t *)v, k, x) {
        size_t i = 0;
        while (i < t->nm && strcmp(t->m[i].name, k) != 0)
            i++;
        if (i == t->nm)
            return st_err_set(c->err, "%s.%.60s: not a member of %s (it would not be signed)", path, k, t->name);
    }
    uint8_t *enc = malloc(32 * (t->nm + 1));
    if (enc == NULL)
        return st_err_set(c->err, "typed_data: out of memory");
    int rc = typehash(c, t, enc);
    for (size_t i = 0; i < t->nm && rc == 0; i++) {
        char p[PATH_MAX_LEN];
        snprintf(p, sizeof p, "%s.%s", path, t->m[i].name);
        json_t *mv = json_object_get(v, t->m[i].name);
        if (mv == NULL)
            rc = st_err_set(c->err, "%s: missing", p);
        else
            rc = encode_value(c, t->m[i].type, mv, p, depth, enc + 32 * (i + 1));
    }
    if (rc == 0)
        keccak256(enc, 32 * (t->nm + 1), out);
    free(enc);
    return rc;
}

/* ---- public entry points -------------------------------------------------------------- */

int eip712_encode_type(const json_t *types, const char *type_name, char **out, st_err *err)
{
    struct ctx c = {.err = err};
    *out = NULL;
    int rc = ctx_load(&c, types, NULL);
    const struct stype *t = rc == 0 ? find_type(&c, type_name, strlen(type_name)) : NULL;
    if (rc == 0 && t == NULL)
        rc = st_err_set(err, "typed_data.types: no type %.60s", type_name);
    struct bytebuf b = BYTEBUF_INIT;
    if (rc == 0 && encode_type(&c, t, &b) == 0)
        *out = bytebuf_take_str(&b); /* not NULL: encode_type checked oom; never empty */
    else
        rc = -1;
    bytebuf_free(&b);
    ctx_free(&c);
    return rc;
}

int eip712_hash_struct(const json_t *types, const char *type_name, const json_t *value, uint8_t out[32],
                       st_err *err)
{
    struct ctx c = {.err = err};
    int rc = ctx_load(&c, types, NULL);
    struct stype *t = rc == 0 ? (struct stype *)find_type(&c, type_name, strlen(type_name)) : NULL;
    if (rc == 0 && t == NULL)
        rc = st_err_set(err, "typed_data.types: no type %.60s", type_name);
    if (rc == 0)
        rc = hash_struct(&c, t, value, type_name, 0, out);
    ctx_free(&c);
    return rc;
}

/* Checks the domain's chainId (when it declares one) against the chain's. */
static int check_chain_id(struct ctx *c, const struct stype *dom, const json_t *domain, uint64_t expected)
{
    for (size_t i = 0; i < dom->nm; i++) {
        if (strcmp(dom->m[i].name, "chainId") != 0)
            continue;
        json_t *v = json_object_get(domain, "chainId");
        if (v == NULL)
            return 0; /* reported as missing by hash_struct */
        unsigned size;
        enum atom a = atom_of(dom->m[i].type, strlen(dom->m[i].type), &size);
        if (a != A_UINT && a != A_INT)
            return st_err_set(c->err, "typed_data.types.EIP712Domain.chainId: must be an integer type");
        uint8_t word[32], want[32];
        if (encode_integer(c, v, a == A_INT, size, "typed_data.domain.chainId", word) != 0)
            return -1;
        u256 e = u256_from_u64(expected);
        u256_to_be(&e, want);
        if (memcmp(word, want, 32) != 0)
            return st_err_set(c->err, "typed_data.domain.chainId: not this chain's id %llu; refusing a signature "
                              "another chain would accept", (unsigned long long)expected);
    }
    return 0;
}

int eip712_hash(const json_t *typed_data, uint64_t expected_chain_id, uint8_t digest[32],
                uint8_t domain_separator[32], uint8_t message_hash[32], st_err *err)
{
    if (!json_is_object(typed_data))
        return st_err_set(err, "typed_data: must be an object");
    const char *k;
    json_t *x;
    json_object_foreach((json_t *)typed_data, k, x) {
        if (strcmp(k, "types") && strcmp(k, "primaryType") && strcmp(k, "domain") && strcmp(k, "message"))
            return st_err_set(err, "typed_data: unknown key \"%.40s\" (types, primaryType, domain, message)", k);
    }
    const json_t *types = json_object_get(typed_data, "types");
    const json_t *primary = json_object_get(typed_data, "primaryType");
    const json_t *domain = json_object_get(typed_data, "domain");
    const json_t *message = json_object_get(typed_data, "message");
    if (!json_is_string(primary))
        return st_err_set(err, "typed_data.primaryType: missing or not a string");
    if (!json_is_object(domain))
        return st_err_set(err, "typed_data.domain: missing or not an object");
    struct ctx c = {.err = err};
    uint8_t pre[2 + 32 + 32] = {0x19, 0x01}, mh[32] = {0};
    int rc = ctx_load(&c, types, domain);
    struct stype *dom = rc == 0 ? (struct stype *)find_type(&c, "EIP712Domain", 12) : NULL;
    const char *pname = json_string_value(primary);
    struct stype *pt = rc == 0 ? (struct stype *)find_type(&c, pname, strlen(pname)) : NULL;
    int domain_only = pt != NULL && pt == dom;
    if (rc != 0)
        goto out;
    if (dom == NULL) {
        rc = st_err_set(err, "typed_data.types: no EIP712Domain");
        goto out;
    }
    if (pt == NULL) {
        rc = st_err_set(err, "typed_data.primaryType: \"%.60s\" is not declared in types", pname);
        goto out;
    }
    if (expected_chain_id != 0 && (rc = check_chain_id(&c, dom, domain, expected_chain_id)) != 0)
        goto out;
    if ((rc = hash_struct(&c, dom, domain, "typed_data.domain", 0, pre + 2)) != 0)
        goto out;
    if (domain_only) {
        /* Only the domain is signed: a message given alongside would not be. */
        if (message != NULL && !(json_is_object(message) && json_object_size(message) == 0)) {
            rc = st_err_set(err, "typed_data.message: must be absent or {} when primaryType is EIP712Domain");
            goto out;
        }
    } else {
        if (message == NULL) {
            rc = st_err_set(err, "typed_data.message: missing");
            goto out;
        }
        if ((rc = hash_struct(&c, pt, message, "typed_data.message", 0, mh)) != 0)
            goto out;
        memcpy(pre + 34, mh, 32);
    }
    keccak256(pre, domain_only ? 34 : 66, digest);
    if (domain_separator)
        memcpy(domain_separator, pre + 2, 32);
    if (message_hash)
        memcpy(message_hash, mh, 32);
out:
    ctx_free(&c);
    return rc;
}
