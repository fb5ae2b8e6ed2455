-- Attack: Yields from the main thread (outside any coroutine).
function tick(ctx)
  coroutine.yield(1)
  return 'yielded'
end
