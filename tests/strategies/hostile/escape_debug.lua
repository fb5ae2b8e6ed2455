-- Attack: Reaches for debug.getregistry.
function tick(ctx)
  return debug.getregistry()
end
