/* prices.h: the price capability (a strategy's ctx.price(symbol)).
 *
 * A price is a DECIMAL STRING in one quote currency (prices.quote, default "USD"): the value of
 * one unit of `symbol` in that currency, e.g. "3021.5". Prices never pass through floating
 * point. Every price handed out is in one canonical form: digits, optionally "." and digits,
 * no sign, no exponent, no leading zeros before the point (except a single "0"), no trailing
 * zeros after it and no bare point ("3000", "0.25", "3021.123456789012345678"). It is always
 * strictly positive and at most PRICES_TEXT_MAX - 1 characters long; it is exact as a uint256
 * amount with its own number of fraction digits (util/decimal.h accepts it).
 *
 * FAIL CLOSED: a price that is missing, malformed, zero or negative, or older than
 * prices.max_age is an error, never a guess, a default or an old value kept forever.
 *
 * Three sources (docs/prices.md gives the schema and the rules in full):
 *   - "sim":    a deterministic simulated path (paper trading). prices_simulated() is 1 and
 *               every caller that shows such a price must label it SIMULATED.
 *   - "http":   a JSON price API, fetched with net/http_client (timeout, bounded retries for
 *               transport errors, 429 and 5xx), with a short per-symbol cache.
 *   - "replay": the rows of a CSV file (backtests), see prices_csv_load.
 *
 * Time is always milliseconds since the Unix epoch (UTC), as int64: the wall clock in live
 * and paper trading, the simulated clock in a backtest. The caller passes it in; this module
 * never reads a clock itself, so its answers depend only on its inputs (and, for "http", on
 * the server).
 *
 * Threads: a struct prices keeps caches that prices_get updates, so one object must not be
 * used by two threads at once (callers serialise, or open one object per thread). A
 * struct price_series is read-only after loading and may be shared by any number of readers
 * and replay sources. Errors follow util/err.h: -1 and one line in *err. */
#ifndef STEWARD_PRICES_PRICES_H
#define STEWARD_PRICES_PRICES_H

#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

/* Room for the longest price text (78 digits, a point) and the NUL; same as
 * DECIMAL_MAX_TEXT of util/decimal.h. */
#define PRICES_TEXT_MAX 82

/* The longest symbol. A symbol is 1 to 16 characters from A-Z a-z 0-9 '_' '-', compared
 * case-sensitively ("ETH" and "eth" are different symbols). */
#define PRICES_SYMBOL_MAX 16

struct prices;       /* an open price source */
struct price_series; /* the rows of a CSV file, for replay */

/* ---- opening a source from the configuration ------------------------------------------ */

/* Parses the configuration's `prices:` section, given as the JSON object text the config
 * module produces (cfg->prices_json), and opens the source it describes. json NULL (or only
 * whitespace) means the section is absent: a "sim" source with the defaults of
 * docs/prices.md (ETH, BTC, SOL, USDC). Nothing is fetched or computed here.
 *
 * Refused, with a message that starts with the key path (the caller prefixes
 * "<file>:<line>:<col>: " from cfg->prices_line/prices_col): text that is not a JSON object,
 * duplicate keys, unknown keys ("prices.http.timout: unknown key ..."), wrong types, bad
 * durations, values out of range, bad symbols, ids, URLs or paths, and combinations that
 * would make every price stale (sim.step or http.cache longer than max_age).
 * On success *out owns the source (prices_free); on failure *out is NULL. */
int prices_open(const char *json, struct prices **out, st_err *err);

/* The price of one unit of `symbol` in the quote currency at time now_ms.
 *
 * On success writes the canonical price text into out (cap bytes; PRICES_TEXT_MAX always
 * suffices), sets *as_of_ms (when as_of_ms is not NULL) to the time the price is valid for,
 * and returns 0:
 *   - sim:    the start of the simulation step containing now_ms;
 *   - http:   the source's timestamp (when prices.http.timestamp_path is configured), else
 *             the now_ms of the fetch (a cached price keeps its as-of time);
 *   - replay: the time of the last row at or before now_ms.
 * Asking for the quote currency itself (symbol equal to prices_quote) gives "1" as of now_ms.
 *
 * Fails (returns -1, out is "" when cap > 0) when the symbol is malformed or unknown to the
 * source, when the source has no valid positive price for it (missing value, not a number,
 * zero, negative, unreachable server, HTTP error, timeout, malformed JSON), when the price is
 * older than max_age (now_ms - as_of > max_age; the message names prices.max_age), when it is
 * dated more than max_age in the future, when now_ms is before the first row of a replay or
 * outside the simulated range, or when cap is too small. Messages start with
 * "price of <SYMBOL>: " and never contain the query string of a configured URL (it may hold
 * an API key).
 *
 * Successive calls with increasing now_ms cost O(1) amortised for every source (plus the
 * network for "http" when the cache has expired). */
int prices_get(struct prices *p, const char *symbol, int64_t now_ms, char *out, size_t cap, int64_t *as_of_ms,
               st_err *err);

/* 1 when the prices are simulated ("sim"): anything that shows or records them must label
 * them SIMULATED. 0 for "http" and "replay". */
int prices_simulated(const struct prices *p);

/* "sim", "http" or "replay". */
const char *prices_source(const struct prices *p);

/* The quote currency, e.g. "USD" (valid while p is open). */
const char *prices_quote(const struct prices *p);

/* The configured max_age in milliseconds (always > 0). */
uint64_t prices_max_age_ms(const struct prices *p);

/* The symbols the source knows in advance: the simulated assets, the columns of a replay,
 * the keys of prices.http.ids (an "http" source without ids may still answer any symbol).
 * Returns the i-th symbol (configuration or column order), or NULL when i >= the count. */
const char *prices_symbol(const struct prices *p, size_t i);

/* A one-line description for logs and status output, e.g.
 * "SIMULATED (seed 7, step 1m, anchor 2026-01-01T00:00:00Z)", "http https://example.org/price",
 * "replay prices.csv (525600 rows)". The URL is shown without its query string. */
void prices_describe(const struct prices *p, char *out, size_t cap);

/* Releases everything; NULL is fine. */
void prices_free(struct prices *p);

/* ---- replay from a CSV file (backtests) ----------------------------------------------- */

/* Loads a CSV file of prices:
 *
 *     time,ETH,BTC
 *     2025-01-01T00:00:00Z,3300.5,94000
 *     1735689660,3301,
 *
 * The first line is the header: "time" and then one or more distinct symbols. Every other
 * line is one row: a time, then exactly one field per symbol. A time is ISO-8601 UTC
 * ("2025-01-01T00:00:00Z", see prices_time_parse) or unix seconds (digits only; a value of
 * 10^11 or more is refused as it looks like milliseconds). Times must be strictly increasing.
 * A price is a positive decimal number (digits with an optional fraction, or an exponent
 * "1.5e-7", converted exactly), stored in the canonical form; an empty field means "no price
 * of that symbol in this row" (asking for it at that row fails, no earlier row is used).
 * No quoting, no spaces, no blank lines; "\r\n" line ends and a UTF-8 byte order mark are
 * accepted; the last line may lack its newline. Files over 1 GiB are refused.
 *
 * Errors are "<path>:<line>:<column>: <what>" with 1-based line and column (the column of the
 * offending field's first byte; for a missing field, the end of the line), or
 * "<path>: <what>" when the file cannot be read. On success *out owns the rows
 * (price_series_free); on failure *out is NULL. */
int prices_csv_load(const char *path, struct price_series **out, st_err *err);

/* Opens a replay source over s: prices_get answers with the last row at or before now_ms
 * (see prices_get). quote is the currency the file's prices are in (NULL: "USD") and
 * max_age_ms the largest age of a row that is still answered (> 0; usually
 * prices_max_age_ms of the configured source). s is borrowed: it must outlive *out. */
int prices_open_series(const struct price_series *s, const char *quote, uint64_t max_age_ms, struct prices **out,
                       st_err *err);

/* Row and column accessors for the backtest driver. Rows are in time order. */
size_t price_series_rows(const struct price_series *s);
int64_t price_series_time_ms(const struct price_series *s, size_t row); /* row < rows */
size_t price_series_symbol_count(const struct price_series *s);
const char *price_series_symbol(const struct price_series *s, size_t i); /* NULL when i >= count */
/* The canonical price text of symbol column `col` in `row`, or NULL when the field was empty
 * (or row/col is out of range). */
const char *price_series_price(const struct price_series *s, size_t row, size_t col);
/* The index of the last row at or before t_ms; -1 when t_ms is before the first row. */
long long price_series_row_at(const struct price_series *s, int64_t t_ms);
/* The path the rows were loaded from. */
const char *price_series_path(const struct price_series *s);
void price_series_free(struct price_series *s);

/* ---- time text --------------------------------------------------------------------------- */

/* Parses ISO-8601 UTC time text of exactly `len` bytes: "YYYY-MM-DDTHH:MM:SS", optionally
 * ".f", ".ff" or ".fff" (milliseconds), then "Z" or "+00:00"; a space may stand for the "T".
 * Years 1970 to 9999; a real calendar date; no leap second. Returns 0 with *ms, or -1. */
int prices_time_parse(const char *s, size_t len, int64_t *ms);

/* Formats ms as "YYYY-MM-DDTHH:MM:SSZ", or "YYYY-MM-DDTHH:MM:SS.mmmZ" when ms is not a
 * whole second. Times outside years 1970..9999 are written as "@<ms>ms". */
void prices_time_format(int64_t ms, char *out, size_t cap);

#endif
