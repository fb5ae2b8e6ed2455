-- Attack: A finalizer that loops forever (finalizers run with hooks off): setmetatable must refuse __gc.
function tick(ctx)
  setmetatable({}, {__gc = function() while true do end end})
  collectgarbage()
  return 'finalizer installed'
end
