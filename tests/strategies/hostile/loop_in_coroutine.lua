-- Attack: An infinite loop inside coroutines, resumed forever: resume returns false, the loop must still end.
function tick(ctx)
  while true do
    coroutine.resume(coroutine.create(function() while true do end end))
  end
end
