-- Attack: An infinite loop in a table.sort comparator (Lua called from C).
function tick(ctx)
  local t = {5, 4, 3, 2, 1}
  table.sort(t, function(a, b) while true do end end)
  return t
end
