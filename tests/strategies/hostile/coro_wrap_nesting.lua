-- Attack: Nests coroutine.wrap calls without bound (C stack depth).
local function nest() return coroutine.wrap(nest)() end
function tick(ctx)
  return nest()
end
