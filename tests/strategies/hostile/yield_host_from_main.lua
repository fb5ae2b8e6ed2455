-- Attack: Calls a host function that yields, from the main thread.
function tick(ctx)
  return host.yield()
end
