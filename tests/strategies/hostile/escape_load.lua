-- Attack: Calls load to compile new code at run time.
function tick(ctx)
  return load('return 1')()
end
