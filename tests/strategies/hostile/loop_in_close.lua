-- Attack: A __close handler that loops, run while the block exits (and again when the error unwinds).
function tick(ctx)
  do
    local x <close> = setmetatable({}, {__close = function() while true do end end})
  end
  return 'closed'
end
