-- Attack: Raises an error object whose __index and __tostring raise errors themselves.
function tick(ctx)
  error(setmetatable({}, {
    __index = function() error('index boom') end,
    __tostring = function() error('tostring boom') end,
    __name = 'Evil',
  }))
end
