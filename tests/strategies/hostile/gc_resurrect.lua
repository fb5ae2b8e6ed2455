-- Attack: A finalizer that resurrects its object into a global so it lives forever.
function tick(ctx)
  setmetatable({}, {__gc = function(o) SAVED = o; setmetatable(o, getmetatable(o)) end})
  collectgarbage()
  return 'resurrected'
end
