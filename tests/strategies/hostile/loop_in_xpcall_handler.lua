-- Attack: An infinite loop in xpcall's message handler, retried forever.
function tick(ctx)
  while true do
    xpcall(function() error('x') end, function(e) while true do end end)
  end
end
