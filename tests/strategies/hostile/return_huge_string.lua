-- Attack: Returns a 100 MB string.
function tick(ctx)
  return string.rep('z', 100 * 1024 * 1024)
end
