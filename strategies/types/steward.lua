---@meta steward
-- LuaLS annotations for steward strategies: the `ctx` argument of tick(ctx) and the `decimal`
-- global. Nothing here runs; strategies/README.md is the reference this mirrors.
--
--   ---@param ctx StewardCtx
--   function tick(ctx) ... end

-- ---- values --------------------------------------------------------------------------------

---A decimal amount: a decimal string ("-12.5": optional "-", digits, optional "." and digits;
---no "+", exponent, spaces, ".5" or "1.") or a Lua integer. Never a float.
---@alias StewardDecimal string|integer

---A rounding mode of `decimal` (default "down").
---@alias StewardRounding
---| "down"      # toward zero (truncate)
---| "up"        # away from zero
---| "floor"     # toward negative infinity
---| "ceil"      # toward positive infinity
---| "half_up"   # nearest, ties away from zero
---| "half_even" # nearest, ties to the even digit

-- ---- outcomes ------------------------------------------------------------------------------

---A read or an action that did not work: nil, {error = "..."}.
---@class StewardError
---@field error string what failed, e.g. "price of ETH: the price is 3m old ..."

---An action denied by the policy engine (or, rule "contracts", a ctx.call to a contract that
---is not in the strategy's `contracts`).
---@class StewardDenial
---@field denied true
---@field rule "paused"|"deny_to"|"allow_to"|"asset_allowlist"|"max_per_tx"|"max_per_day"|"max_tx_per_hour"|"contracts"
---@field scope? "global"|"tenant"|"strategy" absent for rule "contracts"
---@field limit? string display-unit decimal (a count for max_tx_per_hour); "" for list and pause denials
---@field used? string display-unit decimal (a count for max_tx_per_hour); "" for list and pause denials
---@field audit_seq? integer the policy.decision audit record
---@field contract? string rule "contracts": the contract refused

---What an action that did not happen returns as its second value: check `denied` first.
---@alias StewardActionError StewardDenial|StewardError

---A transfer, swap or call that was signed and broadcast.
---@class StewardActionResult
---@field txid string the transaction id
---@field chain string
---@field from? string the sending address
---@field to? string recipient (ctx.swap: the paper exchange; ctx.call: the contract)
---@field amount? string the amount sent, display units, as given
---@field request_seq? integer the tx.request audit record
---@field fee_max? string the most the transaction can cost in fees, base units of the fee asset (wei, sat, lamports)
---@field paper boolean true on a paper chain

---@class StewardTransferResult: StewardActionResult
---@field asset string the asset sent (its symbol, or "native")

---@class StewardSwapResult: StewardActionResult
---@field sell string
---@field buy string
---@field sold string the amount of `sell` sold
---@field received? string change of the `buy` balance over the swap (native asset: net of the fee)

-- ---- arguments -----------------------------------------------------------------------------

---@class StewardHoldingQuery
---@field chain string a configured chain
---@field asset? string default: the chain's native asset

---@class StewardTransferArgs
---@field chain string a configured chain
---@field to string the recipient, in the chain's address format
---@field amount StewardDecimal display units ("0.1")
---@field asset? string default: the native asset; else a token the plugin knows
---@field index? integer account index, 0..2^31-1, default 0
---@field max_fee_per_gas_gwei? string eth: lowers the configured cap
---@field max_priority_fee_per_gas_gwei? string eth
---@field fee_rate_sat_vb? string btc
---@field compute_unit_price_micro_lamports? string sol

---@class StewardSwapArgs
---@field chain string a paper chain
---@field sell string the asset sold (symbol)
---@field buy string the asset bought (symbol)
---@field amount StewardDecimal of `sell`, display units

---@class StewardCallArgs
---@field chain string a configured chain
---@field contract string must be listed under the strategy's `contracts` for the chain
---@field data string call data in the plugin's encoding (eth: "0x" hex)
---@field value? StewardDecimal native asset paid, default "0"
---@field index? integer account index, default 0
---@field gas_limit? string
---@field max_fee_per_gas_gwei? string
---@field max_priority_fee_per_gas_gwei? string

-- ---- portfolio -----------------------------------------------------------------------------

---@class StewardHolding
---@field chain string
---@field asset string
---@field amount string display units
---@field price string in the quote currency
---@field value string amount x price, rounded down to 8 places

---@class StewardAssetTotal
---@field amount string summed over chains
---@field price string
---@field value string summed over chains

---@class StewardPortfolio
---@field holdings StewardHolding[]
---@field assets table<string, StewardAssetTotal> by symbol
---@field total string sum of the values
---@field quote string the quote currency, e.g. "USD"
---@field simulated boolean the prices are simulated (prices.source: sim)

-- ---- ctx -----------------------------------------------------------------------------------

---The strategy's persistent key/value state (namespace: the strategy's name).
---@class StewardState
local StewardState = {}

---The value stored under `key`, or nil. Raises on a store failure.
---@param key string 1 to 256 bytes
---@return string|nil value
function StewardState.get(key) end

---Stores `value` under `key` (durable); nil deletes. Any other type than string or nil raises.
---@param key string 1 to 256 bytes
---@param value string|nil at most 65536 bytes
function StewardState.set(key, value) end

---The argument of tick(ctx). Reads return value | nil, StewardError; actions return a result |
---nil, StewardDenial|StewardError; misuse (wrong types, unknown fields, float amounts, an
---unconfigured chain) raises.
---@class StewardCtx
---@field params table<string, any> the strategy's YAML params
---@field tenant string the tenant the strategy acts for
---@field strategy string the strategy's name
---@field paper boolean true when at least one configured chain is a paper chain
---@field state StewardState
local StewardCtx = {}

---Milliseconds since the Unix epoch (UTC); in a backtest, the replayed time.
---@return integer
function StewardCtx.now() end

---The tenant's address on `chain`.
---@param chain string
---@param index? integer account index, 0..2^31-1, default 0
---@return string|nil address
---@return StewardError|nil err
function StewardCtx.address(chain, index) end

---Balance of account 0 in display units ("10.5"). asset nil or the native symbol: the native asset.
---@param chain string
---@param asset? string
---@return string|nil amount
---@return StewardError|nil err
function StewardCtx.balance(chain, asset) end

---Price of one unit of `symbol` in the quote currency at ctx.now() ("3021.5"); fail closed.
---@param symbol string 1-16 of A-Z a-z 0-9 _ -; the quote currency itself is "1"
---@return string|nil price
---@return StewardError|nil err
function StewardCtx.price(symbol) end

---Balances valued at current prices. Without a list: every chain's native asset, and on paper
---chains every asset with an opening balance.
---@param holdings? StewardHoldingQuery[] at most 64
---@return StewardPortfolio|nil portfolio
---@return StewardError|nil err
function StewardCtx.portfolio(holdings) end

---Sends `amount` of `asset` to `to` through the policy, audit and signing pipeline, and broadcasts it.
---@param args StewardTransferArgs
---@return StewardTransferResult|nil result
---@return StewardActionError|nil err
function StewardCtx.transfer(args) end

---Paper chains only: sells `amount` of `sell` for `buy` on the chain's paper exchange
---(price(sell)/price(buy), less paper.exchange.fee_bps). On a live chain: nil, {error}.
---@param args StewardSwapArgs
---@return StewardSwapResult|nil result
---@return StewardActionError|nil err
function StewardCtx.swap(args) end

---Calls an allowlisted contract (strategies[].contracts); others: nil, {denied=true, rule="contracts"}.
---@param args StewardCallArgs
---@return StewardActionResult|nil result
---@return StewardActionError|nil err
function StewardCtx.call(args) end

---Logs one line (event strategy.log; control characters become spaces, 511 bytes kept).
---@param message string at most 1024 bytes
function StewardCtx.log(message) end

-- ---- decimal -------------------------------------------------------------------------------

---Exact decimal arithmetic on strings (78 digits before and 78 after the point). Results are
---canonical decimal strings, integers or booleans, never floats. Bad arguments and failed
---operations raise "decimal.<fn>: ...".
---@class StewardDecimalLib
decimal = {}

---a + b, exact.
---@param a StewardDecimal
---@param b StewardDecimal
---@return string
function decimal.add(a, b) end

---a - b, exact.
---@param a StewardDecimal
---@param b StewardDecimal
---@return string
function decimal.sub(a, b) end

---a x b: exact (raises if more than 78 fraction digits), or rounded to `places`.
---@param a StewardDecimal
---@param b StewardDecimal
---@param places? integer 0..78
---@param rounding? StewardRounding default "down"; only with places
---@return string
function decimal.mul(a, b, places, rounding) end

---a / b rounded to `places`; raises on division by zero.
---@param a StewardDecimal
---@param b StewardDecimal
---@param places integer 0..78, required
---@param rounding? StewardRounding default "down"
---@return string
function decimal.div(a, b, places, rounding) end

---a rounded to `places`.
---@param a StewardDecimal
---@param places integer 0..78
---@param rounding? StewardRounding default "down"
---@return string
function decimal.round(a, places, rounding) end

---Numeric comparison ("1.50" equals "1.5").
---@param a StewardDecimal
---@param b StewardDecimal
---@return -1|0|1
function decimal.cmp(a, b) end

---@param a StewardDecimal
---@param b StewardDecimal
---@return boolean
function decimal.eq(a, b) end

---@param a StewardDecimal
---@param b StewardDecimal
---@return boolean
function decimal.lt(a, b) end

---@param a StewardDecimal
---@param b StewardDecimal
---@return boolean
function decimal.le(a, b) end

---@param a StewardDecimal
---@param b StewardDecimal
---@return boolean
function decimal.gt(a, b) end

---@param a StewardDecimal
---@param b StewardDecimal
---@return boolean
function decimal.ge(a, b) end

---The least of 1 to 64 arguments.
---@param a StewardDecimal
---@param ... StewardDecimal
---@return string
function decimal.min(a, ...) end

---The greatest of 1 to 64 arguments.
---@param a StewardDecimal
---@param ... StewardDecimal
---@return string
function decimal.max(a, ...) end

---The absolute value, |a|.
---@param a StewardDecimal
---@return string
function decimal.abs(a) end

---The negation, -a.
---@param a StewardDecimal
---@return string
function decimal.neg(a) end

---@param a StewardDecimal
---@return -1|0|1
function decimal.sign(a) end

---@param a StewardDecimal
---@return boolean
function decimal.is_zero(a) end

---True when the other functions accept x as a decimal; never raises.
---@param x any
---@return boolean
function decimal.valid(x) end
