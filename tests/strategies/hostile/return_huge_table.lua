-- Attack: Returns a ten-million-element table.
function tick(ctx)
  local t = {}
  for i = 1, 10000000 do t[i] = i end
  return t
end
