-- Attack: Dumps a function to bytecode with string.dump.
function tick(ctx)
  return string.dump(tick)
end
