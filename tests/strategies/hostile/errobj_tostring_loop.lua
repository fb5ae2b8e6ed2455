-- Attack: Raises an error object whose __tostring loops forever (the host must not call it).
function tick(ctx)
  error(setmetatable({}, {__tostring = function() while true do end end}))
end
