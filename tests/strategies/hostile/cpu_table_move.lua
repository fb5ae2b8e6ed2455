-- Attack: table.move over 2^63 elements: a C loop with no VM instructions.
function tick(ctx)
  return table.move({}, 1, math.maxinteger, 2)
end
