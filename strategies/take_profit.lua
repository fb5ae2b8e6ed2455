-- take_profit.lua: take-profit / stop-loss on one asset (a steward strategy).
--
-- The entry price is the asset's price (ctx.price) at the first run that sees a non-zero
-- holding of it on `chain`; it is recorded in ctx.state ("entry"). Every later run compares
-- the current price with it:
--
--   price >= entry x (1 + take_profit)   -> take profit
--   price <= entry x (1 - stop_loss)     -> stop loss
--
-- and on either, swaps `sell_fraction` of the holding (less `keep`, rounded DOWN to
-- `decimals`) for `quote` with ctx.swap (the paper exchange of a paper chain), ONCE.
--
-- Firing once. After a swap the strategy records "fired" (take_profit | stop_loss), the price
-- it fired at and "left", the holding after the sale. It then only watches the holding: it
-- re-arms when the holding grows above "left" (the asset was bought again or deposited), and
-- then records the price of that run as the new entry. A smaller sell_fraction therefore
-- sells part of the position once, not again and again. Changing the `epoch` param (any
-- text) also clears the recorded entry and re-arms, so an operator can reset the strategy
-- from the configuration.
--
-- A policy denial or any other refusal is logged (ctx.log) and nothing is recorded, so the
-- next run tries again while the price is still beyond the threshold. Read errors (balance,
-- price) are logged and the run returns. None of these fail the run.
--
-- Result: {state = "waiting" | "armed" | "fired", price, entry, holding,
--          take_profit_at, stop_loss_at [, fired, sold, received, txid]
--          [, denied = rule] [, error = "..."]}
--
-- Params (amounts and fractions are decimal STRINGS; quote them in YAML):
--   chain          string   "eth"   the chain holding the asset
--   asset          string   "ETH"   the asset watched and sold
--   quote          string   "USDC"  what it is sold for (an asset of the same chain)
--   take_profit    decimal  "0.10"  fractional gain over the entry price, >= 0; "0" disables
--   stop_loss      decimal  "0.05"  fractional loss under the entry price, 0 to below 1;
--                                   "0" disables (not both 0)
--   sell_fraction  decimal  "1"     part of the holding sold, above 0 and at most 1
--   decimals       integer  8 for ETH/BTC/WBTC/SOL, 6 otherwise: fraction digits of the amount
--                                   sold (rounded down), 0..18
--   keep           decimal  "0"     amount of the asset never sold (e.g. ETH for gas)
--   epoch          string   none    change it to reset the recorded entry and re-arm
--
-- On a chain whose native asset pays the fees (ETH on eth), selling all of it leaves nothing
-- for gas and the chain refuses the swap: give the native asset a `keep`.
--
-- Example:
--   strategies:
--     - name: eth-exit
--       file: builtin:take_profit
--       schedule: {every: 5m}
--       params:
--         chain: eth
--         asset: ETH
--         quote: USDC
--         take_profit: "0.10"
--         stop_loss: "0.05"
--         sell_fraction: "0.5"
--         keep: "0.01"

local DECIMALS = {ETH = 8, BTC = 8, WBTC = 8, SOL = 8}
local DECIMALS_OTHER = 6
local PLACES = 36 -- fraction digits of computed prices (exact for every realistic input)

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

local function opt_decimal(p, name, default)
    local v = p[name]
    if v == nil then
        return default
    end
    if math.type(v) == "integer" or (type(v) == "string" and decimal.valid(v)) then
        return decimal.add(v, "0")
    end
    bad(name, "must be a decimal string such as \"0.05\", got " .. kind(v))
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

local function read_params(p)
    if type(p) ~= "table" then
        error("params: must be a mapping", 0)
    end
    local known = {chain = 1, asset = 1, quote = 1, take_profit = 1, stop_loss = 1, sell_fraction = 1,
                   decimals = 1, keep = 1, epoch = 1}
    for k in pairs(p) do
        if not known[k] then
            bad(tostring(k), "unknown param (known: chain, asset, quote, take_profit, stop_loss, sell_fraction, " ..
                "decimals, keep, epoch)")
        end
    end
    local c = {}
    c.chain = opt_string(p, "chain", "eth")
    c.asset = opt_string(p, "asset", "ETH")
    c.quote = opt_string(p, "quote", "USDC")
    if c.asset == c.quote then
        bad("quote", "must differ from asset (" .. c.asset .. ")")
    end
    c.take_profit = opt_decimal(p, "take_profit", "0.10")
    if decimal.sign(c.take_profit) < 0 then
        bad("take_profit", c.take_profit .. " is negative")
    end
    c.stop_loss = opt_decimal(p, "stop_loss", "0.05")
    if decimal.sign(c.stop_loss) < 0 or decimal.ge(c.stop_loss, "1") then
        bad("stop_loss", c.stop_loss .. " is not from 0 to below 1")
    end
    if decimal.is_zero(c.take_profit) and decimal.is_zero(c.stop_loss) then
        bad("take_profit", "take_profit and stop_loss are both 0: nothing to watch")
    end
    c.sell_fraction = opt_decimal(p, "sell_fraction", "1")
    if decimal.sign(c.sell_fraction) <= 0 or decimal.gt(c.sell_fraction, "1") then
        bad("sell_fraction", c.sell_fraction .. " is not above 0 and at most 1")
    end
    c.decimals = p.decimals
    if c.decimals == nil then
        c.decimals = DECIMALS[c.asset] or DECIMALS_OTHER
    elseif math.type(c.decimals) ~= "integer" or c.decimals < 0 or c.decimals > 18 then
        bad("decimals", "must be a whole number from 0 to 18 (e.g. 8), got " .. (math.type(c.decimals) or type(c.decimals)))
    end
    c.keep = opt_decimal(p, "keep", "0")
    if decimal.sign(c.keep) < 0 then
        bad("keep", c.keep .. " is negative")
    end
    c.epoch = opt_string(p, "epoch", "")
    return c
end

-- ---- state ----------------------------------------------------------------------------

local KEYS = {"entry", "fired", "fired_price", "left"}

local function clear(ctx)
    for _, k in ipairs(KEYS) do
        ctx.state.set(k, nil)
    end
end

-- A decimal from the state, or nil when absent or not a decimal.
local function state_decimal(ctx, key)
    local v = ctx.state.get(key)
    if v ~= nil and decimal.valid(v) then
        return v
    end
    return nil
end

-- ---- the run ------------------------------------------------------------------------------

---@param ctx StewardCtx
function tick(ctx)
    local c = read_params(ctx.params or {})
    local holding, err = ctx.balance(c.chain, c.asset)
    if holding == nil then
        ctx.log("balance of " .. c.asset .. " on " .. c.chain .. ": " .. err.error)
        return {error = err.error}
    end
    local price, perr = ctx.price(c.asset)
    if price == nil then
        ctx.log(perr.error)
        return {error = perr.error}
    end
    local r = {price = price, holding = holding}

    if (ctx.state.get("epoch") or "") ~= c.epoch then
        local had = ctx.state.get("entry") ~= nil or ctx.state.get("fired") ~= nil
        clear(ctx)
        ctx.state.set("epoch", c.epoch ~= "" and c.epoch or nil)
        if had then
            ctx.log("epoch changed to \"" .. c.epoch .. "\": entry cleared, re-armed")
        end
    end

    local fired = ctx.state.get("fired")
    if fired ~= nil then
        local left = state_decimal(ctx, "left")
        if left == nil or decimal.gt(holding, left) then
            clear(ctx)
            ctx.log("the holding of " .. c.asset .. " grew to " .. holding .. " after the " .. fired ..
                " sale (left " .. tostring(left) .. "): re-armed")
        else
            r.state, r.fired = "fired", fired
            r.entry = state_decimal(ctx, "entry")
            r.fired_price = state_decimal(ctx, "fired_price")
            return r
        end
    end

    local entry = state_decimal(ctx, "entry")
    if entry == nil then
        if decimal.sign(holding) <= 0 then
            r.state = "waiting" -- nothing to protect yet; the entry is recorded when there is
            return r
        end
        entry = price
        ctx.state.set("entry", entry)
        ctx.log("entry price of " .. c.asset .. " recorded: " .. entry)
    end
    r.entry, r.state = entry, "armed"

    local why
    if not decimal.is_zero(c.take_profit) then
        r.take_profit_at = decimal.mul(entry, decimal.add("1", c.take_profit), PLACES, "ceil")
        if decimal.ge(price, r.take_profit_at) then
            why = "take_profit"
        end
    end
    if not decimal.is_zero(c.stop_loss) then
        r.stop_loss_at = decimal.mul(entry, decimal.sub("1", c.stop_loss), PLACES, "floor")
        if why == nil and decimal.le(price, r.stop_loss_at) then
            why = "stop_loss"
        end
    end
    if why == nil then
        return r
    end

    local sellable = decimal.sub(holding, c.keep)
    local amount = "0"
    if decimal.sign(sellable) > 0 then
        amount = decimal.mul(sellable, c.sell_fraction, c.decimals, "down")
    end
    if decimal.sign(amount) <= 0 then
        ctx.log(why .. " at " .. price .. " (entry " .. entry .. "), but nothing to sell: " ..
            "holding " .. holding .. ", keep " .. c.keep)
        return r
    end
    local res, e = ctx.swap {chain = c.chain, sell = c.asset, buy = c.quote, amount = amount}
    if res == nil then
        if e.denied then
            ctx.log(why .. ": selling " .. amount .. " " .. c.asset .. " was denied by policy: " ..
                tostring(e.rule) .. " (scope " .. tostring(e.scope) .. ", limit " .. tostring(e.limit) .. ", used " ..
                tostring(e.used) .. "); trying again next run")
            r.denied = e.rule
        else
            ctx.log(why .. ": selling " .. amount .. " " .. c.asset .. " failed: " ..
                tostring(e.error))
            r.error = e.error
        end
        return r
    end
    local after = ctx.balance(c.chain, c.asset) or decimal.sub(holding, amount)
    ctx.state.set("fired", why)
    ctx.state.set("fired_price", price)
    ctx.state.set("left", after)
    ctx.log(why .. " at " .. price .. " (entry " .. entry .. "): sold " .. amount .. " " ..
        c.asset .. " for " .. tostring(res.received) .. " " .. c.quote .. " (txid " .. tostring(res.txid) .. ")")
    r.state, r.fired, r.sold, r.received, r.txid = "fired", why, amount, res.received, res.txid
    r.holding = after
    return r
end
