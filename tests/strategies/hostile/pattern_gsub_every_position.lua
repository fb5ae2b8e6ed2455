-- Attack: gsub retries a costly pattern at every position of a long subject.
function tick(ctx)
  local s = string.rep("ab", 50000)
  return (s:gsub("a.-a.-x", "y"))
end
