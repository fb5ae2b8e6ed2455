-- Attack: Unbounded recursion through an __index function that indexes itself.
function tick(ctx)
  local t = setmetatable({}, {})
  getmetatable(t).__index = function(s, k) return s[k] end
  return t.x
end
