-- Attack: keeps a coroutine killed by the budget (hooks off, a looping __close pending) in a
-- global and closes it in the next run, hoping its __close runs unbounded.
function tick(ctx)
  if DEAD then
    coroutine.close(DEAD)
  else
    DEAD = coroutine.create(function()
      local x <close> = setmetatable({}, {__close = function() while true do end end})
      while true do end
    end)
    coroutine.resume(DEAD)
  end
  while true do end
end
