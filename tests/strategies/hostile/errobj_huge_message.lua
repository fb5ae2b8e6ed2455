-- Attack: Raises an error with a 256 KiB message (the host keeps a bounded prefix).
function tick(ctx)
  error(string.rep('E', 1 << 18))
end
