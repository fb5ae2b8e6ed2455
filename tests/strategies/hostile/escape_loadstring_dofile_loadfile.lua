-- Attack: Tries loadstring, dofile and loadfile in turn.
function tick(ctx)
  local f = loadstring or dofile or loadfile
  return f('/etc/passwd')
end
