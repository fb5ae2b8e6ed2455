-- Attack: Creates coroutines without bound, each holding a stack.
function tick(ctx)
  local cs = {}
  while true do
    local co = coroutine.create(function() coroutine.yield() end)
    coroutine.resume(co)
    cs[#cs + 1] = co
  end
end
