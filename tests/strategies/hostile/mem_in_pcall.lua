-- Attack: Catches the memory error with pcall and keeps allocating.
function tick(ctx)
  local keep = {}
  while true do
    pcall(function() local t = {} for i = 1, 1e9 do t[i] = {} end end)
    keep[#keep + 1] = string.rep('y', 1000)
  end
end
