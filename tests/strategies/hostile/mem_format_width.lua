-- Attack: string.format with a huge field width.
function tick(ctx)
  return string.format('%99999999s', 'x')
end
