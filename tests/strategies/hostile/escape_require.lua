-- Attack: Calls require to load the io library.
function tick(ctx)
  return require('io').open('/etc/passwd')
end
