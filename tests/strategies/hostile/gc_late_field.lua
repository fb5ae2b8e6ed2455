-- Attack: Installs __gc with a placeholder before setmetatable, then replaces it with a loop.
function tick(ctx)
  local mt = {__gc = true}
  setmetatable({}, mt)
  mt.__gc = function() while true do end end
  collectgarbage()
  return 'armed'
end
