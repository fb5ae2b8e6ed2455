-- Attack: a backtracking pattern on a long subject (n^4 steps inside C, where no hook runs).
function tick(ctx)
  local s = string.rep("a", 200000)
  return s:find(".-.-.-.-b")
end
