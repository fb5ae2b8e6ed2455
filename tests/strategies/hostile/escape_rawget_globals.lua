-- Attack: Looks for removed functions with rawget on _G.
function tick(ctx)
  local f = rawget(_G, 'load') or rawget(_G, 'dofile') or rawget(_G, 'io')
  return f('return 1')
end
