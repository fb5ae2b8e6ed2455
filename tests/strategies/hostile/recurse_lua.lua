-- Attack: Unbounded Lua recursion (not a tail call).
local function f(n) return 1 + f(n + 1) end
function tick(ctx)
  return f(1)
end
