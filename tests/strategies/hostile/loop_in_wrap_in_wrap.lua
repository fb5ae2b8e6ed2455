-- Attack: coroutine.wrap inside coroutine.wrap, the inner one looping, all under pcall in a loop.
function tick(ctx)
  while true do
    pcall(coroutine.wrap(function()
      coroutine.wrap(function() while true do end end)()
    end))
  end
end
