-- rebalance.lua: keep the assets of one chain at target weights (a steward strategy).
--
-- Each run values every target asset on `chain` (ctx.balance x ctx.price, exact decimals, in
-- the price source's quote currency) and computes its weight in the total of the target
-- assets (other holdings are ignored). When any weight is off its target by more than `band`
-- (absolute, e.g. 0.55 against 0.50 is a drift of 0.05), it trades every asset back to its
-- target with ctx.swap (the paper exchange of a paper chain):
--
--   * the overweight assets are sold, largest excess first, each for the underweight assets,
--     largest shortfall first, so every swap moves both of its assets toward their targets;
--   * each sale is sized so that, fees ignored, the post-trade weights are the targets:
--     (value - target x total) / price, rounded DOWN to the asset's `decimals`, and never
--     more than is held (less `keep`);
--   * a swap worth less than `min_trade` (quote currency) is skipped.
--
-- A policy denial is logged (ctx.log) and ends the run's trading (the rest waits for the next
-- run); any other refusal or read error is logged and the run returns. Neither fails the run.
-- The number of swaps done so far is kept in ctx.state "trades"; the time of the last one in
-- "last_trade_ms".
--
-- Result: {weights = {SYM = "0.5", ...} (before trading, 8 places), total = "...",
--          drift = true|false, trades = n, skipped = n [, denied = rule] [, error = "..."]}
--
-- Params (amounts and weights are decimal STRINGS; quote them in YAML):
--   chain      string   "eth"    the chain whose assets are rebalanced
--   targets    map      required symbol -> weight, each from 0 to 1, summing to exactly 1;
--                                at least two symbols
--   band       decimal  "0.05"   absolute weight drift that triggers, above 0 and below 1
--   min_trade  decimal  "10"     smallest swap worth doing, in the quote currency, >= 0
--   decimals   map      8 for ETH, BTC, WBTC, SOL; 6 for others: symbol -> integer 0..18,
--                                the fraction digits a traded amount is rounded down to
--   keep       map      {}       symbol -> amount never sold (e.g. ETH for gas), >= 0
--
-- On a chain whose native asset pays the fees (ETH on eth), selling all of it would leave
-- nothing for gas: give that asset a `keep`.
--
-- Example:
--   strategies:
--     - name: rebalance
--       file: builtin:rebalance
--       schedule: {every: 1h}
--       params:
--         chain: eth
--         targets: {ETH: "0.6", USDC: "0.4"}
--         band: "0.05"
--         min_trade: "50"
--         decimals: {ETH: 8, USDC: 6}
--         keep: {ETH: "0.01"}

local DECIMALS = {ETH = 8, BTC = 8, WBTC = 8, SOL = 8}
local DECIMALS_OTHER = 6 -- any symbol not above and not in params.decimals
local PLACES = 36        -- fraction digits of values (exact for every realistic amount x price)

-- ---- params ---------------------------------------------------------------------------

local function bad(name, msg)
    error("params." .. name .. ": " .. msg, 0)
end

local function kind(v)
    if math.type(v) == "float" then
        return "a number with a fraction (quote it in YAML: \"0.05\")"
    end
    if type(v) == "string" then
        return "\"" .. v:sub(1, 40) .. "\""
    end
    return "a " .. (math.type(v) or type(v))
end

-- A decimal param: a decimal string, or a whole number (YAML 50); never a float.
local function as_decimal(name, v)
    if math.type(v) == "integer" or (type(v) == "string" and decimal.valid(v)) then
        return decimal.add(v, "0") -- canonical text
    end
    bad(name, "must be a decimal string such as \"0.05\", got " .. kind(v))
end

local function opt_decimal(p, name, default)
    if p[name] == nil then
        return default
    end
    return as_decimal(name, p[name])
end

local function opt_string(p, name, default)
    local v = p[name]
    if v == nil then
        return default
    end
    if type(v) ~= "string" or v == "" then
        bad(name, "must be a non-empty string, got " .. kind(v))
    end
    return v
end

-- A mapping param (symbol -> value); nil when absent.
local function opt_map(p, name)
    local v = p[name]
    if v == nil then
        return nil
    end
    if type(v) ~= "table" then
        bad(name, "must be a mapping of symbol to value, got " .. kind(v))
    end
    for k in pairs(v) do
        if type(k) ~= "string" or k == "" then
            bad(name, "must be a mapping of symbol to value (keys are symbols such as ETH)")
        end
    end
    return v
end

local function read_params(p)
    if type(p) ~= "table" then
        error("params: must be a mapping", 0)
    end
    local known = {chain = 1, targets = 1, band = 1, min_trade = 1, decimals = 1, keep = 1}
    for k in pairs(p) do
        if not known[k] then
            bad(tostring(k), "unknown param (known: chain, targets, band, min_trade, decimals, keep)")
        end
    end
    local c = {}
    c.chain = opt_string(p, "chain", "eth")
    local targets = opt_map(p, "targets")
    if targets == nil then
        bad("targets", "required: a mapping of symbol to weight, e.g. {ETH: \"0.5\", USDC: \"0.5\"}")
    end
    c.symbols, c.targets = {}, {}
    local sum = "0"
    for sym, w in pairs(targets) do
        local wd = as_decimal("targets." .. sym, w)
        if decimal.sign(wd) < 0 or decimal.gt(wd, "1") then
            bad("targets." .. sym, "weight " .. wd .. " is not from 0 to 1")
        end
        c.symbols[#c.symbols + 1] = sym
        c.targets[sym] = wd
        sum = decimal.add(sum, wd)
    end
    if #c.symbols < 2 then
        bad("targets", "name at least two symbols (one asset has nothing to trade against)")
    end
    if not decimal.eq(sum, "1") then
        bad("targets", "the weights sum to " .. sum .. ", not exactly 1")
    end
    table.sort(c.symbols)
    c.band = opt_decimal(p, "band", "0.05")
    if decimal.sign(c.band) <= 0 or decimal.ge(c.band, "1") then
        bad("band", c.band .. " is not above 0 and below 1")
    end
    c.min_trade = opt_decimal(p, "min_trade", "10")
    if decimal.sign(c.min_trade) < 0 then
        bad("min_trade", c.min_trade .. " is negative")
    end
    local decs = opt_map(p, "decimals") or {}
    local keep = opt_map(p, "keep") or {}
    c.decimals, c.keep = {}, {}
    for sym, d in pairs(decs) do
        if math.type(d) ~= "integer" or d < 0 or d > 18 then
            bad("decimals." .. sym, "must be a whole number from 0 to 18 (e.g. 8), got " .. (math.type(d) or type(d)))
        end
    end
    for sym in pairs(keep) do
        local k = as_decimal("keep." .. sym, keep[sym])
        if decimal.sign(k) < 0 then
            bad("keep." .. sym, k .. " is negative")
        end
        c.keep[sym] = k
    end
    for _, sym in ipairs(c.symbols) do
        c.decimals[sym] = decs[sym] or DECIMALS[sym] or DECIMALS_OTHER
        c.keep[sym] = c.keep[sym] or "0"
    end
    return c
end

-- ---- the run ------------------------------------------------------------------------------

local function count_trades(ctx, n)
    if n == 0 then
        return
    end
    local before = ctx.state.get("trades")
    if before == nil or not decimal.valid(before) then
        before = "0"
    end
    ctx.state.set("trades", decimal.add(before, n))
    ctx.state.set("last_trade_ms", decimal.add(ctx.now(), 0))
end

---@param ctx StewardCtx
function tick(ctx)
    local c = read_params(ctx.params or {})
    local summary = {weights = {}, total = "0", drift = false, trades = 0, skipped = 0}

    -- Holdings, prices and values, exactly.
    local held, price, value = {}, {}, {}
    for _, sym in ipairs(c.symbols) do
        local amount, err = ctx.balance(c.chain, sym)
        if amount == nil then
            ctx.log("balance of " .. sym .. " on " .. c.chain .. ": " .. err.error)
            summary.error = err.error
            return summary
        end
        local p, perr = ctx.price(sym)
        if p == nil then
            ctx.log(perr.error)
            summary.error = perr.error
            return summary
        end
        held[sym], price[sym] = amount, p
        value[sym] = decimal.mul(amount, p, PLACES, "down")
        summary.total = decimal.add(summary.total, value[sym])
    end
    local total = summary.total
    if decimal.is_zero(total) then
        ctx.log("the target assets on " .. c.chain .. " are worth 0; nothing to rebalance")
        return summary
    end

    -- Weights and drift. The drift test is exact: |value - target x total| > band x total.
    local limit = decimal.mul(c.band, total, PLACES, "down")
    local excess = {} -- value - target x total, per symbol
    for _, sym in ipairs(c.symbols) do
        summary.weights[sym] = decimal.div(value[sym], total, 8, "half_even")
        excess[sym] = decimal.sub(value[sym], decimal.mul(c.targets[sym], total, PLACES, "down"))
        if decimal.gt(decimal.abs(excess[sym]), limit) then
            summary.drift = true
        end
    end
    -- One line per tick: what is held, at what price, and how far from the targets.
    local parts = {}
    for _, sym in ipairs(c.symbols) do
        parts[#parts + 1] = held[sym] .. " " .. sym .. " @ " .. price[sym] .. " = " ..
            decimal.round(decimal.mul(summary.weights[sym], "100"), 2, "half_even") .. "% (target " ..
            decimal.round(decimal.mul(c.targets[sym], "100"), 2, "half_even") .. "%)"
    end
    ctx.log(table.concat(parts, ", ") .. "; total " .. decimal.round(total, 2, "down") ..
        (summary.drift and "; outside the band: rebalancing" or "; within the band"))
    if not summary.drift then
        return summary
    end

    -- Overweight (sell) and underweight (buy) sides, largest first; ties by symbol.
    local sells, buys = {}, {}
    for _, sym in ipairs(c.symbols) do
        local s = decimal.sign(excess[sym])
        if s > 0 then
            sells[#sells + 1] = {sym = sym, left = excess[sym]}
        elseif s < 0 then
            buys[#buys + 1] = {sym = sym, left = decimal.neg(excess[sym])}
        end
    end
    local function larger(a, b)
        local d = decimal.cmp(a.left, b.left)
        if d ~= 0 then
            return d > 0
        end
        return a.sym < b.sym
    end
    table.sort(sells, larger)
    table.sort(buys, larger)

    local sellable = {}
    for _, sym in ipairs(c.symbols) do
        sellable[sym] = decimal.max("0", decimal.sub(held[sym], c.keep[sym]))
    end

    local i, j = 1, 1
    while i <= #sells and j <= #buys do
        local s, b = sells[i], buys[j]
        local v = decimal.min(s.left, b.left) -- quote value to move from s to b
        local qty = decimal.min(decimal.div(v, price[s.sym], c.decimals[s.sym], "down"), sellable[s.sym])
        local worth = decimal.mul(qty, price[s.sym], PLACES, "down")
        if decimal.sign(qty) <= 0 or decimal.lt(worth, c.min_trade) then
            ctx.log("skip " .. s.sym .. " -> " .. b.sym .. ": " .. qty .. " " .. s.sym .. " is worth " ..
                worth .. ", below min_trade " .. c.min_trade)
            summary.skipped = summary.skipped + 1
        else
            local res, err = ctx.swap {chain = c.chain, sell = s.sym, buy = b.sym, amount = qty}
            if res == nil then
                count_trades(ctx, summary.trades)
                if err.denied then
                    ctx.log("selling " .. qty .. " " .. s.sym .. " for " .. b.sym .. " was denied by policy: " ..
                        tostring(err.rule) .. " (scope " .. tostring(err.scope) .. ", limit " .. tostring(err.limit) ..
                        ", used " .. tostring(err.used) .. "); stopping until the next run")
                    summary.denied = err.rule
                else
                    ctx.log("selling " .. qty .. " " .. s.sym .. " for " .. b.sym .. " failed: " ..
                        tostring(err.error))
                    summary.error = err.error
                end
                return summary
            end
            sellable[s.sym] = decimal.sub(sellable[s.sym], qty)
            summary.trades = summary.trades + 1
            ctx.log("sold " .. qty .. " " .. s.sym .. " for " .. tostring(res.received) .. " " .. b.sym ..
                " (txid " .. tostring(res.txid) .. ")")
        end
        s.left = decimal.sub(s.left, v)
        b.left = decimal.sub(b.left, v)
        if decimal.is_zero(s.left) then
            i = i + 1
        end
        if decimal.is_zero(b.left) then
            j = j + 1
        end
    end
    count_trades(ctx, summary.trades)
    return summary
end
