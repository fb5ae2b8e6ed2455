-- Attack: Hands a precompiled (binary) chunk to whatever loader it can find.
function tick(ctx)
  local chunk = '\27Lua\84\0\25\147\13\10\26\10'
  local loader = load or loadstring or (string.dump and load)
  return loader(chunk, 'x', 'b')()
end
