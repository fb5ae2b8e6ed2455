-- Attack: table.insert shifting 2^63 elements through C metamethods (no VM instructions).
function tick(ctx)
  local t = setmetatable({}, {__len = function() return math.maxinteger end, __index = type, __newindex = rawequal})
  table.insert(t, 1, 'x')
  return 'inserted'
end
