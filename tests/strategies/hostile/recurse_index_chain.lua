-- Attack: A long chain of __index tables (and a cycle at its end).
function tick(ctx)
  local first = {}
  local cur = first
  for i = 1, 3000 do
    local nxt = {}
    setmetatable(cur, {__index = nxt})
    cur = nxt
  end
  setmetatable(cur, {__index = first})
  return first.missing
end
