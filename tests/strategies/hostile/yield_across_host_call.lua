-- Attack: Yields inside a coroutine through a host function that calls back into Lua.
function tick(ctx)
  local co = coroutine.wrap(function()
    host.call(function() coroutine.yield('escaped') end)
  end)
  return co()
end
