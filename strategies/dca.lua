-- dca.lua: dollar-cost averaging, periodic buys of one asset (a steward strategy).
--
-- Each run swaps `amount` of `with` for `buy` on `chain` with ctx.swap (the paper exchange of
-- a paper chain). The total of `with` spent so far is kept in ctx.state ("spent", a decimal
-- string) with the number of buys ("buys"), so that `max_total`, when given, caps it: the
-- buy that would pass the cap is cut to what is left under it, and once the cap is reached
-- every run skips. A run also skips when the balance of `with` is below the amount.
--
-- Skips, policy denials and refusals are logged (ctx.log) and end the run without failing
-- it; nothing is counted for them, so the next run tries again.
--
-- Result: {bought = "...", spent = "...", total_spent = "...", buys = n, txid = "..."} after a
--         buy, else {skipped = "cap" | "balance", total_spent, buys [, balance]} or
--         {denied = rule, ...} / {error = "...", ...}
--
-- Params (amounts are decimal STRINGS; quote them in YAML):
--   chain      string   "eth"    the chain the swap runs on
--   buy        string   "ETH"    the asset bought
--   with       string   "USDC"   the asset paid with
--   amount     decimal  required how much of `with` each run spends, above 0, with no more
--                                fraction digits than `with` has
--   max_total  decimal  none     cap on the total of `with` ever spent (ctx.state "spent"),
--                                above 0
--
-- Example:
--   strategies:
--     - name: dca-eth
--       file: builtin:dca
--       schedule: {cron: "0 9 * * 1"}      # Mondays 09:00 UTC
--       params:
--         chain: eth
--         buy: ETH
--         with: USDC
--         amount: "100"
--         max_total: "5000"

-- ---- params ---------------------------------------------------------------------------

local function bad(name, msg)
    error("params." .. name .. ": " .. msg, 0)
end

local function kind(v)
    if math.type(v) == "float" then
        return "a number with a fraction (quote it in YAML: \"12.5\")"
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
    bad(name, "must be a decimal string such as \"100\", got " .. kind(v))
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
    local known = {chain = 1, buy = 1, with = 1, amount = 1, max_total = 1}
    for k in pairs(p) do
        if not known[k] then
            bad(tostring(k), "unknown param (known: chain, buy, with, amount, max_total)")
        end
    end
    local c = {}
    c.chain = opt_string(p, "chain", "eth")
    c.buy = opt_string(p, "buy", "ETH")
    c.with = opt_string(p, "with", "USDC")
    if c.buy == c.with then
        bad("with", "must differ from buy (" .. c.buy .. ")")
    end
    c.amount = opt_decimal(p, "amount", nil)
    if c.amount == nil then
        bad("amount", "required: how much of " .. c.with .. " to spend per run, e.g. \"100\"")
    end
    if decimal.sign(c.amount) <= 0 then
        bad("amount", c.amount .. " is not above 0")
    end
    c.max_total = opt_decimal(p, "max_total", nil)
    if c.max_total ~= nil and decimal.sign(c.max_total) <= 0 then
        bad("max_total", c.max_total .. " is not above 0")
    end
    return c
end

-- A decimal from the state ("0" when absent or not a decimal).
local function state_decimal(ctx, key)
    local v = ctx.state.get(key)
    if v ~= nil and decimal.valid(v) then
        return v
    end
    return "0"
end

-- ---- the run ------------------------------------------------------------------------------

---@param ctx StewardCtx
function tick(ctx)
    local c = read_params(ctx.params or {})
    local spent, buys = state_decimal(ctx, "spent"), state_decimal(ctx, "buys")
    local r = {total_spent = spent, buys = buys}

    local amount = c.amount
    if c.max_total ~= nil then
        local room = decimal.sub(c.max_total, spent)
        if decimal.sign(room) <= 0 then
            ctx.log("the cap is reached: " .. spent .. " of max_total " .. c.max_total .. " " .. c.with ..
                " spent; skipping")
            r.skipped = "cap"
            return r
        end
        amount = decimal.min(amount, room)
    end

    local balance, err = ctx.balance(c.chain, c.with)
    if balance == nil then
        ctx.log("balance of " .. c.with .. " on " .. c.chain .. ": " .. err.error)
        r.error = err.error
        return r
    end
    if decimal.lt(balance, amount) then
        ctx.log("the balance of " .. c.with .. " is " .. balance .. ", short of " .. amount .. "; skipping")
        r.skipped, r.balance = "balance", balance
        return r
    end

    local res, e = ctx.swap {chain = c.chain, sell = c.with, buy = c.buy, amount = amount}
    if res == nil then
        if e.denied then
            ctx.log("buying " .. c.buy .. " with " .. amount .. " " .. c.with .. " was denied by policy: " ..
                tostring(e.rule) .. " (scope " .. tostring(e.scope) .. ", limit " .. tostring(e.limit) .. ", used " ..
                tostring(e.used) .. ")")
            r.denied = e.rule
        else
            ctx.log("buying " .. c.buy .. " with " .. amount .. " " .. c.with .. " failed: " .. tostring(e.error))
            r.error = e.error
        end
        return r
    end
    spent = decimal.add(spent, amount)
    buys = decimal.add(buys, 1)
    ctx.state.set("spent", spent)
    ctx.state.set("buys", buys)
    ctx.log("bought " .. tostring(res.received) .. " " .. c.buy .. " with " .. amount .. " " .. c.with ..
        " (txid " .. tostring(res.txid) .. "; " .. spent .. " spent in " .. buys .. " buys)")
    r.bought, r.spent, r.total_spent, r.buys, r.txid = res.received, amount, spent, buys, res.txid
    return r
end
