-- Attack: a plain find whose naive search is subject x needle (no pattern, still in C).
function tick(ctx)
  local s = string.rep("a", 4000000)
  local needle = string.rep("a", 1000000) .. "b"
  return string.find(s, needle, 1, true)
end
