-- Attack: An infinite loop in a string.gsub callback (Lua called from C).
function tick(ctx)
  return (string.gsub(string.rep('a', 100), 'a', function() while true do end end))
end
