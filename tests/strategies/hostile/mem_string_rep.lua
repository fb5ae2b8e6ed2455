-- Attack: string.rep of one gigabyte in one C call.
function tick(ctx)
  return #string.rep('x', 1 << 30)
end
