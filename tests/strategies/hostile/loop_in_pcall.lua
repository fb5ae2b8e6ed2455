-- Attack: An infinite loop inside pcall, retried forever: the budget error must escape pcall.
function tick(ctx)
  while true do
    pcall(function() while true do end end)
  end
end
