/* test_paper_sol.c: the paper sol node (core/paper/paper_sol.c) driven by the REAL sol plugin.
 *
 * build/plugins/sol.so is loaded with dlopen (as test_sol_plugin.c does) and initialised with
 * a TEST host whose rpc_call is paper_rpc of the paper chain under test and whose sign
 * capability signs with fixed TEST ed25519 keys. Every transaction goes the way steward sends
 * one: build -> describe -> sign -> assemble -> paper_expect -> broadcast, which reaches the
 * node's sendTransaction and the ledger's paper_submit; balances are read back through the
 * plugin's own balance function (getBalance / getAccountInfo / getTokenAccountBalance).
 *
 * The node's key arithmetic (the on-curve rule, associated token accounts) is also compared
 * with the plugin's (plugins/sol/sol_pda.c, sol_curve.c); its base58 is core/crypto's, so only
 * the node's use of it (round trips, exact lengths, refusals) is checked here. */
#include <dlfcn.h>
#include <libgen.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "paper/paper.h"
#include "paper/paper_sol_key.h"
#include "sol_curve.h"
#include "sol_key.h"
#include "sol_pda.h"
#include "sol_rpc.h"
#include "steward_plugin.h"
#include "store/store.h"
#include "testfs.h"
#include "util/decimal.h"

#define DEVNET_GENESIS "EtWTRABZaYq6iMfeYKouRu166VU2xqa1wcaWoxPkrZBG"
#define MAINNET_GENESIS "5eykt4UsFv8P8NJdTREpY1vzqKqZKvdpKuc147dw2N9d"
#define TOKEN_PROGRAM "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA"
#define TOKEN_2022 "TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb"
#define SYSTEM_PROGRAM "11111111111111111111111111111111"
#define USDC_MINT "EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v"
#define PYUSD_MINT "2b1kV6DkPAnxd5ixfnxCpjxmKwqjjaYmCZfHsFu24GXo"
#define OTHER_MINT "So11111111111111111111111111111111111111112" /* not configured */
/* spl-token's getAssociatedTokenAddressSync (tests/vectors/sol_ata.json, test_sol_plugin.c) */
#define WALLET_VEC "HAgk14JpMQLgt6rVgv7cBQFJWFto5Dqxi472uT3DKpqk"
#define WALLET_VEC_USDC_ATA "5N3f1tj9v1vc5TUZ8S7mCAnVmjVKrfnzXWhxLaxyZAgt"

#define OPTIONS                                                                                                   \
    "{\"cluster\":\"devnet\",\"confirm_timeout\":5,\"tokens\":{"                                                  \
    "\"USDC\":{\"mint\":\"" USDC_MINT "\",\"decimals\":6},"                                                       \
    "\"PYUSD\":{\"mint\":\"" PYUSD_MINT "\",\"decimals\":6,\"program\":\"token-2022\"}}}"

/* ---- the TEST host ------------------------------------------------------------------------ */

struct key {
    uint8_t pk[32], sk[64];
    char addr[64];
};
static struct key A, B, C, X; /* two funded accounts, an unfunded one, the exchange */

static const struct stw_plugin *P;
static struct paper_chain *PC; /* the chain the host's rpc_call serves */
static int64_t clock_ms = 1700000000000;
static int nconfirmed, nsend;

static int64_t test_clock(void *ctx)
{
    (void)ctx;
    return clock_ms;
}

static void *t_alloc(size_t n) { return malloc(n ? n : 1); }
static void t_free(void *p) { free(p); }

static void t_log(void *ctx, enum stw_log_level level, const char *event, const char *msg)
{
    (void)ctx, (void)level, (void)msg;
    if (strcmp(event, "sol.confirmed") == 0)
        nconfirmed++;
}

static int t_rpc(void *ctx, const char *method, const char *params, char **result, char err[STW_ERR_MAX])
{
    (void)ctx;
    st_err e = {0};
    char *r = NULL;
    *result = NULL;
    nsend += strcmp(method, "sendTransaction") == 0;
    if (paper_rpc(PC, method, params, &r, &e) != 0) {
        snprintf(err, STW_ERR_MAX, "%.*s", STW_ERR_MAX - 1, e.msg);
        return -1;
    }
    *result = r; /* malloc'd, as t_alloc */
    return 0;
}

static int t_http(void *ctx, const char *verb, const char *path, const char *body, const char *ct, long *status,
                  char **response, char err[STW_ERR_MAX])
{
    (void)ctx, (void)ct;
    st_err e = {0};
    char *r = NULL;
    *response = NULL;
    if (paper_http(PC, verb, path, body, status, &r, &e) != 0) {
        snprintf(err, STW_ERR_MAX, "%.*s", STW_ERR_MAX - 1, e.msg);
        return -1;
    }
    *response = r;
    return 0;
}

static int t_sign(void *ctx, struct stw_sign_cap *cap, const struct stw_account *account, enum stw_sig_scheme scheme,
                  const uint8_t *msg, size_t msg_len, uint8_t sig[65], size_t *sig_len, char err[STW_ERR_MAX])
{
    (void)ctx, (void)cap;
    struct key *keys[] = {&A, &B, &C};
    for (size_t i = 0; i < 3; i++) {
        if (scheme == STW_SIG_ED25519 && account->pubkey_len == 32 && memcmp(account->pubkey, keys[i]->pk, 32) == 0) {
            unsigned long long n = 0;
            crypto_sign_detached(sig, &n, msg, msg_len, keys[i]->sk);
            *sig_len = (size_t)n;
            return 0;
        }
    }
    snprintf(err, STW_ERR_MAX, "no TEST key for this account");
    return -1;
}

static struct stw_host host = {STW_PLUGIN_ABI_VERSION, NULL, t_alloc, t_free, t_log, t_rpc, t_http, t_sign};

/* ---- helpers -------------------------------------------------------------------------------- */

static void make_key(struct key *k, uint8_t seed_byte)
{
    uint8_t seed[32];
    char err[STW_ERR_MAX];
    memset(seed, seed_byte, sizeof seed);
    crypto_sign_seed_keypair(k->pk, k->sk, seed);
    if (P->address(NULL, k->pk, 32, k->addr, sizeof k->addr, err) != 0) {
        fprintf(stderr, "address: %s\n", err);
        exit(2);
    }
}

static struct stw_account account_of(struct key *k)
{
    struct stw_account a = {"default", 0, "m/44'/501'/0'/0'", STW_CURVE_ED25519, k->pk, 32, k->addr};
    return a;
}

/* A transaction as steward assembles it. */
struct built {
    char *raw, *txid, *desc;
    json_t *d;
    int64_t seq; /* the sender's sequence, read before building */
};

static void built_free(struct built *b)
{
    t_free(b->raw);
    t_free(b->txid);
    t_free(b->desc);
    json_decref(b->d);
    memset(b, 0, sizeof *b);
}

/* build -> describe -> sign -> assemble; 0, or -1 with err. */
static int make_tx(void *state, struct key *from, const char *intent, struct built *b, char err[STW_ERR_MAX])
{
    struct stw_account a = account_of(from);
    struct stw_tx *tx = NULL;
    st_err e = {0};
    int cap_marker = 0;
    memset(b, 0, sizeof *b);
    if (paper_account_seq(PC, from->addr, &b->seq, &e) != 0) {
        snprintf(err, STW_ERR_MAX, "%.*s", STW_ERR_MAX - 1, e.msg);
        return -1;
    }
    if (P->build(state, &a, intent, &tx, err) != 0)
        return -1;
    int rc = P->describe(state, tx, &b->desc, err) != 0 ||
                     P->sign(state, tx, &a, (struct stw_sign_cap *)&cap_marker, err) != 0 ||
                     P->assemble(state, tx, &b->raw, &b->txid, err) != 0
                 ? -1
                 : 0;
    P->tx_free(state, tx);
    if (rc == 0 && (b->d = json_loads(b->desc, 0, NULL)) == NULL) {
        snprintf(err, STW_ERR_MAX, "the description is not JSON");
        rc = -1;
    }
    if (rc != 0)
        built_free(b);
    return rc;
}

static int expect(struct built *b, struct key *from, const char *swap_buy)
{
    st_err e = {0};
    int rc = paper_expect(PC, b->raw, b->txid, from->addr, b->seq, b->desc, swap_buy, &e);
    if (rc != 0)
        fprintf(stderr, "paper_expect: %s\n", e.msg);
    return rc;
}

/* plugin->broadcast; txid_out gets the answered txid, err the refusal. */
static int broadcast(void *state, const char *raw, char txid_out[128], char err[STW_ERR_MAX])
{
    char *txid = NULL;
    err[0] = '\0';
    txid_out[0] = '\0';
    if (P->broadcast(state, raw, &txid, err) != 0)
        return -1;
    snprintf(txid_out, 128, "%s", txid);
    t_free(txid);
    return 0;
}

/* The plugin's balance, or "ERR: ..." */
static const char *balance(void *state, const char *addr, const char *asset)
{
    static char out[4][STW_ERR_MAX + 8];
    static int slot;
    char *amount = NULL, err[STW_ERR_MAX] = "";
    char *o = out[slot++ % 4];
    if (P->balance(state, addr, asset, &amount, err) != 0) {
        snprintf(o, STW_ERR_MAX + 8, "ERR: %s", err);
        return o;
    }
    snprintf(o, STW_ERR_MAX + 8, "%s", amount);
    t_free(amount);
    return o;
}

/* The plugin's balance in base units (UINT64_MAX when it fails). */
static uint64_t units(void *state, const char *addr, const char *asset, unsigned decimals)
{
    uint64_t v = 0;
    const char *s = balance(state, addr, asset);
    return decimal_to_u64(s, decimals, &v, NULL) == 0 ? v : UINT64_MAX;
}

static uint64_t desc_u64(const json_t *d, const char *k)
{
    uint64_t v = 0;
    const char *s = json_string_value(json_object_get(d, k));
    return s && decimal_to_u64(s, 0, &v, NULL) == 0 ? v : UINT64_MAX;
}

/* paper_rpc of the current chain; the result text, or NULL with err. */
static char *rpc(const char *method, const char *params, st_err *err)
{
    char *r = NULL;
    memset(err, 0, sizeof *err);
    return paper_rpc(PC, method, params, &r, err) == 0 ? r : NULL;
}

static json_t *rpc_json(const char *method, const char *params)
{
    st_err e = {0};
    char *r = rpc(method, params, &e);
    if (r == NULL)
        fprintf(stderr, "%s %s: %s\n", method, params, e.msg);
    json_t *j = r ? json_loads(r, JSON_DECODE_ANY, NULL) : NULL;
    free(r);
    return j;
}

/* An rpc that must fail with `want` in its message. */
static void rpc_fails(const char *method, const char *params, const char *want)
{
    st_err e = {0};
    char *r = rpc(method, params, &e);
    CHECK(r == NULL);
    free(r);
    if (strstr(e.msg, want) == NULL)
        fprintf(stderr, "%s %s: wanted \"%s\", got \"%s\"\n", method, params, want, e.msg);
    CHECK(strstr(e.msg, want) != NULL);
}

static int open_chain(struct store *st, const char *name, const char *paper, const char *options,
                      struct paper_chain **pc, st_err *err)
{
    memset(err, 0, sizeof *err);
    int rc = paper_chain_open(st, name, "sol", paper, options, X.addr, pc, err);
    if (rc == 0)
        paper_chain_set_clock(*pc, test_clock, NULL);
    return rc;
}

static void *plugin_init(const char *options)
{
    void *state = NULL;
    char err[STW_ERR_MAX] = "";
    if (P->init(&host, options, &state, err) != 0) {
        fprintf(stderr, "init: %s\n", err);
        exit(2);
    }
    return state;
}

/* ---- the node's key arithmetic against the plugin's --------------------------------------- */

static void test_keys(void)
{
    uint8_t buf[64], back[64], k32[32];
    char mine[200];

    /* base58 round trips, including leading zero bytes, and the exact decoded length */
    for (int i = 0; i < 200; i++) {
        size_t len = (i % 2) ? 64 : 32;
        randombytes_buf(buf, len);
        memset(buf, 0, (size_t)(i % 5)); /* 0 to 4 leading zeros */
        CHECK(paper_sol_b58_encode(buf, len, mine, sizeof mine) == 0);
        CHECK(paper_sol_b58_decode(mine, back, len) == 0);
        CHECK_MEM(back, buf, len);
        CHECK(paper_sol_b58_decode(mine, back, len == 32 ? 64 : 32) == -1); /* another length */
    }
    memset(buf, 0, 32);
    CHECK(paper_sol_b58_encode(buf, 32, mine, sizeof mine) == 0);
    CHECK_STR(mine, SYSTEM_PROGRAM);
    CHECK(paper_sol_b58_encode(buf, 32, mine, 32) == -1); /* no room for the NUL */
    CHECK(paper_sol_b58_decode("", k32, 32) == -1);
    CHECK(paper_sol_b58_decode("EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt10", k32, 32) == -1); /* '0' */
    CHECK(paper_sol_b58_decode("EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1l", k32, 32) == -1); /* 'l' */
    CHECK(paper_sol_b58_decode("EPjFWdd5AufqSSqeM2qN1xzybapC8G4", k32, 32) == -1);              /* short */
    CHECK(paper_sol_b58_decode(USDC_MINT "1", k32, 32) == -1);                                  /* long */
    CHECK(paper_sol_b58_decode(NULL, k32, 32) == -1);

    /* on the curve: random strings, and the edge cases of the rule */
    int on = 0, off = 0;
    for (int i = 0; i < 300; i++) {
        randombytes_buf(k32, 32);
        int want = sol_on_curve(k32);
        CHECK(paper_sol_on_curve(k32) == want);
        on += want == 1;
        off += want == 0;
    }
    CHECK(on > 50 && off > 50);
    /* y = 0, 1, 1 with the sign bit, p - 1, p (a non-canonical 0), p + 1, 2^255 - 1 with the
     * sign bit, the base point (4/5), 2, 3 */
    uint8_t edges[10][32];
    memset(edges, 0, sizeof edges);
    edges[1][0] = 1;
    edges[2][0] = 1;
    edges[2][31] = 0x80;
    for (int i = 3; i <= 5; i++) {
        memset(edges[i], 0xff, 32);
        edges[i][0] = (uint8_t)(0xec + (i - 3));
        edges[i][31] = 0x7f;
    }
    memset(edges[6], 0xff, 32);
    memset(edges[7], 0x66, 32);
    edges[7][0] = 0x58;
    edges[8][0] = 2;
    edges[9][0] = 3;
    for (size_t i = 0; i < sizeof edges / sizeof edges[0]; i++)
        CHECK(paper_sol_on_curve(edges[i]) == sol_on_curve(edges[i]));
    CHECK(paper_sol_on_curve(edges[7]) == 1);
    CHECK(paper_sol_on_curve(A.pk) == 1); /* a real key */

    /* ATAs: the spl-token vector, and random pairs under both programs */
    uint8_t owner[32], mint[32], ata[32], ref_ata[32];
    CHECK(paper_sol_b58_decode(WALLET_VEC, owner, 32) == 0);
    CHECK(paper_sol_b58_decode(USDC_MINT, mint, 32) == 0);
    CHECK(paper_sol_ata(owner, mint, 0, ata) == 0);
    CHECK(paper_sol_b58_encode(ata, 32, mine, sizeof mine) == 0);
    CHECK_STR(mine, WALLET_VEC_USDC_ATA);
    CHECK(paper_sol_on_curve(ata) == 0);
    int later_bumps = 0;
    for (int i = 0; i < 60; i++) {
        uint8_t bump = 0;
        int t22 = i % 2;
        randombytes_buf(owner, 32);
        randombytes_buf(mint, 32);
        CHECK(paper_sol_ata(owner, mint, t22, ata) == 0);
        CHECK(sol_ata_address(owner, mint, t22 ? SOL_TOKEN_2022_PROGRAM : SOL_TOKEN_PROGRAM, ref_ata, &bump, NULL) ==
              0);
        CHECK_MEM(ata, ref_ata, 32);
        later_bumps += bump < 255;
    }
    CHECK(later_bumps > 5); /* the search went past the first bump often */
}

/* ---- opening a chain: settings and their errors ---------------------------------------------- */

static void test_open(struct store *st)
{
    struct paper_chain *pc = NULL;
    st_err e = {0};
    CHECK(open_chain(st, "solx", "{\"fees\":{\"bogus\":1}}", OPTIONS, &pc, &e) == -1 && pc == NULL);
    CHECK(strstr(e.msg, "paper.fees.bogus") != NULL);
    CHECK(open_chain(st, "solx", "{\"fees\":{\"lamports_per_signature\":5000}}", OPTIONS, &pc, &e) == -1);
    CHECK(strstr(e.msg, "paper.fees.lamports_per_signature") != NULL);
    CHECK(open_chain(st, "solx", "{\"fees\":{\"rent_lamports_per_byte_year\":-1}}", OPTIONS, &pc, &e) == -1);
    CHECK(strstr(e.msg, "paper.fees.rent_lamports_per_byte_year") != NULL);
    CHECK(open_chain(st, "solx", "{\"fees\":{\"rent_lamports_per_byte_year\":1.5}}", OPTIONS, &pc, &e) == -1);
    CHECK(open_chain(st, "solx", "{\"fees\":[]}", OPTIONS, &pc, &e) == -1);
    CHECK(strstr(e.msg, "paper.fees") != NULL);
    CHECK(open_chain(st, "solx", "{\"balances\":{\"DOGE\":\"1\"}}", OPTIONS, &pc, &e) == -1);
    CHECK(strstr(e.msg, "paper.balances.DOGE") != NULL);
    /* a token is named by its symbol, not its mint */
    CHECK(open_chain(st, "solx", "{\"balances\":{\"" USDC_MINT "\":\"1\"}}", OPTIONS, &pc, &e) == -1);
    CHECK(strstr(e.msg, "by its symbol (USDC)") != NULL);
    CHECK(open_chain(st, "solx", "{\"balances\":{\"USDC\":\"1.0000001\"}}", OPTIONS, &pc, &e) == -1);
    CHECK(strstr(e.msg, "paper.balances.USDC") != NULL);
    /* what the node reads from the plugin's options */
    CHECK(open_chain(st, "solx", "{}", "{\"cluster\":\"mainnet\"}", &pc, &e) == -1);
    CHECK(strstr(e.msg, "options.cluster") != NULL);
    CHECK(open_chain(st, "solx", "{}", "{\"tokens\":{\"USDC\":{\"mint\":\"nope\",\"decimals\":6}}}", &pc, &e) == -1);
    CHECK(strstr(e.msg, "options.tokens.USDC.mint") != NULL);
    CHECK(open_chain(st, "solx", "{}", "{\"tokens\":{\"USDC\":{\"mint\":\"" USDC_MINT "\"}}}", &pc, &e) == -1);
    CHECK(strstr(e.msg, "options.tokens.USDC.decimals") != NULL);
    CHECK(open_chain(st, "solx", "{}",
                     "{\"tokens\":{\"USDC\":{\"mint\":\"" USDC_MINT "\",\"decimals\":6,\"program\":\"spl\"}}}", &pc,
                     &e) == -1);
    CHECK(strstr(e.msg, "options.tokens.USDC.program") != NULL);
    CHECK(open_chain(st, "solx", "{}",
                     "{\"tokens\":{\"USDC\":{\"mint\":\"" USDC_MINT "\",\"decimals\":6},"
                     "\"USDC2\":{\"mint\":\"" USDC_MINT "\",\"decimals\":6}}}",
                     &pc, &e) == -1);
    CHECK(strstr(e.msg, "options.tokens.USDC2.mint") != NULL);
    CHECK(paper_family_supported("sol"));

    /* Defaults: mainnet-beta, 100 SOL per new account, the protocol's rent. */
    CHECK(open_chain(st, "sol-default", "{}", "{}", &pc, &e) == 0);
    if (pc == NULL)
        return;
    struct paper_chain *saved = PC;
    PC = pc;
    char out[96];
    CHECK(paper_fund(pc, A.addr, &e) == 0);
    CHECK(paper_balance(pc, A.addr, NULL, out, sizeof out, &e) == 0);
    CHECK_STR(out, "100");
    json_t *j = rpc_json("getGenesisHash", "[]");
    CHECK_STR(json_string_value(j), MAINNET_GENESIS);
    json_decref(j);
    j = rpc_json("getMinimumBalanceForRentExemption", "[165]");
    CHECK(json_integer_value(j) == 2039280); /* what mainnet answers */
    json_decref(j);
    j = rpc_json("getMinimumBalanceForRentExemption", "[0,{\"commitment\":\"finalized\"}]");
    CHECK(json_integer_value(j) == 890880); /* a bare system account */
    json_decref(j);
    const char *assets[4];
    CHECK(paper_assets(pc, assets, 4) == 1);
    CHECK_STR(assets[0], "SOL");
    j = rpc_json("getAccountInfo", "[\"" USDC_MINT "\",{\"encoding\":\"base64\"}]"); /* no tokens here */
    CHECK(json_is_null(json_object_get(j, "value")));
    json_decref(j);
    PC = saved;
    paper_chain_close(pc);

    /* localnet: a genesis of its own, stable per chain */
    CHECK(open_chain(st, "sol-local", "{}", "{\"cluster\":\"localnet\"}", &pc, &e) == 0);
    if (pc == NULL)
        return;
    PC = pc;
    j = rpc_json("getGenesisHash", "[]");
    uint8_t g[32];
    CHECK(json_is_string(j) && paper_sol_b58_decode(json_string_value(j), g, 32) == 0);
    CHECK(json_is_string(j) && strcmp(json_string_value(j), MAINNET_GENESIS) != 0);
    json_decref(j);
    PC = saved;
    paper_chain_close(pc);
}

/* ---- the RPC surface, directly -------------------------------------------------------------- */

static void test_rpc_surface(void)
{
    rpc_fails("getSlot", "[]", "paper sol node: method getSlot is not simulated");
    rpc_fails("getFeeForMessage", "[\"AA==\"]", "method getFeeForMessage is not simulated");
    st_err e = {0};
    char *r = NULL;
    CHECK(paper_http(PC, "GET", "/blocks/tip/height", NULL, NULL, &r, &e) == -1 && r == NULL);
    CHECK(strstr(e.msg, "HTTP is not served") != NULL);

    json_t *j = rpc_json("getGenesisHash", "[]");
    CHECK_STR(json_string_value(j), DEVNET_GENESIS);
    json_decref(j);
    rpc_fails("getGenesisHash", "[1]", "at most 0");

    /* The blockhash: deterministic per slot (400 ms), valid for 150 blocks. */
    json_t *b1 = rpc_json("getLatestBlockhash", "[{\"commitment\":\"confirmed\"}]");
    json_t *b2 = rpc_json("getLatestBlockhash", "[]");
    clock_ms += 400;
    json_t *b3 = rpc_json("getLatestBlockhash", "[]");
    clock_ms -= 400;
    const char *h1 = json_string_value(json_object_get(json_object_get(b1, "value"), "blockhash"));
    const char *h2 = json_string_value(json_object_get(json_object_get(b2, "value"), "blockhash"));
    const char *h3 = json_string_value(json_object_get(json_object_get(b3, "value"), "blockhash"));
    uint8_t k[32];
    CHECK(h1 && paper_sol_b58_decode(h1, k, 32) == 0);
    CHECK(h1 && h2 && strcmp(h1, h2) == 0);
    CHECK(h1 && h3 && strcmp(h1, h3) != 0);
    json_int_t slot = clock_ms / 400;
    CHECK(json_integer_value(json_object_get(json_object_get(b1, "context"), "slot")) == slot);
    CHECK(json_integer_value(json_object_get(json_object_get(b1, "value"), "lastValidBlockHeight")) == slot + 150);
    json_decref(b1);
    json_decref(b2);
    json_decref(b3);
    rpc_fails("getLatestBlockhash", "[{\"commitment\":\"max\"}]", "commitment");
    rpc_fails("getLatestBlockhash", "[\"confirmed\"]", "must be an object");
    rpc_fails("getLatestBlockhash", "{}", "not a JSON array");

    /* Rent: (128 + bytes) x 3480 x 2 */
    j = rpc_json("getMinimumBalanceForRentExemption", "[170,{\"commitment\":\"confirmed\"}]");
    CHECK(json_integer_value(j) == 2074080);
    json_decref(j);
    j = rpc_json("getMinimumBalanceForRentExemption", "[82]");
    CHECK(json_integer_value(j) == 1461600);
    json_decref(j);
    rpc_fails("getMinimumBalanceForRentExemption", "[-1]", "data length");
    rpc_fails("getMinimumBalanceForRentExemption", "[\"165\"]", "data length");
    rpc_fails("getMinimumBalanceForRentExemption", "[10485761]", "data length");

    /* Accounts */
    char params[512];
    snprintf(params, sizeof params, "[\"%s\",{\"commitment\":\"confirmed\"}]", A.addr);
    j = rpc_json("getBalance", params);
    CHECK(json_integer_value(json_object_get(j, "value")) == 100000000000LL);
    CHECK(json_is_object(json_object_get(j, "context")));
    json_decref(j);
    snprintf(params, sizeof params, "[\"%s\"]", C.addr);
    j = rpc_json("getBalance", params);
    CHECK(json_is_integer(json_object_get(j, "value")) && json_integer_value(json_object_get(j, "value")) == 0);
    json_decref(j);
    rpc_fails("getBalance", "[\"not-an-address\"]", "getBalance: invalid params: params[0]: not a public key");
    rpc_fails("getBalance", "[]", "not a public key");

    snprintf(params, sizeof params, "[\"%s\",{\"encoding\":\"base64\"}]", A.addr);
    r = rpc("getAccountInfo", params, &e);
    CHECK(r != NULL && strstr(r, "\"rentEpoch\":18446744073709551615") != NULL);
    j = r ? json_loads(r, JSON_DECODE_ANY, NULL) : NULL; /* u64::MAX: jansson refuses it, as expected */
    CHECK(j == NULL);
    free(r);
    snprintf(params, sizeof params, "[\"%s\",{\"encoding\":\"base64\"}]", A.addr);
    /* parse it as the plugin does, through the quoting of big integers */
    r = rpc("getAccountInfo", params, &e);
    char *q = r ? sol_rpc_quote_big_ints(r) : NULL;
    j = q ? json_loads(q, 0, NULL) : NULL;
    json_t *v = json_object_get(j, "value");
    CHECK_STR(json_string_value(json_object_get(v, "owner")), SYSTEM_PROGRAM);
    CHECK(json_integer_value(json_object_get(v, "lamports")) == 100000000000LL);
    CHECK(json_integer_value(json_object_get(v, "space")) == 0);
    CHECK_STR(json_string_value(json_array_get(json_object_get(v, "data"), 1)), "base64");
    CHECK(json_is_false(json_object_get(v, "executable")));
    json_decref(j);
    free(q);
    free(r);
    snprintf(params, sizeof params, "[\"%s\",{\"encoding\":\"base64\"}]", C.addr); /* never funded */
    j = rpc_json("getAccountInfo", params);
    CHECK(json_is_null(json_object_get(j, "value")) && json_object_get(j, "value") != NULL);
    json_decref(j);
    snprintf(params, sizeof params, "[\"%s\",{\"encoding\":\"jsonParsed\"}]", A.addr);
    rpc_fails("getAccountInfo", params, "encoding jsonParsed is not simulated");
    snprintf(params, sizeof params, "[\"%s\",{\"dataSlice\":{\"offset\":0,\"length\":8}}]", A.addr);
    rpc_fails("getAccountInfo", params, "dataSlice is not simulated");

    /* A configured mint: the Mint layout, supply = the ledger's total (A and B: 1000 each). */
    r = rpc("getAccountInfo", "[\"" USDC_MINT "\",{\"encoding\":\"base64\"}]", &e);
    q = r ? sol_rpc_quote_big_ints(r) : NULL;
    j = q ? json_loads(q, 0, NULL) : NULL;
    v = json_object_get(j, "value");
    CHECK_STR(json_string_value(json_object_get(v, "owner")), TOKEN_PROGRAM);
    CHECK(json_integer_value(json_object_get(v, "lamports")) == 1461600);
    CHECK(json_integer_value(json_object_get(v, "space")) == 82);
    uint8_t data[200];
    size_t len = 0;
    const char *b64 = json_string_value(json_array_get(json_object_get(v, "data"), 0));
    CHECK(b64 && sodium_base642bin(data, sizeof data, b64, strlen(b64), NULL, &len, NULL,
                                   sodium_base64_VARIANT_ORIGINAL) == 0);
    CHECK(len == 82);
    uint64_t supply = 0;
    for (int i = 7; i >= 0; i--)
        supply = supply << 8 | data[36 + i];
    CHECK(supply == 2000000000ULL);
    CHECK(data[44] == 6 && data[45] == 1);
    json_decref(j);
    free(q);
    free(r);
    /* without an encoding: the legacy bare base58 string */
    r = rpc("getAccountInfo", "[\"" PYUSD_MINT "\"]", &e);
    q = r ? sol_rpc_quote_big_ints(r) : NULL;
    j = q ? json_loads(q, 0, NULL) : NULL;
    v = json_object_get(j, "value");
    CHECK_STR(json_string_value(json_object_get(v, "owner")), TOKEN_2022);
    CHECK(json_is_string(json_object_get(v, "data")));
    json_decref(j);
    free(q);
    free(r);
    j = rpc_json("getAccountInfo", "[\"" OTHER_MINT "\",{\"encoding\":\"base64\"}]");
    CHECK(json_is_null(json_object_get(j, "value")));
    json_decref(j);

    /* token accounts: B's USDC ATA exists (funded with USDC), C's does not */
    uint8_t owner[32], mint[32], ata[32];
    char ata_b[64], ata_c[64];
    paper_sol_b58_decode(USDC_MINT, mint, 32);
    CHECK(paper_sol_b58_decode(B.addr, owner, 32) == 0 && paper_sol_ata(owner, mint, 0, ata) == 0);
    paper_sol_b58_encode(ata, 32, ata_b, sizeof ata_b);
    CHECK(paper_sol_b58_decode(C.addr, owner, 32) == 0 && paper_sol_ata(owner, mint, 0, ata) == 0);
    paper_sol_b58_encode(ata, 32, ata_c, sizeof ata_c);
    snprintf(params, sizeof params, "[\"%s\",{\"commitment\":\"confirmed\"}]", ata_b);
    j = rpc_json("getTokenAccountBalance", params);
    v = json_object_get(j, "value");
    CHECK_STR(json_string_value(json_object_get(v, "amount")), "1000000000");
    CHECK(json_integer_value(json_object_get(v, "decimals")) == 6);
    CHECK_STR(json_string_value(json_object_get(v, "uiAmountString")), "1000");
    json_decref(j);
    snprintf(params, sizeof params, "[\"%s\"]", ata_b);
    j = rpc_json("getBalance", params); /* the token account's rent */
    CHECK(json_integer_value(json_object_get(j, "value")) == 2039280);
    json_decref(j);
    snprintf(params, sizeof params, "[\"%s\",{\"encoding\":\"base58\"}]", ata_b);
    rpc_fails("getAccountInfo", params, "base58 is limited to 128 bytes");
    snprintf(params, sizeof params, "[\"%s\"]", ata_c);
    rpc_fails("getTokenAccountBalance", params, "could not find account");
    snprintf(params, sizeof params, "[\"%s\",{\"encoding\":\"base64\"}]", ata_c);
    j = rpc_json("getAccountInfo", params);
    CHECK(json_is_null(json_object_get(j, "value")));
    json_decref(j);
    snprintf(params, sizeof params, "[\"%s\"]", A.addr);
    rpc_fails("getTokenAccountBalance", params, "is not a token account");

    /* statuses of unknown signatures; bad ones */
    uint8_t sig[64];
    char sig_text[100];
    memset(sig, 9, sizeof sig);
    paper_sol_b58_encode(sig, 64, sig_text, sizeof sig_text);
    snprintf(params, sizeof params, "[[\"%s\"],{\"searchTransactionHistory\":false}]", sig_text);
    j = rpc_json("getSignatureStatuses", params);
    CHECK(json_array_size(json_object_get(j, "value")) == 1 && json_is_null(json_array_get(json_object_get(j, "value"), 0)));
    json_decref(j);
    rpc_fails("getSignatureStatuses", "[[\"abc\"]]", "not a signature");
    rpc_fails("getSignatureStatuses", "[[]]", "an array of 1 to 256");
    rpc_fails("getSignatureStatuses", "[\"x\"]", "an array of 1 to 256");

    /* sendTransaction of text the ledger never registered */
    rpc_fails("sendTransaction", "[\"AQID\",{\"encoding\":\"base64\"}]", "unknown to the paper ledger");
    rpc_fails("sendTransaction", "[\"AQID\",{\"encoding\":\"jsonParsed\"}]", "encoding");
    rpc_fails("sendTransaction", "[]", "params[0]");

    /* the ledger's asset names: symbol or mint */
    char out[96];
    CHECK(paper_balance(PC, A.addr, "USDC", out, sizeof out, &e) == 0);
    CHECK_STR(out, "1000");
    CHECK(paper_balance(PC, A.addr, USDC_MINT, out, sizeof out, &e) == 0);
    CHECK_STR(out, "1000");
    CHECK(paper_balance(PC, A.addr, "BONK", out, sizeof out, &e) == -1);
    CHECK(strstr(e.msg, "no asset \"BONK\"") != NULL);
}

/* ---- end to end through the plugin --------------------------------------------------------------- */

#define INTENT_SOL(to, amount) "{\"chain\":\"sol\",\"kind\":\"transfer\",\"to\":\"%s\",\"amount\":\"" amount "\"}"

static void test_transfers(void *state)
{
    char intent[512], err[STW_ERR_MAX], txid[128], params[512];
    struct built b, b2;

    /* balances through the plugin, right after funding */
    CHECK_STR(balance(state, A.addr, NULL), "100");
    CHECK_STR(balance(state, A.addr, "SOL"), "100");
    CHECK_STR(balance(state, B.addr, "USDC"), "1000");
    CHECK_STR(balance(state, A.addr, USDC_MINT), "1000");
    CHECK_STR(balance(state, A.addr, "PYUSD"), "50");
    CHECK_STR(balance(state, C.addr, NULL), "0");
    CHECK_STR(balance(state, C.addr, "USDC"), "0"); /* no token account: "0" */
    CHECK(strstr(balance(state, A.addr, OTHER_MINT), "does not exist") != NULL);

    /* 1. SOL A -> B */
    uint64_t a0 = units(state, A.addr, NULL, 9), b0 = units(state, B.addr, NULL, 9);
    snprintf(intent, sizeof intent, INTENT_SOL("%s", "1.5"), B.addr);
    CHECK(make_tx(state, &A, intent, &b, err) == 0);
    CHECK_STR(json_string_value(json_object_get(b.d, "fee_max")), "5000");
    CHECK_STR(json_string_value(json_object_get(b.d, "amount")), "1500000000");
    CHECK(b.seq == 0);
    CHECK(expect(&b, &A, NULL) == 0);
    int confirmed = nconfirmed, sends = nsend;
    CHECK(broadcast(state, b.raw, txid, err) == 0);
    CHECK(nsend == sends + 1);
    CHECK_STR(txid, b.txid);
    CHECK(nconfirmed == confirmed + 1); /* the plugin polled getSignatureStatuses: finalized */
    CHECK_STR(balance(state, A.addr, NULL), "98.499995");
    CHECK_STR(balance(state, B.addr, NULL), "101.5");
    CHECK(units(state, A.addr, NULL, 9) == a0 - 1500000000 - desc_u64(b.d, "fee_max"));
    CHECK(units(state, B.addr, NULL, 9) == b0 + 1500000000);
    int64_t seq = -1;
    st_err e = {0};
    CHECK(paper_account_seq(PC, A.addr, &seq, &e) == 0 && seq == 1);
    /* its status */
    snprintf(params, sizeof params, "[[\"%s\",\"%s\"],{\"searchTransactionHistory\":false}]", b.txid,
             "1111111111111111111111111111111111111111111111111111111111111111");
    json_t *j = rpc_json("getSignatureStatuses", params);
    json_t *s0 = json_array_get(json_object_get(j, "value"), 0);
    CHECK_STR(json_string_value(json_object_get(s0, "confirmationStatus")), "finalized");
    CHECK(json_is_null(json_object_get(s0, "err")) && json_object_get(s0, "err") != NULL);
    CHECK(json_integer_value(json_object_get(s0, "slot")) == clock_ms / 400);
    CHECK(json_is_null(json_array_get(json_object_get(j, "value"), 1)));
    json_decref(j);
    /* the same raw again: refused, nothing moves */
    CHECK(broadcast(state, b.raw, txid, err) == -1);
    CHECK(strstr(err, "already applied") != NULL);
    CHECK_STR(balance(state, A.addr, NULL), "98.499995");
    built_free(&b);

    /* 2. two built against the same state: the second is stale once the first lands */
    clock_ms += 400;
    snprintf(intent, sizeof intent, INTENT_SOL("%s", "1"), B.addr);
    CHECK(make_tx(state, &A, intent, &b, err) == 0);
    snprintf(intent, sizeof intent, INTENT_SOL("%s", "2"), B.addr);
    CHECK(make_tx(state, &A, intent, &b2, err) == 0);
    CHECK(b.seq == 1 && b2.seq == 1);
    CHECK(expect(&b, &A, NULL) == 0 && expect(&b2, &A, NULL) == 0);
    CHECK(broadcast(state, b.raw, txid, err) == 0);
    CHECK(broadcast(state, b2.raw, txid, err) == -1);
    CHECK(strstr(err, "stale") != NULL);
    CHECK(strstr(err, "sendTransaction: ") == err); /* as the plugin reports a node's refusal */
    CHECK_STR(balance(state, A.addr, NULL), "97.49999");
    CHECK_STR(balance(state, B.addr, NULL), "102.5");
    built_free(&b);
    built_free(&b2);

    /* 3. more than the balance */
    snprintf(intent, sizeof intent, INTENT_SOL("%s", "500"), B.addr);
    CHECK(make_tx(state, &A, intent, &b, err) == 0);
    CHECK(expect(&b, &A, NULL) == 0);
    CHECK(broadcast(state, b.raw, txid, err) == -1);
    CHECK(strstr(err, "insufficient funds") != NULL);
    CHECK_STR(balance(state, A.addr, NULL), "97.49999");
    CHECK(paper_account_seq(PC, A.addr, &seq, &e) == 0 && seq == 2);
    built_free(&b);
    /* the amount fits but not with the fee */
    snprintf(intent, sizeof intent, INTENT_SOL("%s", "97.49999"), B.addr);
    CHECK(make_tx(state, &A, intent, &b, err) == 0);
    CHECK(expect(&b, &A, NULL) == 0);
    CHECK(broadcast(state, b.raw, txid, err) == -1);
    CHECK(strstr(err, "insufficient funds") != NULL);
    built_free(&b);

    /* 4. a transaction steward never registered */
    snprintf(intent, sizeof intent, INTENT_SOL("%s", "0.1"), B.addr);
    CHECK(make_tx(state, &A, intent, &b, err) == 0);
    CHECK(broadcast(state, b.raw, txid, err) == -1);
    CHECK(strstr(err, "unknown to the paper ledger") != NULL);
    CHECK_STR(balance(state, A.addr, NULL), "97.49999");
    built_free(&b);

    /* 5. B -> A, the other way: B's own sequence */
    snprintf(intent, sizeof intent, INTENT_SOL("%s", "0.25"), A.addr);
    CHECK(make_tx(state, &B, intent, &b, err) == 0);
    CHECK(b.seq == 0);
    CHECK(expect(&b, &B, NULL) == 0);
    CHECK(broadcast(state, b.raw, txid, err) == 0);
    CHECK_STR(balance(state, A.addr, NULL), "97.74999");
    CHECK_STR(balance(state, B.addr, NULL), "102.249995");
    built_free(&b);
}

#define INTENT_TOKEN(asset, amount) \
    "{\"chain\":\"sol\",\"kind\":\"token_transfer\",\"asset\":\"" asset "\",\"to\":\"%s\",\"amount\":\"" amount "\"}"

static void test_tokens(void *state)
{
    char intent[512], err[STW_ERR_MAX], txid[128], params[512];
    struct built b;
    clock_ms += 400;

    /* 1. USDC A -> B: B's token account exists, no creation, fee 5000 */
    uint64_t sol0 = units(state, A.addr, NULL, 9);
    snprintf(intent, sizeof intent, INTENT_TOKEN("USDC", "12.5"), B.addr);
    CHECK(make_tx(state, &A, intent, &b, err) == 0);
    CHECK(json_is_false(json_object_get(b.d, "create_ata")));
    CHECK_STR(json_string_value(json_object_get(b.d, "fee_max")), "5000");
    CHECK_STR(json_string_value(json_object_get(b.d, "asset")), "USDC");
    CHECK(expect(&b, &A, NULL) == 0);
    CHECK(broadcast(state, b.raw, txid, err) == 0);
    CHECK_STR(txid, b.txid);
    CHECK_STR(balance(state, A.addr, "USDC"), "987.5");
    CHECK_STR(balance(state, B.addr, "USDC"), "1012.5");
    CHECK(units(state, A.addr, NULL, 9) == sol0 - 5000);
    built_free(&b);

    /* 2. USDC A -> C: C has no token account; the plugin creates it and A pays its rent */
    sol0 = units(state, A.addr, NULL, 9);
    snprintf(intent, sizeof intent, INTENT_TOKEN("USDC", "3"), C.addr);
    CHECK(make_tx(state, &A, intent, &b, err) == 0);
    CHECK(json_is_true(json_object_get(b.d, "create_ata")));
    CHECK_STR(json_string_value(json_object_get(b.d, "ata_rent")), "2039280");
    CHECK_STR(json_string_value(json_object_get(b.d, "fee_max")), "2044280");
    const char *dest_ata = json_string_value(json_object_get(b.d, "destination_token_account"));
    char ata_c[64];
    snprintf(ata_c, sizeof ata_c, "%s", dest_ata ? dest_ata : "");
    CHECK(expect(&b, &A, NULL) == 0);
    CHECK(broadcast(state, b.raw, txid, err) == 0);
    CHECK_STR(balance(state, C.addr, "USDC"), "3");
    CHECK_STR(balance(state, C.addr, USDC_MINT), "3");
    CHECK_STR(balance(state, A.addr, "USDC"), "984.5");
    CHECK(units(state, A.addr, NULL, 9) == sol0 - 2044280);
    built_free(&b);
    /* the account now exists, as the token program would hold it */
    snprintf(params, sizeof params, "[\"%s\",{\"encoding\":\"base64\"}]", ata_c);
    st_err e = {0};
    char *r = rpc("getAccountInfo", params, &e);
    char *q = r ? sol_rpc_quote_big_ints(r) : NULL;
    json_t *j = q ? json_loads(q, 0, NULL) : NULL, *v = json_object_get(j, "value");
    CHECK_STR(json_string_value(json_object_get(v, "owner")), TOKEN_PROGRAM);
    CHECK(json_integer_value(json_object_get(v, "lamports")) == 2039280);
    CHECK(json_integer_value(json_object_get(v, "space")) == 165);
    uint8_t data[200], k[32];
    size_t len = 0;
    const char *b64 = json_string_value(json_array_get(json_object_get(v, "data"), 0));
    CHECK(b64 && sodium_base642bin(data, sizeof data, b64, strlen(b64), NULL, &len, NULL,
                                   sodium_base64_VARIANT_ORIGINAL) == 0);
    CHECK(len == 165);
    CHECK(paper_sol_b58_decode(USDC_MINT, k, 32) == 0);
    CHECK_MEM(data, k, 32);
    CHECK(paper_sol_b58_decode(C.addr, k, 32) == 0);
    CHECK_MEM(data + 32, k, 32);
    CHECK(data[64] == 0xc0 && data[65] == 0xc6 && data[66] == 0x2d && data[67] == 0); /* 3000000 LE */
    CHECK(data[108] == 1);                                                            /* initialized */
    json_decref(j);
    free(q);
    free(r);

    /* 3. again to C: no creation now */
    sol0 = units(state, A.addr, NULL, 9);
    snprintf(intent, sizeof intent, INTENT_TOKEN("USDC", "1"), C.addr);
    CHECK(make_tx(state, &A, intent, &b, err) == 0);
    CHECK(json_is_false(json_object_get(b.d, "create_ata")));
    CHECK_STR(json_string_value(json_object_get(b.d, "fee_max")), "5000");
    CHECK(expect(&b, &A, NULL) == 0);
    CHECK(broadcast(state, b.raw, txid, err) == 0);
    CHECK_STR(balance(state, C.addr, "USDC"), "4");
    CHECK(units(state, A.addr, NULL, 9) == sol0 - 5000);
    built_free(&b);

    /* 4. Token-2022: PYUSD A -> C, a 170-byte account to create */
    sol0 = units(state, A.addr, NULL, 9);
    snprintf(intent, sizeof intent, INTENT_TOKEN("PYUSD", "2.5"), C.addr);
    CHECK(make_tx(state, &A, intent, &b, err) == 0);
    CHECK(json_is_true(json_object_get(b.d, "create_ata")));
    CHECK_STR(json_string_value(json_object_get(b.d, "ata_rent")), "2074080");
    CHECK_STR(json_string_value(json_object_get(b.d, "token_program")), "token-2022");
    snprintf(ata_c, sizeof ata_c, "%s", json_string_value(json_object_get(b.d, "destination_token_account")));
    CHECK(expect(&b, &A, NULL) == 0);
    CHECK(broadcast(state, b.raw, txid, err) == 0);
    CHECK_STR(balance(state, C.addr, "PYUSD"), "2.5");
    CHECK_STR(balance(state, A.addr, "PYUSD"), "47.5");
    CHECK(units(state, A.addr, NULL, 9) == sol0 - 5000 - 2074080);
    built_free(&b);
    snprintf(params, sizeof params, "[\"%s\",{\"encoding\":\"base64\"}]", ata_c);
    r = rpc("getAccountInfo", params, &e);
    q = r ? sol_rpc_quote_big_ints(r) : NULL;
    j = q ? json_loads(q, 0, NULL) : NULL;
    v = json_object_get(j, "value");
    CHECK_STR(json_string_value(json_object_get(v, "owner")), TOKEN_2022);
    CHECK(json_integer_value(json_object_get(v, "space")) == 170);
    b64 = json_string_value(json_array_get(json_object_get(v, "data"), 0));
    CHECK(b64 && sodium_base642bin(data, sizeof data, b64, strlen(b64), NULL, &len, NULL,
                                   sodium_base64_VARIANT_ORIGINAL) == 0);
    CHECK(len == 170 && data[165] == 2 && data[166] == 7 && data[167] == 0 && data[168] == 0 && data[169] == 0);
    json_decref(j);
    free(q);
    free(r);

    /* 5. more tokens than A holds */
    snprintf(intent, sizeof intent, INTENT_TOKEN("USDC", "5000"), B.addr);
    CHECK(make_tx(state, &A, intent, &b, err) == 0);
    CHECK(expect(&b, &A, NULL) == 0);
    CHECK(broadcast(state, b.raw, txid, err) == -1);
    CHECK(strstr(err, "insufficient funds") != NULL);
    CHECK_STR(balance(state, A.addr, "USDC"), "983.5");
    built_free(&b);

    /* 6. an explicit {mint, decimals} of a configured token: the ledger knows it by its mint */
    snprintf(intent, sizeof intent,
             "{\"kind\":\"token_transfer\",\"asset\":{\"mint\":\"" USDC_MINT "\",\"decimals\":6},\"to\":\"%s\","
             "\"amount\":\"0.5\"}",
             B.addr);
    CHECK(make_tx(state, &A, intent, &b, err) == 0);
    CHECK(expect(&b, &A, NULL) == 0);
    CHECK(broadcast(state, b.raw, txid, err) == 0);
    CHECK_STR(balance(state, B.addr, "USDC"), "1013");
    built_free(&b);

    /* 7. a mint the chain's options do not name: the plugin builds, the ledger knows no such
     * asset and refuses it at broadcast, moving nothing */
    uint64_t sol1 = units(state, A.addr, NULL, 9);
    snprintf(intent, sizeof intent,
             "{\"kind\":\"token_transfer\",\"asset\":{\"mint\":\"" OTHER_MINT "\",\"decimals\":9},\"to\":\"%s\","
             "\"amount\":\"1\"}",
             B.addr);
    CHECK(make_tx(state, &A, intent, &b, err) == 0);
    CHECK_STR(json_string_value(json_object_get(b.d, "asset")), OTHER_MINT);
    CHECK(expect(&b, &A, NULL) == 0);
    CHECK(broadcast(state, b.raw, txid, err) == -1);
    CHECK(strstr(err, "no asset") != NULL);
    CHECK(units(state, A.addr, NULL, 9) == sol1);
    built_free(&b);

    /* 8. C sends the tokens it received; it holds no SOL for the fee */
    snprintf(intent, sizeof intent, INTENT_TOKEN("USDC", "1"), A.addr);
    CHECK(make_tx(state, &C, intent, &b, err) == 0);
    CHECK(expect(&b, &C, NULL) == 0);
    CHECK(broadcast(state, b.raw, txid, err) == -1);
    CHECK(strstr(err, "insufficient funds") != NULL);
    CHECK_STR(balance(state, C.addr, "USDC"), "4");
    built_free(&b);
}

/* ---- swaps with the paper exchange ----------------------------------------------------------- */

static int prices(void *ctx, const char *symbol, char *out, size_t cap, st_err *err)
{
    (void)ctx;
    if (strcmp(symbol, "SOL") == 0)
        snprintf(out, cap, "150");
    else if (strcmp(symbol, "USDC") == 0)
        snprintf(out, cap, "1");
    else
        return st_err_set(err, "no price for %s", symbol);
    return 0;
}

static void test_swaps(void *state)
{
    char intent[512], err[STW_ERR_MAX], txid[128];
    struct built b;
    clock_ms += 400;
    paper_chain_set_price(PC, prices, NULL);

    /* sell 1 SOL for USDC: 150 less 30 bps = 149.55 USDC to A; the exchange keeps nothing */
    uint64_t sol0 = units(state, A.addr, NULL, 9), usdc0 = units(state, A.addr, "USDC", 6);
    snprintf(intent, sizeof intent, INTENT_SOL("%s", "1"), X.addr);
    CHECK(make_tx(state, &A, intent, &b, err) == 0);
    CHECK(expect(&b, &A, "USDC") == 0);
    CHECK(broadcast(state, b.raw, txid, err) == 0);
    CHECK(units(state, A.addr, NULL, 9) == sol0 - 1000000000 - 5000);
    CHECK(units(state, A.addr, "USDC", 6) == usdc0 + 149550000);
    CHECK_STR(balance(state, X.addr, NULL), "0");
    built_free(&b);

    /* sell 15 USDC for SOL: a token transfer to the exchange, whose token accounts exist from
     * the start (no rent to pay), holding nothing */
    sol0 = units(state, A.addr, NULL, 9);
    usdc0 = units(state, A.addr, "USDC", 6);
    CHECK_STR(balance(state, X.addr, "USDC"), "0");
    CHECK_STR(balance(state, X.addr, "PYUSD"), "0");
    snprintf(intent, sizeof intent, INTENT_TOKEN("USDC", "15"), X.addr);
    CHECK(make_tx(state, &A, intent, &b, err) == 0);
    CHECK(json_is_false(json_object_get(b.d, "create_ata")));
    uint64_t fee = desc_u64(b.d, "fee_max");
    CHECK(fee == 5000);
    CHECK(expect(&b, &A, "SOL") == 0);
    CHECK(broadcast(state, b.raw, txid, err) == 0);
    CHECK(units(state, A.addr, "USDC", 6) == usdc0 - 15000000);
    CHECK(units(state, A.addr, NULL, 9) == sol0 - fee + 99700000); /* 0.1 SOL less 30 bps */
    built_free(&b);

    /* a swap registered to another address than the exchange is refused at once */
    snprintf(intent, sizeof intent, INTENT_SOL("%s", "1"), B.addr);
    CHECK(make_tx(state, &A, intent, &b, err) == 0);
    st_err e = {0};
    CHECK(paper_expect(PC, b.raw, b.txid, A.addr, b.seq, b.desc, "USDC", &e) == -1);
    CHECK(strstr(e.msg, "paper exchange") != NULL);
    built_free(&b);
    paper_chain_set_price(PC, NULL, NULL);
}

/* ---- the rent setting, end to end ----------------------------------------------------------- */

static void test_rent_setting(struct store *st)
{
    struct paper_chain *pc = NULL, *saved = PC;
    st_err e = {0};
    char intent[512], err[STW_ERR_MAX], txid[128];
    struct built b;
    CHECK(open_chain(st, "sol-cheap", "{\"fees\":{\"rent_lamports_per_byte_year\":\"1000\"},"
                                      "\"balances\":{\"SOL\":\"2\",\"USDC\":\"10\"}}",
                     OPTIONS, &pc, &e) == 0);
    if (pc == NULL)
        return;
    PC = pc;
    void *state = plugin_init(OPTIONS);
    CHECK(paper_fund(pc, A.addr, &e) == 0);
    json_t *j = rpc_json("getMinimumBalanceForRentExemption", "[165]");
    CHECK(json_integer_value(j) == 586000); /* (128 + 165) x 1000 x 2 */
    json_decref(j);
    CHECK_STR(balance(state, A.addr, NULL), "2");
    CHECK_STR(balance(state, C.addr, "USDC"), "0"); /* C's USDC account on this chain: none */
    snprintf(intent, sizeof intent, INTENT_TOKEN("USDC", "1"), C.addr);
    CHECK(make_tx(state, &A, intent, &b, err) == 0);
    CHECK_STR(json_string_value(json_object_get(b.d, "fee_max")), "591000");
    CHECK(expect(&b, &A, NULL) == 0);
    CHECK(broadcast(state, b.raw, txid, err) == 0);
    CHECK_STR(balance(state, A.addr, NULL), "1.999409");
    CHECK_STR(balance(state, C.addr, "USDC"), "1");
    built_free(&b);
    /* chains are separate ledgers */
    PC = saved;
    CHECK_STR(balance(state, C.addr, "USDC"), "4");
    P->shutdown(state);
    paper_chain_close(pc);
}

int main(int argc, char **argv)
{
    (void)argc;
    if (sodium_init() < 0)
        return 2;
    char path[4096];
    const char *env = getenv("STEWARD_SOL_PLUGIN");
    if (env) {
        snprintf(path, sizeof path, "%s", env);
    } else {
        char self[4096];
        ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
        if (n <= 0)
            snprintf(self, sizeof self, "%s", argv[0]);
        else
            self[n] = '\0';
        snprintf(path, sizeof path, "%s/../plugins/sol.so", dirname(self));
    }
    void *dl = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (dl == NULL) {
        fprintf(stderr, "cannot load %s: %s (build the sol target)\n", path, dlerror());
        return 1;
    }
    stw_plugin_entry_fn entry = (stw_plugin_entry_fn)dlsym(dl, STEWARD_PLUGIN_ENTRY);
    CHECK(entry != NULL);
    if (entry == NULL)
        return check_summary();
    P = entry();

    /* TEST keys: fixed seeds, never used outside this file; X stands for the exchange. */
    make_key(&A, 0x51);
    make_key(&B, 0x52);
    make_key(&C, 0x53);
    make_key(&X, 0x54);

    test_keys();

    char dir[256];
    testfs_mkdtemp(dir, sizeof dir, "steward-paper-sol");
    struct store *st = NULL;
    st_err e = {0};
    if (store_open(dir, &st, &e) != 0) {
        fprintf(stderr, "store_open: %s\n", e.msg);
        return 2;
    }
    test_open(st);

    CHECK(open_chain(st, "sol", "{\"balances\":{\"SOL\":\"100\",\"USDC\":\"1000\",\"PYUSD\":\"50\"}}", OPTIONS, &PC,
                     &e) == 0);
    if (PC == NULL) {
        fprintf(stderr, "paper_chain_open: %s\n", e.msg);
        return check_summary();
    }
    CHECK(paper_fund(PC, A.addr, &e) == 0);
    CHECK(paper_fund(PC, B.addr, &e) == 0);
    CHECK(paper_fund(PC, A.addr, &e) == 0); /* once only */
    char out[96];
    CHECK(paper_balance(PC, A.addr, NULL, out, sizeof out, &e) == 0);
    CHECK_STR(out, "100");
    const char *assets[8];
    CHECK(paper_assets(PC, assets, 8) == 3);

    void *state = plugin_init(OPTIONS);
    test_rpc_surface();
    test_transfers(state);
    test_tokens(state);
    test_swaps(state);
    test_rent_setting(st);
    /* funding again after all that changes nothing */
    CHECK(paper_fund(PC, A.addr, &e) == 0);
    CHECK(paper_fund(PC, C.addr, &e) == 0); /* C was known only as a recipient: now funded once */
    CHECK(paper_balance(PC, C.addr, "USDC", out, sizeof out, &e) == 0);
    CHECK_STR(out, "1004");
    CHECK(paper_fund(PC, C.addr, &e) == 0);
    CHECK(paper_balance(PC, C.addr, "USDC", out, sizeof out, &e) == 0);
    CHECK_STR(out, "1004");

    P->shutdown(state);
    paper_chain_close(PC);
    store_close(st);
    testfs_rmtree(dir);
    dlclose(dl);
    return check_summary();
}
