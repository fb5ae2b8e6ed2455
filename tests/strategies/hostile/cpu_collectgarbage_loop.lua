-- Attack: Calls a full collection over and over on a large heap.
function tick(ctx)
  local keep = {}
  for i = 1, 20000 do keep[i] = {i} end
  while true do collectgarbage('collect') end
end
