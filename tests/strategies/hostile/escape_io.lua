-- Attack: Reaches for io to read a file.
function tick(ctx)
  return io.open('/etc/passwd'):read('a')
end
