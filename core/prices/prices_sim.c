/* prices_sim.c: the simulated price path (paper trading). Integer arithmetic only, so every
 * machine computes the same prices bit for bit; docs/prices.md describes the model.
 *
 *   k      = floor((t - anchor) / step), the step containing time t (negative before anchor)
 *   X(0)   = 0
 *   X(k)   = X(k-1) - trunc(X(k-1) / R) + noise(k)        for k > 0, walking away from 0
 *   X(k)   = X(k+1) - trunc(X(k+1) / R) + noise(k)        for k < 0, likewise
 *   L(k)   = clamp(X(k) + k * drift)                       log price change, nano-nepers
 *   P(k)   = start * e^(L(k) / 10^9)                       rounded to 8 decimals, >= 10^-8
 *
 * X is clamped to [-16, 16] nepers after each step and so is L. noise(k) comes from a
 * counter-based generator (splitmix64's finaliser over a key and k), so it is O(1) for any k;
 * X(k) needs the walk from 0, which is kept cheap by remembering the last position and a
 * checkpoint every PRICES_SIM_CKPT steps: increasing times cost O(1) per call, any other time
 * at most PRICES_SIM_CKPT steps once the range has been walked, and a first visit |k| steps. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "prices/prices_int.h"

#define NANO 1000000000LL
#define L_MAX (16 * NANO)             /* e^16 ~ 8.9e6: the path stays within start / 8.9e6 .. start * 8.9e6 */
#define BPS_NANO 100000LL             /* one basis point of log price in nano-nepers */
#define IH_STD 37837                  /* std of a sum of four uniform 16-bit lanes, rounded down */
#define IH_MID 131070                 /* the mean of that sum: 4 * 65535 / 2 */
#define GOLDEN 0x9E3779B97F4A7C15ULL  /* 2^64 / golden ratio: spreads consecutive k */
#define LN2_Q62 3196577161300663914LL /* floor(ln 2 * 2^62) */
#define ONE_Q62 (1ULL << 62)

uint64_t sim_mix64(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

/* FNV-1a over the symbol's bytes. */
static uint64_t symbol_hash(const char *s)
{
    uint64_t h = 0xCBF29CE484222325ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 0x100000001B3ULL;
    return h;
}

void sim_asset_init(const struct sim *s, struct sim_asset *a)
{
    a->key = sim_mix64(s->seed ^ sim_mix64(symbol_hash(a->symbol)));
    memset(a->side, 0, sizeof a->side);
    a->cached = 0;
}

int64_t sim_noise(const struct sim_asset *a, int64_t k)
{
    uint64_t h = sim_mix64(a->key + (uint64_t)k * GOLDEN);
    /* Irwin-Hall: four uniform lanes sum to a bell shape with a hard bound of +-3.46 std. */
    int64_t sum = (int64_t)(h & 0xFFFF) + (int64_t)((h >> 16) & 0xFFFF) + (int64_t)((h >> 32) & 0xFFFF) +
                  (int64_t)(h >> 48) - IH_MID;
    return sum * a->volatility_bps * BPS_NANO / IH_STD;
}

static int64_t clamp(int64_t v)
{
    return v > L_MAX ? L_MAX : v < -L_MAX ? -L_MAX : v;
}

int64_t sim_next_x(const struct sim *s, const struct sim_asset *a, int64_t x, int64_t k)
{
    if (s->reversion_steps > 0)
        x -= x / s->reversion_steps;
    return clamp(x + sim_noise(a, k));
}

static int push_ckpt(struct sim_side *sd, int64_t x)
{
    if (sd->n_ckpt == sd->cap_ckpt) {
        size_t cap = sd->cap_ckpt ? sd->cap_ckpt * 2 : 64;
        int64_t *p = realloc(sd->ckpt, cap * sizeof *p);
        if (p == NULL)
            return -1;
        sd->ckpt = p;
        sd->cap_ckpt = cap;
    }
    sd->ckpt[sd->n_ckpt++] = x;
    return 0;
}

/* X at step k (|k| <= PRICES_SIM_MAX_STEPS). */
static int walk_to(const struct sim *s, struct sim_asset *a, int64_t k, int64_t *x_out)
{
    if (k == 0) {
        *x_out = 0;
        return 0;
    }
    int dir = k > 0 ? 0 : 1;
    int64_t j = k > 0 ? k : -k;
    struct sim_side *sd = &a->side[dir];
    if (sd->n_ckpt == 0 && push_ckpt(sd, 0) != 0) /* X(0) */
        return -1;
    /* Start from the nearest known point at or below j: the frontier, a checkpoint, or the
     * last step asked for. */
    int64_t from, x;
    if (j >= sd->reach) {
        from = sd->reach;
        x = sd->x_reach;
    } else {
        from = j / PRICES_SIM_CKPT * PRICES_SIM_CKPT;
        x = sd->ckpt[from / PRICES_SIM_CKPT];
    }
    if (sd->last <= j && sd->last > from) {
        from = sd->last;
        x = sd->x_last;
    }
    for (int64_t i = from + 1; i <= j; i++) {
        x = sim_next_x(s, a, x, dir ? -i : i);
        if (i > sd->reach && i % PRICES_SIM_CKPT == 0 && push_ckpt(sd, x) != 0)
            return -1;
    }
    if (j > sd->reach) {
        sd->reach = j;
        sd->x_reach = x;
    }
    sd->last = j;
    sd->x_last = x;
    *x_out = x;
    return 0;
}

/* Writes v / 10^8 in canonical form; v < 2^81, so the integer part fits 64 bits. */
static void format_8(unsigned __int128 v, char *out, size_t cap)
{
    unsigned long long whole = (unsigned long long)(v / 100000000u), frac = (unsigned long long)(v % 100000000u);
    if (frac == 0) {
        snprintf(out, cap, "%llu", whole);
        return;
    }
    int digits = 8;
    while (frac % 10 == 0)
        frac /= 10, digits--;
    snprintf(out, cap, "%llu.%0*llu", whole, digits, frac);
}

void sim_price_text(uint64_t start8, int64_t l_nano, char *out, size_t cap)
{
    /* e^(l) = 2^n * e^r with 0 <= r < ln 2, all in Q62 binary fixed point. */
    __int128 x = (__int128)l_nano * (__int128)ONE_Q62 / NANO;
    __int128 n = x / LN2_Q62;
    if (x % LN2_Q62 != 0 && x < 0)
        n--;
    uint64_t r = (uint64_t)(x - n * LN2_Q62);
    uint64_t term = ONE_Q62, sum = ONE_Q62;
    for (uint64_t i = 1; term != 0; i++) {
        term = (uint64_t)(((unsigned __int128)term * r) >> 62) / i;
        sum += term;
    }
    /* price8 = start8 * e^r * 2^n, rounded half up; n is in [-24, 23], so the shift is in
     * [39, 86] and start8 * sum < 2^57 * 2^63 fits. */
    int shift = 62 - (int)n;
    unsigned __int128 p = (unsigned __int128)start8 * sum;
    p = (p + ((unsigned __int128)1 << (shift - 1))) >> shift;
    if (p == 0)
        p = 1; /* never zero: the smallest price is 0.00000001 */
    format_8(p, out, cap);
}

static struct sim_asset *find(struct sim *s, const char *symbol)
{
    for (size_t i = 0; i < s->n_assets; i++)
        if (strcmp(s->assets[i].symbol, symbol) == 0)
            return &s->assets[i];
    return NULL;
}

int sim_get(struct sim *s, const char *symbol, int64_t now_ms, char *out, int64_t *as_of_ms, st_err *err)
{
    struct sim_asset *a = find(s, symbol);
    if (a == NULL) {
        char list[256] = "";
        size_t n = 0;
        for (size_t i = 0; i < s->n_assets && n < sizeof list - 24; i++)
            n += (size_t)snprintf(list + n, sizeof list - n, "%s%s", i ? ", " : "", s->assets[i].symbol);
        return st_err_set(err, "price of %s: not a simulated asset (prices.sim.assets has %s)", symbol, list);
    }
    __int128 d = (__int128)now_ms - s->anchor_ms;
    __int128 k = d / (__int128)s->step_ms;
    if (d % (__int128)s->step_ms != 0 && d < 0)
        k--;
    if (k > PRICES_SIM_MAX_STEPS || k < -PRICES_SIM_MAX_STEPS) {
        char t[40], anc[40];
        prices_time_format(now_ms, t, sizeof t);
        prices_time_format(s->anchor_ms, anc, sizeof anc);
        return st_err_set(err, "price of %s: %s is more than 2^27 steps from prices.sim.anchor (%s)", symbol, t, anc);
    }
    int64_t kk = (int64_t)k;
    *as_of_ms = s->anchor_ms + kk * (int64_t)s->step_ms;
    if (a->cached && a->cached_k == kk) {
        memcpy(out, a->cached_text, PRICES_TEXT_MAX);
        return 0;
    }
    int64_t x;
    if (walk_to(s, a, kk, &x) != 0)
        return st_err_set(err, "price of %s: out of memory", symbol);
    sim_price_text(a->start8, clamp(x + kk * a->drift_bps * BPS_NANO), a->cached_text, sizeof a->cached_text);
    a->cached = 1;
    a->cached_k = kk;
    memcpy(out, a->cached_text, PRICES_TEXT_MAX);
    return 0;
}

int sim_defaults(struct sim *s, st_err *err)
{
    static const struct {
        const char *symbol;
        uint64_t start8;
        int64_t volatility_bps;
    } defaults[] = {
        {"ETH", 3000ULL * 100000000ULL, 80},
        {"BTC", 60000ULL * 100000000ULL, 60},
        {"SOL", 150ULL * 100000000ULL, 120},
        {"USDC", 100000000ULL, 0},
    };
    memset(s, 0, sizeof *s);
    s->seed = 0;
    s->step_ms = 60000;              /* 1m */
    s->anchor_ms = 1767225600000LL;  /* 2026-01-01T00:00:00Z */
    s->reversion_ms = 7 * 86400000ULL; /* 7d */
    s->n_assets = sizeof defaults / sizeof *defaults;
    s->assets = calloc(s->n_assets, sizeof *s->assets);
    if (s->assets == NULL)
        return st_err_set(err, "prices: out of memory");
    for (size_t i = 0; i < s->n_assets; i++) {
        snprintf(s->assets[i].symbol, sizeof s->assets[i].symbol, "%s", defaults[i].symbol);
        s->assets[i].start8 = defaults[i].start8;
        s->assets[i].volatility_bps = defaults[i].volatility_bps;
    }
    return 0;
}

void sim_free(struct sim *s)
{
    if (s == NULL)
        return;
    for (size_t i = 0; i < s->n_assets; i++)
        for (int d = 0; d < 2; d++)
            free(s->assets[i].side[d].ckpt);
    free(s->assets);
    free(s);
}
