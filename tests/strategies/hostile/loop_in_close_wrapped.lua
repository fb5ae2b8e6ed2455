-- Attack: a coroutine.wrap body with a looping __close handler; the budget error kills the
-- coroutine with hooks off, and the stock wrap would then run __close unbounded.
function tick(ctx)
  while true do
    pcall(coroutine.wrap(function()
      local x <close> = setmetatable({}, {__close = function() while true do end end})
      while true do end
    end))
  end
end
