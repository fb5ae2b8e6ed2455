-- Attack: Recursion through __tostring -> tostring (Lua -> C -> Lua).
function tick(ctx)
  local t = {}
  setmetatable(t, {__tostring = function(s) return tostring(s) end})
  return tostring(t)
end
