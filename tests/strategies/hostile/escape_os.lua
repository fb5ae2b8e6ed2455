-- Attack: Reaches for os to run a command.
function tick(ctx)
  return os.execute('id')
end
