-- Attack: Grows a table without bound.
function tick(ctx)
  local t = {}
  for i = 1, math.maxinteger do t[i] = i end
end
