-- Attack: Swallows the budget error with pcall and then tries to keep working in a loop around tostring metamethods.
local mt = {__tostring = function() local i = 0 while true do i = i + 1 end end}
function tick(ctx)
  local n = 0
  while true do
    local ok = pcall(tostring, setmetatable({}, mt))
    n = n + 1
  end
end
