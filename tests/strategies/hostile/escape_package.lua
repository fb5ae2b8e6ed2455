-- Attack: Reaches for package.loaded to find io.
function tick(ctx)
  return package.loaded.io.open('/etc/passwd')
end
