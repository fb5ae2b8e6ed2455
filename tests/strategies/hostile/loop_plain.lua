-- Attack: A plain infinite loop: must hit the instruction budget.
function tick(ctx)
  while true do end
end
