-- Attack: Tries to change the collector's limits (stop it, then grow memory).
function tick(ctx)
  collectgarbage('stop')
  collectgarbage('setpause', 1000)
  return 'tuned'
end
