/* paper_sol.c: the simulated Solana node of a paper chain (docs/paper.md, "sol").
 *
 * It answers the JSON-RPC methods the sol plugin calls (plugins/sol/sol_chain.h) from the
 * paper ledger, in the shapes a real node gives:
 *
 *   getGenesisHash                     the configured cluster's genesis hash (so the plugin's
 *                                      cluster check passes); localnet: a hash of the chain name
 *   getLatestBlockhash                 a blockhash derived from the chain and the current slot
 *                                      (the ledger clock / 400 ms), valid for 150 blocks
 *   getBalance                         lamports: the ledger's SOL (plus the synthesized rent of
 *                                      a mint or token account)
 *   getAccountInfo                     a configured mint; an associated token account that
 *                                      exists (the ledger holds a balance row for its owner and
 *                                      token); a wallet holding lamports; else null
 *   getTokenAccountBalance             the ledger's balance of the token account's owner
 *   getMinimumBalanceForRentExemption  (128 + bytes) x rent rate x 2, as the runtime computes it
 *   sendTransaction                    paper_submit of the raw text exactly as sent; answers the
 *                                      txid paper_expect recorded (the first signature)
 *   getSignatureStatuses               finalized once the ledger applied the transaction
 *
 * Anything else is refused naming the method. The node never decodes a transaction: what a
 * broadcast does is what steward registered with paper_expect.
 *
 * Token accounts. The ledger keys balances by (address, symbol); the chain addresses a token
 * balance by its associated token account, a program-derived address that cannot be inverted.
 * So the node derives the ATAs of every address the ledger holds a token row for, once per
 * address, and keeps them sorted for lookups; a key it does not know makes it look at the
 * ledger's addresses again (only for keys off the curve: a wallet is on it, an ATA never). An
 * ATA "exists" when the ledger has a row for its owner and token, i.e. once the owner was funded
 * with or received the token: as on chain, it goes on existing at a zero balance. The paper
 * exchange's ATAs exist from the start (a market holds an account for every token it trades). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "paper/paper_node.h"
#include "paper/paper_sol_key.h"
#include "util/decimal.h"

#define NODE "paper sol node"
#define NATIVE "SOL"
#define NATIVE_DECIMALS 9
#define SLOT_MS 400                /* the cluster's target slot time */
#define BLOCKHASH_VALID_BLOCKS 150 /* a blockhash is usable for 150 blocks */
#define RENT_OVERHEAD 128          /* ACCOUNT_STORAGE_OVERHEAD: bytes every account is charged for */
#define RENT_DEFAULT 3480          /* lamports per byte-year on every public cluster */
#define RENT_RATE_MAX 1000000000u
#define RENT_EXEMPTION_YEARS 2     /* exemption_threshold */
#define MAX_DATA_LEN (10u * 1024u * 1024u) /* MAX_PERMITTED_DATA_LENGTH */
#define MINT_LEN 82
#define TOKEN_ACCOUNT_LEN 165
#define TOKEN_2022_ACCOUNT_LEN 170 /* 165 + account type + ImmutableOwner extension header */
#define MAX_TOKENS 32
#define MAX_STATUS_SIGS 256        /* getSignatureStatuses takes at most 256 signatures */
#define MAX_DECIMALS 77

enum { CLUSTER_MAINNET, CLUSTER_DEVNET, CLUSTER_TESTNET, CLUSTER_LOCALNET, NCLUSTERS };
static const char *const CLUSTER_NAMES[NCLUSTERS] = {"mainnet-beta", "devnet", "testnet", "localnet"};
/* The public clusters' genesis hashes, which the plugin checks (plugins/sol/sol_options.c). */
static const char *const CLUSTER_GENESIS[NCLUSTERS] = {
    "5eykt4UsFv8P8NJdTREpY1vzqKqZKvdpKuc147dw2N9d",
    "EtWTRABZaYq6iMfeYKouRu166VU2xqa1wcaWoxPkrZBG",
    "4uhcVJyU9pJkvQyS88uRDiswHXSCkY3zQawwpjk2NsNY",
    NULL,
};

struct sol_token_cfg {
    char symbol[PAPER_SYMBOL_MAX + 1];
    uint8_t mint[32];
    char mint_text[PAPER_SOL_ADDR_MAX];
    unsigned decimals;
    int token_2022;
};

struct ata_entry {
    uint8_t ata[32];
    uint8_t owner[32];
    unsigned token; /* index into tokens */
};

struct sol_node {
    char genesis[PAPER_SOL_ADDR_MAX];
    int has_exchange;     /* the paper exchange's address is a Solana key: */
    uint8_t exchange[32]; /* it holds a token account for every configured token */
    uint64_t rent_rate; /* lamports per byte-year */
    size_t ntokens;
    struct sol_token_cfg tokens[MAX_TOKENS];
    /* derived ATAs, sorted by ata; the owners they were derived for, sorted */
    struct ata_entry *atas;
    size_t natas, cap_atas;
    uint8_t (*owners)[32];
    size_t nowners, cap_owners;
};

static int add_owner(struct sol_node *n, const uint8_t owner[32], st_err *err);
static void sort_index(struct sol_node *n);

/* ---- settings ----------------------------------------------------------------------------- */

/* A non-negative integer up to max, as a JSON integer or a string of digits (a YAML-to-JSON
 * conversion may keep scalars as text). */
static int get_uint(const json_t *v, uint64_t max, uint64_t *out)
{
    uint64_t x = 0;
    if (json_is_integer(v)) {
        if (json_integer_value(v) < 0 || (uint64_t)json_integer_value(v) > max)
            return -1;
        x = (uint64_t)json_integer_value(v);
    } else if (json_is_string(v)) {
        const char *s = json_string_value(v);
        size_t n = strspn(s, "0123456789");
        if (n == 0 || n > 12 || s[n] != '\0')
            return -1;
        for (size_t i = 0; i < n; i++)
            x = x * 10 + (uint64_t)(s[i] - '0');
        if (x > max)
            return -1;
    } else {
        return -1;
    }
    *out = x;
    return 0;
}

static int read_fees(struct sol_node *n, const json_t *fees, st_err *err)
{
    n->rent_rate = RENT_DEFAULT;
    if (fees == NULL)
        return 0;
    if (!json_is_object(fees))
        return st_err_set(err, "paper.fees: must be a mapping (known: rent_lamports_per_byte_year)");
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)fees, k, v) {
        if (strcmp(k, "rent_lamports_per_byte_year") == 0) {
            if (get_uint(v, RENT_RATE_MAX, &n->rent_rate) != 0)
                return st_err_set(err, "paper.fees.rent_lamports_per_byte_year: must be an integer from 0 to %u",
                                  RENT_RATE_MAX);
        } else if (strcmp(k, "lamports_per_signature") == 0) {
            return st_err_set(err, "paper.fees.lamports_per_signature: not a setting: the sol plugin prices each "
                                   "signature at the protocol's 5000 lamports and the ledger charges the fee_max "
                                   "it describes");
        } else {
            return st_err_set(err, "paper.fees.%.32s: unknown key (known: rent_lamports_per_byte_year)", k);
        }
    }
    return 0;
}

/* What the node shares with the plugin: the cluster and the token table (chains.<name>.options;
 * the plugin itself refuses what it does not know, so other keys are left to it). */
static int read_options(struct paper_chain *pc, struct sol_node *n, const json_t *options, st_err *err)
{
    const json_t *v = json_object_get(options, "cluster");
    int cluster = CLUSTER_MAINNET;
    if (v != NULL) {
        const char *s = json_string_value(v);
        for (cluster = 0; cluster < NCLUSTERS && !(s && strcmp(s, CLUSTER_NAMES[cluster]) == 0); cluster++)
            ;
        if (cluster == NCLUSTERS)
            return st_err_set(err, "options.cluster: must be mainnet-beta, devnet, testnet or localnet");
    }
    if (CLUSTER_GENESIS[cluster]) {
        snprintf(n->genesis, sizeof n->genesis, "%s", CLUSTER_GENESIS[cluster]);
    } else { /* localnet: a validator's own genesis; here one per paper chain */
        static const char TAG[] = "steward/paper/sol/genesis/";
        uint8_t h[32];
        crypto_hash_sha256_state st;
        crypto_hash_sha256_init(&st);
        crypto_hash_sha256_update(&st, (const unsigned char *)TAG, sizeof TAG - 1);
        crypto_hash_sha256_update(&st, (const unsigned char *)paper_chain_name(pc), strlen(paper_chain_name(pc)));
        crypto_hash_sha256_final(&st, h);
        paper_sol_b58_encode(h, 32, n->genesis, sizeof n->genesis);
    }

    const json_t *tokens = json_object_get(options, "tokens");
    if (tokens == NULL)
        return 0;
    if (!json_is_object(tokens))
        return st_err_set(err, "options.tokens: must be a mapping of symbol to {mint, decimals, program}");
    if (json_object_size(tokens) > MAX_TOKENS)
        return st_err_set(err, "options.tokens: at most %d tokens", MAX_TOKENS);
    const char *sym;
    json_t *t;
    json_object_foreach((json_t *)tokens, sym, t) {
        struct sol_token_cfg *c = &n->tokens[n->ntokens];
        uint64_t decimals;
        size_t len = strlen(sym);
        if (len == 0 || len > PAPER_SYMBOL_MAX || strcmp(sym, NATIVE) == 0)
            return st_err_set(err, "options.tokens.%.32s: not a token symbol for a paper chain", sym);
        if (!json_is_object(t))
            return st_err_set(err, "options.tokens.%s: must be a mapping {mint, decimals, program}", sym);
        snprintf(c->symbol, sizeof c->symbol, "%s", sym);
        if (paper_sol_b58_decode(json_string_value(json_object_get(t, "mint")), c->mint, 32) != 0)
            return st_err_set(err, "options.tokens.%s.mint: not a Solana address (32 bytes of base58)", sym);
        paper_sol_b58_encode(c->mint, 32, c->mint_text, sizeof c->mint_text);
        if (get_uint(json_object_get(t, "decimals"), MAX_DECIMALS, &decimals) != 0)
            return st_err_set(err, "options.tokens.%s.decimals: must be an integer from 0 to %d", sym, MAX_DECIMALS);
        c->decimals = (unsigned)decimals;
        const json_t *prog = json_object_get(t, "program");
        const char *p = prog ? json_string_value(prog) : "token";
        if (p == NULL || (strcmp(p, "token") != 0 && strcmp(p, "token-2022") != 0))
            return st_err_set(err, "options.tokens.%s.program: must be \"token\" or \"token-2022\"", sym);
        c->token_2022 = strcmp(p, "token-2022") == 0;
        for (size_t i = 0; i < n->ntokens; i++)
            if (memcmp(n->tokens[i].mint, c->mint, 32) == 0)
                return st_err_set(err, "options.tokens.%s.mint: also the mint of tokens.%s (a paper chain keeps one "
                                       "balance per mint)",
                                  sym, n->tokens[i].symbol);
        n->ntokens++;
    }
    return 0;
}

static int sol_init(struct paper_chain *pc, const json_t *fees, const json_t *options, st_err *err)
{
    struct sol_node *n = calloc(1, sizeof *n);
    if (n == NULL)
        return st_err_set(err, NODE ": out of memory");
    if (read_fees(n, fees, err) != 0 || read_options(pc, n, options, err) != 0)
        goto fail;
    /* The paper exchange is a market: it has a token account for every token from the start,
     * so selling a token to it never pays for creating one. */
    n->has_exchange = paper_sol_b58_decode(paper_exchange_address(pc), n->exchange, 32) == 0;
    if (n->has_exchange && n->ntokens > 0) {
        if (add_owner(n, n->exchange, err) != 0)
            goto fail;
        sort_index(n);
    }
    paper_node_set_state(pc, n);
    return 0;
fail:
    free(n->atas);
    free(n->owners);
    free(n);
    return -1;
}

static void sol_free(struct paper_chain *pc)
{
    struct sol_node *n = paper_node_state(pc);
    if (n == NULL)
        return;
    free(n->atas);
    free(n->owners);
    free(n);
    paper_node_set_state(pc, NULL);
}

static int sol_asset(struct paper_chain *pc, const char *name, struct paper_asset *out, st_err *err)
{
    const struct sol_node *n = paper_node_state(pc);
    memset(out, 0, sizeof *out);
    if (name && strcmp(name, NATIVE) == 0) {
        snprintf(out->symbol, sizeof out->symbol, "%s", NATIVE);
        out->decimals = NATIVE_DECIMALS;
        return 0;
    }
    for (size_t i = 0; name && i < n->ntokens; i++) {
        const struct sol_token_cfg *t = &n->tokens[i];
        if (strcmp(name, t->symbol) == 0 || strcmp(name, t->mint_text) == 0) {
            snprintf(out->symbol, sizeof out->symbol, "%s", t->symbol);
            out->decimals = t->decimals;
            snprintf(out->id, sizeof out->id, "%s", t->mint_text);
            return 0;
        }
    }
    return st_err_set(err, NODE ": no asset \"%.48s\" (SOL, or a token under the chain's options.tokens, by "
                           "symbol or mint)",
                      name ? name : "");
}

/* ---- the ledger, as accounts ------------------------------------------------------------- */

static int db_fail(struct paper_chain *pc, st_err *err)
{
    return st_err_set(err, NODE ": ledger: %s", sqlite3_errmsg(store_db(paper_store(pc))));
}

/* A ledger balance as a u64 no larger than max ("0" for none). */
static int ledger_u64(struct paper_chain *pc, const char *address, const char *symbol, uint64_t max, uint64_t *v,
                      st_err *err)
{
    uint8_t u[32];
    if (paper_units(pc, address, symbol, u, err) != 0)
        return -1;
    if (units_to_u64(u, v) != 0 || *v > max)
        return st_err_set(err, NODE ": %s holds more %s than a node can report (%" PRIu64 " base units at most)",
                          address, symbol, max);
    return 0;
}

/* Whether the ledger has a balance row for (address, symbol), even at 0. */
static int has_row(struct paper_chain *pc, const char *address, const char *symbol, int *yes, st_err *err)
{
    sqlite3 *db = store_db(paper_store(pc));
    sqlite3_stmt *st = NULL;
    *yes = 0;
    if (sqlite3_prepare_v2(db, "SELECT 1 FROM paper_balance WHERE chain = ? AND address = ? AND asset = ?", -1, &st,
                           NULL) != SQLITE_OK)
        return db_fail(pc, err);
    sqlite3_bind_text(st, 1, paper_chain_name(pc), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, address, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, symbol, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return db_fail(pc, err);
    *yes = rc == SQLITE_ROW;
    return 0;
}

/* A token's supply: the sum of every ledger balance of it on this chain. */
static int token_supply(struct paper_chain *pc, const char *symbol, uint64_t *supply, st_err *err)
{
    sqlite3 *db = store_db(paper_store(pc));
    sqlite3_stmt *st = NULL;
    uint8_t sum[32] = {0}, u[32];
    int rc, bad = 0;
    if (sqlite3_prepare_v2(db, "SELECT units FROM paper_balance WHERE chain = ? AND asset = ?", -1, &st, NULL) !=
        SQLITE_OK)
        return db_fail(pc, err);
    sqlite3_bind_text(st, 1, paper_chain_name(pc), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, symbol, -1, SQLITE_STATIC);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        if (units_from_string((const char *)sqlite3_column_text(st, 0), u) != 0 || units_add(sum, sum, u) != 0)
            bad = 1;
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return db_fail(pc, err);
    if (bad || units_to_u64(sum, supply) != 0)
        return st_err_set(err, NODE ": the ledger's %s add up to more than a mint's 64-bit supply", symbol);
    return 0;
}

static int cmp_ata(const void *a, const void *b)
{
    return memcmp(((const struct ata_entry *)a)->ata, ((const struct ata_entry *)b)->ata, 32);
}

static int cmp_key(const void *a, const void *b)
{
    return memcmp(a, b, 32);
}

static const struct ata_entry *ata_find(const struct sol_node *n, const uint8_t key[32])
{
    struct ata_entry probe;
    memcpy(probe.ata, key, 32);
    return n->natas ? bsearch(&probe, n->atas, n->natas, sizeof *n->atas, cmp_ata) : NULL;
}

/* Derives owner's ATAs (one per configured token), appending them unsorted; the caller sorts. */
static int add_owner(struct sol_node *n, const uint8_t owner[32], st_err *err)
{
    if (n->nowners == n->cap_owners) {
        size_t cap = n->cap_owners ? 2 * n->cap_owners : 16;
        void *p = realloc(n->owners, cap * 32);
        if (p == NULL)
            return st_err_set(err, NODE ": out of memory");
        n->owners = p;
        n->cap_owners = cap;
    }
    if (n->natas + n->ntokens > n->cap_atas) {
        size_t cap = n->cap_atas ? 2 * n->cap_atas : 64;
        while (cap < n->natas + n->ntokens)
            cap *= 2;
        void *p = realloc(n->atas, cap * sizeof *n->atas);
        if (p == NULL)
            return st_err_set(err, NODE ": out of memory");
        n->atas = p;
        n->cap_atas = cap;
    }
    for (size_t i = 0; i < n->ntokens; i++) {
        struct ata_entry *e = &n->atas[n->natas];
        if (paper_sol_ata(owner, n->tokens[i].mint, n->tokens[i].token_2022, e->ata) != 0)
            continue; /* no bump off the curve: no ATA (never happens in practice) */
        memcpy(e->owner, owner, 32);
        e->token = (unsigned)i;
        n->natas++;
    }
    memcpy(n->owners[n->nowners++], owner, 32);
    return 0;
}

static void sort_index(struct sol_node *n)
{
    if (n->nowners > 1)
        qsort(n->owners, n->nowners, 32, cmp_key);
    if (n->natas > 1)
        qsort(n->atas, n->natas, sizeof *n->atas, cmp_ata);
}

/* Derives the ATAs of every ledger address holding a token row that has not been seen yet. */
static int ata_index(struct paper_chain *pc, struct sol_node *n, st_err *err)
{
    sqlite3 *db = store_db(paper_store(pc));
    sqlite3_stmt *st = NULL;
    size_t sorted_owners = n->nowners, known = n->nowners;
    int rc, ret = -1;
    if (n->ntokens == 0)
        return 0;
    if (sqlite3_prepare_v2(db, "SELECT DISTINCT address FROM paper_balance WHERE chain = ? AND asset <> ?", -1, &st,
                           NULL) != SQLITE_OK)
        return db_fail(pc, err);
    sqlite3_bind_text(st, 1, paper_chain_name(pc), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, NATIVE, -1, SQLITE_STATIC);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        uint8_t owner[32];
        if (paper_sol_b58_decode((const char *)sqlite3_column_text(st, 0), owner, 32) != 0)
            continue; /* not an address of this chain's format: it has no token accounts */
        /* DISTINCT: an address new in this scan comes once, so the sorted prefix suffices */
        if (sorted_owners && bsearch(owner, n->owners, sorted_owners, 32, cmp_key) != NULL)
            continue;
        if (add_owner(n, owner, err) != 0)
            goto done;
    }
    if (rc != SQLITE_DONE) {
        db_fail(pc, err);
        goto done;
    }
    ret = 0;
done:
    sqlite3_finalize(st);
    if (n->nowners > known)
        sort_index(n);
    return ret;
}

static uint64_t rent_exempt(const struct sol_node *n, uint64_t len)
{
    return (RENT_OVERHEAD + len) * n->rent_rate * RENT_EXEMPTION_YEARS;
}

static void put_u64le(uint8_t *p, uint64_t v)
{
    for (int i = 0; i < 8; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

/* An account as the chain would hold it. */
struct account {
    int exists;
    const char *owner; /* program, base58 */
    uint64_t lamports;
    uint8_t data[TOKEN_2022_ACCOUNT_LEN];
    size_t len;
    const struct sol_token_cfg *token; /* a token account's token */
    uint64_t amount;                   /* a token account's balance */
};

static int lookup(struct paper_chain *pc, struct sol_node *n, const uint8_t key[32], const char *key_text,
                  struct account *a, st_err *err)
{
    memset(a, 0, sizeof *a);
    uint64_t extra = 0; /* SOL the ledger holds at this address itself */
    if (ledger_u64(pc, key_text, NATIVE, INT64_MAX / 2, &extra, err) != 0)
        return -1;

    /* A configured mint: the SPL Mint layout, no authorities, supply = the ledger's total. */
    for (size_t i = 0; i < n->ntokens; i++) {
        const struct sol_token_cfg *t = &n->tokens[i];
        uint64_t supply;
        if (memcmp(key, t->mint, 32) != 0)
            continue;
        if (token_supply(pc, t->symbol, &supply, err) != 0)
            return -1;
        a->exists = 1;
        a->owner = t->token_2022 ? PAPER_SOL_TOKEN_2022_PROGRAM : PAPER_SOL_TOKEN_PROGRAM;
        a->len = MINT_LEN;
        a->lamports = rent_exempt(n, MINT_LEN) + extra;
        put_u64le(a->data + 36, supply); /* after mint_authority: COption<Pubkey> (4 + 32), None */
        a->data[44] = (uint8_t)t->decimals;
        a->data[45] = 1; /* is_initialized; freeze_authority None */
        return 0;
    }

    /* An associated token account: PDAs are off the curve, wallets on it. */
    if (!paper_sol_on_curve(key)) {
        const struct ata_entry *e = ata_find(n, key);
        if (e == NULL) {
            if (ata_index(pc, n, err) != 0)
                return -1;
            e = ata_find(n, key);
        }
        int exists = 0;
        char owner[PAPER_SOL_ADDR_MAX];
        if (e != NULL) {
            paper_sol_b58_encode(e->owner, 32, owner, sizeof owner);
            if (has_row(pc, owner, n->tokens[e->token].symbol, &exists, err) != 0)
                return -1;
            exists = exists || (n->has_exchange && memcmp(e->owner, n->exchange, 32) == 0);
        }
        if (exists) {
            const struct sol_token_cfg *t = &n->tokens[e->token];
            if (ledger_u64(pc, owner, t->symbol, UINT64_MAX, &a->amount, err) != 0)
                return -1;
            a->exists = 1;
            a->token = t;
            a->owner = t->token_2022 ? PAPER_SOL_TOKEN_2022_PROGRAM : PAPER_SOL_TOKEN_PROGRAM;
            a->len = t->token_2022 ? TOKEN_2022_ACCOUNT_LEN : TOKEN_ACCOUNT_LEN;
            a->lamports = rent_exempt(n, a->len) + extra;
            /* SPL Account: mint, owner, amount, delegate None, state Initialized, is_native None,
             * delegated_amount 0, close_authority None */
            memcpy(a->data, t->mint, 32);
            memcpy(a->data + 32, e->owner, 32);
            put_u64le(a->data + 64, a->amount);
            a->data[108] = 1;
            if (t->token_2022) {
                a->data[165] = 2; /* AccountType::Account */
                a->data[166] = 7; /* ExtensionType::ImmutableOwner, u16 LE, length 0 */
            }
            return 0;
        }
    }

    /* A system account exists while it holds lamports. */
    if (extra > 0) {
        a->exists = 1;
        a->owner = PAPER_SOL_SYSTEM_PROGRAM;
        a->lamports = extra;
    }
    return 0;
}

/* ---- JSON-RPC ------------------------------------------------------------------------------ */

typedef int (*method_fn)(struct paper_chain *pc, struct sol_node *n, const char *m, json_t *params, char **out,
                         st_err *err);

static int64_t slot_at(int64_t ms)
{
    return ms > 0 ? ms / SLOT_MS : 0;
}

static json_t *context(struct paper_chain *pc)
{
    return json_pack("{s:s, s:I}", "apiVersion", "paper", "slot", (json_int_t)slot_at(paper_now_ms(pc)));
}

/* Dumps and releases j as the result text. */
static int answer(json_t *j, char **out, st_err *err)
{
    *out = j ? json_dumps(j, JSON_COMPACT | JSON_ENCODE_ANY) : NULL;
    json_decref(j);
    return *out ? 0 : st_err_set(err, NODE ": out of memory");
}

/* {"context": ..., "value": v} (v is consumed). */
static int answer_value(struct paper_chain *pc, json_t *v, char **out, st_err *err)
{
    return answer(v ? json_pack("{s:o, s:o}", "context", context(pc), "value", v) : NULL, out, err);
}

static int check_count(json_t *params, size_t max, const char *m, st_err *err)
{
    if (json_array_size(params) > max)
        return st_err_set(err, NODE ": %s: invalid params: %zu given, at most %zu expected", m,
                          json_array_size(params), max);
    return 0;
}

/* The optional configuration object at params[i]; a commitment must be a known level. */
static int get_config(json_t *params, size_t i, const char *m, json_t **cfg, st_err *err)
{
    json_t *c = json_array_get(params, i), *v;
    *cfg = NULL;
    if (c == NULL || json_is_null(c))
        return 0;
    if (!json_is_object(c))
        return st_err_set(err, NODE ": %s: invalid params: params[%zu]: the configuration must be an object", m, i);
    if ((v = json_object_get(c, "commitment")) != NULL) {
        const char *s = json_string_value(v);
        if (s == NULL || (strcmp(s, "processed") != 0 && strcmp(s, "confirmed") != 0 && strcmp(s, "finalized") != 0))
            return st_err_set(err, NODE ": %s: invalid params: commitment: must be processed, confirmed or finalized",
                              m);
    }
    *cfg = c;
    return 0;
}

/* params[i]: a public key as base58; text gets its canonical form. */
static int get_key(json_t *params, size_t i, const char *m, uint8_t key[32], char text[PAPER_SOL_ADDR_MAX],
                   st_err *err)
{
    const char *s = json_string_value(json_array_get(params, i));
    if (s == NULL || paper_sol_b58_decode(s, key, 32) != 0)
        return st_err_set(err, NODE ": %s: invalid params: params[%zu]: not a public key (32 bytes of base58)", m, i);
    paper_sol_b58_encode(key, 32, text, PAPER_SOL_ADDR_MAX);
    return 0;
}

static int m_genesis(struct paper_chain *pc, struct sol_node *n, const char *m, json_t *params, char **out,
                     st_err *err)
{
    (void)pc;
    if (check_count(params, 0, m, err) != 0)
        return -1;
    return answer(json_string(n->genesis), out, err);
}

static int m_blockhash(struct paper_chain *pc, struct sol_node *n, const char *m, json_t *params, char **out,
                       st_err *err)
{
    (void)n;
    static const char TAG[] = "steward/paper/sol/blockhash/";
    json_t *cfg;
    if (check_count(params, 1, m, err) != 0 || get_config(params, 0, m, &cfg, err) != 0)
        return -1;
    int64_t slot = slot_at(paper_now_ms(pc));
    uint8_t le[8], h[32];
    char text[PAPER_SOL_ADDR_MAX];
    put_u64le(le, (uint64_t)slot);
    crypto_hash_sha256_state st;
    crypto_hash_sha256_init(&st);
    crypto_hash_sha256_update(&st, (const unsigned char *)TAG, sizeof TAG - 1);
    crypto_hash_sha256_update(&st, (const unsigned char *)paper_chain_name(pc), strlen(paper_chain_name(pc)) + 1);
    crypto_hash_sha256_update(&st, le, sizeof le);
    crypto_hash_sha256_final(&st, h);
    paper_sol_b58_encode(h, 32, text, sizeof text);
    return answer_value(pc,
                        json_pack("{s:s, s:I}", "blockhash", text, "lastValidBlockHeight",
                                  (json_int_t)(slot + BLOCKHASH_VALID_BLOCKS)),
                        out, err);
}

static int m_rent(struct paper_chain *pc, struct sol_node *n, const char *m, json_t *params, char **out, st_err *err)
{
    (void)pc;
    json_t *cfg, *len = json_array_get(params, 0);
    if (check_count(params, 2, m, err) != 0 || get_config(params, 1, m, &cfg, err) != 0)
        return -1;
    if (!json_is_integer(len) || json_integer_value(len) < 0 || json_integer_value(len) > (json_int_t)MAX_DATA_LEN)
        return st_err_set(err, NODE ": %s: invalid params: params[0]: a data length from 0 to %u bytes", m,
                          MAX_DATA_LEN);
    return answer(json_integer((json_int_t)rent_exempt(n, (uint64_t)json_integer_value(len))), out, err);
}

static int m_balance(struct paper_chain *pc, struct sol_node *n, const char *m, json_t *params, char **out,
                     st_err *err)
{
    uint8_t key[32];
    char text[PAPER_SOL_ADDR_MAX];
    json_t *cfg;
    struct account a;
    if (check_count(params, 2, m, err) != 0 || get_key(params, 0, m, key, text, err) != 0 ||
        get_config(params, 1, m, &cfg, err) != 0 || lookup(pc, n, key, text, &a, err) != 0)
        return -1;
    return answer_value(pc, json_integer((json_int_t)a.lamports), out, err);
}

static int m_account_info(struct paper_chain *pc, struct sol_node *n, const char *m, json_t *params, char **out,
                          st_err *err)
{
    uint8_t key[32];
    char text[PAPER_SOL_ADDR_MAX];
    json_t *cfg;
    struct account a;
    if (check_count(params, 2, m, err) != 0 || get_key(params, 0, m, key, text, err) != 0 ||
        get_config(params, 1, m, &cfg, err) != 0)
        return -1;
    const char *enc = cfg ? json_string_value(json_object_get(cfg, "encoding")) : NULL;
    if (cfg && json_object_get(cfg, "encoding") && enc == NULL)
        return st_err_set(err, NODE ": %s: invalid params: encoding: not a string", m);
    if (enc && strcmp(enc, "base64") != 0 && strcmp(enc, "base58") != 0)
        return st_err_set(err, NODE ": %s: encoding %.32s is not simulated (base64 or base58)", m, enc);
    if (cfg && json_object_get(cfg, "dataSlice"))
        return st_err_set(err, NODE ": %s: dataSlice is not simulated", m);
    if (lookup(pc, n, key, text, &a, err) != 0)
        return -1;
    if (!a.exists)
        return answer_value(pc, json_null(), out, err);

    /* Without an encoding a node answers the legacy "binary" form: a bare base58 string. */
    json_t *data;
    if (enc && strcmp(enc, "base64") == 0) {
        char b64[sodium_base64_ENCODED_LEN(TOKEN_2022_ACCOUNT_LEN, sodium_base64_VARIANT_ORIGINAL)];
        sodium_bin2base64(b64, sizeof b64, a.data, a.len, sodium_base64_VARIANT_ORIGINAL);
        data = json_pack("[s,s]", b64, "base64");
    } else {
        char b58[200];
        if (a.len > 128 || paper_sol_b58_encode(a.data, a.len, b58, sizeof b58) != 0)
            return st_err_set(err, NODE ": %s: base58 is limited to 128 bytes of account data (%s has %zu); use "
                                   "base64",
                              m, text, a.len);
        data = enc ? json_pack("[s,s]", b58, "base58") : json_string(b58);
    }
    json_t *v = json_pack("{s:o, s:b, s:I, s:s, s:I}", "data", data, "executable", 0, "lamports",
                          (json_int_t)a.lamports, "owner", a.owner, "space", (json_int_t)a.len);
    /* rentEpoch is u64::MAX on current nodes, beyond what jansson holds: appended as text. */
    char *vt = v ? json_dumps(v, JSON_COMPACT) : NULL, *ct = NULL;
    json_t *c = context(pc);
    ct = c ? json_dumps(c, JSON_COMPACT) : NULL;
    json_decref(v);
    json_decref(c);
    int ret = -1;
    if (vt && ct) {
        size_t cap = strlen(vt) + strlen(ct) + 80;
        vt[strlen(vt) - 1] = '\0'; /* drop the value's closing brace */
        if ((*out = malloc(cap)) != NULL) {
            snprintf(*out, cap, "{\"context\":%s,\"value\":%s,\"rentEpoch\":18446744073709551615}}", ct, vt);
            ret = 0;
        }
    }
    free(vt);
    free(ct);
    return ret == 0 ? 0 : st_err_set(err, NODE ": out of memory");
}

static int m_token_balance(struct paper_chain *pc, struct sol_node *n, const char *m, json_t *params, char **out,
                           st_err *err)
{
    uint8_t key[32];
    char text[PAPER_SOL_ADDR_MAX], ui[DECIMAL_MAX_TEXT], amount[24];
    json_t *cfg;
    struct account a;
    if (check_count(params, 2, m, err) != 0 || get_key(params, 0, m, key, text, err) != 0 ||
        get_config(params, 1, m, &cfg, err) != 0 || lookup(pc, n, key, text, &a, err) != 0)
        return -1;
    if (!a.exists)
        return st_err_set(err, NODE ": %s: invalid param: could not find account %s", m, text);
    if (a.token == NULL)
        return st_err_set(err, NODE ": %s: invalid param: %s is not a token account", m, text);
    u64_to_decimal(a.amount, a.token->decimals, ui, sizeof ui);
    snprintf(amount, sizeof amount, "%" PRIu64, a.amount);
    return answer_value(pc,
                        json_pack("{s:s, s:i, s:f, s:s}", "amount", amount, "decimals", (int)a.token->decimals,
                                  "uiAmount", strtod(ui, NULL), "uiAmountString", ui),
                        out, err);
}

static int m_send(struct paper_chain *pc, struct sol_node *n, const char *m, json_t *params, char **out, st_err *err)
{
    (void)n;
    json_t *cfg;
    char txid[PAPER_SOL_SIG_MAX + 40];
    const char *raw = json_string_value(json_array_get(params, 0));
    if (check_count(params, 2, m, err) != 0 || get_config(params, 1, m, &cfg, err) != 0)
        return -1;
    if (raw == NULL || raw[0] == '\0')
        return st_err_set(err, NODE ": %s: invalid params: params[0]: the transaction as a base64 or base58 string", m);
    json_t *e = cfg ? json_object_get(cfg, "encoding") : NULL;
    if (e && (!json_is_string(e) ||
              (strcmp(json_string_value(e), "base64") != 0 && strcmp(json_string_value(e), "base58") != 0)))
        return st_err_set(err, NODE ": %s: invalid params: encoding: base64 or base58", m);
    /* The ledger applies what steward registered for exactly this text (paper_expect); its
     * refusals read like a node's preflight errors and are passed on unchanged. */
    if (paper_submit(pc, raw, txid, sizeof txid, err) != 0)
        return -1;
    return answer(json_string(txid), out, err);
}

static int m_statuses(struct paper_chain *pc, struct sol_node *n, const char *m, json_t *params, char **out,
                      st_err *err)
{
    (void)n;
    json_t *sigs = json_array_get(params, 0), *cfg;
    if (check_count(params, 2, m, err) != 0 || get_config(params, 1, m, &cfg, err) != 0)
        return -1;
    if (!json_is_array(sigs) || json_array_size(sigs) == 0 || json_array_size(sigs) > MAX_STATUS_SIGS)
        return st_err_set(err, NODE ": %s: invalid params: params[0]: an array of 1 to %d signatures", m,
                          MAX_STATUS_SIGS);
    json_t *h = cfg ? json_object_get(cfg, "searchTransactionHistory") : NULL;
    if (h && !json_is_boolean(h))
        return st_err_set(err, NODE ": %s: invalid params: searchTransactionHistory: not a boolean", m);
    json_t *list = json_array();
    size_t i;
    json_t *s;
    json_array_foreach(sigs, i, s) {
        uint8_t sig[64];
        char text[PAPER_SOL_SIG_MAX];
        int applied = 0;
        int64_t ts = 0;
        if (paper_sol_b58_decode(json_string_value(s), sig, 64) != 0) {
            json_decref(list);
            return st_err_set(err, NODE ": %s: invalid params: params[0][%zu]: not a signature (64 bytes of base58)",
                              m, i);
        }
        paper_sol_b58_encode(sig, 64, text, sizeof text);
        if (paper_tx_applied(pc, text, &applied, &ts, err) != 0) {
            json_decref(list);
            return -1;
        }
        /* The ledger applies a transaction at once and for good: finalized, no error. */
        json_array_append_new(list, applied ? json_pack("{s:I, s:n, s:n, s:{s:n}, s:s}", "slot",
                                                        (json_int_t)slot_at(ts), "confirmations", "err", "status",
                                                        "Ok", "confirmationStatus", "finalized")
                                            : json_null());
    }
    return answer_value(pc, list, out, err);
}

static const struct {
    const char *name;
    method_fn fn;
} METHODS[] = {
    {"getGenesisHash", m_genesis},
    {"getLatestBlockhash", m_blockhash},
    {"getMinimumBalanceForRentExemption", m_rent},
    {"getBalance", m_balance},
    {"getAccountInfo", m_account_info},
    {"getTokenAccountBalance", m_token_balance},
    {"sendTransaction", m_send},
    {"getSignatureStatuses", m_statuses},
};

static int sol_rpc(struct paper_chain *pc, const char *method, const char *params_json, char **result_json,
                   st_err *err)
{
    struct sol_node *n = paper_node_state(pc);
    *result_json = NULL;
    for (size_t i = 0; i < sizeof METHODS / sizeof METHODS[0]; i++) {
        if (strcmp(method, METHODS[i].name) != 0)
            continue;
        json_error_t je;
        json_t *params = json_loads(params_json, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &je);
        if (!json_is_array(params)) {
            json_decref(params);
            return st_err_set(err, NODE ": %s: invalid params: not a JSON array", method);
        }
        int rc = METHODS[i].fn(pc, n, method, params, result_json, err);
        json_decref(params);
        return rc;
    }
    return st_err_set(err, NODE ": method %.64s is not simulated", method);
}

const struct paper_node_ops paper_sol_node = {
    .family = "sol",
    .native = NATIVE,
    .native_decimals = NATIVE_DECIMALS,
    .default_opening = "100",
    .init = sol_init,
    .free = sol_free,
    .asset = sol_asset,
    .rpc = sol_rpc,
    .http = NULL, /* the sol plugin speaks JSON-RPC only */
};
