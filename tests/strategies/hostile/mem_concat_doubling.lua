-- Attack: Doubles a string by concatenation until memory runs out.
function tick(ctx)
  local s = 'x'
  while true do s = s .. s end
end
