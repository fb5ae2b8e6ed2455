/* prices_int.h: what the files of the price module share; not for other modules. */
#ifndef STEWARD_PRICES_PRICES_INT_H
#define STEWARD_PRICES_PRICES_INT_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "prices/prices.h"

/* Buffer size for a key path in a message ("prices.sim.assets.ETH.volatility_bps"). */
#define PRICES_PATH_MAX 160

/* ---- the simulated source (prices_sim.c; model in docs/prices.md) ---------------------- */

/* Checkpoints of the walk's state, one per PRICES_SIM_CKPT steps, per direction. */
#define PRICES_SIM_CKPT 1024
/* The path is defined for |k| <= this many steps from the anchor. */
#define PRICES_SIM_MAX_STEPS (1LL << 27)

/* One direction (later or earlier than the anchor) of one asset's walk. X at step j (j >= 0,
 * counted away from the anchor) is known for every j that is a multiple of PRICES_SIM_CKPT up
 * to `reach`; ckpt[i] is X at j = i * PRICES_SIM_CKPT. */
struct sim_side {
    int64_t *ckpt;
    size_t n_ckpt, cap_ckpt;
    int64_t reach, x_reach; /* the farthest step computed and its X */
    int64_t last, x_last;   /* the step last asked for and its X (0, 0 at first) */
};

struct sim_asset {
    char symbol[PRICES_SYMBOL_MAX + 1];
    uint64_t key;          /* PRNG key from the seed and the symbol */
    uint64_t start8;       /* the start price in units of 10^-8 (> 0, <= 10^17) */
    int64_t volatility_bps;/* 0..2000 */
    int64_t drift_bps;     /* -100..100 */
    struct sim_side side[2]; /* [0]: steps after the anchor, [1]: steps before it */
    /* The last answer, so asking twice within one step costs nothing. */
    int64_t cached_k;
    int cached;
    char cached_text[PRICES_TEXT_MAX];
};

struct sim {
    uint64_t seed;
    uint64_t step_ms;      /* 1 s .. 1 d */
    int64_t anchor_ms;     /* step 0 starts here */
    uint64_t reversion_ms; /* 0: none */
    int64_t reversion_steps; /* reversion_ms / step_ms; 0: none */
    size_t n_assets;
    struct sim_asset *assets;
};

/* The defaults of an absent or partial prices.sim section. */
int sim_defaults(struct sim *s, st_err *err);
/* Gives asset a its key (from the seed and symbol) and an empty walk. */
void sim_asset_init(const struct sim *s, struct sim_asset *a);
/* The price of symbol at now_ms (canonical text, PRICES_TEXT_MAX bytes) and its as-of time. */
int sim_get(struct sim *s, const char *symbol, int64_t now_ms, char *out, int64_t *as_of_ms, st_err *err);
void sim_free(struct sim *s);

/* The model's pieces, exposed so the tests can pin them. */
uint64_t sim_mix64(uint64_t z);
int64_t sim_noise(const struct sim_asset *a, int64_t k); /* step k's change of X, nano-nepers */
int64_t sim_next_x(const struct sim *s, const struct sim_asset *a, int64_t x, int64_t k);
/* The price text of start8 * e^(l / 10^9), in 8-decimal canonical form. */
void sim_price_text(uint64_t start8, int64_t l_nano, char *out, size_t cap);

/* ---- the HTTP source (prices_http.c) --------------------------------------------------- */

struct http_id {
    char symbol[PRICES_SYMBOL_MAX + 1];
    char *id;
};

struct http_cached {
    char symbol[PRICES_SYMBOL_MAX + 1];
    char price[PRICES_TEXT_MAX];
    int64_t fetched_ms, as_of_ms;
};

struct http_src {
    char *url;            /* template with {symbol}, {id}, {quote} */
    char *path;           /* template of the price's JSON path */
    char *ts_path;        /* template of the timestamp's JSON path; NULL: none */
    struct http_id *ids;
    size_t n_ids;
    int needs_id;         /* url or a path uses {id} */
    uint64_t timeout_ms;
    uint32_t retries;
    uint64_t cache_ms;
    struct http_cached *cache;
    size_t n_cache, cap_cache;
};

int http_src_get(struct http_src *h, const char *quote, uint64_t max_age_ms, const char *symbol, int64_t now_ms,
                 char *out, int64_t *as_of_ms, st_err *err);
void http_src_free(struct http_src *h);
/* Expands {symbol}, {id}, {quote} in tmpl; a malloc'd string, or NULL (out of memory). */
char *http_expand(const char *tmpl, const char *symbol, const char *id, const char *quote);
/* Writes url without its query string ("https://h/p?..." when there was one). */
void http_redact_url(const char *url, char *out, size_t cap);

/* ---- the replay source (prices_series.c, prices_csv.c) --------------------------------- */

struct price_series {
    char *path;
    size_t n_symbols;
    char (*symbols)[PRICES_SYMBOL_MAX + 1];
    size_t n_rows;
    int64_t *times;  /* n_rows */
    size_t *cells;   /* n_rows * n_symbols offsets into pool; SERIES_NONE: empty field */
    char *pool;      /* NUL-terminated canonical price texts */
    size_t pool_len;
};
#define SERIES_NONE ((size_t)-1)

int series_get(const struct price_series *s, size_t *hint, const char *symbol, int64_t now_ms, char *out,
               int64_t *as_of_ms, st_err *err);

/* ---- the open source ------------------------------------------------------------------- */

enum prices_kind { PRICES_SIM, PRICES_HTTP, PRICES_REPLAY };

struct prices {
    enum prices_kind kind;
    char quote[PRICES_SYMBOL_MAX + 1];
    uint64_t max_age_ms;
    struct sim *sim;                   /* PRICES_SIM */
    struct http_src *http;             /* PRICES_HTTP */
    const struct price_series *series; /* PRICES_REPLAY (borrowed) */
    size_t series_hint;                /* the row last answered */
};

/* The fail-closed age rule shared by every source (prices.c): refuses a price with
 * now - as_of > max_age, or dated more than max_age after now. */
int prices_check_fresh(const char *symbol, int64_t as_of_ms, int64_t now_ms, uint64_t max_age_ms, st_err *err);

/* ---- configuration helpers (prices_config*.c) ------------------------------------------ */

/* out = a "." b (cut with "..." when too long). */
void prices_join(char *out, size_t cap, const char *a, const char *b);
/* A duration value: a string such as "30s" (config_parse_duration). */
int prices_cfg_duration(json_t *v, const char *path, uint64_t *ms, st_err *err);
/* A JSON integer in [lo, hi]. */
int prices_cfg_int(json_t *v, const char *path, int64_t lo, int64_t hi, int64_t *out, st_err *err);
/* A string (non-empty, at most maxlen bytes, no NUL); *s borrows from v. */
int prices_cfg_string(json_t *v, const char *path, size_t maxlen, const char **s, st_err *err);
/* An unknown key: names it and what is accepted. */
int prices_cfg_unknown(const char *path, const char *accepted, st_err *err);
/* 1 when v is absent (NULL) or JSON null: an empty section. */
int prices_cfg_empty(json_t *v);

int prices_parse_sim(json_t *v, struct sim *s, st_err *err);
int prices_parse_http(json_t *v, struct http_src *h, st_err *err);

/* ---- text helpers (prices_number.c, prices_time.c, prices_jsonpath.c) ------------------ */

/* 1 when s is a valid symbol (see PRICES_SYMBOL_MAX). */
int prices_symbol_ok(const char *s);

/* Canonical form of the decimal number in s[0..len): digits, optional "." digits, optional
 * exponent; refused: empty, signs (a "-" gives "is negative"), spaces, zero, more than 78
 * significant digits or a value beyond uint256 with its fraction digits. On failure *why
 * says what is wrong (a static string). */
int price_normalize(const char *s, size_t len, char *out, size_t cap, const char **why);

/* A timestamp: unix seconds (below 10^11, fraction allowed, kept to the millisecond) or
 * milliseconds (10^11 or more), as digits, or ISO-8601 text. */
int price_timestamp_parse(const char *s, size_t len, int64_t *ms, const char **why);

/* Writes a duration in the configuration's syntax: "2m", "1h30m", "250ms", "0s". */
void prices_duration_format(uint64_t ms, char *out, size_t cap);

/* Checks a JSON path: dot-separated member names, each optionally followed by [n] indexes,
 * or starting with [n] ("data.price", "[0].price", "rows[2][1]"). Returns 0, or -1 with why. */
int jpath_check(const char *path, char *why, size_t cap);
/* Finds the value at path in a JSON text already validated by jansson. Returns 0 with the
 * span of the value's text, or -1 with why ("no member \"price\" in data"). Member names are
 * compared with the key text as written in the JSON (no escape processing). */
int jpath_find(const char *json, const char *path, size_t *at, size_t *len, char *why, size_t cap);

#endif
