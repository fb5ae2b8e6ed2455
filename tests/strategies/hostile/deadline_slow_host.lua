-- Attack: Spends wall time inside a slow host function, few instructions: must hit the deadline.
function tick(ctx)
  while true do host.spin() end
end
