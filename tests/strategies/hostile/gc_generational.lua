-- Attack: Tries to switch the collector to generational mode with extreme parameters.
function tick(ctx)
  return collectgarbage('generational', 100, 1000)
end
