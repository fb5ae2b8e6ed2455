-- Attack: Reaches string.dump through the string metatable's __index and then replaces that __index.
function tick(ctx)
  local d = ('').dump
  if d then return d(tick) end
  local mt = getmetatable('')
  mt.__index = _G
  return ('').load('return 1')
end
